// Problems in Hog source found without PostHog: a syntax error from PostHog's parser, in words; and what PostHog's
// compiler reports (unknown functions, unknown globals, `=` used to assign, a variable declared twice...), each on
// the UTF-16 range of the text it is about.
import { type AstNode, isFailure, type ParseFailure } from './ast';
import { compile, type CompileNotice, HogCompileError, SourceMap } from './compiler';
import { HOG_FUNCTION_COMPILE } from './program';
import { parseProgram } from './parser';
import { describeSyntaxError } from './syntax';

export type FindingSeverity = 'error' | 'warning' | 'notice';

export interface Finding {
  severity: FindingSeverity;
  message: string;
  /** UTF-16 offsets into the text; `end` is exclusive. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  /** Where it comes from: the parser, or the compiler's rules. */
  source: 'syntax' | 'compiler';
  /** The parser's own words, for a syntax error. */
  parserMessage?: string;
}

export interface CheckOptions {
  /** The globals the code may read (names, or an object whose keys are the names); null: none known. */
  globals?: readonly string[] | Record<string, unknown> | null;
}

/** Whether the text parses (the parser must be loaded). */
export function parses(text: string): boolean {
  return !isFailure(parseProgram(text));
}

/** Everything the parser and the compiler find in `text`, errors first, in text order (`parsed`: its parse, when known). */
export function checkSource(text: string, options: CheckOptions = {}, parsed?: AstNode | ParseFailure): Finding[] {
  const map = new SourceMap(text);
  const finding = (
    severity: FindingSeverity,
    message: string,
    start: number,
    end: number,
    source: Finding['source'],
    parserMessage?: string,
  ): Finding => {
    const from = map.position(start);
    return {
      severity,
      message,
      start,
      end,
      line: from.line,
      column: from.column,
      source,
      ...(parserMessage ? { parserMessage } : {}),
    };
  };
  const ast = parsed ?? parseProgram(text);
  if (isFailure(ast)) {
    const problem = describeSyntaxError(text, ast);
    return [finding('error', problem.message, problem.start, problem.end, 'syntax', problem.parserMessage)];
  }
  const globals = Array.isArray(options.globals)
    ? Object.fromEntries((options.globals as string[]).map((name) => [name, null]))
    : ((options.globals as Record<string, unknown> | null | undefined) ?? null);
  const fromNotice = (severity: FindingSeverity, notice: CompileNotice): Finding => {
    const start = map.toUtf16(notice.start ?? 0);
    const end = map.toUtf16(notice.end ?? notice.start ?? 0);
    return finding(severity, notice.message, start, end, 'compiler');
  };
  try {
    const result = compile(ast, { ...HOG_FUNCTION_COMPILE, globals, source: text });
    const findings = [
      ...result.errors.map((n) => fromNotice('error', n)),
      ...result.warnings.map((n) => fromNotice('warning', n)),
      ...result.notices.map((n) => fromNotice('notice', n)),
    ];
    const rank = { error: 0, warning: 1, notice: 2 };
    return findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.start - b.start);
  } catch (error) {
    if (!(error instanceof HogCompileError)) throw error;
    const start = map.toUtf16(error.start ?? 0);
    const end = map.toUtf16(error.end ?? error.start ?? 0);
    return [finding('error', error.message, start, end, 'compiler')];
  }
}

/** `FILE:LINE:COL: severity: message`, as compilers write it. */
export function formatFinding(file: string, finding: Finding): string {
  // Not translated: tools read these words (problem matchers, CI annotations).
  const severity = finding.severity === 'notice' ? 'note' : finding.severity;
  return `${file}:${finding.line}:${finding.column}: ${severity}: ${finding.message}`;
}
