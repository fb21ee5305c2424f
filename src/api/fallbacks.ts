// Where PostHog's server lacks a documented endpoint: try it once per origin, then remember the equivalent.
import { isPostHogError, type PostHogError } from './errors';

/**
 * Documented endpoints that some PostHog servers do not serve, each with an equivalent that works (for
 * `hog_function_revisions`, the newest servers' drafts and revisions: the equivalent is to do without).
 */
export type Fallback = 'upsert_properties' | 'groups_property_definitions' | 'hog_function_revisions';

// Per origin and for the life of the process: once a server has shown it lacks an endpoint, asking
// again on every call would only double the requests.
const needed = new Map<string, Set<Fallback>>();

/**
 * The documented call, or the equivalent once this origin has shown it lacks the documented endpoint (its first
 * missing-endpoint answer is remembered and the equivalent runs at once). Any other failure is the caller's.
 */
export async function withFallback<T>(origin: string, fallback: Fallback, documented: () => Promise<T>, equivalent: () => Promise<T>): Promise<T> {
  if (!fallbackNeeded(origin, fallback)) {
    try {
      return await documented();
    } catch (e) {
      if (!isPostHogError(e) || !isMissingEndpoint(e)) throw e;
      rememberFallback(origin, fallback);
    }
  }
  return equivalent();
}

function fallbackNeeded(origin: string, fallback: Fallback): boolean {
  return needed.get(origin)?.has(fallback) ?? false;
}

function rememberFallback(origin: string, fallback: Fallback): void {
  const set = needed.get(origin) ?? new Set<Fallback>();
  set.add(fallback);
  needed.set(origin, set);
}

/**
 * The server has no such route: PostHog's catch-all answers 404 "Endpoint not found." (or a non-JSON
 * 404 from an older server), or 405 when the path exists for other methods. A 404 "Not found." is a
 * missing group or project, not a missing endpoint.
 */
function isMissingEndpoint(e: PostHogError): boolean {
  return e.status === 405 || (e.status === 404 && (e.detail === undefined || e.detail === 'Endpoint not found.'));
}
