// The calls a test run would have made, read back from its logs: with async functions mocked, PostHog's worker logs
// each call as two `info` entries, "Async function 'fetch' was mocked with arguments:" and then
// `fetch('<url>', <options as JSON.stringify(options, null, 2)>)` (posthog-api.md 9.3). Pure, for unit tests.
import { isJsonObject } from '../../shared/json';
import type { LogLine } from '../functions/report';

/** A mocked call other than fetch (sendEmail, postHogCapture…): its one argument as PostHog logged it. */
export interface MockedCall {
  name: string;
  argument: unknown;
}

export type RequestBody =
  | { kind: 'none' }
  /** The function passed an object: PostHog sends it as JSON. */
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string };

/** One request fetch() would send, as PostHog's fetch sends it (POST and a JSON content type unless told otherwise). */
export interface FetchRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: RequestBody;
  /** A GET or HEAD with a body: PostHog drops the body. */
  bodyDropped: boolean;
}

const MOCKED = /^Async function '([^']+)' was mocked with arguments:$/;

/** `fetch('<url>', <json>)`: the URL is not escaped, so the split is the first `', ` after which valid JSON follows. */
function parseFetchArguments(inner: string): { url: string; options: unknown } | undefined {
  if (!inner.startsWith("'")) return undefined;
  for (let i = inner.indexOf("', "); i !== -1; i = inner.indexOf("', ", i + 1)) {
    const json = inner.slice(i + 3);
    if (json === 'undefined') return { url: inner.slice(1, i), options: undefined };
    try {
      return { url: inner.slice(1, i), options: JSON.parse(json) };
    } catch {
      // Not the split: the URL itself held "', ".
    }
  }
  return undefined;
}

function parseArgument(text: string): unknown {
  if (text === 'undefined') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function fetchRequest(url: string, options: unknown): FetchRequest {
  const opts = isJsonObject(options) ? options : {};
  const method = typeof opts.method === 'string' && opts.method ? opts.method.toUpperCase() : 'POST';
  // PostHog sends only string header values, and a JSON content type when the function set no headers at all.
  const headers: [string, string][] = isJsonObject(opts.headers)
    ? Object.entries(opts.headers).filter((e): e is [string, string] => typeof e[1] === 'string')
    : [['Content-Type', 'application/json']];
  const raw = opts.body;
  const body: RequestBody =
    raw === undefined || raw === null || raw === ''
      ? { kind: 'none' }
      : typeof raw === 'string'
        ? { kind: 'text', text: raw }
        : { kind: 'json', value: raw };
  const bodyDropped = body.kind !== 'none' && (method === 'GET' || method === 'HEAD');
  return { method, url, headers, body: bodyDropped ? { kind: 'none' } : body, bodyDropped };
}

/** The second log entry of a mocked call, read back: fetch's URL and options, or another function's argument. */
export type CallLine = { name: 'fetch'; url: string; options: unknown } | { name: string; argument: unknown };

export function parseCallLine(name: string, message: string): CallLine | undefined {
  if (!message.startsWith(`${name}(`) || !message.endsWith(')')) return undefined;
  const inner = message.slice(name.length + 1, -1);
  if (name !== 'fetch') return { name, argument: parseArgument(inner) };
  const args = parseFetchArguments(inner);
  return args && { name: 'fetch', ...args };
}

export interface MockedCalls {
  requests: FetchRequest[];
  others: MockedCall[];
  /** The second log entry of each call by its position in the logs, read back (a view shows it masked). */
  callLines: Map<number, CallLine>;
}

export function mockedCalls(logs: readonly LogLine[]): MockedCalls {
  const requests: FetchRequest[] = [];
  const others: MockedCall[] = [];
  const callLines = new Map<number, CallLine>();
  logs.forEach((line, i) => {
    const name = MOCKED.exec(line.message)?.[1];
    const next = logs[i + 1];
    const call = name && next ? parseCallLine(name, next.message) : undefined;
    if (!call) return;
    callLines.set(i + 1, call);
    if ('url' in call) requests.push(fetchRequest(call.url, call.options));
    else others.push({ name: call.name, argument: call.argument });
  });
  return { requests, others, callLines };
}

/** "Function completed in 17ms." → 17 (the time PostHog's worker measured). */
export function reportedDuration(logs: readonly LogLine[]): number | undefined {
  for (const line of logs) {
    const m = /^Function completed in ([\d.]+)ms\./.exec(line.message);
    if (m) return Number(m[1]);
  }
  return undefined;
}
