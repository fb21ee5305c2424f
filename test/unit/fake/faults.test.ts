// The local PostHog's injected faults, latency and rate limits, and its admin API.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { POSTHOG_RATE_LIMITS, startFakePostHog } from '../../fake-posthog/index';
import { RateLimiter } from '../../fake-posthog/faults';
import { P, call, useFake } from './helpers';

describe('fake PostHog: faults, latency, rate limits and the admin API', () => {
  const fake = useFake();
  const path = `${P}/hog_functions/`;

  it('injects status faults with PostHog server_error bodies, counting skip and times', async () => {
    fake().addFault({ path: 'hog_functions', kind: 'status', status: 503, skip: 1, times: 1 });
    assert.equal((await call(fake(), 'GET', path)).status, 200);
    const failed = await call(fake(), 'GET', path);
    assert.deepEqual(
      [failed.status, failed.body],
      [503, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null }],
    );
    assert.equal((await call(fake(), 'GET', path)).status, 200);
    fake().clearFaults();
  });

  it('matches faults by method', async () => {
    fake().addFault({ method: 'POST', path: /groups/, kind: 'status', status: 500 });
    assert.equal((await call(fake(), 'GET', `${P}/groups/?group_type_index=0`)).status, 200);
    assert.equal((await call(fake(), 'POST', `${P}/groups/`, { body: {} })).status, 500);
    fake().clearFaults();
  });

  it('matches faults by what the body contains: a check of one source, not of the text before it', async () => {
    fake().addFault({
      method: 'POST',
      path: /groups/,
      bodyIncludes: 'org:faulty',
      kind: 'status',
      status: 500,
      times: 1,
    });
    assert.notEqual((await call(fake(), 'POST', `${P}/groups/`, { body: { group_key: 'org:fine' } })).status, 500);
    assert.equal((await call(fake(), 'POST', `${P}/groups/`, { body: { group_key: 'org:faulty' } })).status, 500);
    fake().clearFaults();
  });

  it('injects throttles, invalid JSON, HTML pages and arbitrary bodies', async () => {
    fake().addFault({ path: 'hog_functions', kind: 'throttle', seconds: 7, times: 1 });
    const throttled = await call(fake(), 'GET', path);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), null);
    assert.equal(throttled.body.detail, 'Request was throttled. Expected available in 7 seconds.');

    fake().addFault({ path: 'hog_functions', kind: 'invalid-json', times: 1 });
    const broken = await call(fake(), 'GET', path);
    assert.equal(broken.status, 200);
    assert.equal(broken.headers.get('content-type'), 'application/json');
    assert.throws(() => JSON.parse(broken.text));

    fake().addFault({ path: 'hog_functions', kind: 'html', status: 200, times: 1 });
    const html = await call(fake(), 'GET', path);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.text, /^<!DOCTYPE html>/);

    fake().addFault({ path: 'hog_functions', kind: 'body', body: { results: null }, times: 1 });
    assert.deepEqual((await call(fake(), 'GET', path)).body, { results: null });
  });

  it('resets the connection', async () => {
    fake().addFault({ path: 'hog_functions', kind: 'reset', times: 1 });
    await assert.rejects(call(fake(), 'GET', path), TypeError);
    assert.equal(fake().requests.at(-1)?.status, 0);
  });

  it('hangs, and close() still ends the hung request', async () => {
    const own = await startFakePostHog({ seed: 'empty' });
    own.addFault({ path: '.*', kind: 'hang' });
    const outcome = new Promise<string>((resolve) => {
      const req = request(
        `${own.url}/api/projects/1/hog_functions/`,
        { headers: { Authorization: `Bearer ${own.apiKey}` } },
        () => resolve('answered'),
      );
      req.on('error', () => resolve('closed'));
    });
    const raced = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('still hanging'), 150))]);
    assert.equal(raced, 'still hanging');
    await own.close();
    assert.equal(await outcome, 'closed');
  });

  it('adds latency to every API response', async () => {
    fake().setLatency(120);
    const started = Date.now();
    await call(fake(), 'GET', path);
    assert.ok(Date.now() - started >= 110);
    fake().setLatency(0);
  });

  it('throttles per key with burst and sustained limits, without Retry-After', async () => {
    fake().setRateLimits({ burst: { limit: 3, windowMs: 10_000 }, sustained: { limit: 100, windowMs: 60_000 } });
    const key = fake().addKey(['*']);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(fake(), 'GET', path, { key })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const refused = await call(fake(), 'GET', path, { key });
    assert.equal(refused.headers.get('retry-after'), null);
    assert.match(refused.body.detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/);
    assert.equal(refused.body.type, 'throttled_error');
    assert.equal((await call(fake(), 'GET', path)).status, 200, 'another key has its own budget');
    fake().setRateLimits(false);
    assert.equal((await call(fake(), 'GET', path, { key })).status, 200);
  });

  it('throttles the query endpoint in pools of its own: ClickHouse queries apart from the API, HogQLQuery apart from both', async () => {
    const key = fake().addKey(['*']);
    const query = (kind: string) =>
      call(fake(), 'POST', `${P}/query/`, {
        key,
        body: { query: kind === 'EventsQuery' ? { kind, select: ['uuid'], limit: 1 } : { kind, query: 'select 1' } },
      });
    fake().setRateLimits({
      burst: { limit: 2, windowMs: 60_000 },
      sustained: { limit: 100, windowMs: 3_600_000 },
      queryBurst: { limit: 1, windowMs: 60_000 },
      hogql: { limit: 1, windowMs: 3_600_000 },
    });
    try {
      assert.equal((await query('EventsQuery')).status, 200);
      const refused = await query('EventsQuery');
      assert.equal(refused.status, 429);
      assert.match(refused.body.detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/);
      // The API pool is untouched by queries, and the other way round.
      assert.equal((await call(fake(), 'GET', path, { key })).status, 200);
      assert.equal((await call(fake(), 'GET', path, { key })).status, 200);
      assert.equal((await call(fake(), 'GET', path, { key })).status, 429);
      // HogQLQuery counts against its own 120/hour (here 1) only: the fake PostHog cannot run it, but throttles it first.
      assert.equal((await query('HogQLQuery')).status, 400);
      assert.equal((await query('HogQLQuery')).status, 429);
    } finally {
      fake().setRateLimits(false);
    }
  });

  it("keeps PostHog's own query limits where a test sets only the API's: 240 a minute, then 429", () => {
    const limiter = new RateLimiter({
      burst: { limit: 1, windowMs: 60_000 },
      sustained: { limit: 10, windowMs: 3_600_000 },
    });
    for (let i = 0; i < 240; i++) assert.equal(limiter.check('k', 'query', 1000), null);
    assert.ok(Number(limiter.check('k', 'query', 1000)) > 0);
    const hourly = new RateLimiter({ ...POSTHOG_RATE_LIMITS, queryBurst: { limit: 10_000, windowMs: 60_000 } });
    for (let i = 0; i < 1200; i++) assert.equal(hourly.check('k', 'query', 1000), null);
    assert.ok(Number(hourly.check('k', 'query', 1000)) > 0, '1,200 an hour');
    const apiQueries = new RateLimiter({
      burst: POSTHOG_RATE_LIMITS.burst,
      sustained: POSTHOG_RATE_LIMITS.sustained,
      queryBurst: { limit: 10_000, windowMs: 60_000 },
      apiQueries: true,
    });
    for (let i = 0; i < 2400; i++)
      assert.equal(apiQueries.check('k', 'hogql', 1000), null, 'with API queries, HogQLQuery counts in the 2,400');
    assert.ok(Number(apiQueries.check('k', 'query', 1000)) > 0);
  });

  it('records API requests but not admin calls', async () => {
    fake().clearRequests();
    await call(fake(), 'GET', `${path}?limit=1`);
    await fetch(`${fake().url}/_fake/info`);
    assert.equal(fake().requests.length, 1);
    const [entry] = fake().requests;
    assert.deepEqual(
      [entry?.method, entry?.path, entry?.query, entry?.status, entry?.hadAuthorization],
      ['GET', path, 'limit=1', 200, true],
    );
  });

  it('offers the same controls over HTTP under /_fake/', async () => {
    const admin = (method: string, p: string, body?: unknown) =>
      fetch(`${fake().url}/_fake/${p}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const info = await (await admin('GET', 'info')).json();
    assert.deepEqual(info, { url: fake().url, apiKey: fake().apiKey, projectId: 1 });
    const { id } = await (
      await admin('POST', 'faults', { path: 'groups_types', kind: 'status', status: 502, times: 1 })
    ).json();
    assert.ok(id);
    assert.equal((await call(fake(), 'GET', `${P}/groups_types/`)).status, 502);
    assert.equal((await admin('DELETE', 'faults')).status, 204);
    const { key } = await (await admin('POST', 'keys', { scopes: ['group:read'] })).json();
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/`, { key })).status, 403);
    const requests = await (await admin('GET', 'requests')).json();
    assert.ok(requests.length > 0);
    assert.equal((await admin('DELETE', 'requests')).status, 204);
    assert.equal(fake().requests.length, 0);

    assert.equal((await admin('POST', 'seed-groups', { group_type_index: 3, count: 150 })).status, 204);
    const page = await call(fake(), 'GET', `${P}/groups/?group_type_index=3`);
    assert.equal(page.body.results.length, 100);
    const group = await (await admin('GET', 'group?group_type_index=0&group_key=org:1000')).json();
    assert.equal(typeof group.pk, 'number');
    const deleted = fake().state.hogFunctions.find((f) => f.deleted);
    const fn = await (await admin('GET', `hog-function?id=${deleted?.id}`)).json();
    assert.equal(fn.deleted, true);
    const slack = fake().state.hogFunctions.find((f) => f.name === 'Slack: new paying customer');
    const raw = await (await admin('GET', `hog-function?id=${slack?.id}`)).json();
    assert.match(raw.encrypted_inputs.webhook_url.value, /seed-secret-value/);
    const state = await (await admin('GET', 'state')).json();
    assert.ok(Array.isArray(state.groups) && state.groups.length > 300);
    assert.equal(JSON.stringify(state.keys).includes(fake().apiKey), false);

    assert.equal((await admin('POST', 'reset', { seed: 'empty' })).status, 204);
    assert.deepEqual((await call(fake(), 'GET', `${P}/groups_types/`)).body, []);
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/`)).body.count, 0);
    await admin('POST', 'latency', { ms: 0 });
    assert.equal((await admin('POST', 'rate-limits', false)).status, 204);
  });

  it('seeds the same data on every start at the same time', async () => {
    // Hog function runs are seeded back from the start time, so "the last 24 hours" always has data.
    const now = Date.now();
    const a = await startFakePostHog({ now });
    const b = await startFakePostHog({ now });
    try {
      const strip = (s: typeof a.state) => JSON.stringify({ ...s, keys: null });
      assert.equal(strip(a.state), strip(b.state));
      assert.equal(a.state.groups.filter((g) => g.project_id === 1 && g.group_type_index === 0).length, 300);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
