// The dry run against the local PostHog: per group created / changed / unchanged, per property before → after,
// totals, and the reads it needed (list pages while they pay, finds for the rest).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { dryRun, openText, planImport, readCurrentGroups, type ImportMapping } from '../../../src/core/groups';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { addGroupType, clientFor, putGroup, TYPE } from './helpers';

describe('import dry run', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog({ seed: 'empty' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset('empty');
    addGroupType(fake);
  });

  const mapping: ImportMapping = {
    keyColumn: 'id',
    properties: [
      { column: 'plan', property: 'plan', type: 'string' },
      { column: 'seats', property: 'seats', type: 'number' },
      { column: 'beta', property: 'beta', type: 'boolean', empty: 'remove' },
    ],
  };

  it('says per group what happens and per property before → after, with totals', async () => {
    putGroup(fake, 'acme', { plan: 'free', seats: 3, beta: true, other: 'kept' });
    putGroup(fake, 'beta', { plan: 'pro', seats: 10 });
    putGroup(fake, 'delta', { plan: 'pro', seats: '5' });
    const csv = [
      'id,plan,seats,beta',
      'acme,pro,3,',
      'beta,pro,10,',
      'gamma,team,2,true',
      'delta,pro,5,false',
      ',x,1,',
      'eps,pro,many,',
    ].join('\n');
    const client = clientFor(fake);
    const { plan, reads } = await dryRun({
      client,
      projectId: fake.projectId,
      groupTypeIndex: TYPE,
      open: openText(csv),
      format: 'csv',
      mapping,
    });
    await client.dispose();
    assert.deepEqual(
      plan.groups.map((g) => [g.key, g.status]),
      [
        ['acme', 'change'],
        ['beta', 'unchanged'],
        ['gamma', 'create'],
        ['delta', 'change'],
      ],
    );
    assert.deepEqual(plan.groups[0]!.changes, [
      { property: 'plan', before: { present: true, value: 'free' }, after: { present: true, value: 'pro' } },
      { property: 'beta', before: { present: true, value: true }, after: { present: false } },
    ]);
    assert.deepEqual(
      plan.groups[2]!.changes.map((c) => [c.property, c.before, c.after]),
      [
        ['plan', { present: false }, { present: true, value: 'team' }],
        ['seats', { present: false }, { present: true, value: 2 }],
        ['beta', { present: false }, { present: true, value: true }],
      ],
    );
    // A number where PostHog has the same digits as text is a change of type, so a change.
    assert.deepEqual(
      plan.groups[3]!.changes.map((c) => c.property),
      ['seats', 'beta'],
    );
    assert.deepEqual(plan.totals, {
      rows: 6,
      invalid: 2,
      create: 1,
      change: 2,
      unchanged: 1,
      propertiesSet: 6,
      propertiesRemoved: 1,
      writes: 5,
    });
    assert.deepEqual(
      plan.problems.map((p) => p.index),
      [5, 6],
    );
    // Four keys, one page of the list answers them all.
    assert.equal(reads.requests, 1);
    assert.equal(reads.pages, 1);
  });

  it('lists pages while they pay, then finds the keys still missing', async () => {
    fake.seedGroups(TYPE, 450, { propertiesPerGroup: 2 });
    const client = clientFor(fake);
    // The oldest group (the list's last page) and one that does not exist: two pages listed, then two finds.
    const keys = ['bulk-0-000000', 'nope'];
    const { groups, stats } = await readCurrentGroups(client, fake.projectId, TYPE, keys);
    assert.equal(groups.get('bulk-0-000000')?.group_key, 'bulk-0-000000');
    assert.equal(groups.get('nope'), null);
    assert.deepEqual({ pages: stats.pages, finds: stats.finds }, { pages: 2, finds: 2 });
    // Many keys: the whole list (5 pages) answers for all of them, missing ones included, without a find.
    const many = Array.from({ length: 600 }, (_, i) => `bulk-0-${String(i).padStart(6, '0')}`);
    const all = await readCurrentGroups(client, fake.projectId, TYPE, many);
    assert.deepEqual({ pages: all.stats.pages, finds: all.stats.finds }, { pages: 5, finds: 0 });
    assert.equal([...all.groups.values()].filter((g) => g === null).length, 150);
    await client.dispose();
  });

  it('compares thousands of rows without a request (the pure part)', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      index: i + 1,
      line: i + 2,
      key: `k${i}`,
      set: new Map<string, unknown>([
        ['a', i],
        ['b', `v${i}`],
        ['c', i % 2 === 0],
      ]),
      remove: [],
    }));
    const current = new Map(
      rows
        .filter((_, i) => i % 2 === 0)
        .map((r, i) => [
          r.key,
          {
            group_type_index: 0,
            group_key: r.key,
            group_properties: { a: r.index - 1, b: i % 3 ? 'x' : `v${r.index - 1}`, c: true },
          },
        ]),
    );
    const plan = planImport(0, rows, [], current);
    assert.equal(plan.totals.create, 2500);
    assert.equal(plan.totals.create + plan.totals.change + plan.totals.unchanged, 5000);
  });
});
