import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentWrites } from '../../../src/extension/services/recentWrites';

interface Row {
  key: string;
  value: number;
}
const setup = () => {
  let now = 0;
  const writes = new RecentWrites<Row>(
    (r) => r.key,
    (a, b) => a.value === b.value,
    () => now,
    1000,
  );
  return { writes, tick: (ms: number) => (now += ms) };
};

test("a written row replaces the list's older copy until the list shows the same value", () => {
  const { writes } = setup();
  writes.remember({ key: 'a', value: 2 });
  assert.deepEqual(
    writes.apply(
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 1 },
      ],
      { firstPage: true },
    ),
    [
      { key: 'a', value: 2 },
      { key: 'b', value: 1 },
    ],
  );
  assert.deepEqual(writes.apply([{ key: 'a', value: 2 }], { firstPage: true }), [{ key: 'a', value: 2 }], 'caught up');
  assert.deepEqual(
    writes.apply([{ key: 'a', value: 3 }], { firstPage: true }),
    [{ key: 'a', value: 3 }],
    'later changes by others show again',
  );
});

test('a created row the list does not have yet is put first on the first page only, if it belongs there', () => {
  const { writes } = setup();
  writes.remember({ key: 'new', value: 1 }, true);
  assert.deepEqual(
    writes.apply([{ key: 'a', value: 1 }], { firstPage: true }).map((r) => r.key),
    ['new', 'a'],
  );
  assert.deepEqual(
    writes.apply([{ key: 'b', value: 1 }], { firstPage: false }).map((r) => r.key),
    ['b'],
  );
  assert.deepEqual(writes.apply([], { firstPage: true, include: () => false }), []);
});

test('after the settle time the list is trusted again', () => {
  const { writes, tick } = setup();
  writes.remember({ key: 'a', value: 2 }, true);
  tick(1001);
  assert.deepEqual(writes.apply([{ key: 'a', value: 1 }], { firstPage: true }), [{ key: 'a', value: 1 }]);
  assert.deepEqual(writes.apply([], { firstPage: true }), []);
});
