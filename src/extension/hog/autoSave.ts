// Saving a `posthog-hog:` document deploys live code. The extension turns auto-save off for Hog by default, but a
// workspace's settings (`"[hog]": {"files.autoSave": "afterDelay"}` in a repository's .vscode/settings.json) override
// that default, and every pause in typing would then deploy. So a save VS Code makes by itself (after a delay, or
// when focus moves) deploys only when auto-save is on in the user's own settings for that document's language;
// otherwise it is refused and the document stays unsaved, with the reason in VS Code's "Failed to save" message and
// the status bar. Saves the user asks for (Ctrl+S, Save All, the extension's own) deploy as before.
import * as vscode from 'vscode';
import { autoSaveOnByUser } from './autoSavePolicy';

/** Remembers why each `posthog-hog:` document is being saved, so the file system can refuse what auto-save did. */
export class AutoSaveGuard implements vscode.Disposable {
  private readonly reasons = new Map<string, vscode.TextDocumentSaveReason>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly scheme: string) {
    this.subscription = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === this.scheme) this.reasons.set(e.document.uri.toString(), e.reason);
    });
  }

  /** Why this write must not deploy (an auto-save the user did not turn on), or undefined to go ahead. */
  refusal(uri: vscode.Uri): string | undefined {
    const key = uri.toString();
    const reason = this.reasons.get(key);
    this.reasons.delete(key);
    if (reason === undefined || reason === vscode.TextDocumentSaveReason.Manual) return undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const files = vscode.workspace.getConfiguration('files', document ?? uri);
    if (autoSaveOnByUser(files.inspect<string>('autoSave'), files.inspect<boolean>('autoSaveWorkspaceFilesOnly')))
      return undefined;
    const language = document?.languageId ?? 'hog';
    vscode.window.setStatusBarMessage(
      `$(circle-slash) ${vscode.l10n.t('Not deployed: auto-save. Save with Ctrl+S to deploy.')}`,
      15_000,
    );
    return vscode.l10n.t(
      "Not deployed: VS Code saved this automatically (files.autoSave), and saving a hog function deploys it. Auto-save deploys only when you turn it on for {0} in your own user settings; a workspace's settings cannot. Save with Ctrl+S to deploy.",
      language,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.reasons.clear();
  }
}
