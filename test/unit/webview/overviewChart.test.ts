// The runs chart's geometry (src/webview/functionOverview/chart.ts) in plain Node: round y steps, bars stacked to
// their totals, x labels that never crowd and always name the newest bucket, and the bucket under a pointer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketAt, chartLayout, niceTicks, shortCount } from '../../../src/webview/functionOverview/chart';

const hours = (n: number) => Array.from({ length: n }, (_, i) => `2026-12-01T${String(i).padStart(2, '0')}:00`);

describe('runs chart geometry', () => {
  it('steps the y axis by 1, 2 or 5 times a power of ten, up to at least the highest stack', () => {
    assert.deepEqual(niceTicks(0), [0]);
    assert.deepEqual(niceTicks(3), [0, 1, 2, 3]);
    assert.deepEqual(niceTicks(100), [0, 50, 100]);
    assert.deepEqual(niceTicks(101), [0, 50, 100, 150]);
    assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
    assert.equal(shortCount(1500), '1.5k');
    assert.equal(shortCount(2_000_000), '2M');
    assert.equal(shortCount(42), '42');
  });

  it('stacks each bucket to its total, in series order, from the axis up', () => {
    const layout = chartLayout(
      hours(3),
      [
        { name: 'succeeded', color: 'green', values: [10, 0, 40] },
        { name: 'failed', color: 'red', values: [5, 0, 10] },
      ],
      { width: 400, height: 200 },
    );
    const { plot } = layout;
    const top = layout.yTicks.at(-1)!.value;
    const pxPerRun = (plot.bottom - plot.top) / top;
    const bucket = (i: number) => layout.bars.filter((b) => b.index === i);
    assert.deepEqual(
      bucket(0).map((b) => b.name),
      ['succeeded', 'failed'],
    );
    assert.equal(bucket(1).length, 0, 'nothing is drawn for an empty bucket');
    const [ok, failed] = bucket(2);
    assert.equal(ok!.y + ok!.height, plot.bottom);
    assert.ok(Math.abs(ok!.height - 40 * pxPerRun) < 1e-9);
    assert.ok(Math.abs(failed!.y + failed!.height - ok!.y) < 1e-9, 'failed sits on succeeded');
    assert.ok(Math.abs(plot.bottom - failed!.y - 50 * pxPerRun) < 1e-9, 'the stack is as tall as the total');
    assert.ok(top >= 50);
  });

  it('draws counters that are not runs as lines on the same axis, never in the stacks', () => {
    const layout = chartLayout(
      hours(2),
      [{ name: 'succeeded', color: 'green', values: [10, 20] }],
      { width: 400, height: 200 },
      [{ name: 'triggered', color: 'grey', values: [12, 60] }],
    );
    assert.deepEqual(
      layout.bars.map((b) => b.name),
      ['succeeded', 'succeeded'],
    );
    assert.equal(layout.lines.length, 1);
    assert.deepEqual(
      layout.lines[0]!.points.map((p) => p.value),
      [12, 60],
    );
    assert.ok(layout.yTicks.at(-1)!.value >= 60, 'the axis reaches the highest line');
    const { plot } = layout;
    const pxPer = (plot.bottom - plot.top) / layout.yTicks.at(-1)!.value;
    assert.ok(Math.abs(plot.bottom - layout.lines[0]!.points[1]!.y - 60 * pxPer) < 1e-9);
    assert.ok(
      layout.lines[0]!.points.every((p, i) => Math.abs(p.x - (plot.left + (i + 0.5) * layout.band)) < 1e-9),
      'each point centred on its bucket',
    );
  });

  it('labels as many buckets as fit, always including the newest', () => {
    const narrow = chartLayout(hours(24), [], { width: 300, height: 200 });
    const wide = chartLayout(hours(24), [], { width: 1600, height: 200 });
    assert.ok(narrow.xTicks.length < 24 && narrow.xTicks.length >= 3, `${narrow.xTicks.length} labels`);
    assert.equal(wide.xTicks.length, 24);
    for (const layout of [narrow, wide]) {
      assert.equal(layout.xTicks.at(-1)?.label, '23:00');
      const gaps = layout.xTicks.slice(1).map((t, i) => t.x - layout.xTicks[i]!.x);
      assert.ok(
        gaps.every((g) => g >= 56 - 1e-9),
        'labels never crowd',
      );
    }
  });

  it('finds the bucket under the pointer, and none outside the plot', () => {
    const layout = chartLayout(hours(4), [], { width: 452, height: 200 });
    const { left, right } = layout.plot;
    assert.equal(bucketAt(layout, left + 1, 4), 0);
    assert.equal(bucketAt(layout, left + layout.band * 2.5, 4), 2);
    assert.equal(bucketAt(layout, right, 4), 3);
    assert.equal(bucketAt(layout, left - 1, 4), null);
    assert.equal(bucketAt(layout, right + 1, 4), null);
    assert.equal(bucketAt(layout, left + 1, 0), null);
  });
});
