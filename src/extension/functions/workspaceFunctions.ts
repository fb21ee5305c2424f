// The hog function folders of the open workspace (layout.ts), read from disk and kept up to date by a file watcher:
// which folder is linked to which function in which project, and what its files say now.
import * as vscode from 'vscode';
import {
  folderFromTexts,
  readFunctionFolder as readFolder,
  type FunctionFolders,
  type LocalFunction as FolderOf,
} from '../../core/functions/folders';
import { FUNCTION_JSON_GLOB, functionFolderPath, FUNCTIONS_DIR } from '../../core/functions/layout';
import { workspaceFiles } from './workspaceFiles';

/** A function folder of the workspace. */
export type LocalFunction = FolderOf<vscode.Uri>;

/** The function folder a file or folder of the workspace belongs to (layout.ts). */
export function functionFolderOf(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
  const folder = functionFolderPath(uri.path);
  return folder === undefined ? undefined : uri.with({ path: folder });
}

/** Reads one function folder from the disk. Never throws: a problem is reported on the result. */
const readFunctionFolder = (folder: vscode.Uri): Promise<LocalFunction> => readFolder(workspaceFiles, folder);

export class WorkspaceFunctions implements FunctionFolders<vscode.Uri>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a folder appeared, changed or went away. */
  readonly onDidChange = this.changed.event;
  private readonly byFolder = new Map<string, LocalFunction>();
  private scanned: Promise<void> | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Starts following the workspace's files: on first use, not at activation (most sessions never need it). */
  private watch(): void {
    const touched = (uri: vscode.Uri) => {
      const folder = functionFolderOf(uri);
      if (folder) this.reread(folder);
    };
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${FUNCTIONS_DIR}/**`);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(touched),
      watcher.onDidChange(touched),
      watcher.onDidDelete((uri) => {
        touched(uri);
        // A deleted parent folder (or posthog/hog-functions itself) takes every folder under it along.
        const prefix = `${uri.toString()}/`;
        for (const key of this.byFolder.keys()) if (key.startsWith(prefix)) this.reread(vscode.Uri.parse(key));
      }),
      // File watchers miss some changes (code-server's does not report inside folders created after it started), so
      // what VS Code itself does to the files counts too: saves, and creating, deleting or renaming in the Explorer.
      vscode.workspace.onDidSaveTextDocument((doc) => touched(doc.uri)),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach(touched)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(touched)),
      vscode.workspace.onDidRenameFiles((e) =>
        e.files.forEach(({ oldUri, newUri }) => {
          touched(oldUri);
          touched(newUri);
        }),
      ),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.scanned = this.scan();
      }),
    );
  }

  /** Every function folder, read once from the workspace and then kept current by the watcher. */
  async all(): Promise<LocalFunction[]> {
    await this.ready();
    return [...this.byFolder.values()];
  }

  /** The folders linked to `functionId` in the project with this key (more than one means a copied folder). */
  async linked(projectKey: string, functionId: string): Promise<LocalFunction[]> {
    return (await this.all()).filter((f) => f.file?.ids[projectKey] === functionId);
  }

  /** Reads a folder now (before pushing it, or when it may have changed) and updates the index. */
  async refresh(folder: vscode.Uri): Promise<LocalFunction> {
    const local = await readFunctionFolder(folder);
    await this.store(folder, local);
    return local;
  }

  /**
   * Indexes a folder the extension has just written with exactly these files (a new folder of an export), as a read
   * would find it, without reading them back. The file watcher still rereads it when it reports the change.
   */
  async wrote(folder: vscode.Uri, files: { sourceName: string; source: string; json: string }): Promise<LocalFunction> {
    const local = folderFromTexts(workspaceFiles, folder, [files.sourceName], files.json, files.source);
    await this.store(folder, local);
    return local;
  }

  /** Where new function folders go: next to the ones the workspace already has, else under its first folder. */
  async exportRoot(): Promise<vscode.Uri> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0)
      throw new Error(
        vscode.l10n.t('Open a folder first: hog functions are exported into the workspace (posthog/hog-functions/).'),
      );
    const existing = (await this.all())[0];
    return existing
      ? vscode.Uri.joinPath(existing.folder, '..')
      : vscode.Uri.joinPath((folders[0] as vscode.WorkspaceFolder).uri, ...FUNCTIONS_DIR.split('/'));
  }

  private ready(): Promise<void> {
    if (!this.scanned) {
      this.watch();
      this.scanned = this.scan();
    }
    return this.scanned;
  }

  private async scan(): Promise<void> {
    const files = await vscode.workspace.findFiles(FUNCTION_JSON_GLOB, '**/node_modules/**');
    this.byFolder.clear();
    const read = await Promise.all(files.map((f) => readFunctionFolder(vscode.Uri.joinPath(f, '..'))));
    for (const local of read) this.byFolder.set(local.folder.toString(), local);
    this.changed.fire();
  }

  /** Changes come in bursts (a pull writes two files, git checks out many): read each folder once per burst. */
  private reread(folder: vscode.Uri): void {
    this.pending.add(folder.toString());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const folders = [...this.pending];
      this.pending.clear();
      void Promise.all(
        folders.map(async (key) => this.store(vscode.Uri.parse(key), await readFunctionFolder(vscode.Uri.parse(key)))),
      );
    }, 150);
  }

  private async store(folder: vscode.Uri, local: LocalFunction): Promise<void> {
    await this.ready();
    const key = folder.toString();
    // A folder without its function.json is not (or no longer) a function folder.
    const gone =
      local.missing === true || (local.problem !== undefined && !local.file && !(await exists(local.jsonUri)));
    if (gone) this.byFolder.delete(key);
    else this.byFolder.set(key, local);
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

/** Whether a file or folder is there (VS Code's file system has no `exists`). */
export const exists = (uri: vscode.Uri): Promise<boolean> => workspaceFiles.exists(uri);
