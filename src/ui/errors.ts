// One way to tell the user that something failed: the operation, PostHog's reason, and the action that fixes it
// (sign in again, add the missing scope, retry, read the log).
import * as vscode from 'vscode';
import { isPostHogError } from '../api/errors';
import { Command } from '../constants';

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
  const message = isPostHogError(error) ? error.message : `${operation} failed: ${describeError(error)}`;
  const choices: string[] = [];
  if (isPostHogError(error) && error.kind === 'unauthorized') choices.push('Sign In');
  if (isPostHogError(error) && error.kind === 'missing_scope' && actions.host) choices.push('Edit API Key');
  if (actions.retry) choices.push('Retry');
  choices.push('Show Log');
  const choice = await vscode.window.showErrorMessage(message, ...choices);
  if (choice === 'Sign In') await vscode.commands.executeCommand(Command.signIn);
  else if (choice === 'Edit API Key' && actions.host) await vscode.env.openExternal(vscode.Uri.parse(`${actions.host}/settings/user-api-keys`));
  else if (choice === 'Retry') await actions.retry?.();
  else if (choice === 'Show Log') await vscode.commands.executeCommand(Command.showLog);
}
