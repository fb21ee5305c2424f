// P10 (save), P14 (export) and P15 (push): each sample of the product is followed (or, every other sample, preceded)
// by a sample of its floor (floors.ts), both traced (trace.ts) and broken down (breakdown.ts), at 50 ms latency.
// Each figure sets up what it needs and leaves the workspace as the next one expects, so figures run in any order,
// any number of times in one host (early and late) and in any number of runs in one clone.
import * as vscode from 'vscode';
import type { FakeAdmin, RecordedRequest } from '../../test/integration/support/fake';
import { breakdown, type Breakdown } from './breakdown';
import { closeConnections, FloorFileSystem, prepareReplay, readFolders, replay, Twins, writeFolders } from './floors';
import { field, type Trace, type TracedRequest, Tracer } from './trace';

/** The product's own bound on folders written at once during an export; the floor writes as many at once. */
const EXPORT_CONCURRENCY = 6;

export type Phase = 'early' | 'late';

interface LocalFunction {
  folder: vscode.Uri;
}
/** What the bench reaches through the test hooks: the parts of hogAsCode it traces. */
export interface HogAsCodeHooks {
  sync: object;
  workspace: { all(): Promise<LocalFunction[]>; refresh(folder: vscode.Uri): Promise<unknown> };
}

type Emit = (event: Record<string, unknown>) => void;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isQuery = (r: { path: string }) => /\/query\/?(\?|$)/.test(r.path);
/** The requests a write path sends: PostHog's API, without the Hog checks the language features send on their own clock. */
const writeRequest = (r: TracedRequest) => r.path.startsWith('/api/') && !isQuery(r);
const described = (requests: TracedRequest[]) =>
  requests
    .filter(writeRequest)
    .map((r) => `${r.method} ${r.path.replace(/^\/api\/projects\/\d+\//, '').replace(/\?.*$/, '')}`);

/** Resolves once the document is clean (a save's last step as the extension host sees it). */
function clean(doc: vscode.TextDocument, timeoutMs = 20_000): Promise<void> {
  if (!doc.isDirty) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (doc.isDirty) return;
      done();
      resolve();
    };
    const subscriptions = [
      vscode.workspace.onDidSaveTextDocument(check),
      vscode.workspace.onDidChangeTextDocument(check),
    ];
    const poll = setInterval(check, 2);
    const timer = setTimeout(() => {
      done();
      reject(new Error('timed out waiting for the editor to be clean'));
    }, timeoutMs);
    const done = () => {
      clearInterval(poll);
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    };
  });
}

export class WritePathBench implements vscode.Disposable {
  private readonly tracer = new Tracer();
  private readonly twins: Twins;
  private readonly floorFiles: FloorFileSystem;

  constructor(
    private readonly fake: FakeAdmin,
    private readonly hogAsCode: HogAsCodeHooks,
    private readonly emit: Emit,
    /** The posthog-hog: file system provider (the test hooks reach it only through another part of the product). */
    private readonly editorFiles: () => object,
  ) {
    this.twins = new Twins(fake);
    this.floorFiles = new FloorFileSystem(fake, this.tracer);
  }

  private get sync(): object {
    return this.hogAsCode.sync;
  }

  private workspaceRoot(): vscode.Uri {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) throw new Error('the bench workspace has no folder');
    return root;
  }

  private functionsDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.workspaceRoot(), 'posthog', 'hog-functions');
  }

  /** Where the export's floor writes: outside posthog/hog-functions, so the extension never indexes these folders. */
  private floorDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.workspaceRoot(), 'bench-floor', 'hog-functions');
  }

  private async apiRequests(): Promise<RecordedRequest[]> {
    return (await this.fake.requests()).filter((r) => r.path.startsWith('/api/'));
  }

  /** No new request for `quietMs`: whatever the last step started (a Hog check, a tree refresh) has finished. */
  private async quiet(quietMs = 400): Promise<void> {
    let last = -1;
    let since = Date.now();
    for (;;) {
      const count = (await this.fake.requests()).length;
      if (count !== last) {
        last = count;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return;
      }
      await sleep(50);
    }
  }

  /** Runs `timed` traced at 50 ms latency: its trace, from t0 (just before) to tEnd (just after). */
  private async traced<T>(timed: () => Promise<T>): Promise<{ result: T; t0: number; tEnd: number; trace: Trace }> {
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    this.tracer.start();
    const t0 = performance.now();
    try {
      const result = await timed();
      const tEnd = performance.now();
      return { result, t0, tEnd, trace: this.tracer.stop() };
    } finally {
      this.tracer.stop();
      await this.fake.setLatency(0);
    }
  }

  private static row(ms: number, b: Breakdown): Record<string, unknown> {
    return { ms, breakdown: b };
  }

  /** Both orders, alternating by sample, so neither the product nor its floor always runs on a warmer host. */
  private static async pair(sample: number, product: () => Promise<void>, floor: () => Promise<void>): Promise<void> {
    if (sample % 2 === 0) {
      await product();
      await floor();
    } else {
      await floor();
      await product();
    }
  }

  // ---- P10: a save ----

  private async destination(): Promise<{ id: string }> {
    const state = await this.fake.state<{
      hogFunctions: { id: string; project_id: number; deleted: boolean; type: string }[];
    }>();
    const fn = state.hogFunctions.find(
      (f) => f.project_id === this.fake.projectId && !f.deleted && f.type === 'destination',
    );
    if (!fn) throw new Error('no destination to edit');
    return fn;
  }

  /** P10: document.save() of a hog source -> PostHog accepted -> editor clean, and the same save of the floor's file. */
  async save(phase: Phase, sample: number): Promise<void> {
    const fn = await this.destination();
    const provider = this.editorFiles();
    this.tracer.wrap(provider, 'writeFile', 'handler');
    this.tracer.wrap(provider, 'stat', 'call', 'stat');
    this.tracer.wrap(provider, 'readFile', 'call', 'readFile');
    try {
      await WritePathBench.pair(
        sample,
        () => this.saveProduct(phase, sample, fn.id),
        () => this.saveFloor(phase, sample, fn.id),
      );
    } finally {
      this.tracer.untrace();
    }
  }

  private async edited(doc: vscode.TextDocument, marker: string): Promise<void> {
    for (let attempt = 0; !doc.isDirty; attempt++) {
      // A document VS Code has only just opened can refuse the first edit; a save of a clean one writes nothing.
      if (attempt === 3) throw new Error(`the bench's edit did not make ${doc.uri.toString()} dirty`);
      if (attempt) await sleep(200);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), `\n${marker}\n`);
      await vscode.workspace.applyEdit(edit);
    }
    // The Hog check this edit starts (after a 300 ms pause) is the language's figure (P11/P12), not the save's:
    // it has gone out and come back before the save is timed.
    await sleep(350);
    await this.quiet();
  }

  private async saveProduct(phase: Phase, sample: number, functionId: string): Promise<void> {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: functionId,
    });
    const doc = editor.document;
    const marker = `// bench save ${phase} ${sample} ${Date.now()}`;
    await this.edited(doc, marker);
    const {
      result: saved,
      t0,
      tEnd,
      trace,
    } = await this.traced(async () => {
      const ok = await doc.save();
      await clean(doc);
      return ok;
    });
    if (!trace.spans.some((x) => x.kind === 'handler'))
      throw new Error("the save never called the posthog-hog: provider's writeFile");
    const accepted = (await this.fake.hogFunction<{ hog: string }>(functionId))?.hog.includes(marker) ?? false;
    const requests = (await this.apiRequests()).filter((r) => !isQuery(r));
    this.emit({
      type: 'p10',
      phase,
      sample,
      saved,
      accepted,
      requests: requests.length,
      paths: requests.map((r) => `${r.method} ${r.path}`),
      ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  private async saveFloor(phase: Phase, sample: number, functionId: string): Promise<void> {
    const text = (await this.fake.hogFunction<{ hog: string }>(functionId))?.hog ?? '';
    const uri = this.floorFiles.uri(`save-${phase}-${sample}.txt`);
    this.floorFiles.seed(uri, text);
    this.floorFiles.target = await this.twins.pathFor(
      `/api/projects/${this.fake.projectId}/hog_functions/${functionId}/`,
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const editedAt = performance.now();
    await this.edited(doc, `// bench floor save ${phase} ${sample} ${Date.now()}`);
    const dirtyBefore = doc.isDirty;
    const {
      result: saved,
      t0,
      tEnd,
      trace,
    } = await this.traced(async () => {
      const ok = await doc.save();
      await clean(doc);
      return ok;
    });
    if (!saved) throw new Error("the floor's save failed");
    if (!trace.spans.some((x) => x.kind === 'handler')) {
      const writes = this.floorFiles.writes.filter((at) => at >= editedAt).map((at) => Math.round(at - t0));
      throw new Error(
        `the floor's save never called its writeFile (dirty before the save: ${dirtyBefore}; writes since the edit, ms from the save: ${writes.join(', ') || 'none'})`,
      );
    }
    this.emit({
      type: 'p10floor',
      phase,
      sample,
      ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  // ---- P14: export ----

  private traceSync(): void {
    const workspace = this.hogAsCode.workspace as unknown as object;
    this.tracer.wrap(this.sync, 'export', 'code', 'export');
    this.tracer.wrap(this.sync, 'push', 'code', 'push');
    this.tracer.wrap(this.sync, 'writeNewFolder', 'fs', 'write folder');
    this.tracer.wrap(this.sync, 'pullInto', 'fs', 'pull into folder');
    for (const method of ['refresh', 'wrote', 'all', 'linked', 'exportRoot'])
      this.tracer.wrap(workspace, method, 'fs', `workspace.${method}`);
    const records = field<object>(this.sync, 'records', 'the sync records');
    this.tracer.wrap(records, 'set', 'records', 'records.set');
    if (typeof (records as { setMany?: unknown }).setMany === 'function')
      this.tracer.wrap(records, 'setMany', 'records', 'records.setMany');
  }

  /**
   * Removes the exported folders and makes the extension's folder index agree, as its file watcher would (code-server's
   * watcher misses deletions inside folders created after it started; the index then still lists the folders, and the
   * next export takes them for linked folders with local changes and skips them: that is how a second full run once
   * found no webhook folder to push).
   */
  private async removeExported(): Promise<void> {
    await vscode.workspace.fs
      .delete(this.functionsDir(), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
    for (const local of await this.hogAsCode.workspace.all()) await this.hogAsCode.workspace.refresh(local.folder);
    const left = await this.hogAsCode.workspace.all();
    if (left.length)
      throw new Error(`the extension still indexes ${left.length} function folder(s) after they were deleted`);
  }

  private async exportableCount(): Promise<number> {
    return (
      await this.fake.state<{ hogFunctions: { project_id: number; deleted: boolean; type: string }[] }>()
    ).hogFunctions.filter(
      (f) => f.project_id === this.fake.projectId && !f.deleted && f.type !== 'warehouse_source_webhook',
    ).length;
  }

  /** P14: Export to Workspace of every hog function of the project into an empty folder, and its floor. */
  async export(phase: Phase, sample: number): Promise<void> {
    this.traceSync();
    try {
      let productRequests: TracedRequest[] | undefined;
      const product = async () => {
        productRequests = await this.exportProduct(phase, sample);
      };
      // The floor replays the product's requests and writes its files: it always runs second, on the files just written.
      await product();
      await this.exportFloor(phase, sample, productRequests ?? []);
    } finally {
      this.tracer.untrace();
    }
  }

  private async exportProduct(phase: Phase, sample: number): Promise<TracedRequest[]> {
    await this.removeExported();
    const functions = await this.exportableCount();
    await this.quiet();
    const { result, t0, tEnd, trace } = await this.traced(async () =>
      vscode.commands.executeCommand<{ status: string }[]>('posthogWorkbench.exportHogFunctions', { all: true }),
    );
    const statuses = (result ?? []).map((r) => r.status);
    const exported = statuses.filter((s) => s === 'exported').length;
    this.emit({
      type: 'p14',
      phase,
      sample,
      functions,
      exported,
      statuses: [...new Set(statuses)],
      requests: trace.requests.filter(writeRequest).length,
      paths: described(trace.requests),
      ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
    });
    // Let the watcher's reread of the new folders happen now, not during the next timed step.
    await sleep(300);
    return trace.requests.filter(writeRequest);
  }

  private async exportFloor(phase: Phase, sample: number, requests: TracedRequest[]): Promise<void> {
    const folders = await readFolders(this.functionsDir());
    const root = this.floorDir();
    await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await prepareReplay(this.twins, requests);
    await this.quiet();
    const { t0, tEnd, trace } = await this.traced(async () => {
      await replay(this.fake, this.twins, requests);
      await this.tracer.span('fs', 'floor writes', () => writeFolders(root, folders, EXPORT_CONCURRENCY));
    });
    this.emit({
      type: 'p14floor',
      phase,
      sample,
      folders: folders.length,
      files: folders.reduce((n, f) => n + f.files.length, 0),
      requests: requests.length,
      ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
    });
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(root, '..'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  }

  // ---- P15: push ----

  private async webhookFolder(): Promise<vscode.Uri | undefined> {
    const entries = await vscode.workspace.fs.readDirectory(this.functionsDir()).then(
      (e) => e,
      () => [] as [string, vscode.FileType][],
    );
    const dir = entries.find(([name]) => name.startsWith('webhook-billing-service'));
    return dir ? vscode.Uri.joinPath(this.functionsDir(), dir[0]) : undefined;
  }

  /** P15: Push of a source file changed in the workspace -> PostHog updated, and its floor (the same requests). */
  async push(phase: Phase, sample: number): Promise<void> {
    // Its own set-up: the exported folder P14 leaves behind, else one exported now (not timed).
    let found = await this.webhookFolder();
    if (!found) {
      await this.removeExported();
      await vscode.commands.executeCommand('posthogWorkbench.exportHogFunctions', { all: true });
      found = await this.webhookFolder();
      if (!found) throw new Error('the webhook function was not exported, so there is nothing to push');
      await sleep(300);
    }
    const folder = found;
    this.traceSync();
    try {
      let requests: TracedRequest[] = [];
      await WritePathBench.pair(
        sample,
        async () => {
          requests = await this.pushProduct(phase, sample, folder);
        },
        async () => {
          // The floor replays what the product sent; before the product's first sample it replays the last push's.
          if (requests.length === 0) requests = await this.lastPushRequests(folder);
          await this.pushFloor(phase, sample, requests);
        },
      );
    } finally {
      this.tracer.untrace();
    }
  }

  private lastPush: TracedRequest[] = [];

  private async lastPushRequests(folder: vscode.Uri): Promise<TracedRequest[]> {
    if (this.lastPush.length) return this.lastPush;
    // No push yet in this host: one untimed push teaches the floor what a push sends.
    return this.pushProduct('early', -1, folder, false);
  }

  private async pushProduct(phase: Phase, sample: number, folder: vscode.Uri, report = true): Promise<TracedRequest[]> {
    const name = folder.path.split('/').pop() ?? '';
    const source = vscode.Uri.joinPath(folder, `${name}.hog`);
    const marker = `// bench push ${phase} ${sample} ${Date.now()}`;
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    await vscode.workspace.fs.writeFile(source, new TextEncoder().encode(`${before}${marker}\n`));
    // The watcher's reread of the changed file happens now, not during the push.
    await sleep(300);
    await this.quiet();
    const { result, t0, tEnd, trace } = await this.traced(async () =>
      vscode.commands.executeCommand<{ status: string }>('posthogWorkbench.pushHogFunction', folder),
    );
    const state = await this.fake.state<{ hogFunctions: { name: string; hog: string }[] }>();
    const accepted =
      result?.status === 'pushed' &&
      (state.hogFunctions.find((f) => f.name === 'Webhook: billing service')?.hog.includes(marker) ?? false);
    const requests = trace.requests.filter(writeRequest);
    if (report) {
      this.emit({
        type: 'p15',
        phase,
        sample,
        accepted,
        status: result?.status,
        requests: requests.length,
        paths: described(requests),
        ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
      });
    }
    this.lastPush = requests;
    return requests;
  }

  private async pushFloor(phase: Phase, sample: number, requests: TracedRequest[]): Promise<void> {
    await prepareReplay(this.twins, requests);
    await this.quiet();
    const { t0, tEnd, trace } = await this.traced(() => replay(this.fake, this.twins, requests));
    this.emit({
      type: 'p15floor',
      phase,
      sample,
      requests: requests.length,
      ...WritePathBench.row(tEnd - t0, breakdown(trace, t0, tEnd, { request: writeRequest })),
    });
  }

  async dispose(): Promise<void> {
    this.tracer.dispose();
    this.floorFiles.dispose();
    await this.twins.dispose();
    await closeConnections();
    // Leaves the workspace as a fresh run finds it.
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(this.workspaceRoot(), 'bench-floor'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  }
}
