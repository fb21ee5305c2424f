// Context keys (the `when` clauses' variables) are set only through here, so each one is a typed constant.
import * as vscode from 'vscode';
import type { ContextKeyId } from './constants';

export function setContext(key: ContextKeyId, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

const done = new Set<ContextKeyId>();

/** Sets one of the walkthrough's "the user has done this" keys (src/extension/services/constants.ts): once, and never back. */
export function markDone(key: ContextKeyId): void {
  if (done.has(key)) return;
  done.add(key);
  void setContext(key, true);
}
