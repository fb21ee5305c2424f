// Runs Hog the way PostHog's CDP worker does (hog-executor.service.ts), in PostHog's own VM (`@posthog/hogvm`): with
// its limits (5 s, 64 MB, 5 async steps, 25 print() lines), print() written to the run's logs with secret values
// redacted, and the worker's log lines ("Executing function", the error line, "Function completed in ...").
// Async functions are either mocked and logged as PostHog's test runs do, or answered by a script (responses.ts):
// the VM suspends on `fetch`, the script's answer (after its delay) is pushed, and the VM resumes, as the worker's
// fetch queue does, without the network.
import * as crypto from 'node:crypto';
import {
  convertHogToJS,
  DEFAULT_MAX_MEMORY,
  DEFAULT_TIMEOUT_MS,
  exec,
  type ExecOptions,
  type ExecResult,
  type VMState,
} from '@posthog/hogvm';
import { regexSupport } from './regex';
import { type AsyncCallRequest, ResponseScript, type ScriptedResponse } from './responses';

/** PostHog's limits for one invocation (hog-executor.service.ts, hog-exec.ts, utils.ts). */
export const LIMITS = {
  /** Wall-clock limit of the VM's synchronous work (the VM's DEFAULT_TIMEOUT_MS, as hog-exec passes it). */
  timeoutMs: DEFAULT_TIMEOUT_MS,
  /** The VM's memory limit (DEFAULT_MAX_MEMORY). */
  memoryBytes: DEFAULT_MAX_MEMORY,
  /** MAX_ASYNC_STEPS: async calls (fetch...) one invocation may make. */
  asyncSteps: 5,
  /** MAX_HOG_LOGS: print() lines kept per invocation. */
  printLines: 25,
  /** MAX_LOG_LENGTH: a log line is cut after this many characters. */
  logLength: 10000,
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface RunLog {
  level: LogLevel;
  message: string;
}

/** One call to an async function: what the code sent and what it got. */
export interface AsyncCall {
  name: string;
  /** The arguments as the code passed them. */
  args: unknown[];
  /** For fetch: the request the worker would send (method upper-cased, default POST, body as text). */
  request?: { url: string; method: string; headers: Record<string, string>; body?: string };
  /** What the code got back (for fetch: `{status, body}`), null when the call failed. */
  result: unknown;
  /** The scripted answer's status and headers, for display. */
  response?: { status: number; headers: Record<string, string>; body: unknown };
  error?: string;
  mocked: boolean;
  delayMs: number;
}

/** An event the code captured with postHogCapture(). */
export interface CapturedEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

export interface Execution {
  /** The worker's log lines for the run. */
  logs: RunLog[];
  /** What the program returned (JS values), null when it returned nothing. */
  result: unknown;
  /** The error the run failed with (redacted), when it failed. */
  error?: string;
  /** The uncaught error's Hog type (`Error`, `RetryError`...), when there is one. */
  errorType?: string;
  /** The instruction of the program (not of the standard library's Hog code) that was running when it failed. */
  errorIp?: number;
  /** Each print() as PostHog's VM prints it (`printMode: 'vm'`) or as the worker logs it. */
  prints: string[];
  calls: AsyncCall[];
  captured: CapturedEvent[];
  /** The VM's own figures. */
  ops: number;
  memoryBytes: number;
  durationMs: number;
}

export interface RunOptions {
  globals: Record<string, unknown>;
  /** Values to redact from print() lines and errors (secret inputs). */
  secrets?: string[];
  /** Functions the caller adds (transformations get geoipLookup and cleanNullValues). */
  functions?: Record<string, (...args: unknown[]) => unknown>;
  /**
   * 'mock': async functions are mocked and logged as PostHog's test runs do (fetch gets 200 `{}`);
   * 'script': they suspend the VM and are answered by `responses` (the default answer when none matches);
   * 'none': there are none (transformations run in ingestion, where a call to fetch is an error).
   */
  asyncMode?: 'mock' | 'script' | 'none';
  responses?: readonly ScriptedResponse[];
  /** 'worker': print() is logged as the worker logs it; 'vm': as PostHog's VM prints to a terminal. */
  printMode?: 'worker' | 'vm';
  /** Which event the run is for, in the worker's log lines. */
  eventId?: string;
  eventUrl?: string;
  limits?: Partial<typeof LIMITS>;
}

const REDACTED = '***REDACTED***';
const TRUNCATED = '... (truncated)';
/** Async functions of the CDP worker that the VM suspends on. */
const ASYNC_FUNCTIONS = ['fetch', 'sendEmail'];
/** What PostHog's test runs mock (the fake's and older workers' list; postHogCapture included). */
const MOCKED = ['fetch', 'sendEmail', 'postHogCapture'];

/** Masks every sensitive value in a message, longest first, JSON-escaped forms included (redactSensitiveValues). */
export function redact(message: string, secrets: readonly string[] = []): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || !secret) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  if (!message || variants.size === 0) return message;
  const pattern = new RegExp(
    [...variants]
      .sort((a, b) => b.length - a.length)
      .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return message.replace(pattern, REDACTED);
}

/** The worker's sanitizeLogMessage: strings as they are, anything else as JSON, joined by ", ", redacted, cut. */
export function logMessage(
  args: readonly unknown[],
  secrets: readonly string[] = [],
  maxLength = LIMITS.logLength,
): string {
  let message = redact(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', '), secrets);
  if (message.length > maxLength) {
    let cut = maxLength;
    if ((message.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut--;
    message = message.slice(0, cut) + TRUNCATED;
  }
  return message;
}

/** `Number(val.toPrecision(2)).toString()`, as the worker formats its timings. */
const formatNumber = (value: number): string => Number(value.toPrecision(2)).toString();

/** The error as the worker's template string shows it: `Error('boom')` for an uncaught Hog error. */
const errorText = (error: unknown): string => String(error);
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The request the worker builds for `fetch(url, options)` (fetch-handler.ts). */
export function fetchRequest(args: unknown[]): NonNullable<AsyncCall['request']> {
  const [url, options] = args as [unknown, Record<string, unknown> | undefined];
  const method = String(options?.method || 'POST').toUpperCase();
  const headers = (options?.headers ?? { 'Content-Type': 'application/json' }) as Record<string, unknown>;
  const rawBody = options?.body;
  const body = rawBody ? (typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody)) : undefined;
  const stringHeaders = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return {
    url: String(url ?? ''),
    method,
    headers: stringHeaders,
    ...(body !== undefined && !['GET', 'HEAD'].includes(method) ? { body } : {}),
  };
}

/** A body as the worker hands it to the code: text that is JSON is parsed. */
export function bodyForCode(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * The run itself, as steps: it yields the milliseconds to wait before a scripted answer arrives, and returns the
 * execution. `execute` runs it at once (no waiting), `executeAsync` waits.
 */
function* run(bytecode: unknown[], options: RunOptions): Generator<number, Execution, void> {
  const limits = { ...LIMITS, ...options.limits };
  const secrets = options.secrets ?? [];
  const eventId = options.eventId || 'Unknown event';
  const logs: RunLog[] = [{ level: 'debug', message: 'Executing function' }];
  const prints: string[] = [];
  const calls: AsyncCall[] = [];
  const captured: CapturedEvent[] = [];
  const script = new ResponseScript(options.responses ?? []);
  const asyncMode = options.asyncMode ?? 'mock';
  const printMode = options.printMode ?? 'worker';
  let printCount = 0;
  let runError: string | undefined;

  const addLog = (level: LogLevel, message: string) => logs.push({ level, message });
  const print = (...args: unknown[]): void => {
    printCount++;
    if (printCount === limits.printLines)
      addLog('warn', `Function exceeded maximum log entries. No more logs will be collected. Event: ${eventId}`);
    if (printCount >= limits.printLines) return;
    const message = logMessage(args, secrets, limits.logLength);
    prints.push(message);
    addLog('info', message);
  };
  const mocked =
    (name: string) =>
    (...args: unknown[]) => {
      addLog('info', `Async function '${name}' was mocked with arguments:`);
      addLog(
        'info',
        name === 'fetch'
          ? `fetch('${String(args[0])}', ${JSON.stringify(args[1], null, 2)})`
          : `${name}(${JSON.stringify(args[0], null, 2)})`,
      );
      const result = name === 'fetch' ? { status: 200, body: {} } : { success: true };
      calls.push({
        name,
        args,
        ...(name === 'fetch' ? { request: fetchRequest(args) } : {}),
        result,
        mocked: true,
        delayMs: 0,
      });
      return result;
    };
  const postHogCapture = (event: unknown): void => {
    const given = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const globalsEvent = options.globals.event as Record<string, unknown> | undefined;
    const person = options.globals.person as Record<string, unknown> | undefined;
    const distinctId = given.distinct_id || globalsEvent?.distinct_id || person?.id;
    if (typeof given.event !== 'string')
      throw new Error("[HogFunction] - postHogCapture call missing 'event' property");
    if (!distinctId) throw new Error("[HogFunction] - postHogCapture call missing 'distinct_id' property");
    if (captured.length > 0)
      throw new Error('postHogCapture was called more than once. Only one call is allowed per function');
    const properties = { ...((given.properties as Record<string, unknown> | undefined) ?? {}) };
    if (globalsEvent) {
      const count = (globalsEvent.properties as Record<string, unknown> | undefined)?.$hog_function_execution_count;
      const executionCount = typeof count === 'number' ? count : 0;
      if (executionCount > 9) {
        addLog(
          'warn',
          'postHogCapture was called from an event that already executed this function 10 times previously. To prevent unbounded infinite loops, the event was not captured.',
        );
        return;
      }
      properties.$hog_function_execution_count = executionCount + 1;
    }
    captured.push({ event: given.event, distinct_id: String(distinctId), properties });
    calls.push({ name: 'postHogCapture', args: [event], result: null, mocked: false, delayMs: 0 });
  };

  const functions: Record<string, (...args: unknown[]) => unknown> = {
    ...(asyncMode === 'mock'
      ? Object.fromEntries(MOCKED.map((name) => [name, mocked(name)]))
      : asyncMode === 'script'
        ? { postHogCapture }
        : {}),
    ...options.functions,
  };
  if (printMode === 'worker') functions.print = print;
  const asyncFunctions: ExecOptions['asyncFunctions'] =
    asyncMode === 'script' ? Object.fromEntries(ASYNC_FUNCTIONS.map((name) => [name, async () => undefined])) : {};
  const execOptions: ExecOptions = {
    globals: options.globals,
    timeout: limits.timeoutMs,
    memoryLimit: limits.memoryBytes,
    maxAsyncSteps: limits.asyncSteps,
    asyncFunctions,
    functions,
    external: { regex: regexSupport, crypto },
  };

  let input: unknown[] | VMState = bytecode;
  let outcome: ExecResult | undefined;
  let thrown: unknown;
  let totalDuration = 0;
  for (;;) {
    const started = performance.now();
    try {
      outcome =
        printMode === 'vm'
          ? withVmPrints(prints, () => exec(input as unknown[], execOptions))
          : exec(input as unknown[], execOptions);
    } catch (error) {
      thrown = error;
    }
    totalDuration += performance.now() - started;
    if (
      thrown !== undefined ||
      !outcome ||
      outcome.finished ||
      outcome.error !== undefined ||
      !outcome.asyncFunctionName ||
      !outcome.state
    )
      break;

    // The VM suspended on an async function: answer it as the worker's fetch queue would.
    const name = outcome.asyncFunctionName;
    const args = (outcome.asyncFunctionArgs ?? []).map((a) => convertHogToJS(a) as unknown);
    const state: VMState = outcome.state;
    if (!ASYNC_FUNCTIONS.includes(name)) {
      thrown = new Error(`Unknown async function '${name}'`);
      break;
    }
    const request = name === 'fetch' ? fetchRequest(args) : undefined;
    const call: AsyncCallRequest = { name, ...(request ? { url: request.url, method: request.method } : {}) };
    const answer = script.answer(call);
    const delay = answer?.delay ?? 0;
    if (delay > 0) yield delay;
    totalDuration += delay;
    let result: unknown;
    const record: AsyncCall = {
      name,
      args,
      ...(request ? { request } : {}),
      result: null,
      mocked: false,
      delayMs: delay,
    };
    if (name === 'fetch') {
      const status = answer?.error !== undefined ? undefined : (answer?.status ?? 200);
      const body = answer && 'body' in answer ? bodyForCode(answer.body) : answer?.error !== undefined ? undefined : {};
      if (status === undefined || status >= 400) {
        const message = `HTTP fetch failed on attempt 1 with status code ${status ?? '(none)'}.${answer?.error !== undefined ? ` Error: ${answer.error}.` : ''}`;
        addLog('error', message);
        runError = message;
      }
      result = {
        status: status ?? 500,
        body: body ?? (answer?.error !== undefined ? `Error: ${answer.error}` : undefined),
      };
      record.response = {
        status: status ?? 500,
        headers: answer?.headers ?? {},
        body: (result as { body: unknown }).body,
      };
      if (answer?.error !== undefined) record.error = answer.error;
    } else {
      if (answer?.error !== undefined) {
        record.error = answer.error;
        calls.push(record);
        thrown = new Error(answer.error);
        break;
      }
      result = answer && 'body' in answer ? answer.body : { success: true };
    }
    record.result = result;
    calls.push(record);
    state.stack.push(result);
    input = state;
  }

  const state = outcome?.state;
  const base = {
    prints,
    calls,
    captured,
    ops: state?.ops ?? 0,
    memoryBytes: state?.maxMemUsed ?? 0,
    durationMs: totalDuration,
  };
  const failure =
    thrown ??
    outcome?.error ??
    (outcome && !outcome.finished
      ? new Error('Function was not finished but also had no async function to execute.')
      : undefined);
  if (failure !== undefined) {
    logs.push({
      level: 'error',
      message: logMessage(
        [`Error executing function on event ${eventId}: ${errorText(failure)}`],
        secrets,
        limits.logLength,
      ),
    });
    const type = (failure as { type?: unknown }).type;
    const frame = [...(state?.callStack ?? [])].reverse().find((f) => !f.chunk || f.chunk === 'root');
    return {
      ...base,
      logs,
      result: null,
      error: redact(errorMessage(failure), secrets),
      ...(typeof type === 'string' ? { errorType: type } : {}),
      ...(frame ? { errorIp: frame.ip } : {}),
    };
  }
  const summary = [`Function completed in ${formatNumber(totalDuration)}ms.`];
  if (state) {
    summary.push(
      `Sync: ${formatNumber(state.syncDuration)}ms.`,
      `Mem: ${formatNumber(state.maxMemUsed / 1024)}kb.`,
      `Ops: ${state.ops}.`,
    );
    summary.push(`Event: '${options.eventUrl ?? ''}'`);
  }
  logs.push({ level: 'debug', message: summary.join(' ') });
  const result = toPlain(outcome?.result);
  return { ...base, logs, result, ...(runError !== undefined ? { error: redact(runError, secrets) } : {}) };
}

/** Runs with PostHog's own print() (it writes to console.log), keeping its lines instead of printing them. */
function withVmPrints<T>(prints: string[], body: () => T): T {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    prints.push(args.map(String).join(' '));
  };
  try {
    return body();
  } finally {
    console.log = original;
  }
}

/** A VM value as plain JSON-able data (dicts are Maps inside the VM). */
export function toPlain(value: unknown): unknown {
  const js = convertHogToJS(value) as unknown;
  return js === undefined ? null : js;
}

/** Runs compiled code to the end at once: scripted delays are not waited for. */
export function execute(bytecode: unknown[], options: RunOptions): Execution {
  const steps = run(bytecode, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Runs compiled code, waiting out each scripted answer's delay. */
export async function executeAsync(bytecode: unknown[], options: RunOptions): Promise<Execution> {
  const steps = run(bytecode, options);
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setTimeout(resolve, step.value as number));
    step = steps.next();
  }
  return step.value;
}

/** Evaluates compiled code for its value (a template, a filter expression); throws when it fails. */
export function evaluate(
  bytecode: unknown[],
  globals: Record<string, unknown>,
  functions: Record<string, (...args: unknown[]) => unknown> = {},
): unknown {
  const outcome = exec(bytecode, {
    globals,
    timeout: LIMITS.timeoutMs,
    external: { regex: regexSupport, crypto },
    functions,
  });
  if (outcome.error !== undefined)
    throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  return toPlain(outcome.result);
}
