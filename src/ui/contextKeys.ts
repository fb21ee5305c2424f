// Context keys (the `when` clauses' variables) are set only through here, so each one is a typed constant.
import * as vscode from 'vscode';
import type { ContextKeyId } from '../constants';

export function setContext(key: ContextKeyId, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
