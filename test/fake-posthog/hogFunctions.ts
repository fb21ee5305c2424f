// Hog functions (§3.1–3.5): list, retrieve, create, partial update with soft delete, activity entries; versions,
// drafts and revisions live in revisions.ts.
import { checkSave } from './hogFunctionRules';
import {
  ConfigError,
  ORDERED_TYPES,
  SITE_TYPES,
  type ValidConfig,
  effectiveType,
  placeholderBytecode,
  validateConfig,
} from './hogFunctionConfig';
import {
  type FakeResponse,
  type RequestContext,
  type Route,
  limitOffsetPage,
  notFound,
  ok,
  readBody,
  validationError,
} from './http';
import { checkUpdate, newestFields, recordRevision, routesToDraft, stageDraft } from './revisions';
import { writeActivity } from './store';
import type { ActivityChange, FakeHogFunction, FakeState, HogFunctionType, Json } from './types';
import { isPlainObject, jsonContains, jsonEqual, newUuid, nowIso } from './util';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function userBasic(state: FakeState): Record<string, Json> {
  const u = state.user;
  return {
    id: u.id,
    uuid: u.uuid,
    distinct_id: u.distinct_id,
    first_name: u.first_name,
    last_name: u.last_name,
    email: u.email,
    is_email_verified: true,
    hedgehog_config: null,
    role_at_organization: 'engineering',
  };
}

/** Secrets never leave the server: each stored secret input is shown as `{"secret": true}`. */
function publicInputs(fn: FakeHogFunction): Record<string, Json> {
  const out: Record<string, Json> = { ...fn.inputs };
  for (const key of Object.keys(fn.encrypted_inputs)) out[key] = { secret: true };
  return out;
}

const publicStatus = (fn: FakeHogFunction): Json =>
  !fn.enabled ? { state: 0, tokens: 0 } : fn.status ? { ...fn.status } : null;

/** The author as UserBasic, or null for functions whose author was deleted (or that the system created). */
const createdBy = (state: FakeState, fn: FakeHogFunction): Json =>
  fn.created_by_id === null ? null : userBasic(state);

function minimal(state: FakeState, fn: FakeHogFunction): Record<string, Json> {
  return {
    id: fn.id,
    type: fn.type,
    name: fn.name,
    description: fn.description,
    created_at: fn.created_at,
    created_by: createdBy(state, fn),
    updated_at: fn.updated_at,
    enabled: fn.enabled,
    hog: fn.hog,
    filters: fn.filters,
    icon_url: fn.icon_url,
    template: fn.template as unknown as Json,
    status: publicStatus(fn),
    execution_order: fn.execution_order,
    ...newestFields(state, fn, false),
  };
}

export function serializeHogFunction(state: FakeState, fn: FakeHogFunction): Record<string, Json> {
  const site = SITE_TYPES.has(effectiveType(fn.type));
  return {
    id: fn.id,
    type: fn.type,
    name: fn.name,
    description: fn.description,
    created_at: fn.created_at,
    created_by: createdBy(state, fn),
    updated_at: fn.updated_at,
    enabled: fn.enabled,
    hog: fn.hog,
    bytecode: site ? null : placeholderBytecode(),
    transpiled: site ? `(function() { /* transpiled ${fn.type} */ })` : null,
    inputs_schema: fn.inputs_schema,
    inputs: publicInputs(fn),
    filters: fn.filters,
    icon_url: fn.icon_url,
    template: fn.template as unknown as Json,
    masking: fn.masking,
    mappings: fn.mappings,
    status: publicStatus(fn),
    execution_order: fn.execution_order,
    batch_export_id: fn.batch_export_id,
    ...newestFields(state, fn, true),
  };
}

function orderKey(fn: FakeHogFunction): number {
  return fn.execution_order ?? Number.POSITIVE_INFINITY;
}

function visible(ctx: RequestContext): FakeHogFunction[] {
  return ctx.state.hogFunctions.filter(
    (f) => f.project_id === ctx.project.id && !f.deleted && f.type !== 'warehouse_source_webhook',
  );
}

function parseJsonParam(ctx: RequestContext, name: string, expect: 'object' | 'array'): unknown {
  const raw = ctx.query.get(name);
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      expect === 'array'
        ? Array.isArray(parsed)
        : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    )
      return parsed;
  } catch {
    /* reported below */
  }
  throw validationError(name, 'Invalid filters');
}

function list(ctx: RequestContext): FakeResponse {
  const q = ctx.query;
  let fns = visible(ctx);
  const types = q.get('type');
  // django-filter's `type__in`: SQL `type IN (...)`, so rows whose type is null (destinations to PostHog) never match.
  if (types)
    fns = fns.filter(
      (f) =>
        f.type !== null &&
        types
          .split(',')
          .map((t) => t.trim())
          .includes(f.type),
    );
  const enabled = q.get('enabled');
  if (enabled === 'true' || enabled === 'false') fns = fns.filter((f) => f.enabled === (enabled === 'true'));
  for (const field of ['id', 'created_at', 'updated_at'] as const) {
    const value = q.get(field);
    if (value !== null) fns = fns.filter((f) => f[field] === value);
  }
  const createdBy = q.get('created_by');
  if (createdBy !== null) fns = fns.filter((f) => String(f.created_by_id) === createdBy);
  const filters = parseJsonParam(ctx, 'filters', 'object');
  const filterGroups = parseJsonParam(ctx, 'filter_groups', 'array') as unknown[] | undefined;
  const wanted = [...(filters ? [filters] : []), ...(filterGroups ?? [])];
  if (wanted.length) fns = fns.filter((f) => wanted.some((w) => jsonContains(f.filters, w)));

  const search = (q.get('search') ?? '').trim();
  if (search.length > 200) throw validationError('search', 'Search query must be 200 characters or fewer.');
  const full = q.get('full') === 'true';
  if (search) {
    // Substring matches are PostHog's "exact" tier; they hide trigram-only ("similar") matches, which the local PostHog does not compute.
    const needle = search.toLowerCase();
    const score = (f: FakeHogFunction) =>
      ((f.name ?? '').toLowerCase().includes(needle) ? 2 : 0) + (f.description.toLowerCase().includes(needle) ? 1 : 0);
    const found = fns
      .filter((f) => score(f) > 0)
      .sort((a, b) => score(b) - score(a) || (a.name ?? '').localeCompare(b.name ?? ''));
    const page = limitOffsetPage(ctx, found, 100);
    return ok({
      ...page,
      results: page.results.map((f) => ({
        ...(full ? serializeHogFunction(ctx.state, f) : minimal(ctx.state, f)),
        search_match_type: 'exact',
      })),
    });
  }
  fns.sort(
    (a, b) => orderKey(a) - orderKey(b) || (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0),
  );
  const page = limitOffsetPage(ctx, fns, 100);
  return ok({
    ...page,
    results: page.results.map((f) => (full ? serializeHogFunction(ctx.state, f) : minimal(ctx.state, f))),
  });
}

export function findFunction(ctx: RequestContext, id: string, includeDeleted = false): FakeHogFunction {
  const fn = UUID_RE.test(id)
    ? ctx.state.hogFunctions.find(
        (f) =>
          f.id === id &&
          f.project_id === ctx.project.id &&
          f.type !== 'warehouse_source_webhook' &&
          (includeDeleted || !f.deleted),
      )
    : undefined;
  // get_object_or_404 raises Django's Http404, which drf-exceptions-hog answers with DRF's default "Not found.".
  if (!fn) throw notFound();
  return fn;
}

function retrieve(ctx: RequestContext, [id]: string[]): FakeResponse {
  return ok(serializeHogFunction(ctx.state, findFunction(ctx, id ?? '')));
}

const asStandardError = (error: unknown): unknown =>
  error instanceof ConfigError ? validationError(error.attr, error.message, error.code) : error;

function nextExecutionOrder(state: FakeState, projectId: number, type: string): number {
  const orders = state.hogFunctions
    .filter((f) => f.project_id === projectId && f.type === type && !f.deleted && f.execution_order !== null)
    .map((f) => f.execution_order as number);
  return orders.length ? Math.max(...orders) + 1 : 1;
}

/** PostHog's `humanize_hog_function_type`: `source_webhook` reads "source", underscores become spaces. */
/** The type as activity entries name it; a row without a type is a destination, as PostHog treats it. */
export function humanizeType(stored: HogFunctionType | null): string {
  const type = effectiveType(stored);
  return type === 'source_webhook' ? 'source' : type.replace(/_/g, ' ');
}

function create(ctx: RequestContext): FakeResponse {
  const body = readBody(ctx);
  let config: ValidConfig;
  try {
    config = validateConfig(body, undefined, ctx.state.templates, [], (type, enabled) =>
      checkSave(ctx.state, ctx.project.id, type, { enabled, deleted: false }),
    );
  } catch (error) {
    throw asStandardError(error);
  }
  const now = nowIso();
  const fn: FakeHogFunction = {
    id: newUuid(),
    project_id: ctx.project.id,
    created_at: now,
    created_by_id: ctx.state.user.id,
    updated_at: now,
    deleted: false,
    ...config,
    execution_order:
      config.execution_order ??
      (ORDERED_TYPES.has(effectiveType(config.type))
        ? nextExecutionOrder(ctx.state, ctx.project.id, effectiveType(config.type))
        : null),
    status: { state: 1, tokens: 10000 },
    batch_export_id: null,
    version: 1,
  };
  ctx.state.hogFunctions.push(fn);
  writeActivity(ctx.state, {
    project_id: ctx.project.id,
    scope: 'HogFunction',
    item_id: fn.id,
    activity: 'created',
    user_id: ctx.state.user.id,
    created_at: now,
    detail: { name: fn.name, type: humanizeType(fn.type), changes: null },
  });
  return ok(serializeHogFunction(ctx.state, fn), 201);
}

const LOGGED_FIELDS = [
  'name',
  'description',
  'enabled',
  'deleted',
  'hog',
  'inputs_schema',
  'inputs',
  'encrypted_inputs',
  'filters',
  'masking',
  'mappings',
  'execution_order',
] as const;
type LoggedField = (typeof LOGGED_FIELDS)[number];

function changesBetween(before: FakeHogFunction, after: FakeHogFunction): ActivityChange[] {
  return LOGGED_FIELDS.filter((f) => !jsonEqual(before[f], after[f])).map((f: LoggedField) => {
    if (f === 'encrypted_inputs')
      return { type: 'HogFunction', action: 'changed', field: f, before: 'masked', after: 'masked' };
    return {
      type: 'HogFunction',
      action: 'changed',
      field: f === 'execution_order' ? 'priority' : f,
      before: before[f] as unknown as Json,
      after: after[f] as unknown as Json,
    };
  });
}

function update(ctx: RequestContext, [id]: string[]): FakeResponse {
  const body = readBody(ctx);
  // Only an undelete (`deleted: false`) may see a soft-deleted row.
  const fn = findFunction(ctx, id ?? '', body.deleted === false);
  let config: ValidConfig;
  try {
    const deleting = 'deleted' in body ? body.deleted === true || body.deleted === 'true' : fn.deleted;
    config = validateConfig(body, fn, [], [], (type, enabled) =>
      checkSave(ctx.state, ctx.project.id, type, { enabled, deleted: deleting }, fn),
    );
  } catch (error) {
    throw asStandardError(error);
  }
  const toDraft = routesToDraft(ctx, fn, body);
  checkUpdate(ctx, fn, body, 'enabled' in body && config.enabled, toDraft);
  if (toDraft) {
    stageDraft(ctx, fn, body, config);
    const metadata = (['name', 'description', 'enabled', 'execution_order', 'icon_url'] as const).filter(
      (f) => f in body,
    );
    for (const field of metadata) Object.assign(fn, { [field]: config[field] });
    if (metadata.length) fn.updated_at = nowIso();
    return ok(serializeHogFunction(ctx.state, fn));
  }
  const before = structuredClone(fn);
  const deleted = 'deleted' in body ? body.deleted === true || body.deleted === 'true' : fn.deleted;
  Object.assign(fn, config, { deleted });
  const revived = (config.enabled && !before.enabled) || (!deleted && before.deleted);
  const type = effectiveType(fn.type);
  if (ORDERED_TYPES.has(type) && revived && !('execution_order' in body)) {
    fn.execution_order = nextExecutionOrder(ctx.state, fn.project_id, type);
  }
  if (config.enabled && !before.enabled && fn.status?.state === 3) fn.status = { ...fn.status, state: 2 };
  recordRevision(ctx.state, before, fn, ctx.state.user.id);
  fn.updated_at = nowIso();
  const changes = changesBetween(before, fn);
  if (changes.length) {
    writeActivity(ctx.state, {
      project_id: fn.project_id,
      scope: 'HogFunction',
      item_id: fn.id,
      activity: 'updated',
      user_id: ctx.state.user.id,
      created_at: fn.updated_at,
      detail: { name: fn.name, type: humanizeType(type), changes },
    });
  }
  return ok(serializeHogFunction(ctx.state, fn));
}

/**
 * `PATCH hog_functions/rearrange/` (§3.9): sets the execution order of transformations in one request, as PostHog's
 * web app does when they are dragged. Answers every non-deleted function of that type, in order, unpaginated.
 */
function rearrange(ctx: RequestContext): FakeResponse {
  const body = readBody(ctx);
  const orders = isPlainObject(body.orders) ? body.orders : {};
  const ids = Object.keys(orders);
  if (!ids.length) throw validationError(null, 'No orders provided');
  const found = new Map(
    ctx.state.hogFunctions
      .filter(
        (f) =>
          ids.includes(f.id) &&
          f.project_id === ctx.project.id &&
          !f.deleted &&
          ORDERED_TYPES.has(effectiveType(f.type)),
      )
      .map((f) => [f.id, f]),
  );
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw validationError(null, `HogFunction with id ${missing} does not exist`);
  const types = new Set([...found.values()].map((f) => effectiveType(f.type)));
  if (types.size > 1) throw validationError(null, 'Cannot rearrange functions of different types in one request');
  const now = nowIso();
  for (const [id, fn] of found) {
    const order = orders[id];
    if (typeof order !== 'number' || !Number.isInteger(order))
      throw validationError(`orders__${id}`, 'A valid integer is required.');
    if (fn.execution_order === order) continue;
    const before = fn.execution_order;
    fn.execution_order = order;
    fn.updated_at = now;
    writeActivity(ctx.state, {
      project_id: fn.project_id,
      scope: 'HogFunction',
      item_id: fn.id,
      activity: 'updated',
      user_id: ctx.state.user.id,
      created_at: now,
      // PostHog logs this change with before/after as strings.
      detail: {
        name: fn.name,
        type: humanizeType(fn.type),
        changes: [
          { type: 'HogFunction', action: 'changed', field: 'priority', before: String(before), after: String(order) },
        ],
      },
    });
  }
  const [type] = types;
  const all = visible(ctx)
    .filter((f) => effectiveType(f.type) === type)
    .sort((a, b) => orderKey(a) - orderKey(b));
  return ok(all.map((f) => serializeHogFunction(ctx.state, f)));
}

const both: Route['prefixes'] = ['projects', 'environments'];
const read = ['hog_function:read'];
const write = ['hog_function:write'];
const ID = '([^/]+)';

export const hogFunctionRoutes: Route[] = [
  { method: 'GET', pattern: /^hog_functions$/, scopes: read, auth: 'bearer-401', prefixes: both, handle: list },
  { method: 'POST', pattern: /^hog_functions$/, scopes: write, auth: 'bearer-401', prefixes: both, handle: create },
  // Before the `:id` routes: `rearrange` would otherwise read as an id.
  {
    method: 'PATCH',
    pattern: /^hog_functions\/rearrange$/,
    scopes: write,
    auth: 'bearer-401',
    prefixes: both,
    handle: rearrange,
  },
  { method: 'GET', pattern: /^hog_functions\/icons$/, scopes: null, auth: 'bearer-401', prefixes: both },
  { method: 'GET', pattern: /^hog_functions\/icon$/, scopes: null, auth: 'bearer-401', prefixes: both },
  {
    method: 'GET',
    pattern: new RegExp(`^hog_functions/${ID}$`),
    scopes: read,
    auth: 'bearer-401',
    prefixes: both,
    handle: retrieve,
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^hog_functions/${ID}$`),
    scopes: write,
    auth: 'bearer-401',
    prefixes: both,
    handle: update,
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^hog_functions/${ID}$`),
    scopes: write,
    auth: 'bearer-401',
    prefixes: both,
    handle: update,
  },
  // `destroy` is missing from the viewset's write list, so personal API keys are refused (§3.5).
  { method: 'DELETE', pattern: new RegExp(`^hog_functions/${ID}$`), scopes: null, auth: 'bearer-401', prefixes: both },
  {
    method: 'POST',
    pattern: new RegExp(`^hog_functions/${ID}/enable_backfills$`),
    scopes: null,
    auth: 'bearer-401',
    prefixes: both,
  },
];
