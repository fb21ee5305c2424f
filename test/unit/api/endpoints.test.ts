// Every endpoint of the client against the local PostHog.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { PostHogClient, type PostHogError, type RequestEvent } from '../../../src/api';
import { json, rejection, startServer } from './helpers';

let fake: FakePostHog;
let client: PostHogClient;
const events: RequestEvent[] = [];
const errors: Error[] = [];
const P = 1;

function clientFor(apiKey: string, extra: Partial<ConstructorParameters<typeof PostHogClient>[0]> = {}) {
  return new PostHogClient({
    host: fake.url,
    getApiKey: () => apiKey,
    rateLimits: false,
    sleep: async () => undefined,
    onRequest: (e) => events.push(e),
    ...extra,
  });
}

async function failure(fn: () => Promise<unknown>): Promise<PostHogError> {
  const e = await rejection(fn);
  errors.push(e);
  return e as unknown as PostHogError;
}

const requestsTo = (path: RegExp) => fake.requests.filter((r) => path.test(r.path));

before(async () => {
  fake = await startFakePostHog({ seed: 'realistic', rateLimits: false });
  client = clientFor(fake.apiKey);
});
after(async () => {
  await client.dispose();
  await fake.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.clearRequests();
});

describe('account', () => {
  test('getCurrentUser returns the user with the current team and organization', async () => {
    const user = await client.getCurrentUser();
    assert.equal(user.email, 'ada@example.com');
    assert.equal(user.team?.id, P);
    assert.equal(user.organization?.name, 'Hedgebox Inc.');
    assert.deepEqual(
      requestsTo(/./).map((r) => r.path),
      ['/api/users/@me/'],
    );
  });

  test('listProjects returns every project the key can see', async () => {
    const projects = await client.listProjects();
    assert.deepEqual(projects.results.map((p) => p.name).slice(0, 2), ['Default project', 'Staging']);
    assert.deepEqual(projects.unreadable, []);
  });
});

describe('groups', () => {
  test('listGroupTypes lists the project group types in index order', async () => {
    const types = (await client.listGroupTypes(P)).results;
    assert.deepEqual(
      types.map((t) => [t.group_type_index, t.group_type]),
      [
        [0, 'organization'],
        [1, 'workspace'],
        [2, 'instance'],
        [3, 'project'],
      ],
    );
    assert.equal(requestsTo(/groups_types/)[0]!.path, '/api/projects/1/groups_types/');
  });

  test('a group type with more than 100 groups pages by next, and iterateGroups walks every page', async () => {
    const first = await client.listGroups(P, { groupTypeIndex: 0 });
    assert.equal(first.results.length, 100);
    assert.ok(first.next?.startsWith(`${fake.url}/api/projects/1/groups/`));
    const second = await client.listGroups(P, { groupTypeIndex: 0 }, { pageUrl: first.next! });
    assert.equal(second.results.length, 100);
    assert.notEqual(second.results[0]!.group_key, first.results[0]!.group_key);

    fake.clearRequests();
    const keys: string[] = [];
    for await (const group of client.iterateGroups(P, { groupTypeIndex: 0 })) keys.push(group.group_key);
    assert.ok(keys.length >= 300);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(requestsTo(/\/groups\/$/).length, Math.ceil(keys.length / 100));
  });

  test('listGroups passes search and group_key filters', async () => {
    const all = await client.listGroups(P, { groupTypeIndex: 0 });
    const key = all.results[0]!.group_key;
    const bySearch = await client.listGroups(P, { groupTypeIndex: 0, search: key });
    assert.ok(bySearch.results.some((g) => g.group_key === key));
    const byKey = await client.listGroups(P, { groupTypeIndex: 0, groupKey: key });
    assert.ok(byKey.results.every((g) => g.group_key.toLowerCase().includes(key.toLowerCase())));
    assert.match(requestsTo(/\/groups\/$/)[2]!.query, /group_key=/);
  });

  test('findGroup reads without creating a notebook; a missing group is not_found', async () => {
    const { results } = await client.listGroups(P, { groupTypeIndex: 0 });
    const group = await client.findGroup(P, 0, results[0]!.group_key);
    assert.deepEqual(group.group_properties, results[0]!.group_properties);
    assert.match(requestsTo(/groups\/find/)[0]!.query, /skip_create_notebook=true/);

    const e = await failure(() => client.findGroup(P, 0, 'no-such-org'));
    assert.equal(e.kind, 'not_found');
    assert.equal(e.status, 404);
    assert.equal(e.message, `Couldn't find group: PostHog says "Not found." (GET groups/find).`);
  });

  test('group keys with / ? # & % + " and emoji round-trip through create, find and update', async () => {
    const groupKey = 'a/b?c#d&e%f+g"h 🦔 =x';
    const created = await client.createGroup(P, { groupTypeIndex: 1, groupKey, groupProperties: { name: 'Odd' } });
    assert.equal(created.group_key, groupKey);
    assert.equal((await client.findGroup(P, 1, groupKey)).group_key, groupKey);
    const updated = await client.updateGroupProperty(P, { groupTypeIndex: 1, groupKey }, 'we/ird?key', 'v&1');
    assert.equal(updated.group_properties['we/ird?key'], 'v&1');
  });

  test('createGroup: the seed example body (group_properties null) parses as no properties; duplicates are validation errors', async () => {
    const group = await client.createGroup(P, { groupTypeIndex: 3, groupKey: 'proj:new' });
    assert.deepEqual(group.group_properties, {});
    const e = await failure(() => client.createGroup(P, { groupTypeIndex: 3, groupKey: 'proj:new' }));
    assert.equal(e.kind, 'validation');
    assert.equal(e.attr, 'detail');
    assert.equal(e.message, `Couldn't create group: PostHog says "A group with this key already exists" (detail)`);
  });

  test('updateGroupProperty sends {key, value}; null and undefined are refused before sending', async () => {
    await client.createGroup(P, { groupTypeIndex: 3, groupKey: 'proj:upd', groupProperties: { stage: 'alpha' } });
    const group = await client.updateGroupProperty(P, { groupTypeIndex: 3, groupKey: 'proj:upd' }, 'stage', 'beta');
    assert.equal(group.group_properties.stage, 'beta');
    fake.clearRequests();
    for (const value of [null, undefined]) {
      const e = await failure(() =>
        client.updateGroupProperty(P, { groupTypeIndex: 3, groupKey: 'proj:upd' }, 'stage', value),
      );
      assert.equal(e.kind, 'validation');
      assert.equal(e.attr, 'value');
    }
    assert.equal(fake.requests.length, 0);
  });

  test('deleteGroupProperty sends {"$unset": key}; a missing property is a validation error on $unset', async () => {
    await client.createGroup(P, { groupTypeIndex: 3, groupKey: 'proj:del', groupProperties: { a: 1, b: 2 } });
    const group = await client.deleteGroupProperty(P, { groupTypeIndex: 3, groupKey: 'proj:del' }, 'a');
    assert.deepEqual(group.group_properties, { b: 2 });
    const e = await failure(() => client.deleteGroupProperty(P, { groupTypeIndex: 3, groupKey: 'proj:del' }, 'a'));
    assert.equal(e.kind, 'validation');
    assert.equal(e.attr, '$unset');
    assert.equal(
      e.message,
      `Couldn't delete group property: PostHog says "Property 'a' does not exist on this group." ($unset)`,
    );
  });

  test('upsertGroupProperties falls back to update_property per key, and remembers the fallback', async () => {
    const ref = { groupTypeIndex: 3, groupKey: 'proj:ups' };
    await client.createGroup(P, { ...ref, groupProperties: {} });
    fake.clearRequests();
    const result = await client.upsertGroupProperties(P, ref, { a: 1, b: 'two', c: true });
    assert.deepEqual(result.applied, ['a', 'b', 'c']);
    assert.deepEqual(result.notAttempted, []);
    assert.equal(result.failed, undefined);
    assert.deepEqual(result.group?.group_properties, { a: 1, b: 'two', c: true });
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        'POST /api/projects/1/groups/upsert_properties/ 404',
        'POST /api/projects/1/groups/update_property/ 200',
        'POST /api/projects/1/groups/update_property/ 200',
        'POST /api/projects/1/groups/update_property/ 200',
      ],
    );
    fake.clearRequests();
    await client.upsertGroupProperties(P, ref, { d: 4 });
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      ['/api/projects/1/groups/update_property/'],
    );
  });

  test('upsertGroupProperties reports applied, failed and notAttempted when the 2nd of 3 keys fails', async () => {
    const ref = { groupTypeIndex: 3, groupKey: 'proj:ups2' };
    await client.createGroup(P, { ...ref, groupProperties: {} });
    await client.upsertGroupProperties(P, ref, { warmup: 1 });
    fake.addFault({
      method: 'POST',
      path: /groups\/update_property/,
      kind: 'status',
      status: 403,
      skip: 1,
      times: 1,
      body: {
        type: 'authentication_error',
        code: 'permission_denied',
        detail: "API key missing required scope 'group:write'",
        attr: null,
      },
    });
    fake.clearRequests();
    const result = await client.upsertGroupProperties(P, ref, { first: 1, second: 2, third: 3 });
    assert.deepEqual(result.applied, ['first']);
    assert.equal(result.failed?.key, 'second');
    assert.equal(result.failed?.error.kind, 'missing_scope');
    assert.deepEqual(result.notAttempted, ['third']);
    assert.deepEqual(result.group?.group_properties, { warmup: 1, first: 1 });
    assert.equal(fake.requests.length, 2);
  });

  test('listGroupActivity sends group_key and id and returns what the writes recorded', async () => {
    const ref = { groupTypeIndex: 3, groupKey: 'proj:act' };
    await client.createGroup(P, { ...ref, groupProperties: { stage: 'alpha' } });
    await client.updateGroupProperty(P, ref, 'stage', 'beta');
    fake.clearRequests();
    const page = await client.listGroupActivity(P, ref, { page: 1, limit: 10 });
    assert.equal(page.total_count, 2);
    assert.deepEqual(
      page.results.map((r) => r.activity),
      ['update_property', 'create_group'],
    );
    assert.deepEqual(page.results[0]!.detail?.changes?.[0]?.after, 'beta');
    const query = new URLSearchParams(fake.requests[0]!.query);
    assert.equal(query.get('group_key'), 'proj:act');
    assert.equal(query.get('id'), 'proj:act');
    assert.equal(query.get('limit'), '10');
  });

  test('listGroupPropertyDefinitions falls back to project property definitions, remembered per host', async () => {
    const definitions = (await client.listGroupPropertyDefinitions(P, 0)).results;
    assert.ok(definitions.some((d) => d.name === 'industry'));
    assert.deepEqual(
      fake.requests.map((r) => `${r.path} ${r.status}`),
      ['/api/projects/1/groups/property_definitions/ 404', '/api/projects/1/property_definitions/ 200'],
    );
    const query = new URLSearchParams(fake.requests[1]!.query);
    assert.equal(query.get('type'), 'group');
    assert.equal(query.get('group_type_index'), '0');
    fake.clearRequests();
    const again = (await client.listGroupPropertyDefinitions(P, 0)).results;
    assert.deepEqual(
      again.map((d) => d.name),
      definitions.map((d) => d.name),
    );
    assert.equal(fake.requests.length, 1);
  });

  test('listGroupPropertyValues counts values of one property', async () => {
    const values = await client.listGroupPropertyValues(P, 0, 'industry');
    assert.ok(values.length > 0);
    assert.ok(values.every((v) => typeof v.name === 'string' && v.count > 0));
    const filtered = await client.listGroupPropertyValues(P, 0, 'industry', 'fin');
    assert.deepEqual(
      filtered.map((v) => v.name),
      ['finance'],
    );
  });
});

describe('hog functions', () => {
  test('a list asked by type still shows functions whose type is null as destinations (PostHog filters type IN (...))', async () => {
    const legacy = 'Legacy webhook (no type)';
    fake.clearRequests();
    const destinations = await client.listHogFunctions(P, { type: ['destination', 'site_destination'] });
    assert.ok(destinations.results.some((f) => f.name === legacy && f.type === 'destination'));
    assert.ok(destinations.results.every((f) => ['destination', 'site_destination'].includes(f.type)));
    assert.equal(destinations.count, undefined, "the server's count is of every type");
    // Asked without `type` (PostHog would leave the null row out), filtered here.
    assert.equal(new URLSearchParams(requestsTo(/hog_functions\/$/)[0]!.query).get('type'), null);
    const exported = await client.listHogFunctionsFull(P, { type: ['destination'] });
    assert.ok(exported.results.some((f) => f.name === legacy));
    assert.ok(exported.results.every((f) => f.type === 'destination'));
    // Types without null rows are still filtered by PostHog.
    const transformations = await client.listHogFunctions(P, { type: ['transformation'] });
    assert.ok(transformations.results.length > 0 && transformations.results.every((f) => f.type === 'transformation'));
    assert.equal(new URLSearchParams(requestsTo(/hog_functions\/$/).at(-1)!.query).get('type'), 'transformation');
  });

  test('listHogFunctions with filters, limit/offset pages and the full serializer', async () => {
    const all = await client.listHogFunctions(P);
    assert.ok(all.count !== undefined && all.count >= 3);
    assert.equal(all.results.length, all.count);
    const sites = await client.listHogFunctions(P, { type: ['site_destination', 'site_app'], enabled: true });
    assert.ok(sites.results.length > 0);
    assert.ok(sites.results.every((f) => ['site_destination', 'site_app'].includes(f.type) && f.enabled));
    const query = new URLSearchParams(requestsTo(/hog_functions\/$/)[1]!.query);
    assert.equal(query.get('type'), 'site_destination,site_app');
    assert.equal(query.get('enabled'), 'true');

    const page1 = await client.listHogFunctions(P, { limit: 2 });
    assert.equal(page1.results.length, 2);
    assert.ok(page1.next);
    const page2 = await client.listHogFunctions(P, {}, { pageUrl: page1.next! });
    assert.notEqual(page2.results[0]!.id, page1.results[0]!.id);

    const full = await client.listHogFunctions(P, { full: true, limit: 1 });
    assert.ok('inputs_schema' in full.results[0]!);
  });

  test('create, get, update, delete (soft) and restore a hog function', async () => {
    const created = await client.createHogFunction(P, {
      type: 'destination',
      name: 'From test',
      hog: 'fetch(inputs.url);',
      inputs_schema: [{ key: 'url', type: 'string', required: true }],
      inputs: { url: { value: 'https://example.com' } },
    });
    assert.equal(created.name, 'From test');
    assert.ok(Array.isArray(created.inputs_schema));
    const got = await client.getHogFunction(P, created.id);
    assert.equal(got.hog, 'fetch(inputs.url);');
    const updated = await client.updateHogFunction(P, created.id, { name: 'Renamed', base_updated_at: got.updated_at });
    assert.equal(updated.name, 'Renamed');
    await client.deleteHogFunction(P, created.id);
    assert.deepEqual(JSON.parse(JSON.stringify(fake.requests.at(-1))).method, 'PATCH');
    const gone = await failure(() => client.getHogFunction(P, created.id));
    assert.equal(gone.kind, 'not_found');
    const restored = await client.restoreHogFunction(P, created.id);
    assert.equal(restored.id, created.id);
    assert.equal((await client.getHogFunction(P, created.id)).name, 'Renamed');
  });

  test('broken Hog code is a validation error on hog', async () => {
    const e = await failure(() =>
      client.createHogFunction(P, { type: 'destination', name: 'Broken', hog: 'let x := ;' }),
    );
    assert.equal(e.kind, 'validation');
    assert.equal(e.attr, 'hog');
    assert.match(e.message, /^Couldn't create hog function: in the code, PostHog says ".+" Fix the code/);
  });

  test('invokeHogFunction returns status, errors and logs', async () => {
    const fn = (await client.listHogFunctions(P, { type: ['destination'], full: true })).results[0]!;
    const full = await client.getHogFunction(P, fn.id);
    const globals = {
      event: { uuid: '0190', event: '$pageview', distinct_id: 'u1', properties: {}, timestamp: '2026-01-01T00:00:00Z' },
      person: { id: 'p', properties: {} },
      groups: {},
      project: { id: 1, name: 'Default project' },
    };
    const run = (hog: string) =>
      client.invokeHogFunction(P, fn.id, {
        configuration: { type: full.type, hog, inputs_schema: full.inputs_schema, inputs: full.inputs, filters: {} },
        globals,
        mock_async_functions: true,
      });
    const ran = await run("print(f'hello {event.event}')");
    assert.equal(ran.status, 'success');
    assert.deepEqual(ran.errors, []);
    assert.ok(
      ran.logs.some((l) => l.message === 'hello $pageview'),
      JSON.stringify(ran.logs),
    );
    const failed = await run("throw Error('down')");
    assert.equal(failed.status, 'error');
    assert.deepEqual(failed.errors, ['down']);
  });

  test('an invocation rejected with a raw DRF error dict becomes a validation error with its field path', async () => {
    const fn = (await client.listHogFunctions(P, { type: ['destination'] })).results[0]!;
    const e = await failure(() =>
      client.invokeHogFunction(P, fn.id, {
        configuration: {
          type: 'destination',
          hog: 'fetch(inputs.url);',
          inputs_schema: [{ key: 'url', type: 'string', required: true }],
          inputs: {},
        },
        globals: { event: { event: '$pageview', properties: {} } },
      }),
    );
    assert.equal(e.kind, 'validation');
    assert.equal(e.attr, 'configuration__inputs__url');
    assert.equal(e.fieldPath, 'configuration.inputs.url');
    assert.match(e.message, /^Couldn't test hog function: in input "url", PostHog says ".+" Give input "url" a value/);

    const missingEvent = await failure(() =>
      client.invokeHogFunction(P, fn.id, { configuration: { type: 'destination', hog: 'return 1;' }, globals: {} }),
    );
    assert.equal(missingEvent.kind, 'validation');
    assert.equal(missingEvent.detail, 'Missing event');
  });

  test('logs, metrics and metric totals', async () => {
    const fn = (await client.listHogFunctions(P, { type: ['destination'] })).results[0]!;
    const logs = await client.listHogFunctionLogs(P, fn.id, { limit: 5, level: ['INFO', 'ERROR'] });
    assert.ok(logs.results.length <= 5);
    assert.ok(logs.results.every((l) => ['INFO', 'ERROR'].includes(l.level)));
    assert.equal(new URLSearchParams(requestsTo(/logs/)[0]!.query).get('level'), 'INFO,ERROR');
    const metrics = await client.getHogFunctionMetrics(P, fn.id, {
      after: '-7d',
      interval: 'day',
      breakdownBy: 'kind',
    });
    assert.ok(metrics.labels.length >= 7);
    assert.ok(metrics.series.every((s) => s.values.length === metrics.labels.length));
    const totals = await client.getHogFunctionMetricsTotals(P, fn.id, { after: '-30d' });
    assert.equal(typeof totals.totals, 'object');
    assert.equal(new URLSearchParams(requestsTo(/metrics\/$/)[0]!.query).get('breakdown_by'), 'kind');
  });
});

describe('errors from the local PostHog', () => {
  test('an invalid key is unauthorized (401 routes) and for group types (403 authentication_error)', async () => {
    const bad = clientFor('phx_not_a_real_key');
    try {
      const e401 = await failure(() => bad.findGroup(P, 0, 'x'));
      assert.equal(e401.kind, 'unauthorized');
      assert.equal(e401.status, 401);
      assert.equal(e401.message, "Couldn't find group: PostHog rejected your personal API key. Sign in again.");
      const e403 = await failure(() => bad.listGroupTypes(P));
      assert.equal(e403.kind, 'unauthorized');
      assert.equal(e403.status, 403);
    } finally {
      await bad.dispose();
    }
  });

  test('a missing scope names the scope and where to add it', async () => {
    const readOnly = clientFor(fake.addKey(['group:read']));
    try {
      const e = await failure(() => readOnly.updateGroupProperty(P, { groupTypeIndex: 0, groupKey: 'x' }, 'k', 'v'));
      assert.equal(e.kind, 'missing_scope');
      assert.equal(e.scope, 'group:write');
      assert.equal(
        e.message,
        `Couldn't update group property: your personal API key is missing the 'group:write' scope. Add it at ${fake.url}/settings/user-api-keys.`,
      );
    } finally {
      await readOnly.dispose();
    }
  });

  test('a project the user cannot access is forbidden; an unknown project is not_found', async () => {
    const forbidden = await failure(() => client.listGroupTypes(3));
    assert.equal(forbidden.kind, 'forbidden');
    assert.equal(
      forbidden.message,
      `Couldn't list group types: PostHog says "You don't have access to the project." (GET groups_types).`,
    );
    const missing = await failure(() => client.listGroupTypes(999));
    assert.equal(missing.kind, 'not_found');
    assert.match(missing.message, /Project not found/);
  });

  test('a throttle fault waits the stated seconds and then succeeds', async () => {
    const sleeps: number[] = [];
    const c = clientFor(fake.apiKey, { sleep: async (ms) => void sleeps.push(ms) });
    try {
      fake.addFault({ method: 'GET', path: /groups_types/, kind: 'throttle', seconds: 7, times: 1 });
      await c.listGroupTypes(P);
      assert.deepEqual(sleeps, [7000]);
      assert.deepEqual(
        fake.requests.map((r) => r.status),
        [429, 200],
      );
    } finally {
      await c.dispose();
    }
  });

  test('the local PostHog rate limits: a real 429 body is parsed into rate_limited with seconds', async () => {
    const c = clientFor(fake.apiKey, { retry: { maxRetries: 0 } });
    fake.setRateLimits({ burst: { limit: 1, windowMs: 60_000 }, sustained: { limit: 100, windowMs: 3_600_000 } });
    try {
      await c.listGroupTypes(P);
      const e = await failure(() => c.listGroupTypes(P));
      assert.equal(e.kind, 'rate_limited');
      assert.ok(e.retryAfterSeconds !== undefined && e.retryAfterSeconds > 0 && e.retryAfterSeconds <= 60);
    } finally {
      fake.setRateLimits(false);
      await c.dispose();
    }
  });

  test('a 503 fault on a GET is retried; on a POST it is reported', async () => {
    fake.addFault({ method: 'GET', path: /groups\/find/, kind: 'status', status: 503, times: 1 });
    const { results } = await client.listGroups(P, { groupTypeIndex: 0 });
    await client.findGroup(P, 0, results[0]!.group_key);
    fake.addFault({ method: 'POST', path: /groups\/update_property/, kind: 'status', status: 503, times: 1 });
    const e = await failure(() =>
      client.updateGroupProperty(P, { groupTypeIndex: 0, groupKey: results[0]!.group_key }, 'k', 'v'),
    );
    assert.equal(e.kind, 'server');
  });
});

describe('origin pinning', () => {
  test('a next URL on another origin is refused and the other origin gets no request', async () => {
    const other = await startServer((_req, res) => json(res, 200, { next: null, results: [] }));
    try {
      const e = await failure(() =>
        client.listGroups(
          P,
          { groupTypeIndex: 0 },
          { pageUrl: `${other.url}/api/projects/1/groups/?group_type_index=0&cursor=abc` },
        ),
      );
      assert.equal(e.kind, 'config');
      assert.equal(
        e.message,
        `Couldn't list groups: refusing to follow a pagination link to another origin (${other.url}).`,
      );
      // Also when a server's own page points elsewhere.
      const evil = await startServer((_req, res) =>
        json(res, 200, { next: `${other.url}/api/projects/1/groups/?cursor=x`, previous: null, results: [] }),
      );
      const evilClient = new PostHogClient({ host: evil.url, getApiKey: () => fake.apiKey, rateLimits: false });
      try {
        const iterated = await rejection(async () => {
          for await (const _ of evilClient.iterateGroups(P, { groupTypeIndex: 0 })) void _;
        });
        assert.equal(iterated.kind, 'config');
        assert.equal(evil.requests.length, 1);
      } finally {
        await evilClient.dispose();
        await evil.close();
      }
      assert.equal(other.requests.length, 0);
    } finally {
      await other.close();
    }
  });
});

test('the API key never appears in any error message or request event', () => {
  assert.ok(errors.length > 10);
  for (const e of errors)
    assert.ok(!e.message.includes(fake.apiKey) && !String(e.stack).includes(fake.apiKey), e.message);
  for (const e of events) assert.ok(!JSON.stringify(e).includes(fake.apiKey));
  assert.ok(events.every((e) => e.url.startsWith('/api/')));
});
