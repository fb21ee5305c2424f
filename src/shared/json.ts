// JSON values as PostHog sends and stores them. The one test for "a JSON object" that API responses, webview
// messages, saved edits, sample events and hog function fields all need.

export type JsonObject = Record<string, unknown>;

/** An object that is neither null nor an array: what JSON calls an object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
