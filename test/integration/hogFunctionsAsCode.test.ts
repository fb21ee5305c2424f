// Hog functions as code in a real extension host against the local PostHog: a new function from a template, export
// to posthog/hog-functions/, push and pull with conflicts shown as diffs, push as a new function and into a second
// project, sync-state badges, revisions and drafts (and their absence on an older PostHog), and no secret in a file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFakePostHog, type FakePostHog } from '../fake-posthog/index';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface Exports {
  trees: { hogFunctions: vscode.TreeDataProvider<unknown> };
  session: { projectId: number | undefined; host: string };
  hogAsCode: {
    recordsDir: string;
    sync: { push(folder: vscode.Uri): Promise<{ status: string }> };
    decorations: { stateOf(id: string): Promise<{ state: string } | undefined> };
  };
}
interface StoredFunction {
  id: string;
  project_id: number;
  name: string;
  hog: string;
  enabled: boolean;
  deleted: boolean;
  version: number;
  draft?: { hog?: string } | null;
  template: { id: string } | null;
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
interface Result {
  status: string;
  functionId?: string;
  fields?: string[];
  folder?: vscode.Uri;
}

const SLACK = 'Slack: new paying customer';
const WEBHOOK = 'Webhook: billing service';
const SLACK_DIR = 'posthog/hog-functions/slack-new-paying-customer';
const WEBHOOK_DIR = 'posthog/hog-functions/webhook-billing-service';
/** Typed by the tests as secret input values: none may ever be found in a file. */
const TYPED_SECRETS = [
  'https://discord.com/api/webhooks/1/typed-discord-secret',
  'https://hooks.slack.com/services/T0/B0/typed-copy-secret',
  'https://hooks.slack.com/services/T0/B0/typed-staging-secret',
];

describe('hog functions as code', function () {
  this.timeout(90_000);
  let fake: FakeAdmin;
  let exports: Exports;
  const ids = new Map<string, string>();
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const uri = (rel: string) => vscode.Uri.joinPath(root(), ...rel.split('/'));
  const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
  const json = async (rel: string) =>
    JSON.parse(await read(rel)) as Record<string, unknown> & { ids: Record<string, string> };
  const projectKey = (projectId = fake.projectId) => `${fake.url}/project/${projectId}`;

  const api = async <T>(
    method: string,
    apiPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `${method} ${apiPath} -> ${response.status}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  };
  const idOf = (name: string) => {
    const id = ids.get(name);
    assert.ok(id, `no seeded hog function named ${name}`);
    return id;
  };
  const stored = async (id: string) => (await fake.hogFunction<StoredFunction>(id)) as StoredFunction;
  const apiRequests = () => fake.apiRequests();

  const run = <T = Result>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
  const diffTabs = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
  const loadTree = async () => {
    const tree = exports.trees.hogFunctions;
    for (const type of (await tree.getChildren()) ?? []) await tree.getChildren(type);
  };
  const stateOf = async (id: string) => (await exports.hogAsCode.decorations.stateOf(id))?.state;
  const waitForState = (id: string, state: string) =>
    waitFor(async () => (await stateOf(id)) === state, 10_000, `sync state ${state}`);
  const lastChange = async (id: string) => {
    const entries = (await fake.state<{ activity: Activity[] }>()).activity.filter(
      (a) => a.scope === 'HogFunction' && a.item_id === id,
    );
    return entries.sort((a, b) => a.seq - b.seq).pop();
  };
  const signIn = (host: string, apiKey: string, projectId: number) =>
    run('posthogWorkbench.signIn', { host, apiKey, projectId });

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await fake.setRelease('newest');
    exports = (await activateExtension()).exports as Exports;
    await signIn(fake.url, fake.apiKey, fake.projectId);
    const list = await api<{ results: { id: string; name: string }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
    await vscode.workspace.fs
      .delete(uri('posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('creates a disabled function from a template with the inputs given, and opens its source', async () => {
    await fake.clearRequests();
    const created = await run<{ id: string }>('posthogWorkbench.newHogFunction', {
      type: 'destination',
      templateId: 'template-discord',
      name: 'Discord alerts',
      inputs: { webhookUrl: TYPED_SECRETS[0], content: 'New signup: {person.name}' },
    });
    assert.ok(created?.id);
    const row = await stored(created.id);
    assert.equal(row.enabled, false);
    assert.equal(row.name, 'Discord alerts');
    assert.equal(row.template?.id, 'template-discord');
    const template = (await fake.state<{ templates: { id: string; code: string }[] }>()).templates.find(
      (t) => t.id === 'template-discord',
    );
    assert.equal(row.hog, template?.code, 'PostHog filled the code from the template');
    assert.equal(row.inputs.content?.value, 'New signup: {person.name}');
    assert.equal(row.encrypted_inputs.webhookUrl?.value, TYPED_SECRETS[0]);
    const posts = (await apiRequests()).filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => `${r.path} ${r.status}`),
      ['/api/projects/1/hog_functions/ 201'],
    );
    const doc = await waitFor(
      () =>
        vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.path.endsWith('/Discord alerts.hog')),
      10_000,
      'the source editor',
    );
    assert.equal(doc.uri.scheme, 'posthog-hog');
  });

  it('creates a blank function of a type, disabled', async () => {
    const created = await run<{ id: string }>('posthogWorkbench.newHogFunction', {
      type: 'transformation',
      name: 'Blank transformation',
    });
    const row = await stored(created?.id as string);
    assert.equal(row.enabled, false);
    assert.equal(row.template, null);
    assert.match(row.hog, /return returnEvent;/);
    await withPrompts([{ confirm: 'Delete "Blank transformation"?', answer: 'Delete' }], () =>
      run('posthogWorkbench.deleteHogFunction', { id: row.id }),
    );
    assert.equal((await stored(row.id)).deleted, true);
  });

  it("refuses a hidden template with PostHog's reason, creating nothing", async () => {
    const before = (await fake.state<{ hogFunctions: unknown[] }>()).hogFunctions.length;
    await assert.rejects(
      Promise.resolve(
        run('posthogWorkbench.newHogFunction', {
          type: 'destination',
          templateId: 'template-posthog-capture',
          name: 'x',
          inputs: { event: 'x' },
        }),
      ),
      /internal and cannot be used to create a function/,
    );
    assert.equal((await fake.state<{ hogFunctions: unknown[] }>()).hogFunctions.length, before);
  });

  it('exports functions into posthog/hog-functions/<name>/ exactly as documented', async () => {
    await loadTree();
    const slackId = idOf(SLACK);
    const [result] = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id: slackId })) ?? [];
    assert.equal(result?.status, 'exported');
    assert.equal(vscode.workspace.asRelativePath(result?.folder as vscode.Uri), SLACK_DIR);
    const entries = (await vscode.workspace.fs.readDirectory(uri(SLACK_DIR))).map(([name]) => name).sort();
    assert.deepEqual(entries, ['function.json', 'slack-new-paying-customer.hog']);
    const row = await stored(slackId);
    assert.equal(await read(`${SLACK_DIR}/slack-new-paying-customer.hog`), row.hog);
    const text = await read(`${SLACK_DIR}/function.json`);
    const file = JSON.parse(text) as Record<string, unknown>;
    assert.equal(`${JSON.stringify(file, null, 2)}\n`, text, '2-space JSON ending in a newline');
    assert.deepEqual(Object.keys(file), [
      'ids',
      'type',
      'name',
      'description',
      'enabled',
      'execution_order',
      'template_id',
      'inputs_schema',
      'inputs',
      'filters',
      'mappings',
      'masking',
    ]);
    assert.deepEqual(file.ids, { [projectKey()]: slackId });
    assert.equal(file.type, 'destination');
    assert.equal(file.name, SLACK);
    assert.equal(file.template_id, 'template-slack');
    assert.deepEqual(Object.keys(file.inputs as object), ['webhook_url', 'text'], 'inputs in schema order');
    assert.deepEqual((file.inputs as Record<string, unknown>).webhook_url, { secret: true });
    assert.equal(JSON.stringify(file.filters).includes('bytecode'), false, 'derived bytecode is left out');
    assert.doesNotMatch(text, /seed-secret-value/);
    assert.equal(await stateOf(slackId), 'in-sync');

    // Site functions are TypeScript; a second export of the same function finds its folder instead of making another.
    const [site] = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id: idOf('Intercom (site)') })) ?? [];
    assert.ok(fs.existsSync(path.join((site?.folder as vscode.Uri).fsPath, 'intercom-site.ts')));
    const [again] = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id: slackId })) ?? [];
    assert.equal(again?.status, 'unchanged');

    // Everything at once: new folders for the rest; a linked folder with local changes is left alone and reported.
    const siteSource = path.join((site?.folder as vscode.Uri).fsPath, 'intercom-site.ts');
    fs.appendFileSync(siteSource, '// kept\n');
    const all = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { all: true })) ?? [];
    const listed = await api<{ count: number }>('GET', 'hog_functions/?limit=1');
    assert.equal(all.length, listed.count);
    assert.deepEqual(
      all
        .filter((r) => r.status !== 'exported')
        .map((r) => r.status)
        .sort(),
      ['skipped', 'unchanged'],
    );
    assert.match(fs.readFileSync(siteSource, 'utf8'), /\/\/ kept\n$/);
    const folders = (await vscode.workspace.fs.readDirectory(uri('posthog/hog-functions'))).map(([name]) => name);
    assert.equal(folders.length, listed.count);
    assert.ok(
      folders.includes('hash-email-addresses') && folders.includes('stripe-webhook-source'),
      folders.join(', '),
    );
  });

  it('pushes an edited file with one PATCH of just the changed field', async () => {
    const id = idOf(SLACK);
    const source = `${SLACK_DIR}/slack-new-paying-customer.hog`;
    const doc = await vscode.workspace.openTextDocument(uri(source));
    const edited = `print('pushed from the repo');\n${doc.getText()}`;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), edited);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await fake.clearRequests();
    const result = await run('posthogWorkbench.pushHogFunction', doc.uri);
    assert.deepEqual(result, { status: 'pushed', functionId: id, fields: ['hog'] });
    assert.equal(doc.isDirty, false, 'push saved the unsaved edit first');
    const requests = await apiRequests();
    // No read first: this PostHog refuses a stale base_updated_at itself, and the PATCH is based on the last sync.
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.status}`),
      ['PATCH 200'],
      `one PATCH: ${requests.map((r) => `${r.method} ${r.path}?${r.query}`).join(', ')}`,
    );
    assert.equal((await stored(id)).hog, edited);
    assert.deepEqual(
      (await lastChange(id))?.detail.changes?.map((c) => c.field),
      ['hog'],
    );
    await waitForState(id, 'in-sync');

    // Saved in the editor, as a person does: the badge follows.
    const again = new vscode.WorkspaceEdit();
    again.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '// one more line\n');
    assert.ok(await vscode.workspace.applyEdit(again));
    assert.ok(await doc.save());
    await waitForState(id, 'local-changes');
  });

  it('shows a diff and writes nothing until confirmed when PostHog changed meanwhile', async () => {
    const id = idOf(SLACK);
    const source = `${SLACK_DIR}/slack-new-paying-customer.hog`;
    const theirs = `print('a colleague saved this in PostHog');\n${(await stored(id)).hog}`;
    await api('PATCH', `hog_functions/${id}/`, { hog: theirs });
    const mine = await read(source);
    await run('posthogWorkbench.refresh');
    await loadTree();
    await waitForState(id, 'both-changed');

    await fake.clearRequests();
    const cancelled = await withPrompts(
      [{ warn: 'changed in PostHog since it was last pulled or pushed here', answer: undefined }],
      () => run('posthogWorkbench.pushHogFunction', uri(source)),
    );
    assert.deepEqual(cancelled, { status: 'cancelled' });
    assert.equal((await stored(id)).hog, theirs, "the colleague's version is untouched");
    // The PATCH based on the last sync was refused as stale by PostHog; then the push read PostHog's version to diff
    // (Refresh above may still be reloading the group types meanwhile: those reads are not the push's).
    const requests = (await apiRequests()).filter((r) => r.method !== 'GET' || r.path.includes('/hog_functions/'));
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.status}`),
      ['PATCH 409', 'GET 200'],
      `nothing was written: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
    const diff = await waitFor(() => diffTabs()[0], 5000, 'the diff editor');
    const input = diff.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'posthog-hog-snapshot');
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), theirs);
    assert.equal(input.modified.toString(), uri(source).toString());
    assert.equal(await read(source), mine);

    const pushed = await withPrompts(
      [{ warn: 'changed in PostHog since it was last pulled or pushed here', answer: 'Push Mine' }],
      () => run('posthogWorkbench.pushHogFunction', uri(source)),
    );
    assert.equal(pushed?.status, 'pushed');
    assert.equal((await stored(id)).hog, mine);
    await waitForState(id, 'in-sync');
  });

  it('on a PostHog that ignores base_updated_at, a push reads the function first and still finds a change made there', async () => {
    const id = idOf(SLACK);
    const source = `${SLACK_DIR}/slack-new-paying-customer.hog`;
    await fake.setRelease('older');
    try {
      // Anything read from the server teaches the extension which kind it is (here: a pull, which finds nothing new).
      assert.equal((await run('posthogWorkbench.pullHogFunction', { id }))?.status, 'unchanged');
      await write(source, `print('pushed to an older server');\n${await read(source)}`);
      await fake.clearRequests();
      assert.equal((await run('posthogWorkbench.pushHogFunction', uri(source)))?.status, 'pushed');
      assert.deepEqual(
        (await apiRequests()).map((r) => r.method),
        ['GET', 'PATCH'],
        'read first: the server would not refuse a stale write',
      );

      const theirs = `print('a colleague saved this on the older server');\n${(await stored(id)).hog}`;
      await api('PATCH', `hog_functions/${id}/`, { hog: theirs });
      await write(source, `print('mine again');\n${await read(source)}`);
      await fake.clearRequests();
      // The question stands beside the diff it refers to (a notification, not a modal over it).
      const cancelled = await withPrompts(
        [{ warn: 'changed in PostHog since it was last pulled or pushed here', answer: undefined }],
        () => run('posthogWorkbench.pushHogFunction', uri(source)),
      );
      assert.deepEqual(cancelled, { status: 'cancelled' });
      assert.equal((await stored(id)).hog, theirs, "the colleague's version is untouched");
      assert.deepEqual(
        (await apiRequests()).map((r) => r.method),
        ['GET'],
        'nothing was written',
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const pulled = await withPrompts([{ warn: 'replaces the changes', answer: 'Replace My Files' }], () =>
        run('posthogWorkbench.pullHogFunction', { id }),
      );
      assert.equal(pulled?.status, 'pulled');
    } finally {
      await fake.setRelease('newest');
    }
  });

  it("pulls PostHog's changes into the files, with a diff first when the files changed too", async () => {
    const id = idOf(SLACK);
    await api('PATCH', `hog_functions/${id}/`, { name: 'Slack: paying customers' });
    const pulled = await run('posthogWorkbench.pullHogFunction', { id });
    assert.equal(pulled?.status, 'pulled');
    assert.equal((await json(`${SLACK_DIR}/function.json`)).name, 'Slack: paying customers');
    assert.equal(diffTabs().length, 0, 'no diff when only PostHog changed');
    await waitForState(id, 'in-sync');

    const theirs = `print('changed in PostHog again');\n${(await stored(id)).hog}`;
    await api('PATCH', `hog_functions/${id}/`, { hog: theirs });
    const file = await json(`${SLACK_DIR}/function.json`);
    const mine = `${JSON.stringify({ ...file, description: 'edited in the repo' }, null, 2)}\n`;
    await write(`${SLACK_DIR}/function.json`, mine);
    const cancelled = await withPrompts(
      [{ warn: 'Pulling "Slack: paying customers" replaces the changes', answer: undefined }],
      () => run('posthogWorkbench.pullHogFunction', uri(SLACK_DIR)),
    );
    assert.deepEqual(cancelled, { status: 'cancelled' });
    assert.equal(await read(`${SLACK_DIR}/function.json`), mine, 'the local change is kept');
    assert.ok(diffTabs().length >= 1, 'the difference is shown');
    const replaced = await withPrompts(
      [{ warn: 'Pulling "Slack: paying customers" replaces the changes', answer: 'Replace My Files' }],
      () => run('posthogWorkbench.pullHogFunction', uri(SLACK_DIR)),
    );
    assert.equal(replaced?.status, 'pulled');
    assert.equal(await read(`${SLACK_DIR}/slack-new-paying-customer.hog`), theirs);
    assert.equal(
      (await json(`${SLACK_DIR}/function.json`)).description,
      'Posts to #revenue when an organization starts paying',
    );
  });

  it('pushes a folder without an id as a new, disabled function, and refuses two folders linked to one function', async () => {
    const copy = 'posthog/hog-functions/slack-copy';
    const file = await json(`${SLACK_DIR}/function.json`);
    await vscode.workspace.fs.createDirectory(uri(copy));
    await write(`${copy}/slack-copy.hog`, await read(`${SLACK_DIR}/slack-new-paying-customer.hog`));
    // A copy that kept the original's id must not push over the original.
    await write(`${copy}/function.json`, `${JSON.stringify(file, null, 2)}\n`);
    await assert.rejects(exports.hogAsCode.sync.push(uri(copy)), /are linked to the same hog function/);

    await write(
      `${copy}/function.json`,
      `${JSON.stringify({ ...file, ids: {}, name: 'Slack copy', enabled: true }, null, 2)}\n`,
    );
    const result = await withPrompts(
      [
        { confirm: 'Create "Slack copy" in project', answer: 'Create Disabled' },
        { password: 'of the new function', answer: TYPED_SECRETS[1] },
      ],
      () => run('posthogWorkbench.pushHogFunction', uri(copy)),
    );
    assert.equal(result?.status, 'created');
    const row = await stored(result?.functionId as string);
    assert.equal(row.name, 'Slack copy');
    assert.equal(row.enabled, false, 'created disabled although the file says enabled');
    assert.equal(row.encrypted_inputs.webhook_url?.value, TYPED_SECRETS[1]);
    assert.deepEqual((await json(`${copy}/function.json`)).ids, { [projectKey()]: row.id });
    await loadTree();
    await waitForState(row.id, 'local-changes');
  });

  it("pushes the same folder into a second project with that project's inputs, keeping each project's link", async () => {
    const slackId = idOf(SLACK);
    const before = await stored(slackId);
    const fileBefore = await read(`${SLACK_DIR}/function.json`);
    // project-inputs.json: other values for project 2 (named by its address); project 1 has no entry, so keeps the file's.
    const stagingText = { value: 'staging: {event.properties.plan}', templating: 'hog' };
    await write(
      `${SLACK_DIR}/project-inputs.json`,
      `${JSON.stringify({ staging: { project: projectKey(2), inputs: { text: stagingText } } }, null, 2)}\n`,
    );
    await vscode.workspace
      .getConfiguration('posthogWorkbench')
      .update('projectId', 2, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => exports.session.projectId === 2, 5000, 'project 2 selected');
      const result = await withPrompts(
        [
          { confirm: 'Create "', answer: 'Create Disabled' },
          { password: 'of the new function', answer: TYPED_SECRETS[2] },
        ],
        () => run('posthogWorkbench.pushHogFunction', uri(SLACK_DIR)),
      );
      assert.equal(result?.status, 'created');
      const staging = await stored(result?.functionId as string);
      assert.equal(staging.project_id, 2);
      assert.equal(staging.hog, before.hog);
      assert.equal(staging.enabled, false);
      // PostHog adds each input's `order`.
      assert.deepEqual({ ...staging.inputs.text, order: undefined }, { ...stagingText, order: undefined });
      assert.equal(staging.encrypted_inputs.webhook_url?.value, TYPED_SECRETS[2]);
      assert.deepEqual((await json(`${SLACK_DIR}/function.json`)).ids, {
        [projectKey(1)]: slackId,
        [projectKey(2)]: staging.id,
      });
    } finally {
      await vscode.workspace
        .getConfiguration('posthogWorkbench')
        .update('projectId', fake.projectId, vscode.ConfigurationTarget.Global);
      await waitFor(() => exports.session.projectId === fake.projectId, 5000, 'project 1 selected again');
    }
    const same = await run('posthogWorkbench.pushHogFunction', uri(SLACK_DIR));
    assert.equal(same?.status, 'unchanged', "project 1 is still linked to its own function, with the file's inputs");
    assert.deepEqual(await stored(slackId), before);
    const fileAfter = JSON.parse(await read(`${SLACK_DIR}/function.json`)) as { inputs: unknown };
    assert.deepEqual(
      fileAfter.inputs,
      (JSON.parse(fileBefore) as { inputs: unknown }).inputs,
      'function.json keeps its values',
    );
    await vscode.workspace.fs.delete(uri(`${SLACK_DIR}/project-inputs.json`));
  });

  it('lists, compares and restores revisions, publishing the restored draft in two steps', async () => {
    const id = idOf(WEBHOOK);
    await run('posthogWorkbench.exportHogFunctions', { id });
    const original = await stored(id);
    const source = `${WEBHOOK_DIR}/webhook-billing-service.hog`;
    await write(source, `print('version two');\n${original.hog}`);
    assert.equal((await run('posthogWorkbench.pushHogFunction', uri(source)))?.status, 'pushed');

    const compared = await run<{ supported: boolean; revisions: { version: number }[] }>(
      'posthogWorkbench.showHogFunctionRevisions',
      { id },
      { version: original.version, action: 'compare-source' },
    );
    assert.deepEqual(
      compared?.revisions.map((r) => r.version),
      [original.version + 1, original.version],
    );
    const diff = await waitFor(() => diffTabs()[0], 5000, 'the revision diff');
    const input = diff.input as vscode.TabInputTextDiff;
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), original.hog);
    assert.equal(input.modified.toString(), uri(source).toString(), 'compared with the workspace file');

    await run('posthogWorkbench.showHogFunctionRevisions', uri(source), {
      version: original.version,
      action: 'compare-config',
    });
    await waitFor(
      () => diffTabs().some((t) => (t.input as vscode.TabInputTextDiff).modified.path.endsWith('/function.json')),
      5000,
      'the configuration diff',
    );

    const restored = await withPrompts(
      [
        { confirm: `Restore version ${original.version} of "${WEBHOOK}"?`, answer: 'Restore as Draft' },
        { info: 'is staged as a draft', answer: 'Publish…' },
        { confirm: `Publish the draft of "${WEBHOOK}"?`, answer: 'Publish' },
      ],
      () =>
        run<{ published?: { hog: string } }>(
          'posthogWorkbench.showHogFunctionRevisions',
          { id },
          { version: original.version, action: 'restore' },
        ),
    );
    assert.equal(restored?.published?.hog, original.hog);
    const live = await stored(id);
    assert.equal(live.hog, original.hog);
    assert.equal(live.draft ?? null, null);
    await run('posthogWorkbench.refresh');
    await loadTree();
    await waitForState(id, 'server-changes');
  });

  it('publishes and discards drafts an agent staged', async () => {
    const id = idOf(SLACK);
    const live = (await stored(id)).hog;
    await api(
      'PATCH',
      `hog_functions/${id}/`,
      { hog: "print('staged by an agent');\n" },
      { 'x-posthog-client': 'mcp' },
    );
    assert.equal((await stored(id)).hog, live, 'the agent staged a draft');
    const published = await withPrompts([{ confirm: 'Publish the draft of "', answer: 'Publish' }], () =>
      run<{ hog: string }>('posthogWorkbench.publishHogFunctionDraft', { id }),
    );
    assert.equal(published?.hog, "print('staged by an agent');\n");
    assert.equal((await stored(id)).draft ?? null, null);

    await api('PATCH', `hog_functions/${id}/`, { hog: "print('staged again');\n" }, { 'x-posthog-client': 'mcp' });
    const discarded = await withPrompts([{ confirm: 'Discard the draft of "', answer: 'Discard' }], () =>
      run<{ draft: unknown }>('posthogWorkbench.discardHogFunctionDraft', { id }),
    );
    assert.equal(discarded?.draft, null);
    assert.equal((await stored(id)).hog, "print('staged by an agent');\n");
  });

  it('on an older PostHog, revisions and drafts are quietly unavailable after one probe', async () => {
    let older: FakePostHog | undefined;
    try {
      older = await startFakePostHog({ release: 'older' });
      await signIn(older.url, older.apiKey, 1);
      await waitFor(() => exports.session.host === older?.url, 5000, 'signed in to the older server');
      const id = older.state.hogFunctions.find((f) => f.name === WEBHOOK)?.id;
      older.clearRequests();
      const first = await run(
        'posthogWorkbench.showHogFunctionRevisions',
        { id },
        { version: 1, action: 'compare-source' },
      );
      assert.deepEqual(first, { supported: false });
      const second = await run(
        'posthogWorkbench.showHogFunctionRevisions',
        { id },
        { version: 1, action: 'compare-source' },
      );
      assert.deepEqual(second, { supported: false });
      assert.deepEqual(await withPrompts([], () => run('posthogWorkbench.publishHogFunctionDraft', { id })), {
        supported: false,
      });
      const probes = older.requests.filter((r) => r.path.includes('/revisions'));
      assert.deepEqual(
        probes.map((r) => r.status),
        [404],
        'one probe for this host',
      );
      assert.equal(diffTabs().length, 0);
    } finally {
      await signIn(fake.url, fake.apiKey, fake.projectId);
      await older?.close();
    }
  });

  it('keeps the files and their state when a push fails, and pushes them on the next try', async () => {
    const id = idOf(WEBHOOK);
    const source = `${WEBHOOK_DIR}/webhook-billing-service.hog`;
    // Pull first: the revision test left PostHog ahead of the files.
    assert.equal(
      (await withPrompts([], () => run('posthogWorkbench.pullHogFunction', uri(WEBHOOK_DIR))))?.status,
      'pulled',
      'only PostHog changed: no question',
    );
    const before = (await stored(id)).hog;
    const changed = `${await read(source)}// retried\n`;
    await write(source, changed);
    await fake.addFault({ method: 'PATCH', path: `/hog_functions/${id}/$`, kind: 'status', status: 500, times: 1 });
    try {
      assert.equal(
        await run('posthogWorkbench.pushHogFunction', uri(source)),
        undefined,
        'the failure is reported, not returned',
      );
    } finally {
      await fake.clearFaults();
    }
    assert.equal((await stored(id)).hog, before);
    assert.equal(await read(source), changed);
    await waitForState(id, 'local-changes');
    assert.equal((await run('posthogWorkbench.pushHogFunction', uri(source)))?.status, 'pushed');
    assert.equal((await stored(id)).hog, changed);
  });

  it('validates and completes function.json with the contributed JSON schema', async () => {
    const dir = 'posthog/hog-functions/hand-written';
    await vscode.workspace.fs.createDirectory(uri(dir));
    await write(`${dir}/function.json`, '{\n  "type": "destination",\n  "enabled": "yes",\n  \n}\n');
    const doc = await vscode.workspace.openTextDocument(uri(`${dir}/function.json`));
    await vscode.window.showTextDocument(doc);
    const problems = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(doc.uri);
        return found.length ? found : undefined;
      },
      30_000,
      'JSON schema diagnostics',
    );
    assert.ok(
      problems.some((d) => d.range.start.line === 2 && /boolean/i.test(d.message)),
      problems.map((d) => `${d.range.start.line}: ${d.message}`).join(' | '),
    );
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(3, 2),
    );
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['inputs_schema', 'filters', 'execution_order'])
      assert.ok(
        labels.some((l) => l.includes(key)),
        `${key} in ${labels.join(', ')}`,
      );
    await vscode.workspace.fs.delete(uri(dir), { recursive: true, useTrash: false });
  });

  it('never writes a secret value into the workspace or the sync records', async () => {
    const state = await fake.state<{ hogFunctions: StoredFunction[] }>();
    const secrets = new Set<string>(TYPED_SECRETS);
    for (const f of state.hogFunctions) {
      for (const input of Object.values(f.encrypted_inputs))
        if (typeof input.value === 'string') secrets.add(input.value);
    }
    assert.ok(secrets.size >= 6, `secrets to look for: ${secrets.size}`);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(root().fsPath);
    walk(exports.hogAsCode.recordsDir);
    assert.ok(
      files.some((f) => f.endsWith('function.json')) && files.some((f) => f.endsWith('hog-function-sync.json')),
      files.join('\n'),
    );
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds a secret value`);
    }
  });
});
