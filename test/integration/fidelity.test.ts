// PostHog as its server behaves today (posthog-api.md §10), in a real extension host against the local PostHog: the
// query budget in the status bar, functions without a type in lists asked by type, refusals on save shown where they
// concern, the memory of endpoints a host lacks across clients, reordering transformations, and a groups list that
// shows writes late as PostHog's does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { HostMessage } from '../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Node {
  hogFunction?: { id: string; name: string | null; type: string; execution_order?: number | null };
  type?: string;
}
interface GroupsNode {
  index?: number;
  group?: { group_key: string; group_properties: Record<string, unknown> | null };
}
interface Exports {
  trees: { hogFunctions: vscode.TreeDataProvider<Node>; groups: vscode.TreeDataProvider<GroupsNode> };
  hogFunctions: { refusal(id: string): string | undefined; setFilter(filter: object): void };
  session: {
    requireConnection(): {
      client: { upsertGroupProperties(p: number, ref: object, props: object): Promise<{ applied: string[] }> };
    };
  };
  statusBar: { queryBudget(): { text: string; tooltip: string } | undefined };
  globalState: vscode.Memento;
  hogFunctionsDrag: vscode.TreeDragAndDropController<Node>;
}
interface Stored {
  id: string;
  name: string | null;
  type: string | null;
  enabled: boolean;
  deleted: boolean;
  execution_order: number | null;
  project_id: number;
}

describe('PostHog as its server behaves today', function () {
  this.timeout(90_000);
  let fake: FakeAdmin;
  let exports: Exports;

  const functions = async () =>
    (await fake.state<{ hogFunctions: Stored[] }>()).hogFunctions.filter((f) => f.project_id === 1 && !f.deleted);
  const idOf = async (name: string) => {
    const found = (await functions()).find((f) => f.name === name);
    assert.ok(found, name);
    return found.id;
  };
  const treeRows = async () => {
    const tree = exports.trees.hogFunctions;
    const types = (await tree.getChildren()) ?? [];
    return (
      await Promise.all(
        types.map(async (t) => ((await tree.getChildren(t)) ?? []).map((n) => ({ type: t.type, node: n }))),
      )
    ).flat();
  };
  const setText = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const save = async (doc: vscode.TextDocument) => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.save');
  };
  const postHogProblems = (doc: vscode.TextDocument) =>
    vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'PostHog' && d.code !== undefined);

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    exports = (await activateExtension()).exports as Exports;
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  afterEach(async () => {
    await fake.clearFaults();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    exports.hogFunctions.setFilter({});
    await fake.reset('realistic');
  });

  it('the status bar says when PostHog paused the query budget, and what still works offline', async () => {
    assert.equal(exports.statusBar.queryBudget(), undefined, 'hidden while there is room');
    // Not `times: 1`: a check that an edit superseded may have taken the first one.
    await fake.addFault({ method: 'POST', path: '/query/?$', kind: 'throttle', seconds: 20 });
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: await idOf('Webhook: billing service'),
    });
    await setText(editor.document, 'print(event.event)\n');
    const shown = await waitFor(() => exports.statusBar.queryBudget(), 15_000, 'the query budget item');
    assert.match(shown.text, /PostHog queries paused/);
    assert.match(shown.tooltip, /resume in \d+ seconds/);
    assert.match(shown.tooltip, /Still working offline: syntax highlighting, completion of the standard library/);
    // A new client (the API queries setting replaces it) starts with the budget PostHog gives it.
    const config = vscode.workspace.getConfiguration('posthogWorkbench');
    await config.update('apiQueriesEnabled', true, vscode.ConfigurationTarget.Global);
    await config.update('apiQueriesEnabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists a function without a type as a destination in a tree filtered by type, and exports it with the destinations', async () => {
    exports.hogFunctions.setFilter({ types: ['destination'] });
    const rows = await waitFor(
      async () => {
        const found = await treeRows();
        return found.some((r) => r.node.hogFunction?.name === 'Legacy webhook (no type)') ? found : undefined;
      },
      15_000,
      'the legacy function in the filtered tree',
    );
    assert.ok(rows.every((r) => r.type === 'destination'));
    await fake.clearRequests();
    const destinations = ((await exports.trees.hogFunctions.getChildren()) ?? []).find((n) => n.type === 'destination');
    const results =
      (await vscode.commands.executeCommand<{ folder: vscode.Uri; name?: string; status: string }[]>(
        'posthogWorkbench.exportHogFunctions',
        destinations,
      )) ?? [];
    try {
      const exported = results.map((r) => vscode.workspace.asRelativePath(r.folder));
      assert.ok(
        exported.some((p) => /legacy-webhook/i.test(p)),
        exported.join(', '),
      );
      const listed = (await fake.requests()).filter((r) => r.path.endsWith('/hog_functions/'));
      assert.ok(
        listed.every((r) => !new URLSearchParams(r.query).has('type')),
        'asked without type, filtered here',
      );
    } finally {
      for (const r of results)
        await vscode.workspace.fs
          .delete(r.folder, { recursive: true, useTrash: false })
          .then(undefined, () => undefined);
      exports.hogFunctions.setFilter({});
    }
  });

  it('marks a reserved call on its line of the code when PostHog refuses the save', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: await idOf('Webhook: billing service'),
    });
    const doc = editor.document;
    await setText(doc, "let to := inputs.email\n// sendEmail is not ours to call\nsendEmail({'to': to})\n");
    await save(doc);
    const [problem] = await waitFor(
      () => (postHogProblems(doc).length ? postHogProblems(doc) : undefined),
      15_000,
      'the problem',
    );
    assert.equal(problem?.code, 'reserved_function');
    assert.equal(problem?.range.start.line, 2);
    assert.equal(doc.getText(problem!.range), 'sendEmail');
    assert.match(problem!.message, /sendEmail is reserved for PostHog's own workflows/);
    assert.ok(doc.isDirty, 'not saved');
  });

  it('marks the input whose template a transformation cannot evaluate', async () => {
    const { id } = await fake.api<{ id: string }>('POST', 'hog_functions/', {
      type: 'transformation',
      name: 'Tag by source',
      hog: 'let e := event\ne.properties.tag := inputs.tag\nreturn e',
      enabled: false,
      inputs_schema: [
        { key: 'tag', type: 'string', label: 'Tag' },
        { key: 'note', type: 'string', label: 'Note' },
      ],
      inputs: { tag: { value: 'web' }, note: { value: 'from {event.properties.$current_url}' } },
    });
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(
      'posthogWorkbench.openHogFunctionField',
      { id },
      'inputs',
    );
    const doc = editor.document;
    const inputs = JSON.parse(doc.getText()) as Record<string, { value?: unknown }>;
    inputs.note = { value: 'for {person.properties.email}' };
    await setText(doc, JSON.stringify(inputs, null, 2));
    await save(doc);
    const [problem] = await waitFor(
      () => (postHogProblems(doc).length ? postHogProblems(doc) : undefined),
      15_000,
      'the problem',
    );
    assert.equal(problem?.code, 'transformation_globals');
    assert.equal(doc.getText(problem!.range), 'person');
    assert.match(
      problem!.message,
      /input "note" uses person, which transformations do not have: they run before PostHog processes persons and groups/,
    );
  });

  it('says on the row why enabling a transformation was refused: the cap of 20', async () => {
    const running = (await functions()).filter((f) => f.type === 'transformation' && f.enabled).length;
    for (let n = running; n < 20; n++)
      await fake.api('POST', 'hog_functions/', {
        type: 'transformation',
        name: `Cap ${n}`,
        hog: 'return event',
        enabled: true,
      });
    const off = await fake.api<{ id: string }>('POST', 'hog_functions/', {
      type: 'transformation',
      name: 'One too many',
      hog: 'return event',
      enabled: false,
    });
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    await vscode.commands.executeCommand('posthogWorkbench.toggleHogFunction', { id: off.id }, { enabled: true });
    const refusal = await waitFor(() => exports.hogFunctions.refusal(off.id), 10_000, 'the refusal on the row');
    assert.match(refusal, /at most 20 enabled transformations per project/);
    const rows = await treeRows();
    const row = rows.find((r) => r.node.hogFunction?.id === off.id);
    assert.ok(row);
    const item = await exports.trees.hogFunctions.getTreeItem(row.node);
    assert.equal(item.description, 'not enabled: see tooltip');
    assert.match(
      (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '),
      /at most 20 enabled transformations/,
    );
    await fake.reset('realistic');
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
  });

  it('moves transformations up and down with one rearrange request, and the tree follows', async () => {
    await fake.reset('realistic');
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    await treeRows();
    const hash = await idOf('Hash email addresses');
    await fake.clearRequests();
    await vscode.commands.executeCommand('posthogWorkbench.moveHogFunctionUp', { id: hash });
    const requests = (await fake.requests()).filter((r) => r.path.includes('/hog_functions/'));
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path.replace(/^\/api\/projects\/\d+/, '')}`),
      ['PATCH /hog_functions/rearrange/'],
    );
    const order = async () =>
      (await functions())
        .filter((f) => f.type === 'transformation')
        .sort((a, b) => (a.execution_order ?? 99) - (b.execution_order ?? 99))
        .map((f) => f.name);
    assert.deepEqual(await order(), ['GeoIP enrichment', 'Hash email addresses', 'Drop bot events']);
    const shown = (await treeRows()).filter((r) => r.type === 'transformation').map((r) => r.node.hogFunction?.name);
    assert.deepEqual(shown, ['GeoIP enrichment', 'Hash email addresses', 'Drop bot events']);
    await vscode.commands.executeCommand('posthogWorkbench.moveHogFunctionDown', { id: hash });
    assert.deepEqual(await order(), ['GeoIP enrichment', 'Drop bot events', 'Hash email addresses']);
    // Last already: nothing is sent.
    await fake.clearRequests();
    await vscode.commands.executeCommand('posthogWorkbench.moveHogFunctionDown', { id: hash });
    assert.equal((await fake.requests()).filter((r) => r.path.endsWith('/rearrange/')).length, 0);
  });

  it('drags transformations within their type: one rearrange request for the whole order', async () => {
    await fake.reset('realistic');
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const transformations = async () =>
      (await treeRows()).filter((r) => r.type === 'transformation').map((r) => r.node);
    const byName = async (name: string) => {
      const node = (await transformations()).find((n) => n.hogFunction?.name === name);
      assert.ok(node, name);
      return node;
    };
    assert.deepEqual(
      (await transformations()).map((n) => n.hogFunction?.name),
      ['GeoIP enrichment', 'Drop bot events', 'Hash email addresses'],
    );
    const drag = exports.hogFunctionsDrag;
    const token = new vscode.CancellationTokenSource().token;
    const dropOn = async (names: string[], target: Node) => {
      const data = new vscode.DataTransfer();
      await drag.handleDrag?.(await Promise.all(names.map(byName)), data, token);
      await drag.handleDrop?.(target, data, token);
    };
    await fake.clearRequests();
    // Dragged upwards onto a row: before it.
    await dropOn(['Hash email addresses'], await byName('GeoIP enrichment'));
    const requests = (await fake.requests()).filter((r) => r.path.includes('/hog_functions/'));
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path.replace(/^\/api\/projects\/\d+/, '')}`),
      ['PATCH /hog_functions/rearrange/'],
    );
    assert.deepEqual(
      (await transformations()).map((n) => n.hogFunction?.name),
      ['Hash email addresses', 'GeoIP enrichment', 'Drop bot events'],
    );
    // Dragged downwards onto a row: after it; onto the type: last.
    await dropOn(['Hash email addresses'], await byName('GeoIP enrichment'));
    assert.deepEqual(
      (await transformations()).map((n) => n.hogFunction?.name),
      ['GeoIP enrichment', 'Hash email addresses', 'Drop bot events'],
    );
    const type = ((await exports.trees.hogFunctions.getChildren()) ?? []).find((n) => n.type === 'transformation');
    assert.ok(type);
    await dropOn(['GeoIP enrichment'], type);
    assert.deepEqual(
      (await transformations()).map((n) => n.hogFunction?.name),
      ['Hash email addresses', 'Drop bot events', 'GeoIP enrichment'],
    );
    // A destination is not dragged, and nothing is sent for it.
    await fake.clearRequests();
    const destination = (await treeRows()).find((r) => r.type === 'destination')?.node;
    assert.ok(destination);
    const data = new vscode.DataTransfer();
    await drag.handleDrag?.([destination], data, token);
    assert.equal(data.get('application/vnd.code.tree.posthogworkbench.hogfunctions'), undefined);
    await drag.handleDrop?.(type, data, token);
    assert.equal((await fake.requests()).filter((r) => r.path.endsWith('/rearrange/')).length, 0);
  });

  it('remembers across clients that the host has no upsert_properties: one 404, not one per window', async () => {
    const ref = { groupTypeIndex: 0, groupKey: 'org:1000' };
    await fake.clearRequests();
    await exports.session.requireConnection().client.upsertGroupProperties(1, ref, { tier: 'gold' });
    // A new client, as a new window or a restart makes: the memory is in globalState.
    const config = vscode.workspace.getConfiguration('posthogWorkbench');
    const timeout = config.get<number>('requestTimeoutSeconds');
    await config.update('requestTimeoutSeconds', 31, vscode.ConfigurationTarget.Global);
    try {
      await exports.session.requireConnection().client.upsertGroupProperties(1, ref, { tier: 'platinum' });
    } finally {
      await config.update(
        'requestTimeoutSeconds',
        timeout === 30 ? undefined : timeout,
        vscode.ConfigurationTarget.Global,
      );
    }
    const probes = (await fake.requests()).filter((r) => r.path.endsWith('/upsert_properties/'));
    assert.ok(probes.length <= 1, `${probes.length} probes of upsert_properties`);
    assert.equal((await fake.requests()).filter((r) => r.path.endsWith('/update_property/')).length, 2);
    // Kept where windows and restarts find it, with when it was found missing.
    const kept = exports.globalState.get<Record<string, number>>('posthogWorkbench.missingEndpoints') ?? {};
    assert.equal(typeof kept[`${fake.url} upsert_properties`], 'number', JSON.stringify(kept));
  });

  it('shows its own group writes while the groups list (ClickHouse) has not caught up with them', async () => {
    // As on PostHog: the list reads ClickHouse, which shows writes a little later; find and the writes' answers are current.
    await fake.setGroupListLag(10 * 60_000);
    const key = 'org:1299';
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: key,
    });
    try {
      assert.ok(panel);
      const reply = (await panel.handleMessage({
        type: 'save',
        id: 1,
        overwrite: true,
        edits: [{ key: 'plan', value: 'written-now', loaded: { present: false } }],
      })) as HostMessage;
      assert.equal(reply.type, 'saveResult');
      await vscode.commands.executeCommand('posthogWorkbench.createGroup', {
        groupTypeIndex: 0,
        groupKey: 'org:lagging-list',
        groupProperties: { name: 'Not listed yet' },
      });
      // The local PostHog's list does lag: neither write is in it.
      const listed = await fake.api<{
        results: { group_key: string; group_properties: Record<string, unknown> | null }[];
      }>('GET', 'groups/?group_type_index=0');
      assert.ok(!listed.results.some((g) => g.group_key === 'org:lagging-list'), 'the new group is not listed yet');
      assert.notEqual(
        listed.results.find((g) => g.group_key === key)?.group_properties?.plan,
        'written-now',
        'the list has the value from before',
      );

      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      const tree = exports.trees.groups;
      const organizations = ((await tree.getChildren()) ?? []).find((t) => t.index === 0);
      assert.ok(organizations);
      const groups = ((await tree.getChildren(organizations)) ?? []).map((n) => n.group);
      assert.equal(groups[0]?.group_key, 'org:lagging-list', 'a group just created is listed first');
      assert.equal(
        groups.find((g) => g?.group_key === key)?.group_properties?.plan,
        'written-now',
        'the write, not the lagging list',
      );
    } finally {
      panel?.dispose();
      await fake.setGroupListLag(0);
    }
  });
});
