// Developing hog functions in a real extension host against the local PostHog: open, edit and save the source,
// PostHog's compile errors, save conflicts, JSON fields, test runs, enable/disable, soft delete and logs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface Exports {
  trees: { hogFunctions: vscode.TreeDataProvider<unknown> };
}
interface StoredFunction {
  id: string;
  name: string;
  hog: string;
  enabled: boolean;
  deleted: boolean;
  inputs: Record<string, { value?: unknown }>;
  encrypted_inputs: Record<string, { value?: unknown }>;
}
interface Activity {
  scope: string;
  item_id: string;
  activity: string;
  seq: number;
  detail: { changes: { field: string }[] | null };
}

const WEBHOOK = 'Webhook: billing service';
const SLACK = 'Slack: new paying customer';

describe('hog functions in the editor', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let exports: Exports;
  const ids = new Map<string, string>();

  const api = <T>(method: string, path: string, body?: unknown): Promise<T> => fake.api<T>(method, path, body);
  const idOf = (name: string): string => {
    const id = ids.get(name);
    assert.ok(id, `no seeded hog function named ${name}`);
    return id;
  };
  const stored = async (name: string) => (await fake.hogFunction<StoredFunction>(idOf(name))) as StoredFunction;
  // The checks of the Hog language features (POST query/) run on their own clock and are counted in hogLanguage.test.ts.
  const apiRequests = () => fake.apiRequests();
  const open = async (name: string, field?: string): Promise<vscode.TextDocument> => {
    const editor = field
      ? await vscode.commands.executeCommand<vscode.TextEditor>(
          'posthogWorkbench.openHogFunctionField',
          { id: idOf(name) },
          field,
        )
      : await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', { id: idOf(name) });
    assert.ok(editor, `opening ${name} ${field ?? 'source'} returned no editor`);
    return editor.document;
  };
  const replaceText = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const activities = async (name: string): Promise<Activity[]> =>
    (await fake.state<{ activity: Activity[] }>()).activity.filter(
      (a) => a.scope === 'HogFunction' && a.item_id === idOf(name),
    );
  const treeFunctions = async () => {
    const tree = exports.trees.hogFunctions;
    const types = (await tree.getChildren()) ?? [];
    const nodes = (await Promise.all(types.map(async (t) => (await tree.getChildren(t)) ?? []))).flat();
    return nodes as { hogFunction: { id: string; name: string; enabled: boolean } }[];
  };

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
    const list = await api<{ results: { id: string; name: string }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the source with one GET and saves it with one PATCH that PostHog records', async () => {
    await fake.clearRequests();
    const doc = await open(WEBHOOK);
    assert.equal(doc.uri.scheme, 'posthog-hog');
    assert.match(doc.uri.path, /\/Webhook - billing service\.hog$/);
    assert.equal(doc.languageId, 'hog');
    assert.equal(doc.getText(), (await stored(WEBHOOK)).hog);
    assert.deepEqual(
      (await apiRequests()).map((r) => r.method),
      ['GET'],
      'opening costs one GET',
    );

    const edited = `print('edited in VS Code');\n${doc.getText()}`;
    await replaceText(doc, edited);
    await fake.clearRequests();
    assert.equal(await doc.save(), true);
    assert.deepEqual(
      (await apiRequests()).map((r) => `${r.method} ${r.status}`),
      ['PATCH 200'],
      'saving costs one PATCH',
    );
    assert.equal(doc.isDirty, false);
    assert.equal((await stored(WEBHOOK)).hog, edited);
    const last = (await activities(WEBHOOK)).sort((a, b) => a.seq - b.seq).pop();
    assert.equal(last?.activity, 'updated');
    assert.ok(
      last?.detail.changes?.some((c) => c.field === 'hog'),
      JSON.stringify(last?.detail),
    );
  });

  it("keeps broken Hog in the dirty editor and shows PostHog's error", async () => {
    const before = (await stored(WEBHOOK)).hog;
    const doc = await open(WEBHOOK);
    const broken = `let message := 'never closed\n${before}`;
    await replaceText(doc, broken);
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), broken);
    const problems = vscode.languages.getDiagnostics(doc.uri);
    // In words: which part, what PostHog said, what to do (not PostHog's `attr` in brackets).
    assert.ok(
      problems.some(
        (d) =>
          d.message.includes('in the code, PostHog says "Hog code has errors."') && d.message.includes('Fix the code'),
      ),
      `diagnostics: ${problems.map((d) => d.message).join(' | ')}`,
    );
    assert.ok(!problems.some((d) => d.message.includes('(hog)')), 'no raw attr');
    assert.equal((await stored(WEBHOOK)).hog, before);
  });

  it('words a refused input on its key in the inputs, keeps the edit, and saves once it is fixed', async () => {
    const before = (await stored(WEBHOOK)).inputs.url?.value;
    const doc = await open(WEBHOOK, 'inputs');
    const inputs = JSON.parse(doc.getText()) as Record<string, { value?: unknown }>;
    inputs.url = { value: '' };
    const emptied = JSON.stringify(inputs, null, 2);
    await replaceText(doc, emptied);
    assert.equal(await doc.save(), false, 'PostHog refuses a required input left empty');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), emptied, 'the edit stays in the editor');
    const [problem] = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'PostHog');
        return found.length ? found : undefined;
      },
      10_000,
      'the refusal on the input',
    );
    assert.equal(doc.getText(problem!.range), '"url"', 'marked on the input it is about');
    assert.equal(
      problem!.message,
      'Couldn\'t save hog function: in input "url", PostHog says "This field is required." Give input "url" a value in the function\'s inputs, then try again.',
    );
    assert.equal((await stored(WEBHOOK)).inputs.url?.value, before, 'nothing saved');
    // Retry with the value given: saved, and the refusal is gone.
    inputs.url = { value: before };
    await replaceText(doc, JSON.stringify(inputs, null, 2));
    await fake.clearRequests();
    assert.equal(await doc.save(), true);
    assert.deepEqual(
      (await apiRequests()).map((r) => `${r.method} ${r.status}`),
      ['PATCH 200'],
    );
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'PostHog'),
      [],
    );
  });

  it('detects a change made on PostHog since the document was opened', async () => {
    const doc = await open(WEBHOOK);
    const theirs = `print('saved by a colleague');\n${doc.getText()}`;
    await api('PATCH', `hog_functions/${idOf(WEBHOOK)}/`, { hog: theirs });
    const mine = `print('mine');\n${doc.getText()}`;
    await replaceText(doc, mine);

    const conflict = 'changed on PostHog since you opened it';
    assert.equal(
      await withPrompts([{ confirm: conflict, answer: undefined }], () => doc.save()),
      false,
      'a stale save is refused until the user decides',
    );
    assert.equal(doc.isDirty, true);
    assert.equal((await stored(WEBHOOK)).hog, theirs, "the colleague's change survives");

    assert.equal(await withPrompts([{ confirm: conflict, answer: 'Overwrite' }], () => doc.save()), true);
    assert.equal((await stored(WEBHOOK)).hog, mine);
  });

  it('offers a diff against the server version on conflict', async () => {
    const doc = await open(WEBHOOK);
    const theirs = `print('colleague again');\n${doc.getText()}`;
    await api('PATCH', `hog_functions/${idOf(WEBHOOK)}/`, { hog: theirs });
    await replaceText(doc, `print('mine again');\n${doc.getText()}`);
    assert.equal(
      await withPrompts([{ confirm: 'changed on PostHog since you opened it', answer: 'Compare' }], () => doc.save()),
      false,
    );
    const diff = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
      5000,
      'the diff tab',
    );
    const input = diff.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'posthog-hog-server');
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), theirs);
    assert.equal(await doc.save(), true, 'after comparing, saving again keeps the reviewed text');
  });

  it('shows secret inputs masked, refuses invalid JSON before any request, and sends only inputs', async () => {
    const secretBefore = (await stored(SLACK)).encrypted_inputs.webhook_url;
    const doc = await open(SLACK, 'inputs');
    assert.match(doc.uri.path, /\.inputs\.json$/);
    const inputs = JSON.parse(doc.getText()) as Record<string, { value?: unknown; secret?: boolean }>;
    assert.deepEqual(inputs.webhook_url, { secret: true });

    await replaceText(doc, '{ "text": { "value": "oops" ');
    await fake.clearRequests();
    assert.equal(await doc.save(), false);
    assert.deepEqual(await apiRequests(), [], 'nothing was sent');

    inputs.text = { value: 'New paying customer: {groups.organization.properties.name}' };
    await replaceText(doc, JSON.stringify(inputs, null, 2));
    assert.equal(await doc.save(), true);
    const row = await stored(SLACK);
    assert.equal(row.inputs.text?.value, 'New paying customer: {groups.organization.properties.name}');
    assert.deepEqual(row.encrypted_inputs.webhook_url, secretBefore, 'the secret is untouched');
    // PostHog normalises the stored schema on any save, so inputs_schema may show up too; nothing else may.
    const last = (await activities(SLACK)).sort((a, b) => a.seq - b.seq).pop();
    const fields = last?.detail.changes?.map((c) => c.field) ?? [];
    assert.ok(fields.includes('inputs'), fields.join());
    assert.deepEqual(
      fields.filter((f) => !['inputs', 'inputs_schema'].includes(f)),
      [],
    );
  });

  it('test-runs the unsaved source with the sample event and reports logs and errors', async () => {
    const doc = await open(WEBHOOK);
    await replaceText(doc, `print(f'unsaved {event.event}');\nfetch(inputs.url, {'method': 'POST'});\n`);
    // The sample starts as an event its filters match; a $pageview, which they do not take, is skipped.
    const sampleEditor = await vscode.commands.executeCommand<vscode.TextEditor>(
      'posthogWorkbench.editSampleEvent',
      doc.uri,
    );
    const sample = JSON.parse(sampleEditor.document.getText()) as { event: { event: string } };
    assert.notEqual(sample.event.event, '$pageview', 'the first sample is an event its filters name');
    sample.event.event = '$pageview';
    await replaceText(sampleEditor.document, JSON.stringify(sample, null, 2));
    const skipped = await vscode.commands.executeCommand<{ status: string }>(
      'posthogWorkbench.testHogFunction',
      doc.uri,
    );
    assert.equal(skipped?.status, 'skipped', "the saved filters don't match the sample $pageview");

    const filtersDoc = await open(WEBHOOK, 'filters');
    const filters = JSON.parse(filtersDoc.getText()) as { events: { id: string }[] };
    filters.events.push({ id: '$pageview', name: '$pageview', type: 'events', order: 2 } as { id: string });
    await replaceText(filtersDoc, JSON.stringify(filters, null, 2));
    const result = await vscode.commands.executeCommand<{
      status: string;
      errors: string[];
      logs: { message: string }[];
    }>('posthogWorkbench.testHogFunction', doc.uri);
    assert.equal(result?.status, 'success');
    assert.ok(
      result.logs.some((l) => l.message === 'unsaved $pageview'),
      JSON.stringify(result.logs),
    );
    assert.ok(result.logs.some((l) => l.message.startsWith("Async function 'fetch' was mocked")));
    assert.equal(doc.isDirty, true, 'a test run does not save');

    await replaceText(doc, "throw Error('billing service is down');\n");
    const failed = await vscode.commands.executeCommand<{ status: string; errors: string[] }>(
      'posthogWorkbench.testHogFunction',
      doc.uri,
    );
    assert.equal(failed?.status, 'error');
    assert.deepEqual(failed.errors, ['billing service is down']);
  });

  it('enables and disables from the tree without reloading it', async () => {
    const node = (await treeFunctions()).find((n) => n.hogFunction.name === WEBHOOK);
    assert.ok(node);
    assert.equal(node.hogFunction.enabled, false);
    await fake.clearRequests();
    await withPrompts([{ confirm: `Enable "${WEBHOOK}"?`, answer: 'Enable' }], () =>
      vscode.commands.executeCommand('posthogWorkbench.toggleHogFunction', node),
    );
    assert.equal((await stored(WEBHOOK)).enabled, true);
    assert.equal((await treeFunctions()).find((n) => n.hogFunction.name === WEBHOOK)?.hogFunction.enabled, true);
    assert.deepEqual(
      (await apiRequests()).map((r) => r.method),
      ['PATCH'],
      'no list reload',
    );

    await vscode.commands.executeCommand('posthogWorkbench.toggleHogFunction', { id: idOf(WEBHOOK) });
    assert.equal((await stored(WEBHOOK)).enabled, false);
    assert.equal((await treeFunctions()).find((n) => n.hogFunction.name === WEBHOOK)?.hogFunction.enabled, false);
  });

  it('soft-deletes with undo and updates the tree', async () => {
    await treeFunctions();
    const result = await withPrompts([{ confirm: `Delete "${WEBHOOK}"?`, answer: 'Delete' }], () =>
      vscode.commands.executeCommand<{ undo: () => Promise<unknown> }>('posthogWorkbench.deleteHogFunction', {
        id: idOf(WEBHOOK),
      }),
    );
    assert.equal((await stored(WEBHOOK)).deleted, true);
    assert.equal(
      (await treeFunctions()).some((n) => n.hogFunction.name === WEBHOOK),
      false,
    );
    await result?.undo();
    assert.equal((await stored(WEBHOOK)).deleted, false);
    assert.equal(
      (await treeFunctions()).some((n) => n.hogFunction.name === WEBHOOK),
      true,
    );
  });

  it('shows recent logs with 7-day totals, filtered by level', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'posthogWorkbench.showHogFunctionLogs',
      { id: idOf(SLACK) },
      {},
    );
    assert.ok(doc);
    const text = doc.getText();
    // The overview's sentence and numbers (a disabled run is not a failure), times in the user's time zone, not ISO UTC.
    assert.match(text, /\nLast 7 days: ([\d,]+ of [\d,]+ runs failed \(|no runs)/);
    assert.match(text, /\[(DEBUG|INFO|WARN|ERROR|LOG)\s*\]/);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00) \[/);

    const errors = await vscode.commands.executeCommand<vscode.TextDocument>(
      'posthogWorkbench.showHogFunctionLogs',
      { id: idOf(SLACK) },
      { levels: ['ERROR'] },
    );
    const lines =
      errors
        ?.getText()
        .split('\n')
        .filter((l) => /^\S.* \[[A-Z]+ *\] /.test(l)) ?? [];
    assert.ok(
      lines.every((l) => l.includes('[ERROR]')),
      lines.join('\n'),
    );
  });
});
