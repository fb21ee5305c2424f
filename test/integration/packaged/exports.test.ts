// The extension as users have it: installed from its package files into code-server's extensions folder, not
// loaded for development, so VS Code runs it in ExtensionMode.Production. Any other installed extension can call
// getExtension(...).exports; nothing reachable from there may hold the session, the API client, the credentials or
// the key (that would bypass SecretStorage's per-extension isolation), and the test-only command must not exist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command, TestCommand } from '../../../src/extension/services/constants';
import { fakeFromEnv, type FakeAdmin } from '../support/fake';
import { extensionId } from '../support/vscode';

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
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value) || depth > 8) return;
    seen.add(value);
    if (value instanceof Map || value instanceof Set) {
      let i = 0;
      for (const entry of value.entries()) visit(entry, `${path}[${i++}]`, depth + 1);
    }
    for (let o: object | null = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
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
    assert.ok(extension.extensionPath.endsWith(`/${publisher}.${name}-${version}`), `loaded from ${extension.extensionPath}`);
  });

  it('exports nothing that leads to the session, the client, the credentials or the key, even when signed in', async () => {
    const exports = await extension.activate();
    assert.equal(await vscode.commands.executeCommand(Command.signIn, { host: fake.url, apiKey: fake.apiKey, projectId: fake.projectId }), true);
    assert.deepEqual(privatePaths(exports, fake.apiKey), []);
    assert.deepEqual(privatePaths(extension.exports, fake.apiKey), []);
    // The search itself finds what it is for, so an empty answer above means something.
    const leaky = { trees: [{ label: `key ${fake.apiKey}` }], hooks: new Map([['x', { session: {} }]]) };
    assert.deepEqual(privatePaths(leaky, fake.apiKey), ['exports.trees.0.label', 'exports.hooks[0].1.session']);
  });

  it('hands no command caller a way to the key: what commands return is plain data at most', async () => {
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand(Command.signIn, { host: fake.url, apiKey: fake.apiKey, projectId: fake.projectId }), true);
    const functions = await fake.api<{ results: { id: string; type: string | null }[] }>('GET', 'hog_functions/?limit=100');
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

  it('registers every command of its manifest and not the test-only one', async () => {
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepEqual(declared.filter((id) => !registered.has(id)), []);
    for (const id of Object.values(TestCommand)) assert.equal(registered.has(id), false, `${id} is registered outside tests`);
  });
});
