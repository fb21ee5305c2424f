// `POST /api/projects/:id/query/` (§9.4): PostHog's query endpoint, dispatching on `query.kind`. It answers the two
// kinds a Hog editor sends while typing, HogQLMetadata (check a program) and HogQLAutocomplete (complete at a
// position), the way PostHog's server does (posthog/hogql/metadata.py, posthog/hogql/autocomplete.py), and
// EventsQuery (recent events, eventsQuery.ts); any other kind gets PostHog's answer to a query it cannot run here.
// Add other kinds to `KINDS`.
import { eventsQuery } from './eventsQuery';
import type { ThrottleClass } from './faults';
import { randomUUID } from 'node:crypto';
import { ApiError, type FakeResponse, type RequestContext, type Route, notFound, ok, readBody } from './http';
import type { RunningQuery } from './types';
import {
  type AstNode,
  type Notice,
  allHogFunctions,
  compileProgram,
  isFailure,
  nodeAt,
  parseProgram,
  parseTemplate,
  variablesInScope,
} from './hogProgram';
import { isPlainObject, nowIso } from './util';

/** The `kind`s of PostHog's QueryRequest union, for its error message about an unknown one. */
const QUERY_KINDS = [
  'EventsNode',
  'ActionsNode',
  'PersonsNode',
  'DataWarehouseNode',
  'EventsQuery',
  'ActorsQuery',
  'GroupsQuery',
  'InsightActorsQuery',
  'InsightActorsQueryOptions',
  'SessionsTimelineQuery',
  'HogQuery',
  'HogQLQuery',
  'HogQLMetadata',
  'HogQLAutocomplete',
  'HogQLASTQuery',
  'SessionAttributionExplorerQuery',
  'RevenueExampleEventsQuery',
  'ErrorTrackingQuery',
  'WebOverviewQuery',
  'WebStatsTableQuery',
  'TrendsQuery',
  'FunnelsQuery',
  'RetentionQuery',
  'PathsQuery',
  'StickinessQuery',
  'LifecycleQuery',
  'DatabaseSchemaQuery',
];
const LANGUAGES = ['hogQL', 'hogQLExpr', 'hog', 'hogTemplate', 'hogJson', 'liquid'];
const MATCH_ANY_CHARACTER = '$$_POSTHOG_ANY_$$';

/** Python's repr() of a JSON value, as pydantic quotes the input in its messages. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** PostHog's PydanticModelMixin: a request that does not fit the schema is a 400 ParseError with pydantic's text. */
function schemaError(location: string, problem: string, type: string, input: unknown): ApiError {
  const repr = pyRepr(input);
  const shown = repr.length > 100 ? `${repr.slice(0, 48)}...${repr.slice(-48)}` : repr;
  const inputType = Array.isArray(input)
    ? 'list'
    : isPlainObject(input)
      ? 'dict'
      : input === null || input === undefined
        ? 'NoneType'
        : typeof input === 'string'
          ? 'str'
          : typeof input === 'number'
            ? Number.isInteger(input)
              ? 'int'
              : 'float'
            : 'bool';
  const detail = `JSON parse error - 1 validation error for QueryRequest\n${location}\n  ${problem} [type=${type}, input_value=${shown}, input_type=${inputType}]\n    For further information visit https://errors.pydantic.dev/2.10/v/${type}`;
  return new ApiError({ status: 400, body: { type: 'invalid_request', code: 'parse_error', detail, attr: null } });
}

function required(query: Record<string, unknown>, kind: string, fields: Record<string, 'string' | 'integer'>): void {
  for (const [field, type] of Object.entries(fields)) {
    const value = query[field];
    if (value === undefined) throw schemaError(`query.${kind}.${field}`, 'Field required', 'missing', query);
    if (type === 'string' && typeof value !== 'string')
      throw schemaError(`query.${kind}.${field}`, 'Input should be a valid string', 'string_type', value);
    if (type === 'integer' && !Number.isInteger(value))
      throw schemaError(`query.${kind}.${field}`, 'Input should be a valid integer', 'int_type', value);
  }
  if (!LANGUAGES.includes(query.language as string)) {
    throw schemaError(
      `query.${kind}.language`,
      `Input should be ${LANGUAGES.slice(0, -1)
        .map((l) => `'${l}'`)
        .join(', ')} or '${LANGUAGES.at(-1)}'`,
      'enum',
      query.language,
    );
  }
}

const globalsOf = (query: Record<string, unknown>): Record<string, unknown> | null =>
  isPlainObject(query.globals) ? query.globals : null;

/** `get_hogql_metadata` for Hog programs and templates: syntax errors from the parser, then the compiler's findings. */
function metadata(query: Record<string, unknown>): Record<string, unknown> {
  required(query, 'HogQLMetadata', { language: 'string', query: 'string' });
  const source = query.query as string;
  const language = query.language as string;
  const response = {
    isValid: true,
    isValidView: false,
    query: source,
    errors: [] as Notice[],
    warnings: [] as Notice[],
    notices: [] as Notice[],
  };
  if (language !== 'hog' && language !== 'hogTemplate') {
    // HogQL needs the project's database schema to check, which the local PostHog does not model.
    return response;
  }
  const parsed = language === 'hog' ? parseProgram(source) : parseTemplate(`f'${source}`);
  if (isFailure(parsed)) {
    const message = parsed.message.includes("mismatched input '<EOF>' expecting")
      ? 'Unexpected end of query'
      : parsed.message;
    let [start, end] = [parsed.start.offset, parsed.end.offset];
    if (end < start) [start, end] = [end, start];
    // Templates are parsed behind a magic "f'" prefix; PostHog takes its two characters back off.
    if (language === 'hogTemplate' && start > 0) [start, end] = [start - 2, end - 2];
    return { ...response, isValid: false, errors: [{ message, start, end, fix: null }] };
  }
  const compiled = compileProgram(parsed, globalsOf(query));
  if ('fatal' in compiled) return { ...response, isValid: false, errors: [compiled.fatal] };
  return { ...response, ...compiled, isValid: compiled.errors.length === 0 };
}

interface Suggestion {
  label: string;
  insertText: string;
  kind: string;
  detail: string | null;
  documentation: null;
  sortText: null;
}

const suggestion = (label: string, kind: string, detail: string | null = null, insertText = label): Suggestion => ({
  label,
  insertText,
  kind,
  detail,
  documentation: null,
  sortText: null,
});

/** add_globals_to_suggestions: each key with its kind of value, or a short JSON of a scalar. */
function globalSuggestions(values: Record<string, unknown>, existing: Suggestion[]): Suggestion[] {
  const taken = new Set(existing.map((s) => s.label));
  return Object.entries(values)
    .filter(([key]) => !taken.has(key))
    .map(([key, value]) => {
      let detail: string;
      if (isPlainObject(value)) detail = 'Object';
      else if (Array.isArray(value)) detail = 'Array';
      else {
        const json = JSON.stringify(value ?? null);
        detail = json.length > 20 ? `${json.slice(0, 20)}...` : json;
      }
      return suggestion(key, 'Variable', detail);
    });
}

/** `get_hogql_autocomplete` for Hog: nested keys of `globals` after `a.b.`, else locals, the standard library and globals. */
function autocomplete(query: Record<string, unknown>): Record<string, unknown> {
  required(query, 'HogQLAutocomplete', {
    language: 'string',
    query: 'string',
    startPosition: 'integer',
    endPosition: 'integer',
  });
  const source = [...(query.query as string)];
  const startPosition = query.startPosition as number;
  const endPosition = query.endPosition as number;
  const globals = globalsOf(query);
  let suggestions: Suggestion[] = [];
  if (query.language !== 'hog') return { suggestions, incomplete_list: false, timings: [] };
  for (const [extra, added] of [
    ['', 0],
    [MATCH_ANY_CHARACTER, MATCH_ANY_CHARACTER.length],
    ['}', 0],
    [`${MATCH_ANY_CHARACTER}}`, MATCH_ANY_CHARACTER.length],
  ] as const) {
    const attempt = [...source.slice(0, endPosition), ...extra, ...source.slice(endPosition)].join('');
    const root = parseProgram(attempt);
    if (isFailure(root)) continue;
    const node = nodeAt(root, startPosition, endPosition + added);
    if (globals && node?.node === 'Field') {
      let nested: unknown = globals;
      const chain = (node.chain as unknown[]).map(String);
      for (const [index, key] of chain.entries()) {
        if (key.includes(MATCH_ANY_CHARACTER)) break;
        if (isPlainObject(nested) && Object.hasOwn(nested, key)) nested = nested[key];
        else {
          if (index !== chain.length - 1) nested = undefined;
          break;
        }
      }
      if (isPlainObject(nested)) {
        suggestions.push(...globalSuggestions(nested, suggestions));
        // Inside a nested global object: nothing else fits there.
        if (nested !== globals) break;
      }
    }
    suggestions.push(
      ...variablesInScope(root, node as AstNode | undefined).map((name) => suggestion(name, 'Variable')),
    );
    suggestions.push(...allHogFunctions().map((name) => suggestion(name, 'Function', null, `${name}()`)));
    if (globals) suggestions.push(...globalSuggestions(globals, suggestions));
    break;
  }
  // A label listed twice (a local shadowing a global) is shown once, as PostHog's editor does.
  suggestions = suggestions.filter((s, i) => suggestions.findIndex((t) => t.label === s.label) === i);
  return { suggestions, incomplete_list: false, timings: [] };
}

const KINDS: Record<string, (query: Record<string, unknown>, ctx: RequestContext) => Record<string, unknown>> = {
  HogQLMetadata: metadata,
  HogQLAutocomplete: autocomplete,
  EventsQuery: eventsQuery,
};

function answer(ctx: RequestContext): FakeResponse {
  const body = readBody(ctx);
  const query = body.query;
  if (query === undefined) throw schemaError('query', 'Field required', 'missing', body);
  if (!isPlainObject(query))
    throw schemaError(
      'query',
      'Input should be a valid dictionary or object to extract fields from',
      'model_attributes_type',
      query,
    );
  const kind = query.kind;
  const handler = typeof kind === 'string' && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (handler) {
    const result = handler(query, ctx);
    const background = ctx.state.settings.asyncQueries;
    if (!background) return ok(result);
    // As PostHog answers a query it runs in the background: 202 and a status to poll (CacheMissResponse).
    const id = randomUUID().replace(/-/g, '');
    const running = { id, projectId: ctx.project.id, result, pollsLeft: background.polls, startedAt: nowIso() };
    ctx.state.runningQueries.set(id, running);
    return ok({ cache_key: `cache_${id}`, query_status: queryStatus(running, false) }, 202);
  }
  if (typeof kind === 'string' && QUERY_KINDS.includes(kind)) {
    throw new ApiError({
      status: 400,
      body: {
        type: 'validation_error',
        code: 'invalid_input',
        detail: `The local PostHog cannot run ${kind} queries.`,
        attr: null,
      },
    });
  }
  if (kind === undefined)
    throw schemaError('query', "Unable to extract tag using discriminator 'kind'", 'union_tag_not_found', query);
  throw schemaError(
    'query',
    `Input tag ${pyRepr(kind)} found using 'kind' does not match any of the expected tags: ${QUERY_KINDS.map((k) => `'${k}'`).join(', ')}`,
    'union_tag_invalid',
    query,
  );
}

/** PostHog's QueryStatus of a background query; `results` only once it is complete. */
function queryStatus(running: RunningQuery, complete: boolean): Record<string, unknown> {
  return {
    id: running.id,
    team_id: running.projectId,
    query_async: true,
    complete,
    error: false,
    error_message: null,
    start_time: running.startedAt,
    end_time: complete ? nowIso() : null,
    expiration_time: null,
    task_id: null,
    query_progress: null,
    ...(complete ? { results: running.result } : { results: null }),
  };
}

/** `GET query/:id/`: 202 while the query runs, 200 with the results once it is done. */
function status(ctx: RequestContext, [id]: string[]): FakeResponse {
  const running = ctx.state.runningQueries.get(id ?? '');
  if (!running || running.projectId !== ctx.project.id) throw notFound();
  if (running.pollsLeft > 0) {
    running.pollsLeft--;
    return ok({ query_status: queryStatus(running, false) }, 202);
  }
  return ok({ query_status: queryStatus(running, true) });
}

/** `DELETE query/:id/`: cancels a background query. */
function cancel(ctx: RequestContext, [id]: string[]): FakeResponse {
  const known = ctx.state.runningQueries.delete(id ?? '');
  return ok({ message: known ? 'Query cancelled' : 'Query not found' });
}

/** `get_throttles`: a `HogQLQuery` meets the HogQL throttle alone, every other kind the ClickHouse pair. */
function queryThrottle(body: unknown): ThrottleClass {
  return isPlainObject(body) && isPlainObject(body.query) && body.query.kind === 'HogQLQuery' ? 'hogql' : 'query';
}

/** `query` is a read action for personal API keys (QueryViewSet.scope_object_read_actions includes `create`). */
export const queryRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^query$/,
    scopes: ['query:read'],
    auth: 'bearer-401',
    prefixes: ['projects', 'environments'],
    handle: answer,
    throttle: queryThrottle,
  },
  {
    method: 'GET',
    pattern: /^query\/([^/]+)$/,
    scopes: ['query:read'],
    auth: 'bearer-401',
    prefixes: ['projects', 'environments'],
    handle: status,
    throttle: () => 'query',
  },
  {
    method: 'DELETE',
    pattern: /^query\/([^/]+)$/,
    scopes: ['query:read'],
    auth: 'bearer-401',
    prefixes: ['projects', 'environments'],
    handle: cancel,
    throttle: () => 'query',
  },
];
