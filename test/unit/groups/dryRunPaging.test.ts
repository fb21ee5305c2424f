// The import's dry run lists a group type's pages while they pay: a server whose `next` link points back at a page
// already read must not be followed once per key (an import of 50,000 rows was up to 50,000 requests of one page).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Group } from '../../../src/api';
import { readCurrentGroups, type GroupsClient } from '../../../src/core/groups';

const group = (key: string): Group => ({ group_type_index: 0, group_key: key, group_properties: {} }) as Group;

describe('import dry run against a server whose next link repeats', () => {
  it('stops listing at the repeated link and finds the keys still missing one by one', async () => {
    const listed: (string | undefined)[] = [];
    const found: string[] = [];
    const client = {
      listGroups: async (_projectId: number, _query: unknown, opts?: { pageUrl?: string }) => {
        listed.push(opts?.pageUrl);
        return {
          results: [group('a'), group('b')],
          unreadable: [],
          next: 'https://posthog.example/api/projects/1/groups/?cursor=same',
        };
      },
      findGroup: async (_projectId: number, _type: number, key: string) => {
        found.push(key);
        if (key === 'c') return group('c');
        throw Object.assign(new Error('not found'), { name: 'PostHogError', kind: 'not_found', status: 404 });
      },
    } as unknown as GroupsClient;
    const keys = ['a', 'c', ...Array.from({ length: 500 }, (_, i) => `missing-${i}`)];
    const { groups, stats } = await readCurrentGroups(client, 1, 0, keys);
    assert.deepEqual(
      listed,
      [undefined, 'https://posthog.example/api/projects/1/groups/?cursor=same'],
      'the repeated page is read once',
    );
    assert.equal(stats.pages, 2);
    assert.equal(groups.get('a')?.group_key, 'a');
    assert.equal(groups.get('c')?.group_key, 'c');
    assert.equal(found.length, 501, 'every key the list did not answer is found by key');
  });
});
