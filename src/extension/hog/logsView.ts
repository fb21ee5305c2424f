// A function's recent logs as a read-only `.log` document (so the log language colours levels), with the
// last 7 days' runs at the top in the overview's words and numbers. While the document is visible it follows
// new entries by asking for logs `after` the newest one it has.
import * as vscode from 'vscode';
import type { LogEntry, UnreadableRow } from '../../api';
import { describeUnreadable } from '../../api';
import type { Session } from '../services/session';
import { describeError } from '../services/errors';
import { fileNameFor, functionDir, type HogFunctionRef } from '../../core/functions/paths';
import { formatLogLines, formatLogsHeader } from '../../core/functions/report';
import { Scheme } from '../services/constants';
import { alignSeries, METRIC_RANGES, type Series } from '../../shared/hogFunctionMetrics';

export const LOGS_SCHEME = Scheme.logs;
const PAGE = 200;
export const FOLLOW_INTERVAL_MS = 5000;

export interface LogFilter {
  levels?: string[];
  search?: string;
}

interface LogState {
  ref: HogFunctionRef;
  name: string;
  filter: LogFilter;
  entries: LogEntry[];
  /** Entries of the first page PostHog sent that could not be read. */
  unreadable: UnreadableRow[];
  /** The last 7 days' runs by metric name: the overview's 7-day query, so both say the same numbers. */
  runs?: Series[];
  runsError?: string;
}

export class LogsView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly states = new Map<string, LogState>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscription: vscode.Disposable;
  private polling = false;

  constructor(
    private readonly session: Session,
    private readonly intervalMs = FOLLOW_INTERVAL_MS,
  ) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => {
      this.states.delete(d.uri.toString());
      // Nothing to follow: stop waking the extension host.
      if (this.states.size === 0) this.stopFollowing();
    });
  }

  private stopFollowing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Loads the newest logs and the 7-day totals, then shows them. */
  async open(ref: HogFunctionRef, name: string, filter: LogFilter): Promise<vscode.TextDocument> {
    const connection = this.connectionFor(ref);
    const query = new URLSearchParams();
    if (filter.levels?.length) query.set('level', filter.levels.join(','));
    if (filter.search) query.set('search', filter.search);
    const uri = vscode.Uri.from({
      scheme: LOGS_SCHEME,
      path: `${functionDir(ref)}${fileNameFor(name)} logs.log`,
      query: query.toString(),
    });
    const [page, totals] = await Promise.all([
      connection.client.listHogFunctionLogs(ref.projectId, ref.functionId, {
        limit: PAGE,
        level: filter.levels,
        search: filter.search,
      }),
      connection.client
        .getHogFunctionMetrics(ref.projectId, ref.functionId, { ...METRIC_RANGES['7d'], breakdownBy: 'name' })
        .then(
          (m): Pick<LogState, 'runs'> => ({ runs: alignSeries(m.labels, m.series) }),
          (error: unknown): Pick<LogState, 'runsError'> => ({ runsError: describeError(error) }),
        ),
    ]);
    this.session.reportUnreadable(`Logs of "${name}"`, page.unreadable);
    this.states.set(uri.toString(), {
      ref,
      name,
      filter,
      entries: page.results,
      unreadable: page.unreadable,
      ...totals,
    });
    this.timer ??= setInterval(() => void this.follow(), this.intervalMs);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const state = this.states.get(uri.toString());
    if (!state) return vscode.l10n.t('These logs are no longer loaded. Run "Show Hog Function Logs" again.\n');
    const locale = vscode.env.language;
    const header = formatLogsHeader({
      name: state.name,
      levels: state.filter.levels,
      search: state.filter.search,
      runs: state.runs,
      runsError: state.runsError,
      locale,
      following: true,
    });
    const lines = state.entries.length ? formatLogLines(state.entries, locale) : vscode.l10n.t('(no log entries)');
    const unreadable = state.unreadable
      .map((row) => `[WARN ] ${vscode.l10n.t('A log entry could not be read: {0}.', describeUnreadable(row))}\n`)
      .join('');
    return `${header}\n${unreadable}${lines}\n`;
  }

  /** Asks for entries newer than the newest shown, for every logs document someone can see. */
  async follow(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
      for (const [key, state] of this.states) {
        if (!visible.has(key)) continue;
        const connection = this.session.connectionFor(state.ref.projectId);
        if (!connection) continue;
        const newest = state.entries.reduce((max, e) => (e.timestamp > max ? e.timestamp : max), '');
        try {
          const page = await connection.client.listHogFunctionLogs(state.ref.projectId, state.ref.functionId, {
            limit: PAGE,
            level: state.filter.levels,
            search: state.filter.search,
            ...(newest ? { after: newest } : {}),
          });
          const seen = new Set(state.entries.map(entryKey));
          const fresh = page.results.filter((e) => !seen.has(entryKey(e)));
          if (fresh.length) {
            state.entries = [...fresh, ...state.entries];
            this.changed.fire(vscode.Uri.parse(key));
          }
        } catch {
          // Following is best effort: the next tick tries again, and opening the logs again reports errors.
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private connectionFor(ref: HogFunctionRef) {
    const connection = this.session.connectionFor(ref.projectId);
    if (!connection)
      throw new Error(vscode.l10n.t("Select project {0} to read this hog function's logs.", ref.projectId));
    return connection;
  }

  dispose(): void {
    this.stopFollowing();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function entryKey(e: LogEntry): string {
  return `${e.timestamp}\u0000${e.instance_id ?? ''}\u0000${e.message}`;
}
