// What a hog function does when it runs: test invocations (§3.6), logs (§3.7) and the routes of its metrics (§3.8,
// metrics.ts). An invocation runs the function's code in PostHog's VM the way PostHog's CDP worker does (cdp-api.ts,
// hog-executor, hog-transformer): filters and mappings pick the invocations, inputs are rendered from their
// templates, fetch() and other async functions are mocked and logged, a transformation's result is applied to the
// event as ingestion applies it.
import { type FilterEvent, matchesHogFunctionFilters } from './eventFilters';
import { ConfigError, type ValidConfig, effectiveType, SITE_TYPES, validateConfig } from './hogFunctionConfig';
import { findFunction } from './hogFunctions';
import { applyTransformation, transformationFunctions, transformationGlobals } from '../../src/core/toolchain';
import {
  compileProgramSource,
  execute,
  HogCompileError,
  type InputSpec,
  renderInputs,
  type RunLog,
} from './hogRuntime';
import {
  type FakeResponse,
  type RequestContext,
  type Route,
  limitOffsetPage,
  ok,
  raw,
  readBody,
  validationError,
} from './http';
import { CONTENT_FIELDS } from './revisions';
import { metrics, metricsTotals } from './metrics';
import type { FakeHogFunction, Json, JsonObject } from './types';
import { isPlainObject, luxonIso, microsFromIso } from './util';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVOCABLE = new Set(['destination', 'internal_destination', 'transformation', 'transformation_log']);

/** The Django view forwards to the CDP worker; a worker error keeps its status with this body. */
const workerError = (message: string) => raw(400, { status: 'error', errors: [message] });

interface Outcome {
  result: Json;
  status: 'success' | 'error' | 'skipped';
  errors: string[];
  logs: RunLog[];
}

const object = (value: Json | undefined): JsonObject => (isPlainObject(value) ? value : {});
const str = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

/** The inputs a run renders, in schema order: the configuration's (secrets included), then a mapping's. */
function inputSpecs(schema: JsonObject[], values: Record<string, JsonObject>): InputSpec[] {
  return schema.flatMap((item) => {
    const key = String(item.key);
    const entry = values[key];
    if (!entry || entry.value === undefined) return [];
    return [
      {
        key,
        type: String(item.type),
        secret: item.secret === true,
        value: entry.value,
        ...(typeof entry.templating === 'string' ? { templating: entry.templating } : {}),
      },
    ];
  });
}

/** The event as the function's filters see it (convertToHogFunctionFilterGlobal). */
function filterEventOf(globals: JsonObject, groupIndexes: Map<string, number>): FilterEvent {
  const event = object(globals.event);
  const person = isPlainObject(globals.person) ? globals.person : null;
  const groups: Record<number, JsonObject> = {};
  for (const [type, group] of Object.entries(object(globals.groups))) {
    const index = isPlainObject(group) && typeof group.index === 'number' ? group.index : groupIndexes.get(type);
    if (index !== undefined && isPlainObject(group)) groups[index] = object(group.properties);
  }
  return {
    uuid: str(event.uuid),
    event: str(event.event),
    distinct_id: str(event.distinct_id),
    timestamp: str(event.timestamp),
    elements_chain: str(event.elements_chain),
    properties: object(event.properties),
    person: person ? { id: str(person.id), properties: object(person.properties) } : null,
    groups,
  };
}

/** A small fake of PostHog's MaxMind lookup: MaxMind's own test addresses resolve, any other address does not. */
const GEOIP: Record<string, JsonObject> = {
  '89.160.20.112': {
    city: { names: { en: 'Linköping' } },
    country: { isoCode: 'SE', names: { en: 'Sweden' } },
    continent: { code: 'EU', names: { en: 'Europe' } },
    location: { latitude: 58.4167, longitude: 15.6167, time_zone: 'Europe/Stockholm' },
  },
  '81.2.69.142': {
    city: { names: { en: 'London' } },
    country: { isoCode: 'GB', names: { en: 'United Kingdom' } },
    continent: { code: 'EU', names: { en: 'Europe' } },
    location: { latitude: 51.5142, longitude: -0.0931, time_zone: 'Europe/London' },
  },
  '216.160.83.56': {
    city: { names: { en: 'Milton' } },
    country: { isoCode: 'US', names: { en: 'United States' } },
    continent: { code: 'NA', names: { en: 'North America' } },
    location: { latitude: 47.2513, longitude: -122.3149, time_zone: 'America/Los_Angeles' },
  },
};

/** One run's logs, returned value and error. */
type Run = { logs: RunLog[]; result: Json; error?: string };

const TRANSFORMATION_FUNCTIONS = transformationFunctions((ip) => GEOIP[ip] ?? null);

function runOnce(
  bytecode: unknown[],
  globals: JsonObject,
  specs: InputSpec[],
  mockAsync: boolean,
  functions = {},
): Run {
  const event = object(globals.event);
  const eventId = str(event.uuid) || 'Unknown event';
  let rendered;
  try {
    rendered = renderInputs(specs, globals);
  } catch (error) {
    return {
      logs: [{ level: 'error', message: `Error building inputs for event ${eventId}: ${(error as Error).message}` }],
      result: null,
    };
  }
  return execute(bytecode, {
    globals: { ...globals, inputs: rendered.inputs as JsonObject },
    secrets: rendered.secrets,
    functions,
    mockAsync,
    eventId,
    eventUrl: str(event.url),
  });
}

/** Destinations: the top-level filters, then one invocation per matching mapping (or one without mappings). */
function runDestination(
  ctx: RequestContext,
  config: ValidConfig,
  id: string,
  bytecode: unknown[],
  globals: JsonObject,
  mockAsync: boolean,
): Outcome {
  const groupIndexes = new Map(
    ctx.state.groupTypes.filter((t) => t.project_id === ctx.project.id).map((t) => [t.group_type, t.group_type_index]),
  );
  const filterEvent = filterEventOf(globals, groupIndexes);
  const filterCtx = { actions: ctx.state.actions };
  const logs: RunLog[] = [];
  const errors: string[] = [];
  const filtered = () => logs.push({ level: 'info', message: 'Mapping trigger not matching filters was ignored.' });
  const invocations: InputSpec[][] = [];
  const base = inputSpecs(config.inputs_schema, { ...config.inputs, ...config.encrypted_inputs });
  if (!matchesHogFunctionFilters(config.filters, filterEvent, filterCtx, ctx.project.id)) filtered();
  else if (!config.mappings) invocations.push(base);
  else {
    for (const mapping of config.mappings) {
      if (!matchesHogFunctionFilters(object(mapping.filters), filterEvent, filterCtx, ctx.project.id)) filtered();
      else
        invocations.push([
          ...base,
          ...inputSpecs(
            (mapping.inputs_schema as JsonObject[]) ?? [],
            object(mapping.inputs) as Record<string, JsonObject>,
          ),
        ]);
    }
  }
  const projectUrl = str(object(globals.project).url);
  const withSource = {
    ...globals,
    source: {
      name: config.name ?? `Hog function: ${id}`,
      url: `${projectUrl}/pipeline/destinations/hog-${id}/configuration/`,
    },
  };
  for (const specs of invocations) {
    const run = runOnce(bytecode, withSource, specs, mockAsync);
    logs.push(...run.logs);
    if (run.error !== undefined) errors.push(run.error);
  }
  const skipped = invocations.length === 0;
  return { result: null, status: errors.length ? 'error' : skipped ? 'skipped' : 'success', errors, logs };
}

/** Transformations: the event as ingestion holds it, changed only in `properties`, `event` and `distinct_id`; null when dropped. */
function runTransformation(
  ctx: RequestContext,
  config: ValidConfig,
  bytecode: unknown[],
  globals: JsonObject,
): Outcome {
  const project = { id: ctx.project.id, ...object(globals.project) };
  const { seen, event } = transformationGlobals({ ...globals, project });
  const hasFilters = ['events', 'actions', 'properties'].some(
    (k) => Array.isArray(config.filters[k]) && (config.filters[k] as Json[]).length > 0,
  );
  const groupIndexes = new Map<string, number>();
  if (
    hasFilters &&
    !matchesHogFunctionFilters(
      config.filters,
      filterEventOf(globals, groupIndexes),
      { actions: ctx.state.actions },
      ctx.project.id,
    )
  ) {
    return { result: event as JsonObject, status: 'success', errors: [], logs: [] };
  }
  const run = runOnce(
    bytecode,
    seen as JsonObject,
    inputSpecs(config.inputs_schema, { ...config.inputs, ...config.encrypted_inputs }),
    false,
    TRANSFORMATION_FUNCTIONS,
  );
  if (run.error !== undefined)
    return { result: event as JsonObject, status: 'error', errors: [run.error], logs: run.logs };
  return {
    result: applyTransformation(event, run.result) as JsonObject | null,
    status: 'success',
    errors: [],
    logs: run.logs,
  };
}

/** Log transformations run on a log record (PostHog's logs product) and return the record to keep, or null. */
function runLogTransformation(config: ValidConfig, bytecode: unknown[], globals: JsonObject): Outcome {
  const run = runOnce(
    bytecode,
    { project: object(globals.project), record: object(globals.record) },
    inputSpecs(config.inputs_schema, { ...config.inputs, ...config.encrypted_inputs }),
    false,
  );
  if (run.error !== undefined)
    return { result: globals.record ?? null, status: 'error', errors: [run.error], logs: run.logs };
  return { result: run.result, status: 'success', errors: [], logs: run.logs };
}

/**
 * The staged draft as a configuration to test (`_draft_test_configuration`): the live function with the draft's config
 * fields on top, the draft's staged secrets in plaintext; secrets it does not stage are recovered from the live ones.
 */
function draftConfiguration(fn: FakeHogFunction): Record<string, unknown> {
  const draft = fn.draft ?? {};
  const content = Object.fromEntries(CONTENT_FIELDS.filter((f) => f in draft).map((f) => [f, draft[f]]));
  const inputs = { ...(isPlainObject(draft.inputs) ? draft.inputs : fn.inputs), ...(fn.draft_encrypted_inputs ?? {}) };
  return {
    type: fn.type,
    name: fn.name,
    hog: fn.hog,
    inputs_schema: fn.inputs_schema,
    filters: fn.filters,
    mappings: fn.mappings,
    masking: fn.masking,
    ...content,
    inputs,
  };
}

function invocations(ctx: RequestContext, [id]: string[]): FakeResponse {
  const body = readBody(ctx);
  // An id that is not one of this project's functions is treated as `new`.
  const stored: FakeHogFunction | undefined = ctx.state.hogFunctions.find(
    (f) => f.id === id && f.project_id === ctx.project.id && !f.deleted,
  );
  let configuration: unknown = body.configuration;
  if (ctx.state.release === 'newest') {
    // The newest view: `use_draft` tests the staged draft; otherwise a configuration is required, and its absence is
    // raised as a standard ValidationError before the serializer runs.
    if (body.use_draft === true || body.use_draft === 'true') {
      if (!stored?.draft) throw validationError('use_draft', 'This function has no staged draft to test.');
      configuration = draftConfiguration(stored);
    } else if (!('configuration' in body)) {
      throw validationError('configuration', 'Required unless use_draft is true.');
    }
  } else if (!('configuration' in body)) {
    // Older servers: the serializer requires it, and this view returns serializer errors raw.
    throw raw(400, { configuration: ['This field is required.'] });
  }
  if (!isPlainObject(configuration)) {
    const got = Array.isArray(configuration)
      ? 'list'
      : configuration === null
        ? 'NoneType'
        : typeof configuration === 'string'
          ? 'str'
          : typeof configuration;
    throw raw(400, { configuration: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] } });
  }
  let config: ValidConfig;
  try {
    config = validateConfig(configuration, stored, [], ['configuration']);
  } catch (error) {
    // This view returns serializer errors un-normalised, unlike every other endpoint here.
    if (error instanceof ConfigError) throw raw(400, error.nested());
    throw error;
  }
  const type = effectiveType(config.type);
  // The serializer compiles the code (PostHog's parser and bytecode compiler); code they refuse is not run.
  let bytecode: unknown[] = [];
  if (!SITE_TYPES.has(type)) {
    try {
      bytecode = compileProgramSource(config.hog);
    } catch (error) {
      if (error instanceof HogCompileError) throw raw(400, { configuration: { hog: ['Hog code has errors.'] } });
      throw error;
    }
  }
  const given = isPlainObject(body.globals)
    ? body.globals
    : isPlainObject(body.clickhouse_event)
      ? { event: body.clickhouse_event }
      : {};
  // Django's CharField takes any string; the CDP worker refuses an invocation id that is not a UUID.
  if (typeof body.invocation_id === 'string' && !UUID_RE.test(body.invocation_id))
    throw workerError('Invalid invocation ID');
  if (!INVOCABLE.has(type)) throw workerError('Invalid function type');
  const projectUrl = `${ctx.url.origin}/project/${ctx.project.id}`;
  const globals: JsonObject = {
    ...given,
    project: { id: ctx.project.id, name: ctx.project.name, url: projectUrl, ...object(given.project) },
  };
  let outcome: Outcome;
  if (type === 'transformation_log') {
    if (!isPlainObject(given.record)) throw workerError('Missing record');
    outcome = runLogTransformation(config, bytecode, globals);
  } else {
    if (!isPlainObject(given.event)) throw workerError('Missing event');
    outcome =
      type === 'transformation'
        ? runTransformation(ctx, config, bytecode, globals)
        : runDestination(ctx, config, stored?.id ?? 'new', bytecode, globals, body.mock_async_functions !== false);
  }
  // A test run's logs come back in the answer only: PostHog stores nothing for it (§3.6).
  const start = Date.now();
  const logs = outcome.logs.map((l, i) => ({ level: l.level, timestamp: luxonIso(start + i), message: l.message }));
  return ok({ result: outcome.result, status: outcome.status, errors: outcome.errors, logs });
}

function intParam(ctx: RequestContext, name: string, fallback: number, min: number, max: number): number {
  const rawValue = ctx.query.get(name);
  if (rawValue === null) return fallback;
  if (!/^\d+$/.test(rawValue)) throw validationError(name, 'A valid integer is required.');
  const value = Number(rawValue);
  if (value < min) throw validationError(name, `Ensure this value is greater than or equal to ${min}.`, 'min_value');
  if (value > max) throw validationError(name, `Ensure this value is less than or equal to ${max}.`, 'max_value');
  return value;
}

function dateParam(ctx: RequestContext, name: string, fallback: number | null): number | null {
  const rawValue = ctx.query.get(name);
  if (rawValue === null || rawValue === '') return fallback;
  const relative = /^-(\d+)([hdwmy])$/.exec(rawValue);
  if (relative) {
    const unitMs = { h: 3600e3, d: 86400e3, w: 7 * 86400e3, m: 30 * 86400e3, y: 365 * 86400e3 }[
      relative[2] as 'h' | 'd' | 'w' | 'm' | 'y'
    ];
    return Date.now() - Number(relative[1]) * unitMs;
  }
  const absolute = Date.parse(rawValue);
  if (Number.isNaN(absolute)) throw validationError(name, 'Datetime has wrong format.');
  return absolute;
}

function logs(ctx: RequestContext, [id]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const limit = intParam(ctx, 'limit', 50, 1, 500);
  const after = dateParam(ctx, 'after', null);
  const before = dateParam(ctx, 'before', null);
  const levels = ctx.query
    .get('level')
    ?.split(',')
    .map((l) => l.trim().toUpperCase())
    .filter(Boolean);
  const search = ctx.query.get('search')?.toLowerCase();
  const instanceId = ctx.query.get('instance_id');
  const entries = ctx.state.logs
    .filter((l) => l.log_source_id === fn.id)
    .filter((l) => after === null || Date.parse(l.timestamp) > after)
    .filter((l) => before === null || Date.parse(l.timestamp) < before)
    .filter((l) => !levels?.length || levels.includes(l.level))
    .filter((l) => !search || l.message.toLowerCase().includes(search))
    .filter((l) => !instanceId || l.instance_id === instanceId)
    // By time, not by text: a whole second is written without its fraction ("…:35Z"), which sorts after "…:35.001000Z".
    .sort((a, b) => microsFromIso(b.timestamp) - microsFromIso(a.timestamp))
    .slice(0, limit);
  return ok(limitOffsetPage(ctx, entries, limit));
}

const ID = '([^/]+)';

export function hogFunctionRunRoutes(): Route[] {
  const both: Route['prefixes'] = ['projects', 'environments'];
  const read = ['hog_function:read'];
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^hog_functions/${ID}/invocations$`),
      scopes: ['hog_function:write'],
      auth: 'bearer-401',
      prefixes: both,
      handle: invocations,
    },
    {
      method: 'GET',
      pattern: new RegExp(`^hog_functions/${ID}/logs$`),
      scopes: read,
      auth: 'bearer-401',
      prefixes: both,
      handle: logs,
    },
    {
      method: 'GET',
      pattern: new RegExp(`^hog_functions/${ID}/metrics$`),
      scopes: read,
      auth: 'bearer-401',
      prefixes: both,
      handle: metrics,
    },
    {
      method: 'GET',
      pattern: new RegExp(`^hog_functions/${ID}/metrics/totals$`),
      scopes: read,
      auth: 'bearer-401',
      prefixes: both,
      handle: metricsTotals,
    },
  ];
}
