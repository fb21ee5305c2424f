// The benchmark's code inside code-server's real extension host, loaded as the `extensionTestsPath` by
// bench/run.mjs. Each page load is a fresh extension host; bench/.work/<run>/control.json says what this one
// measures: `activate` (P1 probe, P2 activation of ours and of the do-nothing floor) or `figures` (P4-P6, P8-P17
// against the local PostHog). Results are JSON lines appended to results.jsonl, read by bench/run.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { FunctionOverviewPanel } from '../../src/extension/panels/functionOverview/overviewPanel';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import { fakeFromEnv, type FakeAdmin, type RecordedRequest } from '../../test/integration/support/fake';
import { send } from './floors';
import { field, type TracedRequest, Tracer } from './trace';
import { type HogAsCodeHooks, type Phase, WritePathBench } from './writePaths';
import { ToolchainBench } from './toolchain';

export const OURS = 'posthog-workbench.posthog-workbench';
export const FLOOR = 'posthog-workbench-bench.floor';
const FLOOR_CONTAINER = 'benchFloor';

type Control =
  | { mode: 'activate'; sample: number; floorFirst: boolean }
  | { mode: 'figures'; repetitions: number; only: string[] | null };
interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
}
interface Exports {
  trees: { hogFunctions: Tree; groups: Tree };
  overviews: () => { get(functionId: string): FunctionOverviewPanel | undefined };
  hogAsCode: HogAsCodeHooks;
}

const workDir = (): string => {
  const dir = process.env.PHWB_BENCH_DIR;
  if (!dir) throw new Error('PHWB_BENCH_DIR is not set: run the benchmark with `npm run bench`');
  return dir;
};
const emit = (event: Record<string, unknown>): void =>
  fs.appendFileSync(path.join(workDir(), 'results.jsonl'), `${JSON.stringify(event)}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(predicate: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export async function run(): Promise<void> {
  const control = JSON.parse(fs.readFileSync(path.join(workDir(), 'control.json'), 'utf8')) as Control;
  try {
    if (control.mode === 'activate') await measureActivation(control.sample, control.floorFirst);
    else await measureFigures(control.repetitions, control.only);
  } catch (error) {
    emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  emit({ type: 'done', mode: control.mode });
}

// ---- P1, P2 ----

async function measureActivation(sample: number, floorFirst: boolean): Promise<void> {
  const ours = vscode.extensions.getExtension(OURS);
  const floor = vscode.extensions.getExtension(FLOOR);
  if (!ours || !floor)
    throw new Error(
      `extensions not installed: ${OURS} ${ours ? 'found' : 'missing'}, ${FLOOR} ${floor ? 'found' : 'missing'}`,
    );
  // P1: the workbench opened with the Explorer, the PostHog view closed. Give startup (and any
  // onStartupFinished work) 5 s of the host's life before looking.
  if (sample === 0) await sleep(Math.max(0, 5_000 - process.uptime() * 1000));
  emit({ type: 'p1', sample, activeBeforeUse: ours.isActive, hostUptimeMs: Math.round(process.uptime() * 1000) });
  // P2: each extension activated as a person activates it, by opening its view (`onView:`); VS Code times the
  // activation itself, and its Startup Performance page reports the parts.
  const containers = new Map([
    [ours.id, 'posthogWorkbench'],
    [floor.id, FLOOR_CONTAINER],
  ]);
  const deferred = timeRequire(path.join(ours.extensionPath, 'dist', 'features.js'));
  for (const extension of floorFirst ? [floor, ours] : [ours, floor]) {
    await vscode.commands.executeCommand(`workbench.view.extension.${containers.get(extension.id)}`);
    await waitFor(() => extension.isActive, `${extension.id} to activate when its view opens`);
    await sleep(200);
  }
  const times = await activationTimes();
  const [o, f] = [times.get(ours.id), times.get(FLOOR)];
  if (!o || !f) throw new Error(`Startup Performance lists no activation of ${o ? FLOOR : OURS}`);
  // What activation no longer loads: the features, on their first use. Signed out (as here) the view's first level
  // needs none of them, so they are expected not to load at all (null).
  const featuresLoadMs = await waitFor(() => deferred.ms, 'dist/features.js to load on first use', 2_000).catch(
    () => null,
  );
  deferred.restore();
  emit({ type: 'p2', sample, pid: process.pid, ours: o, floor: f, floorFirst, featuresLoadMs });
}

/**
 * Times the first require of `file` in this extension host (the bench's code shares the process with the
 * extension), by wrapping Node's module loader until restore().
 */
function timeRequire(file: string): { ms: number | undefined; restore(): void } {
  const loader = require('node:module') as {
    _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
  };
  const original = loader._load;
  const timing: { ms: number | undefined; restore(): void } = {
    ms: undefined,
    restore: () => void (loader._load = original),
  };
  loader._load = function (request, parent, isMain) {
    if (!request.endsWith('features.js') && !request.endsWith('features'))
      return original.call(this, request, parent, isMain);
    const resolved = parent?.filename ? path.resolve(path.dirname(parent.filename), request) : request;
    if (resolved !== file && `${resolved}.js` !== file) return original.call(this, request, parent, isMain);
    const t0 = performance.now();
    try {
      return original.call(this, request, parent, isMain);
    } finally {
      timing.ms ??= performance.now() - t0;
    }
  };
  return timing;
}

export interface ActivationTimes {
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
}

/**
 * The "Extension Activation Stats" of VS Code's Developer: Startup Performance page (a `perf:` document the
 * workbench serves): per extension, the time to load its main module (Load Code), to run activate() (Call
 * Activate) and to settle the promise it returned (Finish Activate), as the extension host measured them.
 */
async function activationTimes(): Promise<Map<string, ActivationTimes>> {
  // The page's content provider exists once the page has been shown.
  await vscode.commands.executeCommand('perfview.show');
  const document = await vscode.workspace.openTextDocument(
    vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' }),
  );
  // On a busy machine the page can still read "Loading..." when first opened; its provider updates the document.
  for (const until = Date.now() + 20_000; document.getText().trim() === 'Loading...' && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const text = document.getText();
  const section = text.slice(text.indexOf('Extension Activation Stats'));
  const times = new Map<string, ActivationTimes>();
  for (const line of section.split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const cells = line.split('|').map((c) => c.trim());
    // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
    const [, id, , load, call, finish, event] = cells;
    if (!id || !/^\d+$/.test(load ?? '')) continue;
    times.set(id, {
      loadCodeMs: Number(load),
      callActivateMs: Number(call),
      finishActivateMs: Number(finish),
      event: event ?? '',
    });
  }
  if (times.size === 0) throw new Error(`no activation stats in Startup Performance:\n${text.slice(0, 2000)}`);
  return times;
}

// ---- P4-P6, P8-P12 ----

/** `only`: the figures to measure (PHWB_BENCH_FIGURES), or null for all of them. */
async function measureFigures(repetitions: number, only: string[] | null): Promise<void> {
  const wanted = (figure: string) => !only || only.includes(figure);
  const fake = fakeFromEnv();
  await fake.reset('realistic');
  await fake.setLatency(0);
  const ours = vscode.extensions.getExtension<Exports | undefined>(OURS);
  if (!ours) throw new Error(`${OURS} is not installed`);
  const exports = await ours.activate();
  if (!exports)
    throw new Error(`${OURS} exported no test hooks: bench/run.mjs must load it as the development extension`);
  await vscode.commands.executeCommand('posthogWorkbench.signIn', {
    host: fake.url,
    apiKey: fake.apiKey,
    projectId: fake.projectId,
  });
  const bench = new FigureBench(fake, exports);
  await bench.roundTrips(repetitions);
  // The posthog-hog: provider, reached through the part of the product that holds it: the hog function overviews'
  // dependencies (once the sync engine's too, before it moved to src/core).
  const editorFiles = () => {
    const direct = (exports.hogAsCode.sync as { editorFiles?: object }).editorFiles;
    return (
      direct ??
      field<object>(
        field<object>(exports.overviews(), 'deps', "the overviews' dependencies"),
        'files',
        'the posthog-hog: file system provider',
      )
    );
  };
  const writes = new WritePathBench(fake, exports.hogAsCode, emit, editorFiles);
  const typing = new HogTypingBench(fake);
  // The figures a developer meets all day in one window, measured early (a fresh host) and late (after every other
  // figure has run in it), so a slowdown as a session ages shows.
  const sessionFigures = async (phase: Phase) => {
    if (wanted('P10')) for (let i = 0; i < repetitions; i++) await writes.save(phase, i);
    if (wanted('P14')) for (let i = 0; i < repetitions; i++) await writes.export(phase, i);
    if (wanted('P15')) for (let i = 0; i < repetitions; i++) await writes.push(phase, i);
    if (wanted('P12')) for (let i = 0; i < repetitions; i++) await typing.diagnostics(phase, i);
    if (wanted('P17')) for (let i = 0; i < repetitions; i++) await bench.recentEvents(phase, i);
  };
  try {
    if (wanted('P12')) await typing.warmUp();
    await sessionFigures('early');
    if (wanted('P4')) for (let i = 0; i < repetitions; i++) await bench.viewOpen(i);
    if (wanted('P6')) for (let i = 0; i < repetitions; i++) await bench.interactions(i);
    if (wanted('P5')) for (let i = 0; i < repetitions; i++) await bench.firstPaint(i);
    if (wanted('P5')) for (let i = 0; i < repetitions; i++) await bench.reusedPanel(i);
    if (wanted('P8')) for (let i = 0; i < repetitions; i++) await bench.largeGroup(i);
    // 50 webviews per sample: the slowest figure, so fewer samples.
    if (wanted('P9')) await bench.heap(Math.min(repetitions, 2));
    if (wanted('P16')) for (let i = 0; i < repetitions; i++) await bench.overview(i);
    if (wanted('P11')) for (let i = 0; i < Math.min(repetitions, 3); i++) await typing.session(i);
    if (wanted('P13')) for (let i = 0; i < repetitions; i++) await typing.completion(i);
    if (wanted('P13')) for (let i = 0; i < repetitions; i++) await typing.completionFloor(i);
    await sessionFigures('late');
    if (wanted('P18') || wanted('P19')) {
      const toolchain = new ToolchainBench(fake, emit);
      if (wanted('P18')) for (let i = 0; i < repetitions; i++) await toolchain.syntaxError(i);
      if (wanted('P19')) await toolchain.runLocally(repetitions);
    }
    // Last: it signs out.
    if (wanted('P13')) for (let i = 0; i < repetitions; i++) await typing.offlineCompletion(i);
  } finally {
    typing.dispose();
    await writes.dispose();
  }
}

const apiOnly = (requests: RecordedRequest[]) => requests.filter((r) => r.path.startsWith('/api/'));
const isQuery = (r: RecordedRequest) => r.method === 'POST' && /\/query\/?$/.test(r.path);
const isTracedQuery = (r: TracedRequest) => r.method === 'POST' && /\/query\/?(\?|$)/.test(r.path);

/** Milliseconds in [from, to] during which at least one of `requests` was in flight. */
function inFlight(requests: TracedRequest[], from: number, to: number): number {
  let total = 0;
  let reached = from;
  for (const r of [...requests].sort((a, b) => a.start - b.start)) {
    const start = Math.max(r.start, reached);
    const end = Math.min(r.end, to);
    if (end > start) {
      total += end - start;
      reached = end;
    }
  }
  return total;
}

class FigureBench {
  private nextId = 1;
  private readonly tracer = new Tracer();

  constructor(
    private readonly fake: FakeAdmin,
    private readonly exports: Exports,
  ) {}

  private async requests(): Promise<RecordedRequest[]> {
    return apiOnly(await this.fake.requests());
  }

  /** Requests settle: none new for `quietMs`. For counting what one interaction sent, including work it started in the background. */
  private async settled(quietMs = 400): Promise<RecordedRequest[]> {
    let last = -1;
    let since = Date.now();
    for (;;) {
      const requests = await this.requests();
      if (requests.length !== last) {
        last = requests.length;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return requests;
      }
      await sleep(50);
    }
  }

  /** A bare API round trip at 50 ms latency, the natural floor of P4 and P10. */
  async roundTrips(repetitions: number): Promise<void> {
    await this.fake.setLatency(50);
    const path = `/api/projects/${this.fake.projectId}/groups_types/`;
    // The first one opens the connection, as the extension's first request does; the figures' requests reuse theirs.
    await send(this.fake, 'GET', path);
    for (let i = 0; i < repetitions; i++) {
      const t0 = performance.now();
      const status = await send(this.fake, 'GET', path);
      emit({ type: 'roundTrip', sample: i, ms: performance.now() - t0, status });
    }
    await this.fake.setLatency(0);
  }

  /** P4: both trees' first level, as the view asks for them when it opens, at 50 ms latency. */
  async viewOpen(sample: number): Promise<void> {
    await this.hidePostHogView();
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    const { groups, hogFunctions } = this.exports.trees;
    const t0 = performance.now();
    const [g, h] = await Promise.all([groups.getChildren(), hogFunctions.getChildren()]);
    const ms = performance.now() - t0;
    await this.fake.setLatency(0);
    const requests = await this.requests();
    // Two requests overlap when each started before the other ended.
    const overlapped =
      requests.length === 2 &&
      requests[0]!.at < requests[1]!.at + requests[1]!.durationMs &&
      requests[1]!.at < requests[0]!.at + requests[0]!.durationMs;
    emit({
      type: 'p4',
      sample,
      ms,
      requests: requests.length,
      overlapped,
      nodes: g.length + h.length,
      paths: requests.map((r) => r.path),
    });
  }

  /**
   * The Explorer in the side bar instead of the PostHog view: the figures that count what opening the view costs
   * start from a closed view, whatever earlier figures revealed (a test run shows the Test Results view, in the PostHog
   * container; while its trees are visible, a refresh makes VS Code reload them at once, before the figure counts).
   */
  private async hidePostHogView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await this.settled();
  }

  /** P6: requests each interaction sends, from the local PostHog's log. */
  async interactions(sample: number): Promise<void> {
    await this.hidePostHogView();
    await this.fake.reset('realistic');
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    await this.settled();
    const count = async (action: () => Promise<unknown>): Promise<RecordedRequest[]> => {
      await this.fake.clearRequests();
      await action();
      return this.settled();
    };
    const { groups, hogFunctions } = this.exports.trees;
    let types: unknown[] = [];
    const openView = await count(async () => {
      [types] = await Promise.all([groups.getChildren(), hogFunctions.getChildren()]);
    });
    let children: unknown[] = [];
    const expand = await count(async () => {
      children = await groups.getChildren(types[0]);
    });
    const loadMoreNode = children.at(-1);
    const loadMore = await count(async () => {
      await vscode.commands.executeCommand('posthogWorkbench.loadMore', loadMoreNode);
      children = await groups.getChildren(types[0]);
    });
    const group = (children[0] as { group: { group_type_index: number; group_key: string } }).group;
    let panel: GroupPanel | undefined;
    let paintAt = 0;
    const openPanel = await count(async () => {
      panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
        groupTypeIndex: group.group_type_index,
        groupKey: group.group_key,
      });
      paintAt = await this.firstRefreshRequest(panel);
    });
    const save = await count(async () => {
      const reply = await panel!.handleMessage({
        type: 'save',
        id: this.nextId++,
        edits: [{ key: 'bench_saved', value: `v${sample}`, loaded: { present: false } }],
        overwrite: false,
      });
      if (reply?.type !== 'saveResult' || reply.error) throw new Error(`save failed: ${JSON.stringify(reply)}`);
    });
    panel?.dispose();
    const reopen = await count(async () => {
      await groups.getChildren(types[0]);
    });
    const paths = (rs: RecordedRequest[]) =>
      rs.map((r) => `${r.method} ${r.path.replace(/^\/api\/projects\/\d+\//, '')}`);
    emit({
      type: 'p6',
      sample,
      openView: openView.length,
      expandGroupType: expand.length,
      loadMore: loadMore.length,
      openGroupPanel: openPanel.length,
      openGroupPanelBeforePaint: openPanel.filter((r) => r.at < paintAt).length,
      saveProperty: save.length,
      reopenLoadedBranch: reopen.length,
      detail: {
        openView: paths(openView),
        expand: paths(expand),
        loadMore: paths(loadMore),
        openPanel: paths(openPanel),
        save: paths(save),
      },
    });
  }

  /**
   * Resolves with the time (Date.now) the panel's webview asked for its first refresh: the webview sends it right
   * after rendering the host's `init` message, so it marks the first paint with the data the tree already had.
   */
  private firstRefreshRequest(panel: GroupPanel | FunctionOverviewPanel): Promise<number> {
    return new Promise((resolve) => {
      const subscription = panel.panel.webview.onDidReceiveMessage((message: { type?: string }) => {
        if (message?.type === 'refresh') {
          subscription.dispose();
          resolve(Date.now());
        }
      });
    });
  }

  private async loadedGroups(count: number): Promise<{ group_type_index: number; group_key: string }[]> {
    const { groups } = this.exports.trees;
    const [first] = await groups.getChildren();
    let nodes = (await groups.getChildren(first)) as { group?: { group_type_index: number; group_key: string } }[];
    while (nodes.filter((n) => n.group).length < count && nodes.at(-1) && !nodes.at(-1)!.group) {
      await vscode.commands.executeCommand('posthogWorkbench.loadMore', nodes.at(-1));
      nodes = (await groups.getChildren(first)) as typeof nodes;
    }
    return nodes.flatMap((n) => (n.group ? [n.group] : [])).slice(0, count);
  }

  /** P5: a group panel opened from the tree paints from the tree's data before any request. */
  async firstPaint(sample: number): Promise<void> {
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const [group] = await this.loadedGroups(sample + 1).then((gs) => gs.slice(sample));
    if (!group) throw new Error('no loaded group to open');
    await this.settled();
    await this.fake.clearRequests();
    const t0 = Date.now();
    const p0 = performance.now();
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: group.group_type_index,
      groupKey: group.group_key,
    });
    const paintAt = await this.firstRefreshRequest(panel);
    const ms = performance.now() - p0;
    const before = (await this.requests()).filter((r) => r.at < paintAt && r.at >= t0).length;
    await this.settled();
    panel.dispose();
    const floorMs = await this.bareWebviewFirstMessage();
    emit({ type: 'p5', sample, ms, requestsBeforePaint: before, floorMs });
  }

  /**
   * P5, reused: groups opened one after another from the tree (a click on a row: `preview: true`) go into one
   * preview panel, so the second paints from the tree's data in the page that is already loaded: no webview to
   * create. Timed like P5, from the command to the page's refresh request, which it sends right after painting.
   */
  async reusedPanel(sample: number): Promise<void> {
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const [first, second] = (await this.loadedGroups(2 * sample + 2)).slice(2 * sample);
    if (!first || !second) throw new Error('not enough loaded groups to open two');
    const open = (group: { group_type_index: number; group_key: string }) =>
      vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
        groupTypeIndex: group.group_type_index,
        groupKey: group.group_key,
        preview: true,
      });
    const previewPanel = await open(first);
    await this.firstRefreshRequest(previewPanel);
    await this.settled();
    await this.fake.clearRequests();
    const t0 = Date.now();
    const p0 = performance.now();
    const reused = await open(second);
    if (reused.panel !== previewPanel.panel) throw new Error('the second group did not reuse the preview panel');
    const paintAt = await this.firstRefreshRequest(reused);
    const ms = performance.now() - p0;
    const before = (await this.requests()).filter((r) => r.at < paintAt && r.at >= t0).length;
    await this.settled();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    emit({ type: 'p5reused', sample, ms, requestsBeforePaint: before });
  }

  /**
   * The floor of P5 and P8: a webview panel with one paragraph whose script posts a message at once, timed the
   * same way, so the figures show what VS Code itself takes to create a webview here.
   */
  private async bareWebviewFirstMessage(): Promise<number> {
    await this.settled();
    const p0 = performance.now();
    const panel = vscode.window.createWebviewPanel('posthogWorkbenchBench.floor', 'Floor', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    const message = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage(() => resolve()));
    panel.webview.html =
      '<!DOCTYPE html><html><body><p>floor</p><script>acquireVsCodeApi().postMessage({ type: "painted" });</script></body></html>';
    await message;
    const ms = performance.now() - p0;
    panel.dispose();
    return ms;
  }

  /** P8: a 2,000-property group: open to rendered (host side), then filter keystrokes timed in the webview by bench/run.mjs. */
  async largeGroup(sample: number): Promise<void> {
    await this.fake.seedGroups(0, 1, 2000);
    const state = await this.fake.state<{
      groups: { project_id: number; group_type_index: number; group_key: string }[];
    }>();
    const groupKey = state.groups
      .filter(
        (g) => g.project_id === this.fake.projectId && g.group_type_index === 0 && g.group_key.startsWith('bulk-0-'),
      )
      .at(-1)?.group_key;
    const stored = groupKey
      ? await this.fake.group<{ group_properties: Record<string, unknown>; created_at: string }>(0, groupKey)
      : undefined;
    if (!groupKey || !stored) throw new Error('the local PostHog did not seed the 2,000-property group');
    const group = {
      group_type_index: 0,
      group_key: groupKey,
      group_properties: stored.group_properties,
      created_at: stored.created_at,
    };
    const p0 = performance.now();
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey,
      group,
    });
    const createdMs = performance.now() - p0;
    let readyMs = NaN;
    const ready = panel.panel.webview.onDidReceiveMessage((message: { type?: string }) => {
      if (message?.type === 'ready') readyMs = performance.now() - p0;
    });
    await this.firstRefreshRequest(panel);
    const renderMs = performance.now() - p0;
    ready.dispose();
    await this.settled();
    emit({
      type: 'p8render',
      sample,
      ms: renderMs,
      createdMs,
      readyMs,
      properties: Object.keys(stored.group_properties).length,
    });
    // bench/run.mjs types into the filter box of this (visible) panel, then writes the go file.
    emit({ type: 'await', step: `p8keys-${sample}` });
    const go = path.join(workDir(), `go-p8keys-${sample}`);
    await waitFor(() => fs.existsSync(go), 'bench/run.mjs to time the filter', 120_000);
    panel.dispose();
  }

  /** P9: heap after opening and closing 50 group panels, after full GCs. */
  async heap(repetitions: number): Promise<void> {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapUsed = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await sleep(50);
      }
      return process.memoryUsage().heapUsed;
    };
    const groups = await this.loadedGroups(50);
    const cycle = async (group: { group_type_index: number; group_key: string }): Promise<void> => {
      const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
        groupTypeIndex: group.group_type_index,
        groupKey: group.group_key,
      });
      await this.firstRefreshRequest(panel);
      await this.settled(150);
      panel.dispose();
    };
    // One open and close first, so code that loads once (the panel's modules, the webview's resources) is not counted as growth.
    await cycle(groups[0]!);
    for (let sample = 0; sample < repetitions; sample++) {
      const before = await heapUsed();
      for (const group of groups) await cycle(group);
      await sleep(500);
      const after = await heapUsed();
      emit({ type: 'p9', sample, growthBytes: after - before, before, after, panels: groups.length });
    }
  }

  /**
   * P11: a hog function's overview opened from its tree row at 50 ms latency: requests before the webview's first
   * paint (from the tree's copy of the function), then the time to the chart, read by bench/run.mjs from the
   * webview's User Timing marks (`overview:painted`, `overview:chart`) against the wall clock this host shares.
   */
  async overview(sample: number): Promise<void> {
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const tree = this.exports.trees.hogFunctions;
    const nodes = (await Promise.all((await tree.getChildren()).map((type) => tree.getChildren(type)))).flat() as {
      hogFunction?: { id: string; name: string };
    }[];
    const node = nodes.find((n) => n.hogFunction?.name === 'HubSpot: sync organizations');
    if (!node?.hogFunction) throw new Error('the degraded destination is not in the tree');
    await this.settled();
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    const t0 = Date.now();
    await vscode.commands.executeCommand('posthogWorkbench.showHogFunctionOverview', node);
    const panel = this.exports.overviews().get(node.hogFunction.id);
    if (!panel) throw new Error('the overview did not open');
    const paintAt = await this.firstRefreshRequest(panel);
    emit({ type: 'await', step: `p16chart-${sample}`, t0 });
    const go = path.join(workDir(), `go-p16chart-${sample}`);
    await waitFor(() => fs.existsSync(go), 'bench/run.mjs to read the chart time', 120_000);
    const requests = await this.settled();
    await this.fake.setLatency(0);
    const inWindow = requests.filter((r) => r.at >= t0);
    emit({
      type: 'p16',
      sample,
      paintAt,
      t0,
      requestsBeforePaint: inWindow.filter((r) => r.at < paintAt).length,
      requestsToChart: inWindow.length,
      paths: inWindow.map((r) => r.path.replace(/^\/api\/projects\/\d+\/hog_functions\/[^/]+\//, '')),
    });
    panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  /**
   * P17: Test Hog Function with Recent Events on a destination with a stored secret, ten events run one after another
   * at 50 ms latency: the events query, one invocation per event (the secret inputs run with placeholders), and the
   * Test Results view repainted after each.
   */
  async recentEvents(phase: Phase, sample: number): Promise<void> {
    const events = 10;
    const state = await this.fake.state<{ hogFunctions: { id: string; name: string }[] }>();
    const slack = state.hogFunctions.find((f) => f.name === 'Slack: new paying customer');
    if (!slack) throw new Error('the seeded Slack destination is missing');
    await this.fake.clearEvents();
    await this.fake.addEvents(
      Array.from({ length: events }, (_, i) => ({
        event: 'subscription_started',
        distinct_id: `bench-${sample}-${i}`,
        properties: { plan: 'growth', n: i },
      })),
    );
    await this.settled();
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    this.tracer.start();
    const t0 = performance.now();
    const run = await vscode.commands.executeCommand<{ results: { status: string }[] }>(
      'posthogWorkbench.testHogFunctionWithRecentEvents',
      { id: slack.id },
      { pick: 'all', limit: events },
    );
    const ms = performance.now() - t0;
    const trace = this.tracer.stop();
    await this.fake.setLatency(0);
    // Where the time goes: at least one request in flight, or not (the extension and VS Code between requests).
    const networkMs = inFlight(
      trace.requests.filter((r) => r.path.startsWith('/api/')),
      t0,
      t0 + ms,
    );
    const requests = await this.requests();
    // The group types come from the Groups tree's copy once it loaded them (one GET on the first run otherwise).
    const reads = requests.filter((r) => r.method === 'GET').map((r) => r.path);
    const queries = requests.filter(isQuery).length;
    const invocations = requests.filter((r) => r.path.endsWith('/invocations/')).length;
    emit({
      type: 'p17',
      phase,
      sample,
      ms,
      networkMs,
      events: run?.results.length ?? 0,
      succeeded: run?.results.filter((r) => r.status === 'success').length ?? 0,
      requests: queries + invocations,
      queries,
      invocations,
      reads,
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sample === 0) await this.invocationFloor(phase, slack.id);
  }

  /** P17's floor: the same invocation sent straight to the local PostHog (no extension), which is a round trip plus its VM run. */
  private async invocationFloor(phase: Phase, functionId: string): Promise<void> {
    const fn = await this.fake.api<Record<string, unknown>>('GET', `hog_functions/${functionId}/`);
    const configuration = {
      type: fn.type,
      name: fn.name,
      hog: fn.hog,
      enabled: fn.enabled,
      inputs_schema: fn.inputs_schema,
      inputs: fn.inputs,
      filters: fn.filters,
      mappings: fn.mappings,
      masking: fn.masking,
    };
    const globals = {
      event: {
        uuid: '0190f7a4-0000-7000-8000-000000000017',
        event: 'subscription_started',
        distinct_id: 'bench',
        timestamp: new Date().toISOString(),
        elements_chain: '',
        url: '',
        properties: { plan: 'growth' },
      },
      person: { id: 'p', name: 'bench', properties: {} },
      groups: {},
    };
    await this.fake.setLatency(50);
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await send(
        this.fake,
        'POST',
        `/api/projects/${this.fake.projectId}/hog_functions/${functionId}/invocations/`,
        JSON.stringify({ configuration, globals, mock_async_functions: true }),
      );
      // The first one also warms the connection and the local PostHog's compile cache.
      if (i > 0) emit({ type: 'p17floor', phase, ms: performance.now() - t0 });
    }
    await this.fake.setLatency(0);
  }
}

// ---- P11-P13: Hog as a language ----

class HogTypingBench {
  constructor(private readonly fake: FakeAdmin) {}

  private async openDestination(): Promise<vscode.TextDocument> {
    const state = await this.fake.state<{
      hogFunctions: { id: string; project_id: number; deleted: boolean; type: string }[];
    }>();
    const fn = state.hogFunctions.find(
      (f) => f.project_id === this.fake.projectId && !f.deleted && f.type === 'destination',
    );
    if (!fn) throw new Error('no destination to type into');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: fn.id,
    });
    return editor.document;
  }

  private async replace(doc: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
  }

  private async close(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  /** P11: 200 characters typed at 8 per second in three bursts with two 1 s pauses, at 50 ms latency: checks sent. */
  async session(sample: number): Promise<void> {
    const doc = await this.openDestination();
    await this.replace(doc, '');
    await sleep(1_000);
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    const line =
      "let message := concat('Plan changed for ', event.distinct_id, ' on ', event.properties.$current_url)\nprint(message) ";
    const text = line.repeat(3).slice(0, 200);
    // The pauses the extension sees: the two planned ones, and any gap of 300 ms or more the busy host caused.
    let pauses = 1;
    let last = performance.now();
    for (const [i, ch] of [...text].entries()) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(doc.getText().length), ch);
      await vscode.workspace.applyEdit(edit);
      if (performance.now() - last >= 300) pauses++;
      await sleep(i === 66 || i === 133 ? 1_000 : 125);
      last = performance.now();
    }
    await sleep(1_500);
    const checks = (await this.fake.requests()).filter(isQuery);
    await this.fake.setLatency(0);
    emit({
      type: 'p11',
      sample,
      checks: checks.length,
      pauses: pauses + 2,
      characters: text.length,
      statuses: checks.map((r) => r.status),
    });
    await this.close();
  }

  /**
   * P12: an edit -> PostHog's finding on screen, minus the 300 ms pause, at 50 ms latency; and its floor, a
   * diagnostics provider that answers after the same pause with one request (the check the product sent).
   */
  async diagnostics(phase: Phase, sample: number): Promise<void> {
    const product = async () => {
      const doc = await this.openDestination();
      const name = `unknown_${sample}_${Date.now()}`;
      const { requests, check, ...timing } = await this.timeProblem(
        doc,
        `print(${name})\n`,
        `Unknown global variable: ${name}`,
      );
      if (check?.body) this.lastCheck = check;
      emit({ type: 'p12', phase, sample, ...timing, checks: requests.filter(isTracedQuery).length });
      await this.close();
    };
    const floor = async () => {
      if (!this.lastCheck) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
      await vscode.window.showTextDocument(doc, { preview: false });
      const name = `floor_${sample}_${Date.now()}`;
      const provider = this.floorDiagnostics(doc, this.lastCheck);
      try {
        const {
          requests: _requests,
          check: _check,
          ...timing
        } = await this.timeProblem(doc, `print(${name})\n`, `Unknown global variable: ${name}`);
        emit({ type: 'p12floor', phase, sample, ...timing });
      } finally {
        provider.dispose();
      }
      await this.close();
    };
    // The floor replays the product's check, so the product goes first until there is one.
    if (sample % 2 === 0 || !this.lastCheck) {
      await product();
      await floor();
    } else {
      await floor();
      await product();
    }
  }

  private lastCheck: TracedRequest | undefined;

  /**
   * One untimed check before the first sample: the local PostHog parses its first Hog in about 2 s (loading its
   * parser), a cost no real server has, and the extension loads its language features on first use.
   */
  async warmUp(): Promise<void> {
    const doc = await this.openDestination();
    const name = `warm_up_${Date.now()}`;
    await this.timeProblem(doc, `print(${name})\n`, `Unknown global variable: ${name}`);
    await this.close();
  }
  private readonly tracer = new Tracer();

  /**
   * Replaces the document's text and times, from the moment this host sees the edit (as an extension does) to the
   * problem `message` on it: `ms` minus the 300 ms pause; `toRequestMs` until the check went out, `networkMs` the
   * check in flight, `afterMs` from its answer to the problem seen.
   */
  private async timeProblem(doc: vscode.TextDocument, text: string, message: string) {
    await this.fake.setLatency(50);
    const shown = new Promise<number>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics(() => {
        if (vscode.languages.getDiagnostics(doc.uri).some((d) => d.message === message)) {
          listener.dispose();
          resolve(performance.now());
        }
      });
    });
    let t0 = 0;
    const edited = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && t0 === 0) t0 = performance.now();
    });
    this.tracer.start();
    const started = performance.now();
    await this.replace(doc, text);
    const at = await shown;
    const requests = this.tracer.stop().requests.filter((r) => r.path.startsWith('/api/'));
    edited.dispose();
    await this.fake.setLatency(0);
    const check = requests.filter((r) => isTracedQuery(r) && r.end <= at).at(-1);
    return {
      ms: at - t0 - 300,
      sinceEditMs: at - t0,
      sinceApplyEditMs: at - started,
      requests,
      check,
      toRequestMs: check ? check.start - t0 : null,
      networkMs: check ? check.end - check.start : null,
      afterMs: check ? at - check.end : null,
    };
  }

  /** The floor's provider: 300 ms after the last change of `doc`, one request (the product's check), then its problem. */
  private floorDiagnostics(doc: vscode.TextDocument, check: TracedRequest): vscode.Disposable {
    const collection = vscode.languages.createDiagnosticCollection('posthog-workbench-bench-floor');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changes = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(async () => {
        await send(this.fake, check.method, check.path, check.body);
        const name = /print\((\w+)\)/.exec(doc.getText())?.[1] ?? '';
        collection.set(doc.uri, [
          new vscode.Diagnostic(new vscode.Range(0, 6, 0, 6 + name.length), `Unknown global variable: ${name}`),
        ]);
      }, 300);
    });
    return new vscode.Disposable(() => {
      if (timer) clearTimeout(timer);
      changes.dispose();
      collection.dispose();
    });
  }

  dispose(): void {
    this.tracer.dispose();
  }

  /** P13: completion after `event.` with PostHog's answer, at 50 ms latency. */
  async completion(sample: number): Promise<void> {
    const doc = await this.openDestination();
    await this.replace(doc, 'print(event.)\n');
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    const t0 = performance.now();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 12),
      '.',
    );
    const ms = performance.now() - t0;
    await this.fake.setLatency(0);
    const askedPostHog = (await this.fake.requests()).filter(isQuery).length;
    emit({
      type: 'p13',
      sample,
      ms,
      items: list.items.length,
      hasProperties: list.items.some((i) => i.label === 'properties'),
      askedPostHog,
    });
    await this.close();
  }

  /**
   * The floor of P13: a completion provider that answers one item at once, for plain text, asked the same way
   * (the command goes through the workbench in the browser and back).
   */
  async completionFloor(sample: number): Promise<void> {
    const provider = vscode.languages.registerCompletionItemProvider(
      { language: 'plaintext' },
      { provideCompletionItems: () => [new vscode.CompletionItem('floor')] },
      '.',
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'floor.' });
    const t0 = performance.now();
    await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 6),
      '.',
    );
    emit({ type: 'p13floor', sample, ms: performance.now() - t0 });
    provider.dispose();
    await this.close();
  }

  /** P13 offline: signed out, the standard library and the globals' keys only. */
  async offlineCompletion(sample: number): Promise<void> {
    if (sample === 0) await vscode.commands.executeCommand('posthogWorkbench.signOut');
    const doc = await vscode.workspace.openTextDocument({ language: 'hog', content: 'print(event.)\nprint(len)' });
    const t0 = performance.now();
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 12),
      '.',
    );
    const functions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, 9),
    );
    const ms = (performance.now() - t0) / 2;
    emit({ type: 'p13offline', sample, ms, keys: keys.items.length, functions: functions.items.length });
    await this.close();
  }
}
