// Lists loaded page by page: caching, load more, remembered failures and retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PagedList, type Page } from '../../../src/extension/services/pagedList';

function pages(...all: Page<number>[]) {
  const calls: (string | undefined)[] = [];
  const fetch = async (url: string | undefined) => {
    calls.push(url);
    const page = all.shift();
    if (!page) throw new Error('boom');
    return page;
  };
  return { calls, fetch };
}

test('loads the first page once and caches it', async () => {
  const { calls, fetch } = pages({ results: [1, 2], next: 'n2' });
  const list = new PagedList(fetch);
  await Promise.all([list.load(), list.load()]);
  await list.load();
  assert.deepEqual(list.items, [1, 2]);
  assert.deepEqual(calls, [undefined]);
  assert.equal(list.hasMore, true);
});

test('load more follows next and appends', async () => {
  const { calls, fetch } = pages({ results: [1], next: 'n2' }, { results: [2], next: null });
  const list = new PagedList(fetch);
  await list.load();
  await list.loadMore();
  assert.deepEqual(list.items, [1, 2]);
  assert.deepEqual(calls, [undefined, 'n2']);
  assert.equal(list.hasMore, false);
  await list.loadMore();
  assert.equal(calls.length, 2, 'no request once there is no next page');
});

test('a failed first page is remembered and retry recovers', async () => {
  const results: Page<number>[] = [];
  let fail = true;
  const list = new PagedList(async () => {
    if (fail) throw new Error('503');
    return results.shift() ?? { results: [7], next: null };
  });
  await list.load();
  assert.equal(list.isLoaded, false);
  assert.match(String(list.error), /503/);
  fail = false;
  await list.retry();
  assert.deepEqual(list.items, [7]);
  assert.equal(list.error, undefined);
});

test('a failed next page keeps the loaded items and retries the same page', async () => {
  const seen: (string | undefined)[] = [];
  let fail = false;
  const list = new PagedList(async (url) => {
    seen.push(url);
    if (fail) throw new Error('timeout');
    return url ? { results: [2], next: null } : { results: [1], next: 'p2' };
  });
  await list.load();
  fail = true;
  await list.loadMore();
  assert.deepEqual(list.items, [1]);
  assert.ok(list.error);
  fail = false;
  await list.retry();
  assert.deepEqual(list.items, [1, 2]);
  assert.deepEqual(seen, [undefined, 'p2', 'p2']);
});

test('update replaces or removes items and tells listeners', async () => {
  let changes = 0;
  const list = new PagedList(
    async () => ({ results: [1, 2, 3], next: null, count: 3 }),
    () => changes++,
  );
  await list.load();
  const before = changes;
  list.update(
    (n) => n === 2,
    () => 20,
  );
  list.update(
    (n) => n === 3,
    () => undefined,
  );
  assert.deepEqual(list.items, [1, 20]);
  assert.equal(list.total, 2);
  assert.equal(changes, before + 2);
});

test('the first load is rendered by its caller and announces nothing; load more and retry announce', async () => {
  let announced = 0;
  const list = new PagedList(
    async (url) => (url ? { results: [2], next: null } : { results: [1], next: 'p2' }),
    () => announced++,
  );
  await list.load();
  assert.equal(announced, 0, 'a tree branch that loads its own children must not be refreshed again');
  await list.loadMore();
  assert.equal(announced, 1);
  await list.retry();
  assert.equal(announced, 1, 'nothing left to load, nothing to announce');
});

test('a next link back to a page already loaded ends the list instead of offering the same rows again', async () => {
  const { calls, fetch } = pages(
    { results: [1], next: 'n2' },
    { results: [2], next: 'n3' },
    { results: [3], next: 'n2' },
    { results: [2], next: 'n3' },
  );
  const list = new PagedList(fetch);
  await list.load();
  await list.loadMore();
  await list.loadMore();
  assert.deepEqual(list.items, [1, 2, 3]);
  assert.equal(list.hasMore, false, 'no "Load more" for a page already shown');
  await list.loadMore();
  assert.deepEqual(calls, [undefined, 'n2', 'n3']);
});
