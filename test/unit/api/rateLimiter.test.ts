// The rate limiter keeps requests within every window, in order, and the client goes through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolWindows, RateLimiter } from '../../../src/api';
import { rejection, startServer, json, testClient } from './helpers';

/** Fake time: sleeping advances the clock instantly. */
function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    get time() {
      return now;
    },
  };
}

test('a burst over the per-window limit waits for the oldest request to age out, never exceeding the limit', async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter([{ limit: 3, windowMs: 1000 }], clock);
  const grantedAt: number[] = [];
  await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => grantedAt.push(clock.time))));
  assert.equal(grantedAt.length, 7);
  // No 1-second window holds more than 3 grants.
  for (const t of grantedAt) assert.ok(grantedAt.filter((u) => u > t - 1000 && u <= t).length <= 3);
  assert.deepEqual(grantedAt, [1_000_000, 1_000_000, 1_000_000, 1_001_000, 1_001_000, 1_001_000, 1_002_000]);
});

test('the longer window also holds: 2/second and 4/10 seconds', async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(
    [
      { limit: 2, windowMs: 1000 },
      { limit: 4, windowMs: 10_000 },
    ],
    clock,
  );
  const grantedAt: number[] = [];
  for (let i = 0; i < 6; i++) {
    await limiter.acquire();
    grantedAt.push(clock.time - 1_000_000);
  }
  assert.deepEqual(grantedAt, [0, 0, 1000, 1000, 10_000, 10_000]);
});

test('a cancelled waiter rejects and does not block the next one', async () => {
  let now = 0;
  const pending: (() => void)[] = [];
  const limiter = new RateLimiter([{ limit: 1, windowMs: 1000 }], {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        pending.push(() => {
          now += ms;
          resolve();
        });
      }),
  });
  await limiter.acquire();
  const controller = new AbortController();
  const cancelled = limiter.acquire(controller.signal);
  const next = limiter.acquire();
  controller.abort();
  await assert.rejects(cancelled);
  // Let the queue reach the second waiter's sleep, then let time pass.
  for (let i = 0; i < 5 && !pending.length; i++) await new Promise((r) => setImmediate(r));
  while (pending.length) pending.shift()!();
  await next;
  assert.equal(now, 1000);
});

test('the client queues requests through its rate limiter instead of failing them', async () => {
  const server = await startServer((_req, res) => json(res, 200, []));
  let now = 0;
  const sleeps: number[] = [];
  const { client } = testClient(server.url, {
    rateLimits: { perMinute: 2, perHour: 100 },
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  try {
    await Promise.all([client.listGroupTypes(1), client.listGroupTypes(1), client.listGroupTypes(1)]);
    assert.equal(server.requests.length, 3);
    // The first two went at once; the third waited a minute for a slot.
    assert.deepEqual(sleeps, [60_000]);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a window counts from when each response came back, as PostHog counts arrivals, not sends', async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter([{ limit: 2, windowMs: 1000 }], clock);
  const first = await limiter.acquire();
  const second = await limiter.acquire();
  const sentAt = clock.time;
  // Both requests take 40 ms on the wire before PostHog sees them.
  await clock.sleep(40);
  first.done();
  second.done();
  await limiter.acquire();
  assert.equal(clock.time - sentAt, 1040, 'the third request waits until a second after the first one arrived');
});

// ---- One budget per PostHog throttle pool (posthog-api.md §10.1) ----

const recentQuery = { fixedProperties: [], after: '-7d', limit: 1, groupTypes: [] };
/** A server that answers every query with no events and every other request with an empty list, in arrival order. */
async function poolServer() {
  return startServer((req, res) => {
    if (req.url.includes('/query/')) json(res, 200, { columns: ['uuid', 'timestamp'], results: [], hasMore: false });
    else json(res, 200, []);
  });
}

test("PostHog's pools by default: 480/minute and 4,800/hour for the API, 240/minute and 1,200/hour (2,400 with API queries) for queries, 120/hour for HogQLQuery", () => {
  const defaults = poolWindows({});
  assert.deepEqual(
    defaults.api?.map((w) => [w.limit, w.windowMs]),
    [
      [480, 60_000],
      [4800, 3_600_000],
    ],
  );
  assert.deepEqual(
    defaults.query?.map((w) => [w.limit, w.windowMs]),
    [
      [240, 60_000],
      [1200, 3_600_000],
    ],
  );
  assert.deepEqual(
    defaults.hogql?.map((w) => [w.limit, w.windowMs]),
    [[120, 3_600_000]],
  );
  assert.deepEqual(
    poolWindows({ apiQueriesEnabled: true }).query?.map((w) => w.limit),
    [240, 2400],
  );
});

test('a full query pool neither delays nor is delayed by saves and tree loads: each pool keeps its own queue', async () => {
  const server = await poolServer();
  let now = 0;
  const sleeping: (() => void)[] = [];
  const { client } = testClient(server.url, {
    rateLimits: { perMinute: 2, perHour: 100, query: { perMinute: 1, perHour: 100 } },
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) =>
        sleeping.push(() => {
          now += ms;
          resolve();
        }),
      ),
  });
  try {
    // Started in this order: two event queries, then two tree loads.
    const queries = Promise.all([client.listRecentEvents(1, recentQuery), client.listRecentEvents(1, recentQuery)]);
    const trees = Promise.all([client.listGroupTypes(1), client.listGroupTypes(1)]);
    const stuck = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the tree loads waited behind the queries')), 3000).unref(),
    );
    await Promise.race([trees, stuck]);
    const sent = () => server.requests.map((r) => (r.url.includes('/query/') ? 'query' : 'tree'));
    // The tree loads went while the second query waits for its minute in the query pool.
    assert.deepEqual(sent().sort(), ['query', 'tree', 'tree']);
    assert.equal(sleeping.length, 1);
    sleeping.shift()!();
    await queries;
    assert.deepEqual(sent().sort(), ['query', 'query', 'tree', 'tree']);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('requests made while typing never wait for the budget: with no room (or into the share they leave others) they are refused without being sent', async () => {
  const server = await startServer((_req, res) =>
    json(res, 200, { isValid: true, errors: [], warnings: [], notices: [], suggestions: [] }),
  );
  let now = 0;
  const { client, sleeps } = testClient(server.url, {
    rateLimits: { query: { perMinute: 100, perHour: 10 } },
    now: () => now,
  });
  try {
    for (let i = 0; i < 6; i++) await client.checkHog(1, { source: 'return 1', globals: {} }, { reserve: 0.4 });
    assert.equal(server.requests.length, 6);
    // A check would now eat into the 40% it leaves: refused locally. Completion leaves 10% and goes.
    const refused = await rejection(() => client.checkHog(1, { source: 'return 1', globals: {} }, { reserve: 0.4 }));
    assert.equal(refused.kind, 'rate_limited');
    assert.equal(refused.throttle, 'budget');
    assert.equal(server.requests.length, 6, 'nothing was sent');
    assert.ok(Number(refused.retryAfterSeconds) > 3000, 'the hour has to pass first');
    await client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} }, { reserve: 0.1 });
    await client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} }, { reserve: 0.1 });
    await client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} }, { reserve: 0.1 });
    assert.equal(server.requests.length, 9);
    const full = await rejection(() =>
      client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} }, { reserve: 0.1 }),
    );
    assert.equal(full.throttle, 'budget', 'the last request of the hour is kept for callers without a reserve');
    await client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} });
    assert.equal(server.requests.length, 10);
    assert.deepEqual(sleeps, [], 'nothing waited');
    // The budget as the status bar reads it.
    const budget = client.rateBudget();
    assert.deepEqual(
      budget.query?.windows.map((w) => [w.used, w.limit]),
      [
        [10, 100],
        [10, 10],
      ],
    );
    assert.deepEqual(
      budget.api?.windows.map((w) => w.used),
      [0, 0],
    );
    now += 3_600_001;
    assert.deepEqual(
      client.rateBudget().query?.windows.map((w) => w.used),
      [0, 0],
      'an hour later the budget is back',
    );
  } finally {
    await client.dispose();
    await server.close();
  }
});

test("PostHog's 429 pauses the whole pool for the wait it names: the next check is not sent", async () => {
  const server = await startServer((_req, res) =>
    json(res, 429, {
      type: 'throttled_error',
      code: 'throttled',
      detail: 'Request was throttled. Expected available in 30 seconds.',
      attr: null,
    }),
  );
  let now = 0;
  const budgets: string[] = [];
  const { client } = testClient(server.url, {
    rateLimits: {},
    now: () => now,
    onRateBudget: (pool, b) => budgets.push(`${pool}:${b.blockedUntil ?? '-'}`),
  });
  try {
    const first = await rejection(() => client.checkHog(1, { source: 'return 1', globals: {} }));
    assert.equal(first.retryAfterSeconds, 30);
    const second = await rejection(() =>
      client.completeHog(1, { source: 'r', startPosition: 1, endPosition: 1, globals: {} }),
    );
    assert.equal(second.kind, 'rate_limited');
    assert.equal(second.retryAfterSeconds, 30);
    assert.equal(server.requests.length, 1, 'the pause is kept locally');
    assert.ok(budgets.includes('query:30000'), 'the status bar hears of the pause');
    // Other endpoints are not paused.
    now += 31_000;
    await rejection(() => client.checkHog(1, { source: 'return 1', globals: {} }));
    assert.equal(server.requests.length, 2, 'after the wait the pool sends again');
  } finally {
    await client.dispose();
    await server.close();
  }
});
