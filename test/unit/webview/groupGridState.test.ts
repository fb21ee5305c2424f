// The group grid's pure state: pages, sort and filter of loaded rows, typed staging, bulk set/remove on the
// selection, and the save report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupData } from '../../../src/shared/protocol/groupGrid';
import {
  bulkStage,
  cellText,
  defaultColumns,
  editsToSave,
  initialState,
  keptStaged,
  stageCell,
  stageRemove,
  toggleAllShown,
  toggleSelected,
  toggleSort,
  visibleRows,
  withKeptStaged,
  withPage,
  withSaveResult,
  type GridState,
} from '../../../src/webview/groupGrid/state';

const row = (key: string, props: Record<string, unknown>): GroupData => ({
  group_type_index: 0,
  group_key: key,
  group_properties: props,
  created_at: null,
});

function loaded(): GridState {
  return withPage(
    initialState(),
    [
      row('b', { plan: 'pro', seats: 10 }),
      row('a', { plan: 'free', seats: 9 }),
      row('c', { plan: 'Pro', seats: 100, beta: true }),
    ],
    true,
    false,
  );
}

describe('group grid state', () => {
  it('picks default columns from the first rows, and appends pages without duplicates', () => {
    const s = loaded();
    assert.deepEqual(s.columns, ['plan', 'seats', 'beta']);
    assert.equal(s.hasMore, true);
    const more = withPage(s, [row('c', {}), row('d', { plan: 'x' })], false, true);
    assert.deepEqual(
      more.rows.map((r) => r.group_key),
      ['b', 'a', 'c', 'd'],
    );
    assert.equal(more.hasMore, false);
    assert.deepEqual(defaultColumns([row('x', { a: 1 }), row('y', { b: 1, a: 2 })], 1), ['a']);
  });

  it('sorts by key or column (numbers as numbers) and filters loaded rows', () => {
    let s = toggleSort(loaded(), 'seats');
    assert.deepEqual(
      visibleRows(s).map((r) => r.group_key),
      ['a', 'b', 'c'],
    );
    s = toggleSort(s, 'seats');
    assert.deepEqual(
      visibleRows(s).map((r) => r.group_key),
      ['c', 'b', 'a'],
    );
    s = toggleSort(s, undefined);
    assert.deepEqual(
      visibleRows(s).map((r) => r.group_key),
      ['a', 'b', 'c'],
    );
    s = { ...s, filter: 'PRO' };
    assert.deepEqual(
      visibleRows(s).map((r) => r.group_key),
      ['b', 'c'],
    );
  });

  it('stages typed values, unstages an edit back to the loaded value, and keeps an invalid one with its error', () => {
    let s = stageCell(loaded(), 'a', 'seats', '12', 'number');
    assert.deepEqual(cellText(s, s.rows[1]!, 'seats').staged?.value, 12);
    s = stageCell(s, 'a', 'seats', '9', 'number');
    assert.equal(s.staged.size, 0, 'back to what PostHog has');
    s = stageCell(s, 'a', 'seats', 'nine', 'number');
    assert.match(s.staged.values().next().value!.error ?? '', /not a number/);
    const blocked = editsToSave(s);
    assert.ok('problem' in blocked);
    s = stageCell(s, 'a', 'seats', '9', 'string');
    const ready = editsToSave(s);
    assert.ok('edits' in ready);
    assert.deepEqual(ready.edits, [
      { groupKey: 'a', property: 'seats', value: '9', loaded: { present: true, value: 9 } },
    ]);
  });

  it('sets or removes one property on every selected row', () => {
    let s = toggleSelected(toggleSelected(loaded(), 'a'), 'c');
    s = bulkStage(s, 'tier', 'gold', 'string');
    assert.deepEqual(s.columns, ['plan', 'seats', 'beta', 'tier']);
    assert.deepEqual(
      [...s.staged.values()].map((e) => [e.groupKey, e.property, e.value]),
      [
        ['a', 'tier', 'gold'],
        ['c', 'tier', 'gold'],
      ],
    );
    s = bulkStage(s, 'beta', undefined, 'string');
    // Only c has beta: removing it from a is nothing to do.
    const removes = [...s.staged.values()].filter((e) => e.text === undefined);
    assert.deepEqual(
      removes.map((e) => e.groupKey),
      ['c'],
    );
    const ready = editsToSave(s);
    assert.ok('edits' in ready);
    assert.deepEqual(
      ready.edits.find((e) => e.property === 'beta'),
      { groupKey: 'c', property: 'beta', loaded: { present: true, value: true } },
    );
    assert.equal(toggleAllShown(s).selected.size, 3);
    assert.equal(toggleAllShown(toggleAllShown(s)).selected.size, 0);
    assert.equal(stageRemove(s, 'a', 'nothing').staged.size, s.staged.size);
  });

  it('after a save: rows updated, saved edits unstaged, the rest reported per row', () => {
    let s = stageCell(loaded(), 'a', 'plan', 'team', 'string');
    s = stageCell(s, 'a', 'seats', '1', 'number');
    s = stageCell(s, 'b', 'plan', 'x', 'string');
    s = withSaveResult(s, [
      {
        groupKey: 'a',
        saved: ['plan'],
        failed: { property: 'seats', error: { message: 'Nope.', kind: 'validation', signIn: false } },
        notAttempted: [],
        group: row('a', { plan: 'team', seats: 9 }),
      },
      {
        groupKey: 'b',
        saved: [],
        notAttempted: [],
        conflicts: [{ property: 'plan', current: { present: true, value: 'enterprise' } }],
        group: row('b', { plan: 'enterprise', seats: 10 }),
      },
    ]);
    assert.deepEqual(
      [...s.staged.values()].map((e) => `${e.groupKey}.${e.property}`),
      ['a.seats', 'b.plan'],
    );
    assert.equal(s.rows.find((r) => r.group_key === 'a')?.group_properties.plan, 'team');
    assert.equal(s.conflicts, 1);
    assert.deepEqual(s.report, [
      'Saved 1 values.',
      'a: "seats" failed: Nope.',
      'b: changed on PostHog since loaded (plan); nothing of this row was saved.',
    ]);
  });
});

describe('group grid state kept for a reload', () => {
  it('keeps staged cells and removals as text and type, and stages them again as they were', () => {
    let s = stageCell(loaded(), 'a', 'seats', '12', 'number');
    s = stageCell(s, 'b', 'plan', '{bad', 'json');
    s = stageRemove(s, 'c', 'beta');
    const kept = keptStaged(s);
    assert.deepEqual(kept, [
      { groupKey: 'a', property: 'seats', text: '12', type: 'number', loaded: { present: true, value: 9 } },
      { groupKey: 'b', property: 'plan', text: '{bad', type: 'json', loaded: { present: true, value: 'pro' } },
      { groupKey: 'c', property: 'beta', type: 'string', loaded: { present: true, value: true } },
    ]);
    // After the reload, before any row is loaded again.
    const back = withKeptStaged(initialState(), JSON.parse(JSON.stringify(kept)));
    assert.deepEqual([...back.staged.values()], [...s.staged.values()]);
    assert.ok('problem' in editsToSave(back), 'the invalid JSON still blocks Save');
    const fixed = withKeptStaged(back, [kept[0]!, { ...kept[1]!, text: '{"a":1}' }, kept[2]!]);
    assert.deepEqual(editsToSave(fixed), {
      edits: [
        { groupKey: 'a', property: 'seats', value: 12, loaded: { present: true, value: 9 } },
        { groupKey: 'b', property: 'plan', value: { a: 1 }, loaded: { present: true, value: 'pro' } },
        { groupKey: 'c', property: 'beta', loaded: { present: true, value: true } },
      ],
    });
  });
});
