// What every command needs to read its arguments and files, with messages a person can act on: a bad option names
// itself and points at --help (exit 2), a missing file or unreadable JSON names the file (exit 1).
import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './io';

/** A failure to report: its message goes to stderr and the command exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with `--help` always known; an unknown option or a missing value is a usage error. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const reason = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    throw new CliError(l10n.t('{0}\nRun "posthog-workbench {1} --help" for its options.', reason, command), 2);
  }
}

/** Exactly one positional argument (the file), else a usage error. */
export function oneFile(command: string, positionals: string[]): string {
  if (positionals.length === 1) return positionals[0] as string;
  const reason =
    positionals.length === 0
      ? l10n.t('{0} needs a file.', command)
      : l10n.t('{0} takes one file, got {1}.', command, positionals.length);
  throw new CliError(l10n.t('{0}\nRun "posthog-workbench {1} --help" for its usage.', reason, command), 2);
}

export async function readText(io: CliIO, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(l10n.t('{0}: no such file.', file));
    if (code === 'EISDIR') throw new CliError(l10n.t('{0} is a folder, not a file.', file));
    throw new CliError(l10n.t('{0} could not be read: {1}', file, (error as Error).message));
  }
}

export async function readJson(io: CliIO, file: string): Promise<unknown> {
  const text = await readText(io, file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(l10n.t('{0} is not valid JSON: {1}', file, (error as Error).message));
  }
}
