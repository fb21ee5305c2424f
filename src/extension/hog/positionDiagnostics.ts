// Errors PostHog reports at a line of the Hog source (a failed save, a failed test run) as Problems on that line.
import * as vscode from 'vscode';
import type { SourcePosition } from '../../core/functions/report';

/** An error PostHog reported at a line (and column) of the Hog source, marked to the end of that line. */
export function positionDiagnostic(p: SourcePosition, source: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(p.line, p.column, p.line, Number.MAX_SAFE_INTEGER),
    p.message,
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = source;
  return diagnostic;
}
