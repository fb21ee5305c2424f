// A repository cannot turn auto-deploy back on: with `"[hog]": {"files.autoSave": "afterDelay"}` in the workspace's
// settings, a pause in typing in a hog function's source saves nothing to PostHog and leaves the editor unsaved; the
// same setting in the user's own settings deploys, as the user chose. A save the user asks for always deploys.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface StoredFunction {
  hog: string;
}

describe('trust: auto-save of hog functions', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  const ids = new Map<string, string>();
  const hogSettings = () => vscode.workspace.getConfiguration('', { languageId: 'hog' });
  const stored = async (name: string) =>
    ((await fake.hogFunction<StoredFunction>(ids.get(name) as string)) as StoredFunction).hog;
  const open = async (name: string) => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: ids.get(name),
    });
    assert.ok(editor, `opened ${name}`);
    return editor;
  };
  const type = async (editor: vscode.TextEditor, text: string) => {
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), text));
    assert.ok(editor.document.isDirty);
  };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    const list = await fake.api<{ results: { id: string; name: string }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
    await vscode.workspace.getConfiguration('files').update('autoSaveDelay', 200, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await hogSettings().update('files.autoSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await hogSettings().update('files.autoSave', undefined, vscode.ConfigurationTarget.Global, true);
    await vscode.workspace
      .getConfiguration('files')
      .update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("does not deploy on auto-save turned on by the workspace's settings; the editor stays unsaved", async () => {
    await hogSettings().update('files.autoSave', 'afterDelay', vscode.ConfigurationTarget.Workspace, true);
    const before = await stored('Slack: new paying customer');
    const editor = await open('Slack: new paying customer');
    await type(editor, '// typed, then a pause\n');
    // Several auto-save delays pass.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(await stored('Slack: new paying customer'), before, 'deployed by auto-save');
    assert.ok(editor.document.isDirty, 'the edit is still there, unsaved');

    // Ctrl+S is the user's own save: it deploys.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor(
      async () => (await stored('Slack: new paying customer')).startsWith('// typed, then a pause'),
      10_000,
      'the explicit save deployed',
    );
  });

  it('deploys on auto-save the user turned on in their own settings', async () => {
    await hogSettings().update('files.autoSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await hogSettings().update('files.autoSave', 'afterDelay', vscode.ConfigurationTarget.Global, true);
    const editor = await open('Webhook: billing service');
    await type(editor, '// auto-saved by choice\n');
    await waitFor(
      async () => (await stored('Webhook: billing service')).startsWith('// auto-saved by choice'),
      10_000,
      'auto-save deployed',
    );
    await waitFor(() => !editor.document.isDirty, 5000, 'the editor saved');
  });
});
