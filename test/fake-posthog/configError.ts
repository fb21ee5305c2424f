// A hog function configuration PostHog refuses: the field path and PostHog's message, rendered as PostHog's standard
// error body by create and update and as the raw DRF dict by test invocations.
import type { Json } from './types';

export class ConfigError extends Error {
  constructor(
    readonly path: string[],
    message: string,
    readonly code = 'invalid_input',
  ) {
    super(message);
  }
  /** drf-exceptions-hog `attr`: nested field names joined with `__`. */
  get attr(): string {
    return this.path.join('__');
  }
  /** The raw DRF error dict (used un-normalised by the invocations endpoint). */
  nested(): Json {
    return this.path.reduceRight<Json>((inner, key) => ({ [key]: inner }), [this.message]);
  }
}
