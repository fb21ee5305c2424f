// The local PostHog's hog function metrics answer as PostHog's AppMetricsMixin does: its relative date parser, one label
// per interval from the start of `after`'s interval, weeks from Monday, series only for breakdowns with rows, and
// seeded runs that tell a healthy, a degraded and a failing function apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeDate } from '../../fake-posthog/metrics';
import { P, call, useFake } from './helpers';

const at = (iso: string) => Date.parse(iso);

describe('fake PostHog: relative dates as PostHog parses them', () => {
  const now = at('2026-03-31T10:37:12.345Z');

  it('subtracts hours, days, weeks, quarters, minutes and seconds from now', () => {
    assert.equal(relativeDate('-24h', now), at('2026-03-30T10:37:12.345Z'));
    assert.equal(relativeDate('-7d', now), at('2026-03-24T10:37:12.345Z'));
    assert.equal(relativeDate('-2w', now), at('2026-03-17T10:37:12.345Z'));
    assert.equal(relativeDate('-1q', now), now - 13 * 7 * 86400e3);
    assert.equal(relativeDate('-90M', now), at('2026-03-31T09:07:12.345Z'));
    assert.equal(relativeDate('-30s', now), at('2026-03-31T10:36:42.345Z'));
    assert.equal(relativeDate('-0d', now), now);
  });

  it('moves months and years by the calendar, clamping the day to the month', () => {
    assert.equal(relativeDate('-1m', now), at('2026-02-28T10:37:12.345Z'));
    assert.equal(relativeDate('-1y', at('2028-02-29T00:00:00Z')), at('2027-02-28T00:00:00Z'));
    assert.equal(relativeDate('-1mStart', now), at('2026-02-01T10:37:12.345Z'));
    assert.equal(relativeDate('-0yStart', now), at('2026-01-01T10:37:12.345Z'));
  });

  it('reads Start and End of hours and days', () => {
    assert.equal(relativeDate('-1dStart', now), at('2026-03-30T00:00:00Z'));
    assert.equal(relativeDate('-0dEnd', now), at('2026-03-31T23:59:59.999Z'));
    assert.equal(relativeDate('-3hStart', now), at('2026-03-31T07:00:00Z'));
  });

  it('reads ISO dates and times, naive ones in the team timezone (UTC)', () => {
    assert.equal(relativeDate('2026-03-01', now), at('2026-03-01T00:00:00Z'));
    assert.equal(relativeDate('2026-3-1', now), at('2026-03-01T00:00:00Z'));
    assert.equal(relativeDate('2026-03-01T10:00', now), at('2026-03-01T10:00:00Z'));
    assert.equal(relativeDate('2026-03-01T10:00:00+02:00', now), at('2026-03-01T08:00:00Z'));
  });

  it('takes text it cannot read as now, and the first unit anywhere in it', () => {
    assert.equal(relativeDate('', now), now);
    assert.equal(relativeDate('7', now), now);
    assert.equal(relativeDate('-7D', now), now);
    assert.equal(relativeDate('(-3h)', now), at('2026-03-31T07:37:12.345Z'));
    // The "s" of "last" is the first unit (seconds, no number): now.
    assert.equal(relativeDate('last 3h', now), now);
  });
});

describe('fake PostHog: hog function metrics', () => {
  const fake = useFake();
  const fn = (name: string) => {
    const found = fake().state.hogFunctions.find((f) => f.name === name);
    assert.ok(found, name);
    return found;
  };
  const get = (name: string, query: string) =>
    call(fake(), 'GET', `${P}/hog_functions/${fn(name).id}/metrics/?${query}`);
  const totals = (series: { name: string; values: number[] }[]) =>
    Object.fromEntries(series.map((s) => [s.name, s.values.reduce((a, b) => a + b, 0)]));

  it('labels every hour from the start of the hour 24 hours ago to now', async () => {
    const r = await get('Slack: new paying customer', 'after=-24h&interval=hour');
    assert.equal(r.status, 200);
    const labels: string[] = r.body.labels;
    assert.equal(labels.length, 25);
    labels.forEach((l, i) => {
      assert.match(l, /^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
      if (i) assert.equal(Date.parse(`${l}Z`) - Date.parse(`${labels[i - 1]}Z`), 3600e3);
    });
    for (const s of r.body.series) assert.equal(s.values.length, labels.length);
  });

  it('labels days, and weeks from their Monday', async () => {
    const days = await get('Slack: new paying customer', 'after=2025-11-04T15:00:00Z&before=2025-11-06T01:00:00Z');
    assert.deepEqual(days.body.labels, ['2025-11-04', '2025-11-05', '2025-11-06']);
    const weeks = await get('Slack: new paying customer', 'after=2025-11-05&before=2025-11-20&interval=week');
    assert.deepEqual(weeks.body.labels, ['2025-11-03', '2025-11-10', '2025-11-17']);
  });

  it('counts rows from `after` (to the second) through `before`, in their interval, by kind or by name', async () => {
    const id = fn('Slack: new paying customer').id;
    const row = (
      timestamp: string,
      metric_kind: 'success' | 'failure' | 'other',
      metric_name: string,
      count: number,
    ) => ({ app_source_id: id, instance_id: null, timestamp, metric_kind, metric_name, count });
    fake().state.metrics.push(
      row('2025-06-01T09:59:59Z', 'success', 'succeeded', 1000),
      row('2025-06-01T10:00:00Z', 'success', 'succeeded', 5),
      row('2025-06-01T10:30:00Z', 'failure', 'failed', 2),
      row('2025-06-01T11:10:00Z', 'failure', 'disabled_temporarily', 3),
      row('2025-06-01T12:00:00Z', 'other', 'filtered', 7),
      row('2025-06-01T12:00:01Z', 'success', 'succeeded', 1000),
    );
    const window = 'after=2025-06-01T10:00:00.900Z&before=2025-06-01T12:00:00Z&interval=hour';
    const byName = await get('Slack: new paying customer', `${window}&breakdown_by=name`);
    assert.deepEqual(byName.body, {
      labels: ['2025-06-01T10:00', '2025-06-01T11:00', '2025-06-01T12:00'],
      series: [
        { name: 'disabled_temporarily', values: [0, 3, 0] },
        { name: 'failed', values: [2, 0, 0] },
        { name: 'filtered', values: [0, 0, 7] },
        { name: 'succeeded', values: [5, 0, 0] },
      ],
    });
    const byKind = await get('Slack: new paying customer', window);
    assert.deepEqual(byKind.body.series, [
      { name: 'failure', values: [2, 3, 0] },
      { name: 'other', values: [0, 0, 7] },
      { name: 'success', values: [5, 0, 0] },
    ]);
    const onlyFailures = await get('Slack: new paying customer', `${window}&breakdown_by=name&kind=failure`);
    assert.deepEqual(
      onlyFailures.body.series.map((s: { name: string }) => s.name),
      ['disabled_temporarily', 'failed'],
    );
  });

  it('refuses blank dates and unknown choices as PostHog does', async () => {
    const blank = await get('Slack: new paying customer', 'after=');
    assert.deepEqual([blank.status, blank.body.attr, blank.body.code], [400, 'after', 'blank']);
    const interval = await get('Slack: new paying customer', 'interval=minute');
    assert.deepEqual([interval.status, interval.body.attr, interval.body.code], [400, 'interval', 'invalid_choice']);
    const breakdown = await get('Slack: new paying customer', 'breakdown_by=level');
    assert.deepEqual([breakdown.status, breakdown.body.attr], [400, 'breakdown_by']);
  });

  it('seeds a healthy, a degraded and a failing function over the last day, and no runs for site apps', async () => {
    const day = 'after=-24h&interval=hour&breakdown_by=name';
    const healthy = totals((await get('Slack: new paying customer', day)).body.series);
    assert.ok(healthy.succeeded! > 100, JSON.stringify(healthy));
    assert.ok((healthy.failed ?? 0) < healthy.succeeded! * 0.02, JSON.stringify(healthy));
    assert.ok(healthy.filtered! > 0);

    const degraded = totals((await get('HubSpot: sync organizations', day)).body.series);
    assert.ok(degraded.failed! > degraded.succeeded! * 0.1, JSON.stringify(degraded));
    assert.ok(degraded.disabled_temporarily! > 0, JSON.stringify(degraded));

    const failing = totals((await get('Zendesk: ticket on failed payment', day)).body.series);
    assert.equal(failing.succeeded, undefined, JSON.stringify(failing));
    assert.ok(failing.disabled_permanently! > 0);
    const failingBefore = totals(
      (await get('Zendesk: ticket on failed payment', 'after=-3d&before=-2d&breakdown_by=name')).body.series,
    );
    assert.ok(failingBefore.failed! > (failingBefore.succeeded ?? 0), JSON.stringify(failingBefore));

    assert.deepEqual((await get('Maintenance banner', day)).body.series, []);
    const month = await get('Slack: new paying customer', 'after=-30d&interval=day&breakdown_by=name');
    assert.equal(month.body.labels.length, 31);
    const succeeded = month.body.series.find((s: { name: string }) => s.name === 'succeeded');
    assert.ok(
      succeeded.values.slice(1).every((v: number) => v > 0),
      'every whole day of the month has runs',
    );
    // The window starts at this minute 30 days ago (PostHog does not round -30d to the day) and runs are hourly rows
    // stamped on the hour: in the last hour of a UTC day, the window's first day holds no row after its start.
    if (new Date(Date.now() - 30 * 86400e3).getUTCHours() < 23)
      assert.ok(succeeded.values[0] > 0, "and the first day has runs from the window's start");
  });
});
