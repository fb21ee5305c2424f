// A client-side rate limiter that keeps one API key under PostHog's request throttles.
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

/**
 * Keeps one API key under PostHog's personal-API-key throttles (480/minute and 4800/hour) with a
 * sliding-window log: a request that would go over a window waits, in arrival order, until the oldest
 * request in that window ages out. Bulk work slows down instead of collecting 429s.
 *
 * PostHog counts a request when it arrives, a little after we send it. A request's entry therefore moves to
 * the time its response came back (an upper bound of its arrival), so a window we see as free is free on the
 * server too; counting send times alone let the next request arrive a few milliseconds too early.
 */
export class RateLimiter {
  private granted: { at: number }[] = [];
  private readonly longestWindowMs: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: RateLimiterClock = { now: Date.now, sleep: defaultSleep },
  ) {
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Resolves when one more request may go out now; rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<RateSlot> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones queued behind it.
    this.queue = turn.then(() => undefined, () => undefined);
    return untilAborted(turn, signal);
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<RateSlot> {
    for (;;) {
      // A waiter cancelled while queued must not take a slot from the ones behind it.
      if (signal?.aborted) throw cancelledFailure();
      const now = this.clock.now();
      const wait = this.delayAt(now);
      if (wait <= 0) {
        const entry = { at: now };
        this.granted.push(entry);
        return { done: () => { entry.at = Math.max(entry.at, this.clock.now()); } };
      }
      await this.clock.sleep(wait, signal);
    }
  }

  private delayAt(now: number): number {
    this.granted = this.granted.filter((e) => e.at > now - this.longestWindowMs);
    const times = this.granted.map((e) => e.at).sort((a, b) => a - b);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.windowMs).length;
      if (inWindow >= w.limit) {
        // The request that has to age out before one more fits in this window.
        const blocking = times[times.length - w.limit]!;
        wait = Math.max(wait, blocking + w.windowMs - now);
      }
    }
    return wait;
  }
}
