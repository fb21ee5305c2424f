// Export, pull and push between PostHog and function folders, following the rules of sync.ts: the engine the
// editor (src/extension/functions/workspaceSync.ts) and the command line share. It reaches files through Files
// (folders.ts), people through Prompts (every question: overwrite after a diff, create, enable, secrets; no argument
// answers one), and the rest of its host (unsaved editors, diffs, lists to refresh) through SyncHost.
import * as l10n from '@vscode/l10n';
import type { HogFunction, PostHogClient } from '../../api';
import { isPostHogError } from '../../api';
import type { Prompts } from '../prompts';
import {
  isGivenValue,
  renderFunctionJson,
  sameState,
  secretInputs,
  secretValuesInFile,
  stateFromServer,
  withSecretsMasked,
  type FunctionFile,
  type FunctionState,
} from './functionFiles';
import { FileExistsError, type Files, type FunctionFolders, type LocalFunction } from './folders';
import { folderSlug, FUNCTION_JSON, projectKey, sourceExtension, uniqueFolderName } from './layout';
import { parseSecretText } from './newFunction';
import { PendingCreates, type PendingCreate } from './pendingCreates';
import { changedFields, createBody, patchBody, planPull, planPush, type PushField, type SyncRecord } from './sync';
import type { SyncRecords } from './syncRecords';
/** Types whose enabling starts sending live events somewhere else (as the Enable command warns). */
const DESTINATION_TYPES = new Set(['destination', 'site_destination', 'internal_destination']);
const EXPORT_CONCURRENCY = 6;

interface PullOptions {
  /** A bulk export: a folder with local changes is skipped, without a diff or a question. */
  quiet?: boolean;
}

export type SyncResult<L> =
  | { status: 'pushed'; functionId: string; fields: PushField[] }
  | { status: 'created'; functionId: string }
  | { status: 'pulled' | 'exported' | 'unchanged'; functionId: string; folder: L }
  | { status: 'behind'; functionId: string }
  | { status: 'skipped'; functionId: string; folder: L; reason: string }
  | { status: 'cancelled' };

/**
 * The engine's questions by name (Prompts' `id`): a shell that answers by policy (the command line's `--yes`) tells
 * them apart by this, never by their words. `pull.localChanges` and `push.serverChanged` are the conflicts the sync
 * record proves (the other side changed since the last sync); the `*.unsynced` ones have no record to go by.
 */
export type SyncQuestion =
  | 'pull.localChanges'
  | 'pull.unsynced'
  | 'push.serverChanged'
  | 'push.unsynced'
  | 'push.create'
  | 'push.enable'
  | 'push.secretsInFile';

/** The project a sync works in. */
export interface SyncConnection {
  client: PostHogClient;
  host: string;
  projectId: number;
}

/** What the engine needs from where it runs, besides files and prompts. */
export interface SyncHost<L> {
  files: Files<L>;
  folders: FunctionFolders<L>;
  records: SyncRecords;
  prompts: Prompts;
  /** The selected project; throws (with a message to act on) when there is none. */
  connection(): SyncConnection;
  /** `project "Default project"`: the project as a message names it. */
  projectLabel(connection: SyncConnection): string;
  /** Whether files of the folder have unsaved edits (an editor's): they count as local changes. */
  unsavedIn(folder: L): boolean;
  /**
   * Push sends what the user sees: unsaved edits in the folder are saved first; throws when one cannot be. Resolves
   * with whether any was saved.
   */
  saveAll(folder: L): Promise<boolean>;
  /** Shows PostHog's text of a file next to the file as the user has it, when they differ (the diff editor). */
  showDifference(serverText: string, file: L, label: string): Promise<void>;
  /** PostHog's copy changed (pushed, pulled: `fn`) or a function was created (undefined): lists and editors follow. */
  functionChanged(connection: SyncConnection, fn: HogFunction | undefined): void;
}

/** Found by push's own check on a server that ignores `base_updated_at`: the function moved since it was read. */
class ChangedMeanwhile extends Error {}

/** Whether a failed write may still have been applied: its answer was lost, cut off or unreadable. */
function mayHaveBeenApplied(error: unknown): boolean {
  if (!isPostHogError(error)) return true;
  return ['timeout', 'network', 'server', 'invalid_response', 'cancelled'].includes(error.kind);
}

/** PostHog refused a write based on an older version (someone saved in between). */
function isStale(error: unknown): boolean {
  return isPostHogError(error) && (error.status === 409 || error.code === 'stale_update');
}

/** What PostHog's version of a function looks like as this folder's files. */
interface ServerFiles {
  fn: HogFunction;
  state: FunctionState;
  json: string;
}

export class FunctionSync<L> {
  private readonly listeners = new Set<() => void>();
  private readonly files: Files<L>;
  private readonly workspace: FunctionFolders<L>;
  private readonly records: SyncRecords;
  private readonly prompts: Prompts;
  /** Creates under way or interrupted (push as new), kept next to the sync records (pendingCreates.ts). */
  private readonly pending: PendingCreates;
  /** Questions asked so far: push reads the function again before its update when one was asked since its read. */
  private questions = 0;

  constructor(private readonly host: SyncHost<L>) {
    this.files = host.files;
    this.workspace = host.folders;
    this.records = host.records;
    this.prompts = host.prompts;
    this.pending = new PendingCreates(host.records.dir);
  }

  /** Called after a sync record changed: the tree's and Explorer's sync states may read differently now. */
  readonly onDidSync = (listener: () => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Writes each function into its linked folder (as a pull) or into a new one. */
  async export(
    functions: HogFunction[],
    connection: SyncConnection,
    options: { bulk?: boolean } = {},
  ): Promise<SyncResult<L>[]> {
    const key = projectKey(connection.host, connection.projectId);
    const [root, indexed] = await Promise.all([this.workspace.exportRoot(), this.workspace.all()]);
    // Folder names in use: function folders anywhere in the workspace, and whatever already sits in the export folder.
    const listing = await this.files.readDirectory(root).then(
      (entries) => entries,
      () => [],
    );
    const taken = new Set([...indexed.map((f) => this.files.name(f.folder)), ...listing.map(([name]) => name)]);
    const results = new Map<string, SyncResult<L>>();
    const fresh: { fn: HogFunction; name: string }[] = [];
    for (const fn of functions) {
      const linked = indexed.filter((f) => f.file?.ids[key] === fn.id);
      // Read from disk now: a change the file watcher missed must not be overwritten as if it were not there, and a
      // folder deleted behind the watcher's back is no longer linked (exported afresh, not skipped as "changed").
      const local = linked[0] && (await this.workspace.refresh(linked[0].folder));
      if (local && !local.missing) {
        // In a bulk export a folder with local changes is left for the user to pull on its own, after seeing the diff.
        results.set(fn.id, await this.pullInto(local, fn, connection, { quiet: options.bulk ?? false }, true));
        continue;
      }
      if (local) taken.delete(this.files.name(local.folder));
      const name = uniqueFolderName(folderSlug(fn.name), taken, fn.id);
      taken.add(name);
      fresh.push({ fn, name });
    }
    // New folders do not depend on each other: written a few at a time, each as soon as a slot is free (in the editor
    // every file system call goes through VS Code, so many at once only queue there).
    let next = 0;
    const synced: { projectKey: string; functionId: string; record: SyncRecord }[] = [];
    const writer = async (): Promise<void> => {
      while (next < fresh.length) {
        const { fn, name } = fresh[next++] as { fn: HogFunction; name: string };
        const written = await this.writeNewFolder(root, name, taken, fn, key);
        synced.push({ projectKey: key, functionId: fn.id, record: written.record });
        results.set(fn.id, { status: 'exported', functionId: fn.id, folder: written.folder });
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(EXPORT_CONCURRENCY, fresh.length) }, writer));
    } finally {
      // The new folders' sync records in one write, once the folders are written (not one write each, competing with
      // the folders' own writes for the file system); those written before a failure are kept too.
      if (synced.length) {
        await this.records.setMany(synced);
        for (const listener of this.listeners) listener();
      }
    }
    return functions.flatMap((fn) => results.get(fn.id) ?? []);
  }

  /**
   * Creates a new folder for `fn` under `root` and writes its two files, and takes note of it; returns it with its
   * sync record, for the caller to keep. The folder and both files are created exclusively: a folder that appeared
   * under that name (or one the disk takes for it, on a case-insensitive disk) is never written into, the next free
   * name is taken instead, so nothing of anyone's is overwritten.
   */
  private async writeNewFolder(
    root: L,
    name: string,
    taken: Set<string>,
    fn: HogFunction,
    key: string,
  ): Promise<{ folder: L; record: SyncRecord }> {
    let folder = this.files.join(root, name);
    for (let attempt = 0; !(await this.files.createNewDirectory(folder)); attempt++) {
      if (attempt >= 20)
        throw new Error(l10n.t('No free folder name for "{0}" in {1}.', fn.name ?? fn.id, this.files.display(root)));
      taken.add(this.files.name(folder));
      const nextName = uniqueFolderName(folderSlug(fn.name), taken, fn.id);
      taken.add(nextName);
      folder = this.files.join(root, nextName);
    }
    const state = stateFromServer(fn);
    const sourceName = `${this.files.name(folder)}${sourceExtension(state.config.type)}`;
    const json = renderFunctionJson({ ids: { [key]: fn.id }, config: state.config, extra: {} });
    const writeNew = async (file: L, text: string) => {
      try {
        await this.files.writeNewText(file, text);
      } catch (error) {
        if (error instanceof FileExistsError)
          throw new Error(l10n.t('Not exported: {0} already exists.', this.files.display(file)));
        throw error;
      }
    };
    await Promise.all([
      writeNew(this.files.join(folder, sourceName), state.source),
      writeNew(this.files.join(folder, FUNCTION_JSON), json),
    ]);
    // The folder holds exactly what was just written: noted from that where the folders allow it, not read back.
    if (this.workspace.wrote) await this.workspace.wrote(folder, { sourceName, source: state.source, json });
    else await this.workspace.refresh(folder);
    return { folder, record: { serverUpdatedAt: fn.updated_at, server: state, local: state } };
  }

  /** Brings PostHog's version of the folder's function into its files, after a diff when the files have changes. */
  async pull(local: LocalFunction<L>): Promise<SyncResult<L>> {
    const connection = this.host.connection();
    const id = this.linkedId(local, connection);
    if (!id) {
      throw new Error(
        l10n.t(
          '{0} is not linked to a hog function in {1}. Push it to create the function there.',
          this.folderName(local),
          this.projectLabel(connection),
        ),
      );
    }
    let fn: HogFunction;
    try {
      fn = await connection.client.getHogFunction(connection.projectId, id);
    } catch (error) {
      if (isPostHogError(error) && error.kind === 'not_found') {
        throw new Error(
          l10n.t(
            'The hog function {0} is linked to no longer exists in {1} (deleted in PostHog?). Push the folder to create it again.',
            this.folderName(local),
            this.projectLabel(connection),
          ),
        );
      }
      throw error;
    }
    return this.pullInto(local, fn, connection, {});
  }

  /** `read`: `indexed` was read from disk just now; else it is read first. */
  private async pullInto(
    indexed: LocalFunction<L>,
    fn: HogFunction,
    connection: SyncConnection,
    options: PullOptions,
    read = false,
  ): Promise<SyncResult<L>> {
    // Read from disk now: a change the file watcher missed must not be overwritten as if it were not there.
    const local = read ? indexed : await this.workspace.refresh(indexed.folder);
    const key = projectKey(connection.host, connection.projectId);
    // Its function.json may have been changed to another function's id since it was indexed: never write over that one.
    const linkedTo = local.file?.ids[key];
    if (linkedTo !== undefined && linkedTo !== fn.id) {
      throw new Error(
        l10n.t(
          '{0} is linked to another hog function ({1}) in {2}, so "{3}" was not written into it.',
          this.folderName(local),
          linkedTo,
          this.projectLabel(connection),
          fn.name ?? fn.id,
        ),
      );
    }
    const server = this.serverFiles(fn, local.file, key);
    const record = this.records.get(key, fn.id);
    let plan = planPull(local.state, server.state, record);
    if (this.host.unsavedIn(local.folder) && plan.kind !== 'conflict') plan = { kind: 'conflict' };
    if (plan.kind === 'unchanged') {
      await this.remember(key, fn.id, {
        serverUpdatedAt: fn.updated_at,
        server: server.state,
        local: local.state ?? server.state,
      });
      return { status: 'unchanged', functionId: fn.id, folder: local.folder };
    }
    if (plan.kind === 'conflict') {
      if (options.quiet)
        return {
          status: 'skipped',
          functionId: fn.id,
          folder: local.folder,
          reason: l10n.t('its files have local changes'),
        };
      await this.showDifferences(local, server, connection);
      const go = await this.askBesideDiff(
        l10n.t('Pulling "{0}" replaces the changes in {1}.', fn.name ?? fn.id, this.folderName(local)),
        local.state && record
          ? l10n.t("The diff shows PostHog's version on the left and your files on the right.")
          : l10n.t(
              "This workspace has not synced the function before, so which side changed is unknown. The diff shows PostHog's version on the left and your files on the right.",
            ),
        l10n.t('Replace My Files'),
        record ? 'pull.localChanges' : 'pull.unsynced',
      );
      if (!go) return { status: 'cancelled' };
    }
    const sourceUri =
      local.sourceUri ??
      this.files.join(local.folder, `${this.folderName(local)}${sourceExtension(server.state.config.type)}`);
    await this.writeText(sourceUri, server.state.source);
    await this.writeText(local.jsonUri, server.json);
    await this.remember(key, fn.id, { serverUpdatedAt: fn.updated_at, server: server.state, local: server.state });
    await this.workspace.refresh(local.folder);
    this.host.functionChanged(connection, fn);
    return { status: 'pulled', functionId: fn.id, folder: local.folder };
  }

  /** The folder as this sync sees it: for the selected project (its project-inputs.json entry applied, if any). */
  read(folder: L): Promise<LocalFunction<L>> {
    return this.workspace.refresh(folder);
  }

  /**
   * Sends what changed in the folder to its function in the selected project, or creates it there. `retried`: this
   * is the second attempt after PostHog refused the first as stale (someone saved between our read and write).
   * `read`: the folder as the caller has just read it, used unless an unsaved editor of the folder is saved first.
   */
  async push(folder: L, retried = false, read?: LocalFunction<L>): Promise<SyncResult<L>> {
    const savedEditors = await this.host.saveAll(folder);
    const local = read && !savedEditors && !retried ? read : await this.workspace.refresh(folder);
    if (!local.file || !local.state)
      throw new Error(
        l10n.t(
          '{0} cannot be pushed: {1}',
          this.folderName(local),
          local.problem ?? l10n.t('it is not a function folder.'),
        ),
      );
    const connection = this.host.connection();
    const key = projectKey(connection.host, connection.projectId);
    const id = local.file.ids[key];
    if (!id) return this.pushNew(local, local.file, local.state, connection);

    const copies = (await this.workspace.linked(key, id)).filter(
      (f) => this.files.key(f.folder) !== this.files.key(local.folder),
    );
    if (copies.length) {
      const others = copies.map((c) => this.folderName(c)).join(', ');
      throw new Error(
        l10n.t(
          '{0} and {1} are linked to the same hog function in {2}. Remove its entry under "ids" from the copy\'s function.json to push the copy as a new function.',
          this.folderName(local),
          others,
          this.projectLabel(connection),
        ),
      );
    }
    if (!retried) {
      const pushed = await this.pushOnRecord(local, local.state, connection, key, id);
      if (pushed) return pushed;
    }
    let fn: HogFunction;
    try {
      fn = await connection.client.getHogFunction(connection.projectId, id);
    } catch (error) {
      if (!isPostHogError(error) || error.kind !== 'not_found') throw error;
      await this.records.delete(key, id);
      return this.pushNew(
        local,
        local.file,
        local.state,
        connection,
        l10n.t('The hog function this folder was linked to no longer exists there (deleted in PostHog?).'),
      );
    }
    const questionsAtRead = this.questions;
    const type = fn.type ?? 'destination';
    if (type !== local.state.config.type) {
      throw new Error(
        l10n.t(
          '{0} says "type": "{1}", but the function in PostHog is a {2}. PostHog cannot change a function\'s type: remove its id from "ids" to push it as a new function.',
          this.folderName(local),
          local.state.config.type,
          type,
        ),
      );
    }
    const server = this.serverFiles(fn, local.file, key);
    const record = this.records.get(key, id);
    const plan = planPush(local.state, server.state, record);
    if (plan.kind === 'unchanged') {
      await this.remember(key, id, { serverUpdatedAt: fn.updated_at, server: server.state, local: local.state });
      return { status: 'unchanged', functionId: id, folder: local.folder };
    }
    if (plan.kind === 'behind') return { status: 'behind', functionId: id };
    if (plan.kind === 'conflict') {
      await this.showDifferences(local, server, connection);
      const go = await this.askBesideDiff(
        record
          ? l10n.t('"{0}" changed in PostHog since it was last pulled or pushed here.', fn.name ?? id)
          : l10n.t(
              '"{0}" in PostHog differs from {1}, which this workspace has not synced before.',
              fn.name ?? id,
              this.folderName(local),
            ),
        l10n.t(
          "The diff shows PostHog's version on the left and your files on the right. Pushing replaces PostHog's version with yours.",
        ),
        l10n.t('Push Mine'),
        record ? 'push.serverChanged' : 'push.unsynced',
      );
      if (!go) return { status: 'cancelled' };
    }
    if (!(await this.confirmSecretsMove(local.state))) return { status: 'cancelled' };
    if (plan.fields.includes('enabled') && local.state.config.enabled && !(await this.confirmEnable(local.state)))
      return { status: 'cancelled' };

    const body = { ...patchBody(local.state, plan.fields), base_updated_at: fn.updated_at };
    let saved: HogFunction;
    try {
      // Servers from before drafts (no `version`) ignore base_updated_at: as the editor's save does, read once more
      // right before writing when a diff or question came in between (the user may have taken minutes while someone
      // saved); without one, the read above was just now.
      if (typeof fn.version !== 'number' && this.questions !== questionsAtRead) {
        const now = await connection.client.getHogFunction(connection.projectId, id);
        if (now.updated_at !== fn.updated_at) throw new ChangedMeanwhile();
      }
      saved = await connection.client.updateHogFunction(connection.projectId, id, body);
    } catch (error) {
      // PostHog refused (409), or our own check found, that someone saved between our read and our write: start over
      // once with that version (its diff and questions again: what was answered was about the version before).
      const stale = error instanceof ChangedMeanwhile || isStale(error);
      if (stale && !retried) return this.push(folder, true);
      if (error instanceof ChangedMeanwhile)
        throw new Error(
          l10n.t(
            '"{0}" changed in PostHog again while pushing; nothing was sent. Push again to see the new differences.',
            fn.name ?? id,
          ),
        );
      throw error;
    }
    const sent = await this.maskSecretsInFile(local, local.file, local.state, plan.fields);
    await this.remember(key, id, { serverUpdatedAt: saved.updated_at, server: stateFromServer(saved), local: sent });
    this.afterServerChange(connection, saved);
    return { status: 'pushed', functionId: id, fields: plan.fields };
  }

  /**
   * The push without reading the function first, where that read decides nothing: the server refuses a stale
   * `base_updated_at` itself (known for this host), and the files changed since the last sync, which recorded
   * PostHog's version and its `updated_at`. The PATCH is based on that `updated_at`, so PostHog accepts it only if
   * its version is still the recorded one, which is when the full push would send the same fields without asking.
   * Anything else (PostHog refused it as stale, the function is gone, a question to ask, nothing changed here)
   * returns undefined and the full push runs: it reads the function and plans as before.
   */
  private async pushOnRecord(
    local: LocalFunction<L>,
    state: FunctionState,
    connection: SyncConnection,
    key: string,
    id: string,
  ): Promise<SyncResult<L> | undefined> {
    const record = this.records.get(key, id);
    if (!record || connection.client.checksBaseUpdatedAt() !== true || !local.file) return undefined;
    // Questions (secrets typed into function.json, enabling a function) and surprises (a type PostHog cannot change,
    // files that now match PostHog's version) stay with the full push, which words them.
    if (state.config.type !== record.server.config.type || sameState(state, record.server)) return undefined;
    const fields = changedFields(state, record.local);
    if (
      fields.length === 0 ||
      secretValuesInFile(state.config).length ||
      (fields.includes('enabled') && state.config.enabled)
    )
      return undefined;
    let saved: HogFunction;
    try {
      saved = await connection.client.updateHogFunction(connection.projectId, id, {
        ...patchBody(state, fields),
        base_updated_at: record.serverUpdatedAt,
      });
    } catch (error) {
      if (isStale(error) || (isPostHogError(error) && error.kind === 'not_found')) return undefined;
      throw error;
    }
    await this.remember(key, id, { serverUpdatedAt: saved.updated_at, server: stateFromServer(saved), local: state });
    this.afterServerChange(connection, saved);
    return { status: 'pushed', functionId: id, fields };
  }

  private async pushNew(
    local: LocalFunction<L>,
    file: FunctionFile,
    state: FunctionState,
    connection: SyncConnection,
    why?: string,
  ): Promise<SyncResult<L>> {
    const key = projectKey(connection.host, connection.projectId);
    // An earlier push may have created the function and failed before linking it: link that one instead of creating another.
    const earlier = await this.earlierCreate(local, connection);
    if (earlier) return this.linkCreated(local, file, earlier.fn, earlier.pending, connection);
    const createEnabled = l10n.t('Create Enabled');
    const createDisabled = l10n.t('Create Disabled');
    const notLinked = l10n.t(
      '{0} is not linked to a hog function in this project yet. Pushing creates one there and records its id in function.json. New functions are created disabled unless you choose otherwise.',
      this.folderName(local),
    );
    const choice = await this.prompts.confirm(
      l10n.t('Create "{0}" in {1}?', state.config.name ?? this.folderName(local), this.projectLabel(connection)),
      {
        detail: why ? `${why} ${notLinked}` : notLinked,
        actions: [createDisabled, createEnabled],
        id: 'push.create' satisfies SyncQuestion,
        suggested: state.config.enabled ? createEnabled : createDisabled,
      },
    );
    if (!choice) return { status: 'cancelled' };
    const enabled = choice === createEnabled;
    if (!(await this.confirmSecretsMove(state))) return { status: 'cancelled' };
    const secrets = await this.secretsForNewFunction(state);
    if (!secrets) return { status: 'cancelled' };
    // The folder must be able to take the link afterwards, or the function would be created and left unlinked.
    if (!(await this.files.canWrite(local.jsonUri))) {
      throw new Error(
        l10n.t(
          "{0} cannot be written (read-only?), so nothing was created: the new function's id could not be recorded there.",
          `${this.folderName(local)}/${FUNCTION_JSON}`,
        ),
      );
    }
    // What is sent: the file's configuration, except that it is created with the `enabled` chosen now; the file then
    // loses the secret values that went with it (and only those).
    const sentSecrets = Object.keys(secrets).filter((k) => isGivenValue(secrets[k]));
    const pending: PendingCreate = {
      startedAt: new Date().toISOString(),
      // The state's configuration: the file's, unless the folders apply values of their own (project-inputs.json).
      sent: { source: state.source, config: { ...withSecretsMasked(state.config, new Set(sentSecrets)), enabled } },
      sentSecrets,
    };
    const folderKey = this.files.key(local.folder);
    // Written before the create: if the answer is lost or the link cannot be written, the next push finds the function.
    await this.pending.set(key, folderKey, pending);
    let created: HogFunction;
    try {
      created = await connection.client.createHogFunction(
        connection.projectId,
        createBody(state, { enabled, secrets }),
      );
    } catch (error) {
      if (!mayHaveBeenApplied(error)) await this.pending.delete(key, folderKey);
      throw error;
    }
    await this.pending.set(key, folderKey, { ...pending, createdId: created.id });
    return this.linkCreated(local, file, created, pending, connection);
  }

  /** Records the created function's id in the folder's function.json (the secret values sent replaced by markers). */
  private async linkCreated(
    local: LocalFunction<L>,
    file: FunctionFile,
    created: HogFunction,
    pending: PendingCreate,
    connection: SyncConnection,
  ): Promise<SyncResult<L>> {
    const key = projectKey(connection.host, connection.projectId);
    const linkedFile: FunctionFile = {
      ...file,
      ids: { ...file.ids, [key]: created.id },
      config: withSecretsMasked(file.config, new Set(pending.sentSecrets ?? [])),
    };
    await this.writeText(local.jsonUri, renderFunctionJson(linkedFile));
    await this.remember(key, created.id, {
      serverUpdatedAt: created.updated_at,
      server: stateFromServer(created),
      local: pending.sent,
    });
    await this.pending.delete(key, this.files.key(local.folder));
    await this.workspace.refresh(local.folder);
    this.host.functionChanged(connection, undefined);
    return { status: 'created', functionId: created.id };
  }

  /**
   * The function an earlier push of this folder created in this project but did not link: by the id PostHog answered
   * with, or (when its answer was lost) the one function of that name, type and code created since. Undefined when
   * there was no such push or it created nothing; an error when several functions could be the one.
   */
  private async earlierCreate(
    local: LocalFunction<L>,
    connection: SyncConnection,
  ): Promise<{ fn: HogFunction; pending: PendingCreate } | undefined> {
    const key = projectKey(connection.host, connection.projectId);
    const folderKey = this.files.key(local.folder);
    const pending = this.pending.get(key, folderKey);
    if (!pending) return undefined;
    const { client, projectId } = connection;
    const byId = async (id: string) => {
      try {
        return await client.getHogFunction(projectId, id);
      } catch (error) {
        if (isPostHogError(error) && error.kind === 'not_found') return undefined;
        throw error;
      }
    };
    if (pending.createdId) {
      const fn = await byId(pending.createdId);
      if (fn) return { fn, pending };
      await this.pending.delete(key, folderKey);
      return undefined;
    }
    const { name, type } = pending.sent.config;
    const since = Date.parse(pending.startedAt) - 5 * 60_000;
    const linkedElsewhere = new Set(
      (await this.workspace.all()).flatMap((f) =>
        this.files.key(f.folder) !== folderKey && f.file?.ids[key] ? [f.file.ids[key]] : [],
      ),
    );
    const page = await client.listHogFunctions(projectId, {
      type: [type],
      ...(name ? { search: name } : {}),
      limit: 100,
    });
    const candidates = page.results.filter(
      (f) =>
        (f.name ?? null) === name &&
        f.type === type &&
        !linkedElsewhere.has(f.id) &&
        (f.hog === undefined || f.hog === null || f.hog === pending.sent.source) &&
        (!f.created_at || Date.parse(f.created_at) >= since),
    );
    if (candidates.length === 0) {
      await this.pending.delete(key, folderKey);
      return undefined;
    }
    if (candidates.length > 1) {
      throw new Error(
        l10n.t(
          'An earlier push of {0} may have created "{1}" already, and {2} functions in {3} could be it ({4}). Put the right id under "ids" in its function.json, or delete the extra ones in PostHog, then push again.',
          this.folderName(local),
          name ?? type,
          candidates.length,
          this.projectLabel(connection),
          candidates.map((c) => c.id).join(', '),
        ),
      );
    }
    const fn = await byId((candidates[0] as { id: string }).id);
    if (!fn) {
      await this.pending.delete(key, folderKey);
      return undefined;
    }
    return { fn, pending };
  }

  private async remember(key: string, functionId: string, record: SyncRecord): Promise<void> {
    await this.records.set(key, functionId, record);
    for (const listener of this.listeners) listener();
  }

  /** The id of the folder's function in the connection's project, if it has one there. */
  linkedId(local: LocalFunction<L>, connection: SyncConnection): string | undefined {
    return local.file?.ids[projectKey(connection.host, connection.projectId)];
  }

  /** PostHog's function as this folder's files would hold it (the folder's ids and unknown keys kept). */
  private serverFiles(fn: HogFunction, file: FunctionFile | undefined, key: string): ServerFiles {
    const state = stateFromServer(fn);
    const json = renderFunctionJson({
      ids: { ...file?.ids, [key]: fn.id },
      config: state.config,
      extra: file?.extra ?? {},
    });
    return { fn, state, json };
  }

  /** Opens a diff (PostHog's version ↔ the file) for each of the folder's two files that differs. */
  private async showDifferences(
    local: LocalFunction<L>,
    server: ServerFiles,
    connection: SyncConnection,
  ): Promise<void> {
    const label = l10n.t('PostHog {0}', this.projectLabel(connection));
    const pairs: [L | undefined, string][] = [
      [local.sourceUri, server.state.source],
      [local.jsonUri, server.json],
    ];
    for (const [uri, text] of pairs) if (uri) await this.host.showDifference(text, uri, label);
  }

  private async ask(message: string, detail: string, action: string, id: SyncQuestion): Promise<boolean> {
    this.questions++;
    return (await this.prompts.confirm(message, { detail, actions: [action], id })) === action;
  }

  /**
   * A question about the diff just opened: asked beside it (a notification: a modal dialog would cover what it asks
   * about), named for policy shells. Counted like the others: the user may take minutes over it.
   */
  private async askBesideDiff(message: string, detail: string, action: string, id: SyncQuestion): Promise<boolean> {
    this.questions++;
    return (await this.prompts.confirm(message, { detail, actions: [action], id, beside: true })) === action;
  }

  private async confirmEnable(state: FunctionState): Promise<boolean> {
    if (!DESTINATION_TYPES.has(state.config.type)) return true;
    return this.ask(
      state.config.name ? l10n.t('Push enables "{0}".', state.config.name) : l10n.t('Push enables "this function".'),
      l10n.t(
        'function.json says "enabled": true. This destination starts receiving live events from the project as soon as it is enabled, and acts on them (for example by calling webhooks).',
      ),
      l10n.t('Push and Enable'),
      'push.enable',
    );
  }

  /** A secret value typed into function.json is sent once, then replaced in the file by the marker. */
  private async confirmSecretsMove(state: FunctionState): Promise<boolean> {
    const found = secretValuesInFile(state.config);
    if (!found.length) return true;
    return this.ask(
      found.length > 1
        ? l10n.t('function.json holds the value of secret inputs {0}.', found.join(', '))
        : l10n.t('function.json holds the value of secret input {0}.', found.join(', ')),
      l10n.t(
        'Secrets belong in PostHog, not in the repository. Pushing sends the value to PostHog and replaces it in function.json with {"secret": true}.',
      ),
      l10n.t('Push and Remove from File'),
      'push.secretsInFile',
    );
  }

  /**
   * Secret values for a function being created: from function.json (any value, a dictionary or JSON one too), or
   * asked for one by one; what is typed is read as the input's declared type.
   */
  private async secretsForNewFunction(state: FunctionState): Promise<Record<string, unknown> | undefined> {
    const secrets: Record<string, unknown> = {};
    for (const { key, label, required } of secretInputs(state.config)) {
      const entry = state.config.inputs_schema.find((e) => e.key === key) ?? { key };
      const read = (text: string) => parseSecretText({ ...entry, key }, text);
      const inFile = state.config.inputs[key]?.value;
      if (isGivenValue(inFile)) {
        secrets[key] = inFile;
        continue;
      }
      const value = await this.prompts.password({
        title: l10n.t('Secret input "{0}" of the new function', label),
        prompt: required
          ? l10n.t('Required. Sent to PostHog only, never written to the workspace.')
          : l10n.t('Optional: leave empty to set it later in PostHog. Never written to the workspace.'),
        ignoreFocusOut: true,
        id: `secret.${key}`,
        validate: (v) => {
          if (!v) return required ? l10n.t('{0} is required.', label) : undefined;
          const parsed = read(v);
          return parsed.ok ? undefined : parsed.message;
        },
      });
      if (value === undefined) return undefined;
      if (value) {
        const parsed = read(value);
        if (!parsed.ok) throw new Error(parsed.message);
        secrets[key] = parsed.value;
      }
    }
    return secrets;
  }

  /**
   * After a push: secret values the user typed into function.json are replaced by markers, in the fields that were
   * sent (a value that did not go to PostHog stays where the user put it); returns what was sent, as the state (the
   * file's configuration, with the values the folders apply of their own, project-inputs.json) with those markers.
   */
  private async maskSecretsInFile(
    local: LocalFunction<L>,
    file: FunctionFile,
    state: FunctionState,
    fields: readonly PushField[],
  ): Promise<FunctionState> {
    if (!secretValuesInFile(state.config).length || !(fields.includes('inputs') || fields.includes('mappings')))
      return state;
    const only = fields.includes('inputs') ? undefined : new Set<string>();
    const mappings = fields.includes('mappings');
    await this.writeText(
      local.jsonUri,
      renderFunctionJson({ ...file, config: withSecretsMasked(file.config, only, mappings) }),
    );
    await this.workspace.refresh(local.folder);
    return { source: state.source, config: withSecretsMasked(state.config, only, mappings) };
  }

  private afterServerChange(connection: SyncConnection, fn: HogFunction): void {
    this.host.functionChanged(connection, fn);
  }

  private async writeText(uri: L, text: string): Promise<void> {
    await this.files.writeText(uri, text);
  }

  private folderName(local: LocalFunction<L>): string {
    return this.files.name(local.folder);
  }

  private projectLabel(connection: SyncConnection): string {
    return this.host.projectLabel(connection);
  }
}
