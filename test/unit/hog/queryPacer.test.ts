// How requests made while typing share the query budget (src/core/language/queryPacer.ts): checks thin out, then
// stop, before completion does; the status bar's state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolBudget } from '../../../src/api';
import { budgetState, checkSpacingMs, completionSpacingMs, QueryPacer } from '../../../src/core/language/queryPacer';

const HOUR = 3_600_000;
const budget = (
  used: number,
  limit = 1200,
  freesAt: number | null = 5_000_000,
  blockedUntil: number | null = null,
): PoolBudget => ({
  windows: [
    { limit: 240, windowMs: 60_000, used: Math.min(used, 10), freesAt },
    { limit, windowMs: HOUR, used, freesAt },
  ],
  blockedUntil,
});

describe('query pacing while typing', () => {
  it('leaves checks alone below a quarter of the hour, then spaces them more as the room before their reserve shrinks', () => {
    assert.equal(checkSpacingMs(100, 1200, HOUR), 0);
    const spacings = [300, 480, 720, 900, 950].map((used) => checkSpacingMs(used, 1200, HOUR));
    assert.ok(
      spacings.every((s, i) => i === 0 || s > spacings[i - 1]!),
      spacings.join(', '),
    );
    assert.ok(
      spacings[0]! >= 3000 && spacings[0]! < 5000,
      `${spacings[0]} ms at a quarter: about the hour's average rate`,
    );
    assert.equal(checkSpacingMs(960, 1200, HOUR), Infinity, 'at 80% checks stop');
  });

  it('lets a check go, then holds the next one for the spacing, and refuses checks at their reserve until room comes back', () => {
    const pacer = new QueryPacer();
    assert.deepEqual(pacer.check(budget(100), 1_000), { go: true, reserve: 0.2 });
    assert.deepEqual(pacer.check(budget(101), 1_100), { go: true, reserve: 0.2 }, 'no spacing below a quarter');
    const first = pacer.check(budget(600), 20_000);
    assert.equal(first.go, true);
    const held = pacer.check(budget(601), 21_000);
    assert.equal(held.go, false);
    assert.ok(!held.go && held.reason === 'paced' && held.retryInMs > 1000);
    const stopped = pacer.check(budget(960, 1200, 4_000_000), 1_000_000);
    assert.deepEqual(stopped, { go: false, retryInMs: 3_000_000, reason: 'reserved' });
  });

  it('paces completion later and stops it later than checks, so completion goes on after checks stopped', () => {
    assert.equal(completionSpacingMs(500, 1200, HOUR), 0, 'checks are paced already, completion not yet');
    assert.ok(checkSpacingMs(500, 1200, HOUR) > 0);
    assert.ok(completionSpacingMs(800, 1200, HOUR) > 0);
    const pacer = new QueryPacer();
    assert.equal(pacer.check(budget(960), 1).go, false);
    assert.deepEqual(pacer.complete(budget(960), 1), { go: true, reserve: 0.05 }, 'checks stopped, completion goes');
    assert.equal(pacer.complete(budget(1140), 10_000_000).go, false, 'until its own reserve');
    assert.deepEqual(pacer.complete(undefined, 1), { go: true, reserve: 0 });
  });

  it('tells the status bar when the hour is nearly spent or PostHog paused the key', () => {
    assert.equal(budgetState(budget(900), 0)?.near, false);
    assert.deepEqual(budgetState(budget(960, 1200, 7_000), 0), {
      used: 960,
      limit: 1200,
      near: true,
      roomAt: 7_000,
      pausedByPostHog: false,
    });
    assert.deepEqual(budgetState(budget(10, 1200, 7_000, 30_000), 0), {
      used: 10,
      limit: 1200,
      near: true,
      roomAt: 30_000,
      pausedByPostHog: true,
    });
    assert.equal(budgetState(undefined, 0), undefined);
  });
});
