// Hog functions as code: the workspace's function folders, their sync records, the diff documents and the
// sync-state decorations (activation registered lazy providers for the last two, src/extension/main.ts); returns them
// for the commands (new from template, export, push, pull, revisions: the composition root builds their tables) and,
// for the extension's tests, its parts.
import type * as vscode from 'vscode';
import type { Prompts } from '../../core/prompts';
import { ContextKey } from '../services/constants';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { setContext } from '../services/contextKeys';
import { SyncDecorations } from './decorations';
import { workspaceSync, type WorkspaceSync } from './workspaceSync';
import { Snapshots } from './snapshots';
import { SyncRecords } from '../../core/functions/syncRecords';
import { WorkspaceFunctions } from './workspaceFunctions';

export interface HogAsCode {
  sync: WorkspaceSync;
  /** Where the sync records are kept (this workspace's storage folder). */
  recordsDir: string;
  workspace: WorkspaceFunctions;
  decorations: SyncDecorations;
}

export function registerHogAsCode(
  context: vscode.ExtensionContext,
  session: Session,
  store: HogFunctionsStore,
  editorFiles: HogFileSystemProvider,
  prompts: Prompts,
): { api: HogAsCode; snapshots: Snapshots } {
  // Per workspace; a window without a folder cannot export, but still reads and creates functions.
  const recordsDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const records = new SyncRecords(recordsDir);
  const workspace = new WorkspaceFunctions();
  const snapshots = new Snapshots();
  const sync = workspaceSync({ session, store, editorFiles, workspace, records, snapshots, prompts });
  // The engine says when a record changed; the decorations listen to VS Code events.
  const synced: vscode.Event<void> = (listener) => sync.onDidSync(() => listener());
  const decorations = new SyncDecorations(session, store, workspace, records, [
    workspace.onDidChange,
    store.onDidChange,
    session.onDidChange,
    synced,
  ]);
  context.subscriptions.push(
    workspace,
    snapshots,
    decorations,
    // Another host may have revisions and drafts again.
    session.onDidChange(() => void setContext(ContextKey.noHogFunctionRevisions, false)),
  );
  return {
    api: { sync, recordsDir, workspace, decorations },
    snapshots,
  };
}
