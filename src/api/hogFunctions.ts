// Hog function endpoints: list, get, create, update, soft delete and restore, invocations, logs and metrics.
import * as l10n from '@vscode/l10n';
import { allPages, type ApiCore, type PageOptions, type RequestOptions } from './core';
import * as z from 'zod/mini';
import {
  hogFunctionPageSchema,
  hogFunctionSchema,
  invocationResultSchema,
  logPageSchema,
  metricsSchema,
  metricsTotalsSchema,
  type HogFunction,
  type HogFunctionMetrics,
  type HogFunctionMetricsTotals,
  type HogFunctionSummary,
  type InvocationResult,
  type LogEntry,
} from './schemas';
import { DEFAULT_FUNCTION_TYPE } from './schemas';
import { lenient, tolerantPage, tolerantRows, type TolerantList, type UnreadableRow } from './tolerant';

export interface HogFunctionListQuery {
  type?: string[];
  enabled?: boolean;
  search?: string;
  createdBy?: number;
  createdAt?: string;
  updatedAt?: string;
  id?: string;
  limit?: number;
  offset?: number;
  /** The full serializer (inputs, inputs_schema, mappings...) instead of the list one. */
  full?: boolean;
}

export interface HogFunctionLogQuery {
  limit?: number;
  after?: string;
  before?: string;
  /** e.g. ['ERROR', 'WARN']. */
  level?: string[];
  search?: string;
  /** One invocation's logs. */
  instanceId?: string;
}

export interface InvocationRequest {
  /** The configuration to run; leave it out with `use_draft`. */
  configuration?: Record<string, unknown>;
  globals: Record<string, unknown>;
  /** Default true on the server: fetch() is simulated and logged instead of sent. */
  mock_async_functions?: boolean;
  /** Newest servers: run the function's staged draft (400 on `use_draft` when there is none). */
  use_draft?: boolean;
  /** Must be a UUID: PostHog's worker refuses anything else ("Invalid invocation ID"). */
  invocation_id?: string;
}

/**
 * PostHog filters `?type=a,b` with SQL `type IN (...)` (posthog-api.md §10.1), so functions whose type is null, which
 * PostHog treats as destinations, are left out of any list asked by type. When destinations are wanted the list is
 * asked without `type` and the rows are filtered here by their type as read (null read as destination); other types
 * are still filtered by the server.
 */
function byType(types: string[] | undefined): { param?: string; keep?: (row: { type: string }) => boolean } {
  if (!types?.length) return {};
  if (!types.includes(DEFAULT_FUNCTION_TYPE)) return { param: types.join(',') };
  return { keep: (row) => types.includes(row.type) };
}

/** A hog function's own path; `new` is allowed for invocations of unsaved code. */
const fnPath = (core: ApiCore, projectId: number, id: string, rest = '') =>
  core.projectPath(projectId, `hog_functions/${encodeURIComponent(id)}/${rest}`);

export async function listHogFunctions(
  core: ApiCore,
  projectId: number,
  query: HogFunctionListQuery = {},
  opts?: PageOptions,
): Promise<{ count?: number; next: string | null; results: HogFunctionSummary[]; unreadable: UnreadableRow[] }> {
  const types = byType(query.type);
  const page = await core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'hog_functions/'),
      query: {
        type: types.param,
        enabled: query.enabled,
        search: query.search,
        created_by: query.createdBy,
        created_at: query.createdAt,
        updated_at: query.updatedAt,
        id: query.id,
        limit: query.limit,
        offset: query.offset,
        full: query.full ? 'true' : undefined,
      },
      operation: l10n.t('list hog functions'),
      endpoint: 'GET hog_functions',
      ...opts,
    },
    hogFunctionPageSchema,
  );
  if (types.keep)
    return { next: page.next ?? null, results: page.results.filter(types.keep), unreadable: page.unreadable };
  return {
    ...(typeof page.count === 'number' ? { count: page.count } : {}),
    next: page.next ?? null,
    results: page.results,
    unreadable: page.unreadable,
  };
}

// Per origin, for the life of the process: whether its server refuses a PATCH whose `base_updated_at` is older than
// the function's `updated_at` (409 stale_update). The newest servers do, and they are the ones that send a function's
// `version`; older self-hosted releases ignore the field. Learnt from every function read or written there (the
// latest answer wins), so one read per host is enough to know, and a server that changed release is seen as it is now.
const checksBase = new Map<string, boolean>();

function learnt(core: ApiCore, fn: HogFunction): HogFunction {
  checksBase.set(core.origin, typeof fn.version === 'number');
  return fn;
}

/** Whether this origin's server refuses a stale `base_updated_at` itself; undefined until a function was read there. */
export function checksBaseUpdatedAt(core: ApiCore): boolean | undefined {
  return checksBase.get(core.origin);
}

export async function getHogFunction(
  core: ApiCore,
  projectId: number,
  id: string,
  opts?: RequestOptions,
): Promise<HogFunction> {
  return learnt(
    core,
    await core.call(
      {
        method: 'GET',
        path: fnPath(core, projectId, id),
        operation: l10n.t('load hog function'),
        endpoint: 'GET hog_functions/:id',
        ...opts,
      },
      hogFunctionSchema,
    ),
  );
}

export async function createHogFunction(
  core: ApiCore,
  projectId: number,
  body: Record<string, unknown>,
  opts?: RequestOptions,
): Promise<HogFunction> {
  return learnt(
    core,
    await core.call(
      {
        method: 'POST',
        path: core.projectPath(projectId, 'hog_functions/'),
        body,
        operation: l10n.t('create hog function'),
        endpoint: 'POST hog_functions',
        ...opts,
      },
      hogFunctionSchema,
    ),
  );
}

/** PATCH: only the fields given change. `base_updated_at` makes PostHog refuse (409) if someone saved in between. */
export async function updateHogFunction(
  core: ApiCore,
  projectId: number,
  id: string,
  patch: Record<string, unknown>,
  opts?: RequestOptions,
): Promise<HogFunction> {
  return learnt(
    core,
    await core.call(
      {
        method: 'PATCH',
        path: fnPath(core, projectId, id),
        body: patch,
        operation: l10n.t('save hog function'),
        endpoint: 'PATCH hog_functions/:id',
        ...opts,
      },
      hogFunctionSchema,
    ),
  );
}

/** PostHog has no hard delete for personal API keys: the function is flagged deleted and can be restored. */
export function deleteHogFunction(core: ApiCore, projectId: number, id: string, opts?: RequestOptions): Promise<void> {
  return core.callVoid({
    method: 'PATCH',
    path: fnPath(core, projectId, id),
    body: { deleted: true },
    operation: l10n.t('delete hog function'),
    endpoint: 'PATCH hog_functions/:id',
    ...opts,
  });
}

export function restoreHogFunction(
  core: ApiCore,
  projectId: number,
  id: string,
  opts?: RequestOptions,
): Promise<HogFunction> {
  return core.call(
    {
      method: 'PATCH',
      path: fnPath(core, projectId, id),
      body: { deleted: false },
      operation: l10n.t('restore hog function'),
      endpoint: 'PATCH hog_functions/:id',
      ...opts,
    },
    hogFunctionSchema,
  );
}

/**
 * Runs the function once on the server with the given configuration and globals. PostHog answers a
 * rejected configuration with the raw DRF dict (`{"configuration": {"inputs": {"url": [...]}}}`);
 * parseErrorBody turns it into a validation error with `attr` `configuration__inputs__url`.
 */
export function invokeHogFunction(
  core: ApiCore,
  projectId: number,
  id: string,
  request: InvocationRequest,
  opts?: RequestOptions,
): Promise<InvocationResult> {
  return core.call(
    {
      method: 'POST',
      path: fnPath(core, projectId, id, 'invocations/'),
      body: request,
      operation: l10n.t('test hog function'),
      endpoint: 'POST hog_functions/:id/invocations',
      ...opts,
    },
    invocationResultSchema,
  );
}

export async function listHogFunctionLogs(
  core: ApiCore,
  projectId: number,
  id: string,
  query: HogFunctionLogQuery = {},
  opts?: PageOptions,
): Promise<{ results: LogEntry[]; unreadable: UnreadableRow[]; next: string | null; count?: number }> {
  const page = await core.call(
    {
      method: 'GET',
      path: fnPath(core, projectId, id, 'logs/'),
      query: {
        limit: query.limit,
        after: query.after,
        before: query.before,
        level: query.level?.length ? query.level.join(',') : undefined,
        search: query.search,
        instance_id: query.instanceId,
      },
      operation: l10n.t('load hog function logs'),
      endpoint: 'GET hog_functions/:id/logs',
      ...opts,
    },
    logPageSchema,
  );
  return {
    results: page.results,
    unreadable: page.unreadable,
    next: page.next ?? null,
    ...(typeof page.count === 'number' ? { count: page.count } : {}),
  };
}

export function getHogFunctionMetrics(
  core: ApiCore,
  projectId: number,
  id: string,
  query: { after?: string; before?: string; interval?: 'hour' | 'day' | 'week'; breakdownBy?: 'kind' | 'name' } = {},
  opts?: RequestOptions,
): Promise<HogFunctionMetrics> {
  return core.call(
    {
      method: 'GET',
      path: fnPath(core, projectId, id, 'metrics/'),
      query: { after: query.after, before: query.before, interval: query.interval, breakdown_by: query.breakdownBy },
      operation: l10n.t('load hog function metrics'),
      endpoint: 'GET hog_functions/:id/metrics',
      ...opts,
    },
    metricsSchema,
  );
}

export function getHogFunctionMetricsTotals(
  core: ApiCore,
  projectId: number,
  id: string,
  query: { after?: string; before?: string; breakdownBy?: 'kind' | 'name'; kind?: string[] } = {},
  opts?: RequestOptions,
): Promise<HogFunctionMetricsTotals> {
  return core.call(
    {
      method: 'GET',
      path: fnPath(core, projectId, id, 'metrics/totals/'),
      query: {
        after: query.after,
        before: query.before,
        breakdown_by: query.breakdownBy,
        kind: query.kind?.length ? query.kind.join(',') : undefined,
      },
      operation: l10n.t('load hog function metrics'),
      endpoint: 'GET hog_functions/:id/metrics/totals',
      ...opts,
    },
    metricsTotalsSchema,
  );
}

const rearrangedSchema = tolerantRows(hogFunctionSchema);

/**
 * Sets the execution order of transformations (or of log transformations: one type per request) in one request, as
 * PostHog's web app does: `orders` maps function ids to their new `execution_order`. Answers every function of that
 * type in their new order (the full serializer, unpaginated); each changed one gets an activity entry.
 */
export function rearrangeHogFunctions(
  core: ApiCore,
  projectId: number,
  orders: Record<string, number>,
  opts?: RequestOptions,
): Promise<TolerantList<HogFunction>> {
  return core.call(
    {
      method: 'PATCH',
      path: core.projectPath(projectId, 'hog_functions/rearrange/'),
      body: { orders },
      operation: l10n.t('reorder transformations'),
      endpoint: 'PATCH hog_functions/rearrange',
      ...opts,
    },
    rearrangedSchema,
  );
}

/** A series of the runs chart with PostHog's kind of its metric: `success` or `failure` (run outcomes), else `other`. */
export interface KindedSeries {
  name: string;
  values: number[];
  kind: 'success' | 'failure' | 'other';
}

// What each metric name is, per client: PostHog's workers record a name with the same kind every time, so once known
// it is not asked again (the chart's refreshes then cost one request).
const kindsByCore = new WeakMap<ApiCore, Map<string, KindedSeries['kind']>>();

/**
 * The runs chart by metric name, each series with PostHog's kind of its metric: a name seen for the first time costs
 * two totals requests over the same window (`kind=success`, `kind=failure`, by name), so the failure rate and the
 * stacking follow PostHog's kinds rather than a list of names (posthog-api.md §10.1). Names of any other kind
 * (triggered, billable_invocation, fetch, email_*...) read as `other`: counters, not runs.
 */
export async function getHogFunctionRunMetrics(
  core: ApiCore,
  projectId: number,
  id: string,
  query: { after: string; before?: string; interval: 'hour' | 'day' | 'week' },
  opts?: RequestOptions,
): Promise<{ labels: string[]; series: KindedSeries[] }> {
  const chart = await getHogFunctionMetrics(core, projectId, id, { ...query, breakdownBy: 'name' }, opts);
  let kinds = kindsByCore.get(core);
  if (!kinds) kindsByCore.set(core, (kinds = new Map()));
  if (chart.series.some((s) => !kinds.has(s.name))) {
    const window = {
      after: query.after,
      ...(query.before ? { before: query.before } : {}),
      breakdownBy: 'name' as const,
    };
    const [success, failure] = await Promise.all(
      ['success', 'failure'].map((kind) =>
        getHogFunctionMetricsTotals(core, projectId, id, { ...window, kind: [kind] }, opts),
      ),
    );
    for (const s of chart.series) {
      kinds.set(
        s.name,
        Object.hasOwn(success!.totals, s.name)
          ? 'success'
          : Object.hasOwn(failure!.totals, s.name)
            ? 'failure'
            : 'other',
      );
    }
  }
  return {
    labels: chart.labels,
    series: chart.series.map((s) => ({ name: s.name, values: s.values, kind: kinds.get(s.name) ?? 'other' })),
  };
}

const fullPageSchema = tolerantPage(hogFunctionSchema, { next: lenient(z.string()) });

/**
 * Every function matching the query with the full serializer (`?full=true`: inputs, schema, mappings...), one
 * request per 100 functions instead of one per function. A row that does not validate is reported, not fatal.
 */
export function listHogFunctionsFull(
  core: ApiCore,
  projectId: number,
  query: { type?: string[] } = {},
  opts?: RequestOptions,
): Promise<TolerantList<HogFunction>> {
  const types = byType(query.type);
  const path = core.projectPath(projectId, 'hog_functions/');
  const params = { type: types.param, full: 'true', limit: 100 };
  // The full serializer carries `version` where the server has it: whether it checks base_updated_at is learnt here
  // too, so a push right after a listing knows the server it is talking to now.
  const learntFirst = (list: TolerantList<HogFunction>) => {
    if (list.results[0]) learnt(core, list.results[0]);
    return list;
  };
  return allPages(
    async (pageUrl) => {
      const page = await core.call(
        {
          method: 'GET',
          path,
          query: params,
          ...(pageUrl ? { pageUrl } : {}),
          operation: l10n.t('load hog functions'),
          endpoint: 'GET hog_functions',
          ...opts,
        },
        fullPageSchema,
      );
      return types.keep ? { ...page, results: page.results.filter(types.keep) } : page;
    },
    { firstUrl: core.urlOf(path, params) },
  ).then(learntFirst);
}
