// Switchable failures for tests, and PostHog's per-key burst/sustained throttles.
import { type FakeResponse, errorResponse, serverErrorResponse, throttledResponse } from './http';
import { POSTHOG_RATE_LIMITS, type RateLimits, type RateLimitWindow } from './types';

/** `lost`: the request is handled (a write is applied) and then the connection is reset, so its answer never arrives. */
export type FaultKind =
  'status' | 'throttle' | 'concurrency' | 'reset' | 'hang' | 'invalid-json' | 'html' | 'body' | 'lost';

export interface FaultSpec {
  method?: string;
  /** Regex (or its source) matched against the request pathname. */
  path: RegExp | string;
  /** Only requests whose body contains this text (a check of one source, not of the text before it). */
  bodyIncludes?: string;
  kind: FaultKind;
  status?: number;
  /** For `throttle`: the seconds PostHog says to wait. */
  seconds?: number;
  body?: unknown;
  /** How many matching requests fail; default forever. */
  times?: number;
  /** Let this many matching requests through first. */
  skip?: number;
  delayMs?: number;
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  regex: RegExp;
  seen: number;
  fired: number;
}

export class Faults {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    this.faults.push({
      id,
      spec,
      regex: typeof spec.path === 'string' ? new RegExp(spec.path) : spec.path,
      seen: 0,
      fired: 0,
    });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this request triggers, counting it against `skip` and `times`. */
  take(method: string, pathname: string, body = ''): FaultSpec | null {
    for (const f of this.faults) {
      if (f.spec.method && f.spec.method.toUpperCase() !== method) continue;
      if (!f.regex.test(pathname)) continue;
      if (f.spec.bodyIncludes !== undefined && !body.includes(f.spec.bodyIncludes)) continue;
      f.seen++;
      if (f.seen <= (f.spec.skip ?? 0)) continue;
      if (f.spec.times !== undefined && f.fired >= f.spec.times) continue;
      f.fired++;
      return f.spec;
    }
    return null;
  }
}

/** The response a fault renders; `reset` and `hang` have none and are handled by the server. */
export function faultResponse(spec: FaultSpec): FakeResponse {
  switch (spec.kind) {
    case 'status': {
      const status = spec.status ?? 500;
      if (spec.body !== undefined) return { status, body: spec.body };
      return status >= 500
        ? { ...serverErrorResponse(), status }
        : { status, body: { type: 'invalid_request', code: 'error', detail: `Injected ${status}.`, attr: null } };
    }
    case 'throttle':
      return throttledResponse(spec.seconds ?? 1);
    case 'concurrency':
      // ClickHouse's per-organization concurrency limit (posthog/clickhouse/client/limit.py), raised as DRF's Throttled
      // with the limiter's own text: no "Expected available in N seconds".
      return errorResponse(
        429,
        'throttled_error',
        'throttled',
        'Exceeded maximum concurrency limit: 3 for key: api:query:per-org:018f2c4e-6f7a-7c1b-9d2e-4a5b6c7d8e9f and task: 9c1d2e3f4a5b',
      );
    case 'invalid-json':
      return {
        status: spec.status ?? 200,
        text: '{"results": [{"group_key": "org:1", ',
        contentType: 'application/json',
      };
    case 'html': {
      const status = spec.status ?? 502;
      return {
        status,
        contentType: 'text/html; charset=utf-8',
        text: `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><h1>${status}</h1><p>The server returned an invalid or incomplete response.</p></body></html>`,
      };
    }
    case 'body':
      return { status: spec.status ?? 200, body: spec.body ?? null };
    case 'reset':
    case 'hang':
    case 'lost':
      throw new Error(`fault kind ${spec.kind} has no response`);
  }
}

/** Which of PostHog's throttle classes a request meets: every endpoint, the query endpoint, or a HogQLQuery on it. */
export type ThrottleClass = 'default' | 'query' | 'hogql';

/**
 * DRF SimpleRateThrottle semantics, keyed per personal API key and scope: each of the class's scopes is checked
 * separately (an allowed request is recorded even if another scope refuses it), and the wait is DRF's
 * `remaining_duration / available_requests`, rounded up.
 */
export class RateLimiter {
  private history = new Map<string, number[]>();

  constructor(
    private limits: RateLimits | false,
    private readonly clock: () => number = Date.now,
  ) {}

  set(limits: RateLimits | false): void {
    this.limits = limits;
    this.history.clear();
  }

  /** The scopes (name and window) a request of `kind` counts against, as PostHog's views choose their throttles. */
  private scopes(kind: ThrottleClass): [string, RateLimitWindow][] {
    const limits = this.limits;
    if (!limits) return [];
    const all = { ...POSTHOG_RATE_LIMITS, ...limits };
    if (kind === 'default')
      return [
        ['burst', all.burst],
        ['sustained', all.sustained],
      ];
    if (all.apiQueries) {
      return [
        ['api_queries_burst', all.queryBurst],
        ['api_queries_sustained', limits.querySustained ?? { limit: 2400, windowMs: 3_600_000 }],
      ];
    }
    if (kind === 'hogql') return [['query', all.hogql]];
    return [
      ['clickhouse_burst', all.queryBurst],
      ['clickhouse_sustained', all.querySustained],
    ];
  }

  /** Seconds to wait, or null when the request is allowed. */
  check(key: string, kind: ThrottleClass = 'default', now = this.clock()): number | null {
    let wait: number | null = null;
    for (const [name, window] of this.scopes(kind)) {
      const historyKey = `${name}:${key}`;
      const history = (this.history.get(historyKey) ?? []).filter((t) => t > now - window.windowMs);
      this.history.set(historyKey, history);
      if (history.length >= window.limit) {
        const oldest = history[0] as number;
        const remaining = window.windowMs - (now - oldest);
        const seconds = Math.max(1, Math.ceil(remaining / 1000 / (window.limit - history.length + 1)));
        wait = Math.max(wait ?? 0, seconds);
      } else {
        history.push(now);
      }
    }
    return wait;
  }
}
