// Composition root: activate() wires the pieces together and nothing else.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('PostHog Workbench', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('posthogWorkbench.showLog', () => log.show()),
  );
}

export function deactivate(): void {}
