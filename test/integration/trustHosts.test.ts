// A repository's `.vscode/settings.json` cannot steer where the API key goes: a host from workspace settings is not
// used until the user confirmed that origin at sign-in, even when a key for it is stored, so it gets no request with
// the key; a host from user settings is used as before.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakePostHog, type FakePostHog } from '../fake-posthog/index';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Exports {
  session: { host: string; signedIn: boolean; reload(): Promise<void> };
  trees: { groups: vscode.TreeDataProvider<unknown> };
}

describe('trust: hosts from workspace settings', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let repo: FakePostHog;
  let exports: Exports;
  const config = () => vscode.workspace.getConfiguration('posthogWorkbench');

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    exports = (await activateExtension()).exports as Exports;
    repo = await startFakePostHog();
  });

  after(async () => {
    await config().update('host', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    await repo?.close();
  });

  it('does not use a host from workspace settings, nor send it a stored key, until it is confirmed', async () => {
    // The user once signed in to the repository's server (so a key for it is stored), then went back to their own.
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: repo.url,
      apiKey: repo.apiKey,
      projectId: repo.projectId,
    });
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    await waitFor(
      () => exports.session.host === fake.url && exports.session.signedIn,
      5000,
      'signed in to the local PostHog',
    );

    // The repository's settings now name its server.
    await config().update('host', repo.url, vscode.ConfigurationTarget.Workspace);
    assert.equal(config().get('host'), repo.url, 'VS Code reads the workspace value');
    await exports.session.reload();
    await new Promise((resolve) => setTimeout(resolve, 500));
    repo.clearRequests();
    assert.equal(exports.session.host, fake.url, "the user's own host stays in use");
    await exports.trees.groups.getChildren();
    assert.ok(
      repo.requests.every((r) => !r.hadAuthorization),
      `the workspace's server received the key: ${JSON.stringify(repo.requests)}`,
    );

    // A host from user settings works as before.
    await config().update('host', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('host', repo.url, vscode.ConfigurationTarget.Global);
    await waitFor(() => exports.session.host === repo.url, 5000, 'the user setting followed');
  });
});
