// Generates response bodies from PostHog's published OpenAPI fragments (test/contract/openapi/): one base body with
// every field present, then one variation per thing real data can do that the schema allows: a nullable field
// null, a field that is not required absent, each value of an enum, an unknown extra field, long and unicode
// strings, an untyped field holding each kind of JSON, an empty array. It follows $ref, allOf and oneOf, and
// leaves out writeOnly fields (they are never sent back). The shapes all come from the fragments; nothing here
// names a PostHog field.

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  readOnly?: boolean;
  writeOnly?: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface OpenApiFragment {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

export type Path = (string | number)[];

export type VariationKind =
  | 'null'
  | 'absent'
  | 'enum'
  | 'extra-field'
  | 'long-string'
  | 'unicode-string'
  | 'json-kind'
  | 'empty'
  | 'all-null'
  | 'all-absent'
  /** Null where the schema says otherwise but PostHog's server is known to send it (posthog-api.md 9.1). */
  | 'server-null'
  /** A field the feature cannot do without, missing: outside the schema, to prove that only that row fails. */
  | 'needed-null'
  | 'needed-absent';

export interface Variation {
  kind: VariationKind;
  path: Path;
  /** The value set at `path`; undefined with `absent` kinds. */
  value?: unknown;
  /** For the combined kinds: the variations applied together. */
  parts?: Variation[];
}

export interface GeneratedCase {
  name: string;
  body: unknown;
  variation?: Variation;
}

export interface Deviation {
  /** The component schema (by name) whose field the server sends as null. */
  component: string;
  field: string;
}

export interface GenerateOptions {
  /** Rows that lists get in the base body (at least 2, so a varied row always has a plain neighbour). */
  rows?: number;
  /** Values held fixed in the base body, by top-level field (e.g. `next: null`: one page, nothing to follow). */
  pin?: Record<string, unknown>;
  /** Row fields (dotted, relative to each row at `rowsAt`, or to the body) the feature cannot do without. */
  needed?: string[];
  /** Where the rows are: `results` in a page, `''` for a bare array, undefined for a single object. */
  rowsAt?: string;
  deviations?: Deviation[];
}

const UNICODE = 'Ünïcödé ✓ 🦔 中文 עברית <b>&amp;</b> "quoted" \\ back\u200Bslash';
const LONG_CHARS = 5000;
const MAX_DEPTH = 6;

interface Resolved extends Schema {
  /** The component name, when the schema was reached through a $ref. */
  component?: string;
}

/** Generates cases for one schema of one fragment. */
export class Generator {
  private counter = 0;

  constructor(private readonly fragment: OpenApiFragment) {}

  /** The 2xx response schema of the fragment's one operation, or undefined when it declares no body. */
  responseSchema(): Schema | undefined {
    for (const methods of Object.values(this.fragment.paths)) {
      for (const op of Object.values(methods)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (status.startsWith('2')) return response.content?.['application/json']?.schema;
        }
      }
    }
    return undefined;
  }

  component(name: string): Schema {
    const schema = this.fragment.components?.schemas?.[name];
    if (!schema) throw new Error(`no component schema ${name} in this fragment`);
    return { $ref: `#/components/schemas/${name}` };
  }

  cases(schema: Schema, options: GenerateOptions = {}): GeneratedCase[] {
    this.counter = 0;
    const base = () => this.base(schema, options);
    const cases: GeneratedCase[] = [{ name: 'every field present', body: base() }];
    const variations = this.variations(schema, [], options, 0).filter((v) => !isPinned(v.path, options));
    for (const variation of variations)
      cases.push({ name: describe(variation), body: apply(base(), variation), variation });
    for (const kind of ['null', 'absent'] as const) {
      const parts = variations.filter((v) => v.kind === kind || (kind === 'null' && v.kind === 'server-null'));
      // Deepest first, so a field set to null does not hide the fields under it.
      parts.sort((a, b) => b.path.length - a.path.length);
      if (parts.length > 1) {
        const combined: Variation = { kind: kind === 'null' ? 'all-null' : 'all-absent', path: [], parts };
        cases.push({ name: describe(combined), body: apply(base(), combined), variation: combined });
      }
    }
    for (const field of options.needed ?? []) {
      const path = [...rowPath(options), ...field.split('.')];
      for (const kind of ['needed-null', 'needed-absent'] as const) {
        const variation: Variation = { kind, path, ...(kind === 'needed-null' ? { value: null } : {}) };
        cases.push({ name: describe(variation), body: apply(base(), variation), variation });
      }
    }
    return cases;
  }

  private base(schema: Schema, options: GenerateOptions): unknown {
    const body = this.sample(schema, 0, options.rows ?? 2);
    if (options.pin && isObject(body)) Object.assign(body, options.pin);
    return body;
  }

  private resolve(schema: Schema): Resolved {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = this.fragment.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
      const { $ref: _ref, ...siblings } = schema;
      return { ...this.resolve(target), ...siblings, component: name };
    }
    if (schema.allOf?.length) {
      const { allOf, ...siblings } = schema;
      const merged = allOf.map((s) => this.resolve(s)).reduce<Resolved>((a, b) => mergeObjects(a, b), {});
      return { ...merged, ...siblings };
    }
    const choices = schema.oneOf ?? schema.anyOf;
    if (choices?.length) {
      const resolved = choices.map((s) => this.resolve(s));
      // drf-spectacular writes "an enum, or blank, or null" as oneOf of enum schemas: one enum of all their values.
      if (resolved.every((s) => s.enum)) {
        const { oneOf: _o, anyOf: _a, ...siblings } = schema;
        const values = resolved.flatMap((s) => s.enum ?? []);
        const nullable = values.includes(null) || schema.nullable === true;
        return { ...siblings, enum: values.filter((v) => v !== null), nullable };
      }
      return { ...resolved[0], nullable: schema.nullable ?? resolved[0]?.nullable };
    }
    return schema;
  }

  private sample(raw: Schema, depth: number, rows: number): unknown {
    const s = this.resolve(raw);
    const n = ++this.counter;
    if (s.enum?.length) return s.enum[0];
    if (s.properties || (s.type === 'object' && !s.additionalProperties)) {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (this.resolve(prop).writeOnly || prop.writeOnly) continue;
        out[key] = depth > MAX_DEPTH ? null : this.sample(prop, depth + 1, 2);
      }
      return out;
    }
    switch (s.type) {
      case 'object':
        return {
          [`key_${n}`]: isSchema(s.additionalProperties)
            ? this.sample(s.additionalProperties, depth + 1, 2)
            : `value ${n}`,
        };
      case 'array':
        return Array.from({ length: rows }, () =>
          s.items && depth <= MAX_DEPTH ? this.sample(s.items, depth + 1, 2) : null,
        );
      case 'string':
        return stringOf(s, n);
      case 'integer':
        return clamp(n, s);
      case 'number':
        return clamp(n, s) + 0.5;
      case 'boolean':
        return true;
      default:
        // Untyped in the schema: any JSON. The base is an object; the variations cover the other kinds.
        return { note: `untyped value ${n}` };
    }
  }

  private variations(raw: Schema, path: Path, options: GenerateOptions, depth: number): Variation[] {
    if (depth > MAX_DEPTH) return [];
    const s = this.resolve(raw);
    const out: Variation[] = [];
    if (s.enum?.length) {
      for (const value of s.enum.slice(1)) out.push({ kind: 'enum', path, value });
      return out;
    }
    if (s.properties || (s.type === 'object' && !s.additionalProperties)) {
      out.push({
        kind: 'extra-field',
        path: [...path, 'unexpected_field_from_a_newer_posthog'],
        value: { nested: [1, 'two', null], at: UNICODE },
      });
      const required = new Set(s.required ?? []);
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        const p = this.resolve(prop);
        if (p.writeOnly || prop.writeOnly) continue;
        const at = [...path, key];
        if (p.nullable || prop.nullable) out.push({ kind: 'null', path: at, value: null });
        else if (options.deviations?.some((d) => d.component === s.component && d.field === key))
          out.push({ kind: 'server-null', path: at, value: null });
        if (!required.has(key)) out.push({ kind: 'absent', path: at });
        out.push(...this.variations(prop, at, options, depth + 1));
      }
      return out;
    }
    switch (s.type) {
      case 'object':
        out.push({ kind: 'empty', path, value: {} });
        // `*` is the map's first entry, whatever key the base body gave it.
        if (isSchema(s.additionalProperties))
          out.push(...this.variations(s.additionalProperties, [...path, '*'], options, depth + 1));
        return out;
      case 'array':
        out.push({ kind: 'empty', path, value: [] });
        if (s.items) out.push(...this.variations(s.items, [...path, 0], options, depth + 1));
        return out;
      case 'string':
        if (s.format) return out;
        out.push({
          kind: 'long-string',
          path,
          value: 'Long value '.repeat(LONG_CHARS / 11).slice(0, Math.min(s.maxLength ?? LONG_CHARS, LONG_CHARS)),
        });
        out.push({ kind: 'unicode-string', path, value: UNICODE.slice(0, s.maxLength ?? UNICODE.length) });
        return out;
      case 'integer':
      case 'number':
      case 'boolean':
        return out;
      default:
        for (const value of [['an', 'array', 1], 'a string', 42, false]) out.push({ kind: 'json-kind', path, value });
        return out;
    }
  }
}

function mergeObjects(a: Resolved, b: Resolved): Resolved {
  return {
    ...a,
    ...b,
    ...(a.properties || b.properties ? { properties: { ...a.properties, ...b.properties } } : {}),
    ...(a.required || b.required ? { required: [...(a.required ?? []), ...(b.required ?? [])] } : {}),
  };
}

function stringOf(s: Schema, n: number): string {
  switch (s.format) {
    case 'uuid':
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    case 'date-time':
      return new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString().replace('.000Z', 'Z');
    case 'date':
      return '2026-01-01';
    case 'uri':
      return `https://posthog.example.com/generated/${n}`;
    case 'email':
      return `user${n}@example.com`;
    default: {
      const text = `text ${n}`;
      return s.maxLength !== undefined ? text.slice(0, s.maxLength) : text;
    }
  }
}

function clamp(n: number, s: Schema): number {
  return Math.min(Math.max(n, s.minimum ?? -Infinity), s.maximum ?? Infinity);
}

function isSchema(value: Schema | boolean | undefined): value is Schema {
  return typeof value === 'object' && value !== null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowPath(options: GenerateOptions): Path {
  if (options.rowsAt === undefined) return [];
  return options.rowsAt === '' ? [0] : [options.rowsAt, 0];
}

function isPinned(path: Path, options: GenerateOptions): boolean {
  return path.length === 1 && typeof path[0] === 'string' && options.pin !== undefined && path[0] in options.pin;
}

/** The body with one variation applied; a path through a value that is no longer an object is left alone. */
export function apply(body: unknown, variation: Variation): unknown {
  let out = body;
  for (const part of variation.parts ?? [variation]) {
    if (part.path.length === 0) out = structuredClone(part.value);
    else setAt(out, part);
  }
  return out;
}

function setAt(body: unknown, variation: Variation): void {
  if (variation.path.length === 0) return;
  let target: unknown = body;
  const last = variation.path.length - 1;
  for (let i = 0; i < last; i++) {
    const key = variation.path[i] as string | number;
    target =
      key === '*' && isObject(target)
        ? Object.values(target)[0]
        : (target as Record<string | number, unknown> | null)?.[key];
    if (typeof target !== 'object' || target === null) return;
  }
  let key = variation.path[last] as string | number;
  if (key === '*' && isObject(target)) key = Object.keys(target)[0] ?? key;
  const parent = target as Record<string | number, unknown>;
  if (variation.kind === 'absent' || variation.kind === 'needed-absent') {
    if (Array.isArray(parent)) return;
    delete parent[key];
  } else {
    parent[key] = variation.value;
  }
}

export function describe(v: Variation): string {
  const at = v.path.length ? v.path.join('.') : '(body)';
  switch (v.kind) {
    case 'null':
      return `${at} null`;
    case 'server-null':
      return `${at} null (server, not in the schema)`;
    case 'absent':
      return `${at} absent`;
    case 'enum':
      return `${at} = ${JSON.stringify(v.value)}`;
    case 'extra-field':
      return `unknown field ${at}`;
    case 'long-string':
      return `${at} long string`;
    case 'unicode-string':
      return `${at} unicode string`;
    case 'json-kind':
      return `${at} holds ${Array.isArray(v.value) ? 'an array' : typeof v.value}`;
    case 'empty':
      return `${at} empty`;
    case 'all-null':
      return `every nullable field null (${v.parts?.length})`;
    case 'all-absent':
      return `every optional field absent (${v.parts?.length})`;
    case 'needed-null':
      return `${at} null (needed)`;
    case 'needed-absent':
      return `${at} absent (needed)`;
  }
}
