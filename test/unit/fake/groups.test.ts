// The local PostHog's group endpoints behave as PostHog's: cursor pages, search, create, property writes, activity.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P, call, useFake } from './helpers';

describe('fake PostHog: groups', () => {
  const fake = useFake({ seed: 'empty' });
  const seedType = (index: number, type: string) =>
    fake().state.groupTypes.push({
      project_id: 1,
      group_type: type,
      group_type_index: index,
      name_singular: null,
      name_plural: null,
      detail_dashboard: null,
      default_columns: null,
      created_at: null,
    });

  it('pages by keyset cursor, 100 at a time, next: null on an exact page of 100', async () => {
    fake().seedGroups(4, 100);
    const one = await call(fake(), 'GET', `${P}/groups/?group_type_index=4`);
    assert.equal(one.body.results.length, 100);
    assert.equal(one.body.next, null);
    assert.equal(one.body.previous, null);

    fake().seedGroups(4, 1);
    const first = await call(fake(), 'GET', `${P}/groups/?group_type_index=4`);
    assert.equal(first.body.results.length, 100);
    const next = new URL(first.body.next);
    assert.equal(next.origin, fake().url);
    assert.deepEqual([...next.searchParams.keys()], ['group_type_index', 'cursor']);
    const cursor = JSON.parse(Buffer.from(next.searchParams.get('cursor') ?? '', 'base64').toString());
    assert.deepEqual(Object.keys(cursor), ['c', 'k']);
    assert.equal(cursor.k, first.body.results[99].group_key);
    const second = await call(fake(), 'GET', `${next.pathname}${next.search}`);
    assert.equal(second.body.results.length, 1);
    assert.equal(second.body.next, null);
    const keys = [...first.body.results, ...second.body.results].map((g: { group_key: string }) => g.group_key);
    assert.equal(new Set(keys).size, 101);
  });

  it('builds next from the Host header the client used', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${fake().url}${P}/groups/?group_type_index=4`);
    const body = await new Promise<string>((resolve) => {
      request(url, { headers: { Host: 'posthog.example.test', Authorization: `Bearer ${fake().apiKey}` } }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve(text));
      }).end();
    });
    assert.match(
      JSON.parse(body).next,
      /^http:\/\/posthog\.example\.test\/api\/projects\/1\/groups\/\?group_type_index=4&cursor=/,
    );
  });

  it('ignores an undecodable cursor and returns the first page', async () => {
    const r = await call(fake(), 'GET', `${P}/groups/?group_type_index=4&cursor=not-a-cursor`);
    assert.equal(r.status, 200);
    assert.equal(r.body.results.length, 100);
  });

  it('orders by created_at then group_key, descending; search matches property JSON or the exact key', async () => {
    seedType(0, 'organization');
    for (const key of ['b', 'a', 'c']) {
      await call(fake(), 'POST', `${P}/groups/`, {
        body: { group_type_index: 0, group_key: key, group_properties: { industry: key === 'a' ? 'Finance' : 'tech' } },
      });
    }
    const same = fake().state.groups.filter((g) => g.group_type_index === 0);
    for (const g of same) g.created_at_us = 1_780_000_000_000_000;
    const list = await call(fake(), 'GET', `${P}/groups/?group_type_index=0`);
    assert.deepEqual(
      list.body.results.map((g: { group_key: string }) => g.group_key),
      ['c', 'b', 'a'],
    );
    const byProps = await call(fake(), 'GET', `${P}/groups/?group_type_index=0&search=finance`);
    assert.deepEqual(
      byProps.body.results.map((g: { group_key: string }) => g.group_key),
      ['a'],
    );
    const byName = await call(fake(), 'GET', `${P}/groups/?group_type_index=0&search=industry`);
    assert.equal(byName.body.results.length, 3);
    const byKey = await call(fake(), 'GET', `${P}/groups/?group_type_index=0&search=B`);
    assert.deepEqual(
      byKey.body.results.map((g: { group_key: string }) => g.group_key),
      ['b'],
    );
  });

  it('validates the list query', async () => {
    const missing = await call(fake(), 'GET', `${P}/groups/`);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.attr, 'group_type_index');
    assert.match(missing.body.detail, /^You must pass \?group_type_index= in this URL/);
    assert.equal(
      (await call(fake(), 'GET', `${P}/groups/?group_type_index=x`)).body.detail,
      'A valid integer is required.',
    );
  });

  it('creates groups with PostHog validation and one create_group entry per property', async () => {
    const created = await call(fake(), 'POST', `${P}/groups/`, {
      body: { group_type_index: 0, group_key: 'org:5', group_properties: { name: 'Mr. Krabs', industry: 'finance' } },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body), ['group_type_index', 'group_key', 'group_properties', 'created_at']);
    const dup = await call(fake(), 'POST', `${P}/groups/`, { body: { group_type_index: 0, group_key: 'org:5' } });
    assert.deepEqual(dup.body, {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'A group with this key already exists',
      attr: 'detail',
    });
    const nullKey = await call(fake(), 'POST', `${P}/groups/`, { body: { group_type_index: 0, group_key: null } });
    assert.deepEqual(nullKey.body, {
      type: 'validation_error',
      code: 'null',
      detail: 'This field may not be null.',
      attr: 'group_key',
    });
    assert.equal((await call(fake(), 'POST', `${P}/groups/`, { body: { group_type_index: 0 } })).body.code, 'required');
    assert.equal(
      (await call(fake(), 'POST', `${P}/groups/`, { body: { group_type_index: 0, group_key: 'k'.repeat(401) } }))
        .status,
      400,
    );
    assert.equal(
      (await call(fake(), 'POST', `${P}/groups/`, { body: { group_type_index: 0, group_key: 'k'.repeat(400) } }))
        .status,
      201,
    );
    const empty = await call(fake(), 'POST', `${P}/groups/`, {
      body: { group_type_index: 0, group_key: 'no-props', group_properties: null },
    });
    assert.deepEqual(empty.body.group_properties, {});

    const activity = await call(fake(), 'GET', `${P}/groups/activity/?group_type_index=0&group_key=org:5`);
    assert.equal(activity.body.total_count, 2);
    assert.deepEqual(
      activity.body.results.map((a: { activity: string }) => a.activity),
      ['create_group', 'create_group'],
    );
    const names = activity.body.results.map((a: { detail: { name: string } }) => a.detail.name).sort();
    assert.deepEqual(names, ['industry', 'name']);
    const entry = activity.body.results[0];
    assert.deepEqual(entry.user, { first_name: 'Ada', email: 'ada@example.com' });
    assert.equal(entry.scope, 'Group');
    assert.deepEqual(Object.keys(entry.detail), ['changes', 'trigger', 'name', 'short_id', 'type']);
    assert.equal(entry.detail.changes[0].action, 'created');
    assert.equal(
      (await call(fake(), 'GET', `${P}/groups/activity/?group_type_index=0&group_key=no-props`)).body.total_count,
      0,
    );
  });

  it('creates the group but answers 404 when the group type has no mapping', async () => {
    const r = await call(fake(), 'POST', `${P}/groups/`, {
      body: { group_type_index: 3, group_key: 'orphan', group_properties: { a: 1 } },
    });
    assert.equal(r.status, 404);
    assert.ok(fake().state.groups.some((g) => g.group_key === 'orphan'));
  });

  it('find returns notebook: null, or 404', async () => {
    const found = await call(fake(), 'GET', `${P}/groups/find/?group_type_index=0&group_key=org:5`);
    assert.equal(found.body.notebook, null);
    assert.equal((await call(fake(), 'GET', `${P}/groups/find/?group_type_index=1&group_key=org:5`)).status, 404);
    assert.equal((await call(fake(), 'GET', `${P}/groups/find/?group_type_index=0`)).body.attr, 'group_key');
  });

  it('writes PostHog activity entries for update_property and delete_property', async () => {
    const q = `?group_type_index=0&group_key=org:5`;
    const created = await call(fake(), 'POST', `${P}/groups/update_property/${q}`, {
      body: { key: 'employees', value: 42 },
    });
    assert.equal(created.body.group_properties.employees, 42);
    await call(fake(), 'POST', `${P}/groups/update_property/${q}`, { body: { key: 'industry', value: 'technology' } });
    const deleted = await call(fake(), 'POST', `${P}/groups/delete_property/${q}`, { body: { $unset: 'name' } });
    assert.equal('name' in deleted.body.group_properties, false);
    const activity = await call(fake(), 'GET', `${P}/groups/activity/${q}&limit=3`);
    const [del, changed, added] = activity.body.results;
    assert.deepEqual(
      [del.activity, del.detail.changes[0]],
      ['update_property', { type: 'Group', action: 'deleted', field: null, before: 'Mr. Krabs', after: null }],
    );
    assert.deepEqual(
      [changed.activity, changed.detail.changes[0]],
      ['update_property', { type: 'Group', action: 'changed', field: null, before: 'finance', after: 'technology' }],
    );
    assert.deepEqual(
      [added.activity, added.detail.changes[0]],
      ['create_property', { type: 'Group', action: 'created', field: null, before: null, after: 42 }],
    );
    assert.equal(activity.body.total_count, 5);
    assert.equal(
      activity.body.next,
      `${fake().url}${P}/groups/activity/?group_type_index=0&group_key=org:5&limit=3&page=2`,
    );
    assert.equal(activity.body.previous, null);
    const page2 = await call(fake(), 'GET', `${P}/groups/activity/${q}&limit=3&page=2`);
    assert.equal(page2.body.results.length, 2);
    assert.match(page2.body.previous, /page=1/);
    assert.equal((await call(fake(), 'GET', `${P}/groups/activity/${q}&limit=3&page=3`)).status, 500);
  });

  it('rejects bad update_property and delete_property bodies', async () => {
    const q = `?group_type_index=0&group_key=org:5`;
    assert.equal(
      (await call(fake(), 'POST', `${P}/groups/update_property/${q}`, { body: { key: 'x', value: null } })).body.attr,
      'value',
    );
    assert.equal(
      (await call(fake(), 'POST', `${P}/groups/update_property/${q}`, { body: { value: 1 } })).body.attr,
      'key',
    );
    const list = await call(fake(), 'POST', `${P}/groups/delete_property/${q}`, { body: { $unset: ['a'] } });
    assert.equal(list.body.detail, 'This field is required and must be a string (the property name to delete).');
    const absent = await call(fake(), 'POST', `${P}/groups/delete_property/${q}`, { body: { $unset: 'nope' } });
    assert.equal(absent.body.detail, "Property 'nope' does not exist on this group.");
    assert.equal(
      (
        await call(fake(), 'POST', `${P}/groups/update_property/?group_type_index=0&group_key=missing`, {
          body: { key: 'a', value: 1 },
        })
      ).status,
      404,
    );
  });

  it('counts property values as strings, and keeps property definitions with detected types', async () => {
    await call(fake(), 'POST', `${P}/groups/`, {
      body: {
        group_type_index: 0,
        group_key: 'org:6',
        group_properties: { employees: 42, paying: 'true', industry: 'technology' },
      },
    });
    const values = await call(fake(), 'GET', `${P}/groups/property_values/?group_type_index=0&key=employees`);
    assert.deepEqual(values.body, { results: [{ name: '42', count: 2 }], refreshing: false });
    const filtered = await call(
      fake(),
      'GET',
      `${P}/groups/property_values/?group_type_index=0&key=industry&value=TECHNO`,
    );
    assert.deepEqual(filtered.body.results, [{ name: 'technology', count: 2 }]);
    const defs = await call(fake(), 'GET', `${P}/property_definitions/?type=group&group_type_index=0`);
    const byName = Object.fromEntries(
      defs.body.results.map((d: { name: string; property_type: string; is_numerical: boolean }) => [
        d.name,
        [d.property_type, d.is_numerical],
      ]),
    );
    assert.deepEqual(byName.employees, ['Numeric', true]);
    assert.deepEqual(byName.paying, ['Boolean', false]);
    assert.deepEqual(byName.industry, ['String', false]);
  });

  it('has no groups/property_definitions and no upsert_properties', async () => {
    for (const [method, path] of [
      ['GET', 'groups/property_definitions/'],
      ['POST', 'groups/upsert_properties/?group_type_index=0&group_key=org:5'],
    ]) {
      const r = await call(
        fake(),
        method as string,
        `${P}/${path}`,
        method === 'POST' ? { body: { properties: { a: 1 } } } : {},
      );
      assert.equal(r.status, 404);
      assert.equal(r.body.detail, 'Endpoint not found.');
    }
  });

  it('lists group types as a bare array and deletes them', async () => {
    const types = await call(fake(), 'GET', `${P}/groups_types/`);
    assert.ok(Array.isArray(types.body));
    assert.equal((await call(fake(), 'DELETE', `${P}/groups_types/0/`)).status, 204);
    const gone = await call(fake(), 'DELETE', `${P}/groups_types/0/`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.detail, 'Group type not found');
  });
});
