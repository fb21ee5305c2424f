// The column mapping of an import: which column holds the group key, which columns become which properties, and of
// what type (inferred from the values, overridable). A mapping is plain JSON, so it can be saved and used again for
// the next file of the same shape.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import {
  MAX_PROPERTY_KEY_LENGTH,
  parseJson,
  parseValue,
  validateKey,
  type ValueType,
} from '../../shared/propertyValue';
import type { SourceFormat, SourceItem } from './source';

export type { ValueType } from '../../shared/propertyValue';

/** PostHog's group_key is a CharField of 400 characters. */
export const MAX_GROUP_KEY_LENGTH = 400;

/**
 * What an empty cell (an empty CSV field, a JSON null or a missing JSON key) means for its property: leave the
 * property as PostHog has it (the default), set it to an empty string, or remove the property.
 */
export type EmptyCell = 'skip' | 'empty-string' | 'remove';

export interface PropertyColumn {
  /** The column in the file. */
  column: string;
  /** The property it sets on PostHog (often the column's own name). */
  property: string;
  type: ValueType;
  empty?: EmptyCell;
}

export interface ImportMapping {
  /** The column holding each row's group key. */
  keyColumn: string;
  /** The columns that become properties; any other column is left out. */
  properties: PropertyColumn[];
}

const VALUE_TYPES = ['string', 'number', 'boolean', 'json'] as const;

const mappingFileSchema = z.object({
  format: z.literal('posthog-workbench.group-import-mapping'),
  version: z.literal(1),
  keyColumn: z.string().check(z.minLength(1)),
  properties: z.array(
    z.object({
      column: z.string().check(z.minLength(1)),
      property: z.string().check(z.minLength(1), z.maxLength(MAX_PROPERTY_KEY_LENGTH)),
      type: z.enum(VALUE_TYPES),
      empty: z.optional(z.enum(['skip', 'empty-string', 'remove'])),
    }),
  ),
});

/** The mapping as a file: stable, readable JSON with a format marker. */
export function mappingToJson(mapping: ImportMapping): string {
  const file = {
    format: 'posthog-workbench.group-import-mapping',
    version: 1,
    keyColumn: mapping.keyColumn,
    properties: mapping.properties.map((p) => ({
      column: p.column,
      property: p.property,
      type: p.type,
      ...(p.empty && p.empty !== 'skip' ? { empty: p.empty } : {}),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

/** A saved mapping read back; throws MappingError with what is wrong. */
export function parseMapping(text: string): ImportMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MappingError(
      l10n.t('The mapping file is not valid JSON: {0}', e instanceof Error ? e.message : String(e)),
    );
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MappingError(
      l10n.t(
        'The mapping file is not one this extension wrote: {0} ({1}).',
        issue?.message ?? '',
        issue?.path.map(String).join('.') ?? '',
      ),
    );
  }
  return {
    keyColumn: parsed.data.keyColumn,
    properties: parsed.data.properties.map((p) => ({
      column: p.column,
      property: p.property,
      type: p.type,
      ...(p.empty ? { empty: p.empty } : {}),
    })),
  };
}

/** What is wrong with a mapping for a file with these columns (empty when it fits). */
export function checkMapping(mapping: ImportMapping, columns: readonly string[]): string[] {
  const problems: string[] = [];
  const has = new Set(columns);
  if (!has.has(mapping.keyColumn)) problems.push(l10n.t('The key column "{0}" is not in the file.', mapping.keyColumn));
  const properties = new Map<string, string>();
  for (const p of mapping.properties) {
    if (!has.has(p.column)) problems.push(l10n.t('The column "{0}" is not in the file.', p.column));
    const keyProblem = validateKey(p.property);
    if (keyProblem) problems.push(l10n.t('Column "{0}": {1}', p.column, keyProblem));
    const other = properties.get(p.property);
    if (other !== undefined)
      problems.push(l10n.t('The columns "{0}" and "{1}" both set the property "{2}".', other, p.column, p.property));
    properties.set(p.property, p.column);
  }
  return problems;
}

/** What the values of one column look like, from one pass over the file. */
export interface ColumnProfile {
  column: string;
  /** The type every non-empty value fits, the narrowest first: boolean, number, json, else string. */
  inferred: ValueType;
  /** Cells with a value. */
  filled: number;
  /** Up to three values, as text, to show beside the column. */
  samples: string[];
}

interface Tally {
  filled: number;
  boolean: boolean;
  number: boolean;
  json: boolean;
  /** A JSON source sent a string: its type is string, whatever the text says. */
  string: boolean;
  samples: string[];
}

const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const BOOLEAN_TEXT = /^(true|false)$/i;

/** Profiles every column from the rows (one pass; constant memory per column). */
export async function profileColumns(
  items: AsyncIterable<SourceItem>,
  format: SourceFormat,
): Promise<{ columns: string[]; profiles: ColumnProfile[]; rows: number }> {
  const tallies = new Map<string, Tally>();
  const order: string[] = [];
  let rows = 0;
  const tallyOf = (column: string): Tally => {
    let t = tallies.get(column);
    if (!t) {
      t = { filled: 0, boolean: true, number: true, json: true, string: false, samples: [] };
      tallies.set(column, t);
      order.push(column);
    }
    return t;
  };
  for await (const item of items) {
    if (item.kind === 'header') item.columns.forEach(tallyOf);
    if (item.kind !== 'row') continue;
    rows++;
    for (const [column, raw] of item.row.cells) {
      const t = tallyOf(column);
      if (isEmpty(raw, format)) continue;
      t.filled++;
      if (t.samples.length < 3) t.samples.push(typeof raw === 'string' ? raw : JSON.stringify(raw));
      if (format === 'json') {
        if (typeof raw === 'string') t.string = true;
        if (typeof raw !== 'boolean') t.boolean = false;
        if (typeof raw !== 'number') t.number = false;
        if (typeof raw !== 'object') t.json = false;
        continue;
      }
      const text = String(raw).trim();
      if (t.boolean && !BOOLEAN_TEXT.test(text)) t.boolean = false;
      if (t.number && !(NUMBER_TEXT.test(text) && parseValue(text, 'number').ok)) t.number = false;
      if (t.json && !((text.startsWith('{') || text.startsWith('[')) && parseJson(text).ok)) t.json = false;
    }
  }
  const profiles = order.map((column): ColumnProfile => {
    const t = tallies.get(column)!;
    const inferred: ValueType =
      t.filled === 0 || t.string
        ? 'string'
        : t.boolean
          ? 'boolean'
          : t.number
            ? 'number'
            : t.json
              ? 'json'
              : format === 'json'
                ? 'json'
                : 'string';
    return { column, inferred, filled: t.filled, samples: t.samples };
  });
  return { columns: order, profiles, rows };
}

const KEY_COLUMN_NAMES = ['group_key', '$group_key', 'key', 'id'];

/** A first mapping for a file: the key column by its name (group_key, key, id) or else the first column; every other column a property of its inferred type. */
export function suggestMapping(profiles: readonly ColumnProfile[]): ImportMapping {
  const named = KEY_COLUMN_NAMES.map((n) => profiles.find((p) => p.column.toLowerCase() === n)).find(
    (p) => p !== undefined,
  );
  const keyColumn = (named ?? profiles[0])?.column ?? 'group_key';
  return {
    keyColumn,
    properties: profiles
      .filter((p) => p.column !== keyColumn)
      .map((p) => ({ column: p.column, property: p.column, type: p.inferred })),
  };
}

/** The same mapping after the user's choices. */
export function withColumn(
  mapping: ImportMapping,
  column: string,
  change: Partial<Omit<PropertyColumn, 'column'>> | 'leave-out',
): ImportMapping {
  if (change === 'leave-out') return { ...mapping, properties: mapping.properties.filter((p) => p.column !== column) };
  const at = mapping.properties.findIndex((p) => p.column === column);
  const next: PropertyColumn = {
    ...(mapping.properties[at] ?? { column, property: column, type: 'string' }),
    ...change,
    column,
  };
  return {
    ...mapping,
    properties: at >= 0 ? mapping.properties.map((p, i) => (i === at ? next : p)) : [...mapping.properties, next],
  };
}

export function isEmpty(raw: unknown, format: SourceFormat): boolean {
  if (raw === undefined || raw === null) return true;
  return format === 'csv' && raw === '';
}

export type Cell = { kind: 'empty' } | { kind: 'value'; value: unknown } | { kind: 'invalid'; message: string };

/**
 * One cell as the property value its column's type makes of it. CSV cells are text; JSON cells keep their JSON type
 * unless the column's type asks for another (a number in a string column becomes its text).
 */
export function convertCell(raw: unknown, type: ValueType, format: SourceFormat): Cell {
  if (isEmpty(raw, format)) return { kind: 'empty' };
  // A JSON string in a JSON column is that string; everywhere else text is read by the column's type.
  if (typeof raw === 'string' && !(format === 'json' && type === 'json')) {
    switch (type) {
      case 'string':
        return { kind: 'value', value: raw };
      case 'boolean': {
        const t = raw.trim();
        if (BOOLEAN_TEXT.test(t)) return { kind: 'value', value: t.toLowerCase() === 'true' };
        return { kind: 'invalid', message: l10n.t('"{0}" is not a boolean (true or false).', shorten(raw)) };
      }
      case 'number':
      case 'json': {
        const parsed = parseValue(raw, type);
        return parsed.ok ? { kind: 'value', value: parsed.value } : { kind: 'invalid', message: parsed.message };
      }
    }
  }
  switch (type) {
    case 'string':
      return { kind: 'value', value: typeof raw === 'object' ? JSON.stringify(raw) : String(raw) };
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw)
        ? { kind: 'value', value: raw }
        : { kind: 'invalid', message: l10n.t('{0} is not a number.', shorten(JSON.stringify(raw))) };
    case 'boolean':
      return typeof raw === 'boolean'
        ? { kind: 'value', value: raw }
        : { kind: 'invalid', message: l10n.t('{0} is not a boolean (true or false).', shorten(JSON.stringify(raw))) };
    case 'json':
      return { kind: 'value', value: raw };
  }
}

/** A row's group key: text of 1 to 400 characters (a JSON number is taken as its text). */
export function convertKey(
  raw: unknown,
  format: SourceFormat,
): { ok: true; key: string } | { ok: false; message: string } {
  if (isEmpty(raw, format) || (typeof raw === 'string' && raw.trim() === ''))
    return { ok: false, message: l10n.t('The row has no group key.') };
  let key: string;
  if (typeof raw === 'string') key = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) key = String(raw);
  else return { ok: false, message: l10n.t('The group key {0} is not text.', shorten(JSON.stringify(raw))) };
  if (key.length > MAX_GROUP_KEY_LENGTH)
    return {
      ok: false,
      message: l10n.t(
        'The group key has {0} characters; PostHog allows at most {1}.',
        key.length,
        MAX_GROUP_KEY_LENGTH,
      ),
    };
  return { ok: true, key };
}

export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
