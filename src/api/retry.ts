// When a failed request is tried again and after how long: backoff, 429 waits, retryable statuses.
export interface RetryOptions {
  /** Retries of a GET after a network error or a 502/503/504, and of any request after a 429. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_RETRY = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 5_000 } as const;

/** Waits longer than this are not slept through: the error carries the seconds so the UI can say when. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so clients spread out. */
export function backoffMs(retry: number, opts: Required<RetryOptions>, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** retry);
  return Math.round(exp / 2 + random() * (exp / 2));
}

const EXPECTED_AVAILABLE = /Expected available in (\d+(?:\.\d+)?) seconds?/i;

/**
 * How long PostHog asked us to wait after a 429. PostHog states it only in `detail`
 * ("Request was throttled. Expected available in 37 seconds."); a proxy or CDN may add Retry-After.
 */
export function retryAfterSeconds(
  detail: string | undefined,
  retryAfterHeader: string | undefined,
  now = Date.now(),
): number | undefined {
  const fromDetail = detail?.match(EXPECTED_AVAILABLE)?.[1];
  if (fromDetail !== undefined) return Math.ceil(Number(fromDetail));
  if (retryAfterHeader === undefined) return undefined;
  const trimmed = retryAfterHeader.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
