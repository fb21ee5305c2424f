import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakePostHog } from '../../fake-posthog/index';
import { P, call, useFake } from './helpers';

describe('fake PostHog: versions, revisions, drafts and publish (newest server)', () => {
  const fake = useFake();
  /** By seeded name, whatever a test renamed it to since. */
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    const id = ids.get(name) ?? fake().state.hogFunctions.find((f) => f.name === name)?.id;
    assert.ok(id, name);
    ids.set(name, id);
    return id;
  };
  const fn = (path: string) => `${P}/hog_functions/${path}`;

  it('versions a live config change and keeps the replaced config as the first revision', async () => {
    const id = idOf('Webhook: billing service');
    const before = await call(fake(), 'GET', fn(`${id}/`));
    assert.equal(
      (await call(fake(), 'GET', fn(`${id}/revisions/`))).body.count,
      0,
      'no backfill: no revisions before the first tracked change',
    );

    const renamed = await call(fake(), 'PATCH', fn(`${id}/`), { body: { name: 'Billing webhook' } });
    assert.equal(renamed.body.version, before.body.version, 'metadata is not versioned');
    const edited = await call(fake(), 'PATCH', fn(`${id}/`), { body: { hog: "print('v2');" } });
    assert.equal(edited.body.version, before.body.version + 1);

    const list = await call(fake(), 'GET', fn(`${id}/revisions/`));
    assert.deepEqual(
      list.body.results.map((r: { version: number }) => r.version),
      [before.body.version + 1, before.body.version],
    );
    assert.equal(list.body.results[1].created_by, null);
    assert.equal(list.body.results[0].created_by.email, 'ada@example.com');
    assert.equal('content' in list.body.results[0], false);
    const old = await call(fake(), 'GET', fn(`${id}/revisions/${before.body.version}/`));
    assert.equal(old.body.content.hog, before.body.hog);
    assert.equal(
      (await call(fake(), 'GET', fn(`${id}/revisions/999/`))).body.detail,
      'No such revision for this function.',
    );
  });

  it('never puts secret values in a revision', async () => {
    const id = idOf('Slack: new paying customer');
    await call(fake(), 'PATCH', fn(`${id}/`), { body: { hog: "print('changed');" } });
    const list = await call(fake(), 'GET', fn(`${id}/revisions/`));
    for (const r of list.body.results) {
      const detail = await call(fake(), 'GET', fn(`${id}/revisions/${r.version}/`));
      assert.doesNotMatch(detail.text, /seed-secret-value/);
      assert.equal('webhook_url' in detail.body.content.inputs, false);
    }
  });

  it('restores a revision into a draft, refuses to replace an open draft unless told, then publishes in two steps', async () => {
    const id = idOf('Webhook: billing service');
    const versions = (await call(fake(), 'GET', fn(`${id}/revisions/`))).body.results.map(
      (r: { version: number }) => r.version,
    );
    const oldest = versions[versions.length - 1];
    const live = (await call(fake(), 'GET', fn(`${id}/`))).body;
    const restored = await call(fake(), 'POST', fn(`${id}/revisions/${oldest}/restore/`), { body: {} });
    assert.equal(restored.status, 200);
    assert.notEqual(restored.body.draft.hog, live.hog);
    assert.equal(restored.body.hog, live.hog, 'the live config is untouched');
    assert.ok(restored.body.draft_updated_at);

    const conflict = await call(fake(), 'POST', fn(`${id}/revisions/${oldest}/restore/`), { body: {} });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.code, 'draft_exists');
    assert.equal(
      (await call(fake(), 'POST', fn(`${id}/revisions/${oldest}/restore/`), { body: { overwrite: true } })).status,
      200,
    );

    const preview = await call(fake(), 'POST', fn(`${id}/publish/`), { body: {} });
    assert.equal(preview.body.published, false);
    assert.deepEqual(preview.body.changed_fields, ['hog']);
    assert.ok(preview.body.confirm_token);
    // The function is disabled: confirming needs no token. An enabled one is covered below.
    const published = await call(fake(), 'POST', fn(`${id}/publish/`), { body: { confirm: true } });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.function.hog, restored.body.draft.hog);
    assert.equal(published.body.function.draft, null);
    assert.equal(
      (await call(fake(), 'POST', fn(`${id}/publish/`), { body: {} })).body.detail,
      'This function has no staged draft to publish.',
    );
  });

  it('stages agent edits of a running destination as a draft; publishing it needs a fresh token', async () => {
    const id = idOf('Slack: new paying customer');
    const live = (await call(fake(), 'GET', fn(`${id}/`))).body;
    const staged = await call(fake(), 'PATCH', fn(`${id}/`), {
      body: { hog: "print('from an agent');" },
      headers: { 'x-posthog-client': 'mcp' },
    });
    assert.equal(staged.body.hog, live.hog);
    assert.equal(staged.body.draft.hog, "print('from an agent');");
    assert.deepEqual(staged.body.draft.inputs.webhook_url, { secret: true });

    assert.equal(
      (await call(fake(), 'POST', fn(`${id}/publish/`), { body: { confirm: true } })).body.attr,
      'confirm_token',
    );
    assert.equal(
      (await call(fake(), 'POST', fn(`${id}/publish/`), { body: { confirm: true, confirm_token: 'forged:1:x' } })).body
        .detail,
      'Invalid. Call publish without confirm first to see what would change and get a token.',
    );
    const token = (await call(fake(), 'POST', fn(`${id}/publish/`), { body: {} })).body.confirm_token;
    await call(fake(), 'PATCH', fn(`${id}/`), { body: { name: 'Renamed meanwhile' } });
    const stale = await call(fake(), 'POST', fn(`${id}/publish/`), { body: { confirm: true, confirm_token: token } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'stale_update');
    const fresh = (await call(fake(), 'POST', fn(`${id}/publish/`), { body: {} })).body.confirm_token;
    const published = await call(fake(), 'POST', fn(`${id}/publish/`), {
      body: { confirm: true, confirm_token: fresh },
    });
    assert.equal(published.body.function.hog, "print('from an agent');");
    const stored = fake().state.hogFunctions.find((f) => f.id === id);
    assert.equal(
      stored?.encrypted_inputs.webhook_url?.value,
      'https://hooks.slack.com/services/T000/B000/seed-secret-value',
      'publishing keeps the live secret',
    );
  });

  it('refuses to enable over an open draft, discards idempotently, and answers a stale base_updated_at with 409', async () => {
    const id = idOf('HubSpot: sync organizations');
    await call(fake(), 'PATCH', fn(`${id}/`), {
      body: { hog: "print('agent');" },
      headers: { 'x-posthog-client': 'mcp' },
    });
    await call(fake(), 'PATCH', fn(`${id}/`), { body: { enabled: false } });
    const enable = await call(fake(), 'PATCH', fn(`${id}/`), { body: { enabled: true } });
    assert.equal(enable.status, 400);
    assert.equal(enable.body.attr, 'enabled');
    assert.equal((await call(fake(), 'POST', fn(`${id}/discard_draft/`))).body.draft, null);
    assert.equal((await call(fake(), 'POST', fn(`${id}/discard_draft/`))).status, 200);
    const stale = await call(fake(), 'PATCH', fn(`${id}/`), {
      body: { hog: "print('x');", base_updated_at: '2020-01-01T00:00:00Z' },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.type, 'server_error');
  });
});

describe('fake PostHog: an older server without drafts and revisions', () => {
  it('has no such routes, no version or draft fields, and ignores base_updated_at', async () => {
    const fake = await startFakePostHog({ release: 'older' });
    try {
      const id = fake.state.hogFunctions.find((f) => f.name === 'Webhook: billing service')?.id;
      for (const [method, path] of [
        ['GET', 'revisions/'],
        ['GET', 'revisions/1/'],
        ['POST', 'revisions/1/restore/'],
        ['POST', 'publish/'],
        ['POST', 'discard_draft/'],
      ] as const) {
        const r = await call(fake, method, `${P}/hog_functions/${id}/${path}`, method === 'POST' ? { body: {} } : {});
        assert.equal(r.status, 404, path);
        assert.equal(r.body.detail, 'Endpoint not found.', path);
      }
      const got = await call(fake, 'GET', `${P}/hog_functions/${id}/`);
      for (const field of ['version', 'draft', 'draft_updated_at']) assert.equal(field in got.body, false, field);
      const saved = await call(fake, 'PATCH', `${P}/hog_functions/${id}/`, {
        body: { hog: "print('old server');", base_updated_at: '2020-01-01T00:00:00Z' },
      });
      assert.equal(saved.status, 200);
      fake.reset();
      assert.equal(fake.state.release, 'older', 'a reset keeps the server version');
    } finally {
      await fake.close();
    }
  });
});
