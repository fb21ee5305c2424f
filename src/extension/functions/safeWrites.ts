// Where the extension may write in the workspace, and how it creates what must be new. Function folders, their
// files and fixtures are written only inside an open workspace folder, after following symbolic links (a repository
// can hold a link named posthog/hog-functions that points anywhere on the disk), and new folders and files are
// created exclusively: if one appears under that name first (or the disk takes another name for the same one, as a
// case-insensitive disk does), nothing is overwritten.
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, realpath, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileExistsError } from '../../core/functions/folders';

/** The path as the disk resolves it: symbolic links followed in the part that exists, the rest appended. */
async function resolvedPath(fsPath: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(fsPath);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...missing.reverse());
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Throws (with words the user can act on) unless `uri` is inside an open workspace folder once symbolic links are
 * followed. Only `file:` resources have links to follow; others must be under a workspace folder's URI.
 */
export async function assertInsideWorkspace(uri: vscode.Uri): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const shown = vscode.workspace.asRelativePath(uri);
  if (uri.scheme !== 'file') {
    const inside = folders.some(
      (f) =>
        f.uri.scheme === uri.scheme &&
        f.uri.authority === uri.authority &&
        (uri.path === f.uri.path || uri.path.startsWith(`${f.uri.path.replace(/\/$/, '')}/`)),
    );
    if (!inside) throw new Error(vscode.l10n.t('Not written: {0} is outside the workspace folders.', shown));
    return;
  }
  const target = await resolvedPath(uri.fsPath);
  for (const folder of folders) {
    if (folder.uri.scheme !== 'file') continue;
    if (isInside(target, await resolvedPath(folder.uri.fsPath))) return;
  }
  throw new Error(
    vscode.l10n.t(
      'Not written: {0} leads outside the workspace folders (through a symbolic link, to {1}). The extension writes function folders and fixtures only inside the workspace.',
      shown,
      target,
    ),
  );
}

/** Creates `folder` (its parents as needed); false when something already has that name. Never merges into one. */
export async function createNewFolder(folder: vscode.Uri): Promise<boolean> {
  await assertInsideWorkspace(folder);
  const parent = vscode.Uri.joinPath(folder, '..');
  if (folder.scheme === 'file') {
    await mkdir(parent.fsPath, { recursive: true });
    try {
      await mkdir(folder.fsPath);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') return false;
      throw error;
    }
  }
  if (await exists(folder)) return false;
  await vscode.workspace.fs.createDirectory(folder);
  return true;
}

/** Writes a file that must not exist yet; throws a FileExistsError when something already has that name. */
export async function writeNewFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
  await assertInsideWorkspace(uri);
  if (uri.scheme === 'file') {
    try {
      await writeFile(uri.fsPath, content, { flag: 'wx' });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST')
        throw new FileExistsError(vscode.workspace.asRelativePath(uri));
      throw error;
    }
    return;
  }
  if (await exists(uri)) throw new FileExistsError(vscode.workspace.asRelativePath(uri));
  await vscode.workspace.fs.writeFile(uri, content);
}

/** Whether the file can be written now (false for a read-only file or folder); files that do not exist count as writable. */
export async function canWrite(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return true;
  try {
    await access(uri.fsPath, fsConstants.W_OK);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOENT';
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
