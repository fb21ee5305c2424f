// Fixtures in VS Code's Test Explorer, in a real extension host: a function folder's fixtures are listed (with a
// range, for gutter icons), "Run locally" runs them through the same core as the command line, a failed expectation
// is a diff at its line in the fixture file, and creating or deleting a fixture file updates the tree; "Run on
// PostHog" runs a linked folder's fixtures on the local PostHog's invocations endpoint (passes, fails, skips scripted
// responses) and "Debug" starts a Hog debug session on the fixture that ends, then reports the fixture's result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Outcome {
  id: string;
  state: string;
  messages: { message: string; expected?: string; actual?: string; line?: number }[];
  output?: string;
}
interface FixtureTests {
  controller: vscode.TestController;
  discover(): Promise<void>;
  run(request: vscode.TestRunRequest): Promise<Outcome[]>;
  runOnPostHog(request: vscode.TestRunRequest): Promise<Outcome[]>;
  debug(request: vscode.TestRunRequest): Promise<Outcome[]>;
}

const encode = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => encode(`${JSON.stringify(value, null, 2)}\n`);

describe('fixtures in the Test Explorer', function () {
  this.timeout(60_000);
  let tests: FixtureTests;
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const folder = () => vscode.Uri.joinPath(root(), 'posthog', 'hog-functions', 'fixture-explorer');
  const fixture = (name: string) => vscode.Uri.joinPath(folder(), 'test-events', `${name}.json`);

  before(async () => {
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'fixture-explorer.hog'),
      encode(
        "let res := fetch(inputs.url, {'body': {'event': event.event}})\nif (res.status >= 400) {\n  print('refused', res.status)\n  throw Error(f'refused {res.status}')\n}\n",
      ),
    );
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'function.json'),
      json({
        ids: {},
        type: 'destination',
        name: 'Fixture explorer',
        inputs_schema: [{ key: 'url', type: 'string' }],
        inputs: { url: { value: 'https://hooks.test/x' } },
      }),
    );
    await vscode.workspace.fs.writeFile(
      fixture('sends'),
      json({
        event: { event: 'signed_up', properties: {} },
        expect: { requests: [{ url: 'https://hooks.test/x', body: { event: 'signed_up' } }] },
      }),
    );
    await vscode.workspace.fs.writeFile(
      fixture('error-branch'),
      json({
        event: { event: 'signed_up', properties: {} },
        responses: [{ status: 500 }],
        expect: { prints: ['refused, 500'], error: 'refused 500' },
      }),
    );
    await vscode.workspace.fs.writeFile(
      fixture('wrong'),
      json({
        event: { event: 'signed_up', properties: {} },
        expect: { requests: [{ body: { event: 'logged_in' } }] },
      }),
    );
    tests = ((await activateExtension()).exports as { fixtureTests: FixtureTests }).fixtureTests;
    await tests.discover();
  });
  after(async () => {
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  const folderItem = () => tests.controller.items.get(folder().toString());
  const names = () => {
    const out: string[] = [];
    folderItem()?.children.forEach((c) => void out.push(c.label));
    return out.sort();
  };

  it("lists a function folder's fixtures, each at the top of its file", () => {
    assert.equal(folderItem()?.label, 'fixture-explorer');
    assert.deepEqual(names(), ['error-branch', 'sends', 'wrong']);
    const item = folderItem()?.children.get(fixture('sends').toString());
    assert.equal(item?.uri?.toString(), fixture('sends').toString());
    assert.equal(item?.range?.start.line, 0);
  });

  it('runs them locally: passes, the 500 error branch, and a failure as a diff at the expectation', async () => {
    const outcomes = await tests.run(new vscode.TestRunRequest([folderItem() as vscode.TestItem]));
    const byName = Object.fromEntries(outcomes.map((o) => [o.id.split('/').pop(), o]));
    assert.equal(byName['sends.json']?.state, 'passed', JSON.stringify(byName['sends.json']));
    assert.match(byName['sends.json']?.output ?? '', /POST https:\/\/hooks\.test\/x/);
    assert.equal(byName['error-branch.json']?.state, 'passed', JSON.stringify(byName['error-branch.json']));
    const wrong = byName['wrong.json'];
    assert.equal(wrong?.state, 'failed');
    assert.match(wrong?.messages[0]?.message ?? '', /Request 1 differs at body\.event/);
    assert.match(wrong?.messages[0]?.expected ?? '', /"event": "logged_in"/);
    assert.match(wrong?.messages[0]?.actual ?? '', /"event": "signed_up"/);
    assert.equal(wrong?.messages[0]?.line, 10, 'the line of "event": "logged_in"');
  });

  it('runs the fixture as the editor has it (unsaved edits included)', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('wrong'));
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), doc.getText().replace('logged_in', 'signed_up'));
    await vscode.workspace.applyEdit(edit);
    const item = folderItem()?.children.get(fixture('wrong').toString()) as vscode.TestItem;
    const [outcome] = await tests.run(new vscode.TestRunRequest([item]));
    assert.equal(outcome?.state, 'passed', JSON.stringify(outcome));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows fixture files as they are created and deleted', async () => {
    // Created and deleted in VS Code, as the Explorer does (a workspace edit): listed and gone at once.
    const create = new vscode.WorkspaceEdit();
    create.createFile(fixture('added later'), { contents: json({ event: { event: 'x', properties: {} } }) });
    assert.ok(await vscode.workspace.applyEdit(create));
    await waitFor(() => names().includes('added later'), 10_000, 'the new fixture in the tree');
    const remove = new vscode.WorkspaceEdit();
    remove.deleteFile(fixture('added later'));
    assert.ok(await vscode.workspace.applyEdit(remove));
    await waitFor(() => !names().includes('added later'), 10_000, 'the deleted fixture gone from the tree');
  });
});

describe('fixtures run on PostHog and in the debugger from the Test Explorer', function () {
  this.timeout(90_000);
  let tests: FixtureTests;
  const fake = fakeFromEnv();
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const folder = () => vscode.Uri.joinPath(root(), 'posthog', 'hog-functions', 'fixture-remote');
  const fixture = (name: string) => vscode.Uri.joinPath(folder(), 'test-events', `${name}.json`);
  const source = "fetch(inputs.url, {'method': 'POST', 'body': {'event': event.event}})\nprint('sent', event.event)\n";
  const event = { event: 'signed_up', distinct_id: 'ada', properties: {} };
  let createdId = '';

  before(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    const config = {
      type: 'destination',
      name: 'Fixture remote',
      inputs_schema: [{ key: 'url', type: 'string', required: true }],
      inputs: { url: { value: 'https://hooks.test/r' } },
    };
    const created = await fake.api<{ id: string }>('POST', 'hog_functions/', { ...config, hog: source });
    createdId = created.id;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'fixture-remote.hog'), encode(source));
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'function.json'),
      json({ ids: { [`${fake.url}/project/${fake.projectId}`]: created.id }, ...config }),
    );
    await vscode.workspace.fs.writeFile(
      fixture('sends'),
      json({ event, expect: { requests: [{ url: 'https://hooks.test/r' }], prints: ['sent, signed_up'] } }),
    );
    await vscode.workspace.fs.writeFile(fixture('wrong'), json({ event, expect: { prints: ['nothing'] } }));
    await vscode.workspace.fs.writeFile(fixture('scripted'), json({ event, responses: [{ status: 500 }] }));
    tests = ((await activateExtension()).exports as { fixtureTests: FixtureTests }).fixtureTests;
    await tests.discover();
  });
  after(async () => {
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
    // The next test files find the project as they left it.
    if (createdId) await fake.api('PATCH', `hog_functions/${createdId}/`, { deleted: true });
  });

  const folderItem = () => tests.controller.items.get(folder().toString()) as vscode.TestItem;
  const byName = (outcomes: Outcome[]) => Object.fromEntries(outcomes.map((o) => [o.id.split('/').pop(), o]));

  it('"Run on PostHog" runs each fixture on the invocations endpoint and checks what PostHog answered', async () => {
    await fake.clearRequests();
    const outcomes = byName(await tests.runOnPostHog(new vscode.TestRunRequest([folderItem()])));
    assert.equal(outcomes['sends.json']?.state, 'passed', JSON.stringify(outcomes['sends.json']));
    assert.match(outcomes['sends.json']?.output ?? '', /POST https:\/\/hooks\.test\/r/);
    const wrong = outcomes['wrong.json'];
    assert.equal(wrong?.state, 'failed', JSON.stringify(wrong));
    assert.match(wrong?.messages[0]?.message ?? '', /print\(\) lines differ/);
    assert.equal(wrong?.messages[0]?.actual, 'sent, signed_up');
    assert.equal(outcomes['scripted.json']?.state, 'skipped');
    assert.match(outcomes['scripted.json']?.messages[0]?.message ?? '', /runs only locally/);
    const invocations = (await fake.apiRequests()).filter((r) => r.path.endsWith('/invocations/'));
    assert.equal(invocations.length, 2);
  });

  it('"Debug" starts a Hog debug session on the fixture, which ends, and reports its result', async () => {
    const started: vscode.DebugSession[] = [];
    const ended: vscode.DebugSession[] = [];
    const listeners = [
      vscode.debug.onDidStartDebugSession((s) => void started.push(s)),
      vscode.debug.onDidTerminateDebugSession((s) => void ended.push(s)),
    ];
    try {
      const item = folderItem().children.get(fixture('sends').toString()) as vscode.TestItem;
      const [outcome] = await tests.debug(new vscode.TestRunRequest([item]));
      assert.equal(started.length, 1);
      assert.equal(started[0]?.type, 'hog');
      assert.equal(started[0]?.configuration.globals?.event?.event, 'signed_up');
      assert.deepEqual(ended, started);
      assert.equal(outcome?.state, 'passed', JSON.stringify(outcome));
    } finally {
      listeners.forEach((l) => l.dispose());
    }
  });
});
