// Real PostHog data in a real extension host: old rows in the lists, site functions as TypeScript with
// completion from their inputs_schema, test runs only where PostHog can run them, a save on an older server that
// ignores base_updated_at, and a group write that an eventually consistent list does not show yet.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { HostMessage } from '../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem;
}
interface Exports {
  trees: { hogFunctions: Tree; groups: Tree };
}

const SITE_DESTINATION = 'Intercom (site)';
const SITE_APP = 'Maintenance banner';
const LEGACY = 'Legacy webhook (no type)';
const LOG_TRANSFORMATION = 'Redact emails in logs';
const WEBHOOK = 'Webhook: billing service';

describe('real PostHog data', function () {
  this.timeout(120_000);
  let fake: FakeAdmin;
  let ext: Exports;
  const ids = new Map<string | null, string>();

  const api = <T>(method: string, path: string, body?: unknown): Promise<T> => fake.api<T>(method, path, body);
  const idOf = (name: string | null): string => {
    const id = ids.get(name);
    assert.ok(id, `no seeded hog function named ${name}`);
    return id;
  };
  const storedHog = async (name: string) => (await fake.hogFunction<{ hog: string }>(idOf(name)))?.hog;
  const apiRequests = () => fake.apiRequests();
  const children = async (tree: Tree, node?: unknown) =>
    (await tree.getChildren(node)).map((n) => ({ node: n, item: tree.getTreeItem(n) }));
  const replaceText = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const openSource = async (name: string): Promise<vscode.TextDocument> => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: idOf(name),
    });
    assert.ok(editor, `opening ${name} returned no editor`);
    return editor.document;
  };
  const completionLabels = async (uri: vscode.Uri, position: vscode.Position): Promise<string[]> => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      position,
      '.',
    );
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
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
    await vscode.commands.executeCommand('posthogWorkbench.clearHogFunctionFilter');
    const list = await api<{ results: { id: string; name: string | null }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
  });

  afterEach(async () => {
    await fake.setRelease('newest');
    await fake.clearFaults();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists every function of a project with a null-type function: as a destination, unnamed ones as "Unnamed function"', async () => {
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const list = await api<{ count: number }>('GET', 'hog_functions/?limit=100');
    const types = await children(ext.trees.hogFunctions);
    assert.deepEqual(
      types.filter((t) => t.item.contextValue === 'unreadable'),
      [],
      'no row is unreadable',
    );
    const functions = (await Promise.all(types.map((t) => children(ext.trees.hogFunctions, t.node)))).flat();
    assert.equal(functions.length, list.count, 'every function is listed');
    const destinations = types.find((t) => t.item.label === 'Destinations');
    assert.ok(destinations);
    const destinationLabels = (await children(ext.trees.hogFunctions, destinations.node)).map((f) => f.item.label);
    assert.ok(destinationLabels.includes(LEGACY), destinationLabels.join(', '));
    assert.ok(destinationLabels.includes('Unnamed function'), destinationLabels.join(', '));
    assert.ok(types.some((t) => t.item.label === 'Log transformations'));
  });

  it('opens a site destination as TypeScript, with completion for inputs. from its inputs_schema, and saves it', async () => {
    const doc = await openSource(SITE_DESTINATION);
    assert.equal(doc.languageId, 'typescript');
    assert.match(doc.uri.path, /\/Intercom \(site\)\.ts$/);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('posthog.capture('));
    assert.ok(line > 0, 'the seeded onLoad calls posthog.capture');
    const withCompletion = doc.getText().split('\n');
    withCompletion.splice(line, 0, '  inputs.');
    await replaceText(doc, withCompletion.join('\n'));
    const at = new vscode.Position(line, '  inputs.'.length);
    // TypeScript's server starts with the first TypeScript document; give it the time a cold start takes here.
    const labels = await waitFor(
      async () => {
        const found = await completionLabels(doc.uri, at);
        return found.includes('app_id') ? found : undefined;
      },
      60_000,
      'completion of inputs. with the inputs_schema keys',
    );
    assert.ok(labels.includes('region?'), `an optional input reads as optional: ${labels.join(', ')}`);
    withCompletion[line] = '  posthog.';
    await replaceText(doc, withCompletion.join('\n'));
    assert.ok(
      (await completionLabels(doc.uri, new vscode.Position(line, '  posthog.'.length))).includes('capture'),
      'posthog is typed too',
    );

    withCompletion[line] = '  console.log(inputs.app_id);';
    const saved = withCompletion.join('\n');
    await replaceText(doc, saved);
    await fake.clearRequests();
    assert.equal(await doc.save(), true);
    assert.deepEqual(
      (await apiRequests()).map((r) => `${r.method} ${r.status}`),
      ['PATCH 200'],
      'saving costs one PATCH',
    );
    assert.equal(await storedHog(SITE_DESTINATION), saved);
  });

  it("reports TypeScript syntax errors in a site function (VS Code's own TypeScript support)", async () => {
    const doc = await openSource(SITE_APP);
    await replaceText(doc, `${doc.getText()}\nexport function onEvent({ event ) {\n`);
    const problems = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'ts');
        return found.length ? found : undefined;
      },
      60_000,
      "TypeScript's syntax errors",
    );
    assert.ok(problems.every((p) => p.severity === vscode.DiagnosticSeverity.Error));
  });

  it('does not offer Test Hog Function on a site app, and says why when it is run anyway', async () => {
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const types = await children(ext.trees.hogFunctions);
    const siteApps = types.find((t) => t.item.label === 'Site apps');
    assert.ok(siteApps);
    const [app] = await children(ext.trees.hogFunctions, siteApps.node);
    assert.ok(app);
    assert.equal(
      String(app.item.contextValue).endsWith('.testable'),
      false,
      'the menus offer Test Hog Function only on .testable',
    );
    await fake.clearRequests();
    const result = await vscode.commands.executeCommand('posthogWorkbench.testHogFunction', { id: idOf(SITE_APP) });
    assert.equal(result, undefined);
    assert.deepEqual(
      (await apiRequests()).filter((r) => r.path.includes('/invocations')),
      [],
      'nothing was sent to PostHog',
    );
  });

  it('test-runs a log transformation with a log record', async () => {
    const result = await vscode.commands.executeCommand<{ status: string; logs: { message: string }[] }>(
      'posthogWorkbench.testHogFunction',
      { id: idOf(LOG_TRANSFORMATION) },
    );
    assert.equal(result?.status, 'success', JSON.stringify(result));
    assert.ok(
      result.logs.some((l) => l.message.startsWith('Redacted a log line from')),
      JSON.stringify(result.logs),
    );
  });

  it('on a server that ignores base_updated_at, a save still never overwrites a newer change silently', async () => {
    await fake.setRelease('older');
    const doc = await openSource(WEBHOOK);
    const theirs = `print('saved by a colleague on an old server');\n${doc.getText()}`;
    await api('PATCH', `hog_functions/${idOf(WEBHOOK)}/`, { hog: theirs });
    await replaceText(doc, `print('mine');\n${doc.getText()}`);
    assert.equal(
      await withPrompts([{ confirm: 'changed on PostHog since you opened it', answer: undefined }], () => doc.save()),
      false,
      'the conflict is found although the server would have accepted the save',
    );
    assert.equal(await storedHog(WEBHOOK), theirs);

    // Read PostHog's version (the editor keeps the unsaved text), then take it.
    await openSource(WEBHOOK);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => doc.getText() === theirs, 5000, "the colleague's version in the editor");
    const mine = `print('mine, after reading theirs');\n${theirs}`;
    await replaceText(doc, mine);
    await fake.clearRequests();
    assert.equal(await doc.save(), true);
    assert.deepEqual(
      (await apiRequests()).map((r) => r.method),
      ['GET', 'PATCH'],
      'the cost: one GET before the PATCH',
    );
    assert.equal(await storedHog(WEBHOOK), mine);
  });

  it('keeps a group as written when the next (eventually consistent) list does not show the change yet', async () => {
    const key = 'org:1299';
    const stale = await api<{ results: { group_key: string }[] }>('GET', 'groups/?group_type_index=0');
    assert.ok(
      stale.results.some((g) => g.group_key === key),
      `${key} is on the first page`,
    );
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: key,
    });
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
      groupKey: 'org:just-created',
      groupProperties: { name: 'Just created' },
    });

    await fake.addFault({ method: 'GET', path: '^/api/projects/\\d+/groups/?$', kind: 'body', body: stale, times: 1 });
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const types = await children(ext.trees.groups);
    const organizations = types.find((t) => (t.node as { index?: number }).index === 0);
    assert.ok(organizations);
    const groups = (await children(ext.trees.groups, organizations.node)).map(
      (g) => (g.node as { group?: { group_key: string; group_properties: Record<string, unknown> } }).group,
    );
    assert.equal(
      groups.find((g) => g?.group_key === key)?.group_properties.plan,
      'written-now',
      'the write, not the stale list',
    );
    assert.equal(groups[0]?.group_key, 'org:just-created', 'a group just created is listed first');
    panel.dispose();
  });
});
