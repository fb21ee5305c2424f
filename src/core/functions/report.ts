// Plain-text renderings of a function's logs for read-only views, and the line an error message names. Pure so
// that the wording and the order are unit-tested (a test run's own text is core/testing/outcome.ts).
import * as l10n from '@vscode/l10n';

export interface LogLine {
  level: string;
  /** Missing from an invocation log line that came in an unexpected shape. */
  timestamp?: string | null;
  message: string;
}

export interface SourcePosition {
  message: string;
  /** 0-based, as VS Code counts. */
  line: number;
  column: number;
}

/** Errors that name a place in the source ("line 3", "line 3, column 7", "3:7") become Problems. */
export function errorPositions(errors: string[]): SourcePosition[] {
  const out: SourcePosition[] = [];
  for (const message of errors) {
    const m = /\bline\s+(\d+)(?:\s*(?:,|and)?\s*col(?:umn)?\s+(\d+))?/i.exec(message) ?? /\bat\s+(\d+):(\d+)\b/.exec(message);
    if (!m) continue;
    out.push({ message, line: Math.max(0, Number(m[1]) - 1), column: m[2] ? Math.max(0, Number(m[2]) - 1) : 0 });
  }
  return out;
}

function logLine(l: LogLine): string {
  return `${l.timestamp ?? ''.padEnd(24)} [${l.level.toUpperCase().padEnd(5)}] ${l.message}`;
}

export interface LogsHeader {
  name: string;
  totals?: Record<string, number>;
  totalsError?: string;
  levels?: string[];
  search?: string;
  following: boolean;
}

export function formatLogsHeader(h: LogsHeader): string {
  const total = (k: string) => h.totals?.[k] ?? 0;
  const totals = h.totals
    ? l10n.t('Last 7 days: {0} success, {1} failure, {2} filtered/other', total('success'), total('failure'), total('other'))
    : h.totalsError ? l10n.t('Last 7 days: metrics unavailable ({0})', h.totalsError) : l10n.t('Last 7 days: metrics unavailable');
  const filter = [h.levels?.length ? l10n.t('levels {0}', h.levels.join(', ')) : l10n.t('all levels'), h.search ? l10n.t('search "{0}"', h.search) : undefined]
    .filter(Boolean).join(', ');
  return [
    h.following ? l10n.t('Logs of "{0}" — {1} — following new entries while open', h.name, filter) : l10n.t('Logs of "{0}" — {1}', h.name, filter),
    totals,
    '',
  ].join('\n');
}

/** Logs arrive newest first; a log view reads oldest first, like a terminal. */
export function formatLogLines(entries: LogLine[]): string {
  return [...entries].sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? '')).map(logLine).join('\n');
}
