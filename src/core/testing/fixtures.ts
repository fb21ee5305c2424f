// Saved test events (fixtures): JSON files holding what a test run is given (event, person and groups, or a log
// record), kept next to the function (core/functions/layout.ts) so they are versioned with it. Found, read and written
// on any file system (core/functions/folders.ts Files): the editor's workspace or a directory the command line reads.
// Saving never overwrites a file; a fixture that does not read as JSON is reported, not lost.
import * as l10n from '@vscode/l10n';
import { FileExistsError, type Files } from '../functions/folders';
import { folderSlug, windowsSafeName } from '../functions/layout';
import { writeJson } from '../../shared/deepJson';
import type { TestGlobals } from '../../shared/functionTypes';
import { parseSampleGlobals } from './sampleGlobals';

export interface Fixture<L> {
  /** The file name without `.json`. */
  name: string;
  uri: L;
}

const NAME = /^[\w][\w .-]{0,79}$/;

/** A file name from the event's title: "$pageview by ada@example.com" → "pageview-by-ada-example-com". */
export function suggestFixtureName(title: string): string {
  return folderSlug(title);
}

/** Why a name cannot be used, or undefined. */
export function checkFixtureName(name: string): string | undefined {
  return NAME.test(name.trim())
    ? undefined
    : l10n.t('Use letters, digits, spaces, dots, dashes or underscores (at most 80), starting with a letter or digit.');
}

/** The fixtures in these folders (a folder that is not there has none), by name within each. */
export async function listFixtures<L>(files: Files<L>, folders: readonly (L | undefined)[]): Promise<Fixture<L>[]> {
  const found: Fixture<L>[] = [];
  for (const folder of folders) {
    if (!folder) continue;
    const entries = await files.readDirectory(folder).catch(() => []);
    for (const [file, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (type === 'file' && file.endsWith('.json'))
        found.push({ name: file.slice(0, -'.json'.length), uri: files.join(folder, file) });
    }
  }
  return found;
}

/** A fixture's text read as the globals of `kind`, or why it cannot be used. */
export function readFixture(
  name: string,
  text: string | undefined,
  kind: TestGlobals,
): { input: Record<string, unknown> } | { unreadable: string } {
  if (text === undefined) return { unreadable: l10n.t('{0}.json cannot be read.', name) };
  const parsed = parseSampleGlobals(text, kind);
  return parsed.ok ? { input: parsed.value } : { unreadable: l10n.t('{0}.json: {1}', name, parsed.message) };
}

/**
 * Writes a new fixture; refuses to replace one that exists (the file is created exclusively). A name Windows keeps
 * for a device (CON, NUL...) gets "_" added, so the repository can still be checked out there.
 */
export async function writeFixture<L>(
  files: Files<L>,
  folder: L,
  name: string,
  input: Record<string, unknown>,
): Promise<L> {
  const problem = checkFixtureName(name);
  if (problem) throw new Error(l10n.t('"{0}" cannot be a fixture name. {1}', name, problem));
  const fileName = windowsSafeName(name.trim());
  const uri = files.join(folder, `${fileName}.json`);
  const taken = () =>
    new Error(
      l10n.t('A fixture named "{0}" already exists in {1}. Choose another name.', fileName, files.display(folder)),
    );
  if (await files.exists(uri)) throw taken();
  await files.createDirectory(folder);
  try {
    await files.writeNewText(uri, `${writeJson(input, { indent: '  ' })}\n`);
  } catch (error) {
    if (error instanceof FileExistsError) throw taken();
    throw error;
  }
  return uri;
}
