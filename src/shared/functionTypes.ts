// What the extension knows about each hog function type, in one list: its labels, whether its code is Hog or
// browser TypeScript, whether enabling it sends live events elsewhere, and whether PostHog can test-run it and with
// which globals (posthog-api.md 9.2, 9.3). A function whose `type` is null is a destination: the API client applies
// that rule when it reads the row. No vscode or DOM import (the webview uses it).
import * as l10n from '@vscode/l10n';

/** The globals a test run sends, as PostHog's own editor does for the type. */
export type TestGlobals = 'event' | 'record';

interface FunctionType {
  type: string;
  /** Enabling such a function starts sending this project's live events somewhere else. */
  sendsEvents: boolean;
  /** Undefined: PostHog's invocation endpoint answers "Invalid function type". */
  testGlobals?: TestGlobals;
}

/** PostHog's hog function types in the order its UI lists them. */
export const HOG_FUNCTION_TYPES: readonly FunctionType[] = [
  { type: 'destination', sendsEvents: true, testGlobals: 'event' },
  { type: 'transformation', sendsEvents: false, testGlobals: 'event' },
  { type: 'transformation_log', sendsEvents: false, testGlobals: 'record' },
  { type: 'site_destination', sendsEvents: true },
  { type: 'site_app', sendsEvents: false },
  { type: 'internal_destination', sendsEvents: true, testGlobals: 'event' },
  { type: 'source_webhook', sendsEvents: false },
];

const known = (type: string) => HOG_FUNCTION_TYPES.find((t) => t.type === type);

/** A type PostHog adds later, in its own words: "new_kind" → "New kind". */
const typeWords = (type: string) => type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** A function type as a heading, e.g. "Destinations"; a type PostHog adds later reads as its words. */
export function functionTypeLabel(type: string): string {
  switch (type) {
    case 'destination':
      return l10n.t('Destinations');
    case 'transformation':
      return l10n.t('Transformations');
    case 'transformation_log':
      return l10n.t('Log transformations');
    case 'site_destination':
      return l10n.t('Site destinations');
    case 'site_app':
      return l10n.t('Site apps');
    case 'internal_destination':
      return l10n.t('Internal destinations');
    case 'source_webhook':
      return l10n.t('Source webhooks');
    default:
      return typeWords(type);
  }
}

/** One function's type, e.g. "Destination". */
export function singularFunctionTypeLabel(type: string): string {
  switch (type) {
    case 'destination':
      return l10n.t('Destination');
    case 'transformation':
      return l10n.t('Transformation');
    case 'transformation_log':
      return l10n.t('Log transformation');
    case 'site_destination':
      return l10n.t('Site destination');
    case 'site_app':
      return l10n.t('Site app');
    case 'internal_destination':
      return l10n.t('Internal destination');
    case 'source_webhook':
      return l10n.t('Source webhook');
    default:
      return typeWords(type).replace(/s$/, '');
  }
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
  return f.name || l10n.t('Unnamed function');
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
  if (isSiteType(type))
    return l10n.t(
      "{0} run in the visitor's browser; PostHog cannot test-run them on the server. Try them on your site.",
      functionTypeLabel(type),
    );
  if (type === 'source_webhook')
    return l10n.t(
      'Source webhooks run when a request reaches their URL; PostHog cannot test-run them here. Send a request to the webhook instead.',
    );
  return l10n.t('PostHog cannot test-run functions of type "{0}".', type);
}
