// A fixture run on PostHog (the invocations endpoint, posthog-api.md 3.6 and 9.3) and checked by the same rules as a
// local run (fixtureRun.ts checkExpectations): the function folder's code and configuration with the fixture's input
// values, async functions mocked. What PostHog's answer tells is checked: the error, a transformation's returned
// event, the print() lines (its `info` logs other than the worker's own and the mocked calls), and the requests
// fetch() would have sent (read back from the mocked-call logs). A fixture that scripts the answers its requests get
// ("responses") is not run: PostHog answers every mocked fetch() with 200 and an empty body, so its error branches
// would run differently (docs/decisions/remote-fixture-runs.md). Shared by `posthog-workbench test --remote` and the
// Test Explorer's "Run on PostHog"; requests go through the client's rate limiter like every other.
import * as l10n from '@vscode/l10n';
import { isPostHogError, type InvocationLog, type PostHogClient } from '../../api';
import { isJsonObject } from '../../shared/json';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import { returnedEvent } from './eventDiff';
import {
  checkExpectations,
  splitFixture,
  verdictOf,
  withInputOverrides,
  type FixtureVerdict,
  type Observed,
} from './fixtureRun';
import { parseFixtureFile } from './fixtureSchema';
import { jsonLines } from './jsonLocations';
import { Masking, type SecretValue } from './masking';
import { mockedCalls, type FetchRequest } from './mockedCalls';
import { eventResult, failedResult, runKind, type EventOrigin, type RunKind } from './outcome';
import { completeGlobals, parseSampleGlobals, type SampleContext } from './sampleGlobals';
import { withSecretPlaceholders } from './secretPlaceholders';

/** A function folder ready to run on PostHog: the function it is in the project, its configuration as the files hold it. */
export interface RemoteFunction {
  client: PostHogClient;
  projectId: number;
  functionId: string;
  type: string;
  kind: RunKind;
  globals: TestGlobals;
  /** The configuration sent, secret inputs as placeholders (the files never hold their values). */
  configuration: Record<string, unknown>;
  secrets: SecretValue[];
  ctx: SampleContext;
}

/** Throws for a type PostHog cannot test-run (site functions, webhook sources). */
export function prepareRemoteFunction(
  target: { client: PostHogClient; projectId: number; functionId: string },
  configuration: Record<string, unknown>,
  ctx: Omit<SampleContext, 'globals'>,
): RemoteFunction {
  const type = String(configuration.type ?? 'destination');
  const globals = testGlobals(type);
  if (!globals) throw new Error(whyNotTestable(type));
  const placed = withSecretPlaceholders(configuration);
  return {
    ...target,
    type,
    kind: runKind(type),
    globals,
    configuration: placed.configuration,
    secrets: placed.secrets,
    ctx: { ...ctx, globals },
  };
}

/**
 * Whether an error from PostHog is about this one run (it refused the configuration, its worker crashed, the answer
 * could not be read) and the next fixture may still run; otherwise (the key, the project, the network, cancelled) it
 * stops the whole run.
 */
export function failsOneRun(error: unknown): boolean {
  return !isPostHogError(error) || ['validation', 'server', 'invalid_response'].includes(error.kind);
}

const MOCKED = /^Async function '[^']+' was mocked with arguments:$/;
/** What PostHog's worker logs by itself at the `info` level (not the code's print()). */
const WORKER_LINES = [
  /^Mapping trigger not matching filters was ignored\.$/,
  /^Function exceeded maximum log entries\./,
  /^Executing function$/,
  /^Function completed in /,
];

/** The code's print() lines in a PostHog answer's logs: `info` entries that are neither a mocked call nor the worker's own. */
export function printedLines(logs: readonly InvocationLog[]): string[] {
  const calls = mockedCalls(logs).callLines;
  return logs.flatMap((line, i) =>
    line.level === 'info' &&
    !calls.has(i) &&
    !MOCKED.test(line.message) &&
    !WORKER_LINES.some((re) => re.test(line.message))
      ? [line.message]
      : [],
  );
}

/** A request read back from the mocked-call logs, as the worker hands it to fetch (the body as text). */
function workerRequest(request: FetchRequest): {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
} {
  const body =
    request.body.kind === 'none'
      ? undefined
      : request.body.kind === 'text'
        ? request.body.text
        : JSON.stringify(request.body.value);
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    ...(body !== undefined ? { body } : {}),
  };
}

/**
 * Runs the fixture (`text`, the file's contents) on PostHog and checks what it expects. A bad fixture or a run PostHog
 * refuses fails; an error that stops the whole run (failsOneRun) is thrown.
 */
export async function evaluateFixtureOnPostHog(
  fn: RemoteFunction,
  fixture: { name: string; text: string; origin?: EventOrigin },
  options: { signal?: AbortSignal } = {},
): Promise<FixtureVerdict> {
  const started = performance.now();
  const fileName = `${fixture.name}.json`;
  const verdict = verdictOf(fixture.name, started);
  const parsed = parseFixtureFile(fileName, fixture.text);
  if (!parsed.ok) return verdict([{ field: 'fixture', message: parsed.message }]);
  if (Array.isArray(parsed.value.responses) && parsed.value.responses.length > 0)
    return verdict([], {
      skipped: l10n.t(
        'runs only locally: it scripts the answers to its requests ("responses"), and PostHog answers every test request with 200 and an empty body',
      ),
    });
  const input = parseSampleGlobals(fixture.text, fn.globals);
  if (!input.ok) return verdict([{ field: 'fixture', message: `${fileName}: ${input.message}` }]);
  const { globals: given, inputs: overrides } = splitFixture(input.value);
  const globals = completeGlobals(given, fn.ctx);
  const masking = new Masking(fn.secrets);
  const origin: EventOrigin = fixture.origin ?? { kind: 'fixture', name: fixture.name, uri: fileName };
  const ran = { title: fixture.name, origin, input: given, durationMs: 0 };
  let observed: Observed;
  try {
    const answer = await fn.client.invokeHogFunction(
      fn.projectId,
      fn.functionId,
      { configuration: withInputOverrides(fn.configuration, overrides), globals, mock_async_functions: true },
      { signal: options.signal },
    );
    const before = globals[fn.kind === 'log' ? 'record' : 'event'];
    const raw = answer.result ?? null;
    observed = {
      result: eventResult({ ...ran, durationMs: performance.now() - started }, answer, fn.kind, masking),
      notRun: false,
      failed: answer.status === 'error',
      errors: answer.errors,
      returned:
        fn.kind === 'destination' || raw === null
          ? null
          : fn.kind === 'transformation'
            ? returnedEvent(isJsonObject(before) ? before : {}, raw)
            : raw,
      prints: printedLines(answer.logs),
      fetches: mockedCalls(answer.logs).requests.map(workerRequest),
    };
  } catch (error) {
    if (!failsOneRun(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const result = failedResult({ ...ran, durationMs: performance.now() - started }, reason, masking);
    observed = { result, notRun: true, failed: true, errors: [result.failure ?? reason], returned: null, prints: [] };
  }
  const checked = checkExpectations(parsed.value.expect ?? {}, fn.kind, observed, jsonLines(fixture.text));
  // A local run ignores filters (docs/decisions/0023); PostHog skips an event they do not match, and says so.
  if (observed.result.status === 'skipped')
    checked.failures.unshift({
      field: 'filters',
      message: l10n.t("PostHog did not run the function: the fixture's event does not match its filters."),
    });
  return verdict(checked.failures, { result: observed.result, requests: checked.requests, prints: observed.prints });
}
