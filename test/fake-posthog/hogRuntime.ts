// Runs Hog the way PostHog's CDP worker does, in PostHog's own VM (`@posthog/hogvm`): a program with its globals, the
// inputs rendered from their templates first (hog-inputs.service), `print()` logged with secret values redacted,
// async functions mocked and logged as the test endpoint does (two `info` entries per call), and the
// "Function completed" summary. Also evaluates HogQL expressions of filters against an event.
import * as crypto from 'node:crypto';
import { convertHogToJS, exec, type ExecOptions, type ExecResult } from '@posthog/hogvm';
import { compileHog, HogCompileError } from './hogCompiler';
import { type AstNode, isFailure, parseExpression, parseProgram, parseTemplate } from './hogProgram';
import type { Json, JsonObject } from './types';
import { isPlainObject } from './util';

export { HogCompileError } from './hogCompiler';

export interface RunLog { level: 'debug' | 'info' | 'warn' | 'error'; message: string }

/** One execution: the logs it wrote, its returned value (null when it returned nothing), its error if it failed. */
export interface Execution {
  logs: RunLog[];
  result: Json;
  error?: string;
}

const REDACTED = '***REDACTED***';
const TIMEOUT_MS = 5000;
/** PostHog's worker keeps the first 25 print() lines of a run (MAX_HOG_LOGS). */
const MAX_PRINTS = 25;
/** Async functions PostHog's test endpoint mocks, each logged with its arguments. */
const MOCKED = ['fetch', 'sendEmail', 'postHogCapture'];

/** PostHog runs regexes with RE2; its `(?i)` prefix (case-insensitive) becomes a flag here. */
const regex = {
  match: (pattern: string, value: string): boolean => {
    const insensitive = pattern.startsWith('(?i)');
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'i' : '').test(value);
  },
};
const external: ExecOptions['external'] = { regex, crypto };

const compiledPrograms = new Map<string, unknown[]>();

/**
 * Compiles a function's code; throws HogCompileError with PostHog's parser's message when it does not parse. PostHog
 * compiles once, on save; the local PostHog keeps what it compiled by source, so a batch of test runs compiles once too.
 */
export function compileProgramSource(code: string): unknown[] {
  const cached = compiledPrograms.get(code);
  if (cached) return cached;
  const ast = parseProgram(code);
  if (isFailure(ast)) throw new HogCompileError(ast.message);
  const bytecode = compileHog(ast);
  if (compiledPrograms.size > 200) compiledPrograms.clear();
  compiledPrograms.set(code, bytecode);
  return bytecode;
}

/** `Number(val.toPrecision(2)).toString()`, as the worker formats its timings. */
const formatNumber = (value: number): string => Number(value.toPrecision(2)).toString();

const asText = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', ');

export function redact(message: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => text.replaceAll(secret, REDACTED), message);
}

/** The text of an error as the worker's template string shows it (`Error('boom')` for an uncaught Hog error). */
const errorText = (error: unknown): string => String(error);
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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

/** Runs compiled code once and collects what the worker would report for it. */
export function execute(bytecode: unknown[], options: RunOptions): Execution {
  const logs: RunLog[] = [{ level: 'debug', message: 'Executing function' }];
  let prints = 0;
  const mocked = Object.fromEntries(MOCKED.map((name) => [name, (...args: unknown[]) => {
    logs.push({ level: 'info', message: `Async function '${name}' was mocked with arguments:` });
    logs.push({ level: 'info', message: name === 'fetch' ? `fetch('${String(args[0])}', ${JSON.stringify(args[1], null, 2)})` : `${name}(${JSON.stringify(args[0], null, 2)})` });
    return name === 'fetch' ? { status: 200, body: {} } : { success: true };
  }]));
  const started = performance.now();
  let outcome: ExecResult;
  try {
    outcome = exec(bytecode, {
      globals: options.globals,
      timeout: TIMEOUT_MS,
      external,
      functions: {
        ...(options.mockAsync ? mocked : {}),
        ...options.functions,
        print: (...args: unknown[]) => {
          prints++;
          if (prints === MAX_PRINTS) logs.push({ level: 'warn', message: `Function exceeded maximum log entries. No more logs will be collected. Event: ${options.eventId}` });
          if (prints >= MAX_PRINTS) return;
          logs.push({ level: 'info', message: redact(asText(args), options.secrets) });
        },
      },
    });
  } catch (error) {
    outcome = { result: null, finished: false, error };
  }
  const duration = performance.now() - started;
  if (outcome.error !== undefined || !outcome.finished) {
    const error = outcome.error ?? new Error('Unknown error');
    logs.push({ level: 'error', message: redact(`Error executing function on event ${options.eventId}: ${errorText(error)}`, options.secrets) });
    return { logs, result: null, error: redact(errorMessage(error), options.secrets) };
  }
  const state = outcome.state;
  const summary = [`Function completed in ${formatNumber(duration)}ms.`];
  if (state) summary.push(`Sync: ${formatNumber(state.syncDuration)}ms.`, `Mem: ${formatNumber(state.maxMemUsed / 1024)}kb.`, `Ops: ${state.ops}.`, `Event: '${options.eventUrl}'`);
  logs.push({ level: 'debug', message: summary.join(' ') });
  return { logs, result: toJson(outcome.result) };
}

function toJson(value: unknown): Json {
  const js = convertHogToJS(value) as unknown;
  return js === undefined ? null : (JSON.parse(JSON.stringify(js)) as Json);
}

/** Evaluates one compiled expression (a template, a filter) and returns its value; throws when it fails. */
function evaluate(bytecode: unknown[], globals: JsonObject, functions: Record<string, (...args: unknown[]) => unknown> = {}): Json {
  const outcome = exec(bytecode, { globals, timeout: TIMEOUT_MS, external, functions });
  if (outcome.error !== undefined) throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  return toJson(outcome.result);
}

const compiledTemplates = new Map<string, unknown[]>();

/** A string input is a Hog template (`Bearer {inputs.token}`), compiled as PostHog compiles it on save. */
function renderTemplate(text: string, globals: JsonObject): Json {
  let bytecode = compiledTemplates.get(text);
  if (!bytecode) {
    const ast = parseTemplate(`F'${text}`);
    if (isFailure(ast)) throw new HogCompileError(ast.message);
    bytecode = compileHog(ast, 'expression');
    compiledTemplates.set(text, bytecode);
  }
  return evaluate(bytecode, globals);
}

function renderValue(value: Json, globals: JsonObject): Json {
  if (typeof value === 'string') return value.includes('{') ? renderTemplate(value, globals) : value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, globals));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, globals)]));
  return value;
}

export interface InputSpec { key: string; type: string; secret: boolean; value: Json; templating?: string }

/**
 * The inputs as the function sees them, in schema order, each template rendered with the globals and the inputs before
 * it (buildInputsWithGlobals); and the secret values to redact. Liquid templates are passed through unrendered.
 */
export function renderInputs(specs: InputSpec[], globals: JsonObject): { inputs: JsonObject; secrets: string[] } {
  const inputs: JsonObject = {};
  const secrets: string[] = [];
  for (const spec of specs) {
    const value = spec.templating === 'liquid' ? spec.value : renderValue(spec.value, { ...globals, inputs });
    inputs[spec.key] = value;
    if (spec.secret || spec.type === 'integration') {
      const parts = typeof value === 'string' ? [value] : isPlainObject(value) && spec.type !== 'json' ? Object.values(value) : [];
      secrets.push(...parts.filter((v): v is string => typeof v === 'string' && v.trim() !== ''));
    }
  }
  return { inputs, secrets };
}

const compiledExpressions = new Map<string, unknown[]>();

/** A HogQL expression from a filter (`event = '$pageview'`, `matchesAction(3)`), evaluated against an event's fields. */
export function evaluateHogQL(expression: string, globals: JsonObject, functions: Record<string, (...args: unknown[]) => unknown> = {}): Json {
  let bytecode = compiledExpressions.get(expression);
  if (!bytecode) {
    const ast = parseExpression(expression);
    if (isFailure(ast)) throw new HogCompileError(ast.message);
    bytecode = compileHog(ast as AstNode, 'expression');
    compiledExpressions.set(expression, bytecode);
  }
  return evaluate(bytecode, globals, functions);
}
