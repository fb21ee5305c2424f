// A run on the editor's machine (the toolchain, src/core/toolchain) as the Test Results view shows PostHog's: the same
// result for each event, masked the same way, with what a destination's requests got back (the scripted answers)
// beside what it sent. Pure: the toolchain's outcome comes in, the view's result goes out.
import type { AsyncCall, InvocationOutcome, RunLog, ScriptedResponse } from '../toolchain';
import { isJsonObject } from '../../shared/json';
import { eventChanges, returnedEvent } from './eventDiff';
import type { Masking } from './masking';
import { fetchRequest } from './mockedCalls';
import type { EventTestResult, FetchResponse, RunKind, TestStatus } from './outcome';

interface Ran {
  title: string;
  origin: EventTestResult['origin'];
  input: Record<string, unknown>;
  durationMs: number;
}

/**
 * A fixture's scripted answers (`"responses": [...]`, as the command line's --responses file) and the globals without
 * them: the rest of the fixture is what the function is given.
 */
export function splitResponses(input: Record<string, unknown>): {
  globals: Record<string, unknown>;
  responses: unknown;
} {
  const { responses, ...globals } = input;
  return { globals, responses };
}

/** The result of one local invocation (or several, a destination's mappings), masked before anything keeps it. */
export function localEventResult(
  ran: Ran,
  outcomes: readonly InvocationOutcome[],
  kind: RunKind,
  masking: Masking,
  runMs: number,
  /** The globals the function was given (the input completed as PostHog completes it): what its changes are against. */
  given: Record<string, unknown> = ran.input,
): EventTestResult {
  const logs = outcomes
    .flatMap((o) => o.logs)
    .map((l: RunLog) => ({ level: l.level, message: masking.text(l.message) }));
  const errors = outcomes.flatMap((o) => o.errors).map((e) => masking.text(e));
  const calls: AsyncCall[] = outcomes.flatMap((o) => o.execution?.calls ?? []);
  const fetches = calls.filter((c) => c.name === 'fetch');
  const status: TestStatus = outcomes.some((o) => o.status === 'error') ? 'error' : 'success';
  const base = {
    ...ran,
    status,
    errors,
    logs,
    requests: fetches.map((c) => masking.request(fetchRequest(String(c.args[0] ?? ''), c.args[1]))),
    responses: fetches.map((c): FetchResponse => ({
      status: c.response?.status ?? 200,
      headers: Object.entries(c.response?.headers ?? {}).map(([k, v]) => masking.header([k, v])),
      body: masking.json(c.response?.body ?? null),
      ...(c.error !== undefined ? { error: masking.text(c.error) } : {}),
      delayMs: c.delayMs,
    })),
    otherCalls: calls.filter((c) => c.name !== 'fetch').map((c) => masking.call({ name: c.name, argument: c.args[0] })),
    reportedMs: runMs,
  };
  if (kind === 'destination') return { ...base, dropped: false, changes: [], masked: masking.notes() };
  const before =
    kind === 'transformation' && isJsonObject(given.event)
      ? given.event
      : isJsonObject(given.record)
        ? given.record
        : {};
  const outcome = outcomes[0];
  const raw = outcome?.result ?? null;
  const returned =
    raw === null || raw === undefined || status === 'error'
      ? null
      : masking.json(kind === 'transformation' ? returnedEvent(before, raw) : raw);
  const dropped = returned === null && status !== 'error';
  return {
    ...base,
    result: returned,
    dropped,
    changes: returned === null ? [] : eventChanges(before, returned),
    masked: masking.notes(),
  };
}

/** Checked scripted answers, or why they cannot be used. */
export function readResponses(
  value: unknown,
  parse: (value: unknown) => ScriptedResponse[],
): { ok: true; responses: ScriptedResponse[] } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true, responses: [] };
  try {
    return { ok: true, responses: parse(value) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
