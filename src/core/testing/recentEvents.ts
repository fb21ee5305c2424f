// Real events to test a function with: the property filter that finds the events a function's filters match (the
// rule PostHog's own editor uses for "test with a recent event": its events and actions, each mapping's too, and its
// global properties), and each queried event turned into the globals of a test run. Pure.
import * as l10n from '@vscode/l10n';
import type { RecentEvent } from '../../api';
import { isJsonObject } from '../../shared/json';

type Json = unknown;

/** A HogQL string literal (PostHog's `hogql` template escapes values the same way). */
export function hogqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\0/g, '\\0');
  return `'${escaped}'`;
}

const hogql = (key: string) => ({ type: 'hogql', key });
const list = (value: Json): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isJsonObject) : []);

export interface MatchingFilters {
  /** One PostHog property group: any of the function's events or actions, and all of its properties. */
  fixedProperties: unknown[];
  filterTestAccounts: boolean;
}

/** The events a function's filters (and its mappings' filters) would run it on, as an EventsQuery filter. */
export function matchingFilters(filters: Json, mappings: Json): MatchingFilters {
  const f = isJsonObject(filters) ? filters : {};
  const filterTestAccounts = f.filter_test_accounts === true;
  // A function that uses mappings but has none runs on nothing.
  if (Array.isArray(mappings) && mappings.length === 0) {
    return {
      fixedProperties: [{ type: 'AND', values: [{ type: 'AND', values: [hogql('false')] }] }],
      filterTestAccounts,
    };
  }
  const mappingFilters = list(mappings).map((m) => (isJsonObject(m.filters) ? m.filters : {}));
  const events = [...list(f.events), ...mappingFilters.flatMap((m) => list(m.events))];
  const actions = [...list(f.actions), ...mappingFilters.flatMap((m) => list(m.actions))];
  const series: unknown[] = [];
  for (const event of events) {
    const values: unknown[] = [...list(event.properties)];
    if (typeof event.id === 'string' && event.id !== '') values.push(hogql(`event = ${hogqlString(event.id)}`));
    if (values.length === 0) values.push(hogql('true'));
    series.push({ type: 'AND', values });
  }
  for (const action of actions) {
    const values: unknown[] = [...list(action.properties)];
    const id = Number.parseInt(String(action.id), 10);
    if (Number.isFinite(id)) values.push(hogql(`matchesAction(${id})`));
    series.push({ type: 'AND', values });
  }
  const group: unknown[] = [{ type: 'OR', values: series }];
  const properties = list(f.properties);
  if (properties.length > 0) group.push({ type: 'AND', values: properties });
  return { fixedProperties: [{ type: 'AND', values: group }], filterTestAccounts };
}

/**
 * The windows PostHog's web app looks for sample events in, narrowest first (`sampleEventsQuery.ts`): most events a
 * function is tested with fired recently, and a busy project answers a narrow window without scanning days.
 */
export const RECENT_EVENT_WINDOWS = ['-1h', '-6h', '-24h', '-7d'] as const;

const HOURS: Record<string, number> = { h: 1, d: 24, w: 24 * 7, m: 24 * 30, y: 24 * 365 };

/** A relative window's width in hours (`-7d` → 168), or null for anything else. */
function windowHours(window: string): number | null {
  const m = /^-(\d+)([hdwmy])$/.exec(window);
  return m ? Number(m[1]) * (HOURS[m[2] as string] ?? 0) : null;
}

/** How far back a test looks for events at most: the last 30 days. */
export const RECENT_EVENTS_AFTER = '-30d';

/** The windows to look in up to `widest`, narrowest first: the web app's ladder below it, then `widest` itself. */
export function recentEventWindows(widest: string): string[] {
  const hours = windowHours(widest);
  if (hours === null) return [widest];
  return [...RECENT_EVENT_WINDOWS.filter((w) => (windowHours(w) ?? Infinity) < hours), widest];
}

export interface ProjectContext {
  host: string;
  projectId: number;
}

/** A person as PostHog's web app names it: its email, else its name, else the event's distinct id. */
function displayName(properties: Record<string, unknown>, distinctId: string): string {
  for (const key of ['email', 'name', 'username']) {
    const value = properties[key];
    if (typeof value === 'string' && value) return value;
  }
  return distinctId;
}

/** The globals a test run sends for a queried event: the event, its person and its groups, with their PostHog URLs. */
export function globalsFromRecentEvent(row: RecentEvent, ctx: ProjectContext): Record<string, unknown> {
  const base = `${ctx.host}/project/${ctx.projectId}`;
  const { event, person } = row;
  const globals: Record<string, unknown> = {
    event: {
      uuid: event.uuid,
      event: event.event,
      distinct_id: event.distinct_id,
      timestamp: event.timestamp,
      elements_chain: event.elements_chain ?? '',
      url: `${base}/events/${encodeURIComponent(event.uuid)}/${encodeURIComponent(event.timestamp)}`,
      properties: event.properties,
    },
    groups: Object.fromEntries(
      Object.entries(row.groups).map(([type, group]) => [
        type,
        {
          id: group.key,
          type,
          index: group.index,
          url: `${base}/groups/${group.index}/${encodeURIComponent(group.key)}`,
          properties: group.properties,
        },
      ]),
    ),
  };
  if (person?.uuid) {
    globals.person = {
      id: person.uuid,
      properties: person.properties,
      name: displayName(person.properties, event.distinct_id),
      url: `${base}/person/${encodeURIComponent(event.distinct_id)}`,
    };
  }
  return globals;
}

/** "just now", "4 minutes ago", "3 hours ago", "2 days ago". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 60) return l10n.t('just now');
  if (seconds < 3600) {
    const n = Math.floor(seconds / 60);
    return n === 1 ? l10n.t('1 minute ago') : l10n.t('{0} minutes ago', n);
  }
  if (seconds < 86400) {
    const n = Math.floor(seconds / 3600);
    return n === 1 ? l10n.t('1 hour ago') : l10n.t('{0} hours ago', n);
  }
  const n = Math.floor(seconds / 86400);
  return n === 1 ? l10n.t('1 day ago') : l10n.t('{0} days ago', n);
}

/** How an event reads in a list: "$pageview by ada@example.com". */
export function eventTitle(globals: Record<string, unknown>): string {
  const event = isJsonObject(globals.event) ? globals.event : {};
  const person = isJsonObject(globals.person) ? globals.person : {};
  const name = typeof event.event === 'string' ? event.event : l10n.t('event');
  const who =
    typeof person.name === 'string' && person.name
      ? person.name
      : typeof event.distinct_id === 'string'
        ? event.distinct_id
        : undefined;
  return who ? l10n.t('{0} by {1}', name, who) : name;
}
