// PostHog's answer to a HogQLMetadata check turned into problems on UTF-16 ranges of the checked text: errors,
// warnings and notices with their offsets converted, syntax errors narrowed to the place they name, and the
// parser's long "expecting {...}" lists shortened.
import type { HogMetadata, HogNotice } from '../../api';
import { utf16FromCodePoint, utf16FromParserOffset, utf8Length } from './offsets';

export type ProblemSeverity = 'error' | 'warning' | 'notice';

export interface Problem {
  severity: ProblemSeverity;
  message: string;
  /** UTF-16 offsets into the checked text; `end` is exclusive. */
  start: number;
  end: number;
  /** PostHog's replacement text for [start, end). */
  fix?: string;
}

const MAX_EXPECTED = 6;
const WORD = /[\p{L}\p{N}_$]/u;

/** "mismatched input '=' expecting {ALL, AND, ... 180 tokens}" → the first few, and how many more. */
export function shortenExpecting(message: string): string {
  return message.replace(/expecting \{([^{}]*)\}/, (whole, list: string) => {
    const items = list.split(', ');
    if (items.length <= MAX_EXPECTED) return whole;
    return `expecting one of ${items.slice(0, MAX_EXPECTED).join(', ')} or ${items.length - MAX_EXPECTED} more`;
  });
}

/**
 * A syntax error spans from where the parser stopped to the end of the source. The useful part is where it stopped:
 * the word (or character) there, or, at the end of the text, the last non-blank character before it.
 */
function syntaxErrorRange(text: string, start: number): [number, number] {
  let at = Math.min(start, text.length);
  if (at >= text.length || /\s/.test(text[at] ?? '')) {
    if (at < text.length) return [at, at];
    while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--;
    return at > 0 ? [at - 1, at] : [0, 0];
  }
  let end = at + 1;
  if (WORD.test(text[at] ?? '')) while (end < text.length && WORD.test(text[end] ?? '')) end++;
  return [at, end];
}

function toProblem(text: string, notice: HogNotice, severity: ProblemSeverity, parses: boolean): Problem {
  const message = shortenExpecting(notice.message);
  const fix = notice.fix ?? undefined;
  let start = notice.start ?? 0;
  let end = notice.end ?? undefined;
  if (end !== undefined && end < start) [start, end] = [end, start];
  // Only the parser ends a range at the source's byte length (its "to the end"); the compiler's ranges are nodes,
  // and a node can end at the end of the text too: for text known to parse, no error is the parser's.
  if (!parses && severity === 'error' && end !== undefined && end === utf8Length(text) && fix === undefined) {
    const [from, to] = syntaxErrorRange(text, utf16FromParserOffset(text, start));
    return { severity, message, start: from, end: to };
  }
  const from = utf16FromCodePoint(text, start);
  const to = end === undefined ? text.length : utf16FromCodePoint(text, end);
  return { severity, message, start: from, end: to, ...(fix !== undefined ? { fix } : {}) };
}

/** `parses`: the text is known to parse (the local parser said so), so every error is the compiler's, on a node. */
export function problemsFrom(
  text: string,
  metadata: HogMetadata,
  { parses = false }: { parses?: boolean } = {},
): Problem[] {
  return [
    ...metadata.errors.map((n) => toProblem(text, n, 'error', parses)),
    ...metadata.warnings.map((n) => toProblem(text, n, 'warning', parses)),
    ...metadata.notices.map((n) => toProblem(text, n, 'notice', parses)),
  ];
}

/** The same finding: both read the same compiler's node, but two answers' ends may be converted differently. */
const sameProblem = (a: Problem, b: Problem) =>
  a.severity === b.severity && a.message === b.message && a.start === b.start;

/**
 * What to show of the local check's findings and PostHog's answer about the same text (`server`, undefined before
 * it answered): PostHog's word over the local one. A problem both found shows once, as the local one; local findings
 * PostHog did not make are dropped (a function newer than the local standard library); its others are added.
 */
export function mergeProblems(
  local: readonly Problem[],
  server: readonly Problem[] | undefined,
): { local: Problem[]; server: Problem[] } {
  if (!server) return { local: [...local], server: [] };
  return {
    local: local.filter((l) => server.some((p) => sameProblem(l, p))),
    server: server.filter((p) => !local.some((l) => sameProblem(l, p))),
  };
}
