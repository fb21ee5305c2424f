// A test run never needs a function's real secrets: async functions are mocked, so nothing is sent anywhere, and
// PostHog's worker logs a mocked fetch() with whatever the code put into it. So each secret input runs with a stand-in
// (`secret-input-<key>`) in place of its value, typed or stored, and the result masks the stand-ins wherever they
// end up. The real values stay where they are (PostHog, or the user's editor). Pure.
import { isJsonObject } from '../../shared/json';
import type { SecretValue } from './masking';

const standIn = (key: string) => `secret-input-${key}`;

/** Names past this length end in a running number instead of the rest of the path (values nested very deep). */
const MAX_NAME = 120;

/**
 * String values (and a dictionary's values) replaced by stand-ins named after where they sit, at any depth (an
 * explicit stack instead of recursion: shared/deepJson.ts says why).
 */
function replaceStrings(root: unknown, rootName: string, found: string[]): unknown {
  let deepCount = 0;
  const nameOf = (parent: string, part: string | number) => (parent.length > MAX_NAME ? `${rootName}.~${++deepCount}` : `${parent}.${part}`);
  let result: unknown;
  const pending: { value: unknown; name: string; place: (v: unknown) => void }[] = [{ value: root, name: rootName, place: (v) => { result = v; } }];
  while (pending.length) {
    const { value, name, place } = pending.pop() as (typeof pending)[number];
    if (typeof value === 'string') {
      found.push(standIn(name));
      place(standIn(name));
    } else if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      place(out);
      value.forEach((v, i) => pending.push({ value: v, name: nameOf(name, i), place: (x) => { out[i] = x; } }));
    } else if (isJsonObject(value)) {
      const out: Record<string, unknown> = {};
      place(out);
      for (const [k, v] of Object.entries(value)) {
        Object.defineProperty(out, k, { value: undefined, enumerable: true, writable: true, configurable: true });
        pending.push({ value: v, name: nameOf(name, k), place: (x) => { out[k] = x; } });
      }
    } else {
      place(value);
    }
  }
  return result;
}

/**
 * The configuration with each secret input's value replaced by a stand-in, and the stand-ins to mask. A stored secret
 * (`{"secret": true}`: PostHog keeps the value and never returns it) becomes a stand-in of its input's type; one of a
 * type without text (a number, a boolean, an integration) is left to PostHog, as it holds nothing to show.
 */
export function withSecretStandIns(configuration: Record<string, unknown>): { configuration: Record<string, unknown>; secrets: SecretValue[] } {
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
    // What a stored secret of this type looks like; its keys are PostHog's to know, so a dictionary shows one stand-in pair.
    const stored = type === 'dictionary' || type === 'json' ? { [standIn(key)]: standIn(key) } : type === 'string' || type === 'choice' ? standIn(key) : undefined;
    if (!typed && stored === undefined) continue;
    const found: string[] = [];
    const replaced = typed ? replaceStrings(input.value, key, found) : stored;
    if (!typed) found.push(standIn(key));
    const { secret: _marker, ...rest } = input;
    inputs[key] = { ...rest, value: replaced };
    secrets.push(...[...new Set(found)].map((v) => ({ key, value: v })));
  }
  return { configuration: { ...configuration, inputs }, secrets };
}
