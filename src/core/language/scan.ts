// What the text around the cursor is, for the offline parts of completion, hover and signature help: a small Hog
// lexer (strings, f-strings, comments, backtick identifiers) and, from its tokens, the property chain being typed
// (`event.properties.$cur`), the word under the cursor with its chain, and the innermost call the cursor is in.

type TokenKind = 'ident' | 'string' | 'number' | 'punct';
interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const IDENT_START = /[\p{L}_$]/u;
const IDENT_PART = /[\p{L}\p{N}_$]/u;

/** Tokens of text[0, limit); `open` is set when `limit` falls inside a string or a comment. */
function lex(text: string, limit: number): { tokens: Token[]; open: boolean } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < limit) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '//' || two === '--') {
      const end = text.indexOf('\n', i);
      if (end < 0 || end >= limit) return { tokens, open: true };
      i = end + 1;
      continue;
    }
    if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0 || end + 2 > limit) return { tokens, open: true };
      i = end + 2;
      continue;
    }
    const fString = c === 'f' && (text[i + 1] === "'" || text[i + 1] === '"');
    if (c === "'" || c === '"' || c === '`' || fString) {
      const quote = text[fString ? i + 1 : i] as string;
      let j = i + (fString ? 2 : 1);
      while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
      if (j >= limit) return { tokens, open: true };
      // Backticks quote identifiers in Hog.
      tokens.push({
        kind: quote === '`' ? 'ident' : 'string',
        text: quote === '`' ? text.slice(i + 1, j) : text.slice(i, j + 1),
        start: i,
        end: j + 1,
      });
      i = j + 1;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j] as string)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/\d/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    const punct = two === '?.' ? two : c;
    tokens.push({ kind: 'punct', text: punct, start: i, end: i + punct.length });
    i += punct.length;
  }
  return { tokens, open: false };
}

const unquote = (s: string) => s.slice(1, -1).replace(/\\(.)/g, '$1');

/**
 * The property path leading to tokens[k] (`a.b.` or `a['b'].` right before it), read backwards; [] when tokens[k]
 * is a bare name, undefined when the chain starts with something other than a name (a call, a literal).
 */
function pathBefore(tokens: Token[], k: number): string[] | undefined {
  const path: string[] = [];
  let i = k;
  for (;;) {
    const sep = tokens[i - 1];
    if (sep?.text === '.' || sep?.text === '?.') {
      const prev = tokens[i - 2];
      if (prev?.kind === 'ident' || prev?.kind === 'number') {
        path.unshift(prev.text);
        i -= 2;
      } else if (prev?.text === ']') {
        i -= 1;
      } else {
        return undefined;
      }
      continue;
    }
    if (sep?.text === ']' && i < k) {
      const key = tokens[i - 2];
      if (tokens[i - 3]?.text !== '[' || (key?.kind !== 'string' && key?.kind !== 'number')) return undefined;
      path.unshift(key.kind === 'string' ? unquote(key.text) : key.text);
      i -= 3;
      const owner = tokens[i - 1];
      if (owner?.kind === 'ident') {
        path.unshift(owner.text);
        i -= 1;
      } else if (owner?.text !== ']') {
        return undefined;
      }
      continue;
    }
    return path;
  }
}

export interface ChainAtCursor {
  /** The properties before the one being typed: ['event', 'properties'] for `event.properties.$cu|`. */
  path: string[];
  /** What is typed of the last part so far, and where it starts. */
  prefix: string;
  prefixStart: number;
}

/** The chain being typed at `offset`, or undefined inside a string or comment. */
export function chainAt(text: string, offset: number): ChainAtCursor | undefined {
  const { tokens, open } = lex(text, offset);
  if (open) return undefined;
  const last = tokens[tokens.length - 1];
  const typing = last?.kind === 'ident' && last.end === offset ? last : undefined;
  const path = pathBefore(tokens, typing ? tokens.length - 1 : tokens.length);
  if (!path) return undefined;
  return { path, prefix: typing?.text ?? '', prefixStart: typing?.start ?? offset };
}

export interface WordAtCursor {
  word: string;
  start: number;
  end: number;
  /** The properties leading to the word (`event.properties` for `$current_url`); [] for a bare name. */
  path: string[];
  /** Followed by `(`: a call. */
  isCall: boolean;
}

/** The identifier under `offset` with its chain, or undefined (outside identifiers, in strings and comments). */
export function wordAt(text: string, offset: number): WordAtCursor | undefined {
  let start = offset;
  while (start > 0 && IDENT_PART.test(text[start - 1] as string)) start--;
  let end = offset;
  while (end < text.length && IDENT_PART.test(text[end] as string)) end++;
  if (start === end || !IDENT_START.test(text[start] as string)) return undefined;
  const { tokens, open } = lex(text, end);
  const token = tokens[tokens.length - 1];
  if (open || token?.start !== start) return undefined;
  const path = pathBefore(tokens, tokens.length - 1) ?? [];
  return { word: text.slice(start, end), start, end, path, isCall: /^\s*\(/.test(text.slice(end)) };
}

export interface CallAtCursor {
  name: string;
  /** 0-based index of the argument the cursor is in. */
  argument: number;
}

/** The innermost call whose parentheses enclose `offset`, e.g. `concat('a', |)` → concat, argument 1. */
export function callAt(text: string, offset: number): CallAtCursor | undefined {
  const { tokens, open } = lex(text, offset);
  if (open) return undefined;
  const stack: { call?: string; commas: number }[] = [];
  tokens.forEach((t, i) => {
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      const before = tokens[i - 1];
      stack.push({ ...(t.text === '(' && before?.kind === 'ident' ? { call: before.text } : {}), commas: 0 });
    } else if (t.text === ')' || t.text === ']' || t.text === '}') {
      stack.pop();
    } else if (t.text === ',' && stack.length) {
      (stack[stack.length - 1] as { commas: number }).commas++;
    }
  });
  const innermost = stack[stack.length - 1];
  return innermost?.call ? { name: innermost.call, argument: innermost.commas } : undefined;
}

export interface PropertyChain {
  /** `event.properties.company` → ['event', 'properties', 'company']. */
  path: string[];
  /** Each part's UTF-16 range in the text. */
  ranges: { start: number; end: number }[];
}

/**
 * The property chains the text reads, `a.b.c` and `a['b'].c` (not in strings, comments or f-strings), starting at a
 * bare name; leaving out calls (`a.b(`) and chains assigned to (`a.b := 1`).
 */
export function propertyChains(text: string): PropertyChain[] {
  const { tokens } = lex(text, text.length);
  const chains: PropertyChain[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token;
    const before = tokens[i - 1]?.text;
    if (first.kind !== 'ident' || before === '.' || before === '?.') continue;
    const path = [first.text];
    const ranges = [{ start: first.start, end: first.end }];
    let j = i + 1;
    for (;;) {
      const sep = tokens[j];
      const next = tokens[j + 1];
      if ((sep?.text === '.' || sep?.text === '?.') && next?.kind === 'ident') {
        path.push(next.text);
        ranges.push({ start: next.start, end: next.end });
        j += 2;
      } else if (
        sep?.text === '[' &&
        (next?.kind === 'string' || next?.kind === 'number') &&
        tokens[j + 2]?.text === ']'
      ) {
        path.push(next.kind === 'string' ? unquote(next.text) : next.text);
        ranges.push({ start: next.start, end: next.end });
        j += 3;
      } else {
        break;
      }
    }
    const after = tokens[j];
    const assigned = after?.text === ':' && tokens[j + 1]?.text === '=' && tokens[j + 1]?.start === after.end;
    if (after?.text !== '(' && !assigned) chains.push({ path, ranges });
    i = j - 1;
  }
  return chains;
}
