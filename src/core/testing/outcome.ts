// One test run's results as the views show them: for each event its status, what it would have sent (requests and
// other calls read from the mocked-call logs), what a transformation did to the event, errors, logs and timing, all
// masked; a run's summary ("3 passed, 1 error"); and the text of an event's result document. Pure.
import * as l10n from '@vscode/l10n';
import type { InvocationResult } from '../../api';
import { writeJson } from '../../shared/deepJson';
import { isJsonObject } from '../../shared/json';
import type { HogFunctionRef } from '../functions/paths';
import { logLineText, logTimes, type LogLine } from '../functions/report';
import { describeChanges, eventChanges, returnedEvent, type EventChange } from './eventDiff';
import type { Masking } from './masking';
import { mockedCalls, reportedDuration, type FetchRequest, type MockedCall } from './mockedCalls';
import { ago } from './recentEvents';

export type TestStatus = 'success' | 'error' | 'skipped';

/** What a fetch got back in a local run. */
export interface FetchResponse {
  status: number;
  headers: [string, string][];
  body: unknown;
  /** The scripted error the request failed with. */
  error?: string;
  delayMs: number;
}

/** Where an event of a run came from. */
export type EventOrigin =
  { kind: 'sample' } | { kind: 'recent'; at: string } | { kind: 'fixture'; name: string; uri: string };

export interface EventTestResult {
  /** "$pageview by ada@example.com", or the fixture's name. */
  title: string;
  origin: EventOrigin;
  /** What the run was given (event, person, groups, or a log record), as the user would save it. */
  input: Record<string, unknown>;
  status: TestStatus;
  errors: string[];
  logs: LogLine[];
  /** Transformations: the event they returned (without what only PostHog's pipeline adds); null when dropped. */
  result?: unknown;
  dropped: boolean;
  changes: EventChange[];
  requests: FetchRequest[];
  /** A local run's answers to the requests, one for each (PostHog's runs mock fetch and keep none). */
  responses?: FetchResponse[];
  otherCalls: MockedCall[];
  /** From sending the invocation to PostHog's answer. */
  durationMs: number;
  /** What PostHog's worker measured ("Function completed in 3ms"). */
  reportedMs?: number;
  /** Set when PostHog did not run it at all (it refused the configuration, or could not be reached). */
  failure?: string;
  masked: string[];
}

export type RunScope = 'sample' | 'recent' | 'fixtures';

export interface TestRun {
  id: number;
  ref: HogFunctionRef;
  functionName: string;
  functionType: string;
  scope: RunScope;
  startedAt: string;
  /** What code and configuration ran, in words ("the code in your editor, with unsaved changes to the source"). */
  ranFrom: string;
  results: EventTestResult[];
  /** How many events the run set out to test. */
  planned: number;
  cancelled: boolean;
  finished: boolean;
  /** Run on this machine by the toolchain (Run Hog Function Locally), not by PostHog. */
  local?: boolean;
}

export type RunKind = 'transformation' | 'destination' | 'log';

export function runKind(type: string): RunKind {
  if (type === 'transformation') return 'transformation';
  if (type === 'transformation_log') return 'log';
  return 'destination';
}

interface Ran {
  title: string;
  origin: EventOrigin;
  input: Record<string, unknown>;
  durationMs: number;
}

/** The result of one invocation PostHog ran, masked before anything keeps it. */
export function eventResult(ran: Ran, invocation: InvocationResult, kind: RunKind, masking: Masking): EventTestResult {
  const calls = mockedCalls(invocation.logs);
  const logs = invocation.logs.map((line, i): LogLine => {
    const call = calls.callLines.get(i);
    if (!call) return { ...line, message: masking.text(line.message) };
    const message =
      'url' in call
        ? `fetch('${masking.url(call.url)}', ${pretty(masking.fetchOptions(call.options))})`
        : `${call.name}(${pretty(masking.call({ name: call.name, argument: call.argument }).argument)})`;
    return { ...line, message };
  });
  const base = {
    ...ran,
    status: toStatus(invocation.status),
    errors: invocation.errors.map((e) => masking.text(e)),
    logs,
    requests: calls.requests.map((r) => masking.request(r)),
    otherCalls: calls.others.map((c) => masking.call(c)),
    ...optional('reportedMs', reportedDuration(invocation.logs)),
  };
  if (kind === 'destination') return { ...base, dropped: false, changes: [], masked: masking.notes() };
  const before =
    kind === 'transformation' && isJsonObject(ran.input.event)
      ? ran.input.event
      : isJsonObject(ran.input.record)
        ? ran.input.record
        : {};
  const returned =
    invocation.result === undefined || invocation.result === null
      ? null
      : masking.json(kind === 'transformation' ? returnedEvent(before, invocation.result) : invocation.result);
  const dropped = returned === null && base.status !== 'error';
  return {
    ...base,
    result: returned,
    dropped,
    changes: returned === null ? [] : eventChanges(before, returned),
    masked: masking.notes(),
  };
}

/** An event PostHog did not run: the reason is its one error. */
export function failedResult(ran: Ran, reason: string, masking: Masking): EventTestResult {
  return {
    ...ran,
    status: 'error',
    errors: [masking.text(reason)],
    logs: [],
    dropped: false,
    changes: [],
    requests: [],
    otherCalls: [],
    failure: masking.text(reason),
    masked: masking.notes(),
  };
}

function toStatus(status: string): TestStatus {
  return status === 'success' || status === 'skipped' ? status : 'error';
}

/** JSON.stringify(value, null, 2) at any depth (shared/deepJson.ts). */
const pretty = (value: unknown): string => (value === undefined ? 'undefined' : writeJson(value, { indent: '  ' }));

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });

const errors = (n: number) => (n === 1 ? l10n.t('1 error') : l10n.t('{0} errors', n));
const requests = (n: number) => (n === 1 ? l10n.t('1 request') : l10n.t('{0} requests', n));

/** "3 passed, 1 skipped, 1 error", and "cancelled after 4 of 10" when the run stopped early. */
export function summary(run: Pick<TestRun, 'results' | 'planned' | 'cancelled' | 'finished'>): string {
  const count = (status: TestStatus) => run.results.filter((r) => r.status === status).length;
  const parts = [l10n.t('{0} passed', count('success'))];
  if (count('skipped')) parts.push(l10n.t('{0} skipped', count('skipped')));
  if (count('error')) parts.push(errors(count('error')));
  if (run.cancelled) parts.push(l10n.t('cancelled after {0} of {1}', run.results.length, run.planned));
  else if (!run.finished) parts.push(l10n.t('{0} of {1} so far', run.results.length, run.planned));
  return parts.join(', ');
}

/** One event's result in a word or two, for the result list: "2 changes: …", "dropped", "1 request", "skipped". */
export function shortOutcome(r: EventTestResult, kind: RunKind): string {
  if (r.failure) return l10n.t('not run');
  if (r.status === 'skipped') return l10n.t('skipped: the filters do not match');
  const parts: string[] = [];
  if (r.status === 'error') parts.push(errors(r.errors.length));
  if (kind === 'destination') parts.push(requests(r.requests.length));
  else if (r.dropped) parts.push(l10n.t('dropped'));
  else if (r.status !== 'error') parts.push(describeChanges(r.changes));
  return parts.join(', ');
}

export function originText(origin: EventOrigin, now = Date.now()): string {
  switch (origin.kind) {
    case 'sample':
      return l10n.t('the sample event');
    case 'recent':
      return l10n.t('a recent event (captured {0})', ago(origin.at, now));
    case 'fixture':
      return l10n.t('the fixture {0}', origin.name);
  }
}

/** PostHog's status of a test invocation, in words. */
export function statusText(status: TestStatus): string {
  switch (status) {
    case 'success':
      return l10n.t('success');
    case 'error':
      return l10n.t('error');
    case 'skipped':
      return l10n.t('skipped');
  }
}

function responseText(r: FetchResponse): string[] {
  const lines = [
    `     ${r.error !== undefined ? l10n.t('Failed: {0} (the code got status {1})', r.error, r.status) : l10n.t('Answered: status {0}', r.status)}${r.delayMs ? ` ${l10n.t('after {0} ms', r.delayMs)}` : ''}`,
  ];
  for (const [k, v] of r.headers) lines.push(`       ${k}: ${v}`);
  const body = typeof r.body === 'string' ? prettyText(r.body) : JSON.stringify(r.body, null, 2);
  if (body !== undefined && r.body !== null && r.body !== '') lines.push(...body.split('\n').map((l) => `       ${l}`));
  return lines;
}

function requestText(r: FetchRequest, n: number): string[] {
  const lines = [`  ${n}. ${r.method} ${r.url}`];
  lines.push(
    `     ${l10n.t('Headers')}`,
    ...(r.headers.length ? r.headers.map(([k, v]) => `       ${k}: ${v}`) : [`       ${l10n.t('(none)')}`]),
  );
  if (r.body.kind === 'json')
    lines.push(
      `     ${l10n.t('Body (JSON)')}`,
      ...pretty(r.body.value)
        .split('\n')
        .map((l) => `       ${l}`),
    );
  else if (r.body.kind === 'text')
    lines.push(
      `     ${l10n.t('Body')}`,
      ...prettyText(r.body.text)
        .split('\n')
        .map((l) => `       ${l}`),
    );
  else if (r.bodyDropped) lines.push(`     ${l10n.t('Body: none (PostHog sends no body with {0})', r.method)}`);
  else lines.push(`     ${l10n.t('Body: none')}`);
  return lines;
}

/** A text body that holds JSON reads pretty-printed; other text as it is. */
function prettyText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? pretty(value) : text;
  } catch {
    return text;
  }
}

/** Log lines with local times; a fetch() call's options continue under its line, not behind a wall of indent. */
function logsText(logs: readonly LogLine[], locale?: string): string[] {
  const times = logTimes(logs, locale);
  return logs.flatMap((l, i) => logLineText(times[i]!, l, '  '));
}

function timing(r: EventTestResult, local: boolean): string {
  const ms = Math.round(r.durationMs);
  if (local) return l10n.t('{0} ms', ms);
  return r.reportedMs === undefined
    ? l10n.t('{0} ms', ms)
    : l10n.t('{0} ms (PostHog: the function ran in {1} ms)', ms, r.reportedMs);
}

/** The text of one event's result document: what ran, on what, its status, what it would send, errors and logs. */
export function resultText(run: TestRun, r: EventTestResult, locale?: string): string {
  const kind = runKind(run.functionType);
  const local = run.local === true;
  const lines = local
    ? [
        l10n.t(
          'Local run of "{0}" on {1}: {2}, {3}',
          run.functionName,
          originText(r.origin),
          statusText(r.status),
          timing(r, true),
        ),
        l10n.t('Event: {0}', r.title),
        l10n.t(
          "Ran: {0}, in PostHog's VM on this machine. fetch() got the fixture's scripted answers, else status 200 with an empty JSON body: nothing was sent anywhere. Filters are not applied locally.",
          run.ranFrom,
        ),
      ]
    : [
        l10n.t(
          'Test run of "{0}" on {1}: {2}, {3}',
          run.functionName,
          originText(r.origin),
          statusText(r.status),
          timing(r, false),
        ),
        l10n.t('Event: {0}', r.title),
        l10n.t('Ran: {0}. Async functions were mocked: nothing was sent anywhere.', run.ranFrom),
      ];
  lines.push('');
  if (r.failure)
    lines.push(
      local ? l10n.t('The function did not run:') : l10n.t('PostHog did not run the function:'),
      `  ${r.failure}`,
      '',
    );
  if (kind === 'destination') {
    lines.push(
      r.requests.length
        ? l10n.t('Requests ({0})', r.requests.length)
        : l10n.t('Requests: none (the function made no fetch() call)'),
    );
    r.requests.forEach((req, i) => {
      const response = r.responses?.[i];
      lines.push(...requestText(req, i + 1), ...(response ? responseText(response) : []), '');
    });
    if (r.otherCalls.length) {
      lines.push(l10n.t('Other calls ({0})', r.otherCalls.length));
      for (const call of r.otherCalls)
        lines.push(
          `  ${call.name}(`,
          ...pretty(call.argument)
            .split('\n')
            .map((l) => `    ${l}`),
          '  )',
        );
      lines.push('');
    }
  } else if (!r.failure && r.status !== 'error') {
    lines.push(
      r.dropped
        ? l10n.t('Result: dropped. The function returned null, so PostHog drops this event.')
        : l10n.t('Result: {0} (the diff shows input ↔ returned)', describeChanges(r.changes)),
      '',
    );
    // PostHog reports a transformation its filters kept from running as a success with the event unchanged.
    if (r.logs.length === 0)
      lines.push(
        l10n.t(
          'PostHog wrote no logs: a transformation whose filters do not match the event does not run, and PostHog still reports success.',
        ),
        '',
      );
  }
  if (r.status === 'skipped')
    lines.push(l10n.t("Skipped: the function's filters do not match this event, so PostHog would not run it."), '');
  lines.push(
    r.errors.length ? l10n.t('Errors ({0})', r.errors.length) : l10n.t('Errors: none'),
    ...r.errors.map((e) => `  ${e}`),
    '',
  );
  lines.push(l10n.t('Logs ({0})', r.logs.length), ...logsText(r.logs, locale));
  if (r.masked.length) lines.push('', l10n.t('Masked: {0}.', r.masked.join(', ')));
  return `${lines.join('\n')}\n`;
}
