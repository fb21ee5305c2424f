// `/_fake/...`: the same controls as the in-process API, for tests in another process (extension
// host, Playwright). No auth: the server only listens on 127.0.0.1. Admin calls are not recorded.
import type { FakeResponse } from './http';
import type { FakePostHog } from './index';
import type { FaultKind, FaultSpec } from './faults';
import type { FakeEvent, FakeMetric, FakePerson, JsonObject, RateLimits, SeedKind } from './types';
import { isoFromMs, isPlainObject, newUuid } from './util';

const bad = (detail: string): FakeResponse => ({ status: 400, body: { detail } });
/** PostHog's metric kinds today (nodejs/src/cdp/types.ts MinimalAppMetric). */
const METRIC_KINDS: string[] = ['success', 'failure', 'other', 'email', 'sms', 'push', 'billing', 'fetch'];
const FAULT_KINDS: FaultKind[] = [
  'status',
  'throttle',
  'concurrency',
  'reset',
  'hang',
  'invalid-json',
  'html',
  'body',
  'lost',
];

function isRateLimits(value: unknown): value is RateLimits {
  const window = (w: unknown) => isPlainObject(w) && typeof w.limit === 'number' && typeof w.windowMs === 'number';
  const optional = (w: unknown) => w === undefined || window(w);
  return (
    isPlainObject(value) &&
    window(value.burst) &&
    window(value.sustained) &&
    optional(value.queryBurst) &&
    optional(value.querySustained) &&
    optional(value.hogql) &&
    (value.apiQueries === undefined || typeof value.apiQueries === 'boolean')
  );
}

/** The store as JSON (keys listed without their secret values). */
function stateDump(fake: FakePostHog): unknown {
  const { keys, ...rest } = fake.state;
  return {
    ...rest,
    keys: [...keys.values()].map((k) => ({ scopes: k.scopes, projects: k.projects ?? null, revoked: k.revoked })),
  };
}

export function handleAdmin(fake: FakePostHog, method: string, url: URL, body: unknown): FakeResponse {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  const input = isPlainObject(body) ? body : {};
  switch (route) {
    case 'GET /_fake/info':
      return { status: 200, body: { url: fake.url, apiKey: fake.apiKey, projectId: fake.projectId } };
    case 'GET /_fake/requests':
      return { status: 200, body: fake.requests };
    case 'DELETE /_fake/requests':
      fake.clearRequests();
      return { status: 204 };
    case 'POST /_fake/faults': {
      if (typeof input.path !== 'string' || !FAULT_KINDS.includes(input.kind as FaultKind))
        return bad('path (regex source) and a valid kind are required');
      return { status: 201, body: { id: fake.addFault(input as unknown as FaultSpec) } };
    }
    case 'DELETE /_fake/faults':
      fake.clearFaults();
      return { status: 204 };
    case 'POST /_fake/latency':
      if (typeof input.ms !== 'number') return bad('ms is required');
      fake.setLatency(input.ms);
      return { status: 204 };
    case 'POST /_fake/rate-limits':
      if (body !== false && !isRateLimits(body))
        return bad(
          'expected {burst, sustained, queryBurst?, querySustained?, hogql?: {limit, windowMs}, apiQueries?: boolean} or false',
        );
      fake.setRateLimits(body);
      return { status: 204 };
    case 'POST /_fake/keys': {
      if (!Array.isArray(input.scopes) || !input.scopes.every((s) => typeof s === 'string'))
        return bad('scopes (string[]) is required');
      const projects = Array.isArray(input.projects)
        ? input.projects.filter((p): p is number => typeof p === 'number')
        : undefined;
      return { status: 201, body: { key: fake.addKey(input.scopes as string[], projects ? { projects } : undefined) } };
    }
    case 'POST /_fake/keys/revoke': {
      if (typeof input.key !== 'string') return bad('key (string) is required');
      fake.revokeKey(input.key);
      return { status: 204 };
    }
    case 'POST /_fake/reset': {
      const seed = input.seed;
      if (seed !== undefined && seed !== 'realistic' && seed !== 'empty')
        return bad("seed must be 'realistic' or 'empty'");
      fake.reset(seed as SeedKind | undefined);
      return { status: 204 };
    }
    case 'POST /_fake/release': {
      // Which PostHog to behave like (see ServerRelease); a server setting, so a reset keeps it.
      if (input.release !== 'newest' && input.release !== 'older') return bad("release must be 'newest' or 'older'");
      fake.setRelease(input.release);
      return { status: 204 };
    }
    case 'POST /_fake/async-queries': {
      // Queries answered 202 and finished after `polls` status polls; {"polls": null} answers them at once again.
      if (input.polls === null) fake.setAsyncQueries(null);
      else if (typeof input.polls === 'number' && input.polls >= 0) fake.setAsyncQueries({ polls: input.polls });
      else return bad('polls (a number, or null to answer at once) is required');
      return { status: 204 };
    }
    case 'POST /_fake/wide-query-row-limit': {
      if (input.rows !== null && (typeof input.rows !== 'number' || input.rows < 0))
        return bad('rows (>= 0, or null for no limit) is required');
      fake.setWideQueryRowLimit(input.rows as number | null);
      return { status: 204 };
    }
    case 'POST /_fake/feature-flags': {
      if (typeof input.flag !== 'string' || typeof input.on !== 'boolean')
        return bad('flag (string) and on (boolean) are required');
      fake.setFeatureFlag(input.flag, input.on);
      return { status: 204 };
    }
    case 'POST /_fake/group-list-lag': {
      if (typeof input.ms !== 'number' || input.ms < 0) return bad('ms (>= 0) is required');
      fake.setGroupListLag(input.ms);
      return { status: 204 };
    }
    case 'POST /_fake/seed-groups': {
      if (typeof input.group_type_index !== 'number' || typeof input.count !== 'number')
        return bad('group_type_index and count are required');
      const perGroup =
        typeof input.properties_per_group === 'number' ? { propertiesPerGroup: input.properties_per_group } : undefined;
      fake.seedGroups(input.group_type_index, input.count, perGroup);
      return { status: 204 };
    }
    case 'POST /_fake/metrics': {
      // Runs PostHog counted for a function, e.g. a failure burst a test expects a panel to show.
      const rows = Array.isArray(input.metrics) ? input.metrics : [];
      const valid = rows.every(
        (m) =>
          isPlainObject(m) &&
          typeof m.app_source_id === 'string' &&
          typeof m.timestamp === 'string' &&
          !Number.isNaN(Date.parse(m.timestamp)) &&
          METRIC_KINDS.includes(m.metric_kind as string) &&
          typeof m.metric_name === 'string' &&
          Number.isInteger(m.count),
      );
      if (!rows.length || !valid)
        return bad(
          `metrics: [{app_source_id, timestamp (ISO), metric_kind (${METRIC_KINDS.join('|')}), metric_name, count}] is required`,
        );
      fake.state.metrics.push(
        ...(rows as unknown as FakeMetric[]).map((m) => ({ ...m, instance_id: m.instance_id ?? null })),
      );
      return { status: 204 };
    }
    case 'POST /_fake/events': {
      // Events (and the people they belong to) as ingestion would have stored them, for the events query.
      const events = Array.isArray(input.events) ? input.events : [];
      const persons = Array.isArray(input.persons) ? input.persons : [];
      const validEvents = events.every(
        (e) =>
          isPlainObject(e) &&
          typeof e.event === 'string' &&
          typeof e.distinct_id === 'string' &&
          (e.timestamp === undefined || (typeof e.timestamp === 'string' && !Number.isNaN(Date.parse(e.timestamp)))) &&
          (e.properties === undefined || isPlainObject(e.properties)),
      );
      const validPersons = persons.every(
        (p) =>
          isPlainObject(p) &&
          Array.isArray(p.distinct_ids) &&
          p.distinct_ids.every((d) => typeof d === 'string') &&
          (p.properties === undefined || isPlainObject(p.properties)),
      );
      if (!validEvents || !validPersons)
        return bad(
          'events: [{event, distinct_id, properties?, timestamp? (ISO), uuid?}] and persons: [{distinct_ids, properties?, uuid?}]',
        );
      const now = isoFromMs(Date.now());
      fake.state.persons.push(
        ...persons.map((p): FakePerson => {
          const person = p as JsonObject;
          return {
            uuid: typeof person.uuid === 'string' ? person.uuid : newUuid(),
            project_id: fake.projectId,
            distinct_ids: person.distinct_ids as string[],
            properties: (person.properties as JsonObject | undefined) ?? {},
            created_at: now,
          };
        }),
      );
      const stored = events.map((e): FakeEvent => {
        const event = e as JsonObject;
        const timestamp = typeof event.timestamp === 'string' ? isoFromMs(Date.parse(event.timestamp)) : now;
        return {
          uuid: typeof event.uuid === 'string' ? event.uuid : newUuid(),
          project_id: fake.projectId,
          event: event.event as string,
          distinct_id: event.distinct_id as string,
          timestamp,
          properties: (event.properties as JsonObject | undefined) ?? {},
          elements_chain: typeof event.elements_chain === 'string' ? event.elements_chain : '',
          created_at: timestamp,
        };
      });
      fake.state.events.push(...stored);
      return { status: 201, body: { events: stored } };
    }
    case 'DELETE /_fake/events':
      fake.state.events = fake.state.events.filter((e) => e.project_id !== fake.projectId);
      return { status: 204 };
    case 'POST /_fake/hog-function-status': {
      // PostHog's watcher (or its staff) changing a function's health: not something the API itself can do.
      const fn = fake.state.hogFunctions.find((f) => f.id === input.id);
      if (!fn || !Number.isInteger(input.state))
        return bad('id (of a stored hog function) and state (an integer) are required');
      fn.status = {
        state: input.state as number,
        tokens: typeof input.tokens === 'number' ? input.tokens : (fn.status?.tokens ?? 0),
      };
      return { status: 204 };
    }
    case 'GET /_fake/state':
      return { status: 200, body: stateDump(fake) };
    case 'GET /_fake/group': {
      const index = Number(url.searchParams.get('group_type_index'));
      const key = url.searchParams.get('group_key');
      const group = fake.state.groups.find(
        (g) => g.project_id === fake.projectId && g.group_type_index === index && g.group_key === key,
      );
      return group ? { status: 200, body: group } : { status: 404, body: { detail: 'No such group' } };
    }
    case 'GET /_fake/hog-function': {
      const fn = fake.state.hogFunctions.find((f) => f.id === url.searchParams.get('id'));
      return fn ? { status: 200, body: fn } : { status: 404, body: { detail: 'No such hog function' } };
    }
    default:
      return { status: 404, body: { detail: `Unknown admin route ${route}` } };
  }
}
