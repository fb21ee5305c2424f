// The local PostHog's hog function endpoints behave as PostHog's: filters, secrets, soft delete, 409s, invocations, logs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P, call, useFake } from './helpers';

const EVENT = {
  uuid: '0190f0b2-0000-7000-8000-000000000001',
  event: '$pageview',
  distinct_id: 'user-1',
  timestamp: '2026-05-01T12:00:00Z',
  elements_chain: '',
  url: 'https://us.posthog.com/events/1',
  properties: { $current_url: 'https://example.com' },
};

describe('fake PostHog: hog functions', () => {
  const fake = useFake();
  const byName = (name: string) => {
    const fn = fake().state.hogFunctions.find((f) => f.name === name);
    assert.ok(fn, name);
    return fn;
  };

  it('lists with the minimal serializer, ordered by execution order, excluding deleted and warehouse functions', async () => {
    const r = await call(fake(), 'GET', `${P}/hog_functions/`);
    assert.equal(r.status, 200);
    assert.equal(r.body.count, r.body.results.length);
    const names = r.body.results.map((f: { name: string }) => f.name);
    const transformations = ['GeoIP enrichment', 'Drop bot events', 'Hash email addresses'];
    assert.deepEqual(
      names.filter((n: string) => transformations.includes(n)),
      transformations,
    );
    assert.ok(
      names.indexOf('Hash email addresses') < names.indexOf('Slack: new paying customer'),
      'functions with an execution order come first',
    );
    assert.ok(!names.includes('Old Zapier hook'));
    assert.ok(!names.includes('Warehouse: Stripe'));
    assert.equal('inputs' in r.body.results[0], false);
    assert.equal('bytecode' in r.body.results[0], false);
    const full = await call(fake(), 'GET', `${P}/hog_functions/?full=true&limit=1`);
    assert.ok('inputs' in full.body.results[0]);
    assert.equal(full.body.next, `${fake().url}${P}/hog_functions/?full=true&limit=1&offset=1`);
  });

  it('filters ?type= with SQL IN: a function whose type is null is in the full list but in no list asked by type', async () => {
    const legacy = 'Legacy webhook (no type)';
    const all = await call(fake(), 'GET', `${P}/hog_functions/`);
    assert.ok(
      all.body.results.some((f: { name: string; type: string | null }) => f.name === legacy && f.type === null),
    );
    const destinations = await call(fake(), 'GET', `${P}/hog_functions/?type=destination`);
    assert.ok(destinations.body.results.length > 0);
    assert.ok(!destinations.body.results.some((f: { name: string }) => f.name === legacy));
  });

  it('filters by type list, enabled and search', async () => {
    const types = await call(fake(), 'GET', `${P}/hog_functions/?type=site_destination,site_app`);
    assert.deepEqual(types.body.results.map((f: { type: string }) => f.type).sort(), ['site_app', 'site_destination']);
    const disabled = await call(fake(), 'GET', `${P}/hog_functions/?enabled=false`);
    assert.deepEqual(disabled.body.results.map((f: { name: string | null }) => f.name).sort(), [
      'Webhook: billing service',
      null,
    ]);
    const ignored = await call(fake(), 'GET', `${P}/hog_functions/?enabled=true,false`);
    assert.ok(ignored.body.count > disabled.body.count);
    const search = await call(fake(), 'GET', `${P}/hog_functions/?search=slack`);
    assert.equal(search.body.results[0].search_match_type, 'exact');
    assert.ok(
      search.body.results.every((f: { name: string; description: string }) => /slack/i.test(f.name + f.description)),
    );
    const long = await call(fake(), 'GET', `${P}/hog_functions/?search=${'a'.repeat(201)}`);
    assert.deepEqual(long.body, {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'Search query must be 200 characters or fewer.',
      attr: 'search',
    });
  });

  it('hides secrets, and keeps them when {"secret": true} is sent back', async () => {
    const slack = byName('Slack: new paying customer');
    const r = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/`);
    assert.deepEqual(r.body.inputs.webhook_url, { secret: true });
    assert.ok(!r.text.includes('seed-secret-value'));
    const patched = await call(fake(), 'PATCH', `${P}/hog_functions/${slack.id}/`, {
      body: { inputs: { ...r.body.inputs, text: { value: 'Hello' } } },
    });
    assert.equal(patched.status, 200);
    assert.equal(
      slack.encrypted_inputs.webhook_url?.value,
      'https://hooks.slack.com/services/T000/B000/seed-secret-value',
    );
    assert.equal(slack.inputs.text?.value, 'Hello');
  });

  it('shows status {state: 0, tokens: 0} for disabled functions', async () => {
    const billing = byName('Webhook: billing service');
    const r = await call(fake(), 'GET', `${P}/hog_functions/${billing.id}/`);
    assert.deepEqual(r.body.status, { state: 0, tokens: 0 });
    const enabled = await call(fake(), 'PATCH', `${P}/hog_functions/${billing.id}/`, { body: { enabled: true } });
    assert.deepEqual(enabled.body.status.state, 2, 'a disabled (3) function is reset to degraded when enabled');
  });

  it('creates with defaults, version 1 and a created activity entry', async () => {
    const r = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: {
        type: 'destination',
        name: 'Fetch URL',
        hog: 'fetch(inputs.url);',
        inputs_schema: [{ key: 'url', type: 'string', required: true }],
        inputs: { url: { value: 'https://example.com' } },
      },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.enabled, false);
    assert.equal(r.body.version, 1);
    assert.equal(r.body.execution_order, null);
    assert.deepEqual(r.body.filters, { source: 'events', bytecode: ['_H', 1, 29] });
    const entry = fake().state.activity.find((a) => a.item_id === r.body.id);
    assert.equal(entry?.activity, 'created');
    assert.equal(entry?.detail.type, 'destination');
    const transformation = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: { type: 'transformation', name: 'T', hog: 'return event;' },
    });
    assert.equal(transformation.body.execution_order, 4);
  });

  it('validates creates and updates', async () => {
    const post = (body: unknown) => call(fake(), 'POST', `${P}/hog_functions/`, { body });
    assert.deepEqual((await post({ type: 'destination', name: 'x', hog: 'fetch(inputs.url' })).body, {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'Hog code has errors.',
      attr: 'hog',
    });
    assert.equal(
      (await post({ type: 'destination', name: 'x', hog: "print('unterminated)" })).body.detail,
      'Hog code has errors.',
    );
    assert.equal(
      (await post({ type: 'destination', name: 'x', hog: 'let x := 1 @ 2' })).body.detail,
      'Hog code has errors.',
    );
    assert.equal(
      (await post({ type: 'destination', name: 'x', hog: `// ${'x'.repeat(101 * 1024)}` })).body.detail,
      'HOG code exceeds maximum size of 100KB.',
    );
    assert.equal((await post({ type: 'destination', name: 'x' })).body.attr, 'hog');
    assert.equal(
      (await post({ type: 'destination', name: 'x', hog: 'return 1', inputs_schema: [{ key: 'u', type: 'bogus' }] }))
        .body.attr,
      'inputs_schema__0__type',
    );
    assert.equal(
      (
        await post({
          type: 'destination',
          name: 'x',
          hog: 'return 1',
          inputs_schema: [{ key: 'u', type: 'string', required: true }],
          inputs: {},
        })
      ).body.attr,
      'inputs__u',
    );
    assert.equal(
      (await post({ type: 'transformation', name: 'x', hog: 'return event', mappings: [] })).body.attr,
      'mappings',
    );
    const geo = byName('GeoIP enrichment');
    const typeChange = await call(fake(), 'PATCH', `${P}/hog_functions/${geo.id}/`, { body: { type: 'destination' } });
    assert.equal(typeChange.body.detail, 'Cannot modify the type of an existing function');
  });

  it('soft deletes and undeletes through PATCH, ignoring read-only fields', async () => {
    const fn = byName('Drop bot events');
    const del = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, {
      body: { deleted: true, id: 'ignored', created_at: '2000-01-01T00:00:00Z' },
    });
    assert.equal(del.status, 200);
    assert.equal('deleted' in del.body, false);
    assert.equal(del.body.id, fn.id);
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/${fn.id}/`)).status, 404);
    assert.equal((await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: { name: 'x' } })).status, 404);
    const undelete = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: { deleted: false } });
    assert.equal(undelete.status, 200);
    const entries = fake().state.activity.filter((a) => a.item_id === fn.id && a.activity === 'updated');
    const fields = entries
      .flatMap((a) => a.detail.changes ?? [])
      .map((c) => `${c.field}:${String(c.before)}->${String(c.after)}`);
    assert.ok(fields.includes('deleted:false->true'));
    assert.ok(fields.includes('deleted:true->false'));
  });

  it('answers 404 for malformed and unknown ids, and 409 for a stale base_updated_at', async () => {
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/not-a-uuid/`)).status, 404);
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/00000000-0000-4000-8000-000000000000/`)).status, 404);
    const fn = byName('Hash email addresses');
    const stale = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, {
      body: { name: 'x', base_updated_at: '2020-01-01T00:00:00Z' },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'stale_update');
  });

  it("runs invocations in PostHog's VM: logs per print, two per mocked fetch, errors on throw, skipped by filters", async () => {
    const configuration = {
      type: 'destination',
      hog: "print('hello', event.event);\nfetch(inputs.url, {'method': 'POST'});",
      inputs_schema: [{ key: 'url', type: 'string', required: true }],
      inputs: { url: { value: 'https://example.com/hook' } },
      filters: {},
    };
    const r = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration, globals: { event: EVENT }, mock_async_functions: true },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'success');
    assert.deepEqual(r.body.errors, []);
    assert.deepEqual(
      r.body.logs.map((l: { level: string }) => l.level),
      ['debug', 'info', 'info', 'info', 'debug'],
    );
    assert.equal(r.body.logs[0].message, 'Executing function');
    assert.equal(r.body.logs[1].message, 'hello, $pageview');
    assert.equal(r.body.logs[2].message, "Async function 'fetch' was mocked with arguments:");
    assert.equal(r.body.logs[3].message, `fetch('https://example.com/hook', {\n  "method": "POST"\n})`);
    assert.match(r.body.logs[4].message, /^Function completed in/);
    assert.match(r.body.logs[0].timestamp, /\+00:00$/);

    const thrown = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { ...configuration, hog: "throw Error('boom')" }, globals: { event: EVENT } },
    });
    assert.equal(thrown.body.status, 'error');
    assert.deepEqual(thrown.body.errors, ['boom']);
    const skipped = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { ...configuration, filters: { events: [{ id: 'signup' }] } }, globals: { event: EVENT } },
    });
    assert.equal(skipped.body.status, 'skipped');
    assert.deepEqual(
      skipped.body.logs.map((l: { message: string }) => l.message),
      ['Mapping trigger not matching filters was ignored.'],
    );
    const byProperty = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: {
        configuration: {
          ...configuration,
          filters: {
            events: [
              {
                id: '$pageview',
                properties: [{ key: '$current_url', value: 'example.com', operator: 'icontains', type: 'event' }],
              },
            ],
          },
        },
        globals: { event: EVENT },
      },
    });
    assert.equal(byProperty.body.status, 'success', 'an event filter with a matching property runs');
  });

  it('renders templated inputs with the globals and runs one invocation per matching mapping', async () => {
    const configuration = {
      type: 'destination',
      hog: "fetch(inputs.url, {'body': {'who': inputs.who, 'mapping': inputs.name}})",
      inputs_schema: [
        { key: 'url', type: 'string', required: true },
        { key: 'who', type: 'string' },
      ],
      inputs: {
        url: { value: 'https://example.com/{event.event}' },
        who: { value: '{person.properties.email}', templating: 'hog' },
      },
      mappings: [
        {
          name: 'Page views',
          inputs_schema: [{ key: 'name', type: 'string' }],
          inputs: { name: { value: 'pv' } },
          filters: { events: [{ id: '$pageview' }] },
        },
        {
          name: 'Sign-ups',
          inputs_schema: [{ key: 'name', type: 'string' }],
          inputs: { name: { value: 'signup' } },
          filters: { events: [{ id: 'signed up' }] },
        },
      ],
    };
    const r = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: {
        configuration,
        globals: { event: EVENT, person: { id: 'p1', properties: { email: 'ada@example.com' } } },
      },
    });
    assert.equal(r.body.status, 'success');
    const calls = r.body.logs.filter((l: { message: string }) => l.message.startsWith('fetch('));
    assert.deepEqual(
      calls.map((l: { message: string }) => l.message),
      [
        `fetch('https://example.com/$pageview', ${JSON.stringify({ body: { who: 'ada@example.com', mapping: 'pv' } }, null, 2)})`,
      ],
    );
    assert.ok(
      r.body.logs.some((l: { message: string }) => l.message === 'Mapping trigger not matching filters was ignored.'),
    );
  });

  it("returns a transformation's event as ingestion applies it, and null when it drops the event", async () => {
    const event = { ...EVENT, properties: { $browser: 'Chrome', $ip: '89.160.20.112', email: 'ada@example.com' } };
    const changed = await call(fake(), 'POST', `${P}/hog_functions/${byName('GeoIP enrichment').id}/invocations/`, {
      body: { configuration: { hog: byName('GeoIP enrichment').hog }, globals: { event } },
    });
    assert.equal(changed.body.status, 'success');
    assert.equal(changed.body.result.properties.$geoip_city_name, 'Linköping');
    assert.equal(changed.body.result.properties.$browser, 'Chrome');
    assert.equal(changed.body.result.uuid, EVENT.uuid);
    assert.equal(changed.body.result.ip, '89.160.20.112');
    const renamed = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: {
        configuration: {
          type: 'transformation',
          hog: "let e := event; e.event := 'renamed'; e.properties.x := 1; return e",
        },
        globals: { event },
      },
    });
    assert.equal(renamed.body.result.event, 'renamed');
    assert.equal(renamed.body.result.properties.x, 1);
    const dropped = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { type: 'transformation', hog: 'return null' }, globals: { event } },
    });
    assert.deepEqual([dropped.body.status, dropped.body.result], ['success', null]);
    const failed = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { type: 'transformation', hog: "throw Error('nope')" }, globals: { event } },
    });
    assert.deepEqual(
      [failed.body.status, failed.body.errors, failed.body.result.properties],
      ['error', ['nope'], event.properties],
    );
    const noFetch = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: {
        configuration: { type: 'transformation', hog: "fetch('https://x.test'); return event" },
        globals: { event },
      },
    });
    assert.equal(noFetch.body.status, 'error', 'transformations cannot call fetch');
  });

  it('returns raw bodies for invocation errors', async () => {
    const noEvent = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { type: 'destination', hog: 'return 1' }, globals: {} },
    });
    assert.deepEqual([noEvent.status, noEvent.body], [400, { status: 'error', errors: ['Missing event'] }]);
    const broken = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { type: 'destination', hog: 'fetch(' }, globals: { event: EVENT } },
    });
    assert.deepEqual([broken.status, broken.body], [400, { configuration: { hog: ['Hog code has errors.'] } }]);
    const input = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: {
        configuration: {
          type: 'destination',
          hog: 'return 1',
          inputs_schema: [{ key: 'url', type: 'string', required: true }],
          inputs: {},
        },
        globals: { event: EVENT },
      },
    });
    assert.deepEqual(input.body, { configuration: { inputs: { url: ['This field is required.'] } } });
  });

  it('lists logs newest first by time, also when one falls on a whole second (written without a fraction)', async () => {
    const slack = byName('Slack: new paying customer');
    const entry = (timestamp: string, message: string) => ({
      log_source_id: slack.id,
      instance_id: 'i',
      timestamp,
      level: 'INFO' as const,
      message,
    });
    fake().state.logs.push(
      entry('2030-01-01T00:00:00.999000Z', 'first'),
      entry('2030-01-01T00:00:01Z', 'second'),
      entry('2030-01-01T00:00:01.001000Z', 'third'),
    );
    const logs = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/logs/?limit=3`);
    assert.deepEqual(
      logs.body.results.map((l: { message: string }) => l.message),
      ['third', 'second', 'first'],
    );
    fake().state.logs.splice(-3);
  });

  it('keeps no logs of a test invocation (PostHog stores nothing for it), and serves logs and metrics', async () => {
    const slack = byName('Slack: new paying customer');
    const before = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/logs/?limit=500`);
    const r = await call(fake(), 'POST', `${P}/hog_functions/${slack.id}/invocations/`, {
      body: {
        configuration: {
          hog: slack.hog,
          inputs: { webhook_url: { secret: true }, text: { value: 'hi' } },
          filters: {},
        },
        globals: { event: EVENT },
      },
    });
    assert.equal(r.body.status, 'success');
    assert.match(r.body.logs[2].message, /seed-secret-value/, 'the stored secret is used for the run');
    const afterLogs = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/logs/?limit=500`);
    assert.equal(afterLogs.body.count, before.body.count);
    const timestamps = afterLogs.body.results.map((l: { timestamp: string }) => l.timestamp);
    assert.deepEqual(timestamps, [...timestamps].sort().reverse());
    const errors = await call(
      fake(),
      'GET',
      `${P}/hog_functions/${byName('HubSpot: sync organizations').id}/logs/?level=error,warn`,
    );
    assert.ok(errors.body.results.length > 0);
    assert.ok(errors.body.results.every((l: { level: string }) => ['ERROR', 'WARN'].includes(l.level)));
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/logs/?limit=501`)).status, 400);

    const metrics = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/?after=-7d`);
    assert.equal(metrics.body.labels.length, 8);
    assert.deepEqual(
      metrics.body.series.map((s: { name: string }) => s.name),
      ['billing', 'failure', 'other', 'success'],
    );
    const totals = await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/totals/`);
    assert.deepEqual(Object.keys(totals.body.totals).sort(), ['billing', 'failure', 'other', 'success']);
    assert.equal(
      (await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/?interval=month`)).body.attr,
      'interval',
    );
  });
});
