// JSON text that changes only where the data changed: 2-space indent, one trailing newline, and object keys in an
// order decided by the caller for known places and alphabetical everywhere else (PostHog's JSON columns come back
// in whatever order Postgres keeps them). Written by hand rather than with JSON.stringify because JavaScript
// objects put integer-like keys ("1", "42") first whatever order they were inserted in.

/** Where a value sits: the keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** Chooses the order of an object's keys at `path`; keys it leaves out follow in alphabetical order. */
export type KeyOrder = (path: JsonPath, keys: readonly string[]) => readonly string[];

const alphabetical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function orderedKeys(value: Record<string, unknown>, path: JsonPath, order: KeyOrder | undefined): string[] {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const preferred = (order?.(path, keys) ?? []).filter((k, i, all) => keys.includes(k) && all.indexOf(k) === i);
  return [...preferred, ...keys.filter((k) => !preferred.includes(k)).sort(alphabetical)];
}

function write(value: unknown, path: JsonPath, indent: string, order: KeyOrder | undefined): string {
  if (value === null || typeof value !== 'object') {
    // Like JSON.stringify: non-finite numbers become null; undefined is only reachable at the root.
    return JSON.stringify(value) ?? 'null';
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, i) => `${inner}${write(item === undefined ? null : item, [...path, i], inner, order)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = orderedKeys(record, path, order);
  if (keys.length === 0) return '{}';
  const entries = keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(record[k], [...path, k], inner, order)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** The value as stable JSON text ending in a newline. */
export function stableJson(value: unknown, order?: KeyOrder): string {
  return `${write(value, [], '', order)}\n`;
}

/** The same text for equal JSON values whatever their key order: for comparing, not for files. */
export function canonicalJson(value: unknown): string {
  return write(value, [], '', undefined);
}
