// How requests made while typing share PostHog's query budget (240 a minute, 1,200 an hour per API key by default,
// posthog-api.md §10.1) so that an hour of typing never runs into PostHog's 429: live checks thin out first, then
// stop; completion carries on longer; the rest of the budget stays for the queries someone asks for (recent events).
// Pure: the budget comes from the API client (its `rateBudget().query`), the clock from the caller.
import * as l10n from '@vscode/l10n';
import type { PoolBudget, WindowUsage } from '../../api';

/** What a check or a completion may do now; `reserve` is what the request leaves for others (the client's option). */
export type PaceDecision =
  { go: true; reserve: number } | { go: false; retryInMs: number; reason: 'paced' | 'reserved' };

/** Of each window of the budget, the share each kind of request leaves for the others. */
export const CHECK_RESERVE = 0.2;
export const COMPLETION_RESERVE = 0.05;
/** Below this share of the hour used, checks go 300 ms after the last edit as always. */
export const PACING_FROM = 0.25;
/** Completion is paced from this share on: later than checks, so checks thin out first. */
export const COMPLETION_PACING_FROM = 0.5;
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
  return spacing(used, limit, windowMs, PACING_FROM, 1 - CHECK_RESERVE);
}

/** The pause between completions PostHog is asked for: none below COMPLETION_PACING_FROM, then as for checks. */
export function completionSpacingMs(used: number, limit: number, windowMs: number): number {
  return spacing(used, limit, windowMs, COMPLETION_PACING_FROM, 1 - COMPLETION_RESERVE);
}

function spacing(used: number, limit: number, windowMs: number, from: number, stop: number): number {
  const share = limit > 0 ? used / limit : 1;
  if (share < from) return 0;
  const room = stop - share;
  if (room <= 0) return Infinity;
  // At the average rate the hour allows (windowMs / limit between requests), scaled up as the room runs out.
  return Math.round(((windowMs / limit) * (stop - from)) / room);
}

export class QueryPacer {
  private lastCheckAt = -Infinity;
  private lastCompletionAt = -Infinity;

  /** May a live check go now? If not, when to look again (a later edit reschedules it anyway). */
  check(budget: PoolBudget | undefined, now: number): PaceDecision {
    const decision = this.decide(budget, now, this.lastCheckAt, CHECK_RESERVE, checkSpacingMs);
    if (decision.go) this.lastCheckAt = now;
    return decision;
  }

  /**
   * May completion ask PostHog now? It is paced later and stopped later than checks; when it may not, completion
   * shows what is known offline at once, so nobody waits for it.
   */
  complete(budget: PoolBudget | undefined, now: number): PaceDecision {
    const decision = this.decide(budget, now, this.lastCompletionAt, COMPLETION_RESERVE, completionSpacingMs);
    if (decision.go) this.lastCompletionAt = now;
    return decision;
  }

  private decide(
    budget: PoolBudget | undefined,
    now: number,
    last: number,
    reserve: number,
    spacingOf: (used: number, limit: number, windowMs: number) => number,
  ): PaceDecision {
    const hour = hourlyWindow(budget);
    if (!hour) return { go: true, reserve: 0 };
    if (hour.used >= hour.limit - Math.ceil(hour.limit * reserve)) {
      const frees = hour.freesAt ?? now + hour.windowMs;
      return { go: false, retryInMs: Math.max(1000, frees - now), reason: 'reserved' };
    }
    const next = last + spacingOf(hour.used, hour.limit, hour.windowMs);
    if (next > now) return { go: false, retryInMs: Math.min(next - now, hour.windowMs), reason: 'paced' };
    return { go: true, reserve };
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

/** Minutes or seconds until `at`, for the tooltip. */
function until(at: number | null, now: number): string {
  if (at === null) return l10n.t('soon');
  const seconds = Math.max(1, Math.ceil((at - now) / 1000));
  if (seconds < 90) return seconds === 1 ? l10n.t('in 1 second') : l10n.t('in {0} seconds', seconds);
  return l10n.t('in {0} minutes', Math.ceil(seconds / 60));
}

/** The status bar's words for a nearly spent query budget: what is used, what stopped, what still works offline. */
export function queryBudgetText(state: BudgetState, now: number): { text: string; tooltip: string } {
  const format = new Intl.NumberFormat();
  const text = state.pausedByPostHog
    ? `$(watch) ${l10n.t('PostHog queries paused')}`
    : `$(dashboard) ${l10n.t('PostHog queries {0}/{1}', format.format(state.used), format.format(state.limit))}`;
  const what = state.pausedByPostHog
    ? l10n.t('PostHog asked this API key to pause its queries; they resume {0}.', until(state.roomAt, now))
    : l10n.t(
        'This window has used {0} of the {1} queries PostHog allows this API key an hour. PostHog no longer checks Hog code as you type until the oldest of them is an hour old ({2}); completion from PostHog continues a little longer.',
        format.format(state.used),
        format.format(state.limit),
        until(state.roomAt, now),
      );
  const offline = l10n.t(
    "Still working offline: syntax highlighting, completion of the standard library, the globals and the names in the code, hover and signature help, and the check by PostHog's parser on this machine (syntax errors, unknown functions and globals). Saving, the trees, test runs and the overview have a budget of their own and are not affected.",
  );
  return { text, tooltip: `${what}\n\n${offline}` };
}
