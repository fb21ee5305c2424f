// The globals a Hog function sees, by function type (posthog-api.md §9.3), built from what the editor knows: the
// function's sample event (the one its test runs use), its inputs, the project. PostHog's check reports unknown
// globals from them, completion offers their keys, and hover shows their values.
import type { SampleContext } from '../testing/sampleGlobals';
import { completeGlobals, defaultSampleGlobals } from '../testing/sampleGlobals';
import { isJsonObject } from '../../shared/json';

export interface HogGlobals {
  globals: Record<string, unknown>;
  /** Input keys whose value is a stored secret (PostHog never sends it back). */
  secretInputs: string[];
}

/** `inputs` as the code reads them (`inputs.url`): each input's value; secrets have none. */
export function inputValues(inputs: unknown): { values: Record<string, unknown>; secrets: string[] } {
  const values: Record<string, unknown> = {};
  const secrets: string[] = [];
  if (!isJsonObject(inputs)) return { values, secrets };
  for (const [key, input] of Object.entries(inputs)) {
    if (isJsonObject(input) && input.secret === true && !('value' in input)) {
      secrets.push(key);
      values[key] = null;
    } else {
      values[key] = isJsonObject(input) ? (input.value ?? null) : null;
    }
  }
  return { values, secrets };
}

const exampleRequest = {
  body: { event: 'signed_up', distinct_id: 'ada-42' },
  headers: { 'content-type': 'application/json' },
  ip: '203.0.113.7',
};

/** A log record, the input of a log transformation. */
const exampleRecord = (now: Date) => ({
  timestamp: now.toISOString(),
  level: 'info',
  body: 'User ada@example.com signed in',
  attributes: { service: 'web', path: '/login' },
});

/**
 * The globals for a function of `type` (null: PostHog treats it as a destination): the sample's event, person
 * and groups with the project and source added, and the inputs, in the shape PostHog's own editor uses.
 */
export function globalsFor(
  type: string | null | undefined,
  sample: Record<string, unknown> | undefined,
  inputs: unknown,
  ctx: SampleContext,
  now = new Date(),
): HogGlobals {
  const full = completeGlobals(sample ?? defaultSampleGlobals(ctx, now), ctx);
  const { values, secrets } = inputValues(inputs);
  let globals: Record<string, unknown>;
  switch (type) {
    case 'transformation':
      globals = { project: full.project, event: full.event, inputs: values };
      break;
    case 'transformation_log':
      globals = { project: full.project, record: exampleRecord(now), inputs: values };
      break;
    case 'source_webhook':
    case 'warehouse_source_webhook':
      globals = { request: exampleRequest, inputs: values };
      break;
    default:
      globals = {
        event: full.event,
        person: full.person,
        groups: full.groups,
        project: full.project,
        source: full.source,
        inputs: values,
      };
  }
  return { globals, secretInputs: secrets };
}

/** The value at `path` in the globals; `found` is false when some part of the path is not there. */
export function valueAt(globals: Record<string, unknown>, path: string[]): { found: boolean; value?: unknown } {
  let value: unknown = globals;
  for (const key of path) {
    if (isJsonObject(value) && Object.hasOwn(value, key)) value = value[key];
    // Hog arrays are indexed from 1.
    else if (Array.isArray(value) && /^\d+$/.test(key) && Number(key) >= 1 && Number(key) <= value.length)
      value = value[Number(key) - 1];
    else return { found: false };
  }
  return { found: true, value };
}

/** The keys offered after `path.`: the object's keys with a short description of each value. */
export function keysAt(globals: Record<string, unknown>, path: string[]): { key: string; detail: string }[] {
  const { found, value } = valueAt(globals, path);
  if (!found || !isJsonObject(value)) return [];
  return Object.entries(value).map(([key, v]) => ({ key, detail: describeValue(v) }));
}

/** "Object", "Array (3)", or the value as short JSON, as PostHog's completion details show it. */
export function describeValue(value: unknown): string {
  if (isJsonObject(value)) return 'Object';
  if (Array.isArray(value)) return `Array (${value.length})`;
  const json = JSON.stringify(value ?? null);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
