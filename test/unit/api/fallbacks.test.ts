// upsert_properties has no route on current servers (posthog-api.md §10.1): its absence is remembered per host in a
// memory the extension keeps across windows and restarts, and asked again at most once a day.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { memoryFallbacks, REPROBE_AFTER_MS, type FallbackMemory } from '../../../src/api';
import { testClient } from './helpers';

describe('API client: endpoints a server lacks, remembered per host', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  beforeEach(() => fake.clearRequests());
  const ref = { groupTypeIndex: 0, groupKey: 'org:1000' };
  const paths = () => fake.requests.map((r) => `${r.path.replace('/api/projects/1/groups/', '')} ${r.status}`);

  it('records the absence in the memory it is given, with the time', async () => {
    const memory = memoryFallbacks();
    const now = 5_000_000;
    const { client } = testClient(fake.url, { getApiKey: () => fake.apiKey, fallbacks: memory, now: () => now });
    await client.upsertGroupProperties(1, ref, { tier: 'gold' });
    assert.deepEqual(paths(), ['upsert_properties/ 404', 'update_property/ 200']);
    assert.equal(memory.missingSince(fake.url, 'upsert_properties'), now);
  });

  it('a new window with the kept memory spends no request on the 404', async () => {
    const kept: FallbackMemory = { missingSince: () => 1_000, remember: () => assert.fail('nothing new to remember') };
    const { client } = testClient(fake.url, {
      getApiKey: () => fake.apiKey,
      fallbacks: kept,
      now: () => 1_000 + 3_600_000,
    });
    await client.upsertGroupProperties(1, ref, { tier: 'silver' });
    assert.deepEqual(paths(), ['update_property/ 200']);
  });

  it('asks again once a day has passed, and remembers the new answer', async () => {
    const memory = memoryFallbacks();
    memory.remember(fake.url, 'upsert_properties', 0);
    let now = REPROBE_AFTER_MS - 1;
    const { client } = testClient(fake.url, { getApiKey: () => fake.apiKey, fallbacks: memory, now: () => now });
    await client.upsertGroupProperties(1, ref, { a: 1 });
    assert.deepEqual(paths(), ['update_property/ 200'], 'not yet a day');
    fake.clearRequests();
    now = REPROBE_AFTER_MS;
    await client.upsertGroupProperties(1, ref, { b: 2 });
    assert.deepEqual(paths(), ['upsert_properties/ 404', 'update_property/ 200'], 'a day later: one probe');
    assert.equal(memory.missingSince(fake.url, 'upsert_properties'), REPROBE_AFTER_MS);
    fake.clearRequests();
    await client.upsertGroupProperties(1, ref, { c: 3 });
    assert.deepEqual(paths(), ['update_property/ 200']);
  });

  it('forgets the absence when the server answers after all', async () => {
    const memory = memoryFallbacks();
    memory.remember(fake.url, 'upsert_properties', 0);
    fake.addFault({
      method: 'POST',
      path: /upsert_properties/,
      kind: 'body',
      status: 200,
      body: {
        group_type_index: 0,
        group_key: 'org:1000',
        group_properties: { d: 4 },
        created_at: '2026-01-01T00:00:00Z',
      },
      times: 1,
    });
    const { client } = testClient(fake.url, {
      getApiKey: () => fake.apiKey,
      fallbacks: memory,
      now: () => REPROBE_AFTER_MS * 2,
    });
    const result = await client.upsertGroupProperties(1, ref, { d: 4 });
    assert.deepEqual(result.applied, ['d']);
    assert.equal(memory.missingSince(fake.url, 'upsert_properties'), undefined);
    fake.clearFaults();
  });
});
