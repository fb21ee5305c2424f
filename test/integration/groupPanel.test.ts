// The group panel in a real extension host against the local PostHog: the panel's host is driven through
// `handleMessage`, the same door the webview's messages use, and the local PostHog's stored group is the judge.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { HostMessage } from '../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface StoredGroup {
  group_key: string;
  group_properties: Record<string, unknown>;
}
interface ActivityPage {
  results: {
    activity: string;
    detail: { name: string; changes: { action: string; before: unknown; after: unknown }[] };
  }[];
}

describe('group panel', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let nextId = 1;

  const open = async (groupKey: string): Promise<GroupPanel> => {
    const panel = await vscode.commands.executeCommand<GroupPanel | undefined>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey,
    });
    assert.ok(panel, `opening ${groupKey} returned no panel`);
    return panel;
  };
  const send = async (panel: GroupPanel, message: Record<string, unknown>): Promise<HostMessage> => {
    const reply = await panel.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    return reply;
  };
  const stored = async (groupKey: string): Promise<Record<string, unknown>> => {
    const group = await fake.group<StoredGroup>(0, groupKey);
    assert.ok(group, `no stored group ${groupKey}`);
    return group.group_properties;
  };
  const loaded = (properties: Record<string, unknown>, key: string) =>
    Object.hasOwn(properties, key) ? { present: true, value: properties[key] } : { present: false };
  const activity = async (groupKey: string): Promise<ActivityPage['results']> => {
    const query = new URLSearchParams({ group_type_index: '0', group_key: groupKey, limit: '50' });
    const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/groups/activity/?${query}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as ActivityPage).results;
  };
  const saveOutcome = (reply: HostMessage) => {
    assert.equal(reply.type, 'saveResult');
    assert.ok(
      reply.type === 'saveResult' && !reply.error,
      `save failed: ${reply.type === 'saveResult' ? reply.error?.message : ''}`,
    );
    assert.ok(reply.outcome);
    return reply.outcome;
  };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  afterEach(async () => {
    await fake.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel per group, titled with its name and type, and reuses it', async () => {
    const first = await open('org:1001');
    assert.equal((await send(first, { type: 'refresh' })).type, 'reply');
    const name = (await stored('org:1001')).name as string;
    await waitFor(
      () => first.panel.title === `${name} · Organization`,
      5_000,
      `title "${name} · Organization", got "${first.panel.title}"`,
    );
    assert.equal(first.panel.viewType, 'posthogWorkbench.group');
    const again = await open('org:1001');
    assert.equal(again, first);
    const other = await open('org:1002');
    assert.notEqual(other, first);
  });

  it('saves staged edits of every JSON type and records them in the activity log', async () => {
    const key = 'org:1003';
    const panel = await open(key);
    const before = await stored(key);
    const edits = [
      { key: 'plan', value: 'growth' },
      { key: 'employees', value: 4242 },
      { key: 'is_paying', value: !before.is_paying },
      { key: 'address', value: { street: '1 Main St', city: 'Oslo', country: 'NO', zip: ['0150'] } },
      { key: 'scores', value: [1, 2.5, 'three', { four: 4 }] },
      { key: 'added <img src=x onerror=alert(1)>', value: '<img src=x onerror=alert(1)>' },
    ].map((e) => ({ ...e, loaded: loaded(before, e.key) }));
    const outcome = saveOutcome(await send(panel, { type: 'save', edits, overwrite: false }));
    assert.deepEqual(outcome, { kind: 'done', saved: edits.map((e) => e.key), notAttempted: [] });
    const after = await stored(key);
    for (const edit of edits) assert.deepStrictEqual(after[edit.key], edit.value, `stored ${edit.key}`);
    assert.equal(after.name, before.name, 'untouched properties stay');
    const log = await activity(key);
    const changed = log.find((e) => e.detail.name === 'employees');
    assert.ok(changed, 'an activity entry for employees');
    assert.deepEqual(changed.detail.changes[0], {
      type: 'Group',
      action: 'changed',
      field: null,
      before: before.employees,
      after: 4242,
    });
    assert.equal(log.find((e) => e.detail.name === 'added <img src=x onerror=alert(1)>')?.activity, 'create_property');
  });

  it('reports saved / failed / not attempted when the 2nd of 3 keys fails, and a retry completes', async () => {
    const key = 'org:1004';
    const panel = await open(key);
    const before = await stored(key);
    await fake.addFault({
      method: 'POST',
      path: 'groups/update_property',
      kind: 'body',
      status: 400,
      body: {
        type: 'validation_error',
        code: 'invalid_input',
        detail: 'Simulated rejection of this value.',
        attr: 'value',
      },
      skip: 1,
      times: 1,
    });
    const edits = ['first', 'second', 'third'].map((k, i) => ({ key: k, value: i + 1, loaded: loaded(before, k) }));
    const outcome = saveOutcome(await send(panel, { type: 'save', edits, overwrite: false }));
    assert.equal(outcome.kind, 'done');
    assert.ok(outcome.kind === 'done');
    assert.deepEqual(outcome.saved, ['first']);
    assert.equal(outcome.failed?.key, 'second');
    assert.match(outcome.failed?.error.message ?? '', /Simulated rejection of this value\./);
    assert.deepEqual(outcome.notAttempted, ['third']);
    let now = await stored(key);
    assert.equal(now.first, 1);
    assert.equal(Object.hasOwn(now, 'second'), false);
    assert.equal(Object.hasOwn(now, 'third'), false);

    // The webview keeps the failed and unattempted edits staged and sends them again.
    const retry = saveOutcome(await send(panel, { type: 'save', edits: edits.slice(1), overwrite: false }));
    assert.deepEqual(retry, { kind: 'done', saved: ['second', 'third'], notAttempted: [] });
    now = await stored(key);
    assert.deepEqual([now.first, now.second, now.third], [1, 2, 3]);
  });

  it('asks before overwriting a value someone else changed since the panel loaded it', async () => {
    const key = 'org:1005';
    const panel = await open(key);
    const before = await stored(key);
    // Another user changes the industry in PostHog meanwhile.
    const response = await fetch(
      `${fake.url}/api/projects/${fake.projectId}/groups/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'industry', value: 'theirs' }),
      },
    );
    assert.equal(response.status, 200);
    const edits = [{ key: 'industry', value: 'mine', loaded: loaded(before, 'industry') }];
    const conflict = saveOutcome(await send(panel, { type: 'save', edits, overwrite: false }));
    assert.deepEqual(conflict, {
      kind: 'conflict',
      conflicts: [{ key: 'industry', current: { present: true, value: 'theirs' } }],
    });
    assert.equal((await stored(key)).industry, 'theirs', 'nothing written before the user chose');
    const overwritten = saveOutcome(await send(panel, { type: 'save', edits, overwrite: true }));
    assert.deepEqual(overwritten, { kind: 'done', saved: ['industry'], notAttempted: [] });
    assert.equal((await stored(key)).industry, 'mine');
  });

  it('saves a staged delete with the staged values, and a delete of a value someone changed is a conflict', async () => {
    const key = 'org:1031';
    const panel = await open(key);
    const before = await stored(key);
    assert.ok(Object.hasOwn(before, 'address'));
    const edits = [
      { key: 'plan', value: 'staged-with-a-delete', loaded: loaded(before, 'plan') },
      { key: 'address', delete: true, loaded: loaded(before, 'address') },
    ];
    assert.deepEqual(saveOutcome(await send(panel, { type: 'save', edits, overwrite: false })), {
      kind: 'done',
      saved: ['plan', 'address'],
      notAttempted: [],
    });
    const after = await stored(key);
    assert.equal(after.plan, 'staged-with-a-delete');
    assert.equal(Object.hasOwn(after, 'address'), false);

    // Someone sets the property again after it was loaded: deleting it now would lose their value.
    const response = await fetch(
      `${fake.url}/api/projects/${fake.projectId}/groups/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'address', value: 'theirs' }),
      },
    );
    assert.equal(response.status, 200);
    const stale = [{ key: 'address', delete: true, loaded: { present: true, value: before.address } }];
    assert.deepEqual(saveOutcome(await send(panel, { type: 'save', edits: stale, overwrite: false })), {
      kind: 'conflict',
      conflicts: [{ key: 'address', current: { present: true, value: 'theirs' } }],
    });
    assert.equal((await stored(key)).address, 'theirs');
  });

  it('deletes a property and undo puts the old value back', async () => {
    const key = 'org:1006';
    const panel = await open(key);
    const old = (await stored(key)).address;
    assert.ok(old && typeof old === 'object');
    const deleted = await send(panel, { type: 'delete', key: 'address' });
    assert.deepEqual(deleted, { type: 'reply', id: nextId - 1 });
    assert.equal(Object.hasOwn(await stored(key), 'address'), false);
    await send(panel, { type: 'restore', key: 'address', value: old });
    assert.deepStrictEqual((await stored(key)).address, old);
    const actions = (await activity(key))
      .filter((e) => e.detail.name === 'address')
      .map((e) => e.detail.changes[0]?.action);
    assert.deepEqual(actions.slice(0, 2), ['created', 'deleted']);
  });

  it('drops malformed messages and refuses null values before sending', async () => {
    const panel = await open('org:1007');
    assert.equal(await panel.handleMessage({ type: 'runCommand', command: 'workbench.action.quit' }), undefined);
    assert.equal(
      await panel.handleMessage({
        type: 'save',
        id: 1,
        overwrite: false,
        edits: [{ key: 'a', value: null, loaded: { present: false } }],
      }),
      undefined,
    );
    await fake.clearRequests();
    assert.equal(await panel.handleMessage({ type: 'restore', id: 2, key: 'a', value: null }), undefined);
    assert.deepEqual(
      (await fake.requests()).filter((r) => r.path.startsWith('/api/')),
      [],
    );
  });
});
