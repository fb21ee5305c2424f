// `EventsQuery` on `POST query/`: the recent events of a project, the way PostHog's EventsQueryRunner answers it
// (posthog/hogql_queries/events_query_runner.py): `select` columns (`*` becomes one object per event, `person` the
// event's person), `where` HogQL expressions, `properties`/`fixedProperties` filters, `event`, `actionId`, `personId`,
// `after` (default the last 24 hours) and `before`, `orderBy`, `limit`/`offset` with `hasMore`.
import { type FilterEvent, hogqlGlobals, matchesAction, matchesProperties } from './eventFilters';
import { evaluateHogQL } from './hogRuntime';
import { ApiError, type RequestContext } from './http';
import type { FakeEvent, FakeState, Json, JsonObject } from './types';
import { isPlainObject } from './util';

const FIELDS = [
  'kind',
  'actionId',
  'actionSteps',
  'after',
  'before',
  'event',
  'events',
  'filterTestAccounts',
  'fixedProperties',
  'limit',
  'modifiers',
  'offset',
  'orderBy',
  'personId',
  'properties',
  'response',
  'select',
  'source',
  'tags',
  'version',
  'where',
];
const STAR_FIELDS = [
  'uuid',
  'event',
  'properties',
  'timestamp',
  'team_id',
  'distinct_id',
  'elements_chain',
  'created_at',
  'person_mode',
];
const STAR_TYPE =
  "Tuple(UUID, String, String, DateTime64(6, 'UTC'), Int64, String, String, DateTime64(6, 'UTC'), String)";
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 50_000;

const queryError = (detail: string): ApiError =>
  new ApiError({ status: 400, body: { type: 'validation_error', code: 'invalid_input', detail, attr: null } });

/** pydantic's message for a field of the wrong type, as the query endpoint answers it. */
function fieldError(field: string, problem: string, type: string): ApiError {
  return new ApiError({
    status: 400,
    body: {
      type: 'invalid_request',
      code: 'parse_error',
      detail: `JSON parse error - 1 validation error for QueryRequest\nquery.EventsQuery.${field}\n  ${problem} [type=${type}]`,
      attr: null,
    },
  });
}

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** A ClickHouse DateTime64 as PostHog's query endpoint serialises it: microseconds and the project's offset (UTC here). */
export const clickhouseTime = (iso: string): string => {
  const ms = Date.parse(iso);
  const micros = /\.(\d+)Z$/.exec(iso)?.[1]?.padEnd(6, '0').slice(0, 6) ?? '000000';
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${micros}+00:00`;
};

/** `-7d`, `-24h`, `-30m`… (relative_date_parse), or an ISO date. */
function dateFrom(value: string, now: number): number {
  const relative = /^-(\d+)([hdwmyM]|minute|hour|day|week|month)$/.exec(value);
  if (relative) {
    const units: Record<string, number> = {
      M: 60e3,
      minute: 60e3,
      h: 3600e3,
      hour: 3600e3,
      d: 86400e3,
      day: 86400e3,
      w: 7 * 86400e3,
      week: 7 * 86400e3,
      m: 30 * 86400e3,
      month: 30 * 86400e3,
      y: 365 * 86400e3,
    };
    return now - Number(relative[1]) * (units[relative[2] as string] ?? 86400e3);
  }
  const absolute = Date.parse(value);
  if (Number.isNaN(absolute)) throw queryError(`Could not parse the date ${JSON.stringify(value)}.`);
  return absolute;
}

/** The event with its person and group properties, as filters and select columns read it. */
export function filterEventOf(state: FakeState, e: FakeEvent): FilterEvent {
  const person = state.persons.find((p) => p.project_id === e.project_id && p.distinct_ids.includes(e.distinct_id));
  const groups: Record<number, JsonObject> = {};
  const keys = isPlainObject(e.properties.$groups) ? e.properties.$groups : {};
  for (const type of state.groupTypes.filter((t) => t.project_id === e.project_id)) {
    const key = keys[type.group_type];
    const group =
      typeof key === 'string'
        ? state.groups.find(
            (g) => g.project_id === e.project_id && g.group_type_index === type.group_type_index && g.group_key === key,
          )
        : undefined;
    if (group) groups[type.group_type_index] = group.group_properties ?? {};
  }
  return {
    uuid: e.uuid,
    event: e.event,
    distinct_id: e.distinct_id,
    timestamp: e.timestamp,
    elements_chain: e.elements_chain,
    properties: e.properties,
    person: person ? { id: person.uuid, properties: person.properties } : null,
    groups,
  };
}

/** What a select expression can read: the event's fields, `person`, and each group type by name (`organization.key`). */
function selectGlobals(state: FakeState, e: FakeEvent, fe: FilterEvent): JsonObject {
  const person = state.persons.find((p) => p.project_id === e.project_id && p.distinct_ids.includes(e.distinct_id));
  const keys = isPlainObject(e.properties.$groups) ? e.properties.$groups : {};
  const groupColumns = Object.fromEntries(
    state.groupTypes
      .filter((t) => t.project_id === e.project_id)
      .map((t) => {
        const key = keys[t.group_type];
        const group =
          typeof key === 'string'
            ? state.groups.find(
                (g) =>
                  g.project_id === e.project_id && g.group_type_index === t.group_type_index && g.group_key === key,
              )
            : undefined;
        // ClickHouse keeps group properties as a JSON string; PostHog's web app parses it.
        return [
          t.group_type,
          group
            ? {
                created_at: clickhouseTime(new Date(group.created_at_us / 1000).toISOString()),
                index: t.group_type_index,
                key: group.group_key,
                properties: JSON.stringify(group.group_properties ?? {}),
                updated_at: clickhouseTime(new Date(group.created_at_us / 1000).toISOString()),
              }
            : { created_at: null, index: t.group_type_index, key: '', properties: '{}', updated_at: null },
        ];
      }),
  );
  return {
    ...hogqlGlobals(fe),
    ...groupColumns,
    team_id: e.project_id,
    created_at: clickhouseTime(e.created_at),
    timestamp: clickhouseTime(e.timestamp),
    person: {
      id: person?.uuid ?? null,
      properties: person?.properties ?? {},
      created_at: person ? clickhouseTime(person.created_at) : null,
    },
    person_id: person?.uuid ?? null,
  };
}

function column(state: FakeState, expression: string, e: FakeEvent, fe: FilterEvent): Json {
  const name = expression.split('--')[0]?.trim();
  if (name === '*') {
    const star: JsonObject = {
      uuid: e.uuid,
      event: e.event,
      properties: e.properties,
      timestamp: clickhouseTime(e.timestamp),
      team_id: e.project_id,
      distinct_id: e.distinct_id,
      elements_chain: e.elements_chain,
      created_at: clickhouseTime(e.created_at),
      person_mode: 'full',
    };
    return Object.fromEntries(STAR_FIELDS.map((f) => [f, star[f] ?? null]));
  }
  if (name === 'person') {
    const person = state.persons.find((p) => p.project_id === e.project_id && p.distinct_ids.includes(e.distinct_id));
    return person
      ? {
          uuid: person.uuid,
          created_at: clickhouseTime(person.created_at),
          properties: person.properties,
          distinct_id: e.distinct_id,
        }
      : { distinct_id: e.distinct_id };
  }
  try {
    return evaluateHogQL(expression, selectGlobals(state, e, fe));
  } catch (error) {
    throw queryError(`Unable to resolve field: ${expression} (${(error as Error).message})`);
  }
}

function typeOf(expression: string, value: Json): string {
  const name = expression.split('--')[0]?.trim();
  if (name === '*') return STAR_TYPE;
  if (name === 'person') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  if (typeof value === 'boolean') return 'Bool';
  if (Array.isArray(value)) return 'Tuple';
  return 'String';
}

/** `timestamp DESC` and `timestamp ASC` (or plain `timestamp`): the only ordering the local PostHog sorts by. */
function descending(orderBy: string[] | undefined): boolean {
  const first = orderBy?.[0]?.trim();
  if (first === undefined) return true;
  const match = /^timestamp(?:\s+(ASC|DESC))?$/i.exec(first);
  if (!match) throw queryError(`The local PostHog can only order events by timestamp, not ${JSON.stringify(first)}.`);
  return (match[1] ?? 'ASC').toUpperCase() === 'DESC';
}

export function eventsQuery(query: Record<string, unknown>, ctx: RequestContext): Record<string, unknown> {
  const extra = Object.keys(query).find((k) => !FIELDS.includes(k));
  if (extra) throw fieldError(extra, 'Extra inputs are not permitted', 'extra_forbidden');
  if (query.select === undefined) throw fieldError('select', 'Field required', 'missing');
  if (!strings(query.select)) throw fieldError('select', 'Input should be a valid list of strings', 'list_type');
  for (const name of ['where', 'orderBy', 'events'] as const)
    if (query[name] !== undefined && query[name] !== null && !strings(query[name]))
      throw fieldError(name, 'Input should be a valid list of strings', 'list_type');
  for (const name of ['limit', 'offset', 'actionId'] as const)
    if (query[name] !== undefined && query[name] !== null && !Number.isInteger(query[name]))
      throw fieldError(name, 'Input should be a valid integer', 'int_type');
  for (const name of ['properties', 'fixedProperties'] as const)
    if (query[name] !== undefined && query[name] !== null && !Array.isArray(query[name]))
      throw fieldError(name, 'Input should be a valid list', 'list_type');

  const { state, project } = ctx;
  const select = query.select.length ? query.select : ['*'];
  const now = Date.now();
  const before = typeof query.before === 'string' ? dateFrom(query.before, now) : now + 5000;
  const afterText = typeof query.after === 'string' ? query.after : '-24h';
  const after = afterText === 'all' ? -Infinity : dateFrom(afterText, now);
  const names = [query.event, ...((query.events as string[] | undefined) ?? [])].filter(
    (n): n is string => typeof n === 'string' && n !== '',
  );
  const filterCtx = { actions: state.actions.filter((a) => a.project_id === project.id) };
  const action =
    typeof query.actionId === 'number' ? filterCtx.actions.find((a) => a.id === query.actionId) : undefined;
  if (typeof query.actionId === 'number' && !action) throw queryError('Action does not exist');
  const person =
    typeof query.personId === 'string'
      ? state.persons.find((p) => p.project_id === project.id && p.uuid === query.personId)
      : undefined;
  const limit = Math.min(typeof query.limit === 'number' ? query.limit : DEFAULT_LIMIT, MAX_LIMIT);
  const offset = typeof query.offset === 'number' ? query.offset : 0;
  const order = descending(query.orderBy as string[] | undefined);

  const where = (query.where as string[] | undefined) ?? [];
  // `(uuid, timestamp) IN (...)`: exact rows by their primary key, as PostHog's web app reads the wide columns of
  // events it already found. ClickHouse then reads only those rows' granules.
  const keyed = where.map(eventKeys).find((keys) => keys !== null) ?? null;
  const inWindow = state.events
    .filter((e) => e.project_id === project.id)
    .map((e) => ({ e, at: Date.parse(e.timestamp) }))
    .filter(({ at }) => at < before && at > after);
  const scanned = keyed ? inWindow.filter(({ e }) => keyed.has(`${e.uuid}|${microsUtc(e.timestamp)}`)) : inWindow;
  const limitRows = state.settings.wideQueryRowLimit;
  if (
    limitRows !== null &&
    select.some((expression) => !NARROW_COLUMNS.has(expression.trim())) &&
    scanned.length > limitRows
  ) {
    // posthog/errors.py: CHQueryErrorMemoryLimitExceeded, exposed as a ValidationError by the query view.
    throw new ApiError({
      status: 400,
      body: {
        type: 'validation_error',
        code: 'memory_limit_exceeded',
        detail: 'Query exceeds memory limits. Try reducing its scope by changing the time range.',
        attr: null,
      },
    });
  }
  const matching = scanned
    .map(({ e, at }) => ({ e, fe: filterEventOf(state, e), at }))
    .filter(({ e }) => names.length === 0 || names.includes(e.event))
    .filter(({ e }) => typeof query.personId !== 'string' || (person?.distinct_ids.includes(e.distinct_id) ?? false))
    .filter(({ fe }) => !action || matchesAction(action, fe, filterCtx))
    .filter(({ fe }) => where.every((w) => eventKeys(w) !== null || Boolean(safeWhere(w, fe))))
    .filter(
      ({ fe }) =>
        matchesProperties(query.properties as Json, fe, filterCtx) &&
        matchesProperties(query.fixedProperties as Json, fe, filterCtx),
    )
    .sort((a, b) => (order ? b.at - a.at : a.at - b.at));
  const page = matching.slice(offset, offset + limit);
  const results = page.map(({ e, fe }) => select.map((expression) => column(state, expression, e, fe)));
  const hasMore = matching.length > offset + limit;
  const last = page.at(-1);
  return {
    columns: select,
    types: select.map((expression, i) => typeOf(expression, results[0]?.[i] ?? null)),
    results,
    hasMore,
    limit,
    offset,
    nextCursor: hasMore && last ? clickhouseTime(last.e.timestamp) : null,
    timings: [],
    hogql: `SELECT ${select.join(', ')} FROM events WHERE timestamp > ${JSON.stringify(afterText)} ORDER BY timestamp ${order ? 'DESC' : 'ASC'} LIMIT ${limit + 1}${offset ? ` OFFSET ${offset}` : ''}`,
    modifiers: {
      personsOnEventsMode: 'person_id_override_properties_on_events',
      ...(isPlainObject(query.modifiers) ? query.modifiers : {}),
    },
  };
}

/** Columns ClickHouse reads cheaply (the sort key and narrow ones); anything else is a wide read. */
const NARROW_COLUMNS = new Set(['uuid', 'timestamp', 'event', 'distinct_id']);

/** An event's time as `toDateTime64('YYYY-MM-DD HH:MM:SS.ffffff', 6, 'UTC')` compares it: UTC, to the microsecond. */
function microsUtc(iso: string): string {
  const micros = (/\.(\d{1,6})/.exec(iso)?.[1] ?? '').padEnd(6, '0');
  return `${new Date(Date.parse(iso)).toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
}

/** The pairs of `(uuid, timestamp) IN (('<uuid>', toDateTime64('<time>', 6, 'UTC')), ...)`, or null for another expression. */
function eventKeys(expression: string): Set<string> | null {
  const m = /^\s*\(uuid,\s*timestamp\)\s+IN\s+\((.*)\)\s*$/is.exec(expression);
  if (!m) return null;
  const pair = /\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*toDateTime64\(\s*'([^']+)'\s*,\s*6\s*,\s*'UTC'\s*\)\s*\)/g;
  const keys = new Set<string>();
  for (const found of (m[1] ?? '').matchAll(pair)) keys.add(`${(found[1] ?? '').replace(/\\(.)/g, '$1')}|${found[2]}`);
  if (keys.size === 0) throw queryError(`Could not read the tuple list ${JSON.stringify(expression.slice(0, 80))}.`);
  return keys;
}

function safeWhere(expression: string, fe: FilterEvent): Json {
  try {
    return evaluateHogQL(expression, hogqlGlobals(fe));
  } catch (error) {
    throw queryError(`Could not evaluate ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}
