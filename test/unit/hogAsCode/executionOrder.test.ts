// The order transformations run in, and the whole order sent after Move Up, Move Down or a drop
// (src/core/functions/executionOrder.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropBefore, inExecutionOrder, moveBy, reorder } from '../../../src/core/functions/executionOrder';

const fns = [
  { id: 'c', execution_order: 3 },
  { id: 'a', execution_order: 1 },
  { id: 'x', execution_order: null },
  { id: 'b', execution_order: 2 },
];

describe('execution order', () => {
  it('runs by execution_order, functions without one last', () => {
    assert.deepEqual(
      inExecutionOrder(fns).map((f) => f.id),
      ['a', 'b', 'c', 'x'],
    );
  });

  it('moves one step up or down and numbers the whole order 1 to n; nothing at either end', () => {
    assert.deepEqual(moveBy(fns, 'c', -1), { a: 1, c: 2, b: 3, x: 4 });
    assert.deepEqual(moveBy(fns, 'a', 1), { b: 1, a: 2, c: 3, x: 4 });
    assert.deepEqual(moveBy(fns, 'c', 1), { a: 1, b: 2, x: 3, c: 4 });
    assert.equal(moveBy(fns, 'a', -1), undefined);
    assert.equal(moveBy(fns, 'nope', 1), undefined);
    assert.deepEqual(moveBy(fns, 'x', 1), undefined, 'already last');
  });

  it('places dropped functions after the target when dragged down, before it when dragged up, at the end on the type', () => {
    assert.equal(dropBefore(fns, ['a'], 'b'), 'c', 'a dragged onto b goes after b');
    assert.equal(dropBefore(fns, ['c'], 'a'), 'a', 'c dragged onto a goes before a');
    assert.equal(dropBefore(fns, ['a'], 'x'), null, 'onto the last: the end');
    assert.deepEqual(reorder(fns, ['a'], dropBefore(fns, ['a'], 'b')), { b: 1, a: 2, c: 3, x: 4 });
    assert.deepEqual(reorder(fns, ['b'], null), { a: 1, c: 2, x: 3, b: 4 });
    assert.equal(
      reorder(
        [
          { id: 'a', execution_order: 1 },
          { id: 'b', execution_order: 2 },
        ],
        ['a'],
        'b',
      ),
      undefined,
      'already there: nothing to send',
    );
  });
});
