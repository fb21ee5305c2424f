// What the extension knows about each hog function type, in one list: its labels, whether its code is Hog or
// browser TypeScript, whether enabling it sends live events elsewhere, and whether PostHog can test-run it and with
// which globals (posthog-api.md 9.2, 9.3). A function whose `type` is null is a destination: the API client applies
// that rule when it reads the row. No vscode or DOM import (the webview uses it).

/** The globals a test run sends, as PostHog's own editor does for the type. */
export type TestGlobals = 'event' | 'record';

interface FunctionType {
  type: string;
  /** Plural, as a heading: "Destinations". */
  label: string;
  /** Enabling such a function starts sending this project's live events somewhere else. */
  sendsEvents: boolean;
  /** Undefined: PostHog's invocation endpoint answers "Invalid function type". */
  testGlobals?: TestGlobals;
}

/** PostHog's hog function types in the order its UI lists them. */
export const HOG_FUNCTION_TYPES: readonly FunctionType[] = [
  { type: 'destination', label: 'Destinations', sendsEvents: true, testGlobals: 'event' },
  { type: 'transformation', label: 'Transformations', sendsEvents: false, testGlobals: 'event' },
  { type: 'transformation_log', label: 'Log transformations', sendsEvents: false, testGlobals: 'record' },
  { type: 'site_destination', label: 'Site destinations', sendsEvents: true },
  { type: 'site_app', label: 'Site apps', sendsEvents: false },
  { type: 'internal_destination', label: 'Internal destinations', sendsEvents: true, testGlobals: 'event' },
  { type: 'source_webhook', label: 'Source webhooks', sendsEvents: false },
];

const known = (type: string) => HOG_FUNCTION_TYPES.find((t) => t.type === type);

/** A function type as a heading, e.g. "Destinations"; a type PostHog adds later reads as its words. */
export function functionTypeLabel(type: string): string {
  return known(type)?.label ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** One function's type, e.g. "Destination". */
export function singularFunctionTypeLabel(type: string): string {
  return functionTypeLabel(type).replace(/s$/, '');
}

/** Position of a type in PostHog's order; unknown (newer) types come last. */
export function functionTypeRank(type: string): number {
  const i = HOG_FUNCTION_TYPES.findIndex((t) => t.type === type);
  return i === -1 ? HOG_FUNCTION_TYPES.length : i;
}

export function sendsLiveEvents(type: string): boolean {
  return known(type)?.sendsEvents ?? false;
}

export function functionLabel(f: { name?: string | null }): string {
  return f.name || 'Unnamed function';
}

/** Site functions run in the visitor's browser: their code is TypeScript/JavaScript, not Hog. */
export function isSiteType(type: string): boolean {
  return type.startsWith('site_');
}

/** The globals a test run of the type needs; undefined when PostHog cannot test-run it at all. */
export function testGlobals(type: string): TestGlobals | undefined {
  return known(type)?.testGlobals;
}

/** Why a type cannot be test-run, in one line. */
export function whyNotTestable(type: string): string {
  if (isSiteType(type)) return `${singularFunctionTypeLabel(type)}s run in the visitor's browser; PostHog cannot test-run them on the server. Try them on your site.`;
  if (type === 'source_webhook') return 'Source webhooks run when a request reaches their URL; PostHog cannot test-run them here. Send a request to the webhook instead.';
  return `PostHog cannot test-run functions of type "${type}".`;
}
