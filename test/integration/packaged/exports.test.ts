// The extension as users have it: installed from its package files into code-server's extensions folder, not
// loaded for development, so VS Code runs it in ExtensionMode.Production. Any other installed extension can call
// getExtension(...).exports; nothing reachable from there may hold the session, the API client, the credentials or
// the key (that would bypass SecretStorage's per-extension isolation). Any other extension can also run its commands:
// no argument may answer a question the user would be asked (sign in with a host and a key, confirm a write).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command } from '../../../src/extension/services/constants';
import { fakeFromEnv, type FakeAdmin } from '../support/fake';
import { answerQuickInput } from '../support/quickInput';
import { extensionId, waitFor } from '../support/vscode';

/** Property names that would mean a way to the key, however it is wrapped. */
const PRIVATE_NAME = /session|client|credential|secret|api.?key|token|auth/i;

/**
 * Every path from `root` to a string containing `key` or to a property with a private-sounding name: own and
 * inherited properties (getters are read), array items, Map and Set entries, and properties of functions.
 */
function privatePaths(root: unknown, key: string, rootName = 'exports'): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      if (value.includes(key)) found.push(path);
      return;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value) || depth > 8)
      return;
    seen.add(value);
    if (value instanceof Map || value instanceof Set) {
      let i = 0;
      for (const entry of value.entries()) visit(entry, `${path}[${i++}]`, depth + 1);
    }
    for (
      let o: object | null = value;
      o && o !== Object.prototype && o !== Function.prototype;
      o = Object.getPrototypeOf(o)
    ) {
      for (const name of Reflect.ownKeys(o)) {
        const label = `${path}.${String(name)}`;
        if (typeof name === 'string' && PRIVATE_NAME.test(name)) found.push(label);
        let child: unknown;
        try {
          child = Reflect.get(value, name);
        } catch {
          continue;
        }
        visit(child, label, depth + 1);
      }
    }
  };
  visit(root, rootName, 0);
  return found;
}

/** Signs in as a person does: the configured host, the key typed into the password box, the first project. */
async function signIn(fake: FakeAdmin): Promise<void> {
  const signedIn = vscode.commands.executeCommand(Command.signIn);
  answerQuickInput({ title: '(1/3)', press: 'Enter' });
  answerQuickInput({ title: '(2/3)', fill: fake.apiKey, press: 'Enter' });
  answerQuickInput({ title: '(3/3)', press: 'Enter' });
  assert.equal(await signedIn, true);
}

describe('the installed extension', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let extension: vscode.Extension<unknown>;

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `${extensionId} is not installed`);
    extension = found;
  });

  it('is the copy installed in the extensions folder, not a development extension', () => {
    const { publisher, name, version } = extension.packageJSON as { publisher: string; name: string; version: string };
    assert.ok(
      extension.extensionPath.endsWith(`/${publisher}.${name}-${version}`),
      `loaded from ${extension.extensionPath}`,
    );
  });

  it('exports nothing that leads to the session, the client, the credentials or the key, even when signed in', async () => {
    const exports = await extension.activate();
    await signIn(fake);
    assert.deepEqual(privatePaths(exports, fake.apiKey), []);
    assert.deepEqual(privatePaths(extension.exports, fake.apiKey), []);
    // The search itself finds what it is for, so an empty answer above means something.
    const leaky = { trees: [{ label: `key ${fake.apiKey}` }], hooks: new Map([['x', { session: {} }]]) };
    assert.deepEqual(privatePaths(leaky, fake.apiKey), ['exports.trees.0.label', 'exports.hooks[0].1.session']);
  });

  it('hands no command caller a way to the key: what commands return is plain data at most', async () => {
    await extension.activate();
    const functions = await fake.api<{ results: { id: string; type: string | null }[] }>(
      'GET',
      'hog_functions/?limit=100',
    );
    const destination = functions.results.find((f) => f.type === 'destination');
    assert.ok(destination);
    const calls: [string, unknown][] = [
      [Command.openGroup, { groupTypeIndex: 0, groupKey: 'org:1000' }],
      [Command.openHogFunction, { id: destination.id }],
      [Command.showHogFunctionOverview, { id: destination.id }],
      [Command.testHogFunction, { id: destination.id }],
    ];
    for (const [id, args] of calls) {
      const result = await vscode.commands.executeCommand(id, args);
      assert.deepEqual(privatePaths(result, fake.apiKey, id), [], `${id} returned ${String(result)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers every command of its manifest, and no other', async () => {
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = (
      extension.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    assert.deepEqual(
      declared.filter((id) => !registered.has(id)),
      [],
    );
    // Views add their own (posthogWorkbench.groups.focus…); a command of ours is posthogWorkbench.<name>.
    const ours = [...registered].filter((id) => /^posthogWorkbench\.\w+$/.test(id));
    assert.deepEqual(
      ours.filter((id) => !declared.includes(id)),
      [],
      'a command outside the manifest (a test-only one?)',
    );
  });
});

/**
 * Another extension runs our write commands with the arguments that once answered their questions. Installed, the
 * extension ignores them: the sign-in and new-function pickers show (and are cancelled here), the confirmations are
 * asked (and, in this test host, refused: VS Code answers no modal dialog while it runs tests), so nothing is written.
 */
describe('the installed extension, run by another extension with answers in the arguments', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const file = (rel: string) => vscode.Uri.joinPath(root(), ...rel.split('/'));
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(file(rel), new TextEncoder().encode(text));
  const run = <T = unknown>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
  interface Stored {
    id: string;
    name: string;
    hog: string;
    enabled: boolean;
    deleted?: boolean;
    draft?: { hog?: string } | null;
    version?: number;
  }
  const functions = async () => (await fake.api<{ results: Stored[] }>('GET', 'hog_functions/?limit=100')).results;
  const byName = async (name: string) => {
    const found = (await functions()).find((f) => f.name === name);
    assert.ok(found, `no hog function named ${name}`);
    return (await fake.hogFunction<Stored>(found.id)) as Stored;
  };
  const stageDraft = async (id: string, hog: string) => {
    // As PostHog's MCP server does: its edits become a draft.
    const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/hog_functions/${id}/`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${fake.apiKey}`,
        'content-type': 'application/json',
        'x-posthog-client': 'mcp',
      },
      body: JSON.stringify({ hog }),
    });
    assert.ok(response.ok, `staging a draft: ${response.status}`);
  };
  const writes = async () =>
    (await fake.apiRequests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  // A push to a PostHog that checks base_updated_at is one PATCH PostHog refuses when its version moved: what counts
  // is that no write was accepted.
  const acceptedWrites = async () =>
    (await fake.apiRequests()).filter((r) => r.method !== 'GET' && r.status < 400).map((r) => `${r.method} ${r.path}`);

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await vscode.extensions.getExtension(extensionId)?.activate();
    await signIn(fake);
  });

  it('signIn with a host, a key and a project shows the sign-in instead, and changes no setting', async () => {
    const host = vscode.workspace.getConfiguration('posthogWorkbench').inspect<string>('host');
    const result = run(Command.signIn, {
      host: 'https://attacker.example',
      apiKey: 'phx_from_another_extension',
      projectId: 1,
    });
    answerQuickInput({ title: '(1/3)', press: 'Escape' });
    assert.equal(await result, false, 'the sign-in picker showed, and cancelling it signs nobody in');
    const after = vscode.workspace.getConfiguration('posthogWorkbench').inspect<string>('host');
    assert.equal(after?.globalValue, host?.globalValue);
    assert.notEqual(after?.globalValue, 'https://attacker.example');
  });

  it('toggle, delete, publish, discard and restore ask first, whatever the arguments say', async () => {
    const webhook = await byName('Webhook: billing service');
    const slack = await byName('Slack: new paying customer');
    assert.equal(webhook.enabled, false);
    await stageDraft(slack.id, "print('staged by an agent');\n");
    await fake.clearRequests();

    await run(Command.toggleHogFunction, { id: webhook.id }, { confirm: true, enabled: true });
    await run(Command.deleteHogFunction, { id: webhook.id }, { confirm: true });
    await run(Command.publishHogFunctionDraft, { id: slack.id }, { confirm: true });
    await run(Command.discardHogFunctionDraft, { id: slack.id }, { confirm: true });
    await run(
      Command.showHogFunctionRevisions,
      { id: webhook.id },
      { version: webhook.version, action: 'restore', confirm: true, overwriteDraft: true, publish: true },
    );

    const preview = `POST /api/projects/${fake.projectId}/hog_functions/${slack.id}/publish/`;
    assert.deepEqual(await writes(), [preview], "nothing was written (publishing's first step only previews)");
    const webhookAfter = await byName('Webhook: billing service');
    assert.equal(webhookAfter.enabled, false);
    assert.equal(webhookAfter.deleted ?? false, false);
    assert.equal(webhookAfter.draft ?? null, null);
    assert.equal((await byName('Slack: new paying customer')).draft?.hog, "print('staged by an agent');\n");
  });

  it('newHogFunction with settings shows its pickers instead of creating an enabled function', async () => {
    const before = (await functions()).length;
    const result = run(Command.newHogFunction, {
      type: 'destination',
      templateId: 'template-slack',
      name: 'From another extension',
      enabled: true,
    });
    answerQuickInput({ title: 'New hog function: type', press: 'Escape' });
    assert.equal(await result, undefined);
    assert.equal((await functions()).length, before);
  });

  it('push asks before it creates, enables, moves secrets or overwrites, whatever the arguments say', async () => {
    const before = (await functions()).length;
    const dir = 'posthog/hog-functions/from-another-extension';
    await vscode.workspace.fs.createDirectory(file(dir));
    await write(`${dir}/from-another-extension.hog`, "print('hello');\n");
    await write(
      `${dir}/function.json`,
      `${JSON.stringify(
        {
          ids: {},
          type: 'destination',
          name: 'From another extension',
          enabled: true,
          inputs_schema: [{ key: 'token', type: 'string', secret: true, required: true }],
          inputs: { token: { value: 'typed-into-the-file' } },
        },
        null,
        2,
      )}\n`,
    );
    await fake.clearRequests();
    await run(Command.pushHogFunction, file(dir), {
      confirm: true,
      enabled: true,
      moveSecrets: true,
      secrets: { token: 'from-arguments' },
    });
    assert.deepEqual(await writes(), [], 'nothing was created');
    assert.equal((await functions()).length, before);
    assert.match(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(file(`${dir}/function.json`))),
      /typed-into-the-file/,
      'the file is as it was',
    );

    // A linked folder whose function changed in PostHog too: `answer: 'overwrite'` does not push over that change.
    const slack = await byName('Slack: new paying customer');
    await run(Command.exportHogFunctions, { id: slack.id });
    const source = file('posthog/hog-functions/slack-new-paying-customer/slack-new-paying-customer.hog');
    await waitFor(
      async () =>
        vscode.workspace.fs.stat(source).then(
          () => true,
          () => false,
        ),
      5000,
      'the exported source',
    );
    await vscode.workspace.fs.writeFile(source, new TextEncoder().encode("print('mine');\n"));
    await fake.api('PATCH', `hog_functions/${slack.id}/`, { hog: "print('theirs');\n" });
    await waitFor(
      async () => (await byName('Slack: new paying customer')).hog === "print('theirs');\n",
      5000,
      'their change',
    );
    await fake.clearRequests();
    // The question stands beside the diff as a notification, which no argument answers: dismissing it cancels.
    let settled = false;
    const pushing = Promise.resolve(
      run(Command.pushHogFunction, source, { answer: 'overwrite', confirm: true }),
    ).finally(() => {
      settled = true;
    });
    while (!settled) {
      await vscode.commands.executeCommand('notifications.clearAll');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await pushing;
    assert.deepEqual(await acceptedWrites(), [], 'their change was not overwritten');
    assert.equal((await byName('Slack: new paying customer')).hog, "print('theirs');\n");
    await run('workbench.action.closeAllEditors');
  });
});
