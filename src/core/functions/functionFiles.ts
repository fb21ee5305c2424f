// A hog function as workspace files (layout.ts): what function.json holds, how PostHog's function becomes those
// files, and how a function.json someone edited or wrote by hand is read back. Pure: no VS Code, no file system.
// Secret inputs are only ever written as {"secret": true}, whatever the server sent.
import { fieldValue } from './fields';
import { describeFunctionField, FUNCTION_FILE_KEYS, functionFileSchema, type FunctionConfig } from './functionSchema';
import { canonicalJson, stableJson, type JsonPath } from './stableJson';
import { isJsonObject } from '../../shared/json';
import { parseJsonFile, type Parsed } from '../../shared/jsonFile';

export type { FunctionConfig } from './functionSchema';
export type { Parsed } from '../../shared/jsonFile';

type Json = unknown;
type JsonObject = Record<string, Json>;

/** A function's source and configuration: what is compared to tell whether the files and PostHog differ. */
export interface FunctionState {
  config: FunctionConfig;
  source: string;
}

export interface FunctionFile {
  /** Project address (layout.projectKey) → the id of this function in that project. */
  ids: Record<string, string>;
  config: FunctionConfig;
  /** Top-level keys this version does not know, kept as they were. */
  extra: JsonObject;
}

/** What PostHog's API returns for a function, as far as the files need it (nullable where PostHog says so). */
export interface ServerFunction {
  type?: string | null;
  name?: string | null;
  description?: string | null;
  enabled: boolean;
  execution_order?: number | null;
  hog?: string | null;
  template?: { id?: string | null } | null;
  inputs_schema?: unknown;
  inputs?: unknown;
  filters?: unknown;
  mappings?: unknown;
  masking?: unknown;
}

const TOP_LEVEL: readonly string[] = FUNCTION_FILE_KEYS;
const SCHEMA_ENTRY = [
  'key',
  'type',
  'label',
  'description',
  'required',
  'secret',
  'hidden',
  'default',
  'choices',
  'templating',
];
const INPUT = ['value', 'templating', 'secret'];
const MAPPING = ['name', 'inputs_schema', 'inputs', 'filters'];
const FILTER_ENTITY = ['id', 'name', 'type', 'order'];
const MASKING = ['ttl', 'threshold', 'hash'];

const SECRET_MARKER = Object.freeze({ secret: true });

/** Keys in the order PostHog's editor shows them (inputs in schema order, schema entries key first); the rest alphabetical. */
function keyOrder(file: { config: FunctionConfig }) {
  const schemaKeys = (schema: Json): string[] =>
    Array.isArray(schema) ? schema.flatMap((e) => (isJsonObject(e) && typeof e.key === 'string' ? [e.key] : [])) : [];
  return (path: JsonPath): readonly string[] => {
    const [top, second, third, fourth] = path;
    if (path.length === 0) return TOP_LEVEL;
    if (top === 'inputs') return path.length === 1 ? schemaKeys(file.config.inputs_schema) : INPUT;
    if (top === 'inputs_schema' && path.length === 2) return SCHEMA_ENTRY;
    if ((top === 'inputs_schema' && third === 'choices') || (top === 'mappings' && fourth === 'choices'))
      return ['label', 'value'];
    if (top === 'masking') return MASKING;
    if (top === 'mappings') {
      if (path.length === 2) return MAPPING;
      const mapping = typeof second === 'number' ? file.config.mappings?.[second] : undefined;
      if (third === 'inputs') return path.length === 3 ? schemaKeys(mapping?.inputs_schema) : INPUT;
      if (third === 'inputs_schema' && path.length === 4) return SCHEMA_ENTRY;
    }
    if ((top === 'filters' || third === 'filters') && typeof path[path.length - 1] === 'number') return FILTER_ENTITY;
    return [];
  };
}

/**
 * Replaces the value of every secret input with the marker: a secret never reaches a file, even if a server sent
 * one. With `only`, just those inputs (the ones whose values were sent).
 */
function maskSecrets(schema: Json, inputs: Json, only?: ReadonlySet<string>): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  if (!isJsonObject(inputs)) return out;
  const secret = new Set(
    Array.isArray(schema)
      ? schema.flatMap((e) => (isJsonObject(e) && e.secret === true && typeof e.key === 'string' ? [e.key] : []))
      : [],
  );
  for (const [key, value] of Object.entries(inputs)) {
    if (!isJsonObject(value)) continue;
    out[key] = secret.has(key) && (!only || only.has(key)) ? { ...SECRET_MARKER } : value;
  }
  return out;
}

/** The files' view of PostHog's function: derived parts (bytecode, input order) dropped, secrets masked. */
export function stateFromServer(fn: ServerFunction): FunctionState {
  const schema = fieldValue(fn, 'inputs_schema');
  const mappings = fieldValue(fn, 'mappings');
  const filters = fieldValue(fn, 'filters');
  const masking = fieldValue(fn, 'masking');
  return {
    source: fn.hog ?? '',
    config: {
      // PostHog treats a function without a type as a destination.
      type: fn.type ?? 'destination',
      name: fn.name ?? null,
      description: fn.description ?? '',
      enabled: fn.enabled,
      execution_order: fn.execution_order ?? null,
      template_id: fn.template?.id ?? null,
      inputs_schema: Array.isArray(schema) ? schema.filter(isJsonObject) : [],
      inputs: maskSecrets(schema, fieldValue(fn, 'inputs')),
      filters: isJsonObject(filters) ? filters : {},
      mappings: Array.isArray(mappings)
        ? mappings
            .filter(isJsonObject)
            .map((m) => ('inputs' in m ? { ...m, inputs: maskSecrets(m.inputs_schema, m.inputs) } : m))
        : null,
      masking: isJsonObject(masking) ? masking : null,
    },
  };
}

/** function.json's text for these ids and this configuration. */
export function renderFunctionJson(file: FunctionFile): string {
  return stableJson({ ...file.extra, ids: file.ids, ...file.config }, keyOrder(file));
}

/** Reads function.json with its schema (functionSchema.ts); a refusal names the field and what it must be. */
export function parseFunctionJson(text: string): Parsed<FunctionFile> {
  const parsed = parseJsonFile('function.json', text, functionFileSchema, describeFunctionField);
  if (!parsed.ok) return parsed;
  const { ids, ...read } = parsed.value;
  const config = Object.fromEntries(
    TOP_LEVEL.filter((k) => k !== 'ids').map((k) => [k, (read as Record<string, unknown>)[k]]),
  ) as FunctionConfig;
  const extra = Object.fromEntries(Object.entries(read).filter(([k]) => !TOP_LEVEL.includes(k)));
  return { ok: true, value: { ids, config, extra } };
}

export function sameState(a: FunctionState, b: FunctionState): boolean {
  return a.source === b.source && canonicalJson(a.config) === canonicalJson(b.config);
}

/** Inputs (top level and in mappings) whose definition says secret but whose file entry holds a value. */
export function secretValuesInFile(config: FunctionConfig): string[] {
  const found: string[] = [];
  const scan = (schema: Json, inputs: Json, prefix: string) => {
    if (!Array.isArray(schema) || !isJsonObject(inputs)) return;
    for (const entry of schema) {
      if (!isJsonObject(entry) || entry.secret !== true || typeof entry.key !== 'string') continue;
      const input = inputs[entry.key];
      if (isJsonObject(input) && 'value' in input && input.value !== null && input.value !== '')
        found.push(`${prefix}${entry.key}`);
    }
  };
  scan(config.inputs_schema, config.inputs, 'inputs.');
  config.mappings?.forEach((m, i) => scan(m.inputs_schema, m.inputs, `mappings[${i}].inputs.`));
  return found;
}

/** The secret inputs function.json declares at the top level, with whether the definition requires a value. */
export function secretInputs(config: FunctionConfig): { key: string; label: string; required: boolean }[] {
  return config.inputs_schema.flatMap((e) =>
    e.secret === true && typeof e.key === 'string'
      ? [{ key: e.key, label: typeof e.label === 'string' && e.label ? e.label : e.key, required: e.required === true }]
      : [],
  );
}

/**
 * Writes the secrets' markers back over values a user put in the file (after they were sent to PostHog). What was
 * sent decides: `inputs` the function's own secret inputs that were (all when not given), `mappings` whether the
 * mappings were (default yes).
 */
export function withSecretsMasked(
  config: FunctionConfig,
  inputs?: ReadonlySet<string>,
  mappings = true,
): FunctionConfig {
  return {
    ...config,
    inputs: maskSecrets(config.inputs_schema, config.inputs, inputs),
    mappings: mappings
      ? (config.mappings?.map((m) => ('inputs' in m ? { ...m, inputs: maskSecrets(m.inputs_schema, m.inputs) } : m)) ??
        null)
      : config.mappings,
  };
}

/** Whether a secret input's value counts as given: anything but nothing, an empty text, object or list. */
export function isGivenValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}
