// `GET groups/related/` (§2.7): the persons and groups that appeared on the same events as one actor in the last
// 90 days, computed from the stand-in's events the way PostHog's RelatedActorsQuery does from ClickHouse's.
import { type FakeResponse, type RequestContext, ok, validationError } from './http';
import type { FakeEvent, FakePerson, FakeState, Json } from './types';
import { isPlainObject, microsFromIso } from './util';

const WINDOW_MS = 90 * 24 * 3600 * 1000;

/**
 * The event's key of a group type: PostHog reads `$group_N` from the event's properties (ingestion writes it from
 * `$groups`); events posted to the stand-in may carry only `$groups`, keyed by the type's name.
 */
function groupKeyOn(state: FakeState, e: FakeEvent, index: number): string {
  const direct = e.properties[`$group_${index}`];
  if (typeof direct === 'string') return direct;
  const type = state.groupTypes.find((t) => t.project_id === e.project_id && t.group_type_index === index);
  const groups = e.properties.$groups;
  const key = type && isPlainObject(groups) ? groups[type.group_type] : undefined;
  return typeof key === 'string' ? key : '';
}

function personName(p: FakePerson): string {
  const { email, name } = p.properties;
  if (typeof email === 'string' && email) return email;
  if (typeof name === 'string' && name) return name;
  return p.distinct_ids[0] ?? p.uuid;
}

function serializePerson(p: FakePerson): Record<string, Json> {
  return {
    type: 'person',
    id: p.uuid,
    uuid: p.uuid,
    created_at: p.created_at,
    last_seen_at: null,
    distinct_ids: p.distinct_ids,
    is_identified: p.distinct_ids.length > 1,
    name: personName(p),
    properties: p.properties,
    matched_recordings: [],
    value_at_data_point: null,
  };
}

export function related(ctx: RequestContext): FakeResponse {
  const id = ctx.query.get('id');
  if (id === null || id === '') throw validationError('id', 'This query parameter is required.');
  const rawIndex = ctx.query.get('group_type_index');
  let index: number | null = null;
  if (rawIndex !== null && rawIndex !== '') {
    index = /^\d+$/.test(rawIndex) ? Number(rawIndex) : NaN;
    if (!Number.isInteger(index) || index < 0 || index > 4)
      throw validationError('group_type_index', 'This field must be an integer between 0 and 4.');
  }
  const { state, project } = ctx;
  const now = Date.now();
  const recent = state.events.filter((e) => {
    const at = microsFromIso(e.timestamp) / 1000;
    return e.project_id === project.id && at > now - WINDOW_MS && at < now;
  });
  const persons = state.persons.filter((p) => p.project_id === project.id);
  let matching: FakeEvent[];
  if (index !== null) {
    matching = recent.filter((e) => groupKeyOn(state, e, index) === id);
  } else {
    const person = persons.find((p) => p.uuid === id);
    const ids = new Set(person?.distinct_ids ?? []);
    matching = recent.filter((e) => ids.has(e.distinct_id));
  }

  const results: Record<string, Json>[] = [];
  if (index !== null) {
    const distinctIds = new Set(matching.map((e) => e.distinct_id));
    for (const p of persons) if (p.distinct_ids.some((d) => distinctIds.has(d))) results.push(serializePerson(p));
  }
  const otherTypes = state.groupTypes
    .filter((t) => t.project_id === project.id && t.group_type_index !== index)
    .map((t) => t.group_type_index)
    .sort((a, b) => a - b);
  for (const other of otherTypes) {
    const keys = [...new Set(matching.map((e) => groupKeyOn(state, e, other)).filter((k) => k !== ''))].sort();
    for (const key of keys) {
      // A key seen on events but missing from the groups table is dropped, as PostHog's get_groups does.
      const g = state.groups.find(
        (x) => x.project_id === project.id && x.group_type_index === other && x.group_key === key,
      );
      if (!g) continue;
      results.push({
        type: 'group',
        id: g.group_key,
        group_key: g.group_key,
        group_type_index: g.group_type_index,
        created_at: new Date(g.created_at_us / 1000).toISOString(),
        properties: g.group_properties ?? {},
        matched_recordings: [],
        value_at_data_point: null,
      });
    }
  }
  return ok(results);
}
