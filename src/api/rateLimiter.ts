import { cancelledFailure, defaultSleep, untilAborted, type Sleep } from './sleep';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimiterClock {
  now: () => number;
  sleep: Sleep;
}

/**
 * Keeps one API key under PostHog's personal-API-key throttles (480/minute and 4800/hour) with a
 * sliding-window log: a request that would go over a window waits, in arrival order, until the oldest
 * request in that window ages out. Bulk work slows down instead of collecting 429s.
 */
export class RateLimiter {
  private readonly granted: number[] = [];
  private readonly longestWindowMs: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: RateLimiterClock = { now: Date.now, sleep: defaultSleep },
  ) {
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Resolves when one more request may go out now; rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones queued behind it.
    this.queue = turn.catch(() => undefined);
    return untilAborted(turn, signal);
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      // A waiter cancelled while queued must not take a slot from the ones behind it.
      if (signal?.aborted) throw cancelledFailure();
      const now = this.clock.now();
      const wait = this.delayAt(now);
      if (wait <= 0) {
        this.granted.push(now);
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }

  private delayAt(now: number): number {
    while (this.granted.length && this.granted[0]! <= now - this.longestWindowMs) this.granted.shift();
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = this.granted.filter((t) => t > now - w.windowMs).length;
      if (inWindow >= w.limit) {
        // The request that has to age out before one more fits in this window.
        const blocking = this.granted[this.granted.length - w.limit]!;
        wait = Math.max(wait, blocking + w.windowMs - now);
      }
    }
    return wait;
  }
}
