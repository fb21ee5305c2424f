// Runs a hog function on one or more events through PostHog's invocation endpoint, async functions mocked: one event
// after another (PostHog runs one invocation per request), stopping when cancelled, with progress. Secret inputs run
// with placeholders (core/testing/secretPlaceholders.ts), and everything a result keeps is masked first.
import * as vscode from 'vscode';
import type { HogFunction, PostHogClient } from '../../api';
import { isPostHogError } from '../../api';
import { ContextKey } from '../services/constants';
import type { LocalFunction } from '../functions/workspaceFunctions';
import type { Session } from '../services/session';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import { markDone } from '../services/contextKeys';
import { describeError } from '../services/errors';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionRef } from '../../core/functions/paths';
import { errorPositions } from '../../core/functions/report';
import { completeGlobals, type SampleContext } from '../../core/testing/sampleGlobals';
import { positionDiagnostic } from '../hog/positionDiagnostics';
import { fromEditors, fromFolder, type RunConfiguration } from './configuration';
import { Masking } from '../../core/testing/masking';
import { withSecretPlaceholders } from '../../core/testing/secretPlaceholders';
import { eventResult, failedResult, runKind, type EventOrigin, type EventTestResult, type RunKind, type RunScope, type TestRun } from '../../core/testing/outcome';

/** One event a run sets out to test: the globals as the user has them (event, person, groups; or a log record), or why they cannot be used. */
export type PlannedEvent = { title: string; origin: EventOrigin } & ({ input: Record<string, unknown> } | { unreadable: string });

/** A function ready to test: PostHog's copy, its configuration as the editors have it, and what it runs on. */
export interface Prepared {
  ref: HogFunctionRef;
  fn: HogFunction;
  kind: RunKind;
  globals: TestGlobals;
  config: RunConfiguration;
  ctx: SampleContext;
  client: PostHogClient;
}

export interface RunOptions {
  scope: RunScope;
  token?: vscode.CancellationToken;
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  /** Called after each event (the results view repaints). */
  onProgress?: (run: TestRun) => void;
}

/** Fails the whole run (the same answer would come for every event): PostHog refused the key, the project or the request. */
const stopsTheRun = (error: unknown) => isPostHogError(error) && error.kind !== 'invalid_response';

let nextRunId = 1;

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
      host: connection.host, projectId: ref.projectId, projectName: this.session.projectName(ref.projectId), functionId: ref.functionId, functionName: fn.name, globals,
    };
    return { ref, fn, kind: runKind(fn.type), globals, config, ctx, client: connection.client };
  }

  /** Runs the events in order; the run returned holds a result for each event it reached. */
  async run(prepared: Prepared, events: PlannedEvent[], options: RunOptions): Promise<TestRun> {
    const { ref, fn, kind, config, ctx, client } = prepared;
    const run: TestRun = {
      id: nextRunId++, ref, functionName: fn.name ?? ref.functionId, functionType: fn.type, scope: options.scope, startedAt: new Date().toISOString(),
      ranFrom: config.ranFrom, results: [], planned: events.length, cancelled: false, finished: false,
    };
    const abort = new AbortController();
    const cancelled = options.token?.onCancellationRequested(() => abort.abort());
    options.onProgress?.(run);
    let failure: unknown;
    try {
      const { configuration, secrets } = withSecretPlaceholders(config.configuration);
      for (const [i, planned] of events.entries()) {
        if (options.token?.isCancellationRequested) {
          run.cancelled = true;
          break;
        }
        options.progress?.report({ message: `${i + 1} of ${events.length}: ${planned.title}`, increment: i === 0 ? 0 : 100 / events.length });
        const masking = new Masking(secrets);
        if (!('input' in planned)) {
          run.results.push(failedResult({ title: planned.title, origin: planned.origin, input: {}, durationMs: 0 }, planned.unreadable, masking));
          options.onProgress?.(run);
          continue;
        }
        const ran = { title: planned.title, origin: planned.origin, input: planned.input, durationMs: 0 };
        const started = performance.now();
        try {
          const answer = await client.invokeHogFunction(ref.projectId, ref.functionId, {
            configuration, globals: completeGlobals(planned.input, ctx), mock_async_functions: true,
          }, { signal: abort.signal });
          run.results.push(eventResult({ ...ran, durationMs: performance.now() - started }, answer, kind, masking));
          // The walkthrough's "test-run it" step: PostHog ran the function (whatever the outcome).
          markDone(ContextKey.testedHogFunction);
        } catch (error) {
          if (isPostHogError(error) && error.kind === 'cancelled') {
            run.cancelled = true;
            break;
          }
          run.results.push(failedResult({ ...ran, durationMs: performance.now() - started }, describeError(error), masking));
          if (stopsTheRun(error)) {
            failure = error;
            break;
          }
        }
        options.onProgress?.(run);
      }
    } finally {
      cancelled?.dispose();
      run.finished = true;
      options.onProgress?.(run);
    }
    this.showErrors(config, run.results);
    if (failure) throw failure;
    return run;
  }

  /** Errors that name a line of the source become Problems on the open source document. */
  private showErrors(config: RunConfiguration, results: readonly EventTestResult[]): void {
    if (!config.sourceDocument) return;
    const seen = new Set<string>();
    const positions = results.flatMap((r) => errorPositions(r.errors)).filter((p) => !seen.has(p.message) && seen.add(p.message));
    this.diagnostics.set(config.sourceDocument, positions.map((p) => positionDiagnostic(p, vscode.l10n.t('PostHog test run'))));
  }
}
