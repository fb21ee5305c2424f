// The overview's actions (src/webview/functionOverview/actions.ts) wired to the host end of the real plumbing in
// memory (HostChannel <-> WebviewChannel), as in channels.test.ts: the first paint asks for a refresh, a range or
// level choice sends the request it needs and applies what comes back, Show All sends the levels shown, and a
// failure lands where its part is drawn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { WebviewChannel } from '../../../src/extension/panels/webviewChannel';
import { functionHealth } from '../../../src/shared/hogFunctionHealth';
import {
  functionOverviewReplies,
  hostMessageSchema,
  webviewMessageSchema,
  type FunctionOverviewReplies,
  type HostMessage,
  type WebviewMessage,
  type WebviewRequest,
} from '../../../src/shared/protocol/functionOverview';
import { HostChannel } from '../../../src/webview/common/hostChannel';
import { Store } from '../../../src/webview/common/store';
import { createActions } from '../../../src/webview/functionOverview/actions';
import * as s from '../../../src/webview/functionOverview/state';

const error = { message: 'PostHog had a server error (HTTP 503)', kind: 'server', signIn: false };

/** The webview's actions and the host's channel, connected as VS Code connects them; `answer` plays the host. */
function connect(answer: (request: WebviewRequest, post: (m: HostMessage) => void) => Promise<HostMessage>) {
  const requests: WebviewRequest[] = [];
  const store = new Store(s.restore());
  const post = (m: HostMessage) => queueMicrotask(() => webview.receive(structuredClone(m)));
  const webview: HostChannel<WebviewMessage, HostMessage, FunctionOverviewReplies> = new HostChannel(
    { postMessage: (m: unknown) => void queueMicrotask(() => void host.receive(structuredClone(m))) },
    { schema: hostMessageSchema, replies: functionOverviewReplies },
    (m) => actions.receive(m),
  );
  const host: WebviewChannel<WebviewMessage, HostMessage> = new WebviewChannel({
    name: 'Test overview',
    schema: webviewMessageSchema,
    replies: functionOverviewReplies,
    post,
    log: { warn: () => undefined } as unknown as vscode.LogOutputChannel,
    answer: (r) => {
      requests.push(r);
      return answer(r, post);
    },
    notify: async () => undefined,
    failure: (_r, e) => ({ message: e instanceof Error ? e.message : String(e), kind: 'server', signIn: false }),
  });
  const actions = createActions(store, webview);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  return { store, actions, requests, post, settle };
}

const fn = {
  id: 'f1',
  name: 'Slack',
  type: 'destination',
  enabled: true,
  description: null,
  state: 1,
  health: functionHealth({ enabled: true, status: { state: 1 } }),
  template: null,
  createdBy: null,
  createdAt: null,
  updatedAt: null,
};
const init: Extract<s.HostNotification, { type: 'init' }> = {
  type: 'init',
  projectId: 1,
  functionId: 'f1',
  function: fn,
  range: '24h',
  levels: [],
  metrics: null,
  logs: null,
  fresh: false,
  liveSeconds: 30,
};

describe('overview actions through the channels', () => {
  it('paints the host first message, then asks for a refresh and shows the data that comes back', async () => {
    const { store, actions, requests, settle } = connect(async (r, post) => {
      if (r.type === 'refresh')
        post({
          type: 'metrics',
          metrics: {
            range: '24h',
            labels: ['2026-12-01T10:00'],
            series: [{ name: 'failed', values: [2] }],
            loadedAt: 'now',
          },
        });
      return { type: 'reply', id: r.id };
    });
    actions.receive(init);
    assert.equal(store.state.fn?.name, 'Slack', 'painted before any request');
    assert.equal(store.state.loading, true);
    await settle();
    assert.deepEqual(
      requests.map((r) => r.type),
      ['refresh'],
    );
    assert.equal(store.state.loading, false);
    assert.deepEqual(store.state.metrics?.series, [{ name: 'failed', values: [2] }]);
  });

  it('asks for the range chosen, once, and shows its error where the chart is', async () => {
    const { store, actions, requests, settle } = connect(async (r) =>
      r.type === 'loadMetrics' ? { type: 'reply', id: r.id, error } : { type: 'reply', id: r.id },
    );
    actions.receive({ ...init, fresh: true });
    await actions.chooseRange('30d');
    await actions.chooseRange('30d');
    await settle();
    assert.deepEqual(
      requests.map((r) => r.type === 'loadMetrics' && r.range),
      ['30d'],
    );
    assert.deepEqual(store.state.errors.metrics, error);
    assert.equal(store.state.range, '30d');
  });

  it('sends the levels chosen with each logs request and with Show All', async () => {
    const { actions, requests, settle } = connect(async (r) => ({ type: 'reply', id: r.id }));
    actions.receive({ ...init, fresh: true });
    actions.toggleLevel('ERROR');
    actions.toggleLevel('WARN');
    await settle();
    await actions.run('showLogs');
    await actions.run('toggle');
    assert.deepEqual(
      requests.map((r) => ({ ...r, id: 0 })),
      [
        { type: 'loadLogs', id: 0, levels: ['ERROR'] },
        { type: 'loadLogs', id: 0, levels: ['ERROR', 'WARN'] },
        { type: 'action', id: 0, action: 'showLogs', levels: ['ERROR', 'WARN'] },
        { type: 'action', id: 0, action: 'toggle' },
      ],
    );
  });

  it('debugs a failed run on the event its log entry names', async () => {
    const { actions, requests } = connect(async (r) => ({ type: 'reply', id: r.id }));
    actions.receive({ ...init, fresh: true });
    await actions.run('debugRun', '0190f7a4-6c2e-7b1d-9a3f-2e5c8d1b4a60');
    assert.deepEqual(
      requests.map((r) => ({ ...r, id: 0 })),
      [{ type: 'action', id: 0, action: 'debugRun', eventId: '0190f7a4-6c2e-7b1d-9a3f-2e5c8d1b4a60' }],
    );
  });

  it('runs one button at a time', async () => {
    let release: () => void = () => undefined;
    const { store, actions, requests } = connect(async (r) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { type: 'reply', id: r.id };
    });
    actions.receive({ ...init, fresh: true });
    const first = actions.run('test');
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(store.state.running, 'test');
    await actions.run('openSource');
    release();
    await first;
    assert.equal(store.state.running, null);
    assert.deepEqual(
      requests.map((r) => r.type === 'action' && r.action),
      ['test'],
    );
  });
});
