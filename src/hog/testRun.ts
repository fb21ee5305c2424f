// Test runs: the function's configuration as the editors show it (unsaved text included) and the function's
// sample event (a log record for log transformations) go to PostHog's invocation endpoint with async functions
// mocked; the outcome is written to the "PostHog: Test run" output and errors that name a line go to the Problems
// panel. Only the types PostHog's worker can run are sent.
import * as vscode from 'vscode';
import type { HogFunction, InvocationResult } from '../api';
import { testGlobals, whyNotTestable } from '../shared/functionTypes';
import type { Session } from '../model/session';
import { describeError } from '../ui/errors';
import { ContextKey } from '../constants';
import { markDone } from '../ui/contextKeys';
import { fieldValue, parseField } from './fields';
import { hogUri, refOf, type HogFileSystemProvider } from './fileSystem';
import { JSON_FIELDS, type HogFunctionRef } from './paths';
import { errorPositions, formatInvocation, type SourcePosition } from './report';
import { completeGlobals } from './sampleGlobals';
import type { SampleEventFiles } from './sampleEventFiles';

/** An error PostHog reported at a line (and column) of the Hog source, marked to the end of that line. */
export function positionDiagnostic(p: SourcePosition, source: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line, p.column, p.line, Number.MAX_SAFE_INTEGER), p.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = source;
  return diagnostic;
}

export class TestRunner implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('PostHog: Test run');

  constructor(
    private readonly session: Session,
    private readonly files: HogFileSystemProvider,
    private readonly samples: SampleEventFiles,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {}

  async run(ref: HogFunctionRef): Promise<InvocationResult> {
    const connection = this.session.connectionFor(ref.projectId);
    if (!connection) throw new Error(`Select project ${ref.projectId} to test this hog function.`);
    const fn = await this.files.get(ref);
    const kind = testGlobals(fn.type);
    if (!kind) throw new Error(whyNotTestable(fn.type));
    const { configuration, sourceDocument } = this.configuration(ref, fn);
    const ctx = { host: connection.host, projectId: ref.projectId, projectName: this.session.projectName(ref.projectId), functionId: ref.functionId, functionName: fn.name, globals: kind };
    const globals = completeGlobals(await this.samples.load(ref, ctx), ctx);
    const source = sourceDocument ?? hogUri(ref, fn);
    const name = fn.name ?? ref.functionId;
    try {
      const result = await connection.client.invokeHogFunction(ref.projectId, ref.functionId, { configuration, globals, mock_async_functions: true });
      markDone(ContextKey.testedHogFunction);
      this.show(formatInvocation(name, result));
      this.diagnostics.set(source, errorPositions(result.errors).map((p) => positionDiagnostic(p, 'PostHog test run')));
      return result;
    } catch (error) {
      this.show(`Test run of "${name}" was rejected by PostHog:\n  ${describeError(error)}\n`);
      throw error;
    }
  }

  /**
   * The server's configuration with every open document of this function laid over it, and the open Hog
   * source document (where the run's errors are shown), if there is one.
   */
  private configuration(ref: HogFunctionRef, fn: HogFunction): { configuration: Record<string, unknown>; sourceDocument?: vscode.Uri } {
    let sourceDocument: vscode.Uri | undefined;
    const configuration: Record<string, unknown> = { type: fn.type, name: fn.name, hog: fn.hog ?? '', enabled: fn.enabled };
    for (const field of JSON_FIELDS) configuration[field] = fieldValue(fn, field);
    for (const doc of vscode.workspace.textDocuments) {
      const docRef = refOf(doc.uri);
      if (!docRef || docRef.projectId !== ref.projectId || docRef.functionId !== ref.functionId) continue;
      if (docRef.field === 'hog') {
        configuration.hog = doc.getText();
        sourceDocument = doc.uri;
        continue;
      }
      const parsed = parseField(docRef.field, doc.getText());
      if (!parsed.ok) throw new Error(parsed.message.replace('Nothing was sent to PostHog.', 'The test run was not started.'));
      configuration[docRef.field] = parsed.value;
    }
    return { configuration, sourceDocument };
  }

  private show(text: string): void {
    this.output.clear();
    this.output.append(text);
    this.output.show(true);
  }

  dispose(): void {
    this.output.dispose();
  }
}
