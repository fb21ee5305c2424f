// The rate limiter keeps requests within every window, in order, and the client goes through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/api';
import { startServer, json, testClient } from './helpers';

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
