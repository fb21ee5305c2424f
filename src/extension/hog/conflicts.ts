// What to do when a save finds that the hog function changed on PostHog since the document was read.
import * as vscode from 'vscode';
import type { HogFunctionField } from '../../core/functions/paths';

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
    const overwrite = vscode.l10n.t('Overwrite');
    const compare = vscode.l10n.t('Compare');
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" changed on PostHog since you opened it.', functionName),
      { modal: true, detail: field === 'hog'
        ? vscode.l10n.t("Saving the source now would overwrite that change. Compare shows PostHog's version next to yours.")
        : vscode.l10n.t({ message: "Saving the {0} now would overwrite that change. Compare shows PostHog's version next to yours.", args: [field], comment: ['{0} is a field of the hog function: inputs, filters, mappings…'] }) },
      overwrite,
      compare,
    );
    return picked === overwrite ? 'overwrite' : picked === compare ? 'compare' : 'cancel';
  }
}
