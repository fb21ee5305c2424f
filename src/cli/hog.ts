// What the commands share around the toolchain: loading PostHog's parser, and reporting why a file does not compile
// in the form editors and CI read (FILE:LINE:COL: error: message).
import * as l10n from '@vscode/l10n';
import {
  compileErrorRange,
  HogCompileError,
  HogSyntaxError,
  isKind,
  KINDS,
  type HogFunctionKind,
  loadParser,
  SourceMap,
} from '../core/toolchain';
import { CliError, oneFile, readJson, readText } from './args';
import type { CliIO } from './io';

export const loadToolchain = (): Promise<void> => loadParser().then(() => undefined);

/** `FILE:LINE:COL` of a UTF-16 offset. */
export function location(file: string, source: string, offset: number): string {
  const { line, column } = new SourceMap(source).position(offset);
  return `${file}:${line}:${column}`;
}

/** Prints a syntax or compile error as FILE:LINE:COL: error: message and returns exit code 1; rethrows anything else. */
export function reportCompileFailure(io: CliIO, file: string, source: string, error: unknown): number {
  if (error instanceof HogSyntaxError) {
    io.stderr(`${location(file, source, error.problem.start)}: error: ${error.problem.message}\n`);
    return 1;
  }
  if (error instanceof HogCompileError) {
    io.stderr(`${location(file, source, compileErrorRange(source, error).start)}: error: ${error.message}\n`);
    return 1;
  }
  throw error;
}

/** What `check` and `run` both read: the one .hog file, the function's type, and the globals given with --globals. */
export interface HogInput {
  file: string;
  kind: HogFunctionKind;
  source: string;
  given: Record<string, unknown>;
}

export async function readHogInput(
  command: string,
  values: { type?: string; globals?: string },
  positionals: string[],
  io: CliIO,
): Promise<HogInput> {
  const file = oneFile(command, positionals);
  const kind = values.type ?? 'destination';
  if (!isKind(kind)) throw new CliError(l10n.t('--type must be one of {0}, got "{1}".', KINDS.join(', '), kind), 2);
  const source = await readText(io, file);
  const given = typeof values.globals === 'string' ? await readJson(io, values.globals) : {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new CliError(l10n.t('{0} must hold a JSON object (event, person, inputs...).', String(values.globals)));
  return { file, kind, source, given: given as Record<string, unknown> };
}
