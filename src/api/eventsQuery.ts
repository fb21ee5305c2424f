// Recent events through PostHog's query endpoint (`POST /api/projects/:id/query/`, scope `query:read`): an
// `EventsQuery` selecting each event (`*`), its person and its groups, as PostHog's own web app asks for the events a
// hog function would run on. Rows are read one by one; a row the extension cannot read is reported, not fatal.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ApiCore, RequestOptions } from './core';
import { jsonObject } from './schemas';
import { lenient, splitRows, type TolerantList } from './tolerant';

export interface RecentEventsQuery {
  /** PostHog property filters every event must match (a property group built from the function's filters). */
  fixedProperties: unknown[];
  filterTestAccounts?: boolean;
  /** `-7d`, `-30d`… or an ISO date. */
  after: string;
  limit: number;
  /** Group type names (`organization`): each adds the event's group of that type. */
  groupTypes: string[];
  /** HogQL conditions every event must meet (`uuid = '…'` finds one event). */
  where?: string[];
}

const properties = z.pipe(lenient(jsonObject), z.transform((p): Record<string, unknown> => p ?? {}));

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
const groupTupleSchema = z.tuple([z.unknown(), lenient(z.number()), lenient(z.string()), lenient(z.string()), z.unknown()]);

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

/** A group type name as a HogQL identifier: backticks unless it is a plain name (escapePropertyAsHogQLIdentifier). */
export function hogqlIdentifier(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function parseGroupProperties(text: string | null | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
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
        groups[type] = { index: tuple.data[1] ?? i, key: tuple.data[2], properties: parseGroupProperties(tuple.data[3]) };
      });
      return { event, ...(person.success ? { person: person.data } : {}), groups };
    }),
  );
}

export async function listRecentEvents(core: ApiCore, projectId: number, query: RecentEventsQuery, opts?: RequestOptions): Promise<RecentEvents> {
  const select = ['*', 'person', ...query.groupTypes.map((type) => {
    const name = hogqlIdentifier(type);
    return `tuple(${name}.created_at, ${name}.index, ${name}.key, ${name}.properties, ${name}.updated_at)`;
  })];
  const page = await core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'query/'),
      body: {
        query: {
          kind: 'EventsQuery',
          select,
          fixedProperties: query.fixedProperties,
          ...(query.where?.length ? { where: query.where } : {}),
          ...(query.filterTestAccounts ? { filterTestAccounts: true } : {}),
          after: query.after,
          orderBy: ['timestamp DESC'],
          limit: query.limit,
          // What the function will see: person properties as they were when the event was captured.
          modifiers: { personsOnEventsMode: 'person_id_no_override_properties_on_events' },
        },
      },
      operation: l10n.t('load recent events'),
      endpoint: 'POST query (EventsQuery)',
      ...opts,
    },
    responseSchema,
  );
  const { results, unreadable } = splitRows(page.results, rowSchema(query.groupTypes));
  return { results, unreadable, hasMore: page.hasMore ?? false };
}
