// What to do when a save finds that the hog function changed on PostHog since the document was read.
import * as vscode from 'vscode';
import type { HogFunctionField } from './paths';

export type ConflictChoice = 'overwrite' | 'compare' | 'cancel';

export class ConflictPrompt {
  /**
   * Answers given ahead of time. Modal dialogs cannot be answered by automation (extension-host tests refuse
   * them), so the test-only command `posthogWorkbench.answerNextSaveConflict` queues the choice the next conflicts take instead.
   */
  private readonly queued: ConflictChoice[] = [];

  answerNext(choice: ConflictChoice): void {
    this.queued.push(choice);
  }

  async ask(functionName: string, field: HogFunctionField): Promise<ConflictChoice> {
    const queued = this.queued.shift();
    if (queued) return queued;
    const what = field === 'hog' ? 'source' : field;
    const picked = await vscode.window.showWarningMessage(
      `"${functionName}" changed on PostHog since you opened it.`,
      { modal: true, detail: `Saving the ${what} now would overwrite that change. Compare shows PostHog's version next to yours.` },
      'Overwrite',
      'Compare',
    );
    return picked === 'Overwrite' ? 'overwrite' : picked === 'Compare' ? 'compare' : 'cancel';
  }
}
