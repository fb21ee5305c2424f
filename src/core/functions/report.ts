// Plain-text renderings of a function's logs for read-only views, and the line an error message names. Pure so
// that the wording and the order are unit-tested (a test run's own text is core/testing/outcome.ts).
import * as l10n from '@vscode/l10n';
import { formatDateTime } from '../../shared/format';
import { rangeWords, runsSentence, type Series } from '../../shared/hogFunctionMetrics';

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
    const m =
      /\bline\s+(\d+)(?:\s*(?:,|and)?\s*col(?:umn)?\s+(\d+))?/i.exec(message) ?? /\bat\s+(\d+):(\d+)\b/.exec(message);
    if (!m) continue;
    out.push({ message, line: Math.max(0, Number(m[1]) - 1), column: m[2] ? Math.max(0, Number(m[2]) - 1) : 0 });
  }
  return out;
}

/** Log lines' times in the user's locale and time zone, padded to one width so the levels line up. */
export function logTimes(lines: readonly LogLine[], locale?: string): string[] {
  const times = lines.map((l) => (l.timestamp ? formatDateTime(l.timestamp, locale) : ''));
  const width = Math.max(0, ...times.map((t) => t.length));
  return times.map((t) => t.padEnd(width));
}

/** A message of several lines (a fetch() call's options, an object) continues under the line, indented a little. */
export function logLineText(time: string, l: LogLine, indent = ''): string[] {
  const [first = '', ...rest] = l.message.split('\n');
  return [
    `${indent}${time} [${l.level.toUpperCase().padEnd(5)}] ${first}`,
    ...rest.map((line) => `${indent}    ${line}`),
  ];
}

export interface LogsHeader {
  name: string;
  /** The last 7 days' runs by metric name, as the overview's 7-day chart reads them. */
  runs?: readonly Series[];
  runsError?: string;
  /** The function's type (site functions record no runs). */
  type?: string;
  locale?: string;
  levels?: string[];
  search?: string;
  following: boolean;
}

export function formatLogsHeader(h: LogsHeader): string {
  const totals = h.runs
    ? runsSentence(h.runs, rangeWords('7d').title, h.type, h.locale)
    : h.runsError
      ? l10n.t('Last 7 days: metrics unavailable ({0})', h.runsError)
      : l10n.t('Last 7 days: metrics unavailable');
  const filter = [
    h.levels?.length ? l10n.t('levels {0}', h.levels.join(', ')) : l10n.t('all levels'),
    h.search ? l10n.t('search "{0}"', h.search) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    h.following
      ? l10n.t('Logs of "{0}" — {1} — following new entries while open', h.name, filter)
      : l10n.t('Logs of "{0}" — {1}', h.name, filter),
    totals,
    '',
  ].join('\n');
}

/** Logs arrive newest first; a log view reads oldest first, like a terminal. */
export function formatLogLines(entries: LogLine[], locale?: string): string {
  const sorted = [...entries].sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? ''));
  const times = logTimes(sorted, locale);
  return sorted.flatMap((l, i) => logLineText(times[i]!, l)).join('\n');
}
