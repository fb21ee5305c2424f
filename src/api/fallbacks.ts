// Where PostHog's server lacks a documented endpoint: try it, remember per origin that it is absent, and use the
// equivalent until it is worth asking again (a day later: servers get upgraded).
import { isPostHogError, type PostHogError } from './errors';

/**
 * Documented endpoints that some PostHog servers do not serve, each with an equivalent that works (for
 * `hog_function_revisions`, the newest servers' drafts and revisions: the equivalent is to do without).
 */
export type Fallback = 'upsert_properties' | 'groups_property_definitions' | 'hog_function_revisions';

/**
 * What the client knows about endpoints missing from a server. The extension keeps it across windows and restarts
 * (globalState), so a server without `upsert_properties` costs one 404 a day rather than one per window.
 */
export interface FallbackMemory {
  /** When `origin` last showed it lacks the endpoint (epoch ms); undefined when it never did, or has it since. */
  missingSince(origin: string, fallback: Fallback): number | undefined;
  /** Records the absence (`at`), or forgets it (`undefined`) when the endpoint answered after all. */
  remember(origin: string, fallback: Fallback, at: number | undefined): void;
}

/** How long an endpoint found missing is taken as missing before it is asked for once more. */
export const REPROBE_AFTER_MS = 24 * 3_600_000;

/** A memory for the life of the process (the default, and what tests use). */
export function memoryFallbacks(): FallbackMemory {
  const missing = new Map<string, number>();
  const key = (origin: string, fallback: Fallback) => `${origin} ${fallback}`;
  return {
    missingSince: (origin, fallback) => missing.get(key(origin, fallback)),
    remember: (origin, fallback, at) => {
      if (at === undefined) missing.delete(key(origin, fallback));
      else missing.set(key(origin, fallback), at);
    },
  };
}

/** Shared by every client of the process without a memory of its own, as before the memory could be injected. */
export const processFallbacks = memoryFallbacks();

export interface FallbackContext {
  origin: string;
  fallbacks: FallbackMemory;
  now(): number;
}

/**
 * The documented call, or the equivalent while this origin is known to lack the documented endpoint (its first
 * missing-endpoint answer is remembered and the equivalent runs at once; a day later the endpoint is tried once more).
 * Any other failure is the caller's.
 */
export async function withFallback<T>(
  ctx: FallbackContext,
  fallback: Fallback,
  documented: () => Promise<T>,
  equivalent: () => Promise<T>,
): Promise<T> {
  const since = ctx.fallbacks.missingSince(ctx.origin, fallback);
  if (since === undefined || ctx.now() - since >= REPROBE_AFTER_MS) {
    try {
      const result = await documented();
      if (since !== undefined) ctx.fallbacks.remember(ctx.origin, fallback, undefined);
      return result;
    } catch (e) {
      if (!isPostHogError(e) || !isMissingEndpoint(e)) throw e;
      ctx.fallbacks.remember(ctx.origin, fallback, ctx.now());
    }
  }
  return equivalent();
}

/**
 * The server has no such route: PostHog's catch-all answers 404 "Endpoint not found." (or a non-JSON
 * 404 from an older server), or 405 when the path exists for other methods. A 404 "Not found." is a
 * missing group or project, not a missing endpoint.
 */
function isMissingEndpoint(e: PostHogError): boolean {
  return e.status === 405 || (e.status === 404 && (e.detail === undefined || e.detail === 'Endpoint not found.'));
}
