// Concurrent writes at the client level: every group write names one key, so edits of different keys made at
// the same moment (two panels, two people) all land; none overwrites the whole object with a stale copy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clientFor, storedGroup, useLocalPostHog } from './support/localPostHog';

const fakeOf = useLocalPostHog();

describe('concurrency', () => {
  it('concurrent edits of different keys of one group all land, with the rest untouched (property-based)', async () => {
    const fake = fakeOf();
    fake.setLatency(5);
    const a = clientFor(fake);
    const b = clientFor(fake);
    const ref = { groupTypeIndex: 0, groupKey: 'org:1010' };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 8 }),
          fc.integer(),
          async (keys, n) => {
            const before = structuredClone(storedGroup(fake, 0, ref.groupKey)?.group_properties ?? {});
            const [mine, theirs] = [keys.filter((_, i) => i % 2 === 0), keys.filter((_, i) => i % 2 === 1)];
            await Promise.all([
              ...mine.map((k) => a.client.updateGroupProperty(fake.projectId, ref, k, `${n}:a`)),
              b.client.upsertGroupProperties(fake.projectId, ref, Object.fromEntries(theirs.map((k) => [k, `${n}:b`]))),
            ]);
            const after = storedGroup(fake, 0, ref.groupKey)?.group_properties ?? {};
            for (const k of mine) assert.equal(after[k], `${n}:a`, `a's ${k}`);
            for (const k of theirs) assert.equal(after[k], `${n}:b`, `b's ${k}`);
            for (const k of Object.keys(before).filter((k) => !keys.includes(k)))
              assert.deepStrictEqual(after[k], before[k], `untouched ${k}`);
          },
        ),
        { numRuns: 25 },
      );
      const bodies = fake.requests.filter((r) => r.method === 'POST').map((r) => r.path);
      assert.ok(
        bodies.every((p) => /groups\/(update_property|upsert_properties)\/$/.test(p)),
        'only per-key writes were sent',
      );
    } finally {
      fake.setLatency(0);
      await a.client.dispose();
      await b.client.dispose();
    }
  });

  it('a cancelled read fails as cancelled and is not retried', async () => {
    const fake = fakeOf();
    fake.setLatency(300);
    const { client } = clientFor(fake);
    const controller = new AbortController();
    try {
      fake.clearRequests();
      const pending = client.listGroups(fake.projectId, { groupTypeIndex: 0 }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, (e: Error & { kind?: string }) => e.kind === 'cancelled');
      assert.equal(fake.requests.length <= 1, true);
    } finally {
      fake.setLatency(0);
      await client.dispose();
    }
  });
});
