// Walks over JSON values without recursion. PostHog's JSON fields (filters, inputs, an event's properties, a test
// result) take whatever is sent, and JSON.parse reads a value nested 100,000 deep; a recursive walk, and V8's own
// JSON.stringify, fail with "Maximum call stack size exceeded" at a few thousand levels. Everything the extension
// does to such a value (compare it, write it as text, mask it) goes through these two functions instead.

/** Where a value sits: the keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

export interface WriteOptions {
  /** One level's indent ("  "), or "" for the compact form without spaces or line breaks. */
  indent?: string;
  /**
   * An object's keys in the order to write them (those left out are not written); default: its own keys in their
   * order. Keys whose value is undefined are never written, as JSON.stringify does.
   */
  keys?: (value: Record<string, unknown>, path: JsonPath) => readonly string[];
  /** Whether `keys` needs the path; without it, no paths are built. */
  usesPath?: boolean;
}

interface WriteFrame {
  entries: [string | number, unknown][];
  next: number;
  close: string;
  indent: string;
  path: JsonPath;
}

/**
 * JSON text as JSON.stringify(value, null, indent) writes it (the same text for JSON values), at any depth:
 * non-finite numbers become null, undefined in an array becomes null, an undefined value leaves its key out.
 */
export function writeJson(root: unknown, options: WriteOptions = {}): string {
  const step = options.indent ?? '';
  const newline = step ? '\n' : '';
  const colon = step ? ': ' : ':';
  const out: string[] = [];
  const stack: WriteFrame[] = [];
  const begin = (value: unknown, path: JsonPath, indent: string): void => {
    if (value === null || typeof value !== 'object') {
      out.push(JSON.stringify(value) ?? 'null');
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return void out.push('[]');
      out.push('[');
      stack.push({
        entries: value.map((item, i) => [i, item === undefined ? null : item]),
        next: 0,
        close: ']',
        indent,
        path,
      });
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = (options.keys ? options.keys(record, path) : Object.keys(record)).filter(
      (k) => record[k] !== undefined,
    );
    if (keys.length === 0) return void out.push('{}');
    out.push('{');
    stack.push({ entries: keys.map((k) => [k, record[k]]), next: 0, close: '}', indent, path });
  };
  begin(root, [], '');
  while (stack.length) {
    const frame = stack[stack.length - 1] as WriteFrame;
    if (frame.next >= frame.entries.length) {
      stack.pop();
      out.push(`${newline}${frame.indent}${frame.close}`);
      continue;
    }
    const [key, value] = frame.entries[frame.next++] as [string | number, unknown];
    const inner = frame.indent + step;
    out.push(
      `${frame.next > 1 ? ',' : ''}${newline}${inner}${typeof key === 'string' ? `${JSON.stringify(key)}${colon}` : ''}`,
    );
    begin(value, options.usesPath ? [...frame.path, key] : frame.path, inner);
  }
  return out.join('');
}

/**
 * A copy of a JSON value with each value `leaf` decides on replaced, and every other object and array copied with
 * `key` applied to its keys (objects are built with defined properties, so a key named `__proto__` stays a key).
 * `leaf` gets the value and the key it sits under; it returns `{ value }` to replace it, or undefined to go inside
 * (objects and arrays) or keep it (anything else).
 */
export function mapJson(
  root: unknown,
  leaf: (value: unknown, key: string | undefined) => { value: unknown } | undefined,
  key: (k: string) => string = (k) => k,
): unknown {
  const copy = (
    value: unknown,
    under: string | undefined,
    place: (v: unknown) => void,
    pending: [unknown, (v: unknown) => void, string | undefined][],
  ): void => {
    const replaced = leaf(value, under);
    if (replaced) return place(replaced.value);
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      place(out);
      // Pushed last to first, so they are visited first to last (leaf may keep notes in that order).
      for (let i = value.length - 1; i >= 0; i--)
        pending.push([
          value[i],
          (v) => {
            out[i] = v;
          },
          undefined,
        ]);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      place(out);
      const children: [unknown, (v: unknown) => void, string][] = [];
      for (const [k, item] of Object.entries(value)) {
        const name = key(k);
        // Defined in this order now, so the copy keeps the key order; the value is filled in when reached.
        Object.defineProperty(out, name, { value: undefined, enumerable: true, writable: true, configurable: true });
        children.push([
          item,
          (v) => {
            out[name] = v;
          },
          k,
        ]);
      }
      for (let i = children.length - 1; i >= 0; i--)
        pending.push(children[i] as [unknown, (v: unknown) => void, string]);
      return;
    }
    place(value);
  };
  let result: unknown;
  const pending: [unknown, (v: unknown) => void, string | undefined][] = [];
  copy(
    root,
    undefined,
    (v) => {
      result = v;
    },
    pending,
  );
  while (pending.length) {
    const [value, place, under] = pending.pop() as [unknown, (v: unknown) => void, string | undefined];
    copy(value, under, place, pending);
  }
  return result;
}
