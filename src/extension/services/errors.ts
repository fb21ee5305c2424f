// One way to tell the user that something failed: the operation, PostHog's reason, and the action that fixes it
// (sign in again, add the missing scope, retry, read the log).
import * as vscode from 'vscode';
import { isPostHogError } from '../../api';
import { Command } from './constants';

export function describeError(error: unknown): string {
  if (isPostHogError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export interface ErrorActions {
  retry?: () => unknown;
  host?: string;
}

/** Shows an error notification with the actions that fit it. Never throws. */
export async function showError(operation: string, error: unknown, actions: ErrorActions = {}): Promise<void> {
  if (isPostHogError(error) && error.kind === 'cancelled') return;
  const message = isPostHogError(error) ? error.message : vscode.l10n.t('{0} failed: {1}', operation, describeError(error));
  const signIn = vscode.l10n.t('Sign In');
  const editKey = vscode.l10n.t('Edit API Key');
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  const choices: string[] = [];
  if (isPostHogError(error) && error.kind === 'unauthorized') choices.push(signIn);
  if (isPostHogError(error) && error.kind === 'missing_scope' && actions.host) choices.push(editKey);
  if (actions.retry) choices.push(retry);
  choices.push(showLog);
  const choice = await vscode.window.showErrorMessage(message, ...choices);
  if (choice === signIn) await vscode.commands.executeCommand(Command.signIn);
  else if (choice === editKey && actions.host) await vscode.env.openExternal(vscode.Uri.parse(`${actions.host}/settings/user-api-keys`));
  else if (choice === retry) await actions.retry?.();
  else if (choice === showLog) await vscode.commands.executeCommand(Command.showLog);
}
