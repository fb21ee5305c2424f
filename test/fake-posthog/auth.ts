// The local PostHog's personal API keys and scopes, and how PostHog's viewsets answer a missing or wrong key.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, errorResponse, permissionDenied } from './http';
import type { FakeApiKey, FakeProject, FakeState } from './types';
import { randomToken } from './util';

/**
 * How a viewset answers bad credentials. DRF sends 401 only when the first authenticator has a
 * `WWW-Authenticate` value: true for groups and hog functions, not for groups_types, whose first
 * authenticator (sharing tokens) has none, so it answers 403.
 */
export type AuthFlavor = 'bearer-401' | 'sharing-403';

type KeySource = 'Authorization header' | 'body' | 'query string';

export function createKey(state: FakeState, scopes: string[], projects?: number[]): string {
  const key = `phx_${randomToken(30)}`;
  state.keys.set(key, { key, scopes: [...scopes], ...(projects ? { projects: [...projects] } : {}), revoked: false });
  return key;
}

/** PostHog tries only the first candidate it finds: header, then body, then query string. */
function findCredential(
  headers: IncomingHttpHeaders,
  body: unknown,
  query: URLSearchParams,
): { token: string; source: KeySource } | null {
  const header = headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (bearer) return { token: bearer, source: 'Authorization header' };
  if (typeof body === 'object' && body !== null && 'personal_api_key' in body) {
    const value = (body as Record<string, unknown>).personal_api_key;
    if (typeof value === 'string' && value) return { token: value, source: 'body' };
  }
  const fromQuery = query.get('personal_api_key');
  if (fromQuery) return { token: fromQuery, source: 'query string' };
  return null;
}

function authFailure(flavor: AuthFlavor, origin: string, code: string, detail: string): ApiError {
  if (flavor === 'sharing-403') return new ApiError(errorResponse(403, 'authentication_error', code, detail));
  return new ApiError(
    errorResponse(401, 'authentication_error', code, detail, null, {
      'WWW-Authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"`,
    }),
  );
}

export function authenticate(
  state: FakeState,
  headers: IncomingHttpHeaders,
  body: unknown,
  query: URLSearchParams,
  flavor: AuthFlavor,
  origin: string,
): FakeApiKey {
  const credential = findCredential(headers, body, query);
  if (!credential) return unauthenticated(flavor, origin);
  if (credential.token.startsWith('pha_')) {
    // OAuth access tokens go to a different authenticator; the local PostHog issues none.
    throw authFailure(flavor, origin, 'authentication_failed', 'Invalid access token.');
  }
  const key = state.keys.get(credential.token);
  if (!key || key.revoked) {
    throw authFailure(
      flavor,
      origin,
      'authentication_failed',
      `Personal API key found in request ${credential.source} is invalid.`,
    );
  }
  return key;
}

function unauthenticated(flavor: AuthFlavor, origin: string): never {
  throw authFailure(flavor, origin, 'not_authenticated', 'Authentication credentials were not provided.');
}

/**
 * `token=` / `api_key=` query parameters are read as a project API token and override the URL's
 * project (routing `_get_team_from_request`). An unknown token fails authentication.
 */
export function projectFromTokenParam(
  state: FakeState,
  query: URLSearchParams,
  flavor: AuthFlavor,
  origin: string,
): FakeProject | null {
  const token = query.get('token') ?? query.get('api_key');
  if (token === null) return null;
  const project = state.projects.find((p) => p.api_token === token);
  if (!project)
    throw authFailure(
      flavor,
      origin,
      'authentication_failed',
      'Project API key invalid. You can find your project API key in PostHog project settings.',
    );
  return project;
}

export function checkProjectAccess(key: FakeApiKey, project: FakeProject): void {
  if (key.projects && !key.projects.includes(project.id)) {
    throw permissionDenied(`API key does not have access to the requested project: ID ${project.id}.`);
  }
  if (!project.accessible) throw permissionDenied("You don't have access to the project.");
}

export function keyHasScope(key: FakeApiKey, scope: string): boolean {
  if (key.scopes.includes('*') || key.scopes.includes(scope)) return true;
  const [object, level] = scope.split(':');
  return level === 'read' && key.scopes.includes(`${object}:write`);
}

/** `null` scopes means the action has no scope mapping, which PostHog refuses for personal API keys. */
export function requireScopes(key: FakeApiKey, scopes: string[] | null): void {
  if (scopes === null) throw permissionDenied('This action does not support personal API key access');
  const missing = scopes.find((scope) => !keyHasScope(key, scope));
  if (missing) throw permissionDenied(`API key missing required scope '${missing}'`);
}
