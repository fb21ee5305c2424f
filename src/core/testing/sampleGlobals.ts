// The globals a test run hands to a hog function. Each function keeps its own editable copy; a new one starts
// from a realistic `$pageview` by a known person in an organization, so `event`, `person` and `groups`
// templating in inputs has something to resolve against. Log transformations get a log `record` instead, as in
// PostHog's own editor (its worker answers "Missing record" without one).
import * as l10n from '@vscode/l10n';
import { isJsonObject } from '../../shared/json';
import type { TestGlobals } from '../../shared/functionTypes';

export interface SampleContext {
  host: string;
  projectId: number;
  projectName?: string;
  functionId: string;
  functionName?: string | null;
  /** What the function runs on: an event (the default) or a log record. */
  globals?: TestGlobals;
}

export function defaultSampleGlobals(ctx: SampleContext, now = new Date()): Record<string, unknown> {
  if (ctx.globals === 'record') return { record: sampleLogRecord(now) };
  const base = `${ctx.host}/project/${ctx.projectId}`;
  return {
    event: {
      uuid: '0190f7a4-6c2e-7b1d-9a3f-2e5c8d1b4a60',
      event: '$pageview',
      distinct_id: 'ada-42',
      timestamp: now.toISOString(),
      elements_chain: '',
      url: `${base}/events/0190f7a4-6c2e-7b1d-9a3f-2e5c8d1b4a60`,
      properties: {
        $current_url: 'https://shop.example.com/pricing?plan=team',
        $host: 'shop.example.com',
        $pathname: '/pricing',
        $referrer: 'https://www.google.com/',
        $browser: 'Chrome',
        $os: 'Mac OS X',
        $device_type: 'Desktop',
        $geoip_country_code: 'GB',
        $geoip_city_name: 'London',
        $groups: { organization: 'acme-inc' },
      },
    },
    person: {
      id: '0190f7a4-1111-7000-8000-00000000ada1',
      name: 'ada@example.com',
      url: `${base}/person/ada-42`,
      properties: {
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        plan: 'team',
        $initial_referrer: 'https://www.google.com/',
      },
    },
    groups: {
      organization: {
        id: 'acme-inc',
        type: 'organization',
        index: 0,
        url: `${base}/groups/0/acme-inc`,
        properties: { name: 'Acme Inc.', industry: 'Manufacturing', plan: 'enterprise', employees: 250 },
      },
    },
  };
}

/** An OpenTelemetry-style log line, the shape PostHog's logs product stores. */
function sampleLogRecord(now: Date): Record<string, unknown> {
  return {
    uuid: '0190f7a4-9e10-7c2d-8b31-5a6c7d8e9f01',
    timestamp: now.toISOString(),
    body: 'GET /api/checkout 502 in 1834 ms',
    severity_text: 'error',
    severity_number: 17,
    service_name: 'checkout-api',
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    attributes: {
      'http.method': 'GET',
      'http.route': '/api/checkout',
      'http.status_code': 502,
      'user.email': 'ada@example.com',
    },
    resource_attributes: { 'service.name': 'checkout-api', 'deployment.environment': 'production' },
  };
}

/** Adds what the run itself knows (project, and source for event functions) without overriding what the user wrote. */
export function completeGlobals(globals: Record<string, unknown>, ctx: SampleContext): Record<string, unknown> {
  const base = `${ctx.host}/project/${ctx.projectId}`;
  const project = { id: ctx.projectId, name: ctx.projectName ?? `Project ${ctx.projectId}`, url: base };
  if (ctx.globals === 'record') return { project, ...globals };
  return {
    project,
    source: {
      name: ctx.functionName ?? 'Hog function',
      url: `${base}/pipeline/destinations/hog-${ctx.functionId}/configuration`,
    },
    ...globals,
  };
}

export function parseSampleGlobals(
  text: string,
  kind: TestGlobals = 'event',
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: l10n.t('The sample event is not valid JSON: {0}', (error as Error).message) };
  }
  if (!isJsonObject(value)) {
    return {
      ok: false,
      message: l10n.t('The sample event must be a JSON object with "event", "person" and "groups".'),
    };
  }
  if (kind === 'record') {
    return isJsonObject(value.record)
      ? { ok: true, value }
      : {
          ok: false,
          message: l10n.t(
            'The sample for a log transformation needs a "record" object (the log line, e.g. with "body" and "attributes").',
          ),
        };
  }
  const event = value.event;
  if (typeof event !== 'object' || event === null) {
    return {
      ok: false,
      message: l10n.t('The sample event needs an "event" object (with at least "event" and "properties").'),
    };
  }
  return { ok: true, value };
}

const objects = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isJsonObject) : []);

/**
 * `sample` changed so that the function's filters accept it: the name of the first event the filters name, and the
 * values their simple property filters ask for (`exact`, `icontains` and `is_set` on event and person properties).
 * What the filters do not say stays as it was. Used for a function's first sample when no recent event matches.
 */
export function sampleMatchingFilters(sample: Record<string, unknown>, filters: unknown): Record<string, unknown> {
  if (!isJsonObject(filters) || !isJsonObject(sample.event)) return sample;
  const event: Record<string, unknown> = {
    ...sample.event,
    properties: { ...(isJsonObject(sample.event.properties) ? sample.event.properties : {}) },
  };
  const person: Record<string, unknown> | undefined = isJsonObject(sample.person)
    ? { ...sample.person, properties: { ...(isJsonObject(sample.person.properties) ? sample.person.properties : {}) } }
    : undefined;
  const first = objects(filters.events)[0];
  if (first && typeof first.id === 'string' && first.id) event.event = first.id;
  for (const filter of [...objects(filters.properties), ...objects(first?.properties)]) {
    if (typeof filter.key !== 'string') continue;
    const target =
      filter.type === 'person'
        ? person?.properties
        : filter.type === 'event' || filter.type === undefined
          ? event.properties
          : undefined;
    if (!isJsonObject(target)) continue;
    const operator = typeof filter.operator === 'string' ? filter.operator : 'exact';
    const value = Array.isArray(filter.value) ? filter.value[0] : filter.value;
    if ((operator === 'exact' || operator === 'icontains') && value !== undefined && value !== null)
      target[filter.key] = value;
    else if (operator === 'is_set' && !(filter.key in target)) target[filter.key] = 'set';
  }
  return { ...sample, event, ...(person ? { person } : {}) };
}
