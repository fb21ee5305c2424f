// Every fault of the local PostHog in the real extension host, where the user meets it: both trees (an error node with
// Retry), the group panel (its reply to the webview) and the hog editor (the FileSystemError VS Code shows).
// Each names the operation and the reason, reads recover on Retry, writes land once or stay unsaved, the other
// views keep working, and nothing ends up as an unhandled promise rejection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../../src/extension/panels/groupPanel';
import type { HostMessage } from '../../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin, type FaultSpec } from '../support/fake';
import { activateExtension } from '../support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem;
}
interface Exports {
  trees: { hogFunctions: Tree; groups: Tree };
}

interface Fault {
  name: string;
  spec: Omit<FaultSpec, 'path' | 'method'>;
  reason: RegExp;
}

const faults: Fault[] = [
  ...[500, 502, 503, 504].map((status) => ({
    name: `HTTP ${status}`,
    spec: { kind: 'status' as const, status },
    reason: new RegExp(`server error \\(HTTP ${status}\\)`),
  })),
  {
    name: '429 without Retry-After',
    spec: { kind: 'throttle', seconds: 61 },
    reason: /rate limiting this API key\. Try again in 61 seconds/,
  },
  { name: 'connection reset', spec: { kind: 'reset' }, reason: /couldn't reach http:\/\/127\.0\.0\.1:\d+/ },
  { name: 'no answer (timeout)', spec: { kind: 'hang' }, reason: /didn't answer within 1 seconds/ },
  { name: 'invalid JSON', spec: { kind: 'invalid-json' }, reason: /not valid JSON/ },
  { name: 'HTML with 200', spec: { kind: 'html', status: 200 }, reason: /sent an HTML page instead of JSON/ },
  { name: 'HTML with 502', spec: { kind: 'html', status: 502 }, reason: /server error \(HTTP 502\)/ },
  // A page without its results (a row without its id is one warning row instead: test/integration/contract.test.ts).
  {
    name: 'missing fields',
    spec: { kind: 'body', body: { next: null } },
    reason: /was not what this extension expects: field "/,
  },
  {
    name: 'null body',
    spec: { kind: 'body', body: null },
    reason: /was not what this extension expects: field "\(root\)"/,
  },
];

const label = (item: vscode.TreeItem): string =>
  typeof item.label === 'string' ? item.label : (item.label?.label ?? '');

describe('reliability: faults in the extension host', function () {
  this.timeout(120_000);
  let fake: FakeAdmin;
  let ext: Exports;
  let nextId = 1;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const config = () => vscode.workspace.getConfiguration('posthogWorkbench');

  const send = async (panel: GroupPanel, message: Record<string, unknown>): Promise<HostMessage> => {
    const reply = await panel.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    return reply;
  };
  const apiRequests = async (method: string, path: RegExp) =>
    (await fake.requests()).filter((r) => r.method === method && path.test(r.path));
  const hogFunctionIds = async (): Promise<string[]> => {
    const state = await fake.state<{
      hogFunctions: { id: string; project_id: number; deleted: boolean; type: string }[];
    }>();
    return state.hogFunctions
      .filter((f) => f.project_id === fake.projectId && !f.deleted && f.type === 'destination')
      .map((f) => f.id);
  };
  const viewsStillWork = async () => {
    await fake.clearFaults();
    assert.ok((await ext.trees.hogFunctions.getChildren()).length > 0, 'the hog functions view lists types');
  };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    fake = fakeFromEnv();
    await fake.reset('realistic');
    ext = (await activateExtension()).exports as Exports;
    await config().update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await fake.clearFaults();
    await config().update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await fake.clearFaults();
  });

  for (const fault of faults) {
    it(`${fault.name}: the groups tree shows one error node naming the operation, and Retry recovers`, async () => {
      // The fault first: the refresh's own request for group types must meet it (added after, it could already be answered).
      await fake.addFault({ method: 'GET', path: 'groups_types', ...fault.spec });
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const roots = await ext.trees.groups.getChildren();
      assert.equal(roots.length, 1, 'one error node');
      const item = ext.trees.groups.getTreeItem(roots[0]);
      assert.equal(item.contextValue, 'error');
      assert.match(label(item), /Couldn't list group types: /);
      assert.match(label(item), fault.reason);
      assert.equal(item.command?.command, 'posthogWorkbench.retry');
      await viewsStillWork();
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const recovered = await ext.trees.groups.getChildren();
      assert.ok(recovered.length > 1, 'group types after Retry');
      assert.equal(ext.trees.groups.getTreeItem(recovered[0]).contextValue, 'groupType');
    });

    it(`${fault.name}: the hog functions tree shows one error node with the reason, and Retry recovers`, async () => {
      await fake.addFault({ method: 'GET', path: '/hog_functions/?$', ...fault.spec });
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const roots = await ext.trees.hogFunctions.getChildren();
      assert.equal(roots.length, 1, 'one error node');
      const item = ext.trees.hogFunctions.getTreeItem(roots[0]);
      assert.equal(item.contextValue, 'error');
      assert.match(label(item), /^Couldn't load hog functions: /);
      assert.match(label(item), fault.reason);
      assert.equal(item.command?.command, 'posthogWorkbench.retry');
      await fake.clearFaults();
      assert.ok((await ext.trees.groups.getChildren()).length > 1, 'the groups view still lists group types');
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const recovered = await ext.trees.hogFunctions.getChildren();
      assert.ok(recovered.length > 1, 'function types after Retry');
      assert.equal(ext.trees.hogFunctions.getTreeItem(recovered[0]).contextValue, 'hogFunctionType');
    });

    it(`${fault.name}: the group panel reports the failed load and the failed save, and the edit stays unsaved`, async () => {
      const groupKey = 'org:1020';
      const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
        groupTypeIndex: 0,
        groupKey,
      });
      await fake.addFault({ method: 'GET', path: 'groups/find', ...fault.spec });
      const load = await send(panel, { type: 'refresh' });
      assert.equal(load.type, 'reply');
      assert.ok(load.type === 'reply' && load.error, 'the refresh reports an error');
      assert.match(load.error.message, /^Couldn't find group: /);
      assert.match(load.error.message, fault.reason);
      await fake.clearFaults();
      const retried = await send(panel, { type: 'refresh' });
      assert.ok(retried.type === 'reply' && !retried.error, 'Refresh recovers');

      const before =
        (await fake.group<{ group_properties: Record<string, unknown> }>(0, groupKey))?.group_properties ?? {};
      await fake.clearRequests();
      await fake.addFault({ method: 'POST', path: 'groups/(update_property|upsert_properties)', ...fault.spec });
      const edits = [
        {
          key: 'plan',
          value: `reliability ${fault.name}`,
          loaded: Object.hasOwn(before, 'plan') ? { present: true, value: before.plan } : { present: false },
        },
      ];
      const saved = await send(panel, { type: 'save', edits, overwrite: false });
      assert.equal(saved.type, 'saveResult');
      const error =
        saved.type === 'saveResult'
          ? (saved.error ?? (saved.outcome?.kind === 'done' ? saved.outcome.failed?.error : undefined))
          : undefined;
      assert.ok(error, `the save reports its failure: ${JSON.stringify(saved)}`);
      assert.match(error.message, /^Couldn't update group propert(y|ies): /);
      assert.match(error.message, fault.reason);
      const after =
        (await fake.group<{ group_properties: Record<string, unknown> }>(0, groupKey))?.group_properties ?? {};
      assert.deepEqual(after.plan, before.plan, 'nothing was written');
      // upsert_properties (or, on servers without it, update_property) met the fault once and was not sent again.
      const writes = await apiRequests('POST', /groups\/(update_property|upsert_properties)\/$/);
      assert.equal(writes.filter((w) => w.status !== 404).length, 1, `writes: ${JSON.stringify(writes)}`);
      await viewsStillWork();
    });

    it(`${fault.name}: the hog editor refuses the save with the reason and PostHog keeps the old source`, async () => {
      const [id] = await hogFunctionIds();
      assert.ok(id);
      const uri = vscode.Uri.from({ scheme: 'posthog-hog', path: `/${fake.projectId}/${id}/Reliability.hog` });
      const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      await fake.clearRequests();
      await fake.addFault({ method: 'PATCH', path: 'hog_functions/', ...fault.spec });
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`// ${fault.name}\n${source}`))),
        (e: Error) => {
          assert.match(e.message, /Couldn't save hog function: /);
          assert.match(e.message, fault.reason);
          return true;
        },
      );
      assert.equal((await apiRequests('PATCH', /hog_functions\//)).length, 1, 'the save was sent once');
      assert.equal((await fake.hogFunction<{ hog: string }>(id))?.hog, source);
      await viewsStillWork();
    });
  }

  it('a hog function that fails to load opens with the reason, and loads on the next try', async () => {
    const ids = await hogFunctionIds();
    const id = ids[ids.length - 1];
    assert.ok(id);
    const uri = vscode.Uri.from({ scheme: 'posthog-hog', path: `/${fake.projectId}/${id}/Reliability.hog` });
    await fake.addFault({ method: 'GET', path: `hog_functions/${id}`, kind: 'status', status: 503 });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), (e: Error) =>
      /Couldn't load hog function: PostHog had a server error \(HTTP 503\)/.test(e.message),
    );
    await fake.clearFaults();
    assert.ok((await vscode.workspace.fs.readFile(uri)).byteLength > 0);
  });

  it('left no unhandled promise rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(unhandled.map(String), []);
  });
});
