// The push and pull rules: what counts as changed, what is sent, when the user is asked first, and the tree's states.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FunctionConfig, FunctionState } from '../../../src/core/functions/functionFiles';
import {
  changedFields,
  createBody,
  patchBody,
  planPull,
  planPush,
  syncState,
  type SyncRecord,
} from '../../../src/core/functions/sync';
import { SyncRecords } from '../../../src/core/functions/syncRecords';

const config: FunctionConfig = {
  type: 'destination',
  name: 'Webhook',
  description: '',
  enabled: false,
  execution_order: null,
  template_id: 'template-webhook',
  inputs_schema: [
    { key: 'url', type: 'string', required: true },
    { key: 'token', type: 'string', secret: true, required: true },
  ],
  inputs: { url: { value: 'https://a.example' }, token: { secret: true } },
  filters: { events: [{ id: '$pageview' }] },
  mappings: null,
  masking: null,
};
const base: FunctionState = { source: 'fetch(inputs.url);\n', config };
const edit = (state: FunctionState, change: Partial<FunctionConfig> & { source?: string }): FunctionState => {
  const { source, ...rest } = change;
  return { source: source ?? state.source, config: { ...state.config, ...rest } };
};
const record = (server: FunctionState, local = server): SyncRecord => ({
  serverUpdatedAt: '2026-01-01T00:00:00Z',
  server,
  local,
});

describe('what changed', () => {
  it('compares field by field, ignoring key order inside JSON fields', () => {
    const reordered = edit(base, {
      filters: { events: [{ id: '$pageview' }] },
      inputs: { token: { secret: true }, url: { value: 'https://a.example' } },
    });
    assert.deepEqual(changedFields(reordered, base), []);
    assert.deepEqual(changedFields(edit(base, { source: 'print(1);\n', name: 'Renamed' }), base), ['name', 'hog']);
  });

  it('builds a PATCH of exactly the changed fields, the source as hog and secret markers kept', () => {
    const local = edit(base, {
      source: 'print(1);\n',
      inputs: { url: { value: 'https://b.example' }, token: { secret: true } },
    });
    assert.deepEqual(patchBody(local, changedFields(local, base)), {
      hog: 'print(1);\n',
      inputs: { url: { value: 'https://b.example' }, token: { secret: true } },
    });
  });
});

describe('push', () => {
  it('sends what changed in the files since the last sync when PostHog did not change', () => {
    // PostHog normalised the schema on the last push (filled defaults), so server and files differ in it: not a change.
    const server = edit(base, { inputs_schema: config.inputs_schema.map((e) => ({ ...e, hidden: false })) });
    const local = edit(base, { source: 'print(2);\n' });
    assert.deepEqual(planPush(local, server, record(server, base)), { kind: 'send', fields: ['hog'] });
    assert.deepEqual(planPush(base, server, record(server, base)), { kind: 'unchanged' });
  });

  it('asks first when PostHog changed too, then sends every field that differs', () => {
    const server = edit(base, { name: 'Renamed in PostHog' });
    const local = edit(base, { source: 'print(3);\n' });
    assert.deepEqual(planPush(local, server, record(base)), { kind: 'conflict', fields: ['name', 'hog'] });
  });

  it('sends nothing when only PostHog changed (that would undo it), or when both already agree', () => {
    const server = edit(base, { enabled: true });
    assert.deepEqual(planPush(base, server, record(base)), { kind: 'behind' });
    assert.deepEqual(planPush(server, server, record(base)), { kind: 'unchanged' });
  });

  it('asks first when this workspace never synced the function and it differs', () => {
    assert.deepEqual(planPush(edit(base, { description: 'mine' }), base, undefined), {
      kind: 'conflict',
      fields: ['description'],
    });
    assert.deepEqual(planPush(base, base, undefined), { kind: 'unchanged' });
  });
});

describe('pull', () => {
  it("writes PostHog's version over files without changes of their own", () => {
    assert.deepEqual(planPull(base, edit(base, { name: 'New' }), record(base)), { kind: 'write' });
  });

  it('shows the difference first when the files changed, were never synced here, or do not parse', () => {
    const server = edit(base, { name: 'New' });
    assert.deepEqual(planPull(edit(base, { source: 'mine' }), server, record(base)), { kind: 'conflict' });
    assert.deepEqual(planPull(base, server, undefined), { kind: 'conflict' });
    assert.deepEqual(planPull(undefined, server, record(base)), { kind: 'conflict' });
  });

  it('has nothing to do when both are as last synced, even if they differ by what PostHog normalised', () => {
    const server = edit(base, { filters: { ...config.filters, source: 'events' } });
    assert.deepEqual(planPull(base, server, record(server, base)), { kind: 'unchanged' });
    assert.deepEqual(planPull(server, server, undefined), { kind: 'unchanged' });
  });
});

describe("the tree's sync state", () => {
  it("reads the files against the last sync and the list's updated_at against the one synced", () => {
    const r = record(base);
    assert.equal(syncState(base, r, r.serverUpdatedAt), 'in-sync');
    assert.equal(syncState(base, r, undefined), 'in-sync');
    assert.equal(syncState(edit(base, { source: 'x' }), r, r.serverUpdatedAt), 'local-changes');
    assert.equal(syncState(base, r, '2026-02-01T00:00:00Z'), 'server-changes');
    assert.equal(syncState(edit(base, { source: 'x' }), r, '2026-02-01T00:00:00Z'), 'both-changed');
    assert.equal(syncState(base, undefined, r.serverUpdatedAt), 'not-synced');
    assert.equal(syncState(undefined, r, r.serverUpdatedAt), 'invalid');
  });
});

describe('pushing as a new function', () => {
  it('creates what the files say, disabled unless asked, with the secrets given now and no markers', () => {
    const local = edit(base, { enabled: true, execution_order: 3 });
    assert.deepEqual(createBody(local, { enabled: false, secrets: { token: 'typed-now' } }), {
      type: 'destination',
      name: 'Webhook',
      description: '',
      enabled: false,
      hog: base.source,
      inputs_schema: config.inputs_schema,
      inputs: { url: { value: 'https://a.example' }, token: { value: 'typed-now' } },
      filters: config.filters,
      mappings: null,
      masking: null,
      execution_order: 3,
      template_id: 'template-webhook',
    });
    const withoutSecret = createBody(edit(base, { template_id: null }), { enabled: true, secrets: {} });
    assert.deepEqual(withoutSecret.inputs, { url: { value: 'https://a.example' } });
    assert.equal('template_id' in withoutSecret, false);
    assert.equal('execution_order' in withoutSecret, false);
  });
});

describe('sync records', () => {
  it('keeps records per project and function across instances, and shrugs off a damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phwb-sync-'));
    try {
      const records = new SyncRecords(dir);
      await records.set('https://us.posthog.com/project/1', 'f1', record(base));
      await records.set('https://us.posthog.com/project/2', 'f1', record(edit(base, { name: 'prod' })));
      const again = new SyncRecords(dir);
      assert.equal(again.get('https://us.posthog.com/project/1', 'f1')?.server.config.name, 'Webhook');
      assert.equal(again.get('https://us.posthog.com/project/2', 'f1')?.server.config.name, 'prod');
      await again.delete('https://us.posthog.com/project/2', 'f1');
      assert.equal(new SyncRecords(dir).get('https://us.posthog.com/project/2', 'f1'), undefined);
      assert.match(await readFile(join(dir, 'hog-function-sync.json'), 'utf8'), /project\/1#f1/);

      // A burst of changes lands with every change in it, in fewer writes than changes.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          records.set('https://us.posthog.com/project/1', `burst${i}`, record(edit(base, { name: `n${i}` }))),
        ),
      );
      const reread = new SyncRecords(dir);
      for (let i = 0; i < 20; i++)
        assert.equal(reread.get('https://us.posthog.com/project/1', `burst${i}`)?.server.config.name, `n${i}`);
      await records.setMany(
        [1, 2].map((i) => ({
          projectKey: 'https://us.posthog.com/project/1',
          functionId: `many${i}`,
          record: record(edit(base, { name: `m${i}` })),
        })),
      );
      assert.equal(new SyncRecords(dir).get('https://us.posthog.com/project/1', 'many2')?.server.config.name, 'm2');

      await writeFile(join(dir, 'hog-function-sync.json'), '{"x": {"serverUpdatedAt": 1}, "broken');
      assert.equal(new SyncRecords(dir).get('https://us.posthog.com/project/1', 'f1'), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
