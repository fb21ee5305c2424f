// The hog function overview panel's message protocol between its host and its webview, validated on both ends.
// Requests from the webview carry an `id` and get exactly one reply of the type `functionOverviewReplies` names (see
// common.ts). The webview only ever sees what PostHog shows about the function, its run counts and its logs: never
// the API key.
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';
import { HEALTH_TONES } from '../hogFunctionHealth';
import { METRIC_RANGE_IDS } from '../hogFunctionMetrics';
import { errorInfoSchema, invalidMessageSchema, requestId, type ReplyTypes } from './common';

export { describeIssues, type ErrorInfo } from './common';

/** PostHog's log levels, as its logs endpoint returns and filters them. */
export const LOG_LEVELS = ['DEBUG', 'LOG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const rangeSchema = z.enum(METRIC_RANGE_IDS);
/** The levels shown; empty means all of them. */
const levelsSchema = z.array(z.enum(LOG_LEVELS));

/** What the panel shows about the function: the fields it needs, each as PostHog may leave it out. */
export const functionDataSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  type: z.string(),
  enabled: z.boolean(),
  description: z.nullable(z.string()),
  /** `status.state`: 0 unknown, 1 healthy, 2 degraded, 3 disabled by PostHog, 11/12 forced by PostHog staff. */
  state: z.nullable(z.number()),
  /** The enabled flag and the state in words (src/shared/hogFunctionHealth.ts), as the header shows them. */
  health: z.object({
    label: z.string(),
    tone: z.enum(HEALTH_TONES),
    meaning: z.string(),
    advice: z.string(),
  }),
  template: z.nullable(z.string()),
  /** Who created it: a name or an email. */
  createdBy: z.nullable(z.string()),
  createdAt: z.nullable(z.string()),
  updatedAt: z.nullable(z.string()),
});
export type FunctionData = z.infer<typeof functionDataSchema>;

export const metricsDataSchema = z.object({
  range: rangeSchema,
  /** The start of each bucket in the project's timezone, as PostHog labels them. */
  labels: z.array(z.string()),
  /** By metric name; every series as long as `labels`. `kind`: PostHog's kind of the metric, when the host asked. */
  series: z.array(
    z.object({ name: z.string(), values: z.array(z.number()), kind: z.optional(z.nullable(z.string())) }),
  ),
  /** When the host received them (ISO). */
  loadedAt: z.string(),
});
export type MetricsData = z.infer<typeof metricsDataSchema>;

export const logEntrySchema = z.object({ timestamp: z.string(), level: z.string(), message: z.string() });
export type LogEntryData = z.infer<typeof logEntrySchema>;

export const logsDataSchema = z.object({
  levels: levelsSchema,
  /** Newest first, as PostHog returns them. */
  entries: z.array(logEntrySchema),
  loadedAt: z.string(),
});
export type LogsData = z.infer<typeof logsDataSchema>;

/** The commands the panel's buttons run, on this function. */
export const PANEL_ACTIONS = ['openSource', 'test', 'toggle', 'showLogs', 'debugRun'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

// ---- webview -> host ----

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Re-read the function, the chart's metrics and the logs (first open, Retry, Refresh). */
  z.object({ type: z.literal('refresh'), id: requestId }),
  /** Show another time range; live refreshes follow it. */
  z.object({ type: z.literal('loadMetrics'), id: requestId, range: rangeSchema }),
  /** Show other log levels; live refreshes follow them. */
  z.object({ type: z.literal('loadLogs'), id: requestId, levels: levelsSchema }),
  /** `showLogs` opens the logs view with `levels`; `debugRun` debugs the function on the event a log entry names. */
  z.object({
    type: z.literal('action'),
    id: requestId,
    action: z.enum(PANEL_ACTIONS),
    levels: z.optional(levelsSchema),
    eventId: z.optional(z.string().check(z.regex(/^[0-9a-fA-F-]{36}$/))),
  }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('showLog') }),
  invalidMessageSchema,
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type WebviewRequest = Extract<WebviewMessage, { id: number }>;

// ---- host -> webview ----

export const loadTargetSchema = z.enum(['function', 'metrics', 'logs']);
export type LoadTarget = z.infer<typeof loadTargetSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  /** First message after `ready`: whatever the host already knows, so the panel paints without a request. */
  z.object({
    type: z.literal('init'),
    projectId: z.number(),
    functionId: z.string(),
    function: z.nullable(functionDataSchema),
    range: rangeSchema,
    levels: levelsSchema,
    metrics: z.nullable(metricsDataSchema),
    logs: z.nullable(logsDataSchema),
    /** False when the data above came from the tree or an earlier load: the webview asks for a refresh. */
    fresh: z.boolean(),
    /** How often the panel refreshes itself while it is visible. */
    liveSeconds: z.number(),
  }),
  z.object({ type: z.literal('function'), function: functionDataSchema }),
  z.object({ type: z.literal('metrics'), metrics: metricsDataSchema }),
  z.object({ type: z.literal('logs'), logs: logsDataSchema }),
  z.object({ type: z.literal('loadError'), target: loadTargetSchema, error: errorInfoSchema }),
  /** The one reply type: it carries its request's id, and `error` when the request failed. */
  z.object({ type: z.literal('reply'), id: requestId, error: z.optional(errorInfoSchema) }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Which message answers each request: the data itself arrives as notifications, so live refreshes reuse them. */
export const functionOverviewReplies = {
  refresh: 'reply',
  loadMetrics: 'reply',
  loadLogs: 'reply',
  action: 'reply',
} as const satisfies ReplyTypes<WebviewMessage, HostMessage>;
export type FunctionOverviewReplies = typeof functionOverviewReplies;

/** What the webview keeps with setState and the serializer gets back after a reload. */
export const overviewStateSchema = z.object({
  projectId: z.number(),
  functionId: z.string(),
  name: z.optional(z.nullable(z.string())),
  range: rangeSchema,
  levels: levelsSchema,
});
export type OverviewState = z.infer<typeof overviewStateSchema>;
