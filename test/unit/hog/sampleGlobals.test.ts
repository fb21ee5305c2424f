// The sample event a test run sends: a realistic default, what the run adds, and refusals.
import { describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  completeGlobals,
  defaultSampleGlobals,
  parseSampleGlobals,
  sampleMatchingFilters,
} from '../../../src/core/testing/sampleGlobals';

const ctx = {
  host: 'https://eu.posthog.com',
  projectId: 12,
  projectName: 'Shop',
  functionId: 'f-1',
  functionName: 'Slack alert',
};

test('the default sample is a realistic $pageview with a person and an organization group', () => {
  const globals = defaultSampleGlobals(ctx, new Date('2026-03-01T12:00:00Z')) as {
    event: { event: string; timestamp: string; properties: Record<string, unknown> };
    person: { properties: Record<string, unknown> };
    groups: Record<string, { properties: Record<string, unknown> }>;
  };
  assert.equal(globals.event.event, '$pageview');
  assert.equal(globals.event.timestamp, '2026-03-01T12:00:00.000Z');
  assert.ok(globals.event.properties.$current_url);
  assert.equal(globals.person.properties.email, 'ada@example.com');
  assert.equal(globals.groups.organization?.properties.name, 'Acme Inc.');
  assert.ok(parseSampleGlobals(JSON.stringify(globals)).ok);
});

test('the run adds project and source without overriding what the user wrote', () => {
  const done = completeGlobals({ event: { event: 'x' }, project: { id: 99 } }, ctx) as Record<
    string,
    { id?: number; name?: string; url?: string }
  >;
  assert.deepEqual(done.project, { id: 99 });
  assert.equal(done.source?.name, 'Slack alert');
  assert.equal(done.source?.url, 'https://eu.posthog.com/project/12/pipeline/destinations/hog-f-1/configuration');
});

test('a broken sample event is refused with a reason', () => {
  assert.match((parseSampleGlobals('{') as { message: string }).message, /not valid JSON/);
  assert.match((parseSampleGlobals('[]') as { message: string }).message, /JSON object/);
  assert.match((parseSampleGlobals('{"person": {}}') as { message: string }).message, /"event" object/);
});

describe('a first sample its filters accept', () => {
  it("takes the filters' first event and the values of their simple property filters", () => {
    const sample = sampleMatchingFilters(defaultSampleGlobals(ctx), {
      events: [
        {
          id: 'subscription_started',
          type: 'events',
          order: 0,
          properties: [{ key: 'plan', value: ['growth'], operator: 'exact', type: 'event' }],
        },
      ],
      properties: [
        { key: 'email', value: 'ada', operator: 'icontains', type: 'person' },
        { key: 'coupon', operator: 'is_set', type: 'event' },
        { key: 'x', value: 3, operator: 'gt', type: 'event' },
      ],
      filter_test_accounts: true,
    }) as {
      event: { event: string; properties: Record<string, unknown> };
      person: { properties: Record<string, unknown> };
    };
    assert.equal(sample.event.event, 'subscription_started');
    assert.equal(sample.event.properties.plan, 'growth');
    assert.equal(sample.event.properties.coupon, 'set');
    assert.equal(sample.event.properties.x, undefined, 'what it cannot satisfy simply is left alone');
    assert.equal(sample.person.properties.email, 'ada');
    assert.equal(sample.event.properties.$current_url, 'https://shop.example.com/pricing?plan=team', 'the rest stays');
  });

  it('leaves the default alone for a function without filters', () => {
    assert.deepEqual(
      sampleMatchingFilters(defaultSampleGlobals(ctx, new Date(0)), {}),
      defaultSampleGlobals(ctx, new Date(0)),
    );
  });
});
