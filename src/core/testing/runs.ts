// A test run: a hog function on one or more events through PostHog's invocation endpoint, async functions mocked, one
// event after another (PostHog runs one invocation per request), stopping when cancelled, with progress. Secret inputs
// run with placeholders (secretPlaceholders.ts), and everything a result keeps is masked first. The editor
// (src/extension/testing/runner.ts) and the command line run it alike.
import * as l10n from '@vscode/l10n';
import type { HogFunction, PostHogClient } from '../../api';
import { isPostHogError } from '../../api';
import type { HogFunctionRef } from '../functions/paths';
import type { TestGlobals } from '../../shared/functionTypes';
import { splitFixture, withInputOverrides } from './fixtureRun';
import { Masking } from './masking';
import { eventResult, failedResult, type EventOrigin, type RunKind, type RunScope, type TestRun } from './outcome';
import { completeGlobals, type SampleContext } from './sampleGlobals';
import { withSecretPlaceholders } from './secretPlaceholders';

/** One event a run sets out to test: the globals as the user has them (event, person, groups; or a log record), or why they cannot be used. */
export type PlannedEvent = { title: string; origin: EventOrigin } & (
  { input: Record<string, unknown> } | { unreadable: string }
);

/** What a run sends as the function's configuration, and where it came from (in words, for the result). */
export interface RunConfiguration<D = unknown> {
  configuration: Record<string, unknown>;
  /** In words, for the result: "the code and configuration in your editors, with unsaved changes to the source". */
  ranFrom: string;
  /** The open source document, where errors that name a line are shown (the editor's). */
  sourceDocument?: D;
}

/** A function ready to test: PostHog's copy, its configuration as the user has it, and what it runs on. */
export interface Prepared<D = unknown> {
  ref: HogFunctionRef;
  fn: HogFunction;
  kind: RunKind;
  globals: TestGlobals;
  config: RunConfiguration<D>;
  ctx: SampleContext;
  client: PostHogClient;
}

export interface RunOptions {
  scope: RunScope;
  /** Stops the run before its next event (and aborts the request in flight). */
  signal?: AbortSignal;
  /** How far the run got, in words (`increment`: percent of the whole since the last report). */
  report?: (message: string, increment: number) => void;
  /** Called after each event (a results view repaints). */
  onProgress?: (run: TestRun) => void;
  /** Called when PostHog ran the function (whatever the outcome). */
  onRan?: () => void;
}

/** Fails the whole run (the same answer would come for every event): PostHog refused the key, the project or the request. */
const stopsTheRun = (error: unknown) => isPostHogError(error) && error.kind !== 'invalid_response';

let nextRunId = 1;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the events in order; the run returned holds a result for each event it reached. Throws what stopped the run. */
export async function runEvents(prepared: Prepared, events: PlannedEvent[], options: RunOptions): Promise<TestRun> {
  const { ref, fn, kind, config, ctx, client } = prepared;
  const run: TestRun = {
    id: nextRunId++,
    ref,
    functionName: fn.name ?? ref.functionId,
    functionType: fn.type,
    scope: options.scope,
    startedAt: new Date().toISOString(),
    ranFrom: config.ranFrom,
    results: [],
    planned: events.length,
    cancelled: false,
    finished: false,
  };
  const abort = new AbortController();
  const cancel = () => abort.abort();
  options.signal?.addEventListener('abort', cancel);
  options.onProgress?.(run);
  let failure: unknown;
  try {
    const { configuration, secrets } = withSecretPlaceholders(config.configuration);
    for (const [i, planned] of events.entries()) {
      if (options.signal?.aborted) {
        run.cancelled = true;
        break;
      }
      options.report?.(
        l10n.t('{0} of {1}: {2}', i + 1, events.length, planned.title),
        i === 0 ? 0 : 100 / events.length,
      );
      const masking = new Masking(secrets);
      if (!('input' in planned)) {
        run.results.push(
          failedResult(
            { title: planned.title, origin: planned.origin, input: {}, durationMs: 0 },
            planned.unreadable,
            masking,
          ),
        );
        options.onProgress?.(run);
        continue;
      }
      const ran = { title: planned.title, origin: planned.origin, input: planned.input, durationMs: 0 };
      const started = performance.now();
      try {
        // A fixture's scripted answers and expectations are for local runs; its input values replace the function's.
        const { globals: given, inputs: overrides } = splitFixture(planned.input);
        const answer = await client.invokeHogFunction(
          ref.projectId,
          ref.functionId,
          {
            configuration: withInputOverrides(configuration, overrides),
            globals: completeGlobals(given, ctx),
            mock_async_functions: true,
          },
          { signal: abort.signal },
        );
        run.results.push(eventResult({ ...ran, durationMs: performance.now() - started }, answer, kind, masking));
        options.onRan?.();
      } catch (error) {
        if (isPostHogError(error) && error.kind === 'cancelled') {
          run.cancelled = true;
          break;
        }
        run.results.push(failedResult({ ...ran, durationMs: performance.now() - started }, describe(error), masking));
        if (stopsTheRun(error)) {
          failure = error;
          break;
        }
      }
      options.onProgress?.(run);
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    run.finished = true;
    options.onProgress?.(run);
  }
  if (failure) throw failure;
  return run;
}
