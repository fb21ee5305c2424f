// The client's template, full-list and revision endpoints against the local PostHog, on the newest server
// and on one that answers like an older PostHog (no drafts or revisions).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { PostHogClient, type PostHogError } from '../../../src/api';
import { json, rejection, startServer, testClient } from './helpers';

const P = 1;
const clientOf = (fake: FakePostHog) =>
  new PostHogClient({ host: fake.url, getApiKey: () => fake.apiKey, rateLimits: false, sleep: async () => undefined });

describe('templates', () => {
  let fake: FakePostHog;
  let client: PostHogClient;
  before(async () => {
    fake = await startFakePostHog({ rateLimits: false });
    client = clientOf(fake);
  });
  after(async () => {
    await client.dispose();
    await fake.close();
  });

  test('lists the templates of one type, sparse rows included, in one request per page', async () => {
    fake.clearRequests();
    const { templates, unreadable } = await client.listHogFunctionTemplates(P, ['destination']);
    assert.deepEqual(unreadable, []);
    const avo = templates.find((t) => t.id === 'template-avo');
    assert.ok(avo);
    assert.equal(avo.description, null);
    assert.equal(avo.status, undefined);
    assert.deepEqual(
      fake.requests.map((r) => `${r.path}?${r.query}`),
      ['/api/projects/1/hog_function_templates/?type=destination'],
    );
    // Exactly what PostHog's destination chooser offers: alpha, beta, stable and no status; not hidden or coming soon.
    assert.deepEqual([...new Set(templates.map((t) => t.status ?? 'none'))].sort(), [
      'alpha',
      'beta',
      'none',
      'stable',
    ]);
    assert.ok(!templates.some((t) => t.id === 'template-posthog-capture'), 'hidden: a building block of workflows');
    assert.ok(!templates.some((t) => t.id === 'template-linear'), 'coming soon');
    const both = await client.listHogFunctionTemplates(P, ['site_destination', 'site_app']);
    assert.deepEqual(both.templates.map((t) => t.type).sort(), ['site_app', 'site_destination']);
  });

  test('gets one template by id, and reports an unknown one as not found', async () => {
    assert.equal((await client.getHogFunctionTemplate(P, 'template-zapier')).status, 'deprecated');
    const e = (await rejection(() => client.getHogFunctionTemplate(P, 'template-nope'))) as unknown as PostHogError;
    assert.equal(e.kind, 'not_found');
  });

  test('skips a template row without an id instead of failing the list', async () => {
    const server = await startServer((_req, res) =>
      json(res, 200, {
        count: 2,
        next: null,
        previous: null,
        results: [{ name: 'No id' }, { id: 'template-ok', name: null, type: 'destination', inputs_schema: null }],
      }),
    );
    const { client: odd } = testClient(server.url);
    try {
      const list = await odd.listHogFunctionTemplates(P, ['destination']);
      assert.deepEqual(
        list.unreadable.map((r) => `${r.index}:${r.field}`),
        ['0:id'],
      );
      assert.deepEqual(
        list.templates.map((t) => t.id),
        ['template-ok'],
      );
    } finally {
      await odd.dispose();
      await server.close();
    }
  });

  test('lists functions with the full serializer across pages, reporting a row that does not validate', async () => {
    const { results: functions, unreadable } = await client.listHogFunctionsFull(P);
    assert.ok(functions.length >= 10);
    assert.ok(functions.every((f) => Array.isArray(f.inputs_schema)));
    assert.deepEqual(unreadable, []);
    const server = await startServer((_req, res) =>
      json(res, 200, { count: 2, next: null, results: [{ id: 'a', type: 'destination' }, { ...functions[0] }] }),
    );
    const { client: odd } = testClient(server.url);
    try {
      const partial = await odd.listHogFunctionsFull(P);
      assert.equal(partial.results.length, 1);
      assert.equal(partial.unreadable[0]?.hint, 'a');
    } finally {
      await odd.dispose();
      await server.close();
    }
  });
});

describe('revisions, drafts and publish', () => {
  let fake: FakePostHog;
  let older: FakePostHog;
  let client: PostHogClient;
  let olderClient: PostHogClient;
  before(async () => {
    fake = await startFakePostHog({ rateLimits: false });
    older = await startFakePostHog({ rateLimits: false, release: 'older' });
    client = clientOf(fake);
    olderClient = clientOf(older);
  });
  after(async () => {
    await Promise.all([client.dispose(), olderClient.dispose()]);
    await Promise.all([fake.close(), older.close()]);
  });
  const idOf = (f: FakePostHog, name: string) => f.state.hogFunctions.find((fn) => fn.name === name)?.id ?? '';

  test('lists revisions, reads one, restores it into a draft and publishes it in two steps', async () => {
    const id = idOf(fake, 'Webhook: billing service');
    const original = await client.getHogFunction(P, id);
    await client.updateHogFunction(P, id, { hog: "print('second');" });
    const revisions = await client.listHogFunctionRevisions(P, id);
    assert.deepEqual(
      revisions?.map((r) => r.version),
      [(original.version ?? 0) + 1, original.version],
    );
    const first = await client.getHogFunctionRevision(P, id, original.version ?? 0);
    assert.equal(first?.content?.hog, original.hog);

    const restored = await client.restoreHogFunctionRevision(P, id, original.version ?? 0, false);
    assert.ok(restored?.draft);
    const again = (await rejection(() =>
      client.restoreHogFunctionRevision(P, id, original.version ?? 0, false),
    )) as unknown as PostHogError;
    assert.equal(again.status, 409);
    assert.equal(again.code, 'draft_exists');

    const preview = await client.previewHogFunctionPublish(P, id);
    assert.deepEqual(preview?.changed_fields, ['hog']);
    const published = await client.confirmHogFunctionPublish(P, id, preview?.confirm_token ?? undefined);
    assert.equal(published?.function?.hog, original.hog);
    assert.equal((await client.discardHogFunctionDraft(P, id))?.draft, null);
  });

  test('an older server: every call answers undefined, and only the first one asks the server', async () => {
    const id = idOf(older, 'Webhook: billing service');
    older.clearRequests();
    assert.equal(await olderClient.listHogFunctionRevisions(P, id), undefined);
    assert.equal(await olderClient.previewHogFunctionPublish(P, id), undefined);
    assert.equal(await olderClient.restoreHogFunctionRevision(P, id, 1, false), undefined);
    assert.deepEqual(
      older.requests.map((r) => `${r.method} ${r.status}`),
      ['GET 404'],
      'probed once for this host',
    );
    // The newest host is unaffected by what the older one showed.
    assert.ok(Array.isArray(await client.listHogFunctionRevisions(P, idOf(fake, 'Slack: new paying customer'))));
  });

  test('a missing function or revision is an error, not a missing feature', async () => {
    const e = (await rejection(() =>
      client.getHogFunctionRevision(P, idOf(fake, 'Slack: new paying customer'), 999),
    )) as unknown as PostHogError;
    assert.equal(e.kind, 'not_found');
    assert.match(e.message, /No such revision/);
  });
});
