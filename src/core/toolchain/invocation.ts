// One invocation of a hog function as PostHog's CDP worker runs it, by function type: the globals the type sees,
// the inputs rendered first, the code run (runtime.ts), and for transformations the returned event applied the way
// ingestion applies it. Filters and mappings (which invocations happen at all) are the caller's.
import { renderInputs, type InputSpec } from './inputs';
import { type Execution, execute, executeAsync, type RunLog, type RunOptions } from './runtime';

export type HogFunctionKind =
  | 'destination'
  | 'internal_destination'
  | 'transformation'
  | 'transformation_log'
  | 'source_webhook'
  | 'warehouse_source_webhook';

export interface InvocationOptions extends Omit<
  RunOptions,
  'globals' | 'secrets' | 'eventId' | 'eventUrl' | 'functions'
> {
  kind: HogFunctionKind;
  /** What the function is given: event, person, groups, project, source (a record for log transformations). */
  globals: Record<string, unknown>;
  inputs: readonly InputSpec[];
  functions?: RunOptions['functions'];
}

export interface InvocationOutcome {
  status: 'success' | 'error';
  /** A transformation's event after it ran (null: dropped); a log transformation's record; else the returned value. */
  result: unknown;
  errors: string[];
  logs: RunLog[];
  /** The run itself (absent when the inputs could not be built). */
  execution?: Execution;
}

const object = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Properties ingestion retired; a transformation never sees them. */
const RETIRED = ['$transformations_failed', '$transformations_skipped', '$transformations_succeeded'];

/** The functions PostHog gives every transformation (hog-transformer.service.ts). */
export function transformationFunctions(
  geoip: (ip: string) => unknown = () => null,
): Record<string, (...args: unknown[]) => unknown> {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, clean(v)]),
      );
    return value;
  };
  return { geoipLookup: (ip: unknown) => (typeof ip === 'string' ? geoip(ip) : null), cleanNullValues: clean };
}

/** The globals a transformation sees: its event as ingestion holds it, and the project. */
export function transformationGlobals(globals: Record<string, unknown>): {
  seen: Record<string, unknown>;
  event: Record<string, unknown>;
} {
  const project = object(globals.project);
  const input = object(globals.event);
  const properties = Object.fromEntries(Object.entries(object(input.properties)).filter(([k]) => !RETIRED.includes(k)));
  const event: Record<string, unknown> = {
    ...input,
    properties,
    ip: typeof properties.$ip === 'string' ? properties.$ip : null,
    site_url: str(project.url),
    team_id: project.id ?? null,
    now: '',
  };
  let siteUrl = '';
  try {
    siteUrl = new URL(str(project.url)).origin;
  } catch {
    // No project URL: the site URL stays empty.
  }
  // The transformer's globals name the project by id and the site's URL only (hog-transformer.service.ts).
  const seen = {
    project: { id: project.id ?? null, name: '', url: siteUrl },
    event: {
      uuid: input.uuid ?? null,
      event: input.event ?? null,
      distinct_id: input.distinct_id ?? null,
      properties,
      elements_chain: str(properties.$elements_chain),
      timestamp: input.timestamp ?? '',
      url: str(properties.$current_url),
    },
  };
  return { seen, event };
}

/** Applies what a transformation returned to the event: only properties, event and distinct_id change; null drops it. */
export function applyTransformation(event: Record<string, unknown>, returned: unknown): Record<string, unknown> | null {
  if (!returned) return null;
  const out = { ...event };
  const result = object(returned);
  if (typeof result.properties === 'object' && result.properties !== null && !Array.isArray(result.properties)) {
    out.properties = result.properties;
    out.ip = (result.properties as Record<string, unknown>).$ip ?? null;
    if (typeof result.event === 'string') out.event = result.event;
    if (typeof result.distinct_id === 'string') out.distinct_id = result.distinct_id;
  }
  return out;
}

interface Prepared {
  run: Omit<RunOptions, 'asyncMode'> & { asyncMode: RunOptions['asyncMode'] };
  finish: (execution: Execution) => InvocationOutcome;
}

function prepare(options: InvocationOptions): Prepared | InvocationOutcome {
  const kind = options.kind;
  let globals = options.globals;
  let transformed: Record<string, unknown> | undefined;
  if (kind === 'transformation') {
    const { seen, event } = transformationGlobals(options.globals);
    globals = seen;
    transformed = event;
  } else if (kind === 'transformation_log') {
    globals = { project: object(options.globals.project), record: object(options.globals.record) };
  }
  const event = object(globals.event);
  const eventId = str(event.uuid) || 'Unknown event';
  let rendered: { inputs: Record<string, unknown>; secrets: string[] };
  try {
    rendered = renderInputs(options.inputs, globals);
  } catch (error) {
    const message = `Error building inputs: ${String(error)}`;
    return { status: 'error', result: null, errors: [(error as Error).message], logs: [{ level: 'error', message }] };
  }
  // Transformations run in ingestion, which has no async functions: a call to fetch fails there.
  const asyncMode = kind === 'transformation' || kind === 'transformation_log' ? 'none' : (options.asyncMode ?? 'mock');
  const run = {
    ...options,
    asyncMode,
    globals: { ...globals, inputs: rendered.inputs },
    secrets: rendered.secrets,
    eventId,
    eventUrl: str(event.url),
    functions: { ...(kind === 'transformation' ? transformationFunctions() : {}), ...options.functions },
  };
  const finish = (execution: Execution): InvocationOutcome => {
    const failed = execution.error !== undefined;
    const base = {
      logs: execution.logs,
      execution,
      errors: failed ? [execution.error as string] : [],
      status: failed ? ('error' as const) : ('success' as const),
    };
    if (kind === 'transformation')
      return {
        ...base,
        result: failed ? (transformed ?? null) : applyTransformation(transformed ?? {}, execution.result),
      };
    if (kind === 'transformation_log') return { ...base, result: failed ? (globals.record ?? null) : execution.result };
    return { ...base, result: kind === 'destination' || kind === 'internal_destination' ? null : execution.result };
  };
  return { run, finish };
}

/** Runs one invocation at once (scripted delays are not waited for). */
export function invokeHogFunction(bytecode: unknown[], options: InvocationOptions): InvocationOutcome {
  const prepared = prepare(options);
  if (!('run' in prepared)) return prepared;
  return prepared.finish(execute(bytecode, prepared.run));
}

/** Runs one invocation, waiting out scripted delays. */
export async function invokeHogFunctionAsync(
  bytecode: unknown[],
  options: InvocationOptions,
): Promise<InvocationOutcome> {
  const prepared = prepare(options);
  if (!('run' in prepared)) return prepared;
  return prepared.finish(await executeAsync(bytecode, prepared.run));
}
