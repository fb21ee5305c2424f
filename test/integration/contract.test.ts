// The extension-host half of the contract tests (test/contract/): each response generated from PostHog's published
// OpenAPI is served by the local PostHog in place of its own answer, and the view that shows it must show every
// readable row, plus one warning row (naming the field and PostHog's value) per row it cannot read. The trees,
// the group panel's activity tab and the hog function documents are checked; each test names its case count.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { ActivityItem, HostMessage } from '../../src/shared/protocol/groupPanel';
import { contractCases, OPERATIONS, type ContractCase, type ContractOperation } from '../contract/operations';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem;
}
interface Exports {
  trees: { hogFunctions: Tree; groups: Tree };
}

const operation = (endpoint: string): ContractOperation => {
  const op = OPERATIONS.find((o) => o.endpoint === endpoint);
  assert.ok(op, `no contract operation ${endpoint}`);
  return op;
};

const rowsOf = (c: ContractCase, rowsAt: string | undefined): Record<string, unknown>[] => {
  const rows = rowsAt === '' ? c.body : (c.body as Record<string, unknown>)[rowsAt ?? ''];
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
};

describe('contract: generated PostHog responses in the views', function () {
  this.timeout(300_000);
  let fake: FakeAdmin;
  let ext: Exports;

  const children = async (tree: Tree, node?: unknown) =>
    (await tree.getChildren(node)).map((n) => ({ node: n, item: tree.getTreeItem(n) }));
  const serve = async (op: ContractOperation, c: ContractCase) => {
    await fake.clearFaults();
    await fake.addFault({
      method: op.method,
      path: op.path,
      kind: 'body',
      status: op.status ?? 200,
      body: c.response,
      times: 1,
    });
  };
  /** One warning row for the unreadable row, naming the field and what PostHog sent; none otherwise. */
  const checkWarnings = (c: ContractCase, warnings: vscode.TreeItem[]) => {
    if (c.missingNeeded === undefined) {
      assert.deepEqual(
        warnings.map((w) => w.tooltip),
        [],
        `${c.name}: no row may be unreadable`,
      );
      return;
    }
    assert.equal(warnings.length, 1, `${c.name}: one warning row`);
    const tooltip = String(warnings[0]!.tooltip);
    assert.match(tooltip, new RegExp(`Field: "${c.missingNeeded}"`), tooltip);
    assert.match(
      tooltip,
      c.variation?.kind === 'needed-null' ? /PostHog's value: null/ : /PostHog's value: missing/,
      tooltip,
    );
    assert.equal((warnings[0]!.iconPath as vscode.ThemeIcon).id, 'warning');
  };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    ext = (await activateExtension()).exports as Exports;
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  afterEach(async () => {
    await fake.clearFaults();
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
  });

  const hogFunctions = operation('GET hog_functions');
  const hogFunctionCases = contractCases(hogFunctions);
  it(`Hog Functions tree: ${hogFunctionCases.length} generated pages, every readable function listed`, async () => {
    const tree = ext.trees.hogFunctions;
    for (const c of hogFunctionCases) {
      await serve(hogFunctions, c);
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const root = await children(tree);
      const functions = (
        await Promise.all(
          root.filter((r) => r.item.contextValue === 'hogFunctionType').map((r) => children(tree, r.node)),
        )
      ).flat();
      const shownIds = functions.map((f) => (f.node as { hogFunction: { id: string } }).hogFunction.id).sort();
      const sent = rowsOf(c, hogFunctions.rowsAt);
      const readable = c.missingNeeded === undefined ? sent : sent.slice(1);
      assert.deepEqual(shownIds, readable.map((r) => String(r.id)).sort(), `${c.name}: the functions listed`);
      for (const f of functions)
        assert.ok(typeof f.item.label === 'string' && f.item.label.length > 0, `${c.name}: every function has a label`);
      checkWarnings(
        c,
        root.filter((r) => r.item.contextValue === 'unreadable').map((r) => r.item),
      );
    }
  });

  it('a function with a null type is listed as a destination, a null name as "Unnamed function"', async () => {
    const c = hogFunctionCases.find(
      (x) => x.name === 'every nullable field null (21)' || x.name.startsWith('every nullable field null'),
    );
    assert.ok(c);
    await serve(hogFunctions, c);
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const root = await children(ext.trees.hogFunctions);
    const destinations = root.find((r) => r.item.label === 'Destinations');
    assert.ok(destinations, `types shown: ${root.map((r) => String(r.item.label)).join(', ')}`);
    const functions = await children(ext.trees.hogFunctions, destinations.node);
    assert.ok(
      functions.some((f) => f.item.label === 'Unnamed function'),
      functions.map((f) => String(f.item.label)).join(', '),
    );
  });

  const groupTypes = operation('GET groups_types');
  const groupTypeCases = contractCases(groupTypes);
  it(`Groups tree, group types: ${groupTypeCases.length} generated lists`, async () => {
    for (const c of groupTypeCases) {
      await serve(groupTypes, c);
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const root = await children(ext.trees.groups);
      const shown = root
        .filter((r) => r.item.contextValue === 'groupType')
        .map((r) => (r.node as { index: number }).index)
        .sort();
      const sent = rowsOf(c, groupTypes.rowsAt);
      const readable = c.missingNeeded === undefined ? sent : sent.slice(1);
      assert.deepEqual(
        shown,
        readable.map((r) => Number(r.group_type_index)).sort(),
        `${c.name}: the group types listed`,
      );
      checkWarnings(
        c,
        root.filter((r) => r.item.contextValue === 'unreadable').map((r) => r.item),
      );
    }
  });

  const groups = operation('GET groups');
  const groupCases = contractCases(groups);
  it(`Groups tree, groups of a type: ${groupCases.length} generated pages`, async () => {
    for (const c of groupCases) {
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const types = await children(ext.trees.groups);
      const organizations = types.find((t) => (t.node as { index?: number }).index === 0);
      assert.ok(organizations);
      await serve(groups, c);
      const shown = await children(ext.trees.groups, organizations.node);
      const sent = rowsOf(c, groups.rowsAt);
      const readable = (c.missingNeeded === undefined ? sent : sent.slice(1)).map((r) => String(r.group_key));
      // Groups created by other tests stay shown over a fresh list for a while (eventual consistency): count ours.
      const keys = shown
        .filter((s) => s.item.contextValue === 'group')
        .map((s) => (s.node as { group: { group_key: string } }).group.group_key);
      assert.deepEqual(
        keys.filter((k) => sent.some((r) => r.group_key === k)).sort(),
        [...readable].sort(),
        `${c.name}: the groups listed`,
      );
      checkWarnings(
        c,
        shown.filter((s) => s.item.contextValue === 'unreadable').map((s) => s.item),
      );
    }
  });

  const activity = operation('GET groups/activity');
  const activityCases = contractCases(activity);
  it(`group panel, activity tab: ${activityCases.length} generated pages`, async () => {
    await fake.clearRequests();
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: 'org:1000',
    });
    assert.ok(panel);
    // The webview asks for the first page itself when it loads; the generated pages come after that.
    await waitFor(
      async () => (await fake.requests()).some((r) => r.path.includes('/groups/activity')),
      20_000,
      "the panel's own first activity request",
    );
    const posted: HostMessage[] = [];
    const webview = panel.panel.webview;
    const postMessage = webview.postMessage.bind(webview);
    webview.postMessage = (message: HostMessage) => {
      posted.push(message);
      return postMessage(message);
    };
    let id = 1;
    for (const c of activityCases) {
      await serve(activity, c);
      posted.length = 0;
      await panel.handleMessage({ type: 'loadActivity', id: id++, page: 1 });
      const page = posted.find((m): m is Extract<HostMessage, { type: 'activity' }> => m.type === 'activity');
      assert.ok(page, `${c.name}: the panel got an activity page (${JSON.stringify(posted).slice(0, 300)})`);
      const items: ActivityItem[] = page.activity.items;
      const sent = rowsOf(c, '');
      const warnings = items.filter((i) => i.unreadable !== undefined);
      assert.equal(items.length, sent.length, `${c.name}: one item per entry sent`);
      if (c.missingNeeded === undefined)
        assert.deepEqual(
          warnings.map((w) => w.unreadable),
          [],
          c.name,
        );
      else {
        assert.equal(warnings.length, 1, c.name);
        assert.match(warnings[0]!.unreadable ?? '', new RegExp(`field "${c.missingNeeded}"`));
      }
    }
    panel.dispose();
  });

  const fn = operation('GET hog_functions/:id');
  const fnCases = contractCases(fn);
  it(`hog function documents: ${fnCases.length} generated functions open, or are refused naming the missing field`, async () => {
    let n = 0;
    for (const c of fnCases) {
      // A new id per case: the file system keeps what it read per function.
      const id = `00000000-0000-4000-8000-${(0xc0000 + n++).toString(16).padStart(12, '0')}`;
      await fake.addFault({
        method: 'GET',
        path: `^/api/projects/\\d+/hog_functions/${id}/?$`,
        kind: 'body',
        body: c.response,
        times: 1,
      });
      const sent = c.body as Record<string, unknown>;
      const uri = vscode.Uri.from({ scheme: 'posthog-hog', path: `/${fake.projectId}/${id}/Contract.hog` });
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        assert.equal(c.missingNeeded, undefined, `${c.name}: a function without ${c.missingNeeded} must not open`);
        assert.equal(text, typeof sent.hog === 'string' ? sent.hog : '', `${c.name}: the source is PostHog's hog`);
      } catch (error) {
        if (c.missingNeeded === undefined)
          throw new Error(`${c.name}: ${error instanceof Error ? error.message : String(error)}`);
        assert.match(String(error), new RegExp(`field "${c.missingNeeded}"`), `${c.name}: the refusal names the field`);
      }
    }
  });
});
