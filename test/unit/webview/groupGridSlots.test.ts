// The group grid's row pool (slots.ts): which rows a scroll position draws, and which pooled element shows which group,
// so a scroll frame reuses the elements of the rows that left and never rebuilds the ones that stayed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignSlots, OVERSCAN, ROW_HEIGHT, rowRange, type Slot } from '../../../src/webview/groupGrid/slots';

const keys = (i: number) => `g${i}`;
const slotsFor = (from: number, to: number): Slot[] =>
  Array.from({ length: to - from }, (_, i) => ({ groupKey: keys(from + i) }));

describe('group grid row pool', () => {
  it('draws the rows in view and OVERSCAN more each side, within the rows shown', () => {
    assert.deepEqual(rowRange(0, 10 * ROW_HEIGHT, 10_000), { first: 0, last: 10 + OVERSCAN });
    assert.deepEqual(rowRange(100 * ROW_HEIGHT, 10 * ROW_HEIGHT, 10_000), {
      first: 100 - OVERSCAN,
      last: 110 + OVERSCAN,
    });
    assert.deepEqual(rowRange(9_995 * ROW_HEIGHT, 10 * ROW_HEIGHT, 10_000), { first: 9_995 - OVERSCAN, last: 10_000 });
    assert.deepEqual(rowRange(0, 500, 0), { first: 0, last: 0 });
  });

  it('keeps the element of every group still in range and hands the ones that left to the rows that came in', () => {
    const slots = slotsFor(0, 30);
    const { assign, free } = assignSlots(slots, keys, 20, 50);
    assert.equal(assign.length, 30);
    for (const a of assign.filter((x) => x.index < 30)) assert.equal(a.slot, slots[a.index], `row ${a.index} moved`);
    const reused = assign.filter((x) => x.index >= 30).map((x) => x.slot);
    assert.ok(
      reused.every((s) => s !== undefined && slots.indexOf(s) < 20),
      'the rows that came in reuse the 20 that left',
    );
    assert.equal(new Set(reused).size, 20);
    assert.deepEqual(free, []);
  });

  it('asks for new elements only when the range grows, and frees the ones a shorter range does not need', () => {
    const grown = assignSlots(slotsFor(0, 10), keys, 0, 15);
    assert.equal(grown.assign.filter((a) => a.slot === undefined).length, 5);
    const shrunk = assignSlots(slotsFor(0, 10), keys, 0, 4);
    assert.equal(shrunk.free.length, 6);
  });

  it('keeps the edited row its element while it is shown, even scrolled out of range', () => {
    const slots = slotsFor(0, 10);
    const pinned = assignSlots(slots, keys, 10, 20, { groupKey: 'g3', shown: true });
    assert.ok(!pinned.assign.some((a) => a.slot === slots[3]));
    assert.equal(pinned.assign.filter((a) => a.slot === undefined).length, 1);
    const gone = assignSlots(slots, keys, 10, 20, { groupKey: 'g3', shown: false });
    assert.ok(
      gone.assign.some((a) => a.slot === slots[3]),
      'a filtered-out edited row gives its element up',
    );
  });
});
