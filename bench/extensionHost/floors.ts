// The floors the write paths and the language are measured against, in the same extension host and the same run:
// what VS Code and the local PostHog cost for the same operation with no extension logic around it.
// - a save: a do-nothing FileSystemProvider whose writeFile sends one request (the same PATCH body, to a copy of the
//   function) and resolves, saved the same way (document.save() of an open editor);
// - a push or an export: the requests the product sent in that sample, replayed one after another, plus the same
//   workspace.fs writes of the same files (into a folder the extension does not watch);
// - a problem after a pause: a diagnostics provider that answers one request after the same 300 ms pause.
// Writes are replayed against copies of the functions in the second project ("twins"), so the floor never moves the
// `updated_at` the product's next save or push is based on, and never adds a function to the project it exports.
import { Pool } from 'undici';
import * as vscode from 'vscode';
import type { FakeAdmin } from '../../test/integration/support/fake';
import type { TracedRequest, Tracer } from './trace';

export const FLOOR_SCHEME = 'phwb-bench-floor';
/** The project the twins live in: accessible with the local PostHog's key, never exported or listed by the figures. */
const TWIN_PROJECT = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The floors' connections: a keep-alive undici pool to the local PostHog, as the extension's client has (VS Code's
 * fetch in the extension host goes through its proxy support and costs more per request, which would flatter the
 * product against its floor).
 */
const pools = new Map<string, Pool>();

/** A request to the local PostHog's API with its full-access key; resolves with the status once the body is read. */
export async function send(fake: FakeAdmin, method: string, path: string, body?: string): Promise<number> {
  let pool = pools.get(fake.url);
  if (!pool) {
    pool = new Pool(fake.url, { connections: 8 });
    pools.set(fake.url, pool);
  }
  const response = await pool.request({
    method: method as 'GET',
    path,
    headers: {
      authorization: `Bearer ${fake.apiKey}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  await response.body.arrayBuffer();
  return response.statusCode;
}

/** `send` for a floor: an answer that is not a success fails the figure, so a broken floor never looks fast. */
export async function sendOk(fake: FakeAdmin, method: string, path: string, body?: string): Promise<void> {
  const status = await send(fake, method, path, body);
  if (status < 200 || status >= 300) throw new Error(`bench floor: ${method} ${path} answered ${status}`);
}

export async function closeConnections(): Promise<void> {
  for (const pool of pools.values()) await pool.close().catch(() => undefined);
  pools.clear();
}

/** Copies of functions in the second project, made on first use and deleted (soft, as PostHog does) at the end. */
export class Twins {
  private readonly twins = new Map<string, Promise<string>>();

  constructor(private readonly fake: FakeAdmin) {}

  /**
   * The twin of `functionId`, made again when it is gone: a figure that resets the local PostHog (P6) deletes the
   * twins, and a floor written to a deleted twin would time a 404. Checked here, before any timed part.
   */
  async of(functionId: string, check = true): Promise<string> {
    const known = check ? await this.twins.get(functionId)?.catch(() => undefined) : undefined;
    if (
      known !== undefined &&
      (await send(this.fake, 'GET', `/api/projects/${TWIN_PROJECT}/hog_functions/${known}/`)) !== 200
    )
      this.twins.delete(functionId);
    let twin = this.twins.get(functionId);
    if (!twin) {
      twin = this.create(functionId);
      this.twins.set(functionId, twin);
    }
    return twin;
  }

  private async create(functionId: string): Promise<string> {
    const fn = await this.fake.api<Record<string, unknown>>('GET', `hog_functions/${functionId}/`);
    // Secret inputs read back as {"secret": true}: the twin gets a placeholder value (it never runs).
    const inputs = Object.fromEntries(
      Object.entries((fn.inputs as Record<string, unknown>) ?? {}).map(([k, v]) => [
        k,
        v && typeof v === 'object' && 'secret' in v ? { value: 'https://bench-floor.invalid/' } : v,
      ]),
    );
    const body = {
      type: fn.type ?? 'destination',
      name: `Bench floor twin of ${String(fn.name ?? functionId)}`,
      description: fn.description ?? '',
      hog: fn.hog,
      inputs_schema: fn.inputs_schema ?? [],
      inputs,
      filters: fn.filters ?? {},
      enabled: false,
    };
    const response = await fetch(`${this.fake.url}/api/projects/${TWIN_PROJECT}/hog_functions/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = (await response.json()) as { id?: string };
    if (!response.ok || !created.id)
      throw new Error(
        `bench floor: could not copy hog function ${functionId} into project ${TWIN_PROJECT} (${response.status}: ${JSON.stringify(created).slice(0, 300)})`,
      );
    return created.id;
  }

  /** The twin's path for a request to `path` (a hog function's), or the path itself when it names no function. */
  async pathFor(path: string, check = true): Promise<string> {
    const match = /^\/api\/(?:projects|environments)\/\d+\/hog_functions\/([0-9a-f-]{36})(\/.*)?$/.exec(
      path.split('?')[0] ?? '',
    );
    if (!match?.[1]) return path;
    return `/api/projects/${TWIN_PROJECT}/hog_functions/${await this.of(match[1], check)}${match[2] ?? '/'}`;
  }

  async dispose(): Promise<void> {
    for (const twin of this.twins.values()) {
      const id = await twin.catch(() => undefined);
      if (id)
        await send(
          this.fake,
          'PATCH',
          `/api/projects/${TWIN_PROJECT}/hog_functions/${id}/`,
          JSON.stringify({ deleted: true }),
        ).catch(() => undefined);
    }
    this.twins.clear();
  }
}

/**
 * Sends what the product sent, one request after another: reads as they were (they change nothing), writes to the
 * twin of their function, without `base_updated_at` (the twin's own `updated_at` is another).
 */
export async function replay(fake: FakeAdmin, twins: Twins, requests: TracedRequest[]): Promise<void> {
  for (const request of requests) {
    const write = request.method !== 'GET' && request.method !== 'HEAD';
    let body = request.body;
    if (write && body) {
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        delete parsed.base_updated_at;
        body = JSON.stringify(parsed);
      } catch {
        // Not JSON: sent as it was.
      }
    }
    // Twins were made and checked by prepareReplay: nothing here but the requests themselves.
    await sendOk(fake, request.method, write ? await twins.pathFor(request.path, false) : request.path, body);
  }
}

/** Prepares what a replay sends (twins made) so the timed replay does not pay for it. */
export async function prepareReplay(twins: Twins, requests: TracedRequest[]): Promise<void> {
  for (const request of requests) if (request.method !== 'GET') await twins.pathFor(request.path);
}

/**
 * The floor of a save: files kept in memory; writeFile sends one PATCH with the text (`{"hog": ...}`, as a save of a
 * hog source sends) to the twin of `functionId`, then stores the text and resolves.
 */
export class FloorFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number; ctime: number }>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly registration: vscode.Disposable;
  /** The twin's path the next writeFile sends to. */
  target: string | undefined;

  constructor(
    private readonly fake: FakeAdmin,
    private readonly tracer: Tracer,
  ) {
    this.registration = vscode.workspace.registerFileSystemProvider(FLOOR_SCHEME, this, { isCaseSensitive: true });
  }

  uri(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: FLOOR_SCHEME, path: `/${name}` });
  }

  /** Puts a file in place without a request (set-up, not timed). */
  seed(uri: vscode.Uri, text: string): void {
    const now = Date.now();
    this.files.set(uri.path, { data: encoder.encode(text), mtime: now, ctime: now });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    // Counted as VS Code's call, as the product's stat is (breakdown.ts).
    this.tracer.record('call', 'stat', performance.now());
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: file.ctime, mtime: file.mtime, size: file.data.byteLength };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('the bench floor has no folders');
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  /** When writeFile was last called (performance.now()), and how often: a save that wrote nothing is an error. */
  readonly writes: number[] = [];

  writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    this.writes.push(performance.now());
    return this.tracer.span('handler', 'floor writeFile', async () => {
      if (!this.target) throw vscode.FileSystemError.Unavailable('the bench floor has no twin to write to');
      await sendOk(this.fake, 'PATCH', this.target, JSON.stringify({ hog: decoder.decode(content) }));
      const previous = this.files.get(uri.path);
      this.files.set(uri.path, {
        data: content,
        mtime: Math.max(Date.now(), (previous?.mtime ?? 0) + 1),
        ctime: previous?.ctime ?? Date.now(),
      });
    });
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('the bench floor deletes nothing');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('the bench floor renames nothing');
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** The files of one exported folder, read back (not timed) so the export's floor writes the same bytes. */
export interface FolderFiles {
  name: string;
  files: { name: string; data: Uint8Array }[];
}

export async function readFolders(root: vscode.Uri): Promise<FolderFiles[]> {
  const folders: FolderFiles[] = [];
  for (const [name, type] of await vscode.workspace.fs.readDirectory(root)) {
    if (type !== vscode.FileType.Directory) continue;
    const folder = vscode.Uri.joinPath(root, name);
    const files: FolderFiles['files'] = [];
    for (const [file, fileType] of await vscode.workspace.fs.readDirectory(folder)) {
      if (fileType === vscode.FileType.File)
        files.push({ name: file, data: await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file)) });
    }
    folders.push({ name, files });
  }
  return folders;
}

/**
 * The floor's writes of an export: each folder created, then its files written, `concurrency` folders at a time
 * (the product's own bound), through workspace.fs as the product writes.
 */
export async function writeFolders(root: vscode.Uri, folders: FolderFiles[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < folders.length) {
      const folder = folders[next++] as FolderFiles;
      const dir = vscode.Uri.joinPath(root, folder.name);
      await vscode.workspace.fs.createDirectory(dir);
      await Promise.all(
        folder.files.map((f) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, f.name), f.data)),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, folders.length) }, worker));
}
