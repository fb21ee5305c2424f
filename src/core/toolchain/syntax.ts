// Syntax errors from PostHog's parser, said in words a person understands, on the range they are about. The parser's
// own messages are ANTLR's ("mismatched input '=' expecting {<EOF>, ALL, AND, ANTI, ... 180 tokens}"); they name a
// token and a list of what the grammar allowed there. What helps more is what the text itself shows: a bracket
// or string that is never closed, a closing bracket with nothing to close, `=` where `:=` was meant.
import * as l10n from '@vscode/l10n';
import type { ParseFailure } from './ast';

export interface SyntaxProblem {
  /** In words. */
  message: string;
  /** The parser's own message. */
  parserMessage: string;
  /** UTF-16 offsets into the text; `end` is exclusive (equal to `start` at the very end of an empty text). */
  start: number;
  end: number;
}

/**
 * The UTF-16 offset of a parser error position: its offset is the UTF-8 byte length of the lines before the error
 * plus the code point column in its line (common/hogql_parser's error listener).
 */
export function errorOffsetToUtf16(text: string, offset: number): number {
  let bytes = 0;
  let lineStart = 0;
  for (;;) {
    const newline = text.indexOf('\n', lineStart);
    if (newline < 0) break;
    const lineBytes = Buffer.byteLength(text.slice(lineStart, newline + 1), 'utf8');
    if (bytes + lineBytes > offset) break;
    bytes += lineBytes;
    lineStart = newline + 1;
  }
  let unit = lineStart;
  for (let points = offset - bytes; points > 0 && unit < text.length; points--)
    unit += (text.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
  return Math.min(unit, text.length);
}

interface Bracket {
  char: string;
  at: number;
}

interface Scan {
  /** Brackets still open at `until`, innermost last. */
  open: Bracket[];
  /** A closing bracket with nothing (or the wrong thing) to close, before `until`. */
  stray?: Bracket;
  /** A string that runs to the end of the text. */
  unterminated?: Bracket;
  /** An f-string's `{` that is never closed. */
  placeholder?: Bracket;
}

/** The `}` that closes an f-string's placeholder opened at `from` (strings inside skipped), or -1. */
function placeholderEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      if (depth === 1 && i > from) {
        // A quote at the placeholder's own level ends the f-string unless a string starts here.
        const close = text.indexOf(c, i + 1);
        if (close < 0) return -1;
        i = close;
        continue;
      }
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
    else if (c === '\n') return -1;
  }
  return -1;
}

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Brackets and strings up to `until` (comments and string contents skipped). */
function scan(text: string, until = text.length): Scan {
  const open: Bracket[] = [];
  let i = 0;
  while (i < until) {
    const c = text[i] as string;
    const next = text[i + 1];
    if ((c === '/' && next === '/') || (c === '-' && next === '-')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    const fString = (c === 'f' || c === 'F') && (next === "'" || next === '"') && !/[\w$]/.test(text[i - 1] ?? '');
    if (c === "'" || c === '"' || c === '`' || fString) {
      const quote = fString ? (next as string) : c;
      let j = i + (fString ? 2 : 1);
      while (j < text.length && text[j] !== quote) {
        if (fString && text[j] === '{') {
          const close = placeholderEnd(text, j);
          if (close < 0) return { open, placeholder: { char: '{', at: j } };
          j = close + 1;
          continue;
        }
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) return { open, unterminated: { char: quote, at: i } };
      i = j + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') open.push({ char: c, at: i });
    else if (c in PAIRS) {
      if (open[open.length - 1]?.char !== PAIRS[c]) return { open, stray: { char: c, at: i } };
      open.pop();
    }
    i++;
  }
  return { open };
}

const WORD = /[\p{L}\p{N}_$]/u;

/** The token at `at`: a word, or one character; at the end of the text, the last non-blank character. */
function tokenRange(text: string, at: number): [number, number] {
  let start = Math.min(at, text.length);
  while (start < text.length && /\s/.test(text[start] ?? '')) start++;
  if (start >= text.length) {
    let end = text.length;
    while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
    if (end === 0) return [0, 0];
    // The whole last token: a word, or a run of operator characters.
    const kind = WORD.test(text[end - 1] ?? '') ? WORD : /[:=!<>~*|?+\-/%.]/;
    let from = end - 1;
    while (from > 0 && kind.test(text[from - 1] ?? '') && end - from < (kind === WORD ? Infinity : 3)) from--;
    return [from, end];
  }
  let end = start + 1;
  if (WORD.test(text[start] ?? '')) while (end < text.length && WORD.test(text[end] ?? '')) end++;
  else if (/[:=!<>~*|?.-]/.test(text[start] ?? ''))
    while (end < text.length && end - start < 3 && /[=~*|?.>]/.test(text[end] ?? '')) end++;
  return [start, end];
}

/** `line L, column C` (1-based) of a UTF-16 offset. */
function where(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return l10n.t('line {0}, column {1}', line, column);
}

const TOKEN_WORDS: Record<string, () => string> = {
  IDENTIFIER: () => l10n.t('a name'),
  QUOTED_IDENTIFIER: () => l10n.t('a name'),
  STRING_LITERAL: () => l10n.t('a string'),
  DECIMAL_LITERAL: () => l10n.t('a number'),
  FLOATING_LITERAL: () => l10n.t('a number'),
  OCTAL_LITERAL: () => l10n.t('a number'),
  HEXADECIMAL_LITERAL: () => l10n.t('a number'),
  '<EOF>': () => l10n.t('the end of the code'),
};

/** What the grammar allowed, in words, when it is short enough to help ("')'", "a name or ','"); else null. */
function expected(message: string): string | null {
  const list =
    /expecting \{([^{}]*)\}/.exec(message)?.[1]?.split(', ') ??
    (/expecting (\S+)$/.exec(message)?.[1] ? [/expecting (\S+)$/.exec(message)?.[1] as string] : []);
  if (list.length === 0 || list.length > 4) return null;
  const words = [
    ...new Set(
      list.map((token) => TOKEN_WORDS[token]?.() ?? (token.startsWith("'") ? token : `'${token.toLowerCase()}'`)),
    ),
  ];
  return words.length === 1
    ? (words[0] as string)
    : l10n.t('{0} or {1}', words.slice(0, -1).join(', '), words[words.length - 1] as string);
}

const describe = (token: string): string => (token === '<EOF>' ? l10n.t('the end of the code') : `'${token}'`);

/** A parser failure as a problem in words, on the range it is about. */
export function describeSyntaxError(text: string, failure: Pick<ParseFailure, 'message' | 'start'>): SyntaxProblem {
  const raw = failure.message;
  const at = errorOffsetToUtf16(text, failure.start?.offset ?? 0);
  const [tokenStart, tokenEnd] = tokenRange(text, at);
  const problem = (message: string, start = tokenStart, end = tokenEnd): SyntaxProblem => ({
    message,
    parserMessage: raw,
    start,
    end,
  });
  const whole = scan(text);
  const before = scan(text, tokenStart);
  const through = scan(text, tokenEnd);

  // What the text shows says more than the grammar's expectations.
  if (whole.unterminated && whole.unterminated.at <= Math.max(at, tokenStart)) {
    const { char, at: quoteAt } = whole.unterminated;
    return problem(
      char === '`'
        ? l10n.t('This name in backticks is never closed: add a ` after it.')
        : l10n.t('This string is never closed: add a {0} at its end.', char),
      quoteAt,
      quoteAt + 1,
    );
  }
  if (whole.placeholder && whole.placeholder.at <= Math.max(at, tokenStart)) {
    const { at: braceAt } = whole.placeholder;
    return problem(
      l10n.t("This '{' in the f-string is never closed: add a '}' before the string ends."),
      braceAt,
      braceAt + 1,
    );
  }
  if (through.stray) {
    const { char, at: strayAt } = through.stray;
    const opener = through.open[through.open.length - 1];
    return problem(
      opener
        ? l10n.t(
            "Unexpected '{0}': the '{1}' at {2} is closed by '{3}'.",
            char,
            opener.char,
            where(text, opener.at),
            CLOSER[opener.char] as string,
          )
        : l10n.t("Unexpected '{0}': there is no '{1}' for it to close.", char, PAIRS[char] as string),
      strayAt,
      strayAt + 1,
    );
  }
  const atEnd = at >= text.trimEnd().length;
  const unclosed = before.open[before.open.length - 1];
  if (atEnd || /'<EOF>'/.test(raw)) {
    if (whole.open.length > 0) {
      const last = whole.open[whole.open.length - 1] as Bracket;
      return problem(
        l10n.t("This '{0}' is never closed: add a '{1}'.", last.char, CLOSER[last.char] as string),
        last.at,
        last.at + 1,
      );
    }
    const lastToken = text.slice(tokenStart, tokenEnd);
    return problem(
      lastToken
        ? l10n.t("The code ends too early: something is missing after '{0}'.", lastToken)
        : l10n.t('The code ends too early.'),
    );
  }

  const found = /(?:mismatched|extraneous) input '(.*)' expecting/.exec(raw)?.[1] ?? text.slice(tokenStart, tokenEnd);
  const missing = /^missing (.+) at '(.*)'$/.exec(raw);
  if (missing) {
    const what = TOKEN_WORDS[missing[1] as string]?.() ?? (missing[1] as string);
    return problem(l10n.t('Missing {0} before {1}.', what, describe(missing[2] as string)));
  }
  const character =
    /^token recognition error at: '(.*)'$/.exec(raw)?.[1] ?? /^Unexpected character U\+([0-9A-Fa-f]+)/.exec(raw)?.[1];
  if (character !== undefined) {
    const char = /^Unexpected character/.test(raw) ? String.fromCodePoint(parseInt(character, 16)) : character;
    return problem(
      l10n.t(
        "Unexpected character '{0}': names may use only letters A-Z, digits, _ and $; put other text in quotes.",
        char,
      ),
    );
  }
  if (found === '=' || text.slice(tokenStart, tokenEnd) === '=') {
    return problem(l10n.t("Unexpected '=': use ':=' to give a variable a value, and '==' to compare."));
  }
  const token = text.slice(tokenStart, tokenEnd) || found;
  if (/^\d+[\p{L}_$]/u.test(token))
    return problem(l10n.t("'{0}' is not a valid name: names cannot start with a digit.", token));
  const hint = expected(raw);
  if (hint) return problem(l10n.t("Unexpected '{0}': expected {1}.", token, hint));
  if (unclosed && CLOSER[unclosed.char] !== token) {
    return problem(
      l10n.t("Unexpected '{0}': the '{1}' at {2} is not closed yet.", token, unclosed.char, where(text, unclosed.at)),
    );
  }
  return problem(l10n.t("Unexpected '{0}' here.", token));
}
