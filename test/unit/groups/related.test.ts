// groups/related/ through the client against the local PostHog: persons and groups of other types seen on the same
// events as a group in the last 90 days, and the groups of a person.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { addGroupType, clientFor, putGroup } from './helpers';

describe('related people and groups', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog({ seed: 'empty' });
    addGroupType(fake, 0, 'company');
    addGroupType(fake, 1, 'workspace');
    putGroup(fake, 'acme', { name: 'Acme' }, 0);
    putGroup(fake, 'ws-1', { name: 'Main' }, 1);
    putGroup(fake, 'ws-2', {}, 1);
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    fake.state.persons.push(
      {
        uuid: '01900000-0000-7000-8000-000000000001',
        project_id: 1,
        distinct_ids: ['ada'],
        properties: { email: 'ada@example.com' },
        created_at: at(10),
      },
      {
        uuid: '01900000-0000-7000-8000-000000000002',
        project_id: 1,
        distinct_ids: ['bob', 'bob-device'],
        properties: {},
        created_at: at(10),
      },
      {
        uuid: '01900000-0000-7000-8000-000000000003',
        project_id: 1,
        distinct_ids: ['old'],
        properties: {},
        created_at: at(200),
      },
    );
    const event = (distinct_id: string, daysAgo: number, properties: Record<string, unknown>) => ({
      uuid: `e-${fake.state.events.length}`,
      project_id: 1,
      event: 'pageview',
      distinct_id,
      timestamp: at(daysAgo),
      properties: properties as never,
      elements_chain: '',
      created_at: at(daysAgo),
    });
    fake.state.events.push(
      event('ada', 1, { $group_0: 'acme', $group_1: 'ws-1' }),
      // `$groups` by type name, as events are sent; and a workspace key no group exists for.
      event('bob-device', 2, { $groups: { company: 'acme', workspace: 'ws-gone' } }),
      // Older than 90 days: not related any more.
      event('old', 120, { $group_0: 'acme', $group_1: 'ws-2' }),
    );
  });
  after(() => fake.close());

  it('lists the persons, then the groups of other types, of a group', async () => {
    const client = clientFor(fake);
    const related = await client.listRelatedActors(fake.projectId, { groupTypeIndex: 0, groupKey: 'acme' });
    await client.dispose();
    assert.deepEqual(related.unreadable, []);
    assert.deepEqual(
      related.results.map((a) =>
        a.type === 'person' ? `person:${a.name}` : `group:${a.group_type_index}:${a.group_key}`,
      ),
      ['person:ada@example.com', 'person:bob', 'group:1:ws-1'],
    );
    const person = related.results[0]!;
    assert.ok(person.type === 'person');
    assert.equal(person.id, '01900000-0000-7000-8000-000000000001');
    assert.deepEqual(person.distinct_ids, ['ada']);
  });

  it('lists the groups of a person', async () => {
    const client = clientFor(fake);
    const related = await client.listRelatedActors(fake.projectId, {
      personUuid: '01900000-0000-7000-8000-000000000001',
    });
    await client.dispose();
    assert.deepEqual(
      related.results.map((a) => a.type === 'group' && `${a.group_type_index}:${a.group_key}`),
      ['0:acme', '1:ws-1'],
    );
  });

  it('answers 400 without an id, as PostHog does', async () => {
    const res = await fetch(`${fake.url}/api/projects/1/groups/related/?group_type_index=0`, {
      headers: { Authorization: `Bearer ${fake.apiKey}` },
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { attr: string }).attr, 'id');
  });
});
