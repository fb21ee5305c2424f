// The API key over a whole scripted session in the real extension host (sign in, browse, edit, fail, point the
// host elsewhere, sign out): afterwards it is in no settings file, no global or workspace state, no log (the
// extension's channel at trace level and VS Code's own logs), no webview HTML or message, no error message and
// no URL; another origin never saw it; and signing out removed it from SecretStorage.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../../src/extension/panels/groupPanel';
import { fakeFromEnv, type FakeAdmin } from '../support/fake';
import { activateExtension, waitFor } from '../support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
}
interface Exports {
  session: { signedIn: boolean; host: string; credentials: { getApiKey(host: string): Promise<string | undefined> } };
  trees: { hogFunctions: Tree; groups: Tree };
  authProvider: vscode.AuthenticationProvider;
  globalStorageUri: vscode.Uri;
}

/** Every regular file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle);
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => {
      try {
        return fs.readFileSync(file).includes(bytes);
      } catch {
        return false;
      }
    });
}

describe('reliability: the API key over a whole session', function () {
  this.timeout(120_000);
  let fake: FakeAdmin;
  let ext: Exports;
  const seen: string[] = [];
  const config = () => vscode.workspace.getConfiguration('posthogWorkbench');

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    ext = (await activateExtension()).exports as Exports;
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
  });

  after(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await fake.clearFaults();
    await config().update('host', fake.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  it('is nowhere but SecretStorage during a session, never reaches another origin, and is gone after sign-out', async () => {
    // A key of its own, so nothing the other test files did with the local PostHog's key can be mistaken for a leak.
    const key = await fake.addKey(['*']);

    // Sign in and browse.
    assert.equal(
      await vscode.commands.executeCommand('posthogWorkbench.signIn', {
        host: fake.url,
        apiKey: key,
        projectId: fake.projectId,
      }),
      true,
    );
    assert.equal(await ext.session.credentials.getApiKey(fake.url), key);
    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const types = await ext.trees.groups.getChildren();
    await ext.trees.groups.getChildren(types[0]);
    for (const type of await ext.trees.hogFunctions.getChildren()) await ext.trees.hogFunctions.getChildren(type);

    // Edit in a group panel, recording everything the host posts to the webview.
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: 'org:1030',
    });
    const webview = panel.panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (message: unknown) => {
      seen.push(JSON.stringify(message));
      return post(message);
    };
    seen.push(webview.html);
    seen.push(JSON.stringify(await panel.handleMessage({ type: 'refresh', id: 1 })));
    seen.push(
      JSON.stringify(
        await panel.handleMessage({
          type: 'save',
          id: 2,
          overwrite: true,
          edits: [{ key: 'plan', value: 'key-test', loaded: { present: false } }],
        }),
      ),
    );
    // Unsaved work the host keeps on disk for a reload (group-panel-edits.json): scanned below with every other file.
    await panel.handleMessage({
      type: 'keepEdits',
      edits: { staged: [{ key: 'seats', text: '12', valueType: 'number', loaded: { present: false } }] },
    });

    // Edit a hog function.
    const state = await fake.state<{ hogFunctions: { id: string; project_id: number; deleted: boolean }[] }>();
    const fn = state.hogFunctions.find((f) => f.project_id === fake.projectId && !f.deleted);
    assert.ok(fn);
    const uri = vscode.Uri.from({ scheme: 'posthog-hog', path: `/${fake.projectId}/${fn.id}/Key test.hog` });
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`// key test\n${source}`));

    // Fail: PostHog rejects the key, the server errors, the connection resets.
    for (const fault of [
      {
        kind: 'status' as const,
        status: 401,
        body: {
          type: 'authentication_error',
          code: 'authentication_failed',
          detail: 'Personal API key found in request Authorization header is invalid.',
          attr: null,
        },
      },
      { kind: 'status' as const, status: 500 },
      { kind: 'reset' as const },
    ]) {
      await fake.addFault({ path: 'groups', ...fault });
      seen.push(JSON.stringify(await panel.handleMessage({ type: 'refresh', id: 3 })));
      seen.push(
        JSON.stringify(
          await panel.handleMessage({
            type: 'save',
            id: 4,
            overwrite: true,
            edits: [{ key: 'plan', value: 'x', loaded: { present: false } }],
          }),
        ),
      );
      await vscode.commands.executeCommand('posthogWorkbench.refresh');
      await ext.trees.groups.getChildren();
      await fake.clearFaults();
    }
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readFile(uri.with({ path: `/${fake.projectId}/no-such-function/x.hog` }))),
      (e: Error) => {
        seen.push(e.message, String(e.stack));
        return true;
      },
    );

    // Point the host at another origin: it must not get the key (keys are stored per host).
    const headers: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      headers.push(req.headers);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"detail": "no"}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await config().update('host', otherUrl, vscode.ConfigurationTarget.Global);
      await waitFor(() => ext.session.host === otherUrl, 5000, 'the session to follow the host setting');
      assert.equal(ext.session.signedIn, false, 'signed in on a host that has no key');
      await ext.trees.groups.getChildren();
      seen.push(JSON.stringify(await panel.handleMessage({ type: 'refresh', id: 5 })));
      assert.ok(
        headers.every((h) => h.authorization === undefined),
        'the other origin received an Authorization header',
      );
    } finally {
      other.closeAllConnections();
      other.close();
      await config().update('host', fake.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => ext.session.host === fake.url && ext.session.signedIn, 5000, 'back on the local PostHog');
    }

    // Sign out.
    await vscode.commands.executeCommand('posthogWorkbench.signOut');
    await waitFor(() => !ext.session.signedIn, 5000, 'signed out');
    assert.equal(await ext.session.credentials.getApiKey(fake.url), undefined, 'the key is still in SecretStorage');
    assert.deepEqual(await ext.authProvider.getSessions(undefined, {}), []);

    // What the user and other processes can see.
    for (const text of seen)
      assert.ok(!text.includes(key), `the key reached the webview or an error: ${text.slice(0, 200)}`);
    for (const r of await fake.requests())
      assert.ok(!`${r.path}?${r.query}`.includes(key), `the key is in a URL: ${r.path}`);
    const settingsKeys = ['host', 'projectId', 'caCertificates', 'requestTimeoutSeconds'];
    for (const setting of settingsKeys)
      assert.ok(!JSON.stringify(config().inspect(setting)).includes(key), `the key is in setting ${setting}`);

    // Every file of this run: user and workspace settings, global and workspace state (state.vscdb), the
    // extension's log channel and VS Code's own logs (the extension host's among them), code-server's output.
    const runDir = path.resolve(ext.globalStorageUri.fsPath, '../../../..');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const keptEdits = fs
      .readdirSync(runDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('group-panel-edits.json'));
    assert.equal(keptEdits.length, 1, 'the kept group edits are among the files scanned');
    const logs = fs
      .readdirSync(runDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /PostHog Workbench\.log$/.test(f));
    assert.ok(logs.length > 0, `no log file of the extension's channel under ${runDir}`);
    const logText = logs.map((f) => fs.readFileSync(path.join(runDir, f), 'utf8')).join('\n');
    assert.match(
      logText,
      /GET \/api\/projects\/\d+\/groups_types\/ 200/,
      'the scanned log is the one the requests were written to',
    );
    assert.match(logText, /\[trace\]|\[debug\]|\[info\]/);
    assert.deepEqual(filesContaining(runDir, key), [], 'files that contain the key');
  });
});
