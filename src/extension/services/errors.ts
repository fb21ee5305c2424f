// One way to tell the user that something failed: the operation, PostHog's reason, and the action that fixes it
// (sign in again, add the missing scope, retry, read the log). No vscode import: the notification is a Prompts', and
// what its buttons do is given by the composition root, so the command runner is tested in plain Node.
import * as l10n from '@vscode/l10n';
import { isPostHogError } from '../../api';
import type { Prompts } from '../../core/prompts';

export function describeError(error: unknown): string {
  if (isPostHogError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export interface ErrorActions {
  retry?: () => unknown;
  host?: string;
}

/** What the buttons of an error notification do, other than Retry. */
export interface ErrorHandlers {
  prompts: Prompts;
  signIn(): unknown;
  showLog(): unknown;
  /** Opens a page of PostHog's web app (Edit API Key). */
  openUrl(url: string): unknown;
}

/** Shows an error notification with the actions that fit it. Never throws. */
export type ReportError = (operation: string, error: unknown, actions?: ErrorActions) => Promise<void>;

export function errorReporter(handlers: ErrorHandlers): ReportError {
  return async (operation, error, actions = {}) => {
    if (isPostHogError(error) && error.kind === 'cancelled') return;
    const message = isPostHogError(error) ? error.message : l10n.t('{0} failed: {1}', operation, describeError(error));
    const signIn = l10n.t('Sign In');
    const editKey = l10n.t('Edit API Key');
    const retry = l10n.t('Retry');
    const showLog = l10n.t('Show Log');
    const choices: string[] = [];
    if (isPostHogError(error) && error.kind === 'unauthorized') choices.push(signIn);
    if (isPostHogError(error) && error.kind === 'missing_scope' && actions.host) choices.push(editKey);
    if (actions.retry) choices.push(retry);
    choices.push(showLog);
    try {
      const choice = await handlers.prompts.error(message, ...choices);
      if (choice === signIn) await handlers.signIn();
      else if (choice === editKey && actions.host) await handlers.openUrl(`${actions.host}/settings/user-api-keys`);
      else if (choice === retry) await actions.retry?.();
      else if (choice === showLog) await handlers.showLog();
    } catch {
      // What a button started reports its own failure; the notification itself never throws.
    }
  };
}
