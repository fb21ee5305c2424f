// Smaller truths of PostHog's real server (posthog-api.md 9.1, 9.5) the client follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { json, startServer, testClient } from './helpers';

const GROUP = {
  group_type_index: 0,
  group_key: 'org:1',
  group_properties: { a: 1 },
  created_at: '2026-01-01T00:00:00Z',
};

test('upsert_properties is sent with the parameters PostHog documents: group_type_index, group_key, group_properties', async () => {
  const server = await startServer((_req, res) => json(res, 200, GROUP));
  const { client } = testClient(server.url);
  try {
    const result = await client.upsertGroupProperties(1, { groupTypeIndex: 0, groupKey: 'org:1' }, { a: 1, b: 'two' });
    assert.deepEqual(result.applied, ['a', 'b']);
    const request = server.requests[0]!;
    assert.match(
      request.url,
      /^\/api\/projects\/1\/groups\/upsert_properties\/\?group_type_index=0&group_key=org%3A1$/,
    );
    assert.deepEqual(JSON.parse(request.body), {
      group_type_index: 0,
      group_key: 'org:1',
      group_properties: { a: 1, b: 'two' },
    });
  } finally {
    await client.dispose();
    await server.close();
  }
});

test("property-key suggestions leave out PostHog's virtual $builtin_* definitions", async () => {
  const definition = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
    id,
    name,
    property_type: 'String',
    is_numerical: false,
    ...extra,
  });
  const server = await startServer((req, res) => {
    if (req.url.includes('/groups/property_definitions/'))
      return json(res, 404, { type: 'invalid_request', code: 'not_found', detail: 'Endpoint not found.', attr: null });
    return json(res, 200, {
      count: 3,
      next: null,
      previous: null,
      results: [
        definition('$builtin_group_name', 'Group name', { virtual: true }),
        definition('0190-uuid', 'industry'),
        definition('$builtin_key', '$group_key'),
      ],
    });
  });
  const { client } = testClient(server.url);
  try {
    const { results } = await client.listGroupPropertyDefinitions(1, 0);
    assert.deepEqual(
      results.map((d) => d.name),
      ['industry'],
    );
  } finally {
    await client.dispose();
    await server.close();
  }
});
