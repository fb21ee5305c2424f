// The sync engine (functionSync.ts) in the editor: the workspace's files and folder index, VS Code's dialogs, the
// diff editor for differences, unsaved editors counted and saved, and the lists and open editors following PostHog.
// The engine reads the folders as the selected project sees them: a folder's project-inputs.json entry for that project
// (by its id or address) replaces function.json's input values, as the command line's push and diff do.
import * as vscode from 'vscode';
import type { Prompts } from '../../core/prompts';
import type { SyncRecords } from '../../core/functions/syncRecords';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import type { FunctionFolders, LocalFunction } from '../../core/functions/folders';
import { FunctionSync, type SyncConnection } from '../../core/functions/functionSync';
import { projectKey } from '../../core/functions/layout';
import { ProjectInputFolders } from '../../core/functions/projectInputs';
import { showDiff, type Snapshots } from './snapshots';
import { currentText, workspaceFiles } from './workspaceFiles';
import type { WorkspaceFunctions } from './workspaceFunctions';

/** The documents open with unsaved edits under `folder`. */
const unsaved = (folder: vscode.Uri): vscode.TextDocument[] => {
  const prefix = `${folder.toString()}/`;
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.toString().startsWith(prefix));
};

/**
 * The workspace's folders as the connected project sees them (project-inputs.json applied, core's ProjectInputFolders);
 * signed out, as they are. What the engine writes is noted in the workspace's own index, which keeps the files' values.
 */
export class ProjectViewFolders implements FunctionFolders<vscode.Uri> {
  constructor(
    private readonly inner: WorkspaceFunctions,
    private readonly connection: () => SyncConnection | undefined,
  ) {}

  private view(): FunctionFolders<vscode.Uri> {
    const c = this.connection();
    if (!c) return this.inner;
    return new ProjectInputFolders(this.inner, workspaceFiles, {
      projectKey: projectKey(c.host, c.projectId),
      projectId: c.projectId,
    });
  }

  all(): Promise<LocalFunction<vscode.Uri>[]> {
    return this.view().all();
  }

  linked(key: string, functionId: string): Promise<LocalFunction<vscode.Uri>[]> {
    return this.view().linked(key, functionId);
  }

  refresh(folder: vscode.Uri): Promise<LocalFunction<vscode.Uri>> {
    return this.view().refresh(folder);
  }

  /** Only an export's new folders are noted this way: no project-inputs.json there yet, nothing to apply. */
  wrote(
    folder: vscode.Uri,
    files: { sourceName: string; source: string; json: string },
  ): Promise<LocalFunction<vscode.Uri>> {
    return this.inner.wrote(folder, files);
  }

  exportRoot(): Promise<vscode.Uri> {
    return this.inner.exportRoot();
  }
}

export interface WorkspaceSyncParts {
  session: Session;
  store: HogFunctionsStore;
  editorFiles: HogFileSystemProvider;
  workspace: WorkspaceFunctions;
  records: SyncRecords;
  snapshots: Snapshots;
  prompts: Prompts;
}

export type WorkspaceSync = FunctionSync<vscode.Uri>;

export function workspaceSync({
  session,
  store,
  editorFiles,
  workspace,
  records,
  snapshots,
  prompts,
}: WorkspaceSyncParts): WorkspaceSync {
  return new FunctionSync<vscode.Uri>({
    files: workspaceFiles,
    folders: new ProjectViewFolders(workspace, () => session.connection()),
    records,
    prompts,
    connection: () => session.requireConnection(),
    projectLabel: (connection) =>
      vscode.l10n.t('project "{0}"', session.projectName(connection.projectId) ?? connection.projectId),
    unsavedIn: (folder) => unsaved(folder).length > 0,
    async saveAll(folder) {
      const documents = unsaved(folder);
      for (const doc of documents) {
        if (!(await doc.save()))
          throw new Error(
            vscode.l10n.t('{0} could not be saved, so nothing was pushed.', doc.uri.path.split('/').pop() ?? ''),
          );
      }
      return documents.length > 0;
    },
    async showDifference(serverText, file, label) {
      if ((await currentText(file)) === serverText) return;
      const fileName = file.path.split('/').pop() ?? '';
      await showDiff(
        snapshots.put(label, fileName, serverText),
        file,
        vscode.l10n.t('{0} (PostHog) ↔ {0} (workspace)', fileName),
      );
    },
    functionChanged(connection, fn) {
      if (!fn) {
        store.reset();
        return;
      }
      store.replace(fn);
      // An open posthog-hog: editor of the function reloads (or, with unsaved edits, keeps them against the old base).
      const ref = { projectId: connection.projectId, functionId: fn.id };
      // PostHog just returned this version: no need to ask for it again.
      if (editorFiles.cached(ref)) void editorFiles.refresh(ref, fn).catch(() => undefined);
    },
  });
}
