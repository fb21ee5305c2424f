// The overview panel's state and every change to it, as pure functions from one state to the next: what the host
// sent, the range and levels chosen, the series hidden from the chart, the bucket the pointer or keyboard is on,
// and the button whose command is running. No DOM and no messaging (actions.ts sends the requests, render.ts
// repaints), so all of it is unit-tested in plain Node (test/unit/webview/functionOverviewState.test.ts).
import { testGlobals } from '../../shared/functionTypes';
import { DEFAULT_RANGE, type MetricRange } from '../../shared/hogFunctionMetrics';
import type { Notification } from '../../shared/protocol/common';
import {
  LOG_LEVELS,
  type ErrorInfo,
  type FunctionData,
  type HostMessage,
  type LoadTarget,
  type LogLevel,
  type LogsData,
  type MetricsData,
  type OverviewState,
  type PanelAction,
} from '../../shared/protocol/functionOverview';

export type HostNotification = Notification<HostMessage>;
export type Reply = Extract<HostMessage, { type: 'reply' }>;

export interface OverviewModel {
  /** The host's `init` arrived; until then nothing of this panel is kept for a reload. */
  readonly initialized: boolean;
  readonly projectId: number;
  readonly functionId: string;
  readonly fn: FunctionData | null;
  readonly range: MetricRange;
  /** The chart's data; while another range loads it is the previous range's (drawn dimmed). */
  readonly metrics: MetricsData | null;
  readonly levels: readonly LogLevel[];
  readonly logs: LogsData | null;
  /** Why the last load of each part failed, until it loads again. */
  readonly errors: Readonly<Partial<Record<LoadTarget, ErrorInfo>>>;
  /** A Refresh (all three parts) is on its way. */
  readonly loading: boolean;
  readonly liveSeconds: number;
  /** Series the user hid from the chart (by metric name). */
  readonly hidden: ReadonlySet<string>;
  /** The time bucket the pointer or the keyboard is on: its values show in the tooltip. */
  readonly cursor: number | null;
  /** The table of every bucket's values shown on screen (it is always there for screen readers). */
  readonly tableShown: boolean;
  /** The button whose command is running, and why the last one could not run. */
  readonly running: PanelAction | null;
  readonly actionError?: { action: PanelAction; error: ErrorInfo };
}

/** A fresh panel, or what a reload brought back from setState. */
export function restore(saved?: OverviewState): OverviewModel {
  return {
    initialized: false,
    projectId: saved?.projectId ?? 0,
    functionId: saved?.functionId ?? '',
    fn: null,
    range: saved?.range ?? DEFAULT_RANGE,
    metrics: null,
    levels: saved?.levels ?? [],
    logs: null,
    errors: {},
    loading: false,
    liveSeconds: 0,
    hidden: new Set(),
    cursor: null,
    tableShown: false,
    running: null,
  };
}

/** What setState keeps: enough to reopen the same function with the same range and levels. */
export function persisted(state: OverviewModel): OverviewState {
  return {
    projectId: state.projectId,
    functionId: state.functionId,
    name: state.fn?.name ?? null,
    range: state.range,
    levels: [...state.levels],
  };
}

const withoutError = (state: OverviewModel, target: LoadTarget): OverviewModel['errors'] => {
  if (!state.errors[target]) return state.errors;
  const { [target]: _gone, ...rest } = state.errors;
  return rest;
};

export function receive(state: OverviewModel, message: HostNotification): OverviewModel {
  switch (message.type) {
    case 'init':
      return {
        ...state,
        initialized: true,
        projectId: message.projectId,
        functionId: message.functionId,
        fn: message.function,
        range: message.range,
        levels: message.levels,
        metrics: message.metrics,
        logs: message.logs,
        liveSeconds: message.liveSeconds,
        errors: {},
      };
    case 'function':
      return { ...state, fn: message.function, errors: withoutError(state, 'function') };
    case 'metrics':
      // An answer for a range the user has since left is dropped; the chosen range's own answer follows.
      if (message.metrics.range !== state.range) return state;
      return {
        ...state,
        metrics: message.metrics,
        cursor: clampCursor(state.cursor, message.metrics.labels.length),
        errors: withoutError(state, 'metrics'),
      };
    case 'logs':
      if (!sameLevels(message.logs.levels, state.levels)) return state;
      return { ...state, logs: message.logs, errors: withoutError(state, 'logs') };
    case 'loadError':
      return { ...state, errors: { ...state.errors, [message.target]: message.error } };
  }
}

export const refreshStarted = (state: OverviewModel): OverviewModel => ({ ...state, loading: true });
export const refreshFinished = (state: OverviewModel): OverviewModel => ({ ...state, loading: false });

export function chooseRange(state: OverviewModel, range: MetricRange): OverviewModel {
  return range === state.range ? state : { ...state, range, cursor: null };
}

/** Shows only `level`, or adds it to / takes it from the levels shown; all of them or none means all. */
export function toggleLevel(state: OverviewModel, level: LogLevel): OverviewModel {
  const levels = state.levels.includes(level) ? state.levels.filter((l) => l !== level) : [...state.levels, level];
  return { ...state, levels: levels.length === LOG_LEVELS.length ? [] : levels };
}

export function showAllLevels(state: OverviewModel): OverviewModel {
  return state.levels.length ? { ...state, levels: [] } : state;
}

export function toggleSeries(state: OverviewModel, name: string): OverviewModel {
  const hidden = new Set(state.hidden);
  if (!hidden.delete(name)) hidden.add(name);
  return { ...state, hidden };
}

/** Points at bucket `index` (null: none), kept within the chart. */
export function pointAt(state: OverviewModel, index: number | null): OverviewModel {
  const cursor = index === null ? null : clampCursor(index, state.metrics?.labels.length ?? 0);
  return cursor === state.cursor ? state : { ...state, cursor };
}

/** Arrow keys, Home and End on the chart; the first key press starts at the newest bucket. */
export function moveCursor(state: OverviewModel, key: 'previous' | 'next' | 'first' | 'last'): OverviewModel {
  const count = state.metrics?.labels.length ?? 0;
  if (!count) return state;
  const last = count - 1;
  const from = state.cursor;
  const to = key === 'first' ? 0 : key === 'last' || from === null ? last : key === 'previous' ? from - 1 : from + 1;
  return pointAt(state, to);
}

export const toggleTable = (state: OverviewModel): OverviewModel => ({ ...state, tableShown: !state.tableShown });

export const actionStarted = (state: OverviewModel, action: PanelAction): OverviewModel => {
  const { actionError: _cleared, ...rest } = state;
  return { ...rest, running: action };
};

export function actionReplied(state: OverviewModel, action: PanelAction, reply: Reply): OverviewModel {
  const { actionError: _cleared, ...rest } = state;
  return { ...rest, running: null, ...(reply.error ? { actionError: { action, error: reply.error } } : {}) };
}

/** A load that failed before any data came: the reply's error is what the panel shows for it. */
export function loadReplied(state: OverviewModel, target: LoadTarget, reply: Reply): OverviewModel {
  return reply.error && !state.errors[target]
    ? { ...state, errors: { ...state.errors, [target]: reply.error } }
    : state;
}

/** Only for the types PostHog can test-run (posthog-api.md §9.3); site functions and webhook sources cannot. */
export function canTest(fn: FunctionData | null): boolean {
  return fn !== null && testGlobals(fn.type) !== undefined;
}

function clampCursor(cursor: number | null, count: number): number | null {
  if (cursor === null || count === 0) return null;
  return Math.min(Math.max(cursor, 0), count - 1);
}

function sameLevels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l) => b.includes(l));
}
