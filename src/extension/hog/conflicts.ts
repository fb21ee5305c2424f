// What to do when a save finds that the hog function changed on PostHog since the document was read.
import * as vscode from 'vscode';
import type { HogFunctionField } from '../../core/functions/paths';
import type { Prompts } from '../../core/prompts';

export type ConflictChoice = 'overwrite' | 'compare' | 'cancel';

export class ConflictPrompt {
  constructor(private readonly prompts: Prompts) {}

  async ask(functionName: string, field: HogFunctionField): Promise<ConflictChoice> {
    const overwrite = vscode.l10n.t('Overwrite');
    const compare = vscode.l10n.t('Compare');
    const picked = await this.prompts.confirm(
      vscode.l10n.t('"{0}" changed on PostHog since you opened it.', functionName),
      {
        detail:
          field === 'hog'
            ? vscode.l10n.t(
                "Saving the source now would overwrite that change. Compare shows PostHog's version next to yours.",
              )
            : vscode.l10n.t({
                message:
                  "Saving the {0} now would overwrite that change. Compare shows PostHog's version next to yours.",
                args: [field],
                comment: ['{0} is a field of the hog function: inputs, filters, mappings…'],
              }),
        actions: [overwrite, compare],
      },
    );
    return picked === overwrite ? 'overwrite' : picked === compare ? 'compare' : 'cancel';
  }
}
