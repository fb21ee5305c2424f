// Groups (§2.1–2.8), including the quirks PostHog's server has and its docs do not mention.
import {
  type FakeResponse,
  type RequestContext,
  type Route,
  limitOffsetPage,
  notFound,
  ok,
  parseIntStrict,
  readBody,
  unhandled,
  validationError,
} from './http';
import { related } from './groupsRelated';
import {
  findGroup,
  groupChange,
  insertGroup,
  recordGroupCreated,
  upsertPropertyDefinition,
  writeActivity,
} from './store';
import type { FakeActivity, FakeGroup, FakeState, Json, JsonObject } from './types';
import { clone, isPlainObject, isoFromMicros, nowIso, pythonJson } from './util';

const PAGE_SIZE = 100;
const GROUP_KEY_MAX = 400;

export function serializeGroup(g: FakeGroup): Record<string, Json> {
  return {
    group_type_index: g.group_type_index,
    group_key: g.group_key,
    group_properties: g.group_properties,
    created_at: isoFromMicros(g.created_at_us),
  };
}

/** Python's json.dumps escapes non-ASCII, and the cursor is base64 of that text. */
function asciiJson(value: Json): string {
  return pythonJson(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeCursor(g: FakeGroup): string {
  return Buffer.from(asciiJson({ c: g.created_at_us, k: g.group_key }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** Undecodable and old-format (`{"c", "i"}`) cursors are silently ignored: the first page comes back. */
function decodeCursor(cursor: string | null): { c: number; k: string } | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(cursor.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
    );
    if (!isPlainObject(parsed) || typeof parsed.c !== 'number' || typeof parsed.k !== 'string') return null;
    return { c: parsed.c < 1e15 ? parsed.c * 1000 : parsed.c, k: parsed.k };
  } catch {
    return null;
  }
}

const byNewest = (a: FakeGroup, b: FakeGroup): number =>
  b.created_at_us - a.created_at_us || (a.group_key < b.group_key ? 1 : a.group_key > b.group_key ? -1 : 0);

/**
 * The groups list and property values read ClickHouse, which PostHog fills from its write path a little later: with
 * `groupListLagMs` set, a group is listed as it was that long ago (not at all if it was created since). Find and the
 * writes' own answers read Postgres and are current (posthog-api.md §9.1).
 */
function listedProperties(state: FakeState, g: FakeGroup, now: number): { properties: JsonObject | null } | undefined {
  if (!g.listed?.length || state.settings.groupListLagMs <= 0) return { properties: g.group_properties };
  const seen = g.listed.filter((entry) => entry.at <= now - state.settings.groupListLagMs).at(-1);
  return seen ? { properties: seen.properties } : undefined;
}

/** Records a write for the lagging list: the state before it (once, as of always) and after it, with the time. */
function noteWrite(state: FakeState, g: FakeGroup, before: JsonObject | null | undefined, write: () => void): void {
  if (state.settings.groupListLagMs <= 0) {
    write();
    return;
  }
  if (!g.listed) g.listed = before === undefined ? [] : [{ at: 0, properties: clone(before) }];
  write();
  g.listed.push({ at: Date.now(), properties: clone(g.group_properties) });
}

function listGroups(ctx: RequestContext): FakeResponse {
  const rawIndex = ctx.query.get('group_type_index');
  if (rawIndex === null || rawIndex === '') {
    throw validationError(
      'group_type_index',
      'You must pass ?group_type_index= in this URL. To get a list of valid group types, call /api/:project_id/groups_types/.',
    );
  }
  const index = parseIntStrict(rawIndex);
  if (index === null) throw validationError('group_type_index', 'A valid integer is required.');
  const search = ctx.query.get('search');
  const keyFilter = ctx.query.get('group_key');
  const cursor = decodeCursor(ctx.query.get('cursor'));

  const now = Date.now();
  const matching = ctx.state.groups
    .filter((g) => g.project_id === ctx.project.id && g.group_type_index === index)
    .flatMap((g) => {
      const view = listedProperties(ctx.state, g, now);
      return view ? [{ ...g, group_properties: view.properties }] : [];
    })
    .filter(
      (g) =>
        !search ||
        g.group_key.toLowerCase() === search.toLowerCase() ||
        pythonJson(g.group_properties).toLowerCase().includes(search.toLowerCase()),
    )
    .filter((g) => !keyFilter || g.group_key.toLowerCase().includes(keyFilter.toLowerCase()))
    .filter((g) => !cursor || g.created_at_us < cursor.c || (g.created_at_us === cursor.c && g.group_key < cursor.k))
    .sort(byNewest);
  const page = matching.slice(0, PAGE_SIZE);
  let next: string | null = null;
  const last = page[page.length - 1];
  if (matching.length > PAGE_SIZE && last) {
    const params = new URLSearchParams({ group_type_index: rawIndex, cursor: encodeCursor(last) });
    if (search) params.set('search', search);
    if (keyFilter) params.set('group_key', keyFilter);
    next = `${ctx.url.origin}${ctx.url.pathname}?${params.toString()}`;
  }
  return ok({ next, previous: null, results: page.map(serializeGroup) });
}

type FieldCheck = { attr: string; value: unknown; present: boolean };

function requiredField({ attr, value, present }: FieldCheck): void {
  if (!present) throw validationError(attr, 'This field is required.', 'required');
  if (value === null) throw validationError(attr, 'This field may not be null.', 'null');
}

function createGroup(ctx: RequestContext): FakeResponse {
  const body = readBody(ctx);
  requiredField({ attr: 'group_type_index', value: body.group_type_index, present: 'group_type_index' in body });
  const index = parseIntStrict(body.group_type_index);
  if (index === null) throw validationError('group_type_index', 'A valid integer is required.');
  requiredField({ attr: 'group_key', value: body.group_key, present: 'group_key' in body });
  if (typeof body.group_key !== 'string' && typeof body.group_key !== 'number')
    throw validationError('group_key', 'Not a valid string.');
  const groupKey = String(body.group_key);
  if (groupKey === '') throw validationError('group_key', 'This field may not be blank.', 'blank');
  if (groupKey.length > GROUP_KEY_MAX)
    throw validationError('group_key', `Ensure this field has no more than ${GROUP_KEY_MAX} characters.`, 'max_length');
  const rawProps = body.group_properties;
  if (rawProps !== undefined && rawProps !== null && !isPlainObject(rawProps)) {
    throw validationError(
      'group_properties',
      `Expected a dictionary of items but got type "${Array.isArray(rawProps) ? 'list' : typeof rawProps}".`,
      'not_a_dict',
    );
  }
  if (findGroup(ctx.state, ctx.project.id, index, groupKey))
    throw validationError('detail', 'A group with this key already exists');

  const nowMs = Date.now();
  const group = insertGroup(
    ctx.state,
    {
      projectId: ctx.project.id,
      groupTypeIndex: index,
      groupKey,
      properties: rawProps ?? {},
      createdAtUs: nowMs * 1000,
      userId: ctx.state.user.id,
      createdAtIso: nowIso(),
    },
    { sideEffects: false },
  );
  noteWrite(ctx.state, group, undefined, () => undefined);
  // PostHog writes the row before looking up the type mapping for $groupidentify, so a missing
  // mapping answers 404 although the group now exists.
  if (!ctx.state.groupTypes.some((t) => t.project_id === ctx.project.id && t.group_type_index === index))
    throw notFound();
  recordGroupCreated(ctx.state, group, ctx.state.user.id, nowIso());
  return ok(serializeGroup(group), 201);
}

function requiredQuery(ctx: RequestContext, name: string): string {
  const value = ctx.query.get(name);
  if (value === null || value === '') throw validationError(name, 'This query parameter is required.');
  return value;
}

/** Views that call `int()` on the query parameter without validating it: a bad value is a 500. */
function queryIntOr500(value: string): number {
  const parsed = parseIntStrict(value);
  if (parsed === null) throw unhandled();
  return parsed;
}

function groupFromQuery(ctx: RequestContext): FakeGroup {
  const index = queryIntOr500(requiredQuery(ctx, 'group_type_index'));
  const key = requiredQuery(ctx, 'group_key');
  const group = findGroup(ctx.state, ctx.project.id, index, key);
  if (!group) throw notFound();
  return group;
}

function find(ctx: RequestContext): FakeResponse {
  return ok({ ...serializeGroup(groupFromQuery(ctx)), notebook: null });
}

function updateProperty(ctx: RequestContext): FakeResponse {
  // The view looks the group up first: a missing group answers 404 whatever the body says.
  const group = groupFromQuery(ctx);
  const body = readBody(ctx);
  if (typeof body.key !== 'string' || body.key === '') throw validationError('key', 'This field is required.');
  // `request.data.get("value") is None`: absent and null read alike.
  if (!('value' in body) || body.value === null) throw validationError('value', 'This field is required.');
  const key = body.key;
  const value = body.value as Json;
  // An old row stored without properties gets its first one (the write saves a dict either way).
  const properties = (group.group_properties ??= {});
  const existed = Object.prototype.hasOwnProperty.call(properties, key);
  const before = existed ? properties[key] : null;
  // Like a Python dict: `__proto__` is a key like any other.
  noteWrite(ctx.state, group, clone(properties), () =>
    Object.defineProperty(properties, key, { value, enumerable: true, writable: true, configurable: true }),
  );
  upsertPropertyDefinition(ctx.state, group.project_id, group.group_type_index, key, value);
  writeActivity(ctx.state, {
    project_id: group.project_id,
    scope: 'Group',
    item_id: String(group.pk),
    user_id: ctx.state.user.id,
    created_at: nowIso(),
    activity: existed ? 'update_property' : 'create_property',
    detail: { name: key, changes: [groupChange(existed ? 'changed' : 'created', before, value)] },
  });
  return ok(serializeGroup(group));
}

function deleteProperty(ctx: RequestContext): FakeResponse {
  requiredQuery(ctx, 'group_type_index');
  requiredQuery(ctx, 'group_key');
  const body = readBody(ctx);
  const name = body.$unset;
  if (typeof name !== 'string')
    throw validationError('$unset', 'This field is required and must be a string (the property name to delete).');
  const group = groupFromQuery(ctx);
  const properties = group.group_properties ?? {};
  if (!Object.prototype.hasOwnProperty.call(properties, name)) {
    throw validationError('$unset', `Property '${name}' does not exist on this group.`);
  }
  const before = properties[name];
  noteWrite(ctx.state, group, clone(properties), () => {
    delete properties[name];
  });
  // PostHog records a deletion as activity `update_property` with change action `deleted`.
  writeActivity(ctx.state, {
    project_id: group.project_id,
    scope: 'Group',
    item_id: String(group.pk),
    user_id: ctx.state.user.id,
    created_at: nowIso(),
    activity: 'update_property',
    detail: { name, changes: [groupChange('deleted', before, null)] },
  });
  return ok(serializeGroup(group));
}

export function serializeActivity(state: FakeState, a: FakeActivity): Record<string, Json> {
  const user: Json =
    a.user_id === null
      ? { first_name: 'System', email: null, is_system: true }
      : { first_name: state.user.first_name, email: state.user.email };
  const changes =
    a.detail.changes?.map((c) => ({
      type: c.type,
      action: c.action,
      field: c.field,
      before: c.before ?? null,
      after: c.after ?? null,
    })) ?? null;
  return {
    id: a.id,
    user,
    activity: a.activity,
    scope: a.scope,
    item_id: a.item_id,
    detail: {
      changes,
      trigger: a.detail.trigger,
      name: a.detail.name,
      short_id: a.detail.short_id,
      type: a.detail.type,
    },
    created_at: a.created_at,
  };
}

export const newestActivityFirst = (a: FakeActivity, b: FakeActivity): number =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.seq - a.seq;

/** PostHog rewrites (or appends) `page=` and `limit=` on the full request URL. */
function withPageParams(ctx: RequestContext, page: number, limit: number): string {
  let query = ctx.rawQuery;
  for (const [name, value] of [
    ['page', page],
    ['limit', limit],
  ] as const) {
    const pattern = new RegExp(`(^|&)${name}=[^&]*`);
    query = pattern.test(query)
      ? query.replace(pattern, `$1${name}=${value}`)
      : `${query}${query ? '&' : ''}${name}=${value}`;
  }
  return `${ctx.url.origin}${ctx.url.pathname}?${query}`;
}

function activity(ctx: RequestContext): FakeResponse {
  const page = queryIntOr500(ctx.query.get('page') ?? '1');
  const limit = queryIntOr500(ctx.query.get('limit') ?? '10');
  const group = groupFromQuery(ctx);
  const entries = ctx.state.activity
    .filter((a) => a.project_id === ctx.project.id && a.scope === 'Group' && a.item_id === String(group.pk))
    .sort(newestActivityFirst);
  const pages = Math.max(1, Math.ceil(entries.length / limit));
  // Django's Paginator raises EmptyPage past the last page (and below 1), which PostHog does not catch.
  if (limit < 1 || page < 1 || page > pages) throw unhandled();
  return ok({
    results: entries.slice((page - 1) * limit, page * limit).map((a) => serializeActivity(ctx.state, a)),
    next: page < pages ? withPageParams(ctx, page + 1, limit) : null,
    previous: page > 1 ? withPageParams(ctx, page - 1, limit) : null,
    total_count: entries.length,
  });
}

/** ClickHouse returns property values as strings; strings come back unquoted, everything else as JSON text. */
const valueAsString = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));

function propertyValues(ctx: RequestContext): FakeResponse {
  const index = queryIntOr500(requiredQuery(ctx, 'group_type_index'));
  const key = requiredQuery(ctx, 'key');
  const needle = ctx.query.get('value')?.toLowerCase() ?? '';
  const counts = new Map<string, number>();
  const now = Date.now();
  for (const g of ctx.state.groups) {
    if (g.project_id !== ctx.project.id || g.group_type_index !== index) continue;
    const v = listedProperties(ctx.state, g, now)?.properties?.[key];
    if (v === undefined || v === null) continue;
    const text = valueAsString(v);
    if (needle && !text.toLowerCase().includes(needle)) continue;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const results = [...counts.entries()]
    .sort(([av, ac], [bv, bc]) => bc - ac || (av < bv ? -1 : av > bv ? 1 : 0))
    .slice(0, 20)
    .map(([name, count]) => ({ name, count }));
  return ok({ results, refreshing: false });
}

function serializeGroupType(t: FakeState['groupTypes'][number]): Record<string, Json> {
  return {
    group_type: t.group_type,
    group_type_index: t.group_type_index,
    name_singular: t.name_singular,
    name_plural: t.name_plural,
    detail_dashboard: t.detail_dashboard,
    default_columns: t.default_columns,
    created_at: t.created_at,
  };
}

function listGroupTypes(ctx: RequestContext): FakeResponse {
  const types = ctx.state.groupTypes
    .filter((t) => t.project_id === ctx.project.id)
    .sort((a, b) => a.group_type_index - b.group_type_index);
  return ok(types.map(serializeGroupType));
}

function deleteGroupType(ctx: RequestContext, [index]: string[]): FakeResponse {
  const i = ctx.state.groupTypes.findIndex(
    (t) => t.project_id === ctx.project.id && String(t.group_type_index) === index,
  );
  if (i < 0) throw notFound('Group type not found');
  ctx.state.groupTypes.splice(i, 1);
  return { status: 204 };
}

function propertyDefinitions(ctx: RequestContext): FakeResponse {
  const type = ctx.query.get('type') ?? 'event';
  if (type !== 'group') return ok(limitOffsetPage(ctx, [], 100));
  const rawIndex = ctx.query.get('group_type_index');
  const index = rawIndex === null ? null : parseIntStrict(rawIndex);
  if (index === null) throw validationError('group_type_index', 'A valid integer is required.');
  const search = ctx.query.get('search')?.toLowerCase() ?? '';
  const defs = ctx.state.propertyDefinitions
    .filter(
      (d) => d.project_id === ctx.project.id && d.group_type_index === index && d.name.toLowerCase().includes(search),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((d) => ({
      id: d.id,
      name: d.name,
      is_numerical: d.is_numerical,
      property_type: d.property_type,
      tags: [],
      is_seen_on_filtered_events: null,
    }));
  return ok(limitOffsetPage(ctx, defs, 100));
}

const both: Route['prefixes'] = ['projects', 'environments'];
const read = ['group:read'];
const write = ['group:write'];

export const groupRoutes: Route[] = [
  { method: 'GET', pattern: /^groups$/, scopes: read, auth: 'bearer-401', prefixes: both, handle: listGroups },
  { method: 'POST', pattern: /^groups$/, scopes: write, auth: 'bearer-401', prefixes: both, handle: createGroup },
  { method: 'GET', pattern: /^groups\/find$/, scopes: read, auth: 'bearer-401', prefixes: both, handle: find },
  {
    method: 'POST',
    pattern: /^groups\/update_property$/,
    scopes: write,
    auth: 'bearer-401',
    prefixes: both,
    handle: updateProperty,
  },
  {
    method: 'POST',
    pattern: /^groups\/delete_property$/,
    scopes: write,
    auth: 'bearer-401',
    prefixes: both,
    handle: deleteProperty,
  },
  {
    method: 'GET',
    pattern: /^groups\/activity$/,
    scopes: ['activity_log:read'],
    auth: 'bearer-401',
    prefixes: both,
    handle: activity,
  },
  {
    method: 'GET',
    pattern: /^groups\/property_values$/,
    scopes: read,
    auth: 'bearer-401',
    prefixes: both,
    handle: propertyValues,
  },
  { method: 'GET', pattern: /^groups\/related$/, scopes: read, auth: 'bearer-401', prefixes: both, handle: related },
  {
    method: 'GET',
    pattern: /^groups_types$/,
    scopes: read,
    auth: 'sharing-403',
    prefixes: ['projects'],
    handle: listGroupTypes,
  },
  {
    method: 'DELETE',
    pattern: /^groups_types\/(\d+)$/,
    scopes: write,
    auth: 'sharing-403',
    prefixes: ['projects'],
    handle: deleteGroupType,
  },
  {
    method: 'PATCH',
    pattern: /^groups_types\/update_metadata$/,
    scopes: null,
    auth: 'sharing-403',
    prefixes: ['projects'],
  },
  {
    method: 'PUT',
    pattern: /^groups_types\/create_detail_dashboard$/,
    scopes: null,
    auth: 'sharing-403',
    prefixes: ['projects'],
  },
  {
    method: 'PUT',
    pattern: /^groups_types\/set_default_columns$/,
    scopes: null,
    auth: 'sharing-403',
    prefixes: ['projects'],
  },
  {
    method: 'GET',
    pattern: /^property_definitions$/,
    scopes: ['property_definition:read'],
    auth: 'bearer-401',
    prefixes: ['projects'],
    handle: propertyDefinitions,
  },
];
