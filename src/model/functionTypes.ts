// What the extension knows about each hog function type, in one place: its labels, whether its code is Hog or
// browser TypeScript, and whether PostHog can test-run it and with which globals (posthog-api.md 9.2, 9.3).
// A function whose `type` is null is a destination: the API client applies that rule when it reads the row.

/** PostHog's function types in the order its UI lists them, with their plural labels. */
const TYPE_LABELS: Record<string, string> = {
  destination: 'Destinations',
  transformation: 'Transformations',
  transformation_log: 'Log transformations',
  site_destination: 'Site destinations',
  site_app: 'Site apps',
  internal_destination: 'Internal destinations',
  source_webhook: 'Source webhooks',
};

/** The types a person can pick in the filter, in PostHog's order. */
export const FUNCTION_TYPES = Object.keys(TYPE_LABELS);

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** One function's type, e.g. "Destination". */
export function singularTypeLabel(type: string): string {
  return typeLabel(type).replace(/s$/, '');
}

/** Position of a type in PostHog's order; unknown (newer) types come last. */
export function typeRank(type: string): number {
  const i = FUNCTION_TYPES.indexOf(type);
  return i === -1 ? FUNCTION_TYPES.length : i;
}

export function functionLabel(f: { name?: string | null }): string {
  return f.name || 'Unnamed function';
}

/** Site functions run in the visitor's browser: their code is TypeScript/JavaScript, not Hog. */
export function isSiteType(type: string): boolean {
  return type.startsWith('site_');
}

/**
 * The globals a test run sends, by what PostHog's own editor sends for the type; undefined when PostHog cannot
 * test-run the type at all (its invocation endpoint answers "Invalid function type").
 */
export type TestGlobals = 'event' | 'record';

export function testGlobals(type: string): TestGlobals | undefined {
  switch (type) {
    case 'destination':
    case 'internal_destination':
    case 'transformation':
      return 'event';
    case 'transformation_log':
      return 'record';
    default:
      return undefined;
  }
}

/** Why a type cannot be test-run, in one line. */
export function whyNotTestable(type: string): string {
  if (isSiteType(type)) return `${singularTypeLabel(type)}s run in the visitor's browser; PostHog cannot test-run them on the server. Try them on your site.`;
  if (type === 'source_webhook') return 'Source webhooks run when a request reaches their URL; PostHog cannot test-run them here. Send a request to the webhook instead.';
  return `PostHog cannot test-run functions of type "${type}".`;
}
