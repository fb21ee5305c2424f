// When the editor may ask PostHog's query endpoint while someone types: not with a key that lacks `query:read`
// (said once per key, then the offline features carry on), and not while PostHog is throttling (the wait it names,
// else a backoff that doubles up to a minute). Pure, so the rules are unit-tested.
import type { PostHogError } from '../../api';

const FIRST_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 60_000;

export type GateState =
  { open: true } | { open: false; reason: 'missing_scope' } | { open: false; reason: 'throttled'; retryInMs: number };

export interface FailureOutcome {
  /** True the first time a key is found to lack the scope: the user is told once. */
  tellMissingScope: boolean;
  /** Set when PostHog throttled: ask again after this long. */
  retryInMs?: number;
}

export class QueryGate {
  private missingScope = new Set<string>();
  private blockedUntil = 0;
  private backoffMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** `account` names the host and key (a new key may have the scope). */
  state(account: string): GateState {
    if (this.missingScope.has(account)) return { open: false, reason: 'missing_scope' };
    const wait = this.blockedUntil - this.now();
    return wait > 0 ? { open: false, reason: 'throttled', retryInMs: wait } : { open: true };
  }

  succeeded(): void {
    this.backoffMs = 0;
  }

  failed(
    account: string,
    error: Pick<PostHogError, 'kind' | 'scope' | 'retryAfterSeconds' | 'throttle'>,
  ): FailureOutcome {
    if (error.kind === 'missing_scope' && error.scope === 'query:read') {
      const first = !this.missingScope.has(account);
      this.missingScope.add(account);
      return { tellMissingScope: first };
    }
    // The client's own budget refused it without sending: the pacer decides when to ask again, and completion (which
    // keeps a smaller reserve) may still go, so nothing is blocked here.
    if (error.kind === 'rate_limited' && error.throttle === 'budget') return { tellMissingScope: false };
    if (error.kind === 'rate_limited') {
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : FIRST_BACKOFF_MS);
      const waitMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : this.backoffMs;
      this.blockedUntil = Math.max(this.blockedUntil, this.now() + waitMs);
      return { tellMissingScope: false, retryInMs: this.blockedUntil - this.now() };
    }
    return { tellMissingScope: false };
  }
}
