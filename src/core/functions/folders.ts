// Function folders (layout.ts) on whatever file system holds them: the editor's workspace (vscode.workspace.fs, with
// what open editors hold) or a directory on disk (the command line, tests: nodeFiles.ts). `L` is how that file system
// names a place (a vscode.Uri, a path); the engine (functionSync.ts) never needs more than this.
import * as l10n from '@vscode/l10n';
import { parseFunctionJson, type FunctionFile, type FunctionState } from './functionFiles';
import { FUNCTION_JSON, isSourceFileName } from './layout';

export type EntryType = 'file' | 'directory' | 'other';

export interface Files<L> {
  join(folder: L, ...names: string[]): L;
  parent(location: L): L;
  /** The last part of the location: a file's or folder's name. */
  name(location: L): string;
  /** The same string for the same place: for maps and comparisons. */
  key(location: L): string;
  /** How the place reads in a message. */
  display(location: L): string;
  /** The file's text as stored, or undefined when there is no file. */
  readText(location: L): Promise<string | undefined>;
  /**
   * Replaces a file's text (in the editor, an open document's too, so nothing is left in conflict). `fresh`: the file
   * is new, in a folder just created (nothing open to reconcile, nothing to compare with first).
   */
  writeText(location: L, text: string, options?: { fresh?: boolean }): Promise<void>;
  createDirectory(location: L): Promise<void>;
  /**
   * Creates a folder that must be new (its parents as needed): false when something already has that name, or a
   * name the disk takes for the same one (another case on macOS and Windows). Never merges into what is there.
   */
  createNewDirectory(location: L): Promise<boolean>;
  /** Writes a file that must be new; throws a FileExistsError when something already has that name. */
  writeNewText(location: L, text: string): Promise<void>;
  /** Whether the file can be written now (false for a read-only one); a file that is not there counts as writable. */
  canWrite(location: L): Promise<boolean>;
  /** Throws when the folder cannot be read. */
  readDirectory(location: L): Promise<[string, EntryType][]>;
  exists(location: L): Promise<boolean>;
}

/** A file that had to be new is there already. */
export class FileExistsError extends Error {
  readonly code = 'EEXIST';
}

export interface LocalFunction<L> {
  folder: L;
  jsonUri: L;
  /** The folder's .hog or .ts file; undefined when there is none or more than one. */
  sourceUri?: L;
  /** function.json as parsed; undefined when it does not parse (see `problem`). */
  file?: FunctionFile;
  /** Source and configuration together; undefined while the folder has a problem. */
  state?: FunctionState;
  /** Why the folder cannot be pushed or compared, in words the user can act on. */
  problem?: string;
  /** The folder itself is not there (any more). */
  missing?: true;
  /**
   * The names in the folder when it was read (undefined when it was not listed: a folder the engine has just written),
   * so a file it does not have (project-inputs.json) is not asked for.
   */
  names?: string[];
}

/** The function folders the engine works on: every one found, and each read again on demand. */
export interface FunctionFolders<L> {
  all(): Promise<LocalFunction<L>[]>;
  /** The folders linked to `functionId` in the project with this key (more than one means a copied folder). */
  linked(projectKey: string, functionId: string): Promise<LocalFunction<L>[]>;
  /** Reads a folder now (after writing it, or before pushing it). */
  refresh(folder: L): Promise<LocalFunction<L>>;
  /**
   * Takes note of a folder the engine has just written with exactly these files (a new folder of an export), as a
   * read would find it, without reading them back. Without it, the folder is read.
   */
  wrote?(folder: L, files: { sourceName: string; source: string; json: string }): Promise<LocalFunction<L>>;
  /** Where new function folders go. */
  exportRoot(): Promise<L>;
}

/**
 * Reads one function folder. Never throws: a problem is reported on the result. The listing, function.json and the
 * likeliest source file (named after the folder, .hog) are read at once: in the editor each read goes through VS
 * Code, so three in a row cost three of its round trips where this costs one (and one more when the source is named
 * otherwise).
 */
export async function readFunctionFolder<L>(files: Files<L>, folder: L): Promise<LocalFunction<L>> {
  const jsonUri = files.join(folder, FUNCTION_JSON);
  const guess = `${files.name(folder)}.hog`;
  const read = (location: L) => files.readText(location).catch(() => undefined);
  const [entries, json, guessed] = await Promise.all([
    files.readDirectory(folder).catch(() => undefined),
    read(jsonUri),
    read(files.join(folder, guess)),
  ]);
  if (!entries) {
    const problem = l10n.t('The folder {0} cannot be read.', files.display(folder));
    return (await files.exists(folder)) ? { folder, jsonUri, problem } : { folder, jsonUri, problem, missing: true };
  }
  const sources = entries
    .filter(([name, type]) => type === 'file' && isSourceFileName(name))
    .map(([name]) => name)
    .sort();
  const only = sources.length === 1 ? (sources[0] as string) : undefined;
  const source =
    only === undefined
      ? undefined
      : only === guess && guessed !== undefined
        ? guessed
        : await read(files.join(folder, only));
  return { ...folderFromTexts(files, folder, sources, json, source), names: entries.map(([name]) => name) };
}

/**
 * A function folder from its texts: `sources` the source files it lists, `json` function.json's text (undefined: none)
 * and `source` the one source file's (undefined: could not be read). What a read of the folder gives, without reading
 * it again when the engine has just written these texts itself.
 */
export function folderFromTexts<L>(
  files: Files<L>,
  folder: L,
  sources: string[],
  json: string | undefined,
  source: string | undefined,
): LocalFunction<L> {
  const jsonUri = files.join(folder, FUNCTION_JSON);
  const result: LocalFunction<L> = { folder, jsonUri };
  if (sources.length === 1) result.sourceUri = files.join(folder, sources[0] as string);
  if (json === undefined)
    return { ...result, problem: l10n.t('{0} is missing from {1}.', FUNCTION_JSON, files.display(folder)) };
  const parsed = parseFunctionJson(json);
  if (!parsed.ok) return { ...result, problem: parsed.message };
  result.file = parsed.value;
  if (sources.length !== 1) {
    return {
      ...result,
      problem: sources.length
        ? l10n.t(
            'A function folder holds exactly one source file (.hog, or .ts for site functions); found {0}.',
            sources.join(', '),
          )
        : l10n.t('A function folder holds exactly one source file (.hog, or .ts for site functions); found none.'),
    };
  }
  if (source === undefined) return { ...result, problem: l10n.t('{0} cannot be read.', sources[0] ?? '') };
  result.state = { source, config: parsed.value.config };
  return result;
}
