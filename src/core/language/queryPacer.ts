// How requests made while typing share PostHog's query budget (240 a minute, 1,200 an hour per API key by default,
// posthog-api.md §10.1) so that an hour of typing never runs into PostHog's 429: live checks thin out first, then
// stop; completion carries on longer; the rest of the budget stays for the queries someone asks for (recent events).
// Pure: the budget comes from the API client (its `rateBudget().query`), the clock from the caller.
import type { PoolBudget, WindowUsage } from '../../api';

/** What a check or a completion may do now. */
export type PaceDecision = { go: true; reserve: number } | { go: false; retryInMs: number; reason: 'paced' | 'reserved' };

/** Of the hour's budget, what each kind of request leaves for the others. */
export const CHECK_RESERVE = 0.2;
export const COMPLETION_RESERVE = 0.05;
/** Below this share of the hour used, checks go 300 ms after the last edit as always. */
export const PACING_FROM = 0.25;
/** When the hour's budget counts as nearly spent: checks have stopped, completion has little left. */
export const NEARLY_SPENT = 1 - CHECK_RESERVE;

/** The hourly window of a pool's budget (the longest one). */
export function hourlyWindow(budget: PoolBudget | undefined): WindowUsage | undefined {
  if (!budget?.windows.length) return undefined;
  return budget.windows.reduce((a, b) => (b.windowMs > a.windowMs ? b : a));
}

/**
 * The pause a live check keeps after the previous one, from the share of the hour's budget used: none below
 * PACING_FROM, then growing as the room left before the checks' reserve shrinks, so the checks of a long session
 * spread over the hour instead of spending it in its first minutes. At the reserve it is infinite: checks stop.
 */
export function checkSpacingMs(used: number, limit: number, windowMs: number): number {
  const share = limit > 0 ? used / limit : 1;
  if (share < PACING_FROM) return 0;
  const room = NEARLY_SPENT - share;
  if (room <= 0) return Infinity;
  // At the average rate the hour allows (windowMs / limit between requests), scaled up as the room runs out.
  return Math.round(((windowMs / limit) * (1 - PACING_FROM)) / room);
}

export class QueryPacer {
  private lastCheckAt = -Infinity;

  /** May a live check go now? If not, when to look again (a later edit reschedules it anyway). */
  check(budget: PoolBudget | undefined, now: number): PaceDecision {
    const hour = hourlyWindow(budget);
    if (!hour) return { go: true, reserve: 0 };
    const reserve = Math.ceil(hour.limit * CHECK_RESERVE);
    if (hour.used >= hour.limit - reserve) {
      const frees = hour.freesAt ?? now + hour.windowMs;
      return { go: false, retryInMs: Math.max(1000, frees - now), reason: 'reserved' };
    }
    const spacing = checkSpacingMs(hour.used, hour.limit, hour.windowMs);
    const next = this.lastCheckAt + spacing;
    if (next > now) return { go: false, retryInMs: Math.min(next - now, hour.windowMs), reason: 'paced' };
    this.lastCheckAt = now;
    return { go: true, reserve };
  }

  /** What a completion keeps free for others: it is never paced, only stopped near the end of the budget. */
  completionReserve(budget: PoolBudget | undefined): number {
    const hour = hourlyWindow(budget);
    return hour ? Math.ceil(hour.limit * COMPLETION_RESERVE) : 0;
  }
}

/** How the query budget stands, for the status bar: nearly spent at NEARLY_SPENT of the hour, or paused by PostHog. */
export interface BudgetState {
  used: number;
  limit: number;
  /** Checks have stopped: the hour's budget is nearly spent, or PostHog asked for a pause. */
  near: boolean;
  /** When the next request of the hour ages out (epoch ms), or PostHog's pause ends. */
  roomAt: number | null;
  pausedByPostHog: boolean;
}

export function budgetState(budget: PoolBudget | undefined, now: number): BudgetState | undefined {
  const hour = hourlyWindow(budget);
  if (!hour || !budget) return undefined;
  const paused = budget.blockedUntil !== null && budget.blockedUntil > now;
  return {
    used: hour.used,
    limit: hour.limit,
    near: paused || hour.used >= Math.floor(hour.limit * NEARLY_SPENT),
    roomAt: paused ? budget.blockedUntil : hour.freesAt,
    pausedByPostHog: paused,
  };
}
