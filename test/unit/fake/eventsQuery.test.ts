// The local PostHog's EventsQuery (`POST query/`): PostHog's columns, row shapes, time window, filters and paging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, P, useFake } from './helpers';

const query = (extra: Record<string, unknown>) => ({
  query: { kind: 'EventsQuery', select: ['*', 'person'], orderBy: ['timestamp DESC'], after: '-7d', ...extra },
});

describe('fake PostHog: EventsQuery', () => {
  const fake = useFake();

  it("answers PostHog's shape: columns, types, one object per event for `*` and the person for `person`, newest first", async () => {
    const { status, body } = await call(fake(), 'POST', `${P}/query/`, { body: query({ limit: 3 }) });
    assert.equal(status, 200);
    assert.deepEqual(body.columns, ['*', 'person']);
    assert.equal(body.types.length, 2);
    assert.equal(body.results.length, 3);
    assert.equal(body.hasMore, true);
    assert.deepEqual([body.limit, body.offset], [3, 0]);
    const [event, person] = body.results[0];
    assert.deepEqual(Object.keys(event), [
      'uuid',
      'event',
      'properties',
      'timestamp',
      'team_id',
      'distinct_id',
      'elements_chain',
      'created_at',
      'person_mode',
    ]);
    assert.equal(event.event, '$pageview');
    assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    assert.deepEqual(Object.keys(person), ['uuid', 'created_at', 'properties', 'distinct_id']);
    assert.equal(person.properties.email, 'ada@example.com');
    const times = body.results.map((r: [{ timestamp: string }]) => Date.parse(r[0].timestamp));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const next = await call(fake(), 'POST', `${P}/query/`, { body: query({ limit: 3, offset: 3 }) });
    assert.notEqual(next.body.results[0][0].uuid, body.results[2][0].uuid);
    const anonymous = (
      await call(fake(), 'POST', `${P}/query/`, {
        body: query({ event: '$pageview', where: ["distinct_id = 'crawler-bot'"] }),
      })
    ).body.results;
    assert.deepEqual(
      anonymous.map((r: unknown[]) => r[1]),
      [{ distinct_id: 'crawler-bot' }],
      'an event without a person has only its distinct id',
    );
  });

  it('filters as a hog function test does: fixed property groups with HogQL, event and person properties, actions', async () => {
    const names = async (extra: Record<string, unknown>) =>
      (await call(fake(), 'POST', `${P}/query/`, { body: query(extra) })).body.results.map(
        (r: [{ event: string }]) => r[0].event,
      );
    const byEvent = {
      type: 'AND',
      values: [
        { type: 'OR', values: [{ type: 'AND', values: [{ type: 'hogql', key: "event = 'subscription_started'" }] }] },
      ],
    };
    assert.deepEqual(
      await names({ fixedProperties: [byEvent] }),
      ['subscription_started', 'subscription_started'],
      'the third is nine days old',
    );
    const withProperty = {
      type: 'AND',
      values: [
        {
          type: 'OR',
          values: [
            {
              type: 'AND',
              values: [
                { key: 'plan', value: 'enterprise', operator: 'exact', type: 'event' },
                { type: 'hogql', key: "event = 'subscription_started'" },
              ],
            },
          ],
        },
      ],
    };
    assert.deepEqual(await names({ fixedProperties: [withProperty] }), ['subscription_started']);
    assert.deepEqual(
      await names({
        properties: [{ key: 'email', value: 'grace', operator: 'icontains', type: 'person' }],
        event: 'plan_changed',
      }),
      ['plan_changed'],
    );
    assert.deepEqual(await names({ fixedProperties: [{ type: 'hogql', key: 'matchesAction(1)' }], after: '-24h' }), [
      'subscription_started',
      'plan_changed',
      'subscription_started',
    ]);
    assert.deepEqual(await names({ actionId: 2 }), ['$pageview', '$pageview']);
    assert.deepEqual(await names({ fixedProperties: [{ type: 'hogql', key: 'false' }] }), []);
  });

  it('keeps to the time window: the last 24 hours unless `after` says otherwise, never the future', async () => {
    const day = (
      await call(fake(), 'POST', `${P}/query/`, {
        body: { query: { kind: 'EventsQuery', select: ['event', 'timestamp'] } },
      })
    ).body.results;
    const week = (await call(fake(), 'POST', `${P}/query/`, { body: query({ select: ['event'] }) })).body.results;
    assert.ok(day.length > 0 && week.length > day.length, `${day.length} in a day, ${week.length} in a week`);
    assert.ok(day.every((r: [string, string]) => Date.now() - Date.parse(r[1]) < 86400e3));
    const future = new Date(Date.now() + 3600e3).toISOString();
    await call(fake(), 'POST', '/_fake/events', {
      body: { events: [{ event: 'from the future', distinct_id: 'x', timestamp: future }] },
    });
    const all = (await call(fake(), 'POST', `${P}/query/`, { body: query({ select: ['event'], after: 'all' }) })).body
      .results;
    assert.ok(!all.some((r: [string]) => r[0] === 'from the future'));
  });

  it('evaluates other select columns, group tuples included, and refuses what PostHog refuses', async () => {
    const { body } = await call(fake(), 'POST', `${P}/query/`, {
      body: query({
        select: [
          'event',
          'properties.plan',
          'person.properties.email',
          'tuple(organization.created_at, organization.index, organization.key, organization.properties, organization.updated_at)',
        ],
        event: 'subscription_started',
        limit: 1,
      }),
    });
    const [event, plan, email, group] = body.results[0];
    assert.deepEqual([event, plan, email], ['subscription_started', 'growth', 'ada@example.com']);
    assert.deepEqual([group[1], group[2]], [0, 'org:1000']);
    assert.equal(typeof JSON.parse(group[3]).name, 'string');
    const extra = await call(fake(), 'POST', `${P}/query/`, { body: query({ nope: 1 }) });
    assert.equal(extra.status, 400);
    assert.match(extra.body.detail, /query\.EventsQuery\.nope\n {2}Extra inputs are not permitted/);
    const noSelect = await call(fake(), 'POST', `${P}/query/`, { body: { query: { kind: 'EventsQuery' } } });
    assert.match(noSelect.body.detail, /query\.EventsQuery\.select\n {2}Field required/);
    assert.equal((await call(fake(), 'POST', `${P}/query/`, { body: query({ actionId: 999 }) })).status, 400);
  });

  it('reads exact events by (uuid, timestamp), and refuses wide reads over too many events on a busy project', async () => {
    const keys = (
      await call(fake(), 'POST', `${P}/query/`, { body: query({ select: ['uuid', 'timestamp'], limit: 2 }) })
    ).body.results as [string, string][];
    assert.match(keys[0]![1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const utc = (t: string) =>
      `toDateTime64('${new Date(Date.parse(t)).toISOString().slice(0, 19).replace('T', ' ')}.${/\.(\d{6})/.exec(t)![1]}', 6, 'UTC')`;
    const where = `(uuid, timestamp) IN (${keys.map(([u, t]) => `('${u}', ${utc(t)})`).join(', ')})`;
    const exact = await call(fake(), 'POST', `${P}/query/`, { body: query({ where: [where], after: '-30d' }) });
    assert.deepEqual(
      exact.body.results.map((r: [{ uuid: string }]) => r[0].uuid),
      keys.map(([u]) => u),
    );
    fake().setWideQueryRowLimit(5);
    try {
      const wide = await call(fake(), 'POST', `${P}/query/`, { body: query({ limit: 1 }) });
      assert.deepEqual(
        [wide.status, wide.body],
        [
          400,
          {
            type: 'validation_error',
            code: 'memory_limit_exceeded',
            detail: 'Query exceeds memory limits. Try reducing its scope by changing the time range.',
            attr: null,
          },
        ],
      );
      assert.equal(
        (await call(fake(), 'POST', `${P}/query/`, { body: query({ select: ['uuid', 'timestamp'] }) })).status,
        200,
        'narrow columns fit',
      );
      assert.equal(
        (await call(fake(), 'POST', `${P}/query/`, { body: query({ where: [where], after: '-30d' }) })).status,
        200,
        'two exact rows fit',
      );
    } finally {
      fake().setWideQueryRowLimit(null);
    }
  });
});
