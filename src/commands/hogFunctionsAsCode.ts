// Commands that move hog functions between PostHog and the workspace (export, push, pull) and work with the newest
// server's review cycle (revisions, restore, publish, discard). Each takes a tree node, a `{ id }`, a workspace file
// or folder, a `posthog-hog:` document, or nothing (the active editor); options answer the questions ahead of time.
import * as vscode from 'vscode';
import type { HogFunction, HogFunctionRevision } from '../api';
import { isPostHogError } from '../api/errors';
import { describeUnreadable } from '../api/unreadable';
import { hogUri, refOf } from '../hog/fileSystem';
import type { HogFunctionRef } from '../hog/paths';
import type { FunctionSync, PullOptions, PushOptions, SyncResult } from '../hogAsCode/functionSync';
import { renderFunctionJson, stateFromServer, type FunctionConfig } from '../hogAsCode/functionFiles';
import { projectKey, sourceExtension, folderSlug } from '../hogAsCode/layout';
import { showDiff, type Snapshots } from '../hogAsCode/snapshots';
import { functionFolderOf, type LocalFunction, type WorkspaceFunctions } from '../hogAsCode/workspaceFunctions';
import type { HogFunctionsStore } from '../model/hogFunctionsStore';
import type { Connection, Session } from '../model/session';
import { Command, ContextKey } from '../constants';
import { functionLabel, singularFunctionTypeLabel } from '../shared/functionTypes';
import { setContext } from '../ui/contextKeys';
import { FunctionTypeNode, HogFunctionNode } from '../views/hogFunctionsTree';
import { command, type CommandTable } from './register';

type Target = HogFunctionNode | FunctionTypeNode | { id: string } | vscode.Uri | undefined;

export interface RevisionOptions {
  /** The version to act on, instead of picking one. */
  version?: number;
  /** What to do with it, instead of picking: compare its source or configuration with the current one, or restore it. */
  action?: 'compare-source' | 'compare-config' | 'restore';
  /** Restore without asking first. */
  confirm?: boolean;
  /** Replace an open draft with the restored version without asking. */
  overwriteDraft?: boolean;
  /** After restoring: publish the draft at once (true) or leave it staged (false), without asking. */
  publish?: boolean;
}

export interface AsCodeDeps {
  session: Session;
  store: HogFunctionsStore;
  sync: FunctionSync;
  workspace: WorkspaceFunctions;
  snapshots: Snapshots;
}

export function hogFunctionsAsCodeCommands(deps: AsCodeDeps): CommandTable {
  const { session, store, sync, workspace, snapshots } = deps;

  const activeUri = (): vscode.Uri | undefined => vscode.window.activeTextEditor?.document.uri;

  /** The workspace folder of the target: its own folder, or the one linked to the function in this project. */
  const folderOf = async (target: Target, connection: Connection): Promise<LocalFunction> => {
    const uri = target instanceof vscode.Uri ? target : target === undefined ? activeUri() : undefined;
    const folder = uri && functionFolderOf(uri);
    if (folder) return workspace.refresh(folder);
    const id = idOf(target, uri);
    if (!id) throw new Error('Choose a hog function in the tree, or open a file of a function folder (posthog/hog-functions/…), first.');
    const linked = await workspace.linked(projectKey(connection.host, connection.projectId), id);
    if (!linked[0]) throw new Error('This hog function is not in the workspace yet: use "Export to Workspace" first.');
    return linked[0];
  };

  /** The function the target names in the selected project (a workspace folder names it by its id there). */
  const functionRef = async (target: Target, connection: Connection): Promise<HogFunctionRef & { local?: LocalFunction }> => {
    const uri = target instanceof vscode.Uri ? target : target === undefined ? activeUri() : undefined;
    const folder = uri && functionFolderOf(uri);
    if (folder) {
      const local = await workspace.refresh(folder);
      const id = sync.linkedId(local, connection);
      if (!id) throw new Error(`${folder.path.split('/').pop()} is not linked to a hog function in this project yet: push it first.`);
      return { projectId: connection.projectId, functionId: id, local };
    }
    const id = idOf(target, uri);
    if (!id) throw new Error('Choose a hog function in the tree first.');
    const local = (await workspace.linked(projectKey(connection.host, connection.projectId), id))[0];
    return { projectId: connection.projectId, functionId: id, ...(local ? { local } : {}) };
  };

  const describe = (result: SyncResult | undefined, name: string): void => {
    if (!result) return;
    switch (result.status) {
      case 'pushed':
        void vscode.window.showInformationMessage(`Pushed ${name} to PostHog (${result.fields.join(', ')}).`);
        break;
      case 'created':
        void vscode.window.showInformationMessage(`Created ${name} in PostHog and linked it in function.json.`);
        break;
      case 'pulled':
        void vscode.window.showInformationMessage(`Pulled ${name} from PostHog.`);
        break;
      case 'unchanged':
        void vscode.window.showInformationMessage(`${name} is the same in the workspace and in PostHog.`);
        break;
      case 'behind':
        void vscode.window.showWarningMessage(`${name} changed in PostHog and not in the workspace: nothing to push. Pull to bring the change into the files.`, 'Pull').then(
          (choice) => choice && vscode.commands.executeCommand(Command.pullHogFunction, { id: result.functionId }));
        break;
      default:
        break;
    }
  };

  const nameOf = (local: LocalFunction) => `"${local.file?.config.name ?? local.folder.path.split('/').pop()}"`;

  /** `{ all: true }` exports every function without asking (automation); no target asks what to export. */
  const exportFunctions = async (target?: Target | { all: true }): Promise<SyncResult[] | undefined> => {
    if (target && !(target instanceof vscode.Uri) && 'all' in target) return exportTargets(undefined, 'all');
    return exportTargets(target);
  };

  const exportTargets = async (target: Target, all?: 'all'): Promise<SyncResult[] | undefined> => {
    const connection = session.requireConnection();
    const { client, projectId } = connection;
    let functions: HogFunction[];
    let bulk = true;
    if (target instanceof FunctionTypeNode || target === undefined) {
      const type = target instanceof FunctionTypeNode ? target.type : undefined;
      const picked = type || all ? 'all' : await pickExport();
      if (!picked) return undefined;
      if (picked === 'all') {
        const list = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading hog functions' },
          () => client.listHogFunctionsFull(projectId, type ? { type: [type] } : {}));
        if (list.unreadable.length) void vscode.window.showWarningMessage(`${list.unreadable.length} hog function(s) could not be read and were not exported: ${list.unreadable.map(describeUnreadable).join('; ')}`);
        functions = list.results;
      } else {
        functions = [await client.getHogFunction(projectId, picked)];
        bulk = false;
      }
    } else {
      const id = idOf(target, target instanceof vscode.Uri ? target : undefined);
      if (!id) throw new Error('Choose a hog function to export.');
      functions = [await client.getHogFunction(projectId, id)];
      bulk = false;
    }
    const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Exporting hog functions' },
      () => sync.export(functions, connection, { bulk }));
    if (!bulk) {
      const only = results[0];
      if (only && 'folder' in only) {
        const local = await workspace.refresh(only.folder);
        if (local.sourceUri) await vscode.window.showTextDocument(local.sourceUri, { preview: false });
      }
      describe(only?.status === 'exported' ? undefined : only, `"${functions[0]?.name ?? ''}"`);
      if (only?.status === 'exported') void vscode.window.showInformationMessage(`Exported "${functions[0]?.name ?? ''}" to ${vscode.workspace.asRelativePath(only.folder)}.`);
    } else {
      const count = (status: SyncResult['status']) => results.filter((r) => r.status === status).length;
      const skipped = results.filter((r): r is Extract<SyncResult, { status: 'skipped' }> => r.status === 'skipped');
      const parts = [`${count('exported')} exported`, `${count('pulled')} updated`, `${count('unchanged')} unchanged`];
      const note = skipped.length ? ` ${skipped.length} not updated because their files have local changes: pull them one by one (${skipped.map((s) => vscode.workspace.asRelativePath(s.folder)).join(', ')}).` : '';
      void vscode.window.showInformationMessage(`Hog functions to workspace: ${parts.join(', ')}.${note}`);
    }
    return results;
  };

  /** From the palette: everything, or one function of the tree's list. */
  const pickExport = async (): Promise<string | undefined> => {
    const list = store.current();
    if (list) await list.load();
    const picked = await vscode.window.showQuickPick(
      [
        { label: '$(files) All hog functions', description: 'of this project', id: 'all' },
        ...(list?.items ?? []).map((f) => ({ label: functionLabel(f), description: singularFunctionTypeLabel(f.type), id: f.id })),
      ],
      { title: 'Export to workspace', placeHolder: 'Export all hog functions, or pick one' },
    );
    return picked?.id;
  };

  // Revisions ------------------------------------------------------------------------------------------------

  const noRevisions = async (): Promise<{ supported: false }> => {
    await setContext(ContextKey.noHogFunctionRevisions, true);
    void vscode.window.showInformationMessage('This PostHog server keeps no revisions or drafts of hog functions: it is older than that feature.');
    return { supported: false };
  };

  const compareRevision = async (connection: Connection, ref: HogFunctionRef & { local?: LocalFunction }, fn: HogFunction, version: number, what: 'source' | 'config'): Promise<boolean> => {
    const revision = await connection.client.getHogFunctionRevision(connection.projectId, ref.functionId, version);
    if (!revision) return (await noRevisions()).supported;
    const content = revision.content ?? {};
    const label = `${fn.name ?? fn.id} version ${version}`;
    const local = ref.local?.state ? ref.local : undefined;
    if (what === 'source') {
      // The right side is the current code where the user edits it: the workspace file, else the PostHog document.
      const right = local?.sourceUri ?? hogUri(ref, fn, 'hog');
      const fileName = right.path.split('/').pop() ?? `${folderSlug(fn.name)}${sourceExtension(fn.type)}`;
      const left = snapshots.put(label, fileName, typeof content.hog === 'string' ? content.hog : '');
      await showDiff(left, right, `${fileName} (version ${version}) ↔ ${fileName} (current)`);
      return true;
    }
    const key = projectKey(connection.host, connection.projectId);
    const current: FunctionConfig = local?.state?.config ?? stateFromServer(fn).config;
    const file = { ids: local?.file?.ids ?? { [key]: fn.id }, extra: local?.file?.extra ?? {} };
    const old = stateFromServer({ ...fn, hog: typeof content.hog === 'string' ? content.hog : fn.hog, ...pick(content, ['inputs_schema', 'inputs', 'filters', 'mappings', 'masking']) }).config;
    // Only what a revision holds comes from it; name, enabled and the rest stay as they are now, so the diff shows the config.
    const left = snapshots.put(label, 'function.json', renderFunctionJson({ ...file, config: { ...current, inputs_schema: old.inputs_schema, inputs: old.inputs, filters: old.filters, mappings: old.mappings, masking: old.masking } }));
    const right = local?.jsonUri ?? snapshots.put(`${fn.name ?? fn.id} current`, 'function.json', renderFunctionJson({ ...file, config: current }));
    await showDiff(left, right, `function.json (version ${version}) ↔ function.json (current)`);
    return true;
  };

  const publishDraft = async (connection: Connection, fn: HogFunction, options: { confirm?: boolean }): Promise<HogFunction | undefined> => {
    const preview = await connection.client.previewHogFunctionPublish(connection.projectId, fn.id);
    if (!preview) {
      await noRevisions();
      return undefined;
    }
    const changed = preview.changed_fields ?? [];
    const draft = (typeof fn.draft === 'object' && fn.draft !== null ? fn.draft : {}) as Record<string, unknown>;
    if (changed.includes('hog') && typeof draft.hog === 'string') {
      const fileName = `${folderSlug(fn.name)}${sourceExtension(fn.type)}`;
      await showDiff(snapshots.put(`${fn.name ?? fn.id} live`, fileName, fn.hog ?? ''), snapshots.put(`${fn.name ?? fn.id} draft`, fileName, draft.hog), `${fileName} (live) ↔ ${fileName} (draft)`);
    }
    if (!options.confirm) {
      const running = fn.enabled ? ' The function is enabled: the published code runs on live events at once.' : '';
      const answer = await vscode.window.showWarningMessage(
        `Publish the draft of "${fn.name ?? fn.id}"?`,
        { modal: true, detail: `Publishing changes ${changed.length ? changed.join(', ') : 'nothing PostHog can see'} of the live function.${running}` },
        'Publish',
      );
      if (answer !== 'Publish') return undefined;
    }
    const result = await connection.client.confirmHogFunctionPublish(connection.projectId, fn.id, preview.confirm_token ?? undefined);
    const published = result?.function ?? (await connection.client.getHogFunction(connection.projectId, fn.id));
    store.replace(published);
    void vscode.window.showInformationMessage(`Published the draft of "${published.name ?? published.id}".`);
    return published;
  };

  const restoreRevision = async (connection: Connection, fn: HogFunction, version: number, options: RevisionOptions) => {
    if (!options.confirm) {
      const answer = await vscode.window.showWarningMessage(
        `Restore version ${version} of "${fn.name ?? fn.id}"?`,
        { modal: true, detail: 'PostHog stages that version as a draft. The function keeps running its current code until the draft is published.' },
        'Restore as Draft',
      );
      if (answer !== 'Restore as Draft') return undefined;
    }
    let restored: HogFunction | undefined;
    try {
      restored = await connection.client.restoreHogFunctionRevision(connection.projectId, fn.id, version, options.overwriteDraft ?? false);
    } catch (error) {
      if (!isPostHogError(error) || error.code !== 'draft_exists') throw error;
      const replace = options.overwriteDraft ?? (await vscode.window.showWarningMessage(
        `"${fn.name ?? fn.id}" already has a draft waiting to be published.`,
        { modal: true, detail: `Restoring version ${version} replaces that draft.` },
        'Replace Draft',
      )) === 'Replace Draft';
      if (!replace) return undefined;
      restored = await connection.client.restoreHogFunctionRevision(connection.projectId, fn.id, version, true);
    }
    if (!restored) return noRevisions();
    const publish = options.publish ?? (await vscode.window.showInformationMessage(
      `Version ${version} of "${fn.name ?? fn.id}" is staged as a draft.`, 'Publish…',
    )) === 'Publish…';
    const published = publish ? await publishDraft(connection, restored, { confirm: options.publish === true }) : undefined;
    return { restored, published };
  };

  const showRevisions = async (target?: Target, options: RevisionOptions = {}) => {
    const connection = session.requireConnection();
    const ref = await functionRef(target, connection);
    const [fn, revisions] = await Promise.all([
      connection.client.getHogFunction(connection.projectId, ref.functionId),
      connection.client.listHogFunctionRevisions(connection.projectId, ref.functionId),
    ]);
    if (!revisions) return noRevisions();
    let version = options.version;
    if (version === undefined) {
      if (options.action === undefined && revisions.length === 0) {
        void vscode.window.showInformationMessage(`"${fn.name ?? fn.id}" has no revisions yet: PostHog keeps one from its next change of code or configuration.`);
        return { supported: true, revisions };
      }
      if (revisions.length === 0) return { supported: true, revisions };
      version = (await pickRevision(fn, revisions))?.version;
      if (version === undefined) return { supported: true, revisions };
    }
    const action = options.action ?? (await vscode.window.showQuickPick(
      [
        { label: '$(diff) Compare source with the current code', action: 'compare-source' as const },
        { label: '$(json) Compare configuration with the current one', action: 'compare-config' as const },
        { label: '$(history) Restore this version…', description: 'staged as a draft, then published', action: 'restore' as const },
      ],
      { title: `Version ${version} of "${fn.name ?? fn.id}"` },
    ))?.action;
    if (!action) return { supported: true, revisions };
    if (action === 'restore') return { supported: true, revisions, ...(await restoreRevision(connection, fn, version, options)) };
    await compareRevision(connection, ref, fn, version, action === 'compare-source' ? 'source' : 'config');
    return { supported: true, revisions, compared: version };
  };

  const loadFunction = async (target: Target) => {
    const connection = session.requireConnection();
    const ref = await functionRef(target, connection);
    return { connection, fn: await connection.client.getHogFunction(connection.projectId, ref.functionId) };
  };

  return {
    [Command.exportHogFunctions]: command('Export hog functions to the workspace', exportFunctions),

    [Command.pushHogFunction]: command('Push hog function', async (target?: Target, options?: PushOptions) => {
      const connection = session.requireConnection();
      const local = await folderOf(target, connection);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Pushing hog function' },
        () => sync.push(local.folder, options));
      describe(result, nameOf(local));
      return result;
    }),

    [Command.pullHogFunction]: command('Pull hog function', async (target?: Target, options?: PullOptions) => {
      const connection = session.requireConnection();
      const local = await folderOf(target, connection);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Pulling hog function' },
        () => sync.pull(local, options));
      describe(result, nameOf(local));
      return result;
    }),

    [Command.showHogFunctionRevisions]: command('Show hog function revisions', showRevisions),

    [Command.publishHogFunctionDraft]: command('Publish hog function draft', async (target?: Target, options: { confirm?: boolean } = {}) => {
      const { connection, fn } = await loadFunction(target);
      if (!fn.draft) {
        if (fn.draft === undefined && fn.version === undefined) return noRevisions();
        void vscode.window.showInformationMessage(`"${fn.name ?? fn.id}" has no draft to publish.`);
        return undefined;
      }
      return publishDraft(connection, fn, options);
    }),

    [Command.discardHogFunctionDraft]: command('Discard hog function draft', async (target?: Target, options: { confirm?: boolean } = {}) => {
      const { connection, fn } = await loadFunction(target);
      if (!fn.draft) {
        void vscode.window.showInformationMessage(`"${fn.name ?? fn.id}" has no draft.`);
        return undefined;
      }
      if (!options.confirm) {
        const answer = await vscode.window.showWarningMessage(`Discard the draft of "${fn.name ?? fn.id}"?`, { modal: true, detail: 'The staged changes are dropped; the live function is unchanged.' }, 'Discard');
        if (answer !== 'Discard') return undefined;
      }
      const discarded = await connection.client.discardHogFunctionDraft(connection.projectId, fn.id);
      if (!discarded) return noRevisions();
      store.replace(discarded);
      return discarded;
    }),
  };
}

function idOf(target: Target, uri: vscode.Uri | undefined): string | undefined {
  if (target instanceof HogFunctionNode) return target.hogFunction.id;
  if (target && !(target instanceof vscode.Uri) && !(target instanceof FunctionTypeNode) && typeof target.id === 'string') return target.id;
  return uri ? refOf(uri)?.functionId : undefined;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

async function pickRevision(fn: HogFunction, revisions: HogFunctionRevision[]): Promise<HogFunctionRevision | undefined> {
  const picked = await vscode.window.showQuickPick(
    revisions.map((r) => ({
      label: `Version ${r.version}${r.version === fn.version ? ' (live)' : ''}`,
      description: [r.created_at ? new Date(r.created_at).toLocaleString() : undefined, r.created_by ? r.created_by.email ?? r.created_by.first_name ?? undefined : 'PostHog'].filter(Boolean).join(' · '),
      revision: r,
    })),
    { title: `Revisions of "${fn.name ?? fn.id}"`, placeHolder: 'Pick a version to compare or restore' },
  );
  return picked?.revision;
}
