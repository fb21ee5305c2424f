// The one request path every endpoint goes through: URL and origin checks, the API key header, the
// client-side rate limiter, retries, error mapping and response validation.
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { errorFromStatus, isPostHogError, parseErrorBody, PostHogError } from './errors';
import { processFallbacks, type FallbackMemory } from './fallbacks';
import { normalizeHost } from './host';
import {
  isBudgetExhausted,
  poolOf,
  poolWindows,
  RATE_POOLS,
  RateLimiter,
  type BudgetExhausted,
  type PoolBudget,
  type RateLimitOptions,
  type RatePool,
} from './rateLimiter';
import { PageTrail } from './paging';
import type { TolerantList, UnreadableRow } from './tolerant';
import {
  backoffMs,
  DEFAULT_RETRY,
  MAX_RATE_LIMIT_WAIT_SECONDS,
  RETRYABLE_STATUSES,
  retryAfterSeconds,
  type RetryOptions,
} from './retry';
import { cancelledFailure, defaultSleep, type Sleep } from './sleep';
import {
  isTransportFailure,
  transportFailure,
  type NetworkOptions,
  type Transport,
  type TransportFactory,
  type TransportFailure,
  type TransportResponse,
} from './transport';

export interface RequestEvent {
  method: string;
  /** Path and query only: never the origin's credentials, never the key. */
  url: string;
  status?: number;
  durationMs: number;
  attempt: number;
  error?: string;
  /** The body of an answer with an error status, as PostHog sent it (cut to RAW_BODY_CHARS). */
  body?: string;
}

/** How much of an error answer's body is kept for the log: PostHog's error bodies are a few hundred characters. */
export const RAW_BODY_CHARS = 4000;
const rawBody = (text: string): string => (text.length > RAW_BODY_CHARS ? `${text.slice(0, RAW_BODY_CHARS)}…` : text);

export interface ClientOptions {
  /** A normalised origin (see normalizeHost). */
  host: string;
  getApiKey: () => string | undefined | Promise<string | undefined>;
  timeoutMs?: number;
  onRequest?: (e: RequestEvent) => void;
  /**
   * The client-side budgets, one per PostHog throttle pool (rateLimiter.ts); PostHog's limits where left out.
   * `false` turns every limiter off (tests that count requests themselves).
   */
  rateLimits?: RateLimitOptions | false;
  /** A pool's budget changed: a request went out, or PostHog asked for a pause. For the status bar. */
  onRateBudget?: (pool: RatePool, budget: PoolBudget) => void;
  retry?: RetryOptions;
  network?: NetworkOptions;
  sleep?: Sleep;
  /** The rate limiter's clock; tests pair it with `sleep` to run minutes of throttling instantly. */
  now?: () => number;
  /** Replaces the undici transport, for tests that need a transport-level fault. */
  createTransport?: TransportFactory;
  /**
   * Which documented endpoints this host lacks (`upsert_properties`...), kept by the caller across windows and restarts;
   * without it, for the life of the process.
   */
  fallbacks?: FallbackMemory;
  /** The largest response body read, in bytes (default 50 MB); a larger one fails the request. */
  maxResponseBytes?: number;
}

/** A response body larger than this fails its request (issue: a 200 MB answer grew memory by 420 MB). */
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PageOptions extends RequestOptions {
  /** A `next` link from a previous page. Followed only on the configured origin. */
  pageUrl?: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute path on the origin, e.g. /api/projects/1/groups/find/. */
  path: string;
  query?: Query;
  pageUrl?: string;
  body?: unknown;
  /** For messages: "update group property". */
  operation: string;
  /** For messages: "POST groups/update_property". */
  endpoint: string;
  signal?: AbortSignal;
  /** Report a 429 at once instead of waiting and retrying (requests made while typing, superseded within a second). */
  failFastOnThrottle?: boolean;
  /** The throttle pool: `query` for the query endpoint (its own budget), else every other endpoint's. */
  pool?: 'api' | 'query';
  /** The query's `kind`: `HogQLQuery` has a pool of its own. */
  queryKind?: string;
  /**
   * With `failFastOnThrottle`: the share (0 to 1) of each of the pool's windows to keep free for others. A call that
   * would eat into it is refused locally (kind `rate_limited`, `throttle: 'budget'`) without being sent: low-priority
   * callers give way.
   */
  reserve?: number;
  /** How long to poll a query PostHog answered 202 to before giving up (default 60 s; 0 polls not at all). */
  pollForMs?: number;
}

type Answer = TransportResponse & { json: unknown; isJson: boolean };

/**
 * Every result of a paged list: fetches the first page, then follows `next` links until there are none. Rows
 * that could not be read are collected too, numbered across the whole list. A link back to a page already read,
 * or more than `maxPages` pages, ends the list early with what was read and a `cut` saying why (paging.ts).
 */
export async function allPages<T>(
  fetchPage: (
    pageUrl: string | undefined,
  ) => Promise<{ results: T[]; unreadable: UnreadableRow[]; next?: string | null }>,
  options: { maxPages?: number; firstUrl?: string } = {},
): Promise<TolerantList<T>> {
  const all: TolerantList<T> = { results: [], unreadable: [] };
  const trail = new PageTrail(options.maxPages, options.firstUrl);
  let pageUrl: string | undefined;
  let offset = 0;
  do {
    const page = await fetchPage(pageUrl);
    all.results.push(...page.results);
    all.unreadable.push(...page.unreadable.map((row) => ({ ...row, index: row.index + offset })));
    offset += page.results.length + page.unreadable.length;
    const cut = trail.after(page.next, offset);
    if (cut) {
      all.cut = cut;
      break;
    }
    pageUrl = page.next ?? undefined;
  } while (pageUrl);
  return all;
}

export class ApiCore {
  readonly origin: string;
  readonly fallbacks: FallbackMemory;
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryOptions>;
  private readonly sleep: Sleep;
  private readonly limiters: Partial<Record<RatePool, RateLimiter>> = {};
  private readonly apiQueriesEnabled: boolean;
  private transport: Promise<Transport> | undefined;
  private disposed = false;

  constructor(private readonly options: ClientOptions) {
    const host = normalizeHost(options.host);
    if (!host.ok || host.origin !== options.host) {
      throw new PostHogError({
        kind: 'config',
        operation: l10n.t('connect to PostHog'),
        endpoint: '',
        reason: host.ok ? l10n.t('the host must be a bare origin such as {0}.', host.origin) : host.reason,
      });
    }
    this.origin = host.origin;
    this.fallbacks = options.fallbacks ?? processFallbacks;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? defaultSleep;
    const limits = options.rateLimits ?? {};
    this.apiQueriesEnabled = limits !== false && limits.apiQueriesEnabled === true;
    if (limits !== false) {
      const windows = poolWindows(limits);
      const clock = { now: options.now ?? Date.now, sleep: this.sleep };
      for (const pool of RATE_POOLS) {
        const w = windows[pool];
        if (!w) continue;
        const limiter: RateLimiter = new RateLimiter(w, clock, () => options.onRateBudget?.(pool, limiter.usage()));
        this.limiters[pool] = limiter;
      }
    }
  }

  /** Each pool's budget as the client has spent it (pools whose limiter is off are left out). */
  rateBudget(): Partial<Record<RatePool, PoolBudget>> {
    return Object.fromEntries(Object.entries(this.limiters).map(([pool, limiter]) => [pool, limiter.usage()]));
  }

  /** The address a call without `pageUrl` goes to: the first page of a list, to recognise a link back to it. */
  urlOf(path: string, query?: Query): string {
    return this.resolveUrl({ method: 'GET', path, ...(query ? { query } : {}), operation: '', endpoint: '' }).href;
  }

  projectPath(projectId: number, rest: string): string {
    return `/api/projects/${encodeURIComponent(String(projectId))}/${rest}`;
  }

  /** Sends the call and validates a 2xx JSON answer against `schema`. */
  async call<S extends z.ZodMiniType>(call: Call, schema: S): Promise<z.output<S>> {
    let answer = await this.send(call);
    // A query PostHog runs in the background: poll its status until the results are there.
    if (answer.status === 202 && call.pool === 'query') answer = await this.pollQuery(call, answer);
    if (!answer.isJson) {
      throw this.invalid(
        call,
        answer.bodyText.trimStart().startsWith('<')
          ? l10n.t('it sent an HTML page instead of JSON')
          : l10n.t('its answer was not valid JSON'),
      );
    }
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const fieldPath = issue?.path.map(String).join('.') ?? '';
      throw this.invalid(
        call,
        issue
          ? l10n.t('field "{0}" {1}', fieldPath || '(root)', issue.message)
          : l10n.t('field "{0}" is not as expected', fieldPath || '(root)'),
        fieldPath,
      );
    }
    return parsed.data;
  }

  /** Sends the call and ignores the body of a 2xx answer. */
  async callVoid(call: Call): Promise<void> {
    await this.send(call);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const transport = this.transport;
    this.transport = undefined;
    if (transport) await (await transport).close();
  }

  private invalid(call: Call, what: string, fieldPath?: string): PostHogError {
    return new PostHogError({
      kind: 'invalid_response',
      operation: call.operation,
      endpoint: call.endpoint,
      status: 200,
      reason: l10n.t("PostHog's answer to {0} was not what this extension expects: {1}.", call.endpoint, what),
      ...(fieldPath !== undefined ? { fieldPath } : {}),
    });
  }

  private async send(call: Call): Promise<Answer> {
    const answer = await this.exchange(call);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status >= 300 && answer.status < 400) {
      const location = answer.headers.location;
      const reason = location
        ? l10n.t(
            "PostHog redirected the request to {0}. Check the host setting (use the address PostHog's web app is served from).",
            safeOrigin(location, this.origin),
          )
        : l10n.t(
            "PostHog redirected the request. Check the host setting (use the address PostHog's web app is served from).",
          );
      throw this.fail(call, 'config', reason, answer.status);
    }
    throw errorFromStatus(answer.status, parseErrorBody(answer.json), {
      operation: call.operation,
      endpoint: call.endpoint,
      origin: this.origin,
      ...this.waitFor(answer),
      ...(answer.bodyText ? { raw: rawBody(answer.bodyText) } : {}),
    });
  }

  private async exchange(call: Call): Promise<Answer> {
    const url = this.resolveUrl(call);
    const key = await this.options.getApiKey();
    if (!key) throw this.fail(call, 'unauthorized', l10n.t("you're not signed in to PostHog. Sign in first."));
    const isRead = call.method === 'GET';
    const limiter = this.limiters[poolOf(call, this.apiQueriesEnabled)];
    let serverRetries = 0;
    let throttleRetries = 0;
    let timeoutRetries = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.disposed) throw transportFailure('cancelled', l10n.t('The client was disposed.'));
        if (call.signal?.aborted) throw cancelledFailure();
        let slot;
        try {
          slot = await limiter?.acquire(
            call.signal,
            call.failFastOnThrottle ? { failFast: true, reserve: call.reserve ?? 0 } : {},
          );
        } catch (e) {
          if (isBudgetExhausted(e)) throw this.budgetError(call, e);
          throw e;
        }
        const res = await this.attempt(call, url, key, attempt);
        slot?.done();
        if (isTransportFailure(res)) {
          if (res.transportFailure === 'cancelled') throw res;
          if (isRead && res.transportFailure === 'network' && !res.permanent && serverRetries < this.retry.maxRetries) {
            await this.sleep(backoffMs(serverRetries++, this.retry), call.signal);
            continue;
          }
          // A read that timed out gets one more chance; a write may have been applied, so it is reported instead.
          if (isRead && res.transportFailure === 'timeout' && timeoutRetries++ < 1) continue;
          throw this.transportError(call, res);
        }
        const answer = withJson(res);
        if (answer.status === 429) {
          const { retryAfterSeconds: wait } = this.waitFor(answer);
          // The pool's other requests would get the same answer: hold them back for the wait PostHog named.
          if (wait !== undefined) limiter?.block(this.now() + wait * 1000);
          if (
            call.failFastOnThrottle ||
            throttleRetries >= this.retry.maxRetries ||
            (wait ?? 0) > MAX_RATE_LIMIT_WAIT_SECONDS
          )
            return answer;
          await this.sleep(wait !== undefined ? wait * 1000 : backoffMs(throttleRetries, this.retry), call.signal);
          throttleRetries++;
          continue;
        }
        if (isRead && RETRYABLE_STATUSES.has(answer.status) && serverRetries < this.retry.maxRetries) {
          await this.sleep(backoffMs(serverRetries++, this.retry), call.signal);
          continue;
        }
        return answer;
      }
    } catch (e) {
      if (isTransportFailure(e) && e.transportFailure === 'cancelled')
        throw this.fail(call, 'cancelled', l10n.t('the request was cancelled.'));
      throw e;
    }
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A request the limiter refused without sending it (the caller asked not to wait). */
  private budgetError(call: Call, e: BudgetExhausted): PostHogError {
    const seconds = Math.max(1, Math.ceil(e.waitMs / 1000));
    const reason =
      e.reason === 'server'
        ? l10n.t('PostHog is rate limiting this API key. Try again in {0}.', waitWords(seconds))
        : call.pool === 'query'
          ? l10n.t(
              "this API key's budget of PostHog queries is spent for now, so nothing was sent. Try again in {0}.",
              waitWords(seconds),
            )
          : l10n.t(
              "this API key's request budget is spent for now, so nothing was sent. Try again in {0}.",
              waitWords(seconds),
            );
    return new PostHogError({
      kind: 'rate_limited',
      operation: call.operation,
      endpoint: call.endpoint,
      reason,
      retryAfterSeconds: seconds,
      throttle: e.reason === 'server' ? 'rate' : 'budget',
    });
  }

  /**
   * PostHog answered 202: the query runs in the background and `query_status.id` names it. Its status is polled
   * (`GET query/:id/`, the same pool) with growing pauses until it completes, fails, the caller cancels (the query is
   * then cancelled on PostHog too) or `pollForMs` passes.
   */
  private async pollQuery(call: Call, first: Answer): Promise<Answer> {
    const status = queryStatus(first.json);
    if (!status?.id) throw this.invalid(call, l10n.t('it answered 202 without a query to wait for'), 'query_status.id');
    const statusPath = call.path.replace(/query\/?$/, `query/${encodeURIComponent(status.id)}/`);
    const poll: Call = {
      method: 'GET',
      path: statusPath,
      operation: call.operation,
      endpoint: call.endpoint,
      pool: 'query',
      ...(call.signal ? { signal: call.signal } : {}),
    };
    const deadline = this.now() + (call.pollForMs ?? 60_000);
    try {
      for (let round = 0; ; round++) {
        if (this.now() >= deadline) {
          const seconds = Math.round((call.pollForMs ?? 60_000) / 1000);
          throw this.fail(
            call,
            'timeout',
            l10n.t('PostHog was still running the query after {0} seconds. Try again later.', seconds),
            202,
          );
        }
        await this.sleep(Math.min(2000, 250 * 2 ** round), call.signal);
        const answer = await this.exchange(poll);
        const current = queryStatus(answer.json);
        if (answer.status === 200 && current?.complete)
          return { ...answer, json: current.results ?? null, isJson: true };
        if (answer.status === 202) continue;
        if (answer.status >= 400) {
          const detail = current?.error_message ?? parseErrorBody(answer.json).detail;
          throw errorFromStatus(answer.status, detail ? { detail, attr: null } : {}, {
            operation: call.operation,
            endpoint: call.endpoint,
            origin: this.origin,
          });
        }
        throw this.invalid(call, l10n.t('the status of the query it was running could not be read'), 'query_status');
      }
    } catch (e) {
      const cancelled =
        (isPostHogError(e) && e.kind === 'cancelled') || (isTransportFailure(e) && e.transportFailure === 'cancelled');
      if (!cancelled) throw e;
      // Nobody waits for it any more: free PostHog's resources (best effort, not waited for).
      const { signal: _unused, ...cancel } = poll;
      void this.exchange({ ...cancel, method: 'DELETE' }).catch(() => undefined);
      throw isPostHogError(e) ? e : this.fail(call, 'cancelled', l10n.t('the request was cancelled.'));
    }
  }

  private async attempt(
    call: Call,
    url: URL,
    key: string,
    attempt: number,
  ): Promise<TransportResponse | TransportFailure> {
    const transport = await (this.transport ??= this.loadTransport());
    const started = performance.now();
    const event = { method: call.method, url: url.pathname + url.search, attempt };
    try {
      const res = await transport.request({
        method: call.method,
        url: url.href,
        headers: {
          authorization: `Bearer ${key}`,
          accept: 'application/json',
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        timeoutMs: this.timeoutMs,
        maxBodyBytes: this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      });
      this.options.onRequest?.({
        ...event,
        status: res.status,
        durationMs: performance.now() - started,
        // What PostHog said when it refused: kept as it came for the log (the UI shows it in words).
        ...(res.status >= 400 && res.bodyText ? { body: rawBody(res.bodyText) } : {}),
      });
      return res;
    } catch (e) {
      const failure = isTransportFailure(e)
        ? e
        : transportFailure('network', e instanceof Error ? e.message : String(e), undefined, e);
      this.options.onRequest?.({ ...event, durationMs: performance.now() - started, error: failure.message });
      return failure;
    }
  }

  private async loadTransport(): Promise<Transport> {
    if (this.options.createTransport) return this.options.createTransport(this.origin, this.options.network);
    // A require inside the function keeps undici out of the extension bundle until the first request:
    // esbuild.mjs rewrites this path to the separate dist/http.js.
    const { createTransport } = require('./undiciTransport') as typeof import('./undiciTransport');
    return createTransport(this.origin, this.options.network);
  }

  private resolveUrl(call: Call): URL {
    if (call.pageUrl !== undefined) {
      let next: URL;
      try {
        next = new URL(call.pageUrl);
      } catch {
        throw this.fail(call, 'config', l10n.t('the pagination link "{0}" is not a URL.', call.pageUrl));
      }
      if (next.origin !== this.origin) {
        // The key must never go to another origin, whatever a response body says.
        throw this.fail(
          call,
          'config',
          l10n.t('refusing to follow a pagination link to another origin ({0}).', next.origin),
        );
      }
      return next;
    }
    const url = new URL(call.path, this.origin);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) params.append(k, String(v));
    url.search = params.toString();
    return url;
  }

  private waitFor(answer: Answer): { retryAfterSeconds?: number } {
    const seconds = retryAfterSeconds(parseErrorBody(answer.json).detail, answer.headers['retry-after']);
    return seconds === undefined ? {} : { retryAfterSeconds: seconds };
  }

  private transportError(call: Call, failure: TransportFailure): PostHogError {
    if (failure.transportFailure === 'too_large') {
      const limit = formatBytes(this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      const what = failure.declared
        ? l10n.t(
            "PostHog's answer to {0} is {1}, more than the {2} this extension reads, so it was not read.",
            call.endpoint,
            formatBytes(failure.bytes ?? 0),
            limit,
          )
        : l10n.t(
            "PostHog's answer to {0} was more than {1}, the most this extension reads, so reading stopped there and it was not used.",
            call.endpoint,
            limit,
          );
      const reason =
        call.method === 'GET'
          ? what
          : l10n.t('{0} The change may have been applied; refresh before trying again.', what);
      return this.fail(call, 'invalid_response', reason, failure.status, failure);
    }
    if (failure.transportFailure === 'timeout') {
      const seconds = Number((this.timeoutMs / 1000).toFixed(1));
      const reason =
        call.method === 'GET'
          ? l10n.t("PostHog didn't answer within {0} seconds. Try again later.", seconds)
          : l10n.t(
              "PostHog didn't answer within {0} seconds. The change may or may not have been applied; refresh before trying again.",
              seconds,
            );
      return this.fail(call, 'timeout', reason, undefined, failure);
    }
    return this.fail(
      call,
      'network',
      l10n.t("couldn't reach {0}: {1}", this.origin, failure.message),
      undefined,
      failure,
    );
  }

  private fail(call: Call, kind: PostHogError['kind'], reason: string, status?: number, cause?: unknown): PostHogError {
    return new PostHogError({
      kind,
      operation: call.operation,
      endpoint: call.endpoint,
      reason,
      ...(status !== undefined ? { status } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }
}

/** `{"query_status": {"id", "complete", "error", "error_message", "results"}}`, PostHog's answer about a query it runs in the background. */
function queryStatus(
  body: unknown,
): { id?: string; complete?: boolean; error_message?: string; results?: unknown } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const status = (body as { query_status?: unknown }).query_status;
  if (!status || typeof status !== 'object') return undefined;
  const s = status as Record<string, unknown>;
  return {
    ...(typeof s.id === 'string' ? { id: s.id } : {}),
    complete: s.complete === true,
    ...(typeof s.error_message === 'string' && s.error_message ? { error_message: s.error_message } : {}),
    ...('results' in s ? { results: s.results } : {}),
  };
}

/** "45 seconds", "12 minutes": how long until a budget has room again. */
export function waitWords(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', seconds);
  const minutes = Math.ceil(seconds / 60);
  return l10n.t('{0} minutes', minutes);
}

/** 52428800 → "50 MB", 3145728 → "3 MB", 63123456 → "60.2 MB". */
function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number(mb.toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function withJson(res: TransportResponse): Answer {
  try {
    return { ...res, json: JSON.parse(res.bodyText), isJson: true };
  } catch {
    return { ...res, json: undefined, isJson: false };
  }
}

function safeOrigin(location: string, base: string): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return l10n.t('another address');
  }
}
