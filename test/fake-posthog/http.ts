// The local PostHog's request and response shapes and PostHog's error bodies.
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeApiKey, FakeProject, FakeState } from './types';

export interface FakeResponse {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
  /** Pre-rendered body (HTML pages, broken JSON). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RequestContext {
  state: FakeState;
  method: string;
  /** Absolute URL as PostHog would rebuild it from the Host header (used for `next` links). */
  url: URL;
  /** The raw query string without `?`, in the order the client sent it. */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
  /** Set when the body could not be parsed; raised only when a handler reads the body, as DRF does. */
  bodyParseError: string | null;
  project: FakeProject;
  key: FakeApiKey;
  /** Path after `/api/projects/:id/` (no leading or trailing slash). */
  subpath: string;
  prefix: 'projects' | 'environments';
}

/** An error that renders as a response; handlers throw it, the router turns it into JSON. */
export class ApiError extends Error {
  constructor(readonly response: FakeResponse) {
    super(`fake PostHog ${response.status}`);
  }
}

/** drf-exceptions-hog body: `{type, code, detail, attr}`. */
export function errorResponse(
  status: number,
  type: string,
  code: string,
  detail: string,
  attr: string | null = null,
  headers?: Record<string, string>,
): FakeResponse {
  return { status, body: { type, code, detail, attr }, ...(headers ? { headers } : {}) };
}

export const apiError = (
  status: number,
  type: string,
  code: string,
  detail: string,
  attr: string | null = null,
): ApiError => new ApiError(errorResponse(status, type, code, detail, attr));

export const notFound = (detail = 'Not found.'): ApiError => apiError(404, 'invalid_request', 'not_found', detail);
export const endpointNotFound = (): ApiError => notFound('Endpoint not found.');
/** A ValidationError; drf-exceptions-hog names no field for DRF's top-level `non_field_errors` (attr null). */
export const validationError = (attr: string | null, detail: string, code = 'invalid_input'): ApiError =>
  apiError(400, 'validation_error', code, detail, attr === 'non_field_errors' ? null : attr);
export const permissionDenied = (detail: string): ApiError =>
  apiError(403, 'authentication_error', 'permission_denied', detail);
export const serverErrorResponse = (): FakeResponse =>
  errorResponse(500, 'server_error', 'error', 'A server error occurred.');
/** What Django does on an unhandled exception (e.g. `int()` on a bad query parameter). */
export const unhandled = (): ApiError => new ApiError(serverErrorResponse());
export const raw = (status: number, body: unknown): ApiError => new ApiError({ status, body });

export function throttledResponse(seconds: number): FakeResponse {
  // DRF's Throttled picks the singular form for exactly one second.
  const unit = seconds === 1 ? 'second' : 'seconds';
  return errorResponse(
    429,
    'throttled_error',
    'throttled',
    `Request was throttled. Expected available in ${seconds} ${unit}.`,
  );
}

export const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });

/** Reads the request body, raising DRF's ParseError when it was not valid JSON. */
export function readBody(ctx: RequestContext): Record<string, unknown> {
  if (ctx.bodyParseError) throw apiError(400, 'invalid_request', 'parse_error', ctx.bodyParseError);
  const body = ctx.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError(
      'non_field_errors',
      `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`,
    );
  }
  return body as Record<string, unknown>;
}

/** DRF IntegerField parsing of a query parameter or body value. */
export function parseIntStrict(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}

/** DRF's replace_query_param: parses, replaces, and re-encodes the query sorted by name. */
export function replaceQueryParams(url: URL, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(url.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const search = new URLSearchParams(sorted).toString();
  return `${url.origin}${url.pathname}${search ? `?${search}` : ''}`;
}

/** DRF LimitOffsetPagination over an in-memory list. */
export function limitOffsetPage<T>(
  ctx: Pick<RequestContext, 'url' | 'query'>,
  items: T[],
  defaultLimit: number,
): { count: number; next: string | null; previous: string | null; results: T[] } {
  const limitParam = parseIntStrict(ctx.query.get('limit'));
  const limit = limitParam !== null && limitParam > 0 ? limitParam : defaultLimit;
  const offsetParam = parseIntStrict(ctx.query.get('offset'));
  const offset = offsetParam !== null && offsetParam > 0 ? offsetParam : 0;
  const count = items.length;
  const next =
    offset + limit < count
      ? replaceQueryParams(ctx.url, { limit: String(limit), offset: String(offset + limit) })
      : null;
  let previous: string | null = null;
  if (offset > 0) {
    previous =
      offset - limit <= 0
        ? replaceQueryParams(ctx.url, { limit: String(limit), offset: null })
        : replaceQueryParams(ctx.url, { limit: String(limit), offset: String(offset - limit) });
  }
  return { count, next, previous, results: items.slice(offset, offset + limit) };
}

export type Prefix = RequestContext['prefix'];

/** One API route under `/api/<prefix>/:id/`; `pattern` is matched against the subpath. */
export interface Route {
  method: string;
  pattern: RegExp;
  /** Required scopes; null = no scope mapping, so personal API keys are refused. */
  scopes: string[] | null;
  auth: import('./auth').AuthFlavor;
  prefixes: Prefix[];
  /** A route only the newest servers have; on an older release the path matches nothing (404 "Endpoint not found."). */
  newestOnly?: true;
  /** Which throttles apply (posthog/api/query.py `get_throttles`); every other route meets `burst` and `sustained`. */
  throttle?(body: unknown): import('./faults').ThrottleClass;
  /** Omitted for actions personal API keys can never reach (the scope check refuses them first). */
  handle?(ctx: RequestContext, params: string[]): FakeResponse;
}
