// The globals a hog function is run with, by function type, completed the way PostHog's CDP worker builds them from
// an event (convertToHogFunctionInvocationGlobals): what the caller gives is kept, what is missing is filled in.
import type { HogFunctionKind } from './invocation';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The names each type's code can read (what PostHog's checks call "Global variable"). */
export const GLOBAL_NAMES: Record<HogFunctionKind, readonly string[]> = {
  destination: ['event', 'person', 'groups', 'project', 'source', 'inputs'],
  internal_destination: ['event', 'person', 'groups', 'project', 'source', 'inputs'],
  transformation: ['event', 'project', 'inputs'],
  transformation_log: ['record', 'project', 'inputs'],
  source_webhook: ['request', 'inputs'],
  warehouse_source_webhook: ['request', 'inputs'],
};

export const KINDS = Object.keys(GLOBAL_NAMES) as HogFunctionKind[];

export const isKind = (value: unknown): value is HogFunctionKind =>
  typeof value === 'string' && (KINDS as string[]).includes(value);

export interface GlobalsContext {
  /** PostHog's address, for the URLs the worker puts in the globals. */
  host?: string;
  projectId?: number;
  projectName?: string;
  functionId?: string;
  functionName?: string;
  now?: Date;
}

/** Globals for `kind`: the given ones, with the worker's parts filled in where they are missing. */
export function completeGlobals(
  kind: HogFunctionKind,
  given: Record<string, unknown> = {},
  ctx: GlobalsContext = {},
): Record<string, unknown> {
  const host = (ctx.host ?? 'http://localhost:8000').replace(/\/+$/, '');
  const projectId = ctx.projectId ?? 1;
  const projectUrl = `${host}/project/${projectId}`;
  const project = {
    id: projectId,
    name: ctx.projectName ?? 'Local project',
    url: projectUrl,
    ...(isObject(given.project) ? given.project : {}),
  };
  const inputs = isObject(given.inputs) ? given.inputs : {};
  if (kind === 'transformation_log') {
    const record = isObject(given.record)
      ? given.record
      : { timestamp: (ctx.now ?? new Date()).toISOString(), body: '', attributes: {} };
    return { ...given, project, record, inputs };
  }
  if (kind === 'source_webhook' || kind === 'warehouse_source_webhook') {
    const request = isObject(given.request) ? given.request : { body: {}, headers: {}, ip: '127.0.0.1' };
    return { ...given, request, inputs };
  }
  const givenEvent = isObject(given.event) ? given.event : {};
  const uuid = typeof givenEvent.uuid === 'string' ? givenEvent.uuid : '00000000-0000-4000-8000-000000000000';
  const timestamp =
    typeof givenEvent.timestamp === 'string' ? givenEvent.timestamp : (ctx.now ?? new Date()).toISOString();
  const event = {
    uuid,
    event: '$pageview',
    distinct_id: 'distinct-id',
    elements_chain: '',
    timestamp,
    url: `${projectUrl}/events/${encodeURIComponent(uuid)}/${encodeURIComponent(timestamp)}`,
    ...givenEvent,
    properties: isObject(givenEvent.properties) ? givenEvent.properties : {},
  };
  if (kind === 'transformation') return { ...given, project, event, inputs };
  const person = isObject(given.person)
    ? {
        id: '',
        name: '',
        url: '',
        ...given.person,
        properties: isObject(given.person.properties) ? given.person.properties : {},
      }
    : (given.person ?? null);
  const source = {
    name: ctx.functionName ?? 'Hog function',
    url: `${projectUrl}/pipeline/destinations/hog-${ctx.functionId ?? 'local'}/configuration/`,
    ...(isObject(given.source) ? given.source : {}),
  };
  return { ...given, project, event, person, groups: isObject(given.groups) ? given.groups : {}, source, inputs };
}
