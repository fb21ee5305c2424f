// Which events a filter matches, as PostHog decides it: a hog function's `filters` (events, actions, properties, test
// accounts; posthog/cdp/filters.py) and PostHog's property filters (posthog/hogql/property.py), including HogQL
// expressions and property groups. Used by test invocations (skipped when nothing matches) and the events query.
import { evaluateHogQL } from './hogRuntime';
import { ApiError } from './http';
import type { FakeAction, Json, JsonObject } from './types';
import { isPlainObject } from './util';

/** An event as filters see it (PostHog's filter globals): its fields, its person's and its groups' properties. */
export interface FilterEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  elements_chain: string;
  properties: JsonObject;
  person: { id: string; properties: JsonObject } | null;
  /** Group properties by group type index. */
  groups: Record<number, JsonObject>;
}

export interface FilterContext {
  actions: FakeAction[];
}

const unsupported = (what: string): ApiError =>
  new ApiError({ status: 400, body: { type: 'validation_error', code: 'invalid_input', detail: what, attr: null } });

const isSet = (v: Json | undefined): boolean => v !== undefined && v !== null;
const text = (v: Json | undefined): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
const number = (v: Json | undefined): number => (typeof v === 'number' ? v : Number(text(v)));

function regexTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** One operator applied to a property's value; HogQL's null semantics (`!=` and `not` forms match a missing value). */
function compare(operator: string, actual: Json | undefined, expected: Json | undefined): boolean {
  const values = Array.isArray(expected) ? expected : [expected];
  switch (operator) {
    case 'exact':
    case 'in':
      return isSet(actual) && values.some((v) => text(actual) === text(v));
    case 'is_not':
    case 'not_in':
      return !isSet(actual) || values.every((v) => text(actual) !== text(v));
    case 'icontains':
      return isSet(actual) && values.some((v) => text(actual).toLowerCase().includes(text(v).toLowerCase()));
    case 'not_icontains':
      return !isSet(actual) || values.every((v) => !text(actual).toLowerCase().includes(text(v).toLowerCase()));
    case 'regex':
      return isSet(actual) && regexTest(text(expected), text(actual));
    case 'not_regex':
      return !isSet(actual) || !regexTest(text(expected), text(actual));
    case 'gt':
      return isSet(actual) && number(actual) > number(expected);
    case 'gte':
      return isSet(actual) && number(actual) >= number(expected);
    case 'lt':
      return isSet(actual) && number(actual) < number(expected);
    case 'lte':
      return isSet(actual) && number(actual) <= number(expected);
    case 'between':
      return isSet(actual) && number(actual) >= number(values[0]) && number(actual) <= number(values[1]);
    case 'not_between':
      return !isSet(actual) || number(actual) < number(values[0]) || number(actual) > number(values[1]);
    case 'is_set':
      return isSet(actual);
    case 'is_not_set':
      return !isSet(actual);
    case 'is_date_exact':
      return isSet(actual) && Date.parse(text(actual)) === Date.parse(text(expected));
    case 'is_date_before':
      return isSet(actual) && Date.parse(text(actual)) < Date.parse(text(expected));
    case 'is_date_after':
      return isSet(actual) && Date.parse(text(actual)) > Date.parse(text(expected));
    default:
      throw unsupported(`The local PostHog does not support the property operator '${operator}'.`);
  }
}

/** The fields HogQL expressions of filters read (`event`, `properties.$browser`, `person.properties.email`). */
export function hogqlGlobals(e: FilterEvent): JsonObject {
  const groups = Object.fromEntries(
    Object.entries(e.groups).map(([index, properties]) => [`group_${index}`, { properties }]),
  );
  return {
    uuid: e.uuid,
    event: e.event,
    distinct_id: e.distinct_id,
    timestamp: e.timestamp,
    elements_chain: e.elements_chain,
    properties: e.properties,
    person: e.person ?? { id: null, properties: {} },
    ...groups,
  };
}

function hogql(expression: string, e: FilterEvent, ctx: FilterContext): boolean {
  const functions = {
    matchesAction: (id: unknown) => ctx.actions.some((a) => a.id === Number(id) && matchesAction(a, e, ctx)),
  };
  try {
    return Boolean(evaluateHogQL(expression, hogqlGlobals(e), functions));
  } catch (error) {
    throw unsupported(`Could not evaluate the HogQL filter ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}

/** A property filter, or a property group (`{type: 'AND' | 'OR', values}`), or a list of filters (all must match). */
export function matchesProperties(filter: Json | undefined, e: FilterEvent, ctx: FilterContext): boolean {
  if (filter === undefined || filter === null) return true;
  if (Array.isArray(filter)) return filter.every((f) => matchesProperties(f, e, ctx));
  if (!isPlainObject(filter)) return true;
  if ((filter.type === 'AND' || filter.type === 'OR') && Array.isArray(filter.values)) {
    const values = filter.values;
    if (values.length === 0) return true;
    return filter.type === 'AND'
      ? values.every((v) => matchesProperties(v, e, ctx))
      : values.some((v) => matchesProperties(v, e, ctx));
  }
  const key = String(filter.key ?? '');
  const operator = typeof filter.operator === 'string' ? filter.operator : 'exact';
  switch (filter.type ?? 'event') {
    case 'event':
      return compare(operator, e.properties[key], filter.value);
    case 'person':
      return compare(operator, e.person?.properties[key], filter.value);
    case 'group': {
      const index = Number(filter.group_type_index);
      return compare(operator, e.groups[index]?.[key], filter.value);
    }
    case 'event_metadata':
      return compare(operator, (hogqlGlobals(e) as Record<string, Json>)[key], filter.value);
    case 'hogql':
      return hogql(key, e, ctx);
    case 'cohort':
      throw unsupported("Can't use cohorts in real-time filters. Please inline the relevant expressions.");
    default:
      throw unsupported(`The local PostHog does not support '${String(filter.type)}' property filters.`);
  }
}

function matchesUrl(step: FakeAction['steps'][number], e: FilterEvent): boolean {
  if (!step.url) return true;
  const url = text(e.properties.$current_url);
  if (!isSet(e.properties.$current_url)) return false;
  if (step.url_matching === 'exact') return url === step.url;
  if (step.url_matching === 'regex') return regexTest(step.url, url);
  return url.includes(step.url);
}

export function matchesAction(action: FakeAction, e: FilterEvent, ctx: FilterContext): boolean {
  return action.steps.some(
    (step) =>
      (!step.event || step.event === e.event) &&
      matchesUrl(step, e) &&
      matchesProperties(step.properties ?? [], e, ctx),
  );
}

/**
 * A hog function's `filters`: any of its events or actions (none: every event), and all of its properties.
 * `filter_test_accounts` adds the project's test-account filters, and the local PostHog's projects define none.
 */
export function matchesHogFunctionFilters(
  filters: JsonObject,
  e: FilterEvent,
  ctx: FilterContext,
  projectId: number,
): boolean {
  if (!matchesProperties(filters.properties, e, ctx)) return false;
  const events = Array.isArray(filters.events) ? filters.events.filter(isPlainObject) : [];
  const actions = Array.isArray(filters.actions) ? filters.actions.filter(isPlainObject) : [];
  if (events.length === 0 && actions.length === 0) return true;
  const byEvent = events.some(
    (f) => (f.id === null || f.id === undefined || f.id === e.event) && matchesProperties(f.properties, e, ctx),
  );
  const byAction = actions.some((f) => {
    const action = ctx.actions.find((a) => a.id === Number(f.id) && a.project_id === projectId);
    return action !== undefined && matchesAction(action, e, ctx) && matchesProperties(f.properties, e, ctx);
  });
  return byEvent || byAction;
}
