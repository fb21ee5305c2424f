// What a hog function's state says to its owner (src/shared/hogFunctionHealth.ts): every status.state PostHog sets,
// a function switched off, a missing status and a state PostHog may add later.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionHealth, HEALTH_STATES } from '../../../src/shared/hogFunctionHealth';

describe('hog function health in words', () => {
  it('names each state PostHog sets, with its tone, what it means and what to do', () => {
    const byState = HEALTH_STATES.map(
      (state) => [state, functionHealth({ enabled: true, status: { state } })] as const,
    );
    assert.deepEqual(
      byState.map(([state, h]) => [state, h.label, h.tone]),
      [
        [0, 'No health data yet', 'unknown'],
        [1, 'Healthy', 'ok'],
        [2, 'Degraded', 'warning'],
        [3, 'Disabled by PostHog', 'error'],
        [11, 'Degraded by PostHog staff', 'warning'],
        [12, 'Disabled by PostHog staff', 'error'],
      ],
    );
    for (const [state, h] of byState) {
      assert.ok(h.meaning.length > 20 && h.advice.length > 10, `state ${state} says what it means and what to do`);
    }
    assert.match(functionHealth({ enabled: true, status: { state: 3 } }).advice, /save a change/);
    assert.match(functionHealth({ enabled: true, status: { state: 12 } }).advice, /support/);
  });

  it('says a switched-off function is disabled whatever its state (PostHog reports 0 then)', () => {
    for (const status of [{ state: 0 }, { state: 3 }, null, undefined]) {
      const h = functionHealth({ enabled: false, status });
      assert.equal(h.label, 'Disabled');
      assert.equal(h.tone, 'off');
    }
  });

  it('treats a missing status as no data yet, and names a state it does not know by its number', () => {
    assert.equal(functionHealth({ enabled: true, status: null }).label, 'No health data yet');
    assert.equal(functionHealth({ enabled: true }).label, 'No health data yet');
    const later = functionHealth({ enabled: true, status: { state: 4 } });
    assert.equal(later.label, 'State 4');
    assert.equal(later.tone, 'unknown');
    assert.match(later.meaning, /\(4\)/);
  });
});
