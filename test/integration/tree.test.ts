// Sign-in and the two trees in a real extension host against the local PostHog: the first two levels match the
// local PostHog's data, paging, search and filters, error nodes with Retry, missing scopes, sign-out, request counts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
}
interface Exports {
  session: { signedIn: boolean; projectId: number | undefined; host: string; onDidRejectKey: vscode.Event<string> };
  trees: { hogFunctions: Tree; groups: Tree };
  globalStorageUri: vscode.Uri;
  authProvider: vscode.AuthenticationProvider;
}
interface FakeState {
  hogFunctions: {
    id: string;
    project_id: number;
    name: string | null;
    type: string | null;
    deleted: boolean;
    enabled: boolean;
    status: { state: number } | null;
  }[];
  groupTypes: { project_id: number; group_type_index: number; group_type: string; name_plural: string | null }[];
  groups: { project_id: number; group_type_index: number; group_key: string }[];
}

const label = (item: vscode.TreeItem): string =>
  typeof item.label === 'string' ? item.label : (item.label?.label ?? '');

describe('sign-in and the PostHog trees', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let ext: Exports;

  const items = async (tree: Tree, node?: unknown) => {
    const children = await tree.getChildren(node);
    return children.map((child) => ({ node: child, item: tree.getTreeItem(child) }));
  };
  const signIn = (apiKey = fake.apiKey) =>
    vscode.commands.executeCommand('posthogWorkbench.signIn', { host: fake.url, apiKey, projectId: fake.projectId });
  const apiRequests = () => fake.apiRequests();
  const state = async (): Promise<FakeState> => fake.state<FakeState>();

  before(async () => {
    fake = fakeFromEnv();
    ext = (await activateExtension()).exports as Exports;
  });

  beforeEach(async () => {
    await fake.reset('realistic');
    await signIn();
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    await vscode.commands.executeCommand('posthogWorkbench.clearHogFunctionFilter');
  });

  it('signs in with arguments and keeps the key in SecretStorage only', async () => {
    assert.equal(ext.session.signedIn, true);
    assert.equal(ext.session.projectId, fake.projectId);
    const [session] = await ext.authProvider.getSessions(undefined, {});
    assert.equal(session?.accessToken, fake.apiKey, 'the authentication provider serves the stored key');
    assert.match(session?.account.label ?? '', /@/, 'the Accounts menu names the account');
    const config = vscode.workspace.getConfiguration('posthogWorkbench');
    assert.equal(config.get('host'), fake.url);
    for (const key of ['host', 'projectId', 'caCertificates', 'requestTimeoutSeconds']) {
      assert.ok(!JSON.stringify(config.inspect(key)).includes(fake.apiKey), `key found in setting ${key}`);
    }
    const userDir = path.resolve(ext.globalStorageUri.fsPath, '..', '..');
    const settingsFile = path.join(userDir, 'settings.json');
    assert.ok(fs.existsSync(settingsFile), `no user settings at ${settingsFile}`);
    assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes(fake.apiKey), 'the API key was written to settings.json');
  });

  it('lists hog functions by type, matching the local PostHog', async () => {
    const s = await state();
    // PostHog's API never lists warehouse source webhooks.
    const live = s.hogFunctions.filter(
      (f) => f.project_id === fake.projectId && !f.deleted && f.type !== 'warehouse_source_webhook',
    );
    const types = await items(ext.trees.hogFunctions);
    // A function without a type is a destination (PostHog's rule).
    const expectedTypes = [...new Set(live.map((f) => f.type ?? 'destination'))];
    assert.equal(types.length, expectedTypes.length, `types shown: ${types.map((t) => label(t.item)).join(', ')}`);
    let total = 0;
    for (const { node, item } of types) {
      const functions = await items(ext.trees.hogFunctions, node);
      assert.equal(item.description, String(functions.length), `count for ${label(item)}`);
      total += functions.length;
      for (const f of functions) {
        const match = live.find((l) => (l.name ?? 'Unnamed function') === label(f.item));
        assert.ok(match, `${label(f.item)} is not a hog function of the project`);
        assert.match(String(f.item.contextValue), /^hogFunction\.(enabled|disabled)(\.ordered)?(\.testable)?$/);
      }
    }
    assert.equal(total, live.length);
    assert.deepEqual(types.map((t) => label(t.item)).slice(0, 2), ['Destinations', 'Transformations']);
  });

  it("shows each function's health by its icon: one PostHog stopped does not look healthy", async () => {
    const s = await state();
    const types = await items(ext.trees.hogFunctions);
    const all = (await Promise.all(types.map((t) => items(ext.trees.hogFunctions, t.node)))).flat();
    const iconOf = (name: string) => {
      const row = all.find((f) => label(f.item) === name);
      assert.ok(row, `${name} is listed`);
      return (row.item.iconPath as vscode.ThemeIcon).id;
    };
    const stopped = s.hogFunctions.find(
      (f) => f.project_id === fake.projectId && f.enabled && !f.deleted && f.status?.state === 3,
    );
    const degraded = s.hogFunctions.find(
      (f) => f.project_id === fake.projectId && f.enabled && !f.deleted && f.status?.state === 2,
    );
    const healthy = s.hogFunctions.find(
      (f) =>
        f.project_id === fake.projectId && f.enabled && !f.deleted && f.status?.state === 1 && f.type === 'destination',
    );
    const off = s.hogFunctions.find((f) => f.project_id === fake.projectId && !f.enabled && !f.deleted && f.name);
    assert.ok(
      stopped?.name && degraded?.name && healthy?.name && off?.name,
      'the seed has a stopped, a degraded, a healthy and a disabled function',
    );
    assert.equal(iconOf(stopped.name), 'error');
    assert.equal(iconOf(degraded.name), 'warning');
    assert.equal(iconOf(healthy.name), 'pass-filled');
    assert.equal(iconOf(off.name), 'circle-slash');
    // Enabled and never rated (PostHog has not run it yet): it says so, and does not look healthy.
    const unrated = all.find((f) => label(f.item) === 'Legacy webhook (no type)');
    assert.ok(unrated);
    assert.equal((unrated.item.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    assert.equal(unrated.item.description, 'not rated yet');
    assert.match(
      (unrated.item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '),
      /Health.*No health data yet/,
    );
  });

  it('lists transformations in execution order', async () => {
    const types = await items(ext.trees.hogFunctions);
    const transformations = types.find((t) => label(t.item) === 'Transformations');
    assert.ok(transformations);
    const functions = (await ext.trees.hogFunctions.getChildren(transformations.node)) as {
      hogFunction: { execution_order: number | null };
    }[];
    const orders = functions.map((f) => f.hogFunction.execution_order ?? Infinity);
    assert.deepEqual(
      orders,
      [...orders].sort((a, b) => a - b),
    );
  });

  it('lists group types and their groups, matching the local PostHog', async () => {
    const s = await state();
    const groupTypes = s.groupTypes
      .filter((t) => t.project_id === fake.projectId)
      .sort((a, b) => a.group_type_index - b.group_type_index);
    const types = await items(ext.trees.groups);
    assert.deepEqual(
      types.map((t) => label(t.item)),
      groupTypes.map((t) => t.name_plural || t.group_type),
    );
    const organizations = types[0];
    assert.ok(organizations);
    const groups = await items(ext.trees.groups, organizations.node);
    const stored = s.groups.filter((g) => g.project_id === fake.projectId && g.group_type_index === 0);
    const shown = groups.filter((g) => g.item.contextValue === 'group');
    assert.equal(shown.length, Math.min(100, stored.length));
    for (const g of shown) {
      const key = (g.node as { group: { group_key: string } }).group.group_key;
      assert.ok(
        stored.some((x) => x.group_key === key),
        `${key} is not a stored group`,
      );
    }
    assert.equal(groups.at(-1)?.item.contextValue, stored.length > 100 ? 'loadMore' : 'group');
  });

  it('says so when a group type has no groups', async () => {
    const types = await items(ext.trees.groups);
    const empty = types.find((t) => label(t.item) === 'project' || label(t.item) === 'Projects');
    assert.ok(empty, `no empty group type among ${types.map((t) => label(t.item)).join(', ')}`);
    const children = await items(ext.trees.groups, empty.node);
    assert.equal(children.length, 1);
    assert.equal(children[0]?.item.contextValue, 'info');
    assert.match(label(children[0]!.item), /^No /);
  });

  it('expanding a type with 1,000 groups costs one request per page of 100', async () => {
    await fake.seedGroups(1, 1000);
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const types = await items(ext.trees.groups);
    const workspaces = types.find((t) => (t.node as { index: number }).index === 1);
    assert.ok(workspaces);
    await fake.clearRequests();
    // The workspaces' list only: after Refresh the views on screen reload the rest (hog functions, group types) on
    // their own time.
    const listRequests = async () =>
      (await apiRequests()).filter((r) => r.path.endsWith('/groups/') && /group_type_index=1\b/.test(r.query));
    let children = await items(ext.trees.groups, workspaces.node);
    assert.equal(children.filter((c) => c.item.contextValue === 'group').length, 100);
    assert.equal((await listRequests()).length, 1, 'expanding a group type is one request');
    const again = await items(ext.trees.groups, workspaces.node);
    assert.equal(again.length, children.length);
    assert.equal((await listRequests()).length, 1, 'reopening a loaded branch makes no request');

    const loadMore = children.at(-1);
    assert.equal(loadMore?.item.contextValue, 'loadMore');
    await vscode.commands.executeCommand(loadMore.item.command!.command, ...(loadMore.item.command!.arguments ?? []));
    children = await items(ext.trees.groups, workspaces.node);
    assert.equal(children.filter((c) => c.item.contextValue === 'group').length, 200);
    const requests = await listRequests();
    assert.equal(requests.length, 2, 'load more is one request');
    assert.match(requests[1]!.query, /cursor=/);
  });

  it('searches one group type server-side', async () => {
    const types = await items(ext.trees.groups);
    const organizations = types[0]!;
    const all = await items(ext.trees.groups, organizations.node);
    const first = (all[0]!.node as { group: { group_key: string } }).group.group_key;
    await vscode.commands.executeCommand('posthogWorkbench.searchGroups', { groupTypeIndex: 0, search: first });
    const found = await items(ext.trees.groups, organizations.node);
    assert.ok(found.length >= 1 && found.length < all.length, `search returned ${found.length} of ${all.length}`);
    assert.ok(found.some((g) => (g.node as { group?: { group_key: string } }).group?.group_key === first));
    assert.match(String(ext.trees.groups.getTreeItem(organizations.node).description), /search/);
    const requests = await apiRequests();
    assert.ok(
      requests.some((r) => r.path.endsWith('/groups/') && r.query.includes('search=')),
      'search is done by PostHog',
    );
    await vscode.commands.executeCommand('posthogWorkbench.searchGroups', { groupTypeIndex: 0, search: '' });
  });

  it('filters hog functions by search, type and state', async () => {
    const s = await state();
    const live = s.hogFunctions.filter((f) => f.project_id === fake.projectId && !f.deleted);
    await vscode.commands.executeCommand('posthogWorkbench.filterHogFunctions', { types: ['transformation'] });
    const types = await items(ext.trees.hogFunctions);
    assert.deepEqual(
      types.map((t) => label(t.item)),
      ['Transformations'],
    );
    const transformations = await items(ext.trees.hogFunctions, types[0]!.node);
    assert.equal(transformations.length, live.filter((f) => f.type === 'transformation').length);

    await vscode.commands.executeCommand('posthogWorkbench.filterHogFunctions', { enabled: false });
    for (const t of await items(ext.trees.hogFunctions)) {
      for (const f of await items(ext.trees.hogFunctions, t.node))
        assert.match(String(f.item.contextValue), /^hogFunction\.disabled(\.testable)?$/);
    }

    await vscode.commands.executeCommand('posthogWorkbench.filterHogFunctions', { search: 'zzzz-no-such-function' });
    const none = await items(ext.trees.hogFunctions);
    assert.equal(none.length, 1);
    assert.equal(none[0]!.item.contextValue, 'info');
    const requests = await apiRequests();
    assert.ok(requests.some((r) => r.query.includes('type=transformation')));
    assert.ok(requests.some((r) => r.query.includes('enabled=false')));
    await vscode.commands.executeCommand('posthogWorkbench.clearHogFunctionFilter');
    assert.ok((await items(ext.trees.hogFunctions)).length > 1);
  });

  it('turns a failing branch into one error node, and Retry recovers', async () => {
    await fake.addFault({ method: 'GET', path: '/groups/?$', kind: 'status', status: 500, times: 10 });
    const types = await items(ext.trees.groups);
    const failing = await items(ext.trees.groups, types[0]!.node);
    assert.equal(failing.length, 1);
    assert.equal(failing[0]!.item.contextValue, 'error');
    assert.match(label(failing[0]!.item), /server|500|error/i);
    await fake.clearFaults();
    const retry = failing[0]!.item.command!;
    await vscode.commands.executeCommand(retry.command, ...(retry.arguments ?? []));
    const recovered = await items(ext.trees.groups, types[0]!.node);
    assert.ok(recovered.length > 1);
    assert.equal(recovered[0]!.item.contextValue, 'group');
    // The other branches kept working throughout.
    assert.ok((await items(ext.trees.hogFunctions)).length > 0);
  });

  it('shows a failing hog function list as one error node, and Retry recovers', async () => {
    await fake.addFault({ method: 'GET', path: '/hog_functions/?$', kind: 'html', status: 502, times: 10 });
    const failing = await items(ext.trees.hogFunctions);
    assert.equal(failing.length, 1);
    assert.equal(failing[0]!.item.contextValue, 'error');
    assert.match(label(failing[0]!.item), /^Couldn't load hog functions: /);
    await fake.clearFaults();
    const retry = failing[0]!.item.command!;
    await vscode.commands.executeCommand(retry.command, ...(retry.arguments ?? []));
    const recovered = await items(ext.trees.hogFunctions);
    assert.equal(recovered[0]!.item.contextValue, 'hogFunctionType');
  });

  it('names the scope a key is missing', async () => {
    const limited = await fake.addKey(['hog_function:read', 'user:read', 'project:read']);
    await signIn(limited);
    const groups = await items(ext.trees.groups);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.item.contextValue, 'error');
    assert.match(label(groups[0]!.item), /group:read/);
    assert.ok((await items(ext.trees.hogFunctions)).length > 0, 'the hog functions view still works with that key');
  });

  it('asks to sign in again when PostHog later rejects the key', async () => {
    const key = await fake.addKey(['*']);
    await signIn(key);
    assert.ok((await items(ext.trees.hogFunctions)).length > 1);
    await fake.revokeKey(key);
    const rejected = new Promise<string>((resolve) => ext.session.onDidRejectKey(resolve));
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const nodes = await items(ext.trees.hogFunctions);
    assert.equal(nodes[0]?.item.contextValue, 'error');
    assert.match(label(nodes[0]!.item), /Sign in again/i);
    assert.equal(await rejected, fake.url);
  });

  it('signing in again with a key PostHog once rejected re-renders the views', async () => {
    // A 401 that passes (a proxy or PostHog briefly refusing the key): the same key, signed in again, must
    // replace the error nodes even though host, key and project are unchanged. The refusal lasts until it is cleared
    // (not `times: 1`): a request still in flight from an earlier test could take a single one first.
    await fake.addFault({
      path: 'hog_functions',
      kind: 'status',
      status: 401,
      body: {
        type: 'authentication_error',
        code: 'authentication_failed',
        detail: 'Personal API key found in request Authorization header is invalid.',
        attr: null,
      },
    });
    const rejected = new Promise<string>((resolve) => ext.session.onDidRejectKey(resolve));
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    assert.equal((await items(ext.trees.hogFunctions))[0]?.item.contextValue, 'error');
    await rejected;
    await fake.clearFaults();
    const rerendered = new Promise<void>((resolve) => ext.trees.hogFunctions.onDidChangeTreeData(() => resolve()));
    await signIn();
    await rerendered;
    assert.equal((await items(ext.trees.hogFunctions))[0]?.item.contextValue, 'hogFunctionType');
  });

  // Every re-render retires the commands of the rows on screen (VS Code: "Actual command not found"), so a
  // click that lands during one does nothing. Sign-in reloads the session several times (key stored, settings
  // written, explicit reload) and must re-render once.
  it('one sign-in re-renders each tree once', async () => {
    await vscode.commands.executeCommand('posthogWorkbench.signOut');
    await waitFor(() => !ext.session.signedIn, 5000, 'signed out');
    const renders = { hogFunctions: 0, groups: 0 };
    const subscriptions = [
      ext.trees.hogFunctions.onDidChangeTreeData(() => renders.hogFunctions++),
      ext.trees.groups.onDidChangeTreeData(() => renders.groups++),
    ];
    try {
      await signIn();
      // SecretStorage reports the stored key a moment later, from the workbench; let that report arrive.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.deepEqual(renders, { hogFunctions: 1, groups: 1 });
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });

  it('opens groups and hog functions at their pages in PostHog', async () => {
    const groupUrl = await vscode.commands.executeCommand<string>('posthogWorkbench.openInPostHog', {
      groupTypeIndex: 0,
      groupKey: 'org:5/a b',
    });
    assert.equal(groupUrl, `${fake.url}/project/${fake.projectId}/groups/0/org%3A5%2Fa%20b`);
    const [destinations] = await ext.trees.hogFunctions.getChildren();
    const [fn] = await ext.trees.hogFunctions.getChildren(destinations);
    const id = (fn as { hogFunction: { id: string } }).hogFunction.id;
    const fnUrl = await vscode.commands.executeCommand<string>('posthogWorkbench.openInPostHog', fn);
    assert.equal(fnUrl, `${fake.url}/project/${fake.projectId}/functions/${id}`);
  });

  it('signing out removes the key and empties both views', async () => {
    await vscode.commands.executeCommand('posthogWorkbench.signOut');
    await waitFor(() => !ext.session.signedIn, 5000, 'signed out');
    assert.deepEqual(await ext.trees.hogFunctions.getChildren(), []);
    assert.deepEqual(await ext.trees.groups.getChildren(), []);
    assert.deepEqual(await ext.authProvider.getSessions(undefined, {}), []);
  });
});
