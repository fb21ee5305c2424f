// A small Hog tokenizer: enough to refuse obviously broken code the way PostHog's compiler would
// (400 "Hog code has errors.") when a function is saved, without loading PostHog's parser. Test invocations run the
// code itself (hogRuntime.ts).

export type TokenKind = 'ident' | 'number' | 'string' | 'fstring' | 'punct' | 'op';
export interface Token {
  kind: TokenKind;
  text: string;
  value?: string;
}

const OPERATORS = [
  '=~*',
  '!~*',
  '==',
  '!=',
  '<=',
  '>=',
  '=~',
  '!~',
  '~*',
  '??',
  '?.',
  ':=',
  '->',
  '=>',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '!',
  '?',
  '~',
  '.',
  ':',
];
/** Operators that need an operand on their right; two in a row (`===`, `= *`) cannot parse. */
const INFIX = new Set([
  '=~*',
  '!~*',
  '==',
  '!=',
  '<=',
  '>=',
  '=~',
  '!~',
  '~*',
  '??',
  ':=',
  '||',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
]);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export class HogSyntaxError extends Error {}

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i] as string;
    const rest = code.slice(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
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
        if (code[j] === '\\' && j + 1 < code.length) {
          value += code[j + 1];
          j += 2;
          continue;
        }
        value += code[j];
        j++;
      }
      if (j >= code.length) throw new HogSyntaxError(`unterminated string starting at offset ${i}`);
      // Backticks quote identifiers in Hog, not strings.
      tokens.push({
        kind: quote === '`' ? 'ident' : isFString ? 'fstring' : 'string',
        text: code.slice(i, j + 1),
        value,
      });
      i = j + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    if ('()[]{},;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
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
    if (
      t.kind === 'op' &&
      INFIX.has(t.text) &&
      !star &&
      (!next || (next.kind === 'op' && INFIX.has(next.text)) || (next.kind === 'punct' && ')]},;'.includes(next.text)))
    ) {
      return `operator '${t.text}' is missing its right-hand side`;
    }
    if (t.kind === 'ident' && t.text === 'let' && next?.kind !== 'ident') return "'let' must be followed by a name";
  }
  return stack.length ? `unclosed '${stack[stack.length - 1]}'` : null;
}
