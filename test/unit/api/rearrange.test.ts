// Reordering transformations the way PostHog's web app does: PATCH hog_functions/rearrange/, one request for the
// whole order (posthog-api.md §3.9, §10.3), in the client and the fake PostHog.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { call } from '../fake/helpers';
import { rejection, testClient } from './helpers';

describe('API client and fake PostHog: rearranging transformations', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;
  const transformations = () =>
    fake.state.hogFunctions
      .filter((f) => f.project_id === 1 && f.type === 'transformation' && !f.deleted)
      .sort((a, b) => (a.execution_order ?? 99) - (b.execution_order ?? 99));

  it('sets the whole order in one request and answers every transformation in the new order', async () => {
    const [geo, bots, hash] = transformations();
    fake.clearRequests();
    const result = await client().rearrangeHogFunctions(1, { [hash!.id]: 1, [geo!.id]: 2, [bots!.id]: 3 });
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      ['PATCH /api/projects/1/hog_functions/rearrange/'],
    );
    assert.deepEqual(JSON.parse(fake.requests[0]!.body), { orders: { [hash!.id]: 1, [geo!.id]: 2, [bots!.id]: 3 } });
    assert.deepEqual(
      result.results.map((f) => [f.name, f.execution_order]),
      [
        ['Hash email addresses', 1],
        ['GeoIP enrichment', 2],
        ['Drop bot events', 3],
      ],
    );
    assert.deepEqual(result.unreadable, []);
    assert.ok('inputs_schema' in result.results[0]!, 'the full serializer');
    // Each moved function has an activity entry, before and after as strings.
    const entry = fake.state.activity.filter((a) => a.item_id === hash!.id).at(-1)!;
    assert.deepEqual(entry.detail.changes, [
      { type: 'HogFunction', action: 'changed', field: 'priority', before: '3', after: '1' },
    ]);
  });

  it("refuses what PostHog refuses, in PostHog's words", async () => {
    const none = await rejection(() => client().rearrangeHogFunctions(1, {}));
    assert.equal(none.kind, 'validation');
    assert.equal(none.detail, 'No orders provided');
    assert.equal(none.attr, null);
    const destination = fake.state.hogFunctions.find((f) => f.type === 'destination')!;
    const wrongType = await rejection(() => client().rearrangeHogFunctions(1, { [destination.id]: 1 }));
    assert.equal(wrongType.detail, `HogFunction with id ${destination.id} does not exist`);
    const log = fake.state.hogFunctions.find((f) => f.type === 'transformation_log' && f.project_id === 1)!;
    const mixed = await call(fake, 'PATCH', '/api/projects/1/hog_functions/rearrange/', {
      body: { orders: { [transformations()[0]!.id]: 1, [log.id]: 2 } },
    });
    assert.deepEqual(
      [mixed.status, mixed.body.detail],
      [400, 'Cannot rearrange functions of different types in one request'],
    );
  });
});
