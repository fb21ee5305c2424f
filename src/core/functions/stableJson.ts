// JSON text that changes only where the data changed: 2-space indent, one trailing newline, and object keys in an
// order decided by the caller for known places and alphabetical everywhere else (PostHog's JSON columns come back
// in whatever order Postgres keeps them). Written by hand rather than with JSON.stringify because JavaScript
// objects put integer-like keys ("1", "42") first whatever order they were inserted in.

import { writeJson, type JsonPath } from '../../shared/deepJson';

export type { JsonPath } from '../../shared/deepJson';

/** Chooses the order of an object's keys at `path`; keys it leaves out follow in alphabetical order. */
export type KeyOrder = (path: JsonPath, keys: readonly string[]) => readonly string[];

const alphabetical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function orderedKeys(value: Record<string, unknown>, path: JsonPath, order: KeyOrder | undefined): string[] {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const preferred = (order?.(path, keys) ?? []).filter((k, i, all) => keys.includes(k) && all.indexOf(k) === i);
  return [...preferred, ...keys.filter((k) => !preferred.includes(k)).sort(alphabetical)];
}

/** The value as stable JSON text ending in a newline (written without recursion: see shared/deepJson.ts). */
export function stableJson(value: unknown, order?: KeyOrder): string {
  return `${writeJson(value, { indent: '  ', keys: (record, path) => orderedKeys(record, path, order), usesPath: order !== undefined })}\n`;
}

/** The same text for equal JSON values whatever their key order: for comparing, not for files (so compact). */
export function canonicalJson(value: unknown): string {
  return writeJson(value, { keys: (record, path) => orderedKeys(record, path, undefined) });
}
