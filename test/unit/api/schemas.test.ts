// Reading PostHog's responses and error bodies, 429 waits and retry backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupSchema,
  hogFunctionPageSchema,
  hogFunctionSchema,
  invocationResultSchema,
  activityPageSchema,
} from '../../../src/api/schemas';
import { parseErrorBody } from '../../../src/api/errors';
import { retryAfterSeconds, backoffMs } from '../../../src/api/retry';

test("the seed's group create example parses: group_properties null is {} and the int32 index is kept", () => {
  const group = groupSchema.parse({
    group_type_index: -2147483648,
    group_key: 'string',
    group_properties: null,
    created_at: '2019-08-24T14:15:22Z',
  });
  assert.equal(group.group_type_index, -2147483648);
  assert.deepEqual(group.group_properties, {});
});

test("the seed's hog function list example parses and keeps fields the schema does not name", () => {
  const body = JSON.parse(
    `{"count": 123, "next": "http://api.example.org/accounts/?offset=400&limit=100", "previous": "http://api.example.org/accounts/?offset=200&limit=100", "results": [{"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "type": "string", "name": "string", "description": "string", "created_at": "2019-08-24T14:15:22Z", "created_by": {"id": 0, "uuid": "095be615-a8ad-4c33-8e9c-c7612fbf6c9f", "distinct_id": "string", "first_name": "string", "last_name": "string", "email": "user@example.com", "is_email_verified": true, "hedgehog_config": {"property1": null, "property2": null}, "role_at_organization": "engineering"}, "updated_at": "2019-08-24T14:15:22Z", "enabled": true, "hog": "string", "filters": null, "icon_url": "string", "template": {"id": "string", "name": "string", "description": "string", "code": "string", "code_language": "string", "inputs_schema": null, "type": "string", "status": "string", "category": null, "free": true, "icon_url": "string", "filters": null, "masking": null, "mapping_templates": [{"name": "string", "include_by_default": true, "filters": null, "inputs": null, "inputs_schema": null}]}, "status": {"state": 0, "tokens": 0}, "execution_order": 0}]}`,
  );
  const page = hogFunctionPageSchema.parse(body);
  assert.equal(page.count, 123);
  assert.equal(page.results[0]!.id, '497f6eca-6276-4993-bfeb-53cbbbba6f08');
  assert.equal((page.results[0]!.template as Record<string, unknown>).code_language, 'string');
  assert.equal((page.results[0]!.created_by as Record<string, unknown>).role_at_organization, 'engineering');
  assert.equal(
    (page as unknown as Record<string, unknown>).previous,
    'http://api.example.org/accounts/?offset=200&limit=100',
  );
});

test("the notes' activity example parses, including the system user shape", () => {
  const page = activityPageSchema.parse({
    results: [
      {
        id: '0190f0b2-1c3d-7000-8a55-0d9c1e2b3a4f',
        user: { first_name: 'Jane', email: 'jane@example.com' },
        activity: 'update_property',
        scope: 'Group',
        item_id: '48213',
        detail: {
          changes: [{ type: 'Group', action: 'changed', field: null, before: 'finance', after: 'technology' }],
          trigger: null,
          name: 'industry',
          short_id: null,
          type: null,
        },
        created_at: '2021-05-02T00:00:00Z',
      },
      {
        user: { first_name: 'System', email: null, is_system: true },
        activity: 'create_group',
        scope: 'Group',
        item_id: '1',
        detail: { changes: null, name: 'x' },
        created_at: '2021-05-01T00:00:00Z',
      },
    ],
    next: 'https://us.posthog.com/api/projects/1/groups/activity/?group_key=org%3A5&group_type_index=0&page=2&limit=10',
    previous: null,
    total_count: 11,
  });
  assert.equal(page.results.length, 2);
  assert.deepEqual(page.unreadable, []);
});

test('a page with one unreadable row keeps the others and says which field of which row, with the value sent', () => {
  const ok = { id: 'a', type: 'destination', name: 'A', enabled: true, created_at: 't', updated_at: 't' };
  const page = hogFunctionPageSchema.parse({
    count: 3,
    next: null,
    results: [
      ok,
      { ...ok, id: null, name: 'Broken <b>' },
      { ...ok, id: 'c', type: null, name: null, status: null, created_by: null, template: null },
    ],
  });
  assert.deepEqual(
    page.results.map((f) => f.id),
    ['a', 'c'],
  );
  assert.equal(page.results[1]!.type, 'destination', "a null type is a destination (PostHog's rule)");
  assert.deepEqual(page.unreadable, [
    { index: 1, field: 'id', value: 'null', reason: page.unreadable[0]!.reason, hint: 'Broken <b>' },
  ]);
});

test('a shown-only field of the wrong shape reads as missing instead of failing the row', () => {
  const page = hogFunctionPageSchema.parse({
    count: 1,
    results: [
      { id: 'a', created_at: 't', updated_at: 't', enabled: true, status: 'healthy', template: 'x', created_by: 7 },
    ],
  });
  assert.equal(page.results.length, 1);
  assert.equal(page.results[0]!.status, undefined);
  assert.equal(page.results[0]!.created_by, undefined);
});

test('an older invocation error body ({"status": "error"}) parses with empty errors and logs', () => {
  assert.deepEqual(invocationResultSchema.parse({ status: 'error' }), { status: 'error', errors: [], logs: [] });
});

test("invocation log items are untyped in PostHog's schema: one of another shape is kept as its JSON text", () => {
  const result = invocationResultSchema.parse({
    status: 'success',
    logs: [{ level: 'info', timestamp: 't', message: 'ok' }, 'plain', { level: 1 }],
  });
  assert.deepEqual(
    result.logs.map((l) => l.message),
    ['ok', '"plain"', '{"level":1}'],
  );
});

test('parseErrorBody reads the standard body and the raw shapes', () => {
  assert.deepEqual(
    parseErrorBody({
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'This field is required.',
      attr: 'inputs__url',
    }),
    {
      detail: 'This field is required.',
      code: 'invalid_input',
      attr: 'inputs__url',
    },
  );
  assert.deepEqual(parseErrorBody({ configuration: { inputs: { url: ['This field is required.'] } } }), {
    detail: 'This field is required.',
    attr: 'configuration__inputs__url',
  });
  assert.deepEqual(parseErrorBody({ configuration: { inputs_schema: [{ type: ['"x" is not a valid choice.'] }] } }), {
    detail: '"x" is not a valid choice.',
    attr: 'configuration__inputs_schema__0__type',
  });
  assert.deepEqual(parseErrorBody({ status: 'error', errors: ['Missing event'] }), {
    detail: 'Missing event',
    attr: null,
  });
  assert.deepEqual(parseErrorBody({ error: 'Backfills already enabled for this function' }), {
    detail: 'Backfills already enabled for this function',
    attr: null,
  });
  assert.deepEqual(parseErrorBody(undefined), {});
});

test('retryAfterSeconds reads PostHog detail text, then Retry-After seconds or date', () => {
  assert.equal(retryAfterSeconds('Request was throttled. Expected available in 37 seconds.', undefined), 37);
  assert.equal(retryAfterSeconds('Request was throttled. Expected available in 1 second.', '99'), 1);
  assert.equal(retryAfterSeconds('Request was throttled.', '12'), 12);
  assert.equal(retryAfterSeconds(undefined, new Date(10_000 + 30_000).toUTCString(), 10_000), 30);
  assert.equal(retryAfterSeconds('nope', undefined), undefined);
});

test('backoff doubles up to the cap, with jitter in the upper half', () => {
  const opts = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 5000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, opts, () => 1)),
    [300, 600, 1200, 2400, 4800, 5000],
  );
  assert.deepEqual(
    [0, 1, 5].map((n) => backoffMs(n, opts, () => 0)),
    [150, 300, 2500],
  );
});

test('JSON fields of a hog function keep keys named like Object.prototype members', () => {
  const body = JSON.parse(`{"id": "f1", "type": "destination", "name": "x", "enabled": true, "hog": "return",
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
    "filters": {"__proto__": {"a": 1}, "events": []}, "masking": {"constructor": 1, "ttl": 60, "hash": "h"},
    "mappings": [{"__proto__": 2}], "inputs": {}, "inputs_schema": []}`);
  const parsed = hogFunctionSchema.parse(body);
  assert.ok(Object.hasOwn(parsed.filters as object, '__proto__'));
  assert.deepEqual(Object.getOwnPropertyDescriptor(parsed.filters, '__proto__')?.value, { a: 1 });
  assert.equal((parsed.masking as Record<string, unknown>).constructor, 1);
  assert.ok(Object.hasOwn((parsed.mappings as object[])[0] ?? {}, '__proto__'));
});
