// The workspace's files as the sync engine reads and writes them (core/functions/folders.ts Files): through
// vscode.workspace.fs, and, where an editor has a file open, through that editor, so what the user sees is what is
// compared and nothing is left in conflict with the disk.
import * as vscode from 'vscode';
import type { EntryType, Files } from '../../core/functions/folders';
import { assertInsideWorkspace, canWrite, createNewFolder, writeNewFile } from './safeWrites';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const openDocument = (uri: vscode.Uri) =>
  vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

/** The text as the user has it now: an open editor's (unsaved edits included), else the file's. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = openDocument(uri);
  if (open) return open.getText();
  return workspaceFiles.readText(uri);
}

function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

export const workspaceFiles: Files<vscode.Uri> = {
  join: (folder, ...names) => vscode.Uri.joinPath(folder, ...names),
  parent: (location) => vscode.Uri.joinPath(location, '..'),
  name: (location) => location.path.split('/').pop() ?? location.path,
  key: (location) => location.toString(),
  display: (location) => location.fsPath,
  async readText(location) {
    try {
      return decoder.decode(await vscode.workspace.fs.readFile(location));
    } catch {
      return undefined;
    }
  },
  /**
   * An open editor with unsaved edits gets the text as an edit and is saved, so nothing is left in conflict; a file
   * with that text already is left alone. A fresh file (new, in a folder just made) is written at once. Only inside
   * the workspace folders, symbolic links followed (safeWrites.ts).
   */
  async writeText(location, text, options) {
    await assertInsideWorkspace(location);
    if (options?.fresh) return vscode.workspace.fs.writeFile(location, encoder.encode(text));
    const open = openDocument(location);
    if (open?.isDirty) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(location, new vscode.Range(0, 0, open.lineCount, 0), text);
      if ((await vscode.workspace.applyEdit(edit)) && (await open.save())) return;
    }
    if ((await currentText(location)) === text) return;
    await vscode.workspace.fs.writeFile(location, encoder.encode(text));
  },
  async createDirectory(location) {
    await assertInsideWorkspace(location);
    await vscode.workspace.fs.createDirectory(location);
  },
  createNewDirectory: (location) => createNewFolder(location),
  writeNewText: (location, text) => writeNewFile(location, encoder.encode(text)),
  /** Also refuses (with the reason) a file outside the workspace folders: nothing is created that could not be linked there. */
  async canWrite(location) {
    await assertInsideWorkspace(location);
    return canWrite(location);
  },
  readDirectory: async (location) =>
    (await vscode.workspace.fs.readDirectory(location)).map(([name, type]): [string, EntryType] => [
      name,
      entryType(type),
    ]),
  async exists(location) {
    try {
      await vscode.workspace.fs.stat(location);
      return true;
    } catch {
      return false;
    }
  },
};
