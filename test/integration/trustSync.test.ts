// Push on a PostHog that ignores `base_updated_at` (releases from before drafts): a colleague's save that lands while
// the push waits on its diff and question is found by a read right before the update, and shown, instead of being
// overwritten unseen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension } from './support/vscode';

interface Result {
  status: string;
  functionId?: string;
  folder?: vscode.Uri;
}
interface Exports {
  hogAsCode: { sync: { push(folder: vscode.Uri): Promise<Result> } };
}

describe('trust: push on a server that ignores base_updated_at', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let exports: Exports;
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const run = <T = Result>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
  const subscriptions: vscode.Disposable[] = [];

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await fake.setRelease('older');
    exports = (await activateExtension()).exports as Exports;
    await run('posthogWorkbench.signIn', { host: fake.url, apiKey: fake.apiKey, projectId: fake.projectId });
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(root(), 'posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  after(async () => {
    for (const s of subscriptions) s.dispose();
    await fake.setLatency(0);
    await fake.setRelease('newest');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(root(), 'posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  it("re-reads the function right before the update and shows a colleague's save made while the diff was open", async () => {
    const created = await fake.api<{ id: string }>('POST', 'hog_functions/', {
      name: 'Pushed while busy',
      type: 'destination',
      hog: "print('original');\n",
      enabled: false,
    });
    const [exported] = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id: created.id })) ?? [];
    assert.ok(exported?.folder);
    const name = exported.folder.path.split('/').pop() as string;
    const source = vscode.Uri.joinPath(exported.folder, `${name}.hog`);
    await vscode.workspace.fs.writeFile(source, new TextEncoder().encode("print('mine');\n"));
    // A first colleague change makes the push show a diff (and wait there for the user)...
    await fake.api('PATCH', `hog_functions/${created.id}/`, { hog: "print('colleague 1');\n" });
    // ...and while that diff is open, a second colleague saves.
    let second = false;
    const saveWhileDiffOpen = async (doc: vscode.TextDocument) => {
      if (second || doc.uri.scheme !== 'posthog-hog-snapshot' || !doc.getText().includes('colleague 1')) return;
      second = true;
      await fake.api('PATCH', `hog_functions/${created.id}/`, { hog: "print('colleague 2');\n" });
    };
    subscriptions.push(vscode.workspace.onDidOpenTextDocument(saveWhileDiffOpen));
    // Every request waits a moment, so the colleague's save lands before the push's next request.
    await fake.setLatency(300);
    // The user pushes theirs over the first change after seeing it (the question stands beside the diff); the push then
    // shows the second one and asks again.
    const result = await withPrompts(
      [
        { warn: 'changed in PostHog since it was last pulled or pushed here', answer: 'Push Mine' },
        { warn: 'changed in PostHog since it was last pulled or pushed here', answer: 'Push Mine' },
      ],
      () => exports.hogAsCode.sync.push(exported.folder as vscode.Uri),
    );
    await fake.setLatency(0);
    assert.ok(second, 'the colleague saved while the diff was open');
    assert.equal(result.status, 'pushed');
    const shown = vscode.workspace.textDocuments
      .filter((d) => d.uri.scheme === 'posthog-hog-snapshot')
      .map((d) => d.getText())
      .join('\n');
    assert.ok(
      shown.includes('colleague 2'),
      `the push showed the second colleague's change before writing over it: ${shown}`,
    );
  });
});
