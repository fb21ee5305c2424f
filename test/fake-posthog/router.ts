// Request handling for `/api/...`, in the order PostHog applies it: route, authentication, project,
// key restrictions, scopes, throttles, then the view.
import type { IncomingHttpHeaders } from 'node:http';
import { type AuthFlavor, authenticate, checkProjectAccess, projectFromTokenParam, requireScopes } from './auth';
import { groupRoutes } from './groups';
import { hogFunctionRunRoutes } from './hogFunctionRuns';
import { hogFunctionRoutes, userBasic } from './hogFunctions';
import { queryRoutes } from './query';
import { revisionRoutes } from './revisions';
import { templateRoutes } from './templates';
import {
  ApiError,
  type FakeResponse,
  type Prefix,
  type RequestContext,
  type Route,
  apiError,
  endpointNotFound,
  errorResponse,
  limitOffsetPage,
  notFound,
  ok,
  serverErrorResponse,
  throttledResponse,
} from './http';
import type { ThrottleClass } from './faults';
import type { FakeApiKey, FakeProject, FakeState, Json } from './types';

const routes: Route[] = [
  ...groupRoutes,
  ...hogFunctionRoutes,
  ...hogFunctionRunRoutes(),
  ...queryRoutes,
  ...templateRoutes,
  ...revisionRoutes,
];

export interface ApiRequest {
  method: string;
  url: URL;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  bodyParseError: string | null;
}

/** Returns the wait in seconds when the key is over the limits of the throttle class the request meets. */
export type Throttle = (key: FakeApiKey, kind: ThrottleClass) => number | null;

export function handleApi(state: FakeState, req: ApiRequest, throttle: Throttle): FakeResponse {
  try {
    return dispatch(state, req, throttle);
  } catch (error) {
    if (error instanceof ApiError) return error.response;
    console.error('fake PostHog: unhandled error', error);
    return serverErrorResponse();
  }
}

function methodNotAllowed(method: string): ApiError {
  return apiError(405, 'invalid_request', 'method_not_allowed', `Method "${method}" not allowed.`);
}

function authorize(state: FakeState, req: ApiRequest, flavor: AuthFlavor): FakeApiKey {
  return authenticate(state, req.headers, req.body, req.url.searchParams, flavor, req.url.origin);
}

function applyThrottle(key: FakeApiKey, throttle: Throttle, kind: ThrottleClass = 'default'): void {
  const wait = throttle(key, kind);
  if (wait !== null) throw new ApiError(throttledResponse(wait));
}

function resolveProject(state: FakeState, idText: string, req: ApiRequest, flavor: AuthFlavor): FakeProject {
  const byToken = projectFromTokenParam(state, req.url.searchParams, flavor, req.url.origin);
  if (byToken) return byToken;
  const id = idText === '@current' ? state.user.current_project_id : /^\d+$/.test(idText) ? Number(idText) : null;
  const project = id === null ? undefined : state.projects.find((p) => p.id === id);
  if (!project) throw notFound('Project not found.');
  return project;
}

function dispatch(state: FakeState, req: ApiRequest, throttle: Throttle): FakeResponse {
  const path = req.url.pathname.replace(/\/+$/, '');
  if (path === '/api/users/@me')
    return accountRoute(state, req, throttle, 'GET', ['user:read'], () => ok(serializeUser(state)));
  if (path === '/api/projects') {
    return accountRoute(state, req, throttle, 'GET', ['project:read'], (key) =>
      ok(
        limitOffsetPage(
          { url: req.url, query: req.url.searchParams },
          visibleProjects(state, key).map((p) => serializeProject(state, p)),
          100,
        ),
      ),
    );
  }
  const match = /^\/api\/(projects|environments)\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!match) throw endpointNotFound();
  const prefix = match[1] as Prefix;
  const subpath = match[3] ?? '';
  if (subpath === '' && prefix === 'projects') {
    return accountRoute(state, req, throttle, 'GET', ['project:read'], (key) => {
      const project = resolveProject(state, match[2] as string, req, 'bearer-401');
      checkProjectAccess(key, project);
      return ok(serializeProject(state, project));
    });
  }
  const served = (route: Route) => route.prefixes.includes(prefix) && (!route.newestOnly || state.release === 'newest');
  const candidates = routes
    .map((route) => ({ route, params: served(route) ? route.pattern.exec(subpath) : null }))
    .filter((c) => c.params);
  if (candidates.length === 0) throw endpointNotFound();
  const flavor = (candidates[0] as (typeof candidates)[number]).route.auth;
  const key = authorize(state, req, flavor);
  const project = resolveProject(state, match[2] as string, req, flavor);
  checkProjectAccess(key, project);
  const chosen = candidates.find((c) => c.route.method === req.method);
  if (!chosen) throw methodNotAllowed(req.method);
  requireScopes(key, chosen.route.scopes);
  applyThrottle(key, throttle, chosen.route.throttle?.(req.body) ?? 'default');
  if (!chosen.route.handle)
    throw new ApiError(
      errorResponse(
        403,
        'authentication_error',
        'permission_denied',
        'This action does not support personal API key access',
      ),
    );
  const ctx: RequestContext = {
    state,
    method: req.method,
    url: req.url,
    rawQuery: req.rawQuery,
    query: req.url.searchParams,
    headers: req.headers,
    body: req.body,
    bodyParseError: req.bodyParseError,
    project,
    key,
    subpath,
    prefix,
  };
  return chosen.route.handle(
    ctx,
    (chosen.params as RegExpExecArray).slice(1).map((p) => decodeURIComponent(p)),
  );
}

function accountRoute(
  state: FakeState,
  req: ApiRequest,
  throttle: Throttle,
  method: string,
  scopes: string[],
  handle: (key: FakeApiKey) => FakeResponse,
): FakeResponse {
  const key = authorize(state, req, 'bearer-401');
  if (req.method !== method) throw methodNotAllowed(req.method);
  requireScopes(key, scopes);
  applyThrottle(key, throttle);
  return handle(key);
}

function visibleProjects(state: FakeState, key: FakeApiKey): FakeProject[] {
  return state.projects.filter((p) => p.accessible && (!key.projects || key.projects.includes(p.id)));
}

export function serializeProject(state: FakeState, p: FakeProject): Record<string, Json> {
  return {
    id: p.id,
    uuid: p.uuid,
    organization: state.organization.id,
    name: p.name,
    api_token: p.api_token,
    timezone: p.timezone,
    created_at: p.created_at,
  };
}

function serializeUser(state: FakeState): Record<string, Json> {
  const org = state.organization;
  const current = state.projects.find((p) => p.id === state.user.current_project_id);
  const mine = state.projects.filter((p) => p.accessible);
  const team = current ? { ...serializeProject(state, current), project_id: current.id } : null;
  const orgSummary = { id: org.id, name: org.name, slug: org.slug, membership_level: 15 };
  return {
    ...userBasic(state),
    team,
    organization: {
      ...orgSummary,
      teams: mine.map((p) => ({ id: p.id, uuid: p.uuid, name: p.name, project_id: p.id })),
      projects: mine.map((p) => ({ id: p.id, name: p.name })),
    },
    organizations: [orgSummary],
  };
}
