// The sync engine (functionSync.ts) in the editor: the workspace's files and folder index, VS Code's dialogs, the
// diff editor for differences, unsaved editors counted and saved, and the lists and open editors following PostHog.
import * as vscode from 'vscode';
import type { Prompts } from '../../core/prompts';
import type { SyncRecords } from '../../core/functions/syncRecords';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { FunctionSync } from '../../core/functions/functionSync';
import { showDiff, type Snapshots } from './snapshots';
import { currentText, workspaceFiles } from './workspaceFiles';
import type { WorkspaceFunctions } from './workspaceFunctions';

/** The documents open with unsaved edits under `folder`. */
const unsaved = (folder: vscode.Uri): vscode.TextDocument[] => {
  const prefix = `${folder.toString()}/`;
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.toString().startsWith(prefix));
};

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
    folders: workspace,
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
