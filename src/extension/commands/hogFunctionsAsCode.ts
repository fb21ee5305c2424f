// Commands that move hog functions between PostHog and the workspace (export, push, pull) and work with the newest
// server's review cycle (revisions, restore, publish, discard). Each takes a tree node, a `{ id }`, a workspace file
// or folder, a `posthog-hog:` document, or nothing (the active editor). Options may choose a revision and what to do
// with it; every confirmation is the user's, through the Prompts.
import * as vscode from 'vscode';
import { formatDateTime } from '../../shared/format';
import type { Prompts } from '../../core/prompts';
import type { HogFunction, HogFunctionRevision } from '../../api';
import { describeUnreadable, isPostHogError } from '../../api';
import { hogUri, refOf } from '../hog/fileSystem';
import type { HogFunctionRef } from '../../core/functions/paths';
import type { SyncResult as EngineResult } from '../../core/functions/functionSync';
import type { WorkspaceSync } from '../functions/workspaceSync';
import { renderFunctionJson, stateFromServer, type FunctionConfig } from '../../core/functions/functionFiles';
import { projectKey, sourceExtension, folderSlug } from '../../core/functions/layout';
import { fieldList } from '../../core/functions/fieldWords';
import { showDiff, type Snapshots } from '../functions/snapshots';
import { functionFolderOf, type LocalFunction, type WorkspaceFunctions } from '../functions/workspaceFunctions';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Connection, Session } from '../services/session';
import { Command, ContextKey } from '../services/constants';
import { functionLabel, singularFunctionTypeLabel } from '../../shared/functionTypes';
import { setContext } from '../services/contextKeys';
import { markFile } from '../services/ruleDiagnostics';
import { FunctionTypeNode, HogFunctionNode } from '../views/hogFunctionsTree';
import { command, type CommandTable } from './runner';

type SyncResult = EngineResult<vscode.Uri>;
type Target = HogFunctionNode | FunctionTypeNode | { id: string } | vscode.Uri | undefined;

export interface RevisionOptions {
  /** The version to act on, instead of picking one. */
  version?: number;
  /** What to do with it, instead of picking: compare its source or configuration with the current one, or restore it (after asking). */
  action?: 'compare-source' | 'compare-config' | 'restore';
}

export interface AsCodeDeps {
  /** Where a refused push is marked (PostHog's Problems on the folder's files). */
  diagnostics?: vscode.DiagnosticCollection;
  session: Session;
  prompts: Prompts;
  store: HogFunctionsStore;
  sync: WorkspaceSync;
  workspace: WorkspaceFunctions;
  snapshots: Snapshots;
}

export function hogFunctionsAsCodeCommands(deps: AsCodeDeps) {
  const { session, prompts, store, sync, workspace, snapshots } = deps;

  const activeUri = (): vscode.Uri | undefined => vscode.window.activeTextEditor?.document.uri;

  /**
   * The workspace folder of the target: its own folder, or the one linked to the function in this project. `read`:
   * read from disk now (the folder index can lag behind the files) as the selected project sees it (its
   * project-inputs.json entry applied); a push uses that read, so the folder is not read a second time.
   */
  const folderOf = async (target: Target, connection: Connection, read: boolean): Promise<LocalFunction> => {
    const uri = target instanceof vscode.Uri ? target : target === undefined ? activeUri() : undefined;
    const folder = uri && functionFolderOf(uri);
    if (folder) return read ? sync.read(folder) : workspace.refresh(folder);
    const id = idOf(target, uri);
    if (!id)
      throw new Error(
        vscode.l10n.t(
          'Choose a hog function in the tree, or open a file of a function folder (posthog/hog-functions/…), first.',
        ),
      );
    const linked = await workspace.linked(projectKey(connection.host, connection.projectId), id);
    if (!linked[0])
      throw new Error(vscode.l10n.t('This hog function is not in the workspace yet: use "Export to Workspace" first.'));
    return read ? sync.read(linked[0].folder) : linked[0];
  };

  /** The function the target names in the selected project (a workspace folder names it by its id there). */
  const functionRef = async (
    target: Target,
    connection: Connection,
  ): Promise<HogFunctionRef & { local?: LocalFunction }> => {
    const uri = target instanceof vscode.Uri ? target : target === undefined ? activeUri() : undefined;
    const folder = uri && functionFolderOf(uri);
    if (folder) {
      const local = await workspace.refresh(folder);
      const id = sync.linkedId(local, connection);
      if (!id)
        throw new Error(
          vscode.l10n.t(
            '{0} is not linked to a hog function in this project yet: push it first.',
            folder.path.split('/').pop() ?? folder.path,
          ),
        );
      return { projectId: connection.projectId, functionId: id, local };
    }
    const id = idOf(target, uri);
    if (!id) throw new Error(vscode.l10n.t('Choose a hog function in the tree first.'));
    const local = (await workspace.linked(projectKey(connection.host, connection.projectId), id))[0];
    return { projectId: connection.projectId, functionId: id, ...(local ? { local } : {}) };
  };

  const describe = (result: SyncResult | undefined, name: string): void => {
    if (!result) return;
    switch (result.status) {
      case 'pushed':
        void prompts.info(vscode.l10n.t('Pushed {0} to PostHog: its {1}.', name, fieldList(result.fields)));
        break;
      case 'created':
        void prompts.info(vscode.l10n.t('Created {0} in PostHog and linked it in function.json.', name));
        break;
      case 'pulled':
        void prompts.info(vscode.l10n.t('Pulled {0} from PostHog.', name));
        break;
      case 'unchanged':
        void prompts.info(vscode.l10n.t('{0} is the same in the workspace and in PostHog.', name));
        break;
      case 'behind':
        void prompts
          .warn(
            vscode.l10n.t(
              '{0} changed in PostHog and not in the workspace: nothing to push. Pull to bring the change into the files.',
              name,
            ),
            vscode.l10n.t('Pull'),
          )
          .then(
            (choice) => choice && vscode.commands.executeCommand(Command.pullHogFunction, { id: result.functionId }),
          );
        break;
      default:
        break;
    }
  };

  const nameOf = (local: LocalFunction) => quoted(local.file?.config.name ?? local.folder.path.split('/').pop() ?? '');

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
        let list: Awaited<ReturnType<typeof client.listHogFunctionsFull>>;
        try {
          list = await prompts.progress(
            { location: 'notification', title: vscode.l10n.t('Loading hog functions'), cancellable: true },
            (signal) => client.listHogFunctionsFull(projectId, type ? { type: [type] } : {}, { signal }),
          );
        } catch (error) {
          if (isPostHogError(error) && error.kind === 'cancelled') return undefined;
          throw error;
        }
        if (list.cut) session.reportCut(vscode.l10n.t('hog functions'), list.cut);
        if (list.unreadable.length)
          void prompts.warn(
            vscode.l10n.t(
              '{0} hog function(s) could not be read and were not exported: {1}',
              list.unreadable.length,
              list.unreadable.map(describeUnreadable).join('; '),
            ),
          );
        functions = list.results;
      } else {
        functions = [await client.getHogFunction(projectId, picked)];
        bulk = false;
      }
    } else {
      const id = idOf(target, target instanceof vscode.Uri ? target : undefined);
      if (!id) throw new Error(vscode.l10n.t('Choose a hog function to export.'));
      functions = [await client.getHogFunction(projectId, id)];
      bulk = false;
    }
    const results = await prompts.progress({ title: vscode.l10n.t('Exporting hog functions') }, () =>
      sync.export(functions, connection, { bulk }),
    );
    if (!bulk) {
      const only = results[0];
      if (only && 'folder' in only) {
        const local = await workspace.refresh(only.folder);
        if (local.sourceUri) await vscode.window.showTextDocument(local.sourceUri, { preview: false });
      }
      describe(only?.status === 'exported' ? undefined : only, quoted(functions[0]?.name ?? ''));
      if (only?.status === 'exported')
        void prompts.info(
          vscode.l10n.t(
            'Exported "{0}" to {1}.',
            functions[0]?.name ?? '',
            vscode.workspace.asRelativePath(only.folder),
          ),
        );
    } else {
      const count = (status: SyncResult['status']) => results.filter((r) => r.status === status).length;
      const skipped = results.filter((r): r is Extract<SyncResult, { status: 'skipped' }> => r.status === 'skipped');
      const parts = vscode.l10n.t(
        '{0} exported, {1} updated, {2} unchanged',
        count('exported'),
        count('pulled'),
        count('unchanged'),
      );
      const folders = skipped.map((s) => vscode.workspace.asRelativePath(s.folder)).join(', ');
      void prompts.info(
        skipped.length
          ? vscode.l10n.t(
              'Hog functions to workspace: {0}. {1} not updated because their files have local changes: pull them one by one ({2}).',
              parts,
              skipped.length,
              folders,
            )
          : vscode.l10n.t('Hog functions to workspace: {0}.', parts),
      );
    }
    return results;
  };

  /** From the palette: everything, or one function of the tree's list. */
  const pickExport = async (): Promise<string | undefined> => {
    const list = store.current();
    if (list) await list.load();
    const picked = await prompts.pick(
      [
        {
          label: `$(files) ${vscode.l10n.t('All hog functions')}`,
          description: vscode.l10n.t('of this project'),
          id: 'all',
        },
        ...(list?.items ?? []).map((f) => ({
          label: functionLabel(f),
          description: singularFunctionTypeLabel(f.type),
          id: f.id,
        })),
      ],
      {
        title: vscode.l10n.t('Export to workspace'),
        placeHolder: vscode.l10n.t('Export all hog functions, or pick one'),
      },
    );
    return picked?.id;
  };

  // Revisions ------------------------------------------------------------------------------------------------

  const noRevisions = async (): Promise<{ supported: false }> => {
    await setContext(ContextKey.noHogFunctionRevisions, true);
    void prompts.info(
      vscode.l10n.t(
        'This PostHog server keeps no revisions or drafts of hog functions: it is older than that feature.',
      ),
    );
    return { supported: false };
  };

  const compareRevision = async (
    connection: Connection,
    ref: HogFunctionRef & { local?: LocalFunction },
    fn: HogFunction,
    version: number,
    what: 'source' | 'config',
  ): Promise<boolean> => {
    const revision = await connection.client.getHogFunctionRevision(connection.projectId, ref.functionId, version);
    if (!revision) return (await noRevisions()).supported;
    const content = revision.content ?? {};
    const label = vscode.l10n.t('{0} version {1}', fn.name ?? fn.id, version);
    const local = ref.local?.state ? ref.local : undefined;
    if (what === 'source') {
      // The right side is the current code where the user edits it: the workspace file, else the PostHog document.
      const right = local?.sourceUri ?? hogUri(ref, fn, 'hog', session.projectName(ref.projectId));
      const fileName = right.path.split('/').pop() ?? `${folderSlug(fn.name)}${sourceExtension(fn.type)}`;
      const left = snapshots.put(label, fileName, typeof content.hog === 'string' ? content.hog : '');
      await showDiff(left, right, vscode.l10n.t('{0} (version {1}) ↔ {0} (current)', fileName, version));
      return true;
    }
    const key = projectKey(connection.host, connection.projectId);
    const current: FunctionConfig = local?.state?.config ?? stateFromServer(fn).config;
    const file = { ids: local?.file?.ids ?? { [key]: fn.id }, extra: local?.file?.extra ?? {} };
    const old = stateFromServer({
      ...fn,
      hog: typeof content.hog === 'string' ? content.hog : fn.hog,
      ...pick(content, ['inputs_schema', 'inputs', 'filters', 'mappings', 'masking']),
    }).config;
    // Only what a revision holds comes from it; name, enabled and the rest stay as they are now, so the diff shows the config.
    const left = snapshots.put(
      label,
      'function.json',
      renderFunctionJson({
        ...file,
        config: {
          ...current,
          inputs_schema: old.inputs_schema,
          inputs: old.inputs,
          filters: old.filters,
          mappings: old.mappings,
          masking: old.masking,
        },
      }),
    );
    const right =
      local?.jsonUri ??
      snapshots.put(
        vscode.l10n.t('{0} current', fn.name ?? fn.id),
        'function.json',
        renderFunctionJson({ ...file, config: current }),
      );
    await showDiff(left, right, vscode.l10n.t('{0} (version {1}) ↔ {0} (current)', 'function.json', version));
    return true;
  };

  const publishDraft = async (connection: Connection, fn: HogFunction): Promise<HogFunction | undefined> => {
    const preview = await connection.client.previewHogFunctionPublish(connection.projectId, fn.id);
    if (!preview) {
      await noRevisions();
      return undefined;
    }
    const changed = preview.changed_fields ?? [];
    const draft = (typeof fn.draft === 'object' && fn.draft !== null ? fn.draft : {}) as Record<string, unknown>;
    if (changed.includes('hog') && typeof draft.hog === 'string') {
      const fileName = `${folderSlug(fn.name)}${sourceExtension(fn.type)}`;
      await showDiff(
        snapshots.put(vscode.l10n.t('{0} live', fn.name ?? fn.id), fileName, fn.hog ?? ''),
        snapshots.put(vscode.l10n.t('{0} draft', fn.name ?? fn.id), fileName, draft.hog),
        vscode.l10n.t('{0} (live) ↔ {0} (draft)', fileName),
      );
    }
    const what = changed.length ? changed.join(', ') : vscode.l10n.t('nothing PostHog can see');
    const publishChoice = vscode.l10n.t('Publish');
    const answer = await prompts.confirm(vscode.l10n.t('Publish the draft of "{0}"?', fn.name ?? fn.id), {
      detail: fn.enabled
        ? vscode.l10n.t(
            'Publishing changes {0} of the live function. The function is enabled: the published code runs on live events at once.',
            what,
          )
        : vscode.l10n.t('Publishing changes {0} of the live function.', what),
      actions: [publishChoice],
    });
    if (answer !== publishChoice) return undefined;
    const result = await connection.client.confirmHogFunctionPublish(
      connection.projectId,
      fn.id,
      preview.confirm_token ?? undefined,
    );
    const published = result?.function ?? (await connection.client.getHogFunction(connection.projectId, fn.id));
    store.replace(published);
    void prompts.info(vscode.l10n.t('Published the draft of "{0}".', published.name ?? published.id));
    return published;
  };

  const restoreRevision = async (connection: Connection, fn: HogFunction, version: number) => {
    const restoreChoice = vscode.l10n.t('Restore as Draft');
    const answer = await prompts.confirm(vscode.l10n.t('Restore version {0} of "{1}"?', version, fn.name ?? fn.id), {
      detail: vscode.l10n.t(
        'PostHog stages that version as a draft. The function keeps running its current code until the draft is published.',
      ),
      actions: [restoreChoice],
    });
    if (answer !== restoreChoice) return undefined;
    let restored: HogFunction | undefined;
    try {
      restored = await connection.client.restoreHogFunctionRevision(connection.projectId, fn.id, version, false);
    } catch (error) {
      if (!isPostHogError(error) || error.code !== 'draft_exists') throw error;
      const replaceChoice = vscode.l10n.t('Replace Draft');
      const replace =
        (await prompts.confirm(vscode.l10n.t('"{0}" already has a draft waiting to be published.', fn.name ?? fn.id), {
          detail: vscode.l10n.t('Restoring version {0} replaces that draft.', version),
          actions: [replaceChoice],
        })) === replaceChoice;
      if (!replace) return undefined;
      restored = await connection.client.restoreHogFunctionRevision(connection.projectId, fn.id, version, true);
    }
    if (!restored) return noRevisions();
    const publishChoice = vscode.l10n.t('Publish…');
    const publish =
      (await prompts.info(
        vscode.l10n.t('Version {0} of "{1}" is staged as a draft.', version, fn.name ?? fn.id),
        publishChoice,
      )) === publishChoice;
    const published = publish ? await publishDraft(connection, restored) : undefined;
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
    if (revisions.cut) session.reportCut(vscode.l10n.t('revisions'), revisions.cut);
    let version = options.version;
    if (version === undefined) {
      if (options.action === undefined && revisions.length === 0) {
        void prompts.info(
          vscode.l10n.t(
            '"{0}" has no revisions yet: PostHog keeps one from its next change of code or configuration.',
            fn.name ?? fn.id,
          ),
        );
        return { supported: true, revisions };
      }
      if (revisions.length === 0) return { supported: true, revisions };
      version = (await pickRevision(prompts, fn, revisions))?.version;
      if (version === undefined) return { supported: true, revisions };
    }
    const action =
      options.action ??
      (
        await prompts.pick(
          [
            {
              label: `$(diff) ${vscode.l10n.t('Compare source with the current code')}`,
              action: 'compare-source' as const,
            },
            {
              label: `$(json) ${vscode.l10n.t('Compare configuration with the current one')}`,
              action: 'compare-config' as const,
            },
            {
              label: `$(history) ${vscode.l10n.t('Restore this version…')}`,
              description: vscode.l10n.t('staged as a draft, then published'),
              action: 'restore' as const,
            },
          ],
          { title: vscode.l10n.t('Version {0} of "{1}"', version, fn.name ?? fn.id) },
        )
      )?.action;
    if (!action) return { supported: true, revisions };
    if (action === 'restore')
      return { supported: true, revisions, ...(await restoreRevision(connection, fn, version)) };
    await compareRevision(connection, ref, fn, version, action === 'compare-source' ? 'source' : 'config');
    return { supported: true, revisions, compared: version };
  };

  const loadFunction = async (target: Target) => {
    const connection = session.requireConnection();
    const ref = await functionRef(target, connection);
    return { connection, fn: await connection.client.getHogFunction(connection.projectId, ref.functionId) };
  };

  return {
    [Command.exportHogFunctions]: command(vscode.l10n.t('Export hog functions to the workspace'), exportFunctions),

    [Command.pushHogFunction]: command(vscode.l10n.t('Push hog function'), async (target?: Target) => {
      const connection = session.requireConnection();
      const local = await folderOf(target, connection, true);
      let result;
      try {
        // `local` was read as this project sees it (as the command line's push reads it): the push uses that read.
        result = await prompts.progress({ title: vscode.l10n.t('Pushing hog function') }, () =>
          sync.push(local.folder, false, local),
        );
      } catch (error) {
        // A rule PostHog applied on save: Problems where it points, in the folder's code or function.json.
        if (isPostHogError(error) && error.rule && deps.diagnostics) {
          if (!(await markFile(deps.diagnostics, local.sourceUri, 'code', error.rule, error.message))) {
            await markFile(deps.diagnostics, local.jsonUri, 'json', error.rule, error.message);
          }
        }
        throw error;
      }
      if (deps.diagnostics) for (const uri of [local.sourceUri, local.jsonUri]) if (uri) deps.diagnostics.delete(uri);
      describe(result, nameOf(local));
      return result;
    }),

    [Command.pullHogFunction]: command(vscode.l10n.t('Pull hog function'), async (target?: Target) => {
      const connection = session.requireConnection();
      const local = await folderOf(target, connection, false);
      const result = await prompts.progress({ title: vscode.l10n.t('Pulling hog function') }, () => sync.pull(local));
      describe(result, nameOf(local));
      return result;
    }),

    [Command.showHogFunctionRevisions]: command(vscode.l10n.t('Show hog function revisions'), showRevisions),

    [Command.publishHogFunctionDraft]: command(vscode.l10n.t('Publish hog function draft'), async (target?: Target) => {
      const { connection, fn } = await loadFunction(target);
      if (!fn.draft) {
        if (fn.draft === undefined && fn.version === undefined) return noRevisions();
        void prompts.info(vscode.l10n.t('"{0}" has no draft to publish.', fn.name ?? fn.id));
        return undefined;
      }
      return publishDraft(connection, fn);
    }),

    [Command.discardHogFunctionDraft]: command(vscode.l10n.t('Discard hog function draft'), async (target?: Target) => {
      const { connection, fn } = await loadFunction(target);
      if (!fn.draft) {
        void prompts.info(vscode.l10n.t('"{0}" has no draft.', fn.name ?? fn.id));
        return undefined;
      }
      const discardChoice = vscode.l10n.t('Discard');
      const answer = await prompts.confirm(vscode.l10n.t('Discard the draft of "{0}"?', fn.name ?? fn.id), {
        detail: vscode.l10n.t('The staged changes are dropped; the live function is unchanged.'),
        actions: [discardChoice],
      });
      if (answer !== discardChoice) return undefined;
      const discarded = await connection.client.discardHogFunctionDraft(connection.projectId, fn.id);
      if (!discarded) return noRevisions();
      store.replace(discarded);
      return discarded;
    }),
  } satisfies CommandTable;
}

/** A function's name inside a sentence. */
const quoted = (name: string): string => vscode.l10n.t('"{0}"', name);

function idOf(target: Target, uri: vscode.Uri | undefined): string | undefined {
  if (target instanceof HogFunctionNode) return target.hogFunction.id;
  if (
    target &&
    !(target instanceof vscode.Uri) &&
    !(target instanceof FunctionTypeNode) &&
    typeof target.id === 'string'
  )
    return target.id;
  return uri ? refOf(uri)?.functionId : undefined;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

async function pickRevision(
  prompts: Prompts,
  fn: HogFunction,
  revisions: HogFunctionRevision[],
): Promise<HogFunctionRevision | undefined> {
  const picked = await prompts.pick(
    revisions.map((r) => ({
      label:
        r.version === fn.version
          ? vscode.l10n.t('Version {0} (live)', r.version)
          : vscode.l10n.t('Version {0}', r.version),
      description: [
        r.created_at ? formatDateTime(r.created_at, vscode.env.language) : undefined,
        r.created_by ? (r.created_by.email ?? r.created_by.first_name ?? undefined) : 'PostHog',
      ]
        .filter(Boolean)
        .join(' · '),
      revision: r,
    })),
    {
      title: vscode.l10n.t('Revisions of "{0}"', fn.name ?? fn.id),
      placeHolder: vscode.l10n.t('Pick a version to compare or restore'),
    },
  );
  return picked?.revision;
}
