// What the commands share around the toolchain: loading PostHog's parser, and reporting why a file does not compile
// in the form editors and CI read (FILE:LINE:COL: error: message).
import { compileErrorRange, HogCompileError, HogSyntaxError, loadParser, SourceMap } from '../core/toolchain';
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
