// Test runs in the editor: a function prepared from what the editors hold (configuration.ts), run by the core
// (core/testing/runs.ts: one event after another, placeholders for secrets, results masked), with VS Code's
// cancellation and progress, the walkthrough's step checked off, and errors that name a line shown as Problems.
import * as vscode from 'vscode';
import type { HogFunction } from '../../api';
import { ContextKey } from '../services/constants';
import type { LocalFunction } from '../functions/workspaceFunctions';
import type { Session } from '../services/session';
import { testGlobals, whyNotTestable } from '../../shared/functionTypes';
import { markDone } from '../services/contextKeys';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionRef } from '../../core/functions/paths';
import { errorPositions } from '../../core/functions/report';
import type { SampleContext } from '../../core/testing/sampleGlobals';
import { positionDiagnostic } from '../hog/positionDiagnostics';
import { fromEditors, fromFolder, type RunConfiguration } from './configuration';
import { runEvents, type PlannedEvent, type Prepared as CorePrepared } from '../../core/testing/runs';
import { runKind, type EventTestResult, type RunScope, type TestRun } from '../../core/testing/outcome';

export type { PlannedEvent } from '../../core/testing/runs';

/** A function ready to test, its open source document where errors are shown. */
export type Prepared = CorePrepared<vscode.Uri>;

export interface RunOptions {
  scope: RunScope;
  token?: vscode.CancellationToken;
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  /** Called after each event (the results view repaints). */
  onProgress?: (run: TestRun) => void;
}

export class TestRunner {
  constructor(
    private readonly session: Session,
    private readonly files: HogFileSystemProvider,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {}

  /**
   * The function and its configuration as they are right now (editors first), checked to be testable. `current` is
   * PostHog's version when the caller has just read it.
   */
  async prepare(ref: HogFunctionRef, folder?: LocalFunction, current?: HogFunction): Promise<Prepared> {
    const connection = this.session.connectionFor(ref.projectId);
    if (!connection) throw new Error(vscode.l10n.t('Select project {0} to test this hog function.', ref.projectId));
    // PostHog's current version, not the one read when an editor opened: what is not open in an editor runs as it is now.
    const fn = current ?? (await this.files.refresh(ref));
    const globals = testGlobals(fn.type);
    if (!globals) throw new Error(whyNotTestable(fn.type));
    const config = folder ? await fromFolder(folder) : fromEditors(ref, fn);
    const ctx: SampleContext = {
      host: connection.host,
      projectId: ref.projectId,
      projectName: this.session.projectName(ref.projectId),
      functionId: ref.functionId,
      functionName: fn.name,
      globals,
    };
    return { ref, fn, kind: runKind(fn.type), globals, config, ctx, client: connection.client };
  }

  /** Runs the events in order; the run returned holds a result for each event it reached. */
  async run(prepared: Prepared, events: PlannedEvent[], options: RunOptions): Promise<TestRun> {
    const abort = new AbortController();
    if (options.token?.isCancellationRequested) abort.abort();
    const cancelled = options.token?.onCancellationRequested(() => abort.abort());
    let run: TestRun | undefined;
    try {
      run = await runEvents(prepared, events, {
        scope: options.scope,
        signal: abort.signal,
        report: (message, increment) => options.progress?.report({ message, increment }),
        onProgress: (r) => {
          run = r;
          options.onProgress?.(r);
        },
        // The walkthrough's "test-run it" step: PostHog ran the function (whatever the outcome).
        onRan: () => markDone(ContextKey.testedHogFunction),
      });
      return run;
    } finally {
      cancelled?.dispose();
      if (run) this.showErrors(prepared.config, run.results);
    }
  }

  /** Errors that name a line of the source become Problems on the open source document. */
  private showErrors(config: RunConfiguration, results: readonly EventTestResult[]): void {
    if (!config.sourceDocument) return;
    const seen = new Set<string>();
    const positions = results
      .flatMap((r) => errorPositions(r.errors))
      .filter((p) => !seen.has(p.message) && seen.add(p.message));
    this.diagnostics.set(
      config.sourceDocument,
      positions.map((p) => positionDiagnostic(p, vscode.l10n.t('PostHog test run'))),
    );
  }
}
