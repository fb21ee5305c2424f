// A small Hog tokenizer: enough to refuse obviously broken code the way PostHog's compiler would
// (400 "Hog code has errors."), and to simulate a test invocation from the calls a function makes.
// It is not a Hog interpreter: the simulation walks the top-level statements once, top to bottom.
import type { Json } from './types';
import { isPlainObject } from './util';

export type TokenKind = 'ident' | 'number' | 'string' | 'fstring' | 'punct' | 'op';
export interface Token { kind: TokenKind; text: string; value?: string }

const OPERATORS = ['=~*', '!~*', '==', '!=', '<=', '>=', '=~', '!~', '~*', '??', '?.', ':=', '->', '=>', '||', '+', '-', '*', '/', '%', '=', '<', '>', '!', '?', '~', '.', ':'];
/** Operators that need an operand on their right; two in a row (`===`, `= *`) cannot parse. */
const INFIX = new Set(['=~*', '!~*', '==', '!=', '<=', '>=', '=~', '!~', '~*', '??', ':=', '||', '*', '/', '%', '=', '<', '>']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export class HogSyntaxError extends Error {}

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i] as string;
    const rest = code.slice(i);
    if (/\s/.test(c)) { i++; continue; }
    if (rest.startsWith('//') || rest.startsWith('--')) {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end + 1;
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) throw new HogSyntaxError('unterminated block comment');
      i = end + 2;
      continue;
    }
    const isFString = c === 'f' && (code[i + 1] === "'" || code[i + 1] === '"');
    if (c === "'" || c === '"' || c === '`' || isFString) {
      const quote = isFString ? (code[i + 1] as string) : c;
      let j = i + (isFString ? 2 : 1);
      let value = '';
      while (j < code.length && code[j] !== quote) {
        if (code[j] === '\\' && j + 1 < code.length) { value += code[j + 1]; j += 2; continue; }
        value += code[j];
        j++;
      }
      if (j >= code.length) throw new HogSyntaxError(`unterminated string starting at offset ${i}`);
      // Backticks quote identifiers in Hog, not strings.
      tokens.push({ kind: quote === '`' ? 'ident' : isFString ? 'fstring' : 'string', text: code.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) { tokens.push({ kind: 'number', text: number[0] }); i += number[0].length; continue; }
    const ident = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
    if (ident) { tokens.push({ kind: 'ident', text: ident[0] }); i += ident[0].length; continue; }
    if ('()[]{},;'.includes(c)) { tokens.push({ kind: 'punct', text: c }); i++; continue; }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) { tokens.push({ kind: 'op', text: op }); i += op.length; continue; }
    throw new HogSyntaxError(`unexpected character ${JSON.stringify(c)} at offset ${i}`);
  }
  return tokens;
}

/** The first problem found in the code, or null when it looks like valid Hog. */
export function findHogError(code: string): string | null {
  let tokens: Token[];
  try {
    tokens = tokenize(code);
  } catch (error) {
    return (error as Error).message;
  }
  const stack: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (t.kind === 'punct' && '([{'.includes(t.text)) stack.push(t.text);
    if (t.kind === 'punct' && t.text in CLOSERS && stack.pop() !== CLOSERS[t.text]) return `unbalanced '${t.text}'`;
    const prev = tokens[i - 1];
    // `*` also stands for "all columns" in inline HogQL: `count(*)`, `select *, x`.
    const star = t.text === '*' && (prev?.text === '(' || prev?.text === ',' || prev?.text.toLowerCase() === 'select');
    if (t.kind === 'op' && INFIX.has(t.text) && !star && (!next || (next.kind === 'op' && INFIX.has(next.text)) || (next.kind === 'punct' && ')]},;'.includes(next.text)))) {
      return `operator '${t.text}' is missing its right-hand side`;
    }
    if (t.kind === 'ident' && t.text === 'let' && next?.kind !== 'ident') return "'let' must be followed by a name";
  }
  return stack.length ? `unclosed '${stack[stack.length - 1]}'` : null;
}

export interface InvocationLog { level: 'debug' | 'info' | 'warn' | 'error'; message: string }
export interface InvocationOutcome { result: Json; status: 'success' | 'error' | 'skipped'; errors: string[]; logs: InvocationLog[] }

const GLOBAL_ROOTS = new Set(['event', 'person', 'groups', 'project', 'source', 'inputs']);

/** Index of the token closing the bracket opened at `open`. */
function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.text) && --depth === 0) return i;
  }
  return tokens.length - 1;
}

function splitArgs(tokens: Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') args.push([]);
    else args[args.length - 1]?.push(t);
  }
  return args.filter((a) => a.length > 0);
}

function lookup(scope: Record<string, Json>, path: string[]): Json | undefined {
  let value: Json | undefined = scope;
  for (const part of path) {
    value = isPlainObject(value) ? value[part] : Array.isArray(value) ? value[Number(part)] : undefined;
  }
  return value;
}

/** Reads `root.a.b` / `root['a']` paths of the globals starting at `start`; returns the path and where it ends. */
function readPath(tokens: Token[], start: number): { path: string[]; end: number } | null {
  const first = tokens[start];
  if (!first || first.kind !== 'ident' || !GLOBAL_ROOTS.has(first.text)) return null;
  const path = [first.text];
  let i = start + 1;
  for (;;) {
    const t = tokens[i];
    const n = tokens[i + 1];
    if (t && n && (t.text === '.' || t.text === '?.') && (n.kind === 'ident' || n.kind === 'number')) { path.push(n.text); i += 2; continue; }
    if (t?.text === '[' && n?.kind === 'string' && tokens[i + 2]?.text === ']') { path.push(n.value ?? ''); i += 3; continue; }
    return { path, end: i };
  }
}

function render(tokens: Token[], scope: Record<string, Json>, quoteStrings: boolean): string {
  const single = tokens[0];
  if (tokens.length === 1 && single && (single.kind === 'string' || single.kind === 'fstring')) {
    const text = single.kind === 'fstring' ? interpolate(single.value ?? '', scope) : single.value ?? '';
    return quoteStrings ? JSON.stringify(text) : text;
  }
  const parts: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const path = readPath(tokens, i);
    if (path) {
      const value = lookup(scope, path.path);
      parts.push(typeof value === 'string' && !quoteStrings && tokens.length === path.end ? value : JSON.stringify(value ?? null));
      i = path.end;
      continue;
    }
    parts.push((tokens[i] as Token).text);
    i++;
  }
  return parts.join(' ').replace(/\s+([,:.)\]}])/g, '$1').replace(/([([{.])\s+/g, '$1');
}

function interpolate(template: string, scope: Record<string, Json>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, expr: string) => {
    const value = lookup(scope, expr.trim().split('.'));
    return typeof value === 'string' ? value : JSON.stringify(value ?? null);
  });
}

/**
 * Simulates PostHog's test invocation: "Executing function", one info log per `print(...)`, one
 * "Async function 'fetch' was mocked" log per `fetch(...)` (the stand-in never makes network
 * calls), and `throw` ends the run with an error.
 */
export function simulateHog(code: string, type: string, globals: Record<string, Json>, inputs: Record<string, Json>): InvocationOutcome {
  const logs: InvocationLog[] = [{ level: 'debug', message: 'Executing function' }];
  const problem = findHogError(code);
  if (problem) {
    const message = `Hog code has errors: ${problem}`;
    return { result: null, status: 'error', errors: [message], logs: [...logs, { level: 'error', message: `Error executing function: ${message}` }] };
  }
  const tokens = tokenize(code);
  const scope: Record<string, Json> = { ...globals, inputs };
  let ops = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    ops++;
    const prev = tokens[i - 1];
    // Conditional blocks are treated as not taken (and function bodies as not called); `try` blocks run.
    if (t.text === '{' && prev && (prev.text === ')' || prev.text === 'else' || prev.text === 'catch')) {
      i = matchingClose(tokens, i);
      continue;
    }
    if (t.kind === 'ident' && t.text === 'return') break;
    const isCall = t.kind === 'ident' && tokens[i + 1]?.text === '(';
    if (isCall && (t.text === 'print' || t.text === 'fetch')) {
      const close = matchingClose(tokens, i + 1);
      const args = splitArgs(tokens.slice(i + 2, close));
      const message = t.text === 'print'
        ? args.map((a) => render(a, scope, false)).join(' ')
        : `Async function 'fetch' was mocked with arguments: fetch(${args.map((a) => render(a, scope, true)).join(', ')})`;
      logs.push({ level: 'info', message });
      i = close;
    } else if (t.kind === 'ident' && t.text === 'throw') {
      const rest = tokens.slice(i + 1);
      const literal = rest.find((r) => r.kind === 'string' || r.kind === 'fstring');
      const message = literal ? render([literal], scope, false) : 'Uncaught exception';
      logs.push({ level: 'error', message: `Error executing function on event ${JSON.stringify(lookup(scope, ['event', 'uuid']) ?? null)}: ${message}` });
      return { result: null, status: 'error', errors: [message], logs };
    }
  }
  logs.push({ level: 'debug', message: `Function completed in 1ms. Sync: 0ms. Mem: 0.1kb. Ops: ${ops}. Event: '${String(lookup(scope, ['event', 'url']) ?? '')}'` });
  const result = type === 'transformation' ? (globals.event ?? null) : type === 'transformation_log' ? (globals.record ?? null) : null;
  return { result, status: 'success', errors: [], logs };
}
