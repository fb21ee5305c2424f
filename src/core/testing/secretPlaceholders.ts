// A test run never needs a function's real secrets: async functions are mocked, so nothing is sent anywhere, and
// PostHog's worker logs a mocked fetch() with whatever the code put into it. So each secret input runs with a placeholder
// (`secret-input-<key>`) in place of its value, typed or stored, and the result masks the placeholders wherever they
// end up. The real values stay where they are (PostHog, or the user's editor). Pure.
import { isJsonObject } from '../../shared/json';
import type { SecretValue } from './masking';

const placeholder = (key: string) => `secret-input-${key}`;

/** Names past this length end in a running number instead of the rest of the path (values nested very deep). */
const MAX_NAME = 120;

/**
 * String values (and a dictionary's values) replaced by placeholders named after where they sit, at any depth (an
 * explicit stack instead of recursion: shared/deepJson.ts says why).
 */
function replaceStrings(root: unknown, rootName: string, found: string[]): unknown {
  let deepCount = 0;
  const nameOf = (parent: string, part: string | number) =>
    parent.length > MAX_NAME ? `${rootName}.~${++deepCount}` : `${parent}.${part}`;
  let result: unknown;
  const pending: { value: unknown; name: string; place: (v: unknown) => void }[] = [
    {
      value: root,
      name: rootName,
      place: (v) => {
        result = v;
      },
    },
  ];
  while (pending.length) {
    const { value, name, place } = pending.pop() as (typeof pending)[number];
    if (typeof value === 'string') {
      found.push(placeholder(name));
      place(placeholder(name));
    } else if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      place(out);
      value.forEach((v, i) =>
        pending.push({
          value: v,
          name: nameOf(name, i),
          place: (x) => {
            out[i] = x;
          },
        }),
      );
    } else if (isJsonObject(value)) {
      const out: Record<string, unknown> = {};
      place(out);
      for (const [k, v] of Object.entries(value)) {
        Object.defineProperty(out, k, { value: undefined, enumerable: true, writable: true, configurable: true });
        pending.push({
          value: v,
          name: nameOf(name, k),
          place: (x) => {
            out[k] = x;
          },
        });
      }
    } else {
      place(value);
    }
  }
  return result;
}

/** Number placeholders: distinctive, so masking their digits hides nothing else. */
const FIRST_NUMBER = 800_000_001;

/**
 * One level's inputs (the function's own, or one mapping's) with each secret input's value replaced by a placeholder.
 * `name` makes the placeholders' names, `label` names the input in the result's "Masked" note.
 */
function replaceSecrets(
  schema: unknown,
  given: unknown,
  name: (key: string) => string,
  label: (key: string) => string,
  secrets: SecretValue[],
  nextNumber: () => number,
): Record<string, unknown> | undefined {
  if (!Array.isArray(schema) || !schema.length) return undefined;
  const inputs: Record<string, unknown> = isJsonObject(given) ? { ...given } : {};
  for (const entry of schema) {
    if (!isJsonObject(entry) || entry.secret !== true || typeof entry.key !== 'string') continue;
    const key = entry.key;
    const id = name(key);
    const input = isJsonObject(inputs[key]) ? inputs[key] : {};
    const typed = input.value !== undefined && input.value !== null;
    const type = typeof entry.type === 'string' ? entry.type : 'string';
    const found: string[] = [];
    let replaced: unknown;
    if (type === 'number') {
      // A number has no text to replace: a distinctive number stands in, typed or kept by PostHog.
      const stand = nextNumber();
      found.push(String(stand));
      replaced = stand;
    } else if (typed) {
      replaced = replaceStrings(input.value, id, found);
    } else if (type === 'dictionary' || type === 'json') {
      // What a stored secret of this type looks like; its keys are PostHog's to know, so one placeholder pair.
      replaced = { [placeholder(id)]: placeholder(id) };
      found.push(placeholder(id));
    } else if (type === 'string' || type === 'choice' || type === 'email') {
      replaced = placeholder(id);
      found.push(placeholder(id));
    } else {
      // A boolean or an integration holds no text of its own to show: left to PostHog.
      continue;
    }
    const { secret: _marker, ...rest } = input;
    inputs[key] = { ...rest, value: replaced };
    secrets.push(...[...new Set(found)].map((v) => ({ key: label(key), value: v })));
  }
  return inputs;
}

/**
 * The configuration with the value of every secret input, the function's own and each mapping's, replaced by a
 * placeholder, and the placeholders to mask. A stored secret (`{"secret": true}`: PostHog keeps the value and never
 * returns it) becomes a placeholder of its input's type, and so does a value typed into function.json or an editor: the
 * real values never reach the run, so they cannot reach its result. Booleans and integrations are left to PostHog.
 */
export function withSecretPlaceholders(configuration: Record<string, unknown>): {
  configuration: Record<string, unknown>;
  secrets: SecretValue[];
} {
  const secrets: SecretValue[] = [];
  let number = FIRST_NUMBER;
  const nextNumber = () => number++;
  const out: Record<string, unknown> = { ...configuration };
  let changed = false;
  const inputs = replaceSecrets(
    configuration.inputs_schema,
    configuration.inputs,
    (key) => key,
    (key) => key,
    secrets,
    nextNumber,
  );
  if (inputs) {
    out.inputs = inputs;
    changed = true;
  }
  if (Array.isArray(configuration.mappings)) {
    out.mappings = configuration.mappings.map((mapping: unknown, i) => {
      if (!isJsonObject(mapping)) return mapping;
      const replaced = replaceSecrets(
        mapping.inputs_schema,
        mapping.inputs,
        (key) => `mappings.${i}.${key}`,
        (key) => `mappings[${i}].${key}`,
        secrets,
        nextNumber,
      );
      if (!replaced) return mapping;
      changed = true;
      return { ...mapping, inputs: replaced };
    });
  }
  return { configuration: changed ? out : configuration, secrets };
}
