// A test run never needs a function's real secrets: async functions are mocked, so nothing is sent anywhere, and
// PostHog's worker logs a mocked fetch() with whatever the code put into it. So each secret input runs with a
// placeholder (`secret-input-<key>`) in place of its value, typed or stored, and the result masks the placeholders
// wherever they end up. The real values stay where they are (PostHog, or the user's editor). Pure.
import { isJsonObject } from '../../shared/json';
import type { SecretValue } from './masking';

const placeholder = (key: string) => `secret-input-${key}`;

/** String values (and a dictionary's values) replaced by placeholders named after where they sit. */
function replaceStrings(value: unknown, name: string, found: string[]): unknown {
  if (typeof value === 'string') {
    found.push(placeholder(name));
    return placeholder(name);
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceStrings(v, `${name}.${i}`, found));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, `${name}.${k}`, found)]));
  return value;
}

/**
 * The configuration with each secret input's value replaced by a placeholder, and the placeholders to mask. A stored secret
 * (`{"secret": true}`: PostHog keeps the value and never returns it) becomes a placeholder of its input's type; one of a
 * type without text (a number, a boolean, an integration) is left to PostHog, as it holds nothing to show.
 */
export function withSecretPlaceholders(configuration: Record<string, unknown>): { configuration: Record<string, unknown>; secrets: SecretValue[] } {
  const schema: unknown[] = Array.isArray(configuration.inputs_schema) ? configuration.inputs_schema : [];
  if (!isJsonObject(configuration.inputs) && !schema.length) return { configuration, secrets: [] };
  const inputs: Record<string, unknown> = isJsonObject(configuration.inputs) ? { ...configuration.inputs } : {};
  const secrets: SecretValue[] = [];
  for (const entry of schema) {
    if (!isJsonObject(entry) || entry.secret !== true || typeof entry.key !== 'string') continue;
    const key = entry.key;
    const input = isJsonObject(inputs[key]) ? inputs[key] : {};
    const typed = input.value !== undefined && input.value !== null;
    const type = typeof entry.type === 'string' ? entry.type : 'string';
    // What a stored secret of this type looks like; its keys are PostHog's to know, so a dictionary shows one placeholder pair.
    const stored = type === 'dictionary' || type === 'json' ? { [placeholder(key)]: placeholder(key) } : type === 'string' || type === 'choice' ? placeholder(key) : undefined;
    if (!typed && stored === undefined) continue;
    const found: string[] = [];
    const replaced = typed ? replaceStrings(input.value, key, found) : stored;
    if (!typed) found.push(placeholder(key));
    const { secret: _marker, ...rest } = input;
    inputs[key] = { ...rest, value: replaced };
    secrets.push(...[...new Set(found)].map((v) => ({ key, value: v })));
  }
  return { configuration: { ...configuration, inputs }, secrets };
}
