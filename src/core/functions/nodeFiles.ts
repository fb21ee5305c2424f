// Function folders in a directory on disk, for the sync engine outside the editor (the command line, tests): Files
// over node:fs with paths, and the folders under one directory (posthog/hog-functions by default), read when asked.
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import {
  FileExistsError,
  readFunctionFolder,
  type EntryType,
  type Files,
  type FunctionFolders,
  type LocalFunction,
} from './folders';
import { FUNCTION_JSON } from './layout';

export const nodeFiles: Files<string> = {
  join: (folder, ...names) => path.join(folder, ...names),
  parent: (location) => path.dirname(location),
  name: (location) => path.basename(location),
  key: (location) => path.resolve(location),
  display: (location) => location,
  async readText(location) {
    try {
      return await readFile(location, 'utf8');
    } catch {
      return undefined;
    }
  },
  writeText: (location, text) => writeFile(location, text, 'utf8'),
  createDirectory: async (location) => {
    await mkdir(location, { recursive: true });
  },
  async createNewDirectory(location) {
    await mkdir(path.dirname(location), { recursive: true });
    try {
      await mkdir(location);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') return false;
      throw error;
    }
  },
  async writeNewText(location, text) {
    try {
      await writeFile(location, text, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') throw new FileExistsError(location);
      throw error;
    }
  },
  async canWrite(location) {
    try {
      await access(location, fsConstants.W_OK);
      return true;
    } catch (error) {
      return (error as { code?: unknown }).code === 'ENOENT';
    }
  },
  readDirectory: async (location) =>
    (await readdir(location, { withFileTypes: true })).map((e): [string, EntryType] => [
      e.name,
      e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
    ]),
  async exists(location) {
    try {
      await stat(location);
      return true;
    } catch {
      return false;
    }
  },
};

/** A write the command line refuses: the path leads out of the folder it was given (through a symbolic link). */
export class OutsideRootError extends Error {}

/** Where `location` really is: the real path of its nearest existing ancestor, with the rest of the path appended. */
async function resolvedPath(location: string): Promise<string> {
  const rest: string[] = [];
  let at = path.resolve(location);
  for (;;) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch (error) {
      const parent = path.dirname(at);
      if ((error as { code?: unknown }).code !== 'ENOENT' || parent === at) throw error;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * nodeFiles that write only inside `root`, as the editor writes only inside the workspace folders: a function folder,
 * function.json or fixture that is a symbolic link to somewhere else is refused, not written through. Reading is not
 * restricted (a link to shared code is read as the editor would read it).
 */
export function filesWithin(root: string): Files<string> {
  const inside = async (location: string): Promise<void> => {
    const [base, target] = await Promise.all([resolvedPath(root), resolvedPath(location)]);
    const relative = path.relative(base, target);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return;
    throw new OutsideRootError(
      l10n.t(
        '{0} leads outside {1} (to {2}, through a symbolic link): nothing was written there.',
        location,
        root,
        target,
      ),
    );
  };
  return {
    ...nodeFiles,
    writeText: async (location, text, options) => {
      await inside(location);
      return nodeFiles.writeText(location, text, options);
    },
    createDirectory: async (location) => {
      await inside(location);
      return nodeFiles.createDirectory(location);
    },
    createNewDirectory: async (location) => {
      await inside(location);
      return nodeFiles.createNewDirectory(location);
    },
    writeNewText: async (location, text) => {
      await inside(location);
      return nodeFiles.writeNewText(location, text);
    },
  };
}

/** The function folders directly under `root` (each with a function.json), read from disk every time. */
export class DirectoryFolders implements FunctionFolders<string> {
  constructor(
    private readonly root: string,
    private readonly files: Files<string> = nodeFiles,
  ) {}

  async all(): Promise<LocalFunction<string>[]> {
    const entries = await this.files.readDirectory(this.root).catch((): [string, EntryType][] => []);
    const folders = entries
      .filter(([, type]) => type === 'directory')
      .map(([name]) => this.files.join(this.root, name));
    const withJson = await Promise.all(
      folders.map(async (f) => ((await this.files.exists(this.files.join(f, FUNCTION_JSON))) ? f : undefined)),
    );
    return Promise.all(
      withJson
        .filter((f): f is string => f !== undefined)
        .sort()
        .map((f) => this.refresh(f)),
    );
  }

  async linked(projectKey: string, functionId: string): Promise<LocalFunction<string>[]> {
    return (await this.all()).filter((f) => f.file?.ids[projectKey] === functionId);
  }

  refresh(folder: string): Promise<LocalFunction<string>> {
    return readFunctionFolder(this.files, folder);
  }

  async exportRoot(): Promise<string> {
    return this.root;
  }
}
