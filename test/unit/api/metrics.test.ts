// The runs chart with PostHog's kind of each metric (posthog-api.md §10.1), and metrics/totals' window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { failureSummary, describeSeries } from '../../../src/shared/hogFunctionMetrics';
import { testClient } from './helpers';

describe('API client: hog function metrics by kind', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  const idOf = (name: string) => fake.state.hogFunctions.find((f) => f.name === name)!.id;

  it("reads each name's kind from PostHog once, then charts with one request", async () => {
    const { client } = testClient(fake.url, { getApiKey: () => fake.apiKey });
    fake.clearRequests();
    const id = idOf('HubSpot: sync organizations');
    const first = await client.getHogFunctionRunMetrics(1, id, { after: '-24h', interval: 'hour' });
    const kinds = Object.fromEntries(first.series.map((s) => [s.name, s.kind]));
    assert.deepEqual(kinds, {
      billable_invocation: 'other',
      disabled_temporarily: 'failure',
      failed: 'failure',
      filtered: 'other',
      succeeded: 'success',
      triggered: 'other',
    });
    const asked = fake.requests.map((r) => `${r.path.replace(id, ':id')}?${r.query}`);
    assert.equal(asked.length, 3);
    assert.ok(
      asked.some((q) => q.includes('metrics/totals/') && q.includes('kind=success') && q.includes('breakdown_by=name')),
    );
    await client.getHogFunctionRunMetrics(1, id, { after: '-24h', interval: 'hour' });
    assert.equal(fake.requests.length, 4, 'kinds are known now: one request');
    // What the overview makes of it: counters are not runs, throttled events are not run.
    const described = describeSeries(first.series);
    assert.deepEqual(
      described.filter((s) => s.role === 'counter').map((s) => s.name),
      ['filtered', 'triggered', 'billable_invocation'],
    );
    const summary = failureSummary(first.series);
    const total = (name: string) => first.series.find((s) => s.name === name)!.values.reduce((a, b) => a + b, 0);
    assert.equal(summary.runs, total('succeeded') + total('failed'));
    assert.equal(summary.notRun, total('disabled_temporarily'));
  });
});
