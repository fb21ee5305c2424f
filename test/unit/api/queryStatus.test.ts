// Query answers that are not results yet (posthog-api.md §10.1): a 202 with a status to poll, and a 429 from ClickHouse
// concurrency that names no wait. Neither may read as a schema error.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { rejection, testClient } from './helpers';

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('API client: query answers that are not results yet', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog({ seed: 'realistic' });
  });
  after(() => fake.close());
  afterEach(() => {
    fake.setAsyncQueries(null);
    fake.clearFaults();
    fake.clearRequests();
  });
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;
  const queryRequests = () =>
    fake.requests
      .filter((r) => r.path.includes('/query/'))
      .map((r) => `${r.method} ${r.path.replace(/query\/[0-9a-f]+\//, 'query/:id/')} ${r.status}`);

  it('polls a query PostHog answered 202 until its results are there (a check while typing)', async () => {
    fake.setAsyncQueries({ polls: 2 });
    const result = await client().checkHog(1, { source: 'lenght(1)', globals: {} });
    assert.deepEqual(
      result.errors.map((e) => e.message),
      ['Hog function `lenght` is not implemented'],
    );
    assert.deepEqual(queryRequests(), [
      'POST /api/projects/1/query/ 202',
      'GET /api/projects/1/query/:id/ 202',
      'GET /api/projects/1/query/:id/ 202',
      'GET /api/projects/1/query/:id/ 200',
    ]);
  });

  it('polls recent events the same way, never reading the status as results', async () => {
    fake.setAsyncQueries({ polls: 1 });
    const page = await client().listRecentEvents(1, { fixedProperties: [], after: '-30d', limit: 3, groupTypes: [] });
    assert.equal(page.results.length, 3);
    assert.ok(queryRequests().some((r) => r.startsWith('GET /api/projects/1/query/:id/ 200')));
  });

  it('stops polling when cancelled, and cancels the query on PostHog too', async () => {
    fake.setAsyncQueries({ polls: Infinity });
    const controller = new AbortController();
    const pending = client().listRecentEvents(
      1,
      { fixedProperties: [], after: '-30d', limit: 3, groupTypes: [] },
      { signal: controller.signal },
    );
    // Cancelled once PostHog has said it runs the query in the background.
    await until(() => queryRequests().some((r) => r.startsWith('GET ')));
    controller.abort();
    const error = await rejection(() => pending);
    assert.equal(error.kind, 'cancelled');
    await until(() => queryRequests().some((r) => r.startsWith('DELETE /api/projects/1/query/:id/')));
  });

  it('gives up on a query that never finishes with a timeout in words, not a schema error', async () => {
    fake.setAsyncQueries({ polls: Infinity });
    let now = 0;
    const { client: c } = testClient(fake.url, {
      getApiKey: () => fake.apiKey,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const error = await rejection(() => c.checkHog(1, { source: 'return 1', globals: {} }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /still running the query after 3 seconds/);
  });

  it('reads a 429 from ClickHouse concurrency (no wait in its text) as PostHog being busy', async () => {
    fake.addFault({ path: /\/query\/$/, kind: 'concurrency', times: 1 });
    const error = await rejection(() => client().checkHog(1, { source: 'return 1', globals: {} }));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.throttle, 'concurrency');
    assert.equal(error.retryAfterSeconds, undefined);
    assert.match(error.message, /PostHog is busy: too many queries of your organization are running at once/);
  });

  it('retries a query that is not typing-bound after a concurrency 429, and gets its results', async () => {
    fake.addFault({ path: /\/query\/$/, kind: 'concurrency', times: 2 });
    const page = await client().listRecentEvents(1, { fixedProperties: [], after: '-30d', limit: 2, groupTypes: [] });
    assert.equal(page.results.length, 2);
  });
});
