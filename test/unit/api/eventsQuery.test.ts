// The client's recent events (EventsQuery on POST query/) against the local PostHog, and rows it cannot read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { clickhouseUtc } from '../../../src/api/eventsQuery';
import { recentEventWindows } from '../../../src/core/testing/recentEvents';
import { call } from '../fake/helpers';
import { json, rejection, startServer, testClient } from './helpers';

const byEvent = (name: string) => ({
  type: 'AND',
  values: [{ type: 'OR', values: [{ type: 'AND', values: [{ type: 'hogql', key: `event = '${name}'` }] }] }],
});

describe('API client: recent events (POST query/ EventsQuery)', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;

  it('reads each event with its person and its groups, newest first', async () => {
    const page = await client().listRecentEvents(1, {
      fixedProperties: [byEvent('subscription_started')],
      after: '-7d',
      limit: 1,
      groupTypes: ['organization', 'workspace'],
    });
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
    const error = await rejection(() =>
      testClient(fake.url, { getApiKey: () => key }).client.listRecentEvents(1, {
        fixedProperties: [],
        after: '-7d',
        limit: 5,
        groupTypes: [],
      }),
    );
    assert.equal(error.kind, 'missing_scope');
    assert.match(error.message, /query:read/);
  });

  it('reports a row it cannot read and keeps the others; an answer without results is an error', async () => {
    const good = {
      uuid: 'u1',
      event: '$pageview',
      distinct_id: 'd',
      timestamp: '2026-12-01T10:00:00.000000+00:00',
      properties: null,
    };
    const server = await startServer((req, res) => {
      const { query } = JSON.parse(req.body);
      if (query.select[0] === 'uuid')
        json(res, 200, {
          columns: query.select,
          results: [
            ['u1', good.timestamp],
            ['u2', good.timestamp],
            ['u3', good.timestamp],
          ].slice(0, query.limit),
          hasMore: null,
        });
      else if (query.limit === 1) json(res, 200, { columns: query.select });
      else
        json(res, 200, {
          columns: query.select,
          results: [[good, { distinct_id: 'd' }], [{ ...good, uuid: null }, null], 'not a row'],
          hasMore: null,
        });
    });
    try {
      const c = testClient(server.url).client;
      const page = await c.listRecentEvents(1, { fixedProperties: [], after: '-7d', limit: 10, groupTypes: [] });
      assert.deepEqual(
        page.results.map((r) => [r.event.uuid, r.event.properties, r.person?.distinct_id]),
        [['u1', {}, 'd']],
      );
      assert.deepEqual(
        page.unreadable.map((u) => [u.index, u.field]),
        [
          [1, '0.uuid'],
          [2, ''],
        ],
      );
      assert.equal(page.hasMore, false);
      const wide = JSON.parse(server.requests[1]?.body ?? '{}');
      assert.deepEqual(wide.query.select, ['*', 'person']);
      assert.deepEqual(wide.query.orderBy, ['timestamp DESC']);
      const broken = await rejection(() =>
        c.listRecentEvents(1, { fixedProperties: [], after: '-7d', limit: 1, groupTypes: [] }),
      );
      assert.equal(broken.kind, 'invalid_response');
    } finally {
      await server.close();
    }
  });

  it('asks the way the web app does: uuid and timestamp over widening windows until enough match, then the wide columns of exactly those', async () => {
    fake.clearRequests();
    const page = await client().listRecentEvents(1, {
      fixedProperties: [],
      filterTestAccounts: true,
      after: '-30d',
      windows: recentEventWindows('-30d'),
      limit: 8,
      groupTypes: ['organization'],
    });
    assert.equal(page.results.length, 8);
    assert.ok(page.results.every((r) => typeof r.event.properties === 'object'));
    assert.equal(page.results[0]?.person?.properties.email, 'ada@example.com');
    const bodies = fake.requests.filter((r) => r.path.endsWith('/query/')).map((r) => JSON.parse(r.body).query);
    // Six events in the last hour are not enough; the last six hours have ten.
    assert.deepEqual(bodies.map((b) => [b.select.join(','), b.after]).slice(0, 2), [
      ['uuid,timestamp', '-1h'],
      ['uuid,timestamp', '-6h'],
    ]);
    assert.equal(bodies.length, 3);
    const wide = bodies[2];
    assert.deepEqual(wide.select.slice(0, 2), ['*', 'person']);
    assert.equal(wide.fixedProperties, undefined, 'phase one already certified the filter');
    assert.equal(wide.filterTestAccounts, true);
    assert.equal(wide.limit, 8);
    assert.match(
      wide.where[0],
      /^\(uuid, timestamp\) IN \(\('[0-9a-f-]{36}', toDateTime64\('\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}', 6, 'UTC'\)\)/,
    );
    assert.ok(Date.parse(wide.before) - Date.parse(wide.after) < 6 * 3600e3, 'a window of those events only');
  });

  it('keeps working on a busy project where a wide query over days exceeds ClickHouse memory', async () => {
    fake.setWideQueryRowLimit(12);
    try {
      // One wide query over seven days reads sixteen events' wide columns: PostHog refuses it.
      const refused = await call(fake, 'POST', '/api/projects/1/query/', {
        body: { query: { kind: 'EventsQuery', select: ['*', 'person'], after: '-7d', limit: 10 } },
      });
      assert.equal(refused.status, 400);
      assert.equal(
        refused.body.detail,
        'Query exceeds memory limits. Try reducing its scope by changing the time range.',
      );
      const page = await client().listRecentEvents(1, {
        fixedProperties: [],
        after: '-7d',
        windows: recentEventWindows('-7d'),
        limit: 10,
        groupTypes: [],
      });
      assert.equal(page.results.length, 10);
      // And with the widest window alone (how the command asked so far), still two phases.
      const single = await client().listRecentEvents(1, {
        fixedProperties: [],
        after: '-7d',
        limit: 10,
        groupTypes: [],
      });
      assert.equal(single.results.length, 10);
    } finally {
      fake.setWideQueryRowLimit(null);
    }
  });

  it('finds nothing without a wide query when no window has a matching event', async () => {
    fake.clearRequests();
    const page = await client().listRecentEvents(1, {
      fixedProperties: [byEvent('no such event')],
      after: '-30d',
      windows: recentEventWindows('-30d'),
      limit: 5,
      groupTypes: [],
    });
    assert.deepEqual([page.results, page.hasMore], [[], false]);
    const bodies = fake.requests.filter((r) => r.path.endsWith('/query/')).map((r) => JSON.parse(r.body).query);
    assert.deepEqual(
      bodies.map((b) => b.after),
      ['-1h', '-6h', '-24h', '-7d', '-30d'],
    );
    assert.ok(bodies.every((b) => b.select.join(',') === 'uuid,timestamp'));
  });
});

describe("recent events: the windows of PostHog's web app", () => {
  it('tries -1h, -6h, -24h and -7d below the widest window, narrowest first', () => {
    assert.deepEqual(recentEventWindows('-30d'), ['-1h', '-6h', '-24h', '-7d', '-30d']);
    assert.deepEqual(recentEventWindows('-7d'), ['-1h', '-6h', '-24h', '-7d']);
    assert.deepEqual(recentEventWindows('-2h'), ['-1h', '-2h']);
    assert.deepEqual(recentEventWindows('-1h'), ['-1h']);
    assert.deepEqual(recentEventWindows('2026-11-01T00:00:00Z'), ['2026-11-01T00:00:00Z']);
  });

  it('names exact events for ClickHouse: UTC to the microsecond', () => {
    assert.equal(
      clickhouseUtc('2026-06-09T07:45:08.404000-07:00'),
      "toDateTime64('2026-06-09 14:45:08.404000', 6, 'UTC')",
    );
    assert.equal(
      clickhouseUtc('2026-06-09T14:45:08.4041+00:00'),
      "toDateTime64('2026-06-09 14:45:08.404100', 6, 'UTC')",
    );
    assert.equal(clickhouseUtc('2026-06-09T14:45:08Z'), "toDateTime64('2026-06-09 14:45:08.000000', 6, 'UTC')");
  });
});
