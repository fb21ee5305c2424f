// The hog function overview in a real extension host against the local PostHog: opened from a tree node, it paints
// before any request, its chart data is the local PostHog's metrics for each range, its health words follow every
// `status.state`, it refreshes itself with one request at a time only while visible, and its buttons run the
// extension's commands. The panel's host is driven through `handleMessage`, the door the webview's messages use.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FunctionOverviewPanel } from '../../src/extension/panels/functionOverview/overviewPanel';
import type { FunctionOverviews } from '../../src/extension/panels/functionOverview/overviewPanels';
import { functionHealth, HEALTH_STATES } from '../../src/shared/hogFunctionHealth';
import { METRIC_RANGE_IDS, METRIC_RANGES } from '../../src/shared/hogFunctionMetrics';
import type { HostMessage } from '../../src/shared/protocol/functionOverview';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Exports {
  trees: { hogFunctions: vscode.TreeDataProvider<unknown> };
  overviews: () => FunctionOverviews;
}
interface Summary {
  id: string;
  name: string;
  type: string;
}
interface Metrics {
  labels: string[];
  series: { name: string; values: number[] }[];
}

const DEGRADED = 'HubSpot: sync organizations';
const HEALTHY = 'Slack: new paying customer';
const TRANSFORMATION = 'Drop bot events';

describe('hog function overview', function () {
  this.timeout(90_000);
  let fake: FakeAdmin;
  let exports: Exports;
  let nextId = 1;
  const ids = new Map<string, string>();

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/${path}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  };
  const idOf = (name: string): string => {
    const id = ids.get(name);
    assert.ok(id, `no seeded hog function named ${name}`);
    return id;
  };
  const apiRequests = () => fake.apiRequests();
  /** The tree's node for a function, as a click on its row hands it to the command. */
  const treeNode = async (name: string): Promise<unknown> => {
    const tree = exports.trees.hogFunctions;
    for (const typeNode of (await tree.getChildren()) ?? []) {
      for (const node of (await tree.getChildren(typeNode)) ?? []) {
        if ((node as { hogFunction?: Summary }).hogFunction?.name === name) return node;
      }
    }
    assert.fail(`${name} is not in the tree`);
  };
  const open = async (name: string): Promise<FunctionOverviewPanel> => {
    await vscode.commands.executeCommand('posthogWorkbench.showHogFunctionOverview', { id: idOf(name) });
    const panel = exports.overviews().get(idOf(name));
    assert.ok(panel, `no overview of ${name}`);
    return panel;
  };
  const send = async (panel: FunctionOverviewPanel, message: Record<string, unknown>): Promise<HostMessage> => {
    const reply = await panel.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    assert.ok(
      !(reply.type === 'reply' && reply.error),
      `${String(message.type)} failed: ${reply.type === 'reply' ? reply.error?.message : ''}`,
    );
    return reply;
  };
  /** Series by name, so PostHog's unordered series compare. */
  const byName = (m: Metrics) => Object.fromEntries(m.series.map((s) => [s.name, s.values]));

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    const extension = await activateExtension();
    exports = extension.exports as Exports;
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    const list = await api<{ results: Summary[] }>('hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
  });

  afterEach(async () => {
    exports.overviews().liveIntervalMs = 30_000;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from a tree node and paints from the tree before any request, then loads', async () => {
    const node = await treeNode(DEGRADED);
    await fake.clearRequests();
    const started = Date.now();
    await vscode.commands.executeCommand('posthogWorkbench.showHogFunctionOverview', node);
    const panel = exports.overviews().get(idOf(DEGRADED));
    assert.ok(panel);
    assert.equal(panel.panel.viewType, 'posthogWorkbench.functionOverview');
    assert.equal(panel.panel.title, `${DEGRADED} · Overview`);
    // The tree's copy is what the first paint shows: the name, the type and the health are there without a request.
    assert.equal(panel.shown.function?.name, DEGRADED);
    assert.equal(panel.shown.function?.health.label, 'Degraded');
    // The webview asks for its refresh right after painting the host's first message.
    const refreshAsked = await new Promise<number>((resolve) => {
      const subscription = panel.panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m?.type !== 'refresh') return;
        subscription.dispose();
        resolve(Date.now());
      });
    });
    await waitFor(() => panel.shown.metrics && panel.shown.logs, 20_000, 'metrics and logs');
    const requests = await apiRequests();
    assert.deepEqual(
      requests.filter((r) => r.at >= started && r.at < refreshAsked).map((r) => r.path),
      [],
      'no request before the first paint',
    );
    const paths = requests.map((r) => r.path.replace(/^\/api\/projects\/\d+\/hog_functions\/[^/]+\//, ''));
    // The kinds of metric names the session has not seen yet are asked once: totals by name for success and failure.
    const kindQueries = requests
      .filter((r) => r.path.endsWith('/metrics/totals/'))
      .map((r) => new URLSearchParams(r.query));
    assert.ok(
      kindQueries.length === 0 ||
        (kindQueries.length === 2 && kindQueries.every((q) => q.get('breakdown_by') === 'name')),
      'the kinds, at most once',
    );
    assert.deepEqual(kindQueries.map((q) => q.get('kind')).sort(), kindQueries.length ? ['failure', 'success'] : []);
    assert.deepEqual(
      paths.filter((p) => p !== 'metrics/totals/').sort(),
      ['', 'logs/', 'metrics/'],
      'after the paint: the function, its metrics and its logs, once each',
    );
    assert.equal(
      new URLSearchParams(requests.find((r) => r.path.endsWith('/metrics/'))?.query).get('breakdown_by'),
      'name',
    );

    await vscode.commands.executeCommand('posthogWorkbench.showHogFunctionOverview', { id: idOf(DEGRADED) });
    assert.equal(exports.overviews().get(idOf(DEGRADED)), panel, 'one panel per function');
  });

  it("shows the local PostHog's metrics for each range, by metric name", async () => {
    const panel = await open(DEGRADED);
    for (const range of METRIC_RANGE_IDS) {
      const { after, interval } = METRIC_RANGES[range];
      // An hour may begin between the panel's request and ours: then the buckets differ, and both are asked again.
      for (let attempt = 0; ; attempt++) {
        await send(panel, { type: 'loadMetrics', range });
        const expected = await api<Metrics>(
          `hog_functions/${idOf(DEGRADED)}/metrics/?after=${after}&interval=${interval}&breakdown_by=name`,
        );
        const shown = panel.shown.metrics;
        assert.ok(shown);
        try {
          assert.equal(shown.range, range);
          assert.deepEqual(shown.labels, expected.labels);
          assert.deepEqual(byName(shown), byName(expected));
          break;
        } catch (error) {
          if (attempt > 0) throw error;
        }
      }
      assert.equal(panel.shown.range, range);
    }
    assert.equal(panel.shown.metrics?.labels.length, 31, '30 days and today');
    assert.ok(
      Object.keys(byName(panel.shown.metrics!)).includes('disabled_temporarily'),
      'names beyond succeeded/failed/filtered come through',
    );
    // Each series carries PostHog's kind of its metric: run outcomes apart from counters.
    const kinds = Object.fromEntries(panel.shown.metrics!.series.map((s) => [s.name, (s as { kind?: string }).kind]));
    assert.deepEqual(
      [kinds.succeeded, kinds.failed, kinds.disabled_temporarily, kinds.triggered, kinds.billable_invocation],
      ['success', 'failure', 'failure', 'other', 'other'],
    );
  });

  it('says what each status.state means, and that a switched-off function is disabled', async () => {
    const panel = await open(HEALTHY);
    for (const state of HEALTH_STATES) {
      await fake.setHogFunctionState(idOf(HEALTHY), state);
      await send(panel, { type: 'refresh' });
      const shown = panel.shown.function;
      assert.equal(shown?.state, state);
      assert.deepEqual(shown?.health, functionHealth({ enabled: true, status: { state } }), `state ${state}`);
    }
    const words = HEALTH_STATES.map((state) => functionHealth({ enabled: true, status: { state } }).label);
    assert.deepEqual(words, [
      'No health data yet',
      'Healthy',
      'Degraded',
      'Disabled by PostHog',
      'Degraded by PostHog staff',
      'Disabled by PostHog staff',
    ]);
    await fake.setHogFunctionState(idOf(HEALTHY), 1);
  });

  it('refreshes with one request at a time while visible, none while hidden, none once closed', async () => {
    exports.overviews().liveIntervalMs = 400;
    const panel = await open(HEALTHY);
    await send(panel, { type: 'refresh' });
    const fnPath = `/hog_functions/${idOf(HEALTHY)}/`;
    const ours = async () => (await apiRequests()).filter((r) => r.path.includes(fnPath));

    await fake.clearRequests();
    await waitFor(async () => (await ours()).length >= 4, 10_000, 'four live refreshes');
    const live = await ours();
    const kinds = live.map((r) =>
      r.path.endsWith('/metrics/') ? 'metrics' : r.path.endsWith('/logs/') ? 'logs' : r.path,
    );
    assert.deepEqual(
      kinds.slice(0, 4),
      kinds[0] === 'metrics' ? ['metrics', 'logs', 'metrics', 'logs'] : ['logs', 'metrics', 'logs', 'metrics'],
      'metrics and logs take turns',
    );
    for (let i = 1; i < live.length; i++)
      assert.ok(live[i]!.at >= live[i - 1]!.at + live[i - 1]!.durationMs, 'one request at a time');

    // Hidden behind a document in the same editor group.
    const doc = await vscode.workspace.openTextDocument({ content: 'something else' });
    await vscode.window.showTextDocument(doc, { viewColumn: panel.panel.viewColumn, preview: false });
    await waitFor(() => !panel.panel.visible, 5_000, 'the panel to be hidden');
    await new Promise((r) => setTimeout(r, 500));
    await fake.clearRequests();
    await new Promise((r) => setTimeout(r, 2_000));
    assert.deepEqual(
      (await ours()).map((r) => r.path),
      [],
      'no requests while hidden',
    );

    // Shown again: it catches up at once, then goes on.
    panel.reveal();
    await waitFor(async () => (await ours()).length >= 1, 5_000, 'a refresh after being shown again');

    panel.panel.dispose();
    await new Promise((r) => setTimeout(r, 500));
    await fake.clearRequests();
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepEqual(
      (await ours()).map((r) => r.path),
      [],
      'no requests once closed',
    );
  });

  it('filters the logs by level and keeps live refreshes on those levels', async () => {
    const panel = await open(DEGRADED);
    await send(panel, { type: 'loadLogs', levels: ['ERROR'] });
    const entries = panel.shown.logs?.entries ?? [];
    assert.ok(entries.length > 0);
    assert.ok(entries.every((e) => e.level === 'ERROR'));
    const request = (await apiRequests()).filter((r) => r.path.endsWith('/logs/')).at(-1);
    assert.equal(new URLSearchParams(request?.query).get('level'), 'ERROR');
    assert.deepEqual(panel.shown.levels, ['ERROR']);
  });

  it('runs the extension commands from its buttons: disable and enable, logs, source', async () => {
    const panel = await open(TRANSFORMATION);
    await send(panel, { type: 'action', action: 'toggle' });
    await waitFor(
      async () => (await fake.hogFunction<{ enabled: boolean }>(idOf(TRANSFORMATION)))?.enabled === false,
      10_000,
      'disabled on PostHog',
    );
    await waitFor(() => panel.shown.function?.enabled === false, 5_000, 'the panel to show it disabled');
    assert.equal(panel.shown.function?.health.label, 'Disabled');
    await send(panel, { type: 'action', action: 'toggle' });
    await waitFor(() => panel.shown.function?.enabled === true, 10_000, 'enabled again');

    await send(panel, { type: 'action', action: 'showLogs', levels: ['ERROR', 'WARN'] });
    const logs = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'posthog-hog-logs'),
      10_000,
      'the logs view',
    );
    assert.match(logs.document.getText(), /levels ERROR, WARN/);

    await send(panel, { type: 'action', action: 'openSource' });
    const source = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'posthog-hog'
          ? vscode.window.activeTextEditor
          : undefined,
      10_000,
      'the source',
    );
    // PostHog's copy lives under posthog-hog://<project>.<function>/<Project>/<file>: the function's id is in the authority.
    assert.ok(source.document.uri.authority.endsWith(`.${idOf(TRANSFORMATION)}`), source.document.uri.toString());
  });

  it('locks its page down like the group panel, and posts nothing that holds the API key', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const created = await fetch(`${fake.url}/api/projects/${fake.projectId}/hog_functions/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'destination', name: hostile, description: hostile, hog: 'print(1)', inputs: {} }),
    });
    assert.equal(created.status, 201);
    ids.set(hostile, ((await created.json()) as { id: string }).id);
    await vscode.commands.executeCommand('posthogWorkbench.showHogFunctionOverview', { id: idOf(hostile) });
    const panel = exports.overviews().get(idOf(hostile));
    assert.ok(panel);
    const seen: string[] = [];
    const webview = panel.panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (message: unknown) => {
      seen.push(JSON.stringify(message));
      return post(message);
    };
    await send(panel, { type: 'refresh' });
    await send(panel, { type: 'loadMetrics', range: '7d' });
    const { html, options } = webview;
    assert.equal(options.enableCommandUris, false);
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /connect-src|unsafe-/);
    assert.match(html, /<script nonce="[^"]+" src="[^"]+functionOverview\.js"><\/script>/);
    assert.ok(!html.includes('onerror'), 'function data went into the HTML instead of a message');
    assert.ok(
      seen.some((m) => m.includes('onerror')),
      'the hostile name reached the webview as data',
    );
    for (const message of seen)
      assert.ok(!message.includes(fake.apiKey), `the key reached the webview: ${message.slice(0, 200)}`);
  });

  it('refuses what it cannot read without sending anything', async () => {
    const panel = await open(HEALTHY);
    await fake.clearRequests();
    const reply = await panel.handleMessage({ type: 'loadMetrics', id: nextId++, range: '1y' });
    assert.equal(reply, undefined);
    const bad = await panel.handleMessage({ type: 'action', id: nextId++, action: 'delete' });
    assert.equal(bad, undefined);
    assert.deepEqual(
      (await apiRequests()).map((r) => r.path),
      [],
    );
  });
});
