// Offsets between VS Code (UTF-16 code units) and PostHog. PostHog counts in Unicode code points (Python string
// indices) for everything its compiler reports and for completion positions. Its parser's syntax errors are the
// exception: the start is the UTF-8 byte length of the lines before the error plus the code point column in its
// line, and the end is the UTF-8 byte length of the whole source (common/hogql_parser, HogQLErrorListener).
import { errorOffsetToUtf16 } from '../toolchain/syntax';

/** The UTF-16 offset of code point `index` in `text` (clamped to the text). */
export function utf16FromCodePoint(text: string, index: number): number {
  let utf16 = 0;
  for (let cp = 0; cp < index && utf16 < text.length; cp++) utf16 += (text.codePointAt(utf16) ?? 0) > 0xffff ? 2 : 1;
  return Math.min(utf16, text.length);
}

/** The code point index of UTF-16 offset `offset` (an offset inside a surrogate pair counts as its start). */
export function codePointFromUtf16(text: string, offset: number): number {
  let cp = 0;
  for (let utf16 = 0; utf16 < offset && utf16 < text.length; cp++)
    utf16 += (text.codePointAt(utf16) ?? 0) > 0xffff ? 2 : 1;
  return cp;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The UTF-16 offset of a parser position: UTF-8 bytes of whole lines before it, then code points in its line. */
export const utf16FromParserOffset = errorOffsetToUtf16;
