// How each configuration field of a hog function reads as a JSON document, and how a saved document turns back
// into the one field PostHog's PATCH receives. Compiled parts the server derives on every save (bytecode,
// transpiled code, input order) are left out: they are noise to edit and the server ignores them anyway.
import * as l10n from '@vscode/l10n';
import { isJsonObject, type JsonObject } from '../../shared/json';
import type { JsonField } from './paths';

type Json = unknown;

const DERIVED_INPUT_KEYS = ['bytecode', 'order', 'transpiled'];
const DERIVED_FILTER_KEYS = ['bytecode', 'transpiled', 'bytecode_error'];

function without(value: Json, keys: string[]): Json {
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

function cleanInputs(inputs: Json): Json {
  if (!isJsonObject(inputs)) return inputs ?? {};
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, without(v, DERIVED_INPUT_KEYS)]));
}

function cleanMapping(mapping: Json): Json {
  if (!isJsonObject(mapping)) return mapping;
  const out: JsonObject = { ...mapping };
  if ('inputs' in out) out.inputs = cleanInputs(out.inputs);
  if ('filters' in out) out.filters = without(out.filters, DERIVED_FILTER_KEYS);
  return out;
}

/** The value shown for a field: what PostHog stores, minus what it derives. */
export function fieldValue(fn: Partial<Record<JsonField, Json>>, field: JsonField): Json {
  const raw = fn[field];
  switch (field) {
    case 'inputs':
      return cleanInputs(raw);
    case 'inputs_schema':
      return raw ?? [];
    case 'filters':
      return without(raw ?? {}, DERIVED_FILTER_KEYS);
    case 'mappings':
      return Array.isArray(raw) ? raw.map(cleanMapping) : null;
    case 'masking':
      return raw === undefined || raw === null ? null : without(raw, ['bytecode']);
  }
}

export function renderField(fn: Partial<Record<JsonField, Json>>, field: JsonField): string {
  return `${JSON.stringify(fieldValue(fn, field), null, 2)}\n`;
}

export type ParsedField = { ok: true; value: Json } | { ok: false; message: string };

/**
 * Parses and checks a saved field document; a refusal says what is wrong and where, and nothing is sent. `use`: what
 * the text was for, which the refusal of text that is not JSON names (a save, or a test run that did not start).
 */
export function parseField(field: JsonField, text: string, use: 'save' | 'testRun' = 'save'): ParsedField {
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = describeJsonError(text, error);
    return {
      ok: false,
      message:
        use === 'save'
          ? l10n.t('{0} is not valid JSON: {1}. Nothing was sent to PostHog.', field, reason)
          : l10n.t('{0} is not valid JSON: {1}. The test run was not started.', field, reason),
    };
  }
  const problem = shapeProblem(field, value);
  return problem ? { ok: false, message: l10n.t('{0} was not saved: {1}.', field, problem) } : { ok: true, value };
}

function shapeProblem(field: JsonField, value: Json): string | undefined {
  switch (field) {
    case 'inputs': {
      if (!isJsonObject(value)) return l10n.t('it must be an object of input key -> {"value": ...}');
      const bad = Object.entries(value).find(([, v]) => !isJsonObject(v));
      return bad
        ? l10n.t(
            'inputs.{0} must be an object such as {"value": ...} (or {"secret": true} to keep a stored secret)',
            bad[0],
          )
        : undefined;
    }
    case 'inputs_schema': {
      if (!Array.isArray(value)) return l10n.t('it must be an array of input definitions');
      const i = value.findIndex((e) => !isJsonObject(e) || typeof e.key !== 'string' || typeof e.type !== 'string');
      return i >= 0 ? l10n.t('inputs_schema[{0}] needs a string "key" and a string "type"', i) : undefined;
    }
    case 'filters':
      return value === null || isJsonObject(value) ? undefined : l10n.t('it must be an object (or null)');
    case 'mappings':
      if (value === null) return undefined;
      if (!Array.isArray(value)) return l10n.t('it must be an array of mappings (or null)');
      return value.every(isJsonObject) ? undefined : l10n.t('every mapping must be an object');
    case 'masking':
      return value === null || isJsonObject(value)
        ? undefined
        : l10n.t('it must be an object such as {"ttl": 3600, "hash": "{person.id}"} (or null)');
  }
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position || /\(line \d+/.test(message)) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return l10n.t('{0} (line {1} column {2})', message, line, column);
}
