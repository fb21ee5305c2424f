// The extension loads and activates in a real extension host, and its always-available command works.
// Feature tests (other files in this folder) cover their own commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command } from '../../src/extension/services/constants';
import { activateExtension, extensionId } from './support/vscode';

describe('extension smoke', () => {
  it('activates without throwing', async () => {
    const extension = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(extension.id, extensionId);
  });

  it('registers and runs "PostHog: Show Log"', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('posthogWorkbench.showLog'), 'posthogWorkbench.showLog is not registered');
    await vscode.commands.executeCommand('posthogWorkbench.showLog');
  });

  it('has a handler for every command activation registers', async () => {
    // Activation registers every id of src/extension/services/constants.ts and forwards it to the features' command tables.
    const { commands } = (await activateExtension()).exports as { commands: { ids: ReadonlySet<string> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Command)) {
      assert.ok(registered.has(id), `${id} is not registered`);
      assert.ok(commands.ids.has(id), `${id} is registered but no command table handles it`);
    }
    assert.equal(
      commands.ids.size,
      Object.values(Command).length,
      'a command table handles an id that is not in src/extension/services/constants.ts',
    );
  });

  it('runs against the VS Code version the manifest targets', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major === 1 && (minor ?? 0) >= 96, `VS Code ${vscode.version} is older than engines.vscode ^1.96.0`);
  });
});
