// The group panel's Related tab state: asked for once, its items or its error, and dropped with the group when a
// preview panel moves on to another one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panelEditsSchema, webviewMessageSchema } from '../../../src/shared/protocol/groupPanel';
import { receive, relatedReplied, relatedStarted, restore, selectTab } from '../../../src/webview/groupPanel/state';

const init = (groupKey: string) => ({
  type: 'init' as const,
  groupTypeIndex: 0,
  groupKey,
  groupTypeName: 'Organization',
  group: null,
  activity: null,
  fresh: true,
});

describe('group panel: related', () => {
  it('loads, shows items or an error, and starts over for another group', () => {
    let s = receive(restore(undefined), init('org:1'));
    s = selectTab(s, 'related');
    assert.equal(s.tab, 'related');
    assert.equal(s.related.items, undefined);
    s = relatedStarted(s);
    assert.equal(s.related.loading, true);
    const failed = relatedReplied(s, { error: { message: 'Nope', kind: 'server', signIn: false } });
    assert.deepEqual(failed.related, { loading: false, error: { message: 'Nope', kind: 'server', signIn: false } });
    s = relatedReplied(s, {
      items: [{ kind: 'group', id: 'ws-1', label: 'Main', detail: 'Workspace', groupTypeIndex: 1 }],
    });
    assert.deepEqual(s.related, {
      items: [{ kind: 'group', id: 'ws-1', label: 'Main', detail: 'Workspace', groupTypeIndex: 1 }],
      loading: false,
    });
    s = receive(s, init('org:2'));
    assert.equal(s.related.items, undefined);
  });

  it('the Related tab is kept across a reload, and its messages validate', () => {
    assert.ok(panelEditsSchema.safeParse({ tab: 'related' }).success);
    assert.ok(webviewMessageSchema.safeParse({ type: 'loadRelated', id: 1 }).success);
    assert.ok(
      webviewMessageSchema.safeParse({
        type: 'openRelated',
        item: { kind: 'person', id: 'u', label: 'Ada', detail: 'ada' },
      }).success,
    );
    assert.equal(
      webviewMessageSchema.safeParse({ type: 'openRelated', item: { kind: 'robot', id: 'u', label: 'x', detail: '' } })
        .success,
      false,
    );
  });
});
