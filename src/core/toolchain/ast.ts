// The AST of PostHog's own Hog parser (`@posthog/hogql-parser`, the C++ parser PostHog's server uses, compiled to
// WebAssembly), as its JSON output has it: `{ node: 'Call', name, args, start, end, ... }`.

/** A position in the parser's output. In the AST, `offset` counts Unicode code points (Python string indices). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A node of the parser's JSON AST. */
export interface AstNode {
  node: string;
  start?: Position;
  end?: Position;
  [key: string]: unknown;
}

/**
 * What the parser returns for text it cannot parse. Unlike the AST, its `start.offset` is the UTF-8 byte length of
 * the lines before the error plus the code point column in its line, and `end.offset` is the UTF-8 byte length of
 * the whole source (common/hogql_parser, HogQLErrorListener).
 */
export interface ParseFailure {
  error: true;
  type: string;
  message: string;
  start: Position;
  end: Position;
}

export const isFailure = (result: AstNode | ParseFailure): result is ParseFailure =>
  'error' in result && (result as ParseFailure).error === true;

export const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as AstNode).node === 'string';

/** The nodes directly under `node`, in source order (found in any field, nested lists included). */
export function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const collect = (value: unknown): void => {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  for (const [key, value] of Object.entries(node)) if (key !== 'start' && key !== 'end') collect(value);
  return out.sort((a, b) => (a.start?.offset ?? 0) - (b.start?.offset ?? 0));
}

/**
 * The parser writes floats as `1.0` in its JSON, which JSON.parse reads as the integer 1; PostHog's compiler emits
 * FLOAT for them. A constant's float value is wrapped in this marker before parsing so the compiler can tell.
 */
export interface FloatConstant {
  __hogFloat: number;
}

export const isFloatConstant = (value: unknown): value is FloatConstant =>
  typeof value === 'object' && value !== null && typeof (value as FloatConstant).__hogFloat === 'number';

/** `"value":1.5` and `"value":1e-07` (a number written with a fraction or an exponent) become `{"__hogFloat":…}`. */
const FLOAT_VALUE = /(?<!\\)"value":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|-?(?:inf|nan|Infinity|NaN))(?=[,}])/g;

/** Parses the parser's JSON output, keeping which constants are floats. */
export function parseAstJson(json: string): AstNode | ParseFailure {
  const marked = json.replace(FLOAT_VALUE, (whole, number: string) => {
    if (/^-?\d+$/.test(number)) return whole;
    const value = /inf/i.test(number)
      ? number.startsWith('-')
        ? -Infinity
        : Infinity
      : /nan/i.test(number)
        ? NaN
        : Number(number);
    return `"value":{"__hogFloat":${Number.isFinite(value) ? String(value) : JSON.stringify(String(value))}}`;
  });
  return JSON.parse(marked, (key, value: unknown) => {
    if (key === '__hogFloat' && typeof value === 'string') return Number(value);
    return value;
  }) as AstNode | ParseFailure;
}

/** The plain value of a constant (a float marker becomes its number). */
export const constantValue = (value: unknown): unknown => (isFloatConstant(value) ? value.__hogFloat : value);
