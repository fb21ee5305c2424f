// How a fixture's expectations compare with what a run did. "subset": what the expectation writes must be there
// (objects may hold more keys, arrays have the same length and match element by element); "exact": the whole value.
// A request is compared as { method, url, headers, body }: header names whatever their case, the body as JSON when
// the expectation writes JSON and as text when it writes a string. Pure.
import { canonicalJson } from '../functions/stableJson';
import { isJsonObject } from '../../shared/json';
import type { ExpectedRequest } from './fixtureSchema';

export type MatchMode = 'subset' | 'exact';

/** The path (inside the values) of the first difference, or undefined when `actual` matches `expected`. */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  mode: MatchMode,
  at: PropertyKey[] = [],
): PropertyKey[] | undefined {
  if (mode === 'exact') {
    if (canonicalJson(expected) === canonicalJson(actual)) return undefined;
    if (isJsonObject(expected) && isJsonObject(actual)) {
      for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
        const diff = firstDifference(expected[key], actual[key], mode, [...at, key]);
        if (diff) return diff;
      }
    }
    if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
      for (const [i, item] of expected.entries()) {
        const diff = firstDifference(item, actual[i], mode, [...at, i]);
        if (diff) return diff;
      }
    }
    return at;
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return at;
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return [...at, key];
      const diff = firstDifference(value, actual[key], mode, [...at, key]);
      if (diff) return diff;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return at;
    for (const [i, item] of expected.entries()) {
      const diff = firstDifference(item, actual[i], mode, [...at, i]);
      if (diff) return diff;
    }
    return undefined;
  }
  return canonicalJson(expected) === canonicalJson(actual) ? undefined : at;
}

/** A request as a fixture writes it, from what the code sent (the worker's request: method, url, headers, body text). */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

function parsedBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What the code sent, as the expectation it is compared with writes it (a JSON body read as JSON). */
export function sentRequest(
  request: { method: string; url: string; headers: Record<string, string>; body?: string },
  expected?: ExpectedRequest,
): SentRequest {
  // A body the expectation writes as text is compared as the text sent.
  const body = typeof expected?.body === 'string' ? request.body : parsedBody(request.body);
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The expectation in the sent request's terms: the method upper-cased, header names as the request spells them. */
export function normalizedExpectation(
  expected: ExpectedRequest,
  sent: SentRequest | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...expected };
  if (typeof expected.method === 'string') out.method = expected.method.toUpperCase();
  if (expected.headers) {
    const names = new Map(Object.keys(sent?.headers ?? {}).map((k) => [k.toLowerCase(), k]));
    out.headers = Object.fromEntries(
      Object.entries(expected.headers).map(([k, v]) => [names.get(k.toLowerCase()) ?? k, v]),
    );
  }
  return out;
}
