// Read-only documents for the left side of diffs: PostHog's version of a function's files, a revision, a draft.
// Each is a text kept in memory under `posthog-hog-snapshot:/<label>/<file name>`, so the tab reads
// "slack.hog (PostHog)" and the language follows the file name.
import * as vscode from 'vscode';
import { Scheme } from '../services/constants';

export const SNAPSHOT_SCHEME = Scheme.snapshot;

export class Snapshots implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A document holding `text`, named `fileName`, under `label` (what it is a snapshot of). */
  put(label: string, fileName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${encodeURIComponent(label)}/${fileName}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Opens VS Code's diff editor: the snapshot on the left, the user's file (or another snapshot) on the right. */
export async function showDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
}
