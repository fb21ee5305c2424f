// Functions the CDP worker gives the code of one function type, beyond Hog's standard library and the async
// `fetch`/`postHogCapture` (stdlib.ts): transformations get `geoipLookup` and `cleanNullValues` (PostHog's
// plugin-server, cdp/hog-transformations: HogTransformerService.getTransformationFunctions). PostHog's check as you
// type (HogQLMetadata) compiles every function with the standard library and fetch/postHogCapture only, so it reports
// these as "not implemented": such a report is not a problem in a function of that type, since PostHog runs the code.
import * as l10n from '@vscode/l10n';
import type { Problem } from './notices';
import type { HogFunctionDoc } from './stdlib';

const TRANSFORMATION_FUNCTIONS: HogFunctionDoc[] = [
  {
    name: 'geoipLookup',
    get description() {
      return l10n.t(
        "Looks an IP address up in PostHog's MaxMind GeoIP database: `{city, country, continent, location, …}`, or null when the address is not known.",
      );
    },
    example: 'let location := geoipLookup(event.properties.$ip)',
    minArgs: 1,
    maxArgs: 1,
    params: ['ip'],
  },
  {
    name: 'cleanNullValues',
    get description() {
      return l10n.t('Returns the value without the null values in its objects and arrays (three levels deep).');
    },
    example: 'returnEvent.properties := cleanNullValues(returnEvent.properties)',
    minArgs: 1,
    maxArgs: 1,
    params: ['value'],
  },
];

/** Every function some type's worker adds: what signatures and completion details can be looked up in. */
export function allTypeFunctions(): HogFunctionDoc[] {
  return TRANSFORMATION_FUNCTIONS;
}

/** The functions the worker adds for a function of `type` (none for a type that adds none). */
export function typeFunctions(type: string | null | undefined): HogFunctionDoc[] {
  return type === 'transformation' ? TRANSFORMATION_FUNCTIONS : [];
}

const NOT_IMPLEMENTED = /^Hog function `([^`]+)` is not implemented$/;

/** The problems of a check (PostHog's or the toolchain's), without "not implemented" for the functions the type's worker provides. */
export function withoutTypeFunctionErrors<P extends Pick<Problem, 'severity' | 'message'>>(
  problems: P[],
  type: string | null | undefined,
): P[] {
  const provided = new Set(typeFunctions(type).map((f) => f.name));
  if (provided.size === 0) return problems;
  return problems.filter((p) => !(p.severity === 'error' && provided.has(NOT_IMPLEMENTED.exec(p.message)?.[1] ?? '')));
}
