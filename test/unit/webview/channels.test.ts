// The request plumbing of webview panels in plain Node, both ends real and wired to each other in memory: the
// webview's HostChannel (src/webview/common) and the extension's WebviewChannel (src/extension/panels). Every request gets
// exactly one reply of its type, a request the host cannot read or fails still gets one (so no button waits on
// "Saving…" forever), and the group panel's actions turn those replies into state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { WebviewChannel } from '../../../src/extension/panels/webviewChannel';
import type { Notification } from '../../../src/shared/protocol/common';
import {
  groupPanelReplies,
  hostMessageSchema,
  webviewMessageSchema,
  type GroupPanelReplies,
  type HostMessage,
  type WebviewMessage,
  type WebviewRequest,
} from '../../../src/shared/protocol/groupPanel';
import { HostChannel } from '../../../src/webview/common/hostChannel';
import { Store } from '../../../src/webview/common/store';
import { createActions } from '../../../src/webview/groupPanel/actions';
import * as s from '../../../src/webview/groupPanel/state';

type Answer = (request: WebviewRequest) => Promise<HostMessage>;

/** A webview and a host end connected through a message queue, as VS Code connects them. */
function connect(
  answer: Answer,
  schema: { safeParse(m: unknown): ReturnType<typeof webviewMessageSchema.safeParse> } = webviewMessageSchema,
) {
  const warnings: string[] = [];
  const toWebview: unknown[] = [];
  const fromWebview: unknown[] = [];
  const notifications: Notification<HostMessage>[] = [];
  const log = { warn: (m: string) => void warnings.push(m) } as unknown as vscode.LogOutputChannel;
  const webview: HostChannel<WebviewMessage, HostMessage, GroupPanelReplies> = new HostChannel(
    {
      postMessage: (m: unknown) =>
        void queueMicrotask(() => {
          fromWebview.push(m);
          void host.receive(structuredClone(m));
        }),
    },
    { schema: hostMessageSchema, replies: groupPanelReplies },
    (m) => notifications.push(m),
  );
  const host: WebviewChannel<WebviewMessage, HostMessage> = new WebviewChannel({
    name: 'Test panel',
    schema,
    replies: groupPanelReplies,
    post: (m) =>
      queueMicrotask(() => {
        toWebview.push(m);
        webview.receive(structuredClone(m));
      }),
    log,
    answer,
    notify: async () => undefined,
    failure: (_request, error) => ({
      message: error instanceof Error ? error.message : String(error),
      kind: 'server',
      signIn: false,
    }),
  });
  return { webview, host, warnings, toWebview, fromWebview, notifications };
}

const noGroup: Answer = async (r) => ({ type: 'reply', id: r.id });

describe('webview store', () => {
  it('tells each subscriber once per change, with the state before it, and runs updates made meanwhile after', () => {
    const store = new Store({ n: 0 });
    const seen: string[] = [];
    store.subscribe((state, previous) => {
      seen.push(`${previous.n}->${state.n}`);
      if (state.n === 1) store.update((x) => ({ n: x.n + 10 }));
    });
    store.subscribe((state) => seen.push(`second saw ${state.n}`));
    store.update((x) => ({ n: x.n + 1 }));
    assert.deepEqual(seen, ['0->1', 'second saw 1', '1->11', 'second saw 11']);
    store.update((x) => x);
    assert.equal(seen.length, 4, 'no change, no notification');
  });
});

describe('webview panel channels', () => {
  it('each request resolves with its own reply type, matched by id, and notifications go to the panel', async () => {
    const { webview, notifications } = connect(async (r) => {
      if (r.type === 'suggestKeys') return { type: 'suggestions', id: r.id, values: ['industry', 'name'] };
      if (r.type === 'save')
        return {
          type: 'saveResult',
          id: r.id,
          outcome: { kind: 'done', saved: r.edits.map((e) => e.key), notAttempted: [] },
        };
      return { type: 'reply', id: r.id };
    });
    const [keys, saved, refreshed] = await Promise.all([
      webview.request('suggestKeys', {}),
      webview.request('save', { edits: [{ key: 'plan', value: 'pro', loaded: { present: false } }], overwrite: false }),
      webview.request('refresh', {}),
    ]);
    assert.deepEqual(keys.values, ['industry', 'name']);
    assert.equal(saved.outcome?.kind, 'done');
    assert.equal(refreshed.error, undefined);
    webview.receive({ type: 'groupType', name: 'Company' });
    assert.deepEqual(notifications, [{ type: 'groupType', name: 'Company' }]);
  });

  it('a request the host cannot read gets an error reply of its own type instead of silence', async () => {
    const answered: string[] = [];
    const { webview, host, warnings } = connect(async (r) => {
      answered.push(r.type);
      return { type: 'reply', id: r.id };
    });
    // A value the protocol refuses (null), as a webview out of step with its host might send.
    const reply = await webview.request('save', {
      edits: [{ key: 'plan', value: null, loaded: { present: false } }],
      overwrite: false,
    });
    assert.equal(reply.type, 'saveResult');
    assert.equal(reply.error?.kind, 'protocol');
    assert.match(reply.error?.message ?? '', /could not read this request.*Nothing was sent to PostHog/);
    assert.deepEqual(answered, [], 'the handler never saw it');
    assert.match(warnings.join('\n'), /Test panel: dropped a malformed message/);
    // Tests drive the host end directly: a dropped message has no reply to return, and a notification none either.
    assert.equal(await host.receive({ type: 'runCommand', command: 'workbench.action.quit' }), undefined);
    assert.equal(await host.receive({ type: 'showLog' }), undefined);
  });

  it('a request whose handler fails gets that failure as its reply', async () => {
    const { webview, host } = connect(async () => {
      throw new Error("Couldn't update group properties: PostHog had a server error (HTTP 503)");
    });
    const reply = await webview.request('suggestValues', { key: 'industry' });
    assert.deepEqual(
      { type: reply.type, error: reply.error?.message, values: reply.values },
      {
        type: 'suggestions',
        error: "Couldn't update group properties: PostHog had a server error (HTTP 503)",
        values: undefined,
      },
    );
    assert.deepEqual(await host.receive({ type: 'delete', id: 99, key: 'plan' }), {
      type: 'reply',
      id: 99,
      error: {
        message: "Couldn't update group properties: PostHog had a server error (HTTP 503)",
        kind: 'server',
        signIn: false,
      },
    });
  });

  it('a reply the webview cannot read, or of the wrong type, ends its request with an error and is reported', async () => {
    const { webview, fromWebview } = connect(async (r) =>
      r.type === 'refresh'
        ? ({ type: 'reply', id: r.id, error: { message: 42 } } as unknown as HostMessage)
        : { type: 'reply', id: r.id },
    );
    const refreshed = await webview.request('refresh', {});
    assert.equal(refreshed.error?.kind, 'protocol');
    assert.match(refreshed.error?.message ?? '', /could not read the extension's reply/);
    assert.ok(
      fromWebview.some((m) => (m as { type: string }).type === 'invalidMessage'),
      'the host hears about it, for its log',
    );
    const wrongType = await webview.request('suggestKeys', {});
    assert.equal(wrongType.type, 'suggestions');
    assert.match(wrongType.error?.message ?? '', /answered with "reply" instead of "suggestions"/);
  });
});

describe('group panel actions through the channels', () => {
  const init = (store: Store<s.PanelModel>) =>
    store.update((state) =>
      s.receive(state, {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'Organization',
        group: { group_type_index: 0, group_key: 'org:1', group_properties: { plan: 'free' } },
        activity: null,
        fresh: true,
      }),
    );

  it('Save shows Saving… until the reply, then unstages what was saved', async () => {
    let release: () => void = () => undefined;
    const { webview } = connect(async (r) => {
      if (r.type !== 'save') return noGroup(r);
      await new Promise<void>((resolve) => (release = resolve));
      return { type: 'saveResult', id: r.id, outcome: { kind: 'done', saved: ['plan'], notAttempted: [] } };
    });
    const store = new Store(s.restore(undefined));
    const actions = createActions(store, webview);
    init(store);
    actions.openEditor('plan');
    actions.editDraft('plan', 'pro');
    assert.equal(actions.commitEditor('plan'), undefined);
    const saving = actions.save();
    assert.equal(store.state.saving, true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await saving;
    assert.equal(store.state.saving, false);
    assert.equal(store.state.staged.size, 0);
    assert.deepEqual(store.state.report?.outcome?.saved, ['plan']);
  });

  it('a save the host refuses ends Saving… with the reason on every staged edit', async () => {
    // A host whose protocol no longer accepts this save (out of step with the webview) drops it as malformed.
    const strict = {
      safeParse: (m: unknown) =>
        webviewMessageSchema.safeParse(
          (m as { type?: string }).type === 'save' ? { ...(m as object), overwrite: 'no' } : m,
        ),
    };
    const { webview } = connect(noGroup, strict);
    const store = new Store(
      s.restore({
        groupTypeIndex: 0,
        groupKey: 'org:1',
        staged: [{ key: 'plan', text: 'pro', valueType: 'string', loaded: { present: true, value: 'free' } }],
      }),
    );
    const actions = createActions(store, webview);
    await actions.save();
    assert.equal(store.state.saving, false);
    assert.equal(store.state.report?.error?.kind, 'protocol');
    assert.match(store.state.staged.get('plan')?.error ?? '', /could not read this request/);
  });

  it('a staged delete is sent with Save, and Ctrl+S stages the open editors first', async () => {
    const saves: unknown[] = [];
    const { webview } = connect(async (r) => {
      if (r.type === 'save') saves.push(r.edits);
      return r.type === 'save'
        ? {
            type: 'saveResult',
            id: r.id,
            outcome: { kind: 'done', saved: r.edits.map((e) => e.key), notAttempted: [] },
          }
        : { type: 'reply', id: r.id };
    });
    const store = new Store(s.restore(undefined));
    const actions = createActions(store, webview);
    init(store);
    actions.stageDelete('plan');
    actions.openEditor('seats');
    actions.editDraft('seats', '12');
    await actions.saveShortcut();
    assert.deepEqual(saves, [
      [
        { key: 'plan', delete: true, loaded: { present: true, value: 'free' } },
        { key: 'seats', value: 12, loaded: { present: false } },
      ],
    ]);
    assert.equal(store.state.staged.size, 0);
  });

  it('suggestions are asked for once, and again only after a failure', async () => {
    const asked: string[] = [];
    let fail = true;
    const { webview } = connect(async (r) => {
      asked.push(r.type);
      if (fail) throw new Error('offline');
      return { type: 'suggestions', id: r.id, values: ['industry'] };
    });
    const store = new Store(s.restore(undefined));
    const actions = createActions(store, webview);
    await actions.suggestKeys();
    fail = false;
    await actions.suggestKeys();
    await actions.suggestKeys();
    assert.deepEqual(asked, ['suggestKeys', 'suggestKeys']);
    assert.deepEqual(store.state.keySuggestions, ['industry']);
  });

  it('a preview panel reused for another group drops what the previous host left unanswered and asks for suggestions anew', async () => {
    const asked: string[] = [];
    let previousHost = true;
    const { webview, fromWebview } = connect(async (r) => {
      asked.push(r.type);
      // The host of the previous group was released: it never answers.
      if (previousHost) return new Promise<HostMessage>(() => undefined);
      return r.type === 'suggestKeys'
        ? { type: 'suggestions', id: r.id, values: ['seats'] }
        : { type: 'reply', id: r.id };
    });
    const store = new Store(s.restore(undefined));
    const actions = createActions(store, webview);
    const init = (groupKey: string) =>
      ({
        type: 'init',
        groupTypeIndex: 0,
        groupKey,
        groupTypeName: 'Organization',
        group: { group_type_index: 0, group_key: groupKey, group_properties: {} },
        activity: null,
        fresh: false,
        preview: true,
      }) as const;
    actions.receive(init('org:1'));
    void actions.suggestKeys();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(store.state.loading, true, 'the refresh of org:1 is still waiting');

    previousHost = false;
    actions.receive(init('org:2'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(store.state.groupKey, 'org:2');
    assert.equal(store.state.loading, false, "org:2's own refresh ended");
    await actions.suggestKeys();
    assert.deepEqual(asked, ['refresh', 'suggestKeys', 'refresh', 'suggestKeys']);
    assert.deepEqual(store.state.keySuggestions, ['seats']);

    actions.keepOpen();
    store.update((state) => s.receive(state, { type: 'keptOpen' }));
    actions.keepOpen();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(
      fromWebview.filter((m) => (m as { type: string }).type === 'keepOpen').length,
      1,
      'only a preview asks to be kept open',
    );
  });
});
