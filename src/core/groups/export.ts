// Export of groups to CSV (csv-stringify) or JSON, streamed: groups are written as they arrive from PostHog's pages,
// so a group type of any size is exported in constant memory. What is written reads back with the import (same
// column names, a key column, JSON text for values that are not strings).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify';
import type { Group } from '../../api';
import { valueTypeOf, type ValueType } from '../../shared/propertyValue';
import type { ImportMapping } from './mapping';
import type { Delimiter } from './source';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  format: ExportFormat;
  /**
   * The properties to write, in order. Required for CSV from a stream (the header comes first); for JSON, or for groups
   * given as an array, every property of every group when absent.
   */
  columns?: readonly string[];
  /** CSV only (default `,`). */
  delimiter?: Delimiter;
  /** CSV only: start with a byte order mark, which spreadsheet apps read as "UTF-8". */
  bom?: boolean;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

export interface ExportResult {
  rows: number;
  keyColumn: string;
  columns: string[];
  /** Each column's value type across the rows written, `mixed` when it varies. */
  types: Record<string, ValueType | 'mixed'>;
  /** The mapping that imports the file back: the key column and each column as a property of its type. */
  mapping: ImportMapping;
}

/** The header of the key column: `group_key`, unless a property already has that name. */
export function keyColumnFor(columns: readonly string[]): string {
  if (!columns.includes('group_key')) return 'group_key';
  return columns.includes('$group_key') ? '$$group_key' : '$group_key';
}

/** A value as a CSV cell: strings as they are, everything else as JSON text (the import parses it back). */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function unionOfProperties(groups: readonly Group[]): string[] {
  const seen = new Set<string>();
  for (const g of groups) for (const k of Object.keys(g.group_properties)) seen.add(k);
  return [...seen];
}

export async function exportGroups(
  groups: AsyncIterable<Group> | readonly Group[],
  out: Writable,
  options: ExportOptions,
): Promise<ExportResult> {
  let columns = options.columns ? [...options.columns] : undefined;
  if (!columns && Array.isArray(groups)) columns = unionOfProperties(groups);
  if (!columns && options.format === 'csv')
    throw new Error('A CSV export of a stream of groups needs its columns first.');
  const seenColumns = new Set(columns ?? []);
  const order = columns ? [...columns] : [];
  const keyColumn = keyColumnFor(columns ?? []);
  const types = new Map<string, Set<ValueType>>();
  let rows = 0;

  const note = (property: string, value: unknown) => {
    if (!seenColumns.has(property)) {
      seenColumns.add(property);
      order.push(property);
    }
    let set = types.get(property);
    if (!set) types.set(property, (set = new Set()));
    set.add(valueTypeOf(value));
  };

  async function* records(): AsyncGenerator<unknown> {
    for await (const group of groups as AsyncIterable<Group>) {
      if (options.signal?.aborted) throw new Error('cancelled');
      const props = group.group_properties;
      const keys = columns ?? Object.keys(props);
      const present = keys.filter((k) => Object.hasOwn(props, k) && props[k] !== null && props[k] !== undefined);
      for (const k of present) note(k, props[k]);
      rows++;
      if (rows % 100 === 0) options.onProgress?.(rows);
      if (options.format === 'csv')
        yield [group.group_key, ...keys.map((k) => (Object.hasOwn(props, k) ? csvCell(props[k]) : ''))];
      // fromEntries defines own keys: a property named `__proto__` stays a property.
      else yield Object.fromEntries([[keyColumn, group.group_key], ...present.map((k) => [k, props[k]])]);
    }
  }

  if (options.format === 'csv') {
    const stringifier = stringify({
      header: true,
      columns: [keyColumn, ...columns!],
      delimiter: options.delimiter ?? ',',
      bom: options.bom ?? false,
    });
    await pipeline(Readable.from(records()), stringifier, out);
  } else {
    let first = true;
    const toJson = new Transform({
      writableObjectMode: true,
      transform(record: unknown, _encoding, done) {
        const text = `${first ? '[\n' : ',\n'}${JSON.stringify(record)}`;
        first = false;
        done(null, text);
      },
      flush(done) {
        done(null, first ? '[]\n' : '\n]\n');
      },
    });
    await pipeline(Readable.from(records()), toJson, out);
  }
  options.onProgress?.(rows);

  const typeOf = (column: string): ValueType | 'mixed' => {
    const set = types.get(column);
    if (!set || set.size === 0) return 'string';
    return set.size === 1 ? [...set][0]! : 'mixed';
  };
  const finalColumns = options.format === 'csv' ? columns! : order;
  const typeRecord = Object.fromEntries(finalColumns.map((c) => [c, typeOf(c)]));
  return {
    rows,
    keyColumn,
    columns: finalColumns,
    types: typeRecord,
    mapping: {
      keyColumn,
      properties: finalColumns.map((c) => {
        const t = typeOf(c);
        // A column of mixed types reads back exactly from JSON; from CSV its values come back as text.
        return { column: c, property: c, type: t === 'mixed' ? (options.format === 'json' ? 'json' : 'string') : t };
      }),
    },
  };
}

/** Exports into `file`: written beside it first and renamed at the end, so a failed export leaves no half file. */
export async function exportGroupsToFile(
  groups: AsyncIterable<Group> | readonly Group[],
  file: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const result = await exportGroups(groups, createWriteStream(temp), options);
    await rename(temp, file);
    return result;
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
