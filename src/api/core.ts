// The one request path every endpoint goes through: URL and origin checks, the API key header, the
// client-side rate limiter, retries, error mapping and response validation.
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { errorFromStatus, parseErrorBody, PostHogError } from './errors';
import { normalizeHost } from './host';
import { PageTrail } from './paging';
import { RateLimiter } from './rateLimiter';
import type { TolerantList, UnreadableRow } from './tolerant';
import { backoffMs, DEFAULT_RETRY, MAX_RATE_LIMIT_WAIT_SECONDS, RETRYABLE_STATUSES, retryAfterSeconds, type RetryOptions } from './retry';
import { cancelledFailure, defaultSleep, type Sleep } from './sleep';
import { isTransportFailure, transportFailure, type NetworkOptions, type Transport, type TransportFactory, type TransportFailure, type TransportResponse } from './transport';

export interface RequestEvent {
  method: string;
  /** Path and query only: never the origin's credentials, never the key. */
  url: string;
  status?: number;
  durationMs: number;
  attempt: number;
  error?: string;
}

export interface ClientOptions {
  /** A normalised origin (see normalizeHost). */
  host: string;
  getApiKey: () => string | undefined | Promise<string | undefined>;
  timeoutMs?: number;
  onRequest?: (e: RequestEvent) => void;
  rateLimits?: { perMinute: number; perHour: number } | false;
  retry?: RetryOptions;
  network?: NetworkOptions;
  sleep?: Sleep;
  /** The rate limiter's clock; tests pair it with `sleep` to run minutes of throttling instantly. */
  now?: () => number;
  /** Replaces the undici transport, for tests that need a transport-level fault. */
  createTransport?: TransportFactory;
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
  method: 'GET' | 'POST' | 'PATCH';
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
}

type Answer = TransportResponse & { json: unknown; isJson: boolean };

/**
 * Every result of a paged list: fetches the first page, then follows `next` links until there are none. Rows
 * that could not be read are collected too, numbered across the whole list. A link back to a page already read,
 * or more than `maxPages` pages, ends the list early with what was read and a `cut` saying why (paging.ts).
 */
export async function allPages<T>(
  fetchPage: (pageUrl: string | undefined) => Promise<{ results: T[]; unreadable: UnreadableRow[]; next?: string | null }>,
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
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryOptions>;
  private readonly sleep: Sleep;
  private readonly limiter: RateLimiter | undefined;
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
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? defaultSleep;
    const limits = options.rateLimits ?? { perMinute: 480, perHour: 4800 };
    this.limiter = limits
      ? new RateLimiter(
          [
            { limit: limits.perMinute, windowMs: 60_000 },
            { limit: limits.perHour, windowMs: 3_600_000 },
          ],
          { now: options.now ?? Date.now, sleep: this.sleep },
        )
      : undefined;
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
    const answer = await this.send(call);
    if (!answer.isJson) {
      throw this.invalid(call, answer.bodyText.trimStart().startsWith('<') ? l10n.t('it sent an HTML page instead of JSON') : l10n.t('its answer was not valid JSON'));
    }
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const fieldPath = issue?.path.map(String).join('.') ?? '';
      throw this.invalid(call, issue ? l10n.t('field "{0}" {1}', fieldPath || '(root)', issue.message) : l10n.t('field "{0}" is not as expected', fieldPath || '(root)'), fieldPath);
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
        ? l10n.t("PostHog redirected the request to {0}. Check the host setting (use the address PostHog's web app is served from).", safeOrigin(location, this.origin))
        : l10n.t("PostHog redirected the request. Check the host setting (use the address PostHog's web app is served from).");
      throw this.fail(call, 'config', reason, answer.status);
    }
    throw errorFromStatus(answer.status, parseErrorBody(answer.json), {
      operation: call.operation,
      endpoint: call.endpoint,
      origin: this.origin,
      ...this.waitFor(answer),
    });
  }

  private async exchange(call: Call): Promise<Answer> {
    const url = this.resolveUrl(call);
    const key = await this.options.getApiKey();
    if (!key) throw this.fail(call, 'unauthorized', l10n.t("you're not signed in to PostHog. Sign in first."));
    const isRead = call.method === 'GET';
    let serverRetries = 0;
    let throttleRetries = 0;
    let timeoutRetries = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.disposed) throw transportFailure('cancelled', l10n.t('The client was disposed.'));
        if (call.signal?.aborted) throw cancelledFailure();
        const slot = await this.limiter?.acquire(call.signal);
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
          if (call.failFastOnThrottle || throttleRetries >= this.retry.maxRetries || (wait ?? 0) > MAX_RATE_LIMIT_WAIT_SECONDS) return answer;
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
      if (isTransportFailure(e) && e.transportFailure === 'cancelled') throw this.fail(call, 'cancelled', l10n.t('the request was cancelled.'));
      throw e;
    }
  }

  private async attempt(call: Call, url: URL, key: string, attempt: number): Promise<TransportResponse | TransportFailure> {
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
      this.options.onRequest?.({ ...event, status: res.status, durationMs: performance.now() - started });
      return res;
    } catch (e) {
      const failure = isTransportFailure(e) ? e : transportFailure('network', e instanceof Error ? e.message : String(e), undefined, e);
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
        throw this.fail(call, 'config', l10n.t('refusing to follow a pagination link to another origin ({0}).', next.origin));
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
        ? l10n.t("PostHog's answer to {0} is {1}, more than the {2} this extension reads, so it was not read.", call.endpoint, formatBytes(failure.bytes ?? 0), limit)
        : l10n.t("PostHog's answer to {0} was more than {1}, the most this extension reads, so reading stopped there and it was not used.", call.endpoint, limit);
      const reason = call.method === 'GET' ? what : l10n.t('{0} The change may have been applied; refresh before trying again.', what);
      return this.fail(call, 'invalid_response', reason, failure.status, failure);
    }
    if (failure.transportFailure === 'timeout') {
      const seconds = Number((this.timeoutMs / 1000).toFixed(1));
      const reason =
        call.method === 'GET'
          ? l10n.t("PostHog didn't answer within {0} seconds. Try again later.", seconds)
          : l10n.t("PostHog didn't answer within {0} seconds. The change may or may not have been applied; refresh before trying again.", seconds);
      return this.fail(call, 'timeout', reason, undefined, failure);
    }
    return this.fail(call, 'network', l10n.t("couldn't reach {0}: {1}", this.origin, failure.message), undefined, failure);
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
