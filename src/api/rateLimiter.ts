// A client-side rate limiter that keeps one API key under PostHog's request throttles, one budget per throttle pool.
import { cancelledFailure, defaultSleep, untilAborted, type Sleep } from './sleep';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimiterClock {
  now: () => number;
  sleep: Sleep;
}

/** A granted request; `done()` when its response arrived. */
export interface RateSlot {
  done(): void;
}

/** How much of one window is used right now. */
export interface WindowUsage extends RateWindow {
  used: number;
  /** When the oldest request in the window ages out (epoch ms), or null when the window is empty. */
  freesAt: number | null;
}

/** A pool's budget as the limiter sees it: each window's use, and a server-imposed pause. */
export interface PoolBudget {
  windows: WindowUsage[];
  /** PostHog answered 429 and named (or implied) a wait: nothing goes out before this time (epoch ms). */
  blockedUntil: number | null;
}

export interface AcquireOptions {
  /**
   * Never wait: when the request cannot go out at once (the window is full, PostHog asked for a pause, or it would
   * eat into the `reserve`), reject with a {@link BudgetExhausted} that says how long.
   */
  failFast?: boolean;
  /**
   * The share of each window's limit (0 to 1) that must stay free after this request (only with `failFast`): what a
   * lower-priority caller leaves for the others.
   */
  reserve?: number;
}

/** A request refused locally, without being sent: the pool had no room and the caller asked not to wait. */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
  constructor(
    /** How long until the request could go out. */
    readonly waitMs: number,
    /** Which limit held it back: a window's own limit, the reserve kept for others, or PostHog's 429. */
    readonly reason: 'window' | 'reserve' | 'server',
  ) {
    super(`rate budget exhausted for ${Math.ceil(waitMs / 1000)} s (${reason})`);
  }
}

export function isBudgetExhausted(e: unknown): e is BudgetExhausted {
  return e instanceof Error && e.name === 'BudgetExhausted' && typeof (e as { waitMs?: unknown }).waitMs === 'number';
}

/**
 * Keeps one API key under one of PostHog's throttle pools (480/minute and 4800/hour for most endpoints) with a
 * sliding-window log: a request that would go over a window waits, in arrival order, until the oldest request in that
 * window ages out. Bulk work slows down instead of collecting 429s.
 *
 * PostHog counts a request when it arrives, a little after we send it. A request's entry therefore moves to
 * the time its response came back (an upper bound of its arrival), so a window we see as free is free on the
 * server too; counting send times alone let the next request arrive a few milliseconds too early.
 */
export class RateLimiter {
  private granted: { at: number }[] = [];
  private readonly longestWindowMs: number;
  private queue: Promise<void> = Promise.resolve();
  private blockedUntil = 0;

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: RateLimiterClock = { now: Date.now, sleep: defaultSleep },
    private readonly onChange?: () => void,
  ) {
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Resolves when one more request may go out now; rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal, options: AcquireOptions = {}): Promise<RateSlot> {
    if (options.failFast) {
      // Decided now, outside the queue: a request that must not wait never stands behind ones that may.
      try {
        return Promise.resolve(this.grantNow(options.reserve ?? 0));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones queued behind it.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return untilAborted(turn, signal);
  }

  /** PostHog throttled a request of this pool: nothing more goes out before `untilMs` (epoch ms). */
  block(untilMs: number): void {
    if (untilMs <= this.blockedUntil) return;
    this.blockedUntil = untilMs;
    this.onChange?.();
  }

  /** The pool's budget now. */
  usage(): PoolBudget {
    const now = this.clock.now();
    const times = this.live(now);
    return {
      windows: this.windows.map((w) => {
        const inWindow = times.filter((t) => t > now - w.windowMs);
        return { ...w, used: inWindow.length, freesAt: inWindow.length ? inWindow[0]! + w.windowMs : null };
      }),
      blockedUntil: this.blockedUntil > now ? this.blockedUntil : null,
    };
  }

  private grantNow(reserve: number): RateSlot {
    const now = this.clock.now();
    if (this.blockedUntil > now) throw new BudgetExhausted(this.blockedUntil - now, 'server');
    const full = this.delayAt(now, 0);
    if (full > 0) throw new BudgetExhausted(full, 'window');
    const kept = reserve > 0 ? this.delayAt(now, reserve) : 0;
    if (kept > 0) throw new BudgetExhausted(kept, 'reserve');
    return this.grant(now);
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<RateSlot> {
    for (;;) {
      // A waiter cancelled while queued must not take a slot from the ones behind it.
      if (signal?.aborted) throw cancelledFailure();
      const now = this.clock.now();
      const wait = Math.max(this.delayAt(now, 0), this.blockedUntil - now);
      if (wait <= 0) return this.grant(now);
      await this.clock.sleep(wait, signal);
    }
  }

  private grant(now: number): RateSlot {
    const entry = { at: now };
    this.granted.push(entry);
    this.onChange?.();
    return {
      done: () => {
        entry.at = Math.max(entry.at, this.clock.now());
      },
    };
  }

  private live(now: number): number[] {
    this.granted = this.granted.filter((e) => e.at > now - this.longestWindowMs);
    return this.granted.map((e) => e.at).sort((a, b) => a - b);
  }

  /** How long until one more request fits with `reserve` of each window's limit still free (0: now). */
  private delayAt(now: number, reserve: number): number {
    const times = this.live(now);
    let wait = 0;
    for (const w of this.windows) {
      const room = w.limit - Math.ceil(w.limit * Math.min(1, Math.max(0, reserve)));
      if (room <= 0) return w.windowMs;
      const inWindow = times.filter((t) => t > now - w.windowMs).length;
      if (inWindow >= room) {
        // The request that has to age out before one more fits in this window.
        const blocking = times[times.length - room]!;
        wait = Math.max(wait, blocking + w.windowMs - now);
      }
    }
    return wait;
  }
}

/**
 * PostHog's throttle pools for a personal API key (posthog/rate_limit.py, posthog/api/query.py):
 * - `api`: every endpoint but the query endpoint, `burst` 480/minute and `sustained` 4,800/hour;
 * - `query`: `POST query/` (and polling its status), `clickhouse_burst` 240/minute and `clickhouse_sustained`
 *   1,200/hour, or `api_queries_*` 240/minute and 2,400/hour for teams with API queries enabled;
 * - `hogql`: `HogQLQuery` on the query endpoint, 120/hour, instead of the `query` pool (teams with API queries
 *   enabled count those in `query` too).
 */
export type RatePool = 'api' | 'query' | 'hogql';

export const RATE_POOLS: readonly RatePool[] = ['api', 'query', 'hogql'];

export interface RateLimitOptions {
  /** The `api` pool. */
  perMinute?: number;
  perHour?: number;
  /** The query endpoint's pool; `false` turns its limiter off. */
  query?: { perMinute?: number; perHour?: number } | false;
  /** `HogQLQuery`'s pool; `false` turns its limiter off. */
  hogql?: { perHour?: number } | false;
  /** The team has API queries enabled: 2,400 query requests an hour, `HogQLQuery` counted with the rest. */
  apiQueriesEnabled?: boolean;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The windows of each pool, PostHog's defaults filled in where `options` leaves them out; null when turned off. */
export function poolWindows(options: RateLimitOptions): Record<RatePool, RateWindow[] | null> {
  const query = options.query === false ? null : (options.query ?? {});
  const hogql = options.hogql === false ? null : (options.hogql ?? {});
  return {
    api: [
      { limit: options.perMinute ?? 480, windowMs: MINUTE },
      { limit: options.perHour ?? 4800, windowMs: HOUR },
    ],
    query: query && [
      { limit: query.perMinute ?? 240, windowMs: MINUTE },
      { limit: query.perHour ?? (options.apiQueriesEnabled ? 2400 : 1200), windowMs: HOUR },
    ],
    hogql: hogql && [{ limit: hogql.perHour ?? 120, windowMs: HOUR }],
  };
}

/** The pool a request counts against. */
export function poolOf(call: { pool?: 'api' | 'query'; queryKind?: string }, apiQueriesEnabled: boolean): RatePool {
  if (call.pool !== 'query') return 'api';
  return call.queryKind === 'HogQLQuery' && !apiQueriesEnabled ? 'hogql' : 'query';
}
