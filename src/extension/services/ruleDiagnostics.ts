// Save-time rules PostHog applied (posthog-api.md §10.2), shown where they concern: the reserved call or the
// hyphenated name on its line of the code, the input whose template uses what a transformation does not have in the
// inputs document or function.json. Rules about the function as a whole (the cap on enabled transformations, an open
// draft, the log transformations flag) have no place in a text: the tree row and a notification carry them.
import * as vscode from 'vscode';
import type { ValidationRule } from '../../api';
import { locateInCode, locateInJson } from '../../core/functions/ruleLocations';

/** Problems at each place `rule` points to in `text`; empty when it points nowhere in it. */
export function ruleDiagnostics(
  rule: ValidationRule,
  text: string,
  kind: 'code' | 'json',
  message: string,
): vscode.Diagnostic[] {
  const ranges = kind === 'code' ? locateInCode(rule, text) : locateInJson(rule, text);
  const lines = text.split('\n');
  const position = (offset: number): vscode.Position => {
    let rest = offset;
    for (let line = 0; line < lines.length; line++) {
      const length = (lines[line] as string).length + 1;
      if (rest < length) return new vscode.Position(line, rest);
      rest -= length;
    }
    return new vscode.Position(Math.max(0, lines.length - 1), (lines.at(-1) ?? '').length);
  };
  return ranges.map((r) => {
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(position(r.start), position(r.end)),
      message,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'PostHog';
    diagnostic.code = rule.id;
    return diagnostic;
  });
}

/** Marks a workspace file (a function folder's source or function.json) with a refused push; true when it did. */
export async function markFile(
  collection: vscode.DiagnosticCollection,
  uri: vscode.Uri | undefined,
  kind: 'code' | 'json',
  rule: ValidationRule,
  message: string,
): Promise<boolean> {
  if (!uri) return false;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return false;
  }
  const diagnostics = ruleDiagnostics(rule, text, kind, message);
  if (!diagnostics.length) return false;
  collection.set(uri, diagnostics);
  return true;
}
