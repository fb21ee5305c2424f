// The local PostHog carries data as messy as real projects' (posthog-api.md 9.1) and PostHog's per-type test-run rules
// (9.3), and can behave like an older self-hosted release that ignores base_updated_at (9.5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P, call, useFake } from './helpers';

describe('fake PostHog: real data', () => {
  const fake = useFake();
  const byName = (name: string | null) => {
    const fn = fake().state.hogFunctions.find((f) => f.name === name && f.project_id === 1);
    assert.ok(fn, String(name));
    return fn;
  };
  const invoke = (name: string | null, globals: Record<string, unknown>) => {
    const fn = byName(name);
    return call(fake(), 'POST', `${P}/hog_functions/${fn.id}/invocations/`, { body: { configuration: {}, globals } });
  };

  it('lists old rows as PostHog sends them: null type, name, status and created_by; filtering by type (SQL IN) leaves a null type out', async () => {
    const list = await call(fake(), 'GET', `${P}/hog_functions/`);
    const legacy = list.body.results.find((f: { name: string | null }) => f.name === 'Legacy webhook (no type)');
    assert.deepEqual([legacy.type, legacy.status, legacy.created_by], [null, null, null]);
    assert.ok(list.body.results.some((f: { name: string | null }) => f.name === null));
    const destinations = await call(fake(), 'GET', `${P}/hog_functions/?type=destination`);
    assert.ok(!destinations.body.results.some((f: { name: string | null }) => f.name === 'Legacy webhook (no type)'));
  });

  it('test-runs by type: log transformations need a record, site functions and webhook sources are refused', async () => {
    assert.deepEqual((await invoke('Redact emails in logs', { event: { event: 'x' } })).body, {
      status: 'error',
      errors: ['Missing record'],
    });
    const ran = await invoke('Redact emails in logs', {
      record: { body: 'mail ada@example.com', service_name: 'api' },
    });
    assert.equal(ran.body.status, 'success');
    for (const name of ['Intercom (site)', 'Maintenance banner', 'Stripe webhook source']) {
      const refused = await invoke(name, { event: { event: '$pageview' } });
      assert.deepEqual(
        [refused.status, refused.body],
        [400, { status: 'error', errors: ['Invalid function type'] }],
        name,
      );
    }
    assert.equal(
      (await invoke('Legacy webhook (no type)', { event: { event: '$pageview', properties: {} } })).body.status,
      'success',
      'a null type runs as a destination',
    );
  });

  it('saves a function without a type without asking to change its type', async () => {
    const fn = byName('Legacy webhook (no type)');
    const saved = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: { hog: 'return event' } });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.type, null);
  });

  it('an older release ignores base_updated_at and sends no version; the newest refuses a stale save', async () => {
    const fn = byName('Webhook: billing service');
    const stale = { hog: 'print(1)', base_updated_at: '2020-01-01T00:00:00Z' };
    assert.equal((await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: stale })).status, 409);
    fake().state.release = 'older';
    try {
      const saved = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: stale });
      assert.equal(saved.status, 200);
      assert.equal('version' in saved.body, false);
      assert.equal(fn.hog, 'print(1)');
    } finally {
      fake().state.release = 'newest';
    }
  });

  it('lists groups stored without properties with group_properties null, and a first property can be set', async () => {
    const list = await call(fake(), 'GET', `${P}/groups/?group_type_index=2`);
    const legacy = list.body.results.filter((g: { group_key: string }) => g.group_key.includes('legacy'));
    assert.equal(legacy.length, 2);
    assert.ok(legacy.every((g: { group_properties: unknown }) => g.group_properties === null));
    const query = new URLSearchParams({ group_type_index: '2', group_key: legacy[0].group_key });
    const updated = await call(fake(), 'POST', `${P}/groups/update_property/?${query}`, {
      body: { key: 'name', value: 'Legacy' },
    });
    assert.deepEqual(updated.body.group_properties, { name: 'Legacy' });
  });
});
