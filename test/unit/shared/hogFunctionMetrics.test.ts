// The runs chart's data rules (src/shared/hogFunctionMetrics.ts): the query each range sends, series in a fixed
// stacking order and colour whatever order PostHog sends them in, totals and the failure rate, bucket labels read as
// written, and series made as long as the labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alignSeries,
  bucketLabel,
  describeSeries,
  failureSummary,
  METRIC_RANGE_IDS,
  METRIC_RANGES,
  metricKind,
  metricLabel,
  seriesRole,
} from '../../../src/shared/hogFunctionMetrics';

describe('hog function metrics', () => {
  it('asks for 24 hours by the hour, 7 and 30 days by the day', () => {
    assert.deepEqual(
      METRIC_RANGE_IDS.map((r) => [r, METRIC_RANGES[r].after, METRIC_RANGES[r].interval]),
      [
        ['24h', '-24h', 'hour'],
        ['7d', '-7d', 'day'],
        ['30d', '-30d', 'day'],
      ],
    );
  });

  it('stacks successes first, then failures, then the rest, each in its own colour, with totals', () => {
    const described = describeSeries([
      { name: 'filtered', values: [1, 1] },
      { name: 'zeta_new', values: [0, 2] },
      { name: 'failed', values: [3, 0] },
      { name: 'alpha_new', values: [5, 0] },
      { name: 'succeeded', values: [10, 20] },
      { name: 'disabled_permanently', values: [0, 4] },
    ]);
    assert.deepEqual(
      described.map((s) => [s.name, s.color, s.total]),
      [
        ['succeeded', 'green', 30],
        ['failed', 'red', 3],
        ['disabled_permanently', 'purple', 4],
        ['filtered', 'grey', 2],
        ['alpha_new', 'yellow', 5],
        ['zeta_new', 'blue', 2],
      ],
    );
    assert.equal(described[2]?.label, 'Disabled permanently');
  });

  it("reads each series by PostHog's kind: run outcomes are stacked, counters of other things are not, unknown names stay visible", () => {
    const described = describeSeries([
      { name: 'triggered', values: [100] },
      { name: 'billable_invocation', values: [98], kind: 'billing' },
      { name: 'sms_delivered', values: [3], kind: 'sms' },
      { name: 'mystery_metric', values: [7] },
      { name: 'quota_limited', values: [2] },
      { name: 'succeeded', values: [90] },
      { name: 'replayed_ok', values: [1], kind: 'success' },
      { name: 'failed', values: [5] },
    ]);
    assert.deepEqual(
      described.map((s) => [s.name, s.role]),
      [
        ['succeeded', 'success'],
        ['replayed_ok', 'success'],
        ['failed', 'failure'],
        ['quota_limited', 'failure'],
        ['triggered', 'counter'],
        ['billable_invocation', 'counter'],
        ['mystery_metric', 'counter'],
        ['sms_delivered', 'counter'],
      ],
    );
    assert.equal(
      described.find((s) => s.name === 'mystery_metric')?.total,
      7,
      'an unknown name is kept, with its total',
    );
  });

  it('counts the failure rate and the events not run from the kinds, whatever names PostHog adds', () => {
    assert.deepEqual(
      failureSummary([
        { name: 'succeeded', values: [90, 5] },
        { name: 'failed', values: [4, 1] },
        { name: 'triggered', values: [100, 100] },
        { name: 'billable_invocation', values: [99, 99], kind: 'billing' },
        { name: 'rate_limited', values: [3, 0] },
        { name: 'quota_limited', values: [0, 2] },
        { name: 'throttled_by_new_rule', values: [1, 0], kind: 'failure' },
        { name: 'email_sent', values: [40, 40] },
      ]),
      { runs: 100, failed: 5, rate: 0.05, notRun: 6 },
    );
    assert.equal(metricKind('email_bounced'), 'email');
    assert.equal(metricKind('billable_invocation', 'fetch'), 'fetch', "PostHog's own kind wins");
    assert.equal(seriesRole('unknown_counter'), 'counter');
  });

  it('puts PostHog metric names in words', () => {
    assert.equal(metricLabel('disabled_temporarily'), 'Disabled temporarily');
    assert.equal(metricLabel('succeeded'), 'Succeeded');
    assert.equal(metricLabel(''), '(unnamed)');
  });

  it('counts failed runs against finished ones, and events PostHog did not run', () => {
    assert.deepEqual(
      failureSummary([
        { name: 'succeeded', values: [90, 5] },
        { name: 'failed', values: [4, 1] },
        { name: 'filtered', values: [50, 50] },
        { name: 'disabled_temporarily', values: [2, 0] },
        { name: 'disabled_permanently', values: [0, 3] },
      ]),
      { runs: 100, failed: 5, rate: 0.05, notRun: 5 },
    );
    assert.deepEqual(failureSummary([{ name: 'disabled_permanently', values: [7] }]), {
      runs: 0,
      failed: 0,
      rate: null,
      notRun: 7,
    });
  });

  it('reads bucket labels as PostHog writes them, in the project timezone, without converting', () => {
    assert.deepEqual(bucketLabel('2026-12-01T14:00'), { short: '14:00', long: 'Tue 1 Dec, 14:00' });
    assert.deepEqual(bucketLabel('2026-11-24'), { short: '24 Nov', long: 'Tue 24 Nov 2026' });
    assert.deepEqual(bucketLabel('week 48'), { short: 'week 48', long: 'week 48' });
  });

  it('makes every series as long as the labels, with counts that cannot be drawn as 0', () => {
    assert.deepEqual(
      alignSeries(
        ['a', 'b', 'c'],
        [
          { name: 'short', values: [1] },
          { name: 'long', values: [1, 2, 3, 4] },
          { name: 'odd', values: [Number.NaN, -2, 5] },
        ],
      ),
      [
        { name: 'short', values: [1, 0, 0] },
        { name: 'long', values: [1, 2, 3] },
        { name: 'odd', values: [0, 0, 5] },
      ],
    );
  });
});
