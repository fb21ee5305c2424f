// Runs a hog function on one or more events through PostHog's invocation endpoint, async functions mocked: one event
// after another (PostHog runs one invocation per request), stopping when cancelled, with progress. Everything a
// result keeps is masked first; stored secret inputs, which the API never returns, are found by asking PostHog's
// worker once per run to render them into a mocked call (see secretValues()).
import * as vscode from 'vscode';
import type { HogFunction, InvocationResult, PostHogClient } from '../../api';
import { isPostHogError } from '../../api/errors';
import type { LocalFunction } from '../../hogAsCode/workspaceFunctions';
import type { Session } from '../../model/session';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import { isJsonObject } from '../../shared/json';
import { describeError } from '../../ui/errors';
import type { HogFileSystemProvider } from '../fileSystem';
import type { HogFunctionRef } from '../paths';
import { errorPositions } from '../report';
import { completeGlobals, type SampleContext } from '../sampleGlobals';
import { positionDiagnostic } from '../diagnostics';
import { fromEditors, fromFolder, secretInputs, type RunConfiguration } from './configuration';
import { Masking, type SecretValue } from './masking';
import { mockedCalls } from './mockedCalls';
import { eventResult, failedResult, runKind, type EventOrigin, type EventTestResult, type RunKind, type RunScope, type TestRun } from './outcome';

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
    if (!connection) throw new Error(`Select project ${ref.projectId} to test this hog function.`);
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
      const first = events.find((e) => 'input' in e);
      const secrets = first && 'input' in first ? await this.secretValues(prepared, completeGlobals(first.input, ctx), run, abort.signal) : [];
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
            configuration: config.configuration, globals: completeGlobals(planned.input, ctx), mock_async_functions: true,
          }, { signal: abort.signal });
          run.results.push(eventResult({ ...ran, durationMs: performance.now() - started }, answer, kind, masking));
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
    this.diagnostics.set(config.sourceDocument, positions.map((p) => positionDiagnostic(p, 'PostHog test run')));
  }

  /**
   * The values of the function's secret inputs, to mask. PostHog never returns a stored secret, yet its worker's log of
   * a mocked fetch() shows whatever the code put in it, secrets included. So once per run, when the configuration
   * keeps stored (or templated) secrets, the extension has PostHog render them: the same configuration and event with
   * code that hands each secret input to one mocked call. Nothing is sent anywhere and PostHog keeps no log of a test
   * run; the values stay in memory for the masking only. If that fails, the run says secrets may show.
   */
  private async secretValues(prepared: Prepared, globals: Record<string, unknown>, run: TestRun, signal: AbortSignal): Promise<SecretValue[]> {
    const inputs = secretInputs(prepared.config.configuration);
    const typed = inputs.flatMap((s) => stringsOf(s.value).map((value) => ({ key: s.key, value })));
    const rendered = inputs.filter((s) => s.stored || stringsOf(s.value).some((v) => v.includes('{')));
    if (rendered.length === 0) return typed;
    const fields = rendered.map((s) => `${hogString(s.key)}: inputs[${hogString(s.key)}]`).join(', ');
    const hog = prepared.kind === 'destination'
      ? `fetch('https://posthog-workbench.invalid/secret-inputs', {'body': {${fields}}})`
      : `return {'properties': {${fields}}, 'secrets': {${fields}}}`;
    try {
      const answer: InvocationResult = await prepared.client.invokeHogFunction(prepared.ref.projectId, prepared.ref.functionId, {
        configuration: { ...prepared.config.configuration, hog, filters: {}, mappings: null, masking: null },
        globals,
        mock_async_functions: true,
      }, { signal });
      const values = prepared.kind === 'destination'
        ? (mockedCalls(answer.logs).requests[0]?.body as { value?: unknown } | undefined)?.value
        : isJsonObject(answer.result) ? answer.result[prepared.kind === 'log' ? 'secrets' : 'properties'] : undefined;
      if (answer.status === 'error' || !isJsonObject(values)) throw new Error(answer.errors[0] ?? 'PostHog did not render them');
      return [...typed, ...rendered.flatMap((s) => stringsOf(values[s.key]).map((value) => ({ key: s.key, value })))];
    } catch (error) {
      if (isPostHogError(error) && error.kind === 'cancelled') throw error;
      run.secretsWarning = `the stored secret inputs (${rendered.map((s) => s.key).join(', ')}) could not be checked for (${describeError(error)}), so only credentials recognisable by name are masked.`;
      return typed;
    }
  }
}

/** A secret's value as the strings that would show: a dictionary secret's values each (as PostHog's worker does). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (isJsonObject(value)) return Object.values(value).flatMap(stringsOf);
  return [];
}

const hogString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
