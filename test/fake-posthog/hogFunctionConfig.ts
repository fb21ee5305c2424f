// Validation of a hog function configuration, shared by create, update and test invocations
// (PostHog runs the same serializer for all three; only the error body differs).
import { findHogError } from './hog';
import { checkFilters, checkProgram, checkTemplateValue, reservedIn } from './hogFunctionRules';
import {
  HOG_FUNCTION_TYPES,
  type FakeHogFunction,
  type HogFunctionTemplate,
  type HogFunctionType,
  type Json,
  type JsonObject,
} from './types';
import { isPlainObject } from './util';

export { ConfigError } from './configError';
import { ConfigError } from './configError';

const INPUT_TYPES = [
  'string',
  'number',
  'boolean',
  'dictionary',
  'choice',
  'json',
  'integration',
  'integration_field',
  'email',
  'native_email',
  'posthog_assignee',
  'posthog_ticket_tags',
];
const MAX_HOG_BYTES = 100 * 1024;
export const SITE_TYPES: ReadonlySet<string> = new Set(['site_destination', 'site_app']);
const MAPPING_TYPES = new Set(['destination', 'site_destination']);
export const ORDERED_TYPES: ReadonlySet<string> = new Set(['transformation', 'transformation_log']);

/** PostHog's rule for rows older than the field: a function without a type is a destination. */
export const effectiveType = (type: HogFunctionType | null): HogFunctionType => type ?? 'destination';

/** A create or update body after validation: the writable fields of a stored hog function. */
export type ValidConfig = Pick<
  FakeHogFunction,
  | 'type'
  | 'name'
  | 'description'
  | 'enabled'
  | 'hog'
  | 'inputs_schema'
  | 'inputs'
  | 'encrypted_inputs'
  | 'filters'
  | 'masking'
  | 'mappings'
  | 'icon_url'
  | 'execution_order'
  | 'template'
>;

const isSecretMarker = (v: unknown): boolean => isPlainObject(v) && v.secret === true && Object.keys(v).length === 1;

function asBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  // Form bodies arrive as strings; PostHog coerces them explicitly.
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigError([field], 'Must be a valid boolean.');
}

function validateInputsSchema(raw: unknown): JsonObject[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw new ConfigError(['inputs_schema'], 'Expected a list of items but got type "dict".', 'not_a_list');
  return raw.map((item, i) => {
    if (!isPlainObject(item))
      throw new ConfigError(['inputs_schema', String(i), 'non_field_errors'], 'Invalid data. Expected a dictionary.');
    if (typeof item.key !== 'string' || !item.key)
      throw new ConfigError(['inputs_schema', String(i), 'key'], 'This field is required.', 'required');
    if (typeof item.type !== 'string' || !INPUT_TYPES.includes(item.type)) {
      throw new ConfigError(
        ['inputs_schema', String(i), 'type'],
        `"${String(item.type)}" is not a valid choice.`,
        'invalid_choice',
      );
    }
    return { required: false, secret: false, hidden: false, ...item };
  });
}

function checkInputValue(schema: JsonObject, value: Json, path: string[]): void {
  const mismatch = (what: string) => new ConfigError(path, `Value must be ${what}.`);
  switch (schema.type) {
    case 'string':
    case 'email':
      if (typeof value !== 'string') throw mismatch('a string');
      break;
    case 'number':
      if (typeof value !== 'number') throw mismatch('a number');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch('a boolean');
      break;
    case 'dictionary':
      if (!isPlainObject(value)) throw mismatch('a dictionary');
      break;
    case 'choice': {
      const allowed = Array.isArray(schema.choices) ? schema.choices.map((c) => (isPlainObject(c) ? c.value : c)) : [];
      if (!allowed.includes(value)) throw mismatch(`one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
      break;
    }
    default:
      // json, integration and the types PostHog adds take any value.
      break;
  }
}

/**
 * Inputs are validated against the schema; unknown keys are dropped. A secret input sent back as
 * `{"secret": true}` (or left out) keeps the stored secret.
 */
function validateInputs(
  schema: JsonObject[],
  raw: unknown,
  stored: FakeHogFunction | undefined,
  pathPrefix: string[],
  type: HogFunctionType,
): { inputs: Record<string, JsonObject>; encrypted: Record<string, JsonObject> } {
  if (raw !== undefined && raw !== null && !isPlainObject(raw))
    throw new ConfigError([...pathPrefix, 'inputs'], 'Expected a dictionary of items.', 'not_a_dict');
  const given = (raw ?? {}) as Record<string, Json>;
  const inputs: Record<string, JsonObject> = {};
  const encrypted: Record<string, JsonObject> = {};
  schema.forEach((item, order) => {
    const key = String(item.key);
    const path = [...pathPrefix, 'inputs', key];
    let entry = given[key];
    if (item.secret === true && (entry === undefined || isSecretMarker(entry))) entry = stored?.encrypted_inputs[key];
    if (entry !== undefined && entry !== null && !isPlainObject(entry))
      throw new ConfigError(path, 'Expected a dictionary with a "value".');
    const value = isPlainObject(entry) ? entry.value : undefined;
    const missing = value === undefined || value === null || value === '';
    if (missing) {
      // PostHog raises ValidationError({"input": "This field is required."}): DRF's code `invalid`, `invalid_input`.
      if (item.required === true) throw new ConfigError(path, 'This field is required.');
      return;
    }
    checkInputValue(item, value, path);
    // Hog templating (the default): the template must compile for the type (posthog/cdp/validation.py).
    const templating = isPlainObject(entry) ? entry.templating : undefined;
    if (
      item.templating !== false &&
      templating !== 'liquid' &&
      ['string', 'dictionary', 'json', 'email'].includes(String(item.type)) &&
      !SITE_TYPES.has(type)
    ) {
      const problem = checkTemplateValue(value, type);
      if (problem) throw new ConfigError(path, problem);
    }
    const normalized: JsonObject = { value };
    if (isPlainObject(entry) && (entry.templating === 'hog' || entry.templating === 'liquid'))
      normalized.templating = entry.templating;
    if (item.secret === true) encrypted[key] = normalized;
    else inputs[key] = { ...normalized, order };
  });
  return { inputs, encrypted };
}

function validateFilters(raw: unknown, path: string[]): JsonObject {
  if (raw === undefined || raw === null) return {};
  // A nested serializer's own error (drf-exceptions-hog: attr `filters__non_field_errors`, code `invalid_input`).
  if (!isPlainObject(raw))
    throw new ConfigError(
      [...path, 'non_field_errors'],
      `Invalid data. Expected a dictionary, but got ${pythonType(raw)}.`,
    );
  return { ...raw };
}

/** Python's name of a JSON value's type, as DRF's "Expected a dictionary, but got str." says it. */
const pythonType = (v: unknown): string =>
  Array.isArray(v)
    ? 'list'
    : typeof v === 'string'
      ? 'str'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'int'
          : 'float'
        : typeof v === 'boolean'
          ? 'bool'
          : 'NoneType';

/** The local PostHog does not compile Hog; bytecode is PostHog's header with no program, an opaque value for clients. */
export const placeholderBytecode = (): Json => ['_H', 1];
export const filterBytecode = (filters: JsonObject): Json =>
  Object.keys(filters).some((k) => k !== 'source') ? ['_H', 1, 3, 1] : ['_H', 1, 29];

export function normalizedFilters(filters: JsonObject, hasMappings: boolean): JsonObject {
  const out: JsonObject = { source: 'events', ...filters };
  delete out.bytecode;
  if (hasMappings) {
    delete out.events;
    delete out.actions;
  }
  return { ...out, bytecode: filterBytecode(out) };
}

function validateMasking(raw: unknown): JsonObject | null {
  if (raw === undefined || raw === null) return null;
  if (!isPlainObject(raw))
    throw new ConfigError(['masking', 'non_field_errors'], 'Invalid data. Expected a dictionary.');
  if (typeof raw.ttl !== 'number') throw new ConfigError(['masking', 'ttl'], 'This field is required.', 'required');
  if (raw.ttl < 60)
    throw new ConfigError(['masking', 'ttl'], 'Ensure this value is greater than or equal to 60.', 'min_value');
  if (raw.ttl > 86400)
    throw new ConfigError(['masking', 'ttl'], 'Ensure this value is less than or equal to 86400.', 'max_value');
  if (typeof raw.hash !== 'string') throw new ConfigError(['masking', 'hash'], 'This field is required.', 'required');
  return {
    ttl: raw.ttl,
    threshold: typeof raw.threshold === 'number' ? raw.threshold : null,
    hash: raw.hash,
    bytecode: placeholderBytecode(),
  };
}

/**
 * Validates a create body (`stored` undefined) or a PATCH body merged over the stored row. Field
 * checks run before object-level checks, and only the first error is reported, as in PostHog.
 */
export function validateConfig(
  body: Record<string, unknown>,
  stored: FakeHogFunction | undefined,
  templates: HogFunctionTemplate[],
  path: string[] = [],
  rules?: (type: HogFunctionType, enabled: boolean) => void,
): ValidConfig {
  const field = <T>(name: string, fallback: T): unknown => (name in body ? body[name] : fallback);
  const at = (...p: string[]) => [...path, ...p];

  const rawType = field('type', stored ? effectiveType(stored.type) : 'destination');
  if (typeof rawType !== 'string' || !(HOG_FUNCTION_TYPES as readonly string[]).includes(rawType)) {
    throw new ConfigError(at('type'), `"${String(rawType)}" is not a valid choice.`, 'invalid_choice');
  }
  const type = rawType as HogFunctionType;
  // An update that does not name the type keeps what is stored, null included.
  const storedType = stored && !('type' in body) ? stored.type : type;
  const name = field('name', stored?.name ?? null);
  if (name !== null && typeof name !== 'string') throw new ConfigError(at('name'), 'Not a valid string.');
  if (typeof name === 'string' && name.length > 400)
    throw new ConfigError(at('name'), 'Ensure this field has no more than 400 characters.', 'max_length');
  const description = field('description', stored?.description ?? '');
  if (typeof description !== 'string') throw new ConfigError(at('description'), 'Not a valid string.');
  const enabled = asBoolean(field('enabled', stored?.enabled ?? false), 'enabled');
  const executionOrder = field('execution_order', stored?.execution_order ?? null);
  if (
    executionOrder !== null &&
    (typeof executionOrder !== 'number' ||
      !Number.isInteger(executionOrder) ||
      executionOrder < 0 ||
      executionOrder > 32767)
  ) {
    throw new ConfigError(at('execution_order'), 'A valid integer is required.');
  }
  const iconUrl = field('icon_url', stored?.icon_url ?? null);
  if (iconUrl !== null && typeof iconUrl !== 'string') throw new ConfigError(at('icon_url'), 'Not a valid string.');

  let template = stored?.template ?? null;
  if (!stored && 'template_id' in body && body.template_id !== null) {
    template = templates.find((t) => t.id === body.template_id) ?? null;
    if (!template) throw new ConfigError(at('template_id'), `No template found for id '${String(body.template_id)}'`);
    // Hidden templates are building blocks of other products (workflows), never standalone functions.
    if (template.status === 'hidden')
      throw new ConfigError(
        at('template_id'),
        `Template '${template.id}' is internal and cannot be used to create a function.`,
      );
  }
  const inputsSchema = validateInputsSchema(
    field('inputs_schema', stored?.inputs_schema ?? (template ? template.inputs_schema : [])),
  );
  const filters = validateFilters(field('filters', stored?.filters ?? {}), at('filters'));
  if (!SITE_TYPES.has(type)) checkFilters(filters, at('filters'));
  const masking = validateMasking(field('masking', stored?.masking ?? null));
  const rawMappings = field('mappings', stored?.mappings ?? null);
  if (rawMappings !== null && (!Array.isArray(rawMappings) || !rawMappings.every(isPlainObject))) {
    throw new ConfigError(at('mappings'), 'Expected a list of items.', 'not_a_list');
  }

  if (type === 'warehouse_source_webhook')
    throw new ConfigError(at('type'), 'Cannot create or modify warehouse source webhook functions via this API.');
  if (stored && type !== effectiveType(stored.type))
    throw new ConfigError(at('type'), 'Cannot modify the type of an existing function');
  // Field validation (inputs, their templates) comes before the serializer's object-level `validate()`.
  const { inputs, encrypted } = validateInputs(
    inputsSchema,
    field('inputs', undefined) ?? mergedStoredInputs(stored),
    stored,
    path,
    type,
  );
  const mappings =
    rawMappings === null
      ? null
      : (rawMappings as JsonObject[]).map((m, i) => {
          const mappingSchema = validateInputsSchema(m.inputs_schema);
          const mapped = validateInputs(mappingSchema, m.inputs, undefined, [...path, 'mappings', String(i)], type);
          return {
            ...m,
            inputs_schema: mappingSchema,
            inputs: { ...mapped.inputs, ...mapped.encrypted },
            filters: normalizedFilters(validateFilters(m.filters, at('mappings', String(i), 'filters')), false),
          };
        });
  // `validate()`, in PostHog's order: the log transformations flag and the enabled cap (the caller's, it needs the
  // project), mappings, then the code: its size, reserved functions, and compiling it (hyphens included).
  rules?.(type, enabled);
  if (rawMappings !== null && !MAPPING_TYPES.has(type))
    throw new ConfigError(at('mappings'), 'Mappings are only allowed for destinations.');
  const hog = field('hog', stored?.hog ?? template?.code);
  if (typeof hog !== 'string' || hog === '') throw new ConfigError(at('hog'), 'Required.');
  if (Buffer.byteLength(hog, 'utf8') > MAX_HOG_BYTES)
    throw new ConfigError(at('hog'), 'HOG code exceeds maximum size of 100KB.');
  // site_* functions hold TypeScript, which this fake PostHog does not check.
  if (!SITE_TYPES.has(type)) {
    if (findHogError(hog)) throw new ConfigError(at('hog'), 'Hog code has errors.');
    checkProgram(hog, type, reservedIn(template?.code), path);
  }

  return {
    type: storedType,
    name: (name as string | null) ?? template?.name ?? null,
    description: description || (stored ? '' : (template?.description ?? '')),
    enabled,
    hog,
    inputs_schema: inputsSchema,
    inputs,
    encrypted_inputs: encrypted,
    filters: normalizedFilters(filters, mappings !== null),
    masking,
    mappings,
    icon_url: (iconUrl as string | null) ?? (stored ? null : (template?.icon_url ?? null)),
    execution_order: executionOrder as number | null,
    template,
  };
}

/** PATCH re-injects the stored inputs (secrets included) before validating. */
function mergedStoredInputs(stored: FakeHogFunction | undefined): Record<string, Json> | undefined {
  return stored ? { ...stored.inputs, ...stored.encrypted_inputs } : undefined;
}
