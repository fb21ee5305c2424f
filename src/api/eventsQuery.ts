// Recent events through PostHog's query endpoint (`POST /api/projects/:id/query/`, scope `query:read`): an
// `EventsQuery` selecting each event (`*`), its person and its groups, asked the way PostHog's own web app asks for the
// events a hog function would run on (frontend `sampleEventsQuery.ts`): in two phases, first only `uuid, timestamp`
// over widening windows until enough events match, then the wide columns of exactly those events. A wide query over
// days fails with ClickHouse's memory limit on busy projects; reading `uuid, timestamp` does not, and the second phase
// reads the wide columns of the chosen rows only. Rows are read one by one; a row the extension cannot read is
// reported, not fatal.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ApiCore, RequestOptions } from './core';
import { jsonObject } from './schemas';
import { lenient, splitRows, type TolerantList } from './tolerant';

export interface RecentEventsQuery {
  /** PostHog property filters every event must match (a property group built from the function's filters). */
  fixedProperties: unknown[];
  filterTestAccounts?: boolean;
  /** The widest window: `-7d`, `-30d`… or an ISO date. */
  after: string;
  /**
   * The windows to look in, narrowest first (`-1h`, `-6h`, `-24h`, `-7d`…, ending with `after`'s): the first one in
   * which `limit` events match is used, else the widest. Without it, `after` alone.
   */
  windows?: string[];
  limit: number;
  /** Group type names (`organization`): each adds the event's group of that type. */
  groupTypes: string[];
  /** HogQL conditions every event must meet (`uuid = '…'` finds one event). */
  where?: string[];
}

const properties = z.pipe(
  lenient(jsonObject),
  z.transform((p): Record<string, unknown> => p ?? {}),
);

/** The `*` column: the event as ClickHouse holds it. */
const queriedEventSchema = z.looseObject({
  uuid: z.string(),
  event: z.string(),
  distinct_id: z.string(),
  timestamp: z.string(),
  properties,
  elements_chain: lenient(z.string()),
});

/** The `person` column: `{distinct_id}` alone when the event has no person. */
const queriedPersonSchema = z.looseObject({
  uuid: lenient(z.string()),
  distinct_id: lenient(z.string()),
  created_at: lenient(z.string()),
  properties,
});

/** One group column: `tuple(created_at, index, key, properties as JSON text, updated_at)`; an empty key means none. */
const groupTupleSchema = z.tuple([
  z.unknown(),
  lenient(z.number()),
  lenient(z.string()),
  lenient(z.string()),
  z.unknown(),
]);

export interface QueriedGroup {
  index: number;
  key: string;
  properties: Record<string, unknown>;
}

export interface RecentEvent {
  event: z.output<typeof queriedEventSchema>;
  person?: z.output<typeof queriedPersonSchema>;
  /** By group type name. */
  groups: Record<string, QueriedGroup>;
}

export interface RecentEvents extends TolerantList<RecentEvent> {
  /** More events match than were asked for. */
  hasMore: boolean;
}

const responseSchema = z.looseObject({
  columns: lenient(z.array(z.string())),
  results: z.array(z.unknown()),
  hasMore: lenient(z.boolean()),
});

/** Phase one's rows: `[uuid, timestamp]`; a row that is not is left out (it cannot be asked for by its key). */
const keySchema = z.tuple([z.string(), z.string()]);

/** A HogQL string literal (PostHog's `hogql` template escapes values the same way). */
function hogqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A timestamp of phase one as ClickHouse compares it exactly: `toDateTime64('2026-12-01 14:00:05.123456', 6, 'UTC')`,
 * the base converted to UTC and the microseconds taken from the text (a JS date keeps only milliseconds).
 */
export function clickhouseUtc(timestamp: string): string {
  const micros = (/\.(\d{1,6})/.exec(timestamp)?.[1] ?? '').padEnd(6, '0');
  const base = new Date(Date.parse(timestamp)).toISOString().slice(0, 19).replace('T', ' ');
  return `toDateTime64('${base}.${micros}', 6, 'UTC')`;
}

/** Phase two's filter: the exact `(uuid, timestamp)` pairs phase one found, which prunes to their granules. */
export function eventKeysFilter(keys: readonly (readonly [string, string])[]): string {
  return `(uuid, timestamp) IN (${keys.map(([uuid, timestamp]) => `(${hogqlString(uuid)}, ${clickhouseUtc(timestamp)})`).join(', ')})`;
}

/** A group type name as a HogQL identifier: backticks unless it is a plain name (escapePropertyAsHogQLIdentifier). */
export function hogqlIdentifier(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function parseGroupProperties(text: string | null | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** `[event, person, ...groups]`: the event column must be readable; the person and groups are read when they are. */
function rowSchema(groupTypes: string[]) {
  return z.pipe(
    z.tuple([queriedEventSchema], z.unknown()),
    z.transform(([event, ...rest]): RecentEvent => {
      const person = queriedPersonSchema.safeParse(rest[0]);
      const groups: Record<string, QueriedGroup> = {};
      groupTypes.forEach((type, i) => {
        const tuple = groupTupleSchema.safeParse(rest[1 + i]);
        if (!tuple.success || !tuple.data[2]) return;
        groups[type] = {
          index: tuple.data[1] ?? i,
          key: tuple.data[2],
          properties: parseGroupProperties(tuple.data[3]),
        };
      });
      return { event, ...(person.success ? { person: person.data } : {}), groups };
    }),
  );
}

export async function listRecentEvents(
  core: ApiCore,
  projectId: number,
  query: RecentEventsQuery,
  opts?: RequestOptions,
): Promise<RecentEvents> {
  const send = (body: Record<string, unknown>, phase: string) =>
    core.call(
      {
        method: 'POST',
        path: core.projectPath(projectId, 'query/'),
        body: { query: { kind: 'EventsQuery', orderBy: ['timestamp DESC'], ...body, modifiers: MODIFIERS } },
        operation: l10n.t('load recent events'),
        endpoint: `POST query (EventsQuery, ${phase})`,
        pool: 'query',
        queryKind: 'EventsQuery',
        pollForMs: 120_000,
        ...opts,
      },
      responseSchema,
    );
  const filter = {
    fixedProperties: query.fixedProperties,
    ...(query.where?.length ? { where: query.where } : {}),
    ...(query.filterTestAccounts ? { filterTestAccounts: true } : {}),
  };

  // Phase one: which events, newest first, in the narrowest window that has enough of them.
  const windows = query.windows?.length ? query.windows : [query.after];
  let keys: [string, string][] = [];
  let hasMore = false;
  for (const window of windows) {
    const page = await send({ select: ['uuid', 'timestamp'], ...filter, after: window, limit: query.limit }, 'phase 1');
    keys = page.results.flatMap((row) => {
      const parsed = keySchema.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
    hasMore = page.hasMore ?? false;
    if (keys.length >= query.limit) break;
  }
  if (keys.length === 0) return { results: [], unreadable: [], hasMore: false };

  // Phase two: the wide columns of exactly those events. Their filter is already certified; the window is the span of
  // their timestamps, a second wider on each side.
  const times = keys.map(([, t]) => Date.parse(t));
  const select = [
    '*',
    'person',
    ...query.groupTypes.map((type) => {
      const name = hogqlIdentifier(type);
      return `tuple(${name}.created_at, ${name}.index, ${name}.key, ${name}.properties, ${name}.updated_at)`;
    }),
  ];
  const page = await send(
    {
      select,
      where: [eventKeysFilter(keys)],
      ...(query.filterTestAccounts ? { filterTestAccounts: true } : {}),
      after: new Date(Math.min(...times) - 1000).toISOString(),
      before: new Date(Math.max(...times) + 1000).toISOString(),
      limit: keys.length,
    },
    'phase 2',
  );
  const { results, unreadable } = splitRows(page.results, rowSchema(query.groupTypes));
  return { results, unreadable, hasMore };
}

/** What the function will see: person properties as they were when the event was captured. */
const MODIFIERS = { personsOnEventsMode: 'person_id_no_override_properties_on_events' };
