// What a hog function does when it runs: test invocations (§3.6), logs (§3.7) and the routes of its metrics (§3.8, metrics.ts).
import { simulateHog } from './hog';
import { ConfigError, type ValidConfig, effectiveType, validateConfig } from './hogFunctionConfig';
import { findFunction } from './hogFunctions';
import { type FakeResponse, type RequestContext, type Route, limitOffsetPage, ok, raw, readBody, validationError } from './http';
import { metrics, metricsTotals } from './metrics';
import type { FakeLogEntry, Json } from './types';
import { isPlainObject, isoFromMs, luxonIso, microsFromIso, newUuid } from './util';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVOCABLE = new Set(['destination', 'internal_destination', 'transformation', 'transformation_log']);

/** The Django view forwards to the CDP worker; a worker error keeps its status with this body. */
const workerError = (message: string) => raw(400, { status: 'error', errors: [message] });

function eventMatchesFilters(config: ValidConfig, eventName: unknown): boolean {
  const events = config.filters.events;
  if (!Array.isArray(events) || events.length === 0) return true;
  return events.some((e) => isPlainObject(e) && (e.id === null || e.id === undefined || e.id === eventName));
}

function invocations(ctx: RequestContext, [id]: string[]): FakeResponse {
  const body = readBody(ctx);
  // An id that is not one of this project's functions is treated as `new`.
  const stored = ctx.state.hogFunctions.find((f) => f.id === id && f.project_id === ctx.project.id && !f.deleted);
  if (!isPlainObject(body.configuration)) throw raw(400, { configuration: ['Required unless use_draft is true.'] });
  if (body.invocation_id !== undefined && body.invocation_id !== null && !(typeof body.invocation_id === 'string' && UUID_RE.test(body.invocation_id))) {
    throw raw(400, { invocation_id: ['Must be a valid UUID.'] });
  }
  let config: ValidConfig;
  try {
    config = validateConfig(body.configuration, stored, [], ['configuration']);
  } catch (error) {
    // This view returns serializer errors un-normalised, unlike every other endpoint here.
    if (error instanceof ConfigError) throw raw(400, error.nested());
    throw error;
  }
  const globals = isPlainObject(body.globals) ? body.globals : isPlainObject(body.clickhouse_event) ? { event: body.clickhouse_event } : {};
  const type = effectiveType(config.type);
  if (!INVOCABLE.has(type)) throw workerError('Invalid function type');
  // Log transformations run on a log record (PostHog's logs product), everything else on an event.
  if (type === 'transformation_log') {
    if (!isPlainObject(globals.record)) throw workerError('Missing record');
  } else {
    if (!isPlainObject(globals.event)) throw workerError('Missing event');
    if (!eventMatchesFilters(config, globals.event.event)) return ok({ result: null, status: 'skipped', errors: [], logs: [] });
  }

  const inputs: Record<string, Json> = {};
  for (const [key, entry] of Object.entries({ ...config.inputs, ...config.encrypted_inputs })) inputs[key] = entry.value ?? null;
  const outcome = simulateHog(config.hog, type, globals, inputs);
  const start = Date.now();
  const logs = outcome.logs.map((l, i) => ({ level: l.level, timestamp: luxonIso(start + i), message: l.message }));
  if (stored) {
    const instanceId = typeof body.invocation_id === 'string' ? body.invocation_id : newUuid();
    ctx.state.logs.push(...outcome.logs.map((l, i): FakeLogEntry => ({
      log_source_id: stored.id, instance_id: instanceId, timestamp: isoFromMs(start + i), level: l.level.toUpperCase() as FakeLogEntry['level'], message: l.message,
    })));
  }
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
    const unitMs = { h: 3600e3, d: 86400e3, w: 7 * 86400e3, m: 30 * 86400e3, y: 365 * 86400e3 }[relative[2] as 'h' | 'd' | 'w' | 'm' | 'y'];
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
  const levels = ctx.query.get('level')?.split(',').map((l) => l.trim().toUpperCase()).filter(Boolean);
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
    { method: 'POST', pattern: new RegExp(`^hog_functions/${ID}/invocations$`), scopes: ['hog_function:write'], auth: 'bearer-401', prefixes: both, handle: invocations },
    { method: 'GET', pattern: new RegExp(`^hog_functions/${ID}/logs$`), scopes: read, auth: 'bearer-401', prefixes: both, handle: logs },
    { method: 'GET', pattern: new RegExp(`^hog_functions/${ID}/metrics$`), scopes: read, auth: 'bearer-401', prefixes: both, handle: metrics },
    { method: 'GET', pattern: new RegExp(`^hog_functions/${ID}/metrics/totals$`), scopes: read, auth: 'bearer-401', prefixes: both, handle: metricsTotals },
  ];
}
