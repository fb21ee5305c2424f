// The `posthog-hog:` file system: a hog function's source and JSON configuration fields as documents that VS Code
// opens, saves, diffs and reverts like files. One GET per opening (stat and readFile share a cache), one PATCH per
// save with `base_updated_at`, so PostHog itself refuses (409) to overwrite a change made since the document was
// read, and only then do we ask the user what to do. Servers from before drafts ignore `base_updated_at`; there a
// save first reads the function once more and compares `updated_at` itself.
import * as vscode from 'vscode';
import type { HogFunction, ValidationRule } from '../../api';
import { isPostHogError } from '../../api';
import type { Connection, Session } from '../services/session';
import { describeError } from '../services/errors';
import { AutoSaveGuard } from './autoSave';
import type { ConflictPrompt } from './conflicts';
import { parseField, renderField } from '../../core/functions/fields';
import {
  authorityFor,
  documentPath,
  functionDir,
  JSON_FIELDS,
  parseLocation,
  type FunctionNaming,
  type HogFunctionField,
  type HogFunctionRef,
} from '../../core/functions/paths';
import { Scheme } from '../services/constants';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const FIELDS: HogFunctionField[] = ['hog', ...JSON_FIELDS];

/** A field's document; `projectName` is what its path (and so its tab) reads, the authority its identity. */
export function hogUri(
  ref: HogFunctionRef,
  fn: FunctionNaming,
  field: HogFunctionField = 'hog',
  projectName?: string,
): vscode.Uri {
  return vscode.Uri.from({
    scheme: Scheme.hog,
    authority: authorityFor(ref),
    path: documentPath(projectName, ref, fn, field),
  });
}

export function refOf(uri: vscode.Uri): (HogFunctionRef & { field: HogFunctionField }) | undefined {
  if (uri.scheme !== Scheme.hog) return undefined;
  const parsed = parseLocation(uri.authority, uri.path);
  return parsed?.kind === 'file' ? parsed : undefined;
}

const key = (ref: HogFunctionRef) => `${ref.projectId}/${ref.functionId}`;

export function renderFile(fn: HogFunction, field: HogFunctionField): string {
  return field === 'hog' ? (fn.hog ?? '') : renderField(fn, field);
}

export class HogFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changedFile = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changedFile.event;
  private readonly updated = new vscode.EventEmitter<HogFunction>();
  /** A function changed on the server through us (save, toggle, rename...): trees and views refresh from it. */
  readonly onDidUpdateFunction = this.updated.event;
  private readonly saveResult = new vscode.EventEmitter<{
    uri: vscode.Uri;
    error?: string;
    rule?: ValidationRule;
    text?: string;
  }>();
  readonly onDidSave = this.saveResult.event;

  private readonly cache = new Map<string, HogFunction>();
  private readonly loading = new Map<string, Promise<HogFunction>>();
  /** The server's `updated_at` each document's save is based on (sent as `base_updated_at`). */
  private readonly baselines = new Map<string, string>();
  /**
   * The `updated_at` each document's text was read or written at, reported as its mtime. VS Code refuses a save
   * itself when a file's mtime moved past the editor's; keeping it per document leaves conflicts to PostHog's
   * 409 and our prompt, so the user is asked once, in PostHog's terms.
   */
  private readonly readAt = new Map<string, string>();
  readonly serverVersions = new ServerVersionProvider();

  /** Saves VS Code makes by itself deploy only when the user turned auto-save on (autoSave.ts). */
  private readonly autoSaves = new AutoSaveGuard(Scheme.hog);

  constructor(
    private readonly session: Session,
    private readonly conflicts: ConflictPrompt,
  ) {}

  /** The function as last fetched (or as our last write returned it), fetching it if we never did. */
  get(ref: HogFunctionRef): Promise<HogFunction> {
    const cached = this.cache.get(key(ref));
    return cached ? Promise.resolve(cached) : this.fetch(ref);
  }

  cached(ref: HogFunctionRef): HogFunction | undefined {
    return this.cache.get(key(ref));
  }

  /**
   * Fetches the server's version (or takes `known`, one PostHog just returned); documents that are open and unchanged
   * reload when it moved.
   */
  async refresh(ref: HogFunctionRef, known?: HogFunction): Promise<HogFunction> {
    const before = this.cache.get(key(ref))?.updated_at;
    let fn = known;
    if (fn) this.cache.set(key(ref), fn);
    else fn = await this.fetch(ref);
    if (before !== undefined && before !== fn.updated_at) {
      // Editors without unsaved changes reload the new version; dirty ones keep their text and base.
      const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
      const prefixes = this.prefixes(ref);
      for (const uri of this.readAt.keys())
        if (prefixes.some((p) => uri.startsWith(p)) && !dirty.has(uri)) this.readAt.delete(uri);
      this.fireChanged(ref);
    }
    return fn;
  }

  /** Records a version of the function that we caused (toggle, rename, a save): no document is in conflict with it. */
  applyUpdate(ref: HogFunctionRef, fn: HogFunction): void {
    const previous = this.cache.get(key(ref))?.updated_at;
    this.cache.set(key(ref), fn);
    if (previous !== undefined) {
      const prefixes = this.prefixes(ref);
      for (const map of [this.baselines, this.readAt]) {
        for (const [uri, base] of map)
          if (base === previous && prefixes.some((p) => uri.startsWith(p))) map.set(uri, fn.updated_at);
      }
    }
    this.updated.fire(fn);
  }

  clear(): void {
    this.cache.clear();
  }

  forget(ref: HogFunctionRef): void {
    this.cache.delete(key(ref));
    this.fireChanged(ref, vscode.FileChangeType.Deleted);
  }

  private async fetch(ref: HogFunctionRef): Promise<HogFunction> {
    const k = key(ref);
    const pending = this.loading.get(k);
    if (pending) return pending;
    const load = (async () => {
      // Editors restored at start-up read their files before the session has read SecretStorage.
      await this.session.ready;
      const connection = this.connectionFor(ref);
      try {
        const fn = await connection.client.getHogFunction(ref.projectId, ref.functionId);
        this.cache.set(k, fn);
        return fn;
      } catch (error) {
        if (isPostHogError(error) && error.kind === 'not_found')
          throw vscode.FileSystemError.FileNotFound(error.message);
        throw error;
      }
    })();
    this.loading.set(k, load);
    try {
      return await load;
    } finally {
      this.loading.delete(k);
    }
  }

  private connectionFor(ref: { projectId: number }) {
    const connection = this.session.connection();
    if (!connection)
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t('Sign in to PostHog and choose a project to open hog functions.'),
      );
    if (connection.projectId !== ref.projectId) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t(
          'This hog function belongs to project {0}; the selected project is {1}. Select project {0} to open it.',
          ref.projectId,
          connection.projectId,
        ),
      );
    }
    return connection;
  }

  /** The beginnings of this function's documents' URIs, in the layout now and the one before. */
  private prefixes(ref: HogFunctionRef): string[] {
    return [
      vscode.Uri.from({ scheme: Scheme.hog, authority: authorityFor(ref), path: '/' }).toString(),
      vscode.Uri.from({ scheme: Scheme.hog, path: functionDir(ref) }).toString(),
    ];
  }

  /** A field's document, named after the project as the session knows it. */
  uriOf(ref: HogFunctionRef, fn: FunctionNaming, field: HogFunctionField = 'hog'): vscode.Uri {
    return hogUri(ref, fn, field, this.session.projectName(ref.projectId));
  }

  private fireChanged(ref: HogFunctionRef, type = vscode.FileChangeType.Changed): void {
    const fn = this.cache.get(key(ref));
    const prefixes = this.prefixes(ref);
    const uris = new Set(
      [...this.baselines.keys()].filter((u) => prefixes.some((p) => u.startsWith(p))).map((u) => vscode.Uri.parse(u)),
    );
    if (fn) for (const field of FIELDS) uris.add(this.uriOf(ref, fn, field));
    if (uris.size) this.changedFile.fire([...uris].map((uri) => ({ type, uri })));
  }

  watch(): vscode.Disposable {
    // Changes made through this provider are announced by it; PostHog has no push channel to watch.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parsed = parseLocation(uri.authority, uri.path);
    if (!parsed) throw vscode.FileSystemError.FileNotFound(uri);
    if (parsed.kind !== 'file') {
      if (parsed.kind === 'function') await this.get(parsed);
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const fn = await this.get(parsed);
    const time = Date.parse(this.readAt.get(uri.toString()) ?? fn.updated_at) || 0;
    return {
      type: vscode.FileType.File,
      ctime: Date.parse(fn.created_at ?? '') || 0,
      mtime: time,
      size: encoder.encode(renderFile(fn, parsed.field)).byteLength,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const parsed = parseLocation(uri.authority, uri.path);
    if (parsed?.kind !== 'function') return [];
    const fn = await this.get(parsed);
    // Under the authority: the project's folder at the top, the fields' files in it (and directly in the old layout).
    if (uri.authority && uri.path.split('/').filter(Boolean).length === 0)
      return [[this.uriOf(parsed, fn).path.split('/')[1] ?? '', vscode.FileType.Directory]];
    return FIELDS.map((field) => [this.uriOf(parsed, fn, field).path.split('/').pop() ?? '', vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = refOf(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const fn = await this.get(ref);
    this.baselines.set(uri.toString(), fn.updated_at);
    this.readAt.set(uri.toString(), fn.updated_at);
    return encoder.encode(renderFile(fn, ref.field));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean }): Promise<void> {
    const ref = refOf(uri);
    if (!ref) {
      throw options.create
        ? vscode.FileSystemError.NoPermissions(
            vscode.l10n.t('New files cannot be created here: create hog functions in PostHog.'),
          )
        : vscode.FileSystemError.FileNotFound(uri);
    }
    // An auto-save the user did not turn on deploys nothing: the document stays unsaved, and VS Code says why.
    const refused = this.autoSaves.refusal(uri);
    if (refused) throw new vscode.FileSystemError(refused);
    const text = decoder.decode(content);
    let patch: Record<string, unknown>;
    if (ref.field === 'hog') {
      patch = { hog: text };
    } else {
      const parsed = parseField(ref.field, text);
      if (!parsed.ok) return this.fail(uri, parsed.message);
      patch = { [ref.field]: parsed.value };
    }
    const connection = this.connectionFor(ref);
    const base = this.baselines.get(uri.toString()) ?? this.cache.get(key(ref))?.updated_at;
    const update = (body: Record<string, unknown>) =>
      connection.client.updateHogFunction(ref.projectId, ref.functionId, body);
    let saved: HogFunction;
    try {
      if (base && !this.checksBase(ref)) await this.assertUnchanged(connection, ref, base);
      saved = await update(base ? { ...patch, base_updated_at: base } : patch);
    } catch (error) {
      // A rule PostHog applied on save (a reserved call, a hyphenated name...): Problems where it points.
      if (!isStaleUpdate(error))
        return this.fail(uri, describeError(error), isPostHogError(error) ? error.rule : undefined, text);
      const choice = await this.conflicts.ask(this.cache.get(key(ref))?.name ?? ref.functionId, ref.field);
      if (choice === 'compare') {
        await this.compare(uri, ref);
        return this.fail(
          uri,
          vscode.l10n.t(
            'Not saved: this hog function changed on PostHog since you opened it. Review the differences, then save again to overwrite.',
          ),
        );
      }
      if (choice !== 'overwrite')
        return this.fail(uri, vscode.l10n.t('Not saved: this hog function changed on PostHog since you opened it.'));
      try {
        saved = await update(patch);
      } catch (retryError) {
        return this.fail(
          uri,
          describeError(retryError),
          isPostHogError(retryError) ? retryError.rule : undefined,
          text,
        );
      }
    }
    this.applyUpdate(ref, saved);
    this.baselines.set(uri.toString(), saved.updated_at);
    this.readAt.set(uri.toString(), saved.updated_at);
    this.saveResult.fire({ uri });
  }

  /**
   * Whether PostHog itself refuses a save based on an old `updated_at`: servers with drafts do, and they are the
   * ones that send a function's `version`; older self-hosted releases ignore the field.
   */
  private checksBase(ref: HogFunctionRef): boolean {
    return typeof this.cache.get(key(ref))?.version === 'number';
  }

  /** For servers that ignore `base_updated_at`: one more read, and a conflict when the function moved since `base`. */
  private async assertUnchanged(connection: Connection, ref: HogFunctionRef, base: string): Promise<void> {
    const current = await connection.client.getHogFunction(ref.projectId, ref.functionId);
    if (current.updated_at !== base) throw new ChangedOnServer();
  }

  /** Opens the server's version next to the user's; their next save is based on the version they have seen. */
  private async compare(uri: vscode.Uri, ref: HogFunctionRef & { field: HogFunctionField }): Promise<void> {
    const server = await this.fetch(ref);
    this.baselines.set(uri.toString(), server.updated_at);
    const left = serverVersionUri(uri);
    this.serverVersions.set(left, renderFile(server, ref.field));
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      uri,
      vscode.l10n.t('{0} (PostHog) ↔ yours', uri.path.split('/').pop() ?? ''),
    );
  }

  private fail(uri: vscode.Uri, message: string, rule?: ValidationRule, text?: string): never {
    this.saveResult.fire({ uri, error: message, ...(rule ? { rule } : {}), ...(text !== undefined ? { text } : {}) });
    // VS Code keeps the editor dirty with the user's text and shows this message in its "Failed to save" notice.
    throw new vscode.FileSystemError(message);
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Folders cannot be created in PostHog hog functions.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Use "Delete Hog Function" to delete a hog function.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Use "Rename Hog Function" to rename a hog function.'));
  }

  dispose(): void {
    this.autoSaves.dispose();
    this.changedFile.dispose();
    this.updated.dispose();
    this.saveResult.dispose();
    this.serverVersions.dispose();
  }
}

/** Found by our own check on a server that ignores `base_updated_at`. */
class ChangedOnServer extends Error {}

function isStaleUpdate(error: unknown): boolean {
  return (
    error instanceof ChangedOnServer ||
    (isPostHogError(error) && (error.status === 409 || error.code === 'stale_update'))
  );
}

export const SERVER_VERSION_SCHEME = Scheme.serverVersion;

function serverVersionUri(uri: vscode.Uri): vscode.Uri {
  return uri.with({ scheme: SERVER_VERSION_SCHEME });
}

/** Read-only snapshots of the server's version of a document, shown on the left of a conflict diff. */
export class ServerVersionProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
