// Runs Hog the way PostHog's CDP worker does, through the product's toolchain (src/core/toolchain): PostHog's parser,
// PostHog's bytecode, PostHog's VM with the worker's logs, mocked async functions and redaction. What stays here is
// the local PostHog's own shape of it: a syntax error refuses the save as a compile error does.
import {
  compileSource,
  evaluateHogQL as evaluate,
  type Execution,
  execute as run,
  HogCompileError,
  HogSyntaxError,
  type InputSpec,
  renderInputs,
  type RunLog,
} from '../../src/core/toolchain';
import type { Json, JsonObject } from './types';

export { HogCompileError, renderInputs, type Execution, type InputSpec, type RunLog };
export { redact } from '../../src/core/toolchain';

/**
 * Compiles a function's code; throws HogCompileError (with PostHog's parser's message when it does not parse). PostHog
 * compiles once, on save; the toolchain keeps what it compiled by source, so a batch of test runs compiles once too.
 */
export function compileProgramSource(code: string): unknown[] {
  try {
    return compileSource(code).bytecode;
  } catch (error) {
    if (error instanceof HogSyntaxError) throw new HogCompileError(error.message);
    throw error;
  }
}

export interface RunOptions {
  globals: JsonObject;
  /** Values of secret inputs: redacted from print() lines and error messages. */
  secrets: string[];
  /** Extra functions the caller provides (transformations get geoipLookup and cleanNullValues). */
  functions?: Record<string, (...args: unknown[]) => unknown>;
  /** Whether fetch() and the other async functions are mocked and logged (PostHog's default). */
  mockAsync: boolean;
  /** Which event the run is for, in the error log line. */
  eventId: string;
  eventUrl: string;
}

/** Runs compiled code once and collects what the worker would report for it (unmocked, fetch does not exist here). */
export function execute(bytecode: unknown[], options: RunOptions): Execution & { result: Json } {
  const execution = run(bytecode, { ...options, asyncMode: options.mockAsync ? 'mock' : 'none' });
  return { ...execution, result: JSON.parse(JSON.stringify(execution.result ?? null)) as Json };
}

/** A HogQL expression from a filter (`event = '$pageview'`, `matchesAction(3)`), evaluated against an event's fields. */
export function evaluateHogQL(
  expression: string,
  globals: JsonObject,
  functions: Record<string, (...args: unknown[]) => unknown> = {},
): Json {
  return JSON.parse(JSON.stringify(evaluate(expression, globals, functions) ?? null)) as Json;
}
