// A fixture run on this machine and checked: the function (its source and function.json, as the editor or the disk
// has them) runs on the fixture's input through the toolchain, as Run Hog Function Locally runs it (secret inputs as
// placeholders, each mapping of a destination, fetch() answered by the fixture's "responses"), and what it did is
// compared with the fixture's `expect`. Shared by the command line (`posthog-workbench test`) and the editor (Run
// Locally, the Test Explorer). The toolchain is passed in: the editor loads it on first use, not at start-up.
//
// What a failure shows is what the run did, unmasked: the only values in it come from the function's files and the
// fixture (secret inputs run as placeholders, `secret-input-<key>`, so an expectation can name them).
import * as l10n from '@vscode/l10n';
import type { HogFunctionKind, InputSpec, InvocationOutcome } from '../toolchain';
import { stableJson } from '../functions/stableJson';
import { isJsonObject } from '../../shared/json';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import { returnedEvent } from './eventDiff';
import { firstDifference, normalizedExpectation, sentRequest, type MatchMode, type SentRequest } from './expectations';
import { parseFixtureFile, type Expectation } from './fixtureSchema';
import { jsonLines, lineOf } from './jsonLocations';
import { localEventResult, readResponses } from './localRun';
import { Masking, type SecretValue } from './masking';
import { failedResult, runKind, type EventOrigin, type EventTestResult, type RunKind } from './outcome';
import { completeGlobals, parseSampleGlobals, type SampleContext } from './sampleGlobals';
import { withSecretPlaceholders } from './secretPlaceholders';

export type Toolchain = typeof import('../toolchain');

/** The inputs a run renders, in schema order: the configuration's values, then `extra`'s, then `overrides` (plain values). */
export function inputSpecs(
  configuration: Record<string, unknown>,
  extra?: Record<string, unknown>,
  extraSchema?: unknown,
  overrides?: Record<string, unknown>,
): InputSpec[] {
  const schema = [
    ...(Array.isArray(configuration.inputs_schema) ? configuration.inputs_schema : []),
    ...(Array.isArray(extraSchema) ? extraSchema : []),
  ];
  const values: Record<string, unknown> = {
    ...(isJsonObject(configuration.inputs) ? configuration.inputs : {}),
    ...(extra ?? {}),
  };
  for (const [key, value] of Object.entries(overrides ?? {}))
    values[key] = { ...(isJsonObject(values[key]) ? values[key] : {}), value };
  return schema.flatMap((item): InputSpec[] => {
    if (!isJsonObject(item) || typeof item.key !== 'string') return [];
    const entry = values[item.key];
    if (!isJsonObject(entry) || entry.value === undefined) return [];
    return [
      {
        key: item.key,
        type: typeof item.type === 'string' ? item.type : 'string',
        secret: item.secret === true,
        value: entry.value,
        ...(typeof entry.templating === 'string' ? { templating: entry.templating } : {}),
      },
    ];
  });
}

/** The parts of a fixture that are not what the function is given. */
export function splitFixture(input: Record<string, unknown>): {
  globals: Record<string, unknown>;
  responses: unknown;
  inputs?: Record<string, unknown>;
  expect?: unknown;
} {
  const { responses, expect, inputs, $schema: _schema, ...globals } = input;
  return {
    globals,
    responses,
    ...(isJsonObject(inputs) ? { inputs } : {}),
    ...(expect !== undefined ? { expect } : {}),
  };
}

/** The configuration with a fixture's input values in place of its own (for a run on PostHog). */
export function withInputOverrides(
  configuration: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!overrides || !Object.keys(overrides).length) return configuration;
  const inputs: Record<string, unknown> = { ...(isJsonObject(configuration.inputs) ? configuration.inputs : {}) };
  for (const [key, value] of Object.entries(overrides)) {
    const { secret: _stored, ...entry } = isJsonObject(inputs[key]) ? inputs[key] : {};
    inputs[key] = { ...entry, value };
  }
  return { ...configuration, inputs };
}

/** A function ready to run locally: compiled once for all its fixtures, secret inputs as placeholders. */
export interface PreparedFunction {
  type: string;
  kind: RunKind;
  globals: TestGlobals;
  configuration: Record<string, unknown>;
  secrets: SecretValue[];
  ctx: SampleContext;
  bytecode?: unknown[];
  /** Why the source does not compile. */
  compileFailure?: string;
}

/**
 * A function folder's files as a local run takes them: its source and configuration, and the project the run is in
 * (`host`'s project in `ids` when it has one, else the first linked project, else a placeholder project).
 */
export function folderFunction(
  state: {
    source: string;
    config: { type: string; name: string | null; inputs_schema: unknown; inputs: unknown; mappings: unknown };
  },
  folderName: string,
  ids: Record<string, string>,
  host?: string,
): { configuration: Record<string, unknown>; ctx: Omit<SampleContext, 'globals'> } {
  const linked = Object.keys(ids).flatMap((key) => {
    const match = /^(https?:\/\/[^/]+)\/project\/(\d+)$/.exec(key);
    return match ? [{ host: match[1] as string, projectId: Number(match[2]), functionId: ids[key] as string }] : [];
  });
  const project = linked.find((l) => l.host === host) ??
    linked[0] ?? { host: host ?? 'https://us.posthog.com', projectId: 1, functionId: folderName };
  const { config } = state;
  return {
    configuration: {
      type: config.type,
      name: config.name,
      hog: state.source,
      inputs_schema: config.inputs_schema,
      inputs: config.inputs,
      mappings: config.mappings,
    },
    ctx: {
      host: project.host,
      projectId: project.projectId,
      functionId: project.functionId,
      functionName: config.name ?? folderName,
    },
  };
}

/** Compiles `configuration.hog` and puts placeholders in place of secret inputs. Throws for a type that cannot be tested. */
export function prepareFunction(
  tc: Toolchain,
  configuration: Record<string, unknown>,
  ctx: Omit<SampleContext, 'globals'>,
): PreparedFunction {
  const type = String(configuration.type ?? 'destination');
  const globals = testGlobals(type);
  if (!globals) throw new Error(whyNotTestable(type));
  const placed = withSecretPlaceholders(configuration);
  const prepared: PreparedFunction = {
    type,
    kind: runKind(type),
    globals,
    configuration: placed.configuration,
    secrets: placed.secrets,
    ctx: { ...ctx, globals },
  };
  try {
    prepared.bytecode = tc.compileSource(String(configuration.hog ?? ''), 'program', tc.HOG_FUNCTION_COMPILE).bytecode;
  } catch (error) {
    prepared.compileFailure =
      error instanceof tc.HogSyntaxError
        ? error.problem.message
        : error instanceof Error
          ? error.message
          : String(error);
  }
  return prepared;
}

export interface LocalRun {
  /** The result as the Test Results view shows it (masked). */
  result: EventTestResult;
  outcomes: InvocationOutcome[];
  /** The globals the function was given, completed as PostHog completes them. */
  globals: Record<string, unknown>;
}

/** Runs one input (a fixture's, the sample event, a recent event) through the function, each mapping in turn. */
export async function runInput(
  tc: Toolchain,
  fn: PreparedFunction,
  ran: { title: string; origin: EventOrigin; input: Record<string, unknown> },
  masking = new Masking(fn.secrets),
): Promise<LocalRun> {
  const base = { ...ran, durationMs: 0 };
  if (!fn.bytecode)
    return {
      result: failedResult(base, fn.compileFailure ?? l10n.t('The code does not compile.'), masking),
      outcomes: [],
      globals: ran.input,
    };
  const { globals: given, responses: rawResponses, inputs: overrides } = splitFixture(ran.input);
  const responses = readResponses(rawResponses, tc.parseResponses);
  if (!responses.ok) {
    return {
      result: failedResult(
        { ...base, input: given },
        l10n.t('The fixture\'s "responses" cannot be used: {0}', responses.message),
        masking,
      ),
      outcomes: [],
      globals: given,
    };
  }
  const globals = completeGlobals(given, fn.ctx);
  const type = fn.type;
  const fnKind: HogFunctionKind =
    type === 'transformation' || type === 'transformation_log' || type === 'internal_destination'
      ? type
      : 'destination';
  const configuration = fn.configuration;
  // A destination with mappings runs once per mapping (PostHog also filters them by event; locally all run).
  const mappings =
    fn.kind === 'destination' && Array.isArray(configuration.mappings) && configuration.mappings.length > 0
      ? configuration.mappings
      : [undefined];
  const started = performance.now();
  const outcomes: InvocationOutcome[] = [];
  for (const mapping of mappings) {
    const mapped = isJsonObject(mapping) ? mapping : undefined;
    const inputs = inputSpecs(
      configuration,
      isJsonObject(mapped?.inputs) ? mapped.inputs : undefined,
      mapped?.inputs_schema,
      overrides,
    );
    outcomes.push(
      await tc.invokeHogFunctionAsync(fn.bytecode, {
        kind: fnKind,
        globals,
        inputs,
        asyncMode: 'script',
        responses: responses.responses,
      }),
    );
  }
  const runMs = outcomes.reduce((sum, o) => sum + (o.execution?.durationMs ?? 0), 0);
  const result = localEventResult(
    { ...ran, input: given, durationMs: performance.now() - started },
    outcomes,
    fn.kind,
    masking,
    Math.round(runMs * 10) / 10,
    globals,
  );
  return { result, outcomes, globals };
}

/** One expectation the run did not meet. */
export interface ExpectationFailure {
  /** Which: `expect.event`, `expect.requests[1].body`, `expect.prints`, `expect.error`, or the fixture itself (`fixture`). */
  field: string;
  message: string;
  /** Both sides as JSON (stable key order), when there are two sides to show. */
  expected?: string;
  actual?: string;
  /** The 1-based line in the fixture file the expectation is on. */
  line?: number;
}

export interface FixtureVerdict {
  name: string;
  passed: boolean;
  failures: ExpectationFailure[];
  /** What the run did, as the Test Results view shows it (masked); absent when the fixture could not be read. */
  result?: EventTestResult;
  requests: SentRequest[];
  prints: string[];
  durationMs: number;
  /** Not run, and why (a run on PostHog of a fixture that scripts its responses): neither passed nor failed. */
  skipped?: string;
}

const json = (value: unknown): string => stableJson(value === undefined ? null : value).trimEnd();

/** A verdict maker for one fixture run started at `started` (performance.now()): passed when nothing failed. */
export function verdictOf(
  name: string,
  started: number,
): (failures: ExpectationFailure[], rest?: Partial<FixtureVerdict>) => FixtureVerdict {
  return (failures, rest = {}) => ({
    name,
    passed: failures.length === 0,
    failures,
    requests: [],
    prints: [],
    durationMs: performance.now() - started,
    ...rest,
  });
}

/** Runs the fixture (`text`, the file's contents) and checks what it expects. Never throws for a bad fixture: it fails. */
export async function evaluateFixture(
  tc: Toolchain,
  fn: PreparedFunction,
  fixture: { name: string; text: string; origin?: EventOrigin },
): Promise<FixtureVerdict> {
  const fileName = `${fixture.name}.json`;
  const verdict = verdictOf(fixture.name, performance.now());
  const parsed = parseFixtureFile(fileName, fixture.text);
  if (!parsed.ok)
    return verdict([{ field: 'fixture', message: parsed.message, ...lineOfParseError(fixture.text, parsed.message) }]);
  const input = parseSampleGlobals(fixture.text, fn.globals);
  if (!input.ok) return verdict([{ field: 'fixture', message: `${fileName}: ${input.message}` }]);
  const lines = jsonLines(fixture.text);
  const origin: EventOrigin = fixture.origin ?? { kind: 'fixture', name: fixture.name, uri: fileName };
  const run = await runInput(tc, fn, { title: fixture.name, origin, input: input.value });
  const expect: Expectation = parsed.value.expect ?? {};
  const calls = run.outcomes.flatMap((o) => o.execution?.calls ?? []);
  const fetches = calls
    .filter((c) => c.name === 'fetch' && c.request)
    .map((c) => c.request as NonNullable<typeof c.request>);
  const given = isJsonObject(run.globals[fn.kind === 'log' ? 'record' : 'event'])
    ? (run.globals[fn.kind === 'log' ? 'record' : 'event'] as Record<string, unknown>)
    : {};
  const raw = run.outcomes[0]?.result ?? null;
  const observed: Observed = {
    result: run.result,
    notRun: run.result.failure !== undefined,
    failed: run.result.status === 'error',
    errors: run.result.failure ? [run.result.failure] : run.outcomes.flatMap((o) => o.errors),
    returned: raw === null ? null : fn.kind === 'transformation' ? returnedEvent(given, raw) : raw,
    prints: run.outcomes.flatMap((o) => o.execution?.prints ?? []),
    fetches,
  };
  const checked = checkExpectations(expect, fn.kind, observed, lines);
  return verdict(checked.failures, { result: run.result, requests: checked.requests, prints: observed.prints });
}

/** What a run did, as a fixture's expectations are checked against it (a local run's or PostHog's). */
export interface Observed {
  /** What the run did, as the views show it (masked). */
  result: EventTestResult;
  /** The function did not run at all (it does not compile, PostHog refused it): only the error is checked. */
  notRun: boolean;
  failed: boolean;
  errors: string[];
  /** A transformation's returned event (without what only PostHog's pipeline adds), a log record; null when dropped. */
  returned: unknown;
  prints: string[];
  /** The requests the code sent as the worker sends them; undefined when the run cannot tell (a run on PostHog). */
  fetches?: { method: string; url: string; headers: Record<string, string>; body?: string }[];
}

/**
 * Compares what a run did with what the fixture expects. `lines`: where each expectation is in the fixture file. An
 * expectation the run cannot tell about (requests, on PostHog) is left to the caller to report.
 */
export function checkExpectations(
  expect: Expectation,
  kind: RunKind,
  observed: Observed,
  lines: Map<string, number>,
): { failures: ExpectationFailure[]; requests: SentRequest[] } {
  const mode: MatchMode = expect.match ?? 'subset';
  const { errors, failed, prints } = observed;
  const failures: ExpectationFailure[] = [];
  const at = (path: PropertyKey[]) => lineOf(lines, path);

  // The error, or that there is none: a fixture without expectations passes when the run does not fail.
  if (typeof expect.error === 'string') {
    const expectedError = expect.error;
    if (!failed)
      failures.push({
        field: 'expect.error',
        message: l10n.t('The run did not fail; expected an error containing "{0}".', expectedError),
        expected: expectedError,
        actual: '',
        line: at(['expect', 'error']),
      });
    else if (!errors.some((e) => e.includes(expectedError))) {
      failures.push({
        field: 'expect.error',
        message: l10n.t('The run failed with another error; expected one containing "{0}".', expectedError),
        expected: expectedError,
        actual: errors.join('\n'),
        line: at(['expect', 'error']),
      });
    }
  } else if (failed) {
    failures.push({
      field: 'expect.error',
      message: l10n.t('The run failed: {0}', errors.join('; ') || l10n.t('no reason given')),
      expected: '',
      actual: errors.join('\n'),
      line: at(['expect', 'error']) ?? at(['expect']),
    });
  }

  if (expect.event !== undefined && !observed.notRun) {
    if (kind === 'destination') {
      failures.push({
        field: 'expect.event',
        message: l10n.t('A destination returns no event: say what it sends with "requests".'),
        line: at(['expect', 'event']),
      });
    } else {
      const actual = observed.returned ?? null;
      const diff =
        expect.event === null
          ? actual === null
            ? undefined
            : []
          : actual === null
            ? []
            : firstDifference(expect.event, actual, mode);
      if (diff) {
        const message =
          expect.event === null
            ? l10n.t('Expected the event to be dropped; it was returned.')
            : actual === null
              ? l10n.t('The event was dropped; expected it returned.')
              : diff.length
                ? l10n.t('The returned event differs at {0}.', pathText(diff))
                : l10n.t('The returned event differs.');
        failures.push({
          field: 'expect.event',
          message,
          expected: json(expect.event),
          actual: json(actual),
          line: at(['expect', 'event', ...diff]),
        });
      }
    }
  }

  const sent = (observed.fetches ?? []).map((request, i) => sentRequest(request, expect.requests?.[i]));
  if (expect.requests !== undefined && observed.fetches && !observed.notRun) {
    const expected = expect.requests.map((r, i) => normalizedExpectation(r, sent[i]));
    if (expected.length !== sent.length) {
      failures.push({
        field: 'expect.requests',
        message: l10n.t('Expected {0} request(s); the code sent {1}.', expected.length, sent.length),
        expected: json(expected),
        actual: json(sent),
        line: at(['expect', 'requests']),
      });
    } else {
      for (const [i, want] of expected.entries()) {
        const diff = firstDifference(want, sent[i], mode);
        if (!diff) continue;
        failures.push({
          field: `expect.requests[${i}]`,
          message: l10n.t('Request {0} differs at {1}.', i + 1, pathText(diff) || l10n.t('the whole request')),
          expected: json(want),
          actual: json(sent[i]),
          line: at(['expect', 'requests', i, ...diff]),
        });
      }
    }
  }

  if (expect.prints !== undefined && !observed.notRun) {
    const diff = firstDifference(expect.prints, prints, 'exact');
    if (diff) {
      failures.push({
        field: 'expect.prints',
        message: l10n.t('The print() lines differ (expected {0}, got {1}).', expect.prints.length, prints.length),
        expected: expect.prints.join('\n'),
        actual: prints.join('\n'),
        line: at(['expect', 'prints', ...diff]),
      });
    }
  }
  return { failures, requests: sent };
}

/** `body.text`, `headers.Authorization`, `[0]`: where in a value a difference is. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  );
}

function lineOfParseError(text: string, message: string): { line?: number } {
  const line = /\(line (\d+)/.exec(message);
  if (line) return { line: Number(line[1]) };
  const lines = jsonLines(text);
  const field = /: "([^"]+)" must be/.exec(message)?.[1];
  const found =
    field === undefined ? undefined : (lines.get(field) ?? lines.get(field.replace(/\.[^.[]+$|\[\d+\]$/, '')));
  return found === undefined ? {} : { line: found };
}
