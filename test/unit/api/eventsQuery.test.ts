// The client's recent events (EventsQuery on POST query/) against the local PostHog, and rows it cannot read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { json, rejection, startServer, testClient } from './helpers';

const byEvent = (name: string) => ({ type: 'AND', values: [{ type: 'OR', values: [{ type: 'AND', values: [{ type: 'hogql', key: `event = '${name}'` }] }] }] });

describe('API client: recent events (POST query/ EventsQuery)', () => {
  let fake: FakePostHog;
  before(async () => { fake = await startFakePostHog(); });
  after(() => fake.close());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;

  it('reads each event with its person and its groups, newest first', async () => {
    const page = await client().listRecentEvents(1, { fixedProperties: [byEvent('subscription_started')], after: '-7d', limit: 1, groupTypes: ['organization', 'workspace'] });
    assert.equal(page.results.length, 1);
    assert.equal(page.hasMore, true);
    assert.deepEqual(page.unreadable, []);
    const [row] = page.results;
    assert.equal(row?.event.event, 'subscription_started');
    assert.equal(row?.event.properties.plan, 'growth');
    assert.equal(row?.person?.properties.email, 'ada@example.com');
    assert.equal(row?.groups.organization?.key, 'org:1000');
    assert.equal(typeof row?.groups.organization?.properties.name, 'string');
    assert.equal(row?.groups.workspace, undefined, 'no workspace on that event');
  });

  it('names query:read when the key lacks it', async () => {
    const key = fake.addKey(['hog_function:write']);
    const error = await rejection(() => testClient(fake.url, { getApiKey: () => key }).client.listRecentEvents(1, { fixedProperties: [], after: '-7d', limit: 5, groupTypes: [] }));
    assert.equal(error.kind, 'missing_scope');
    assert.match(error.message, /query:read/);
  });

  it('reports a row it cannot read and keeps the others; an answer without results is an error', async () => {
    const good = { uuid: 'u1', event: '$pageview', distinct_id: 'd', timestamp: '2026-12-01T10:00:00.000000+00:00', properties: null };
    const server = await startServer((req, res) => {
      const { query } = JSON.parse(req.body);
      if (query.limit === 1) json(res, 200, { columns: query.select });
      else json(res, 200, { columns: query.select, results: [[good, { distinct_id: 'd' }], [{ ...good, uuid: null }, null], 'not a row'], hasMore: null });
    });
    try {
      const c = testClient(server.url).client;
      const page = await c.listRecentEvents(1, { fixedProperties: [], after: '-7d', limit: 10, groupTypes: [] });
      assert.deepEqual(page.results.map((r) => [r.event.uuid, r.event.properties, r.person?.distinct_id]), [['u1', {}, 'd']]);
      assert.deepEqual(page.unreadable.map((u) => [u.index, u.field]), [[1, '0.uuid'], [2, '']]);
      assert.equal(page.hasMore, false);
      const body = JSON.parse(server.requests[0]?.body ?? '{}');
      assert.deepEqual(body.query.select, ['*', 'person']);
      assert.deepEqual(body.query.orderBy, ['timestamp DESC']);
      const broken = await rejection(() => c.listRecentEvents(1, { fixedProperties: [], after: '-7d', limit: 1, groupTypes: [] }));
      assert.equal(broken.kind, 'invalid_response');
    } finally {
      await server.close();
    }
  });
});
