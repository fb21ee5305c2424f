// The host side of one hog function's overview panel: it paints from what the tree already loaded, then loads the
// function, the chart's metrics and the newest logs; while the panel is visible it stays live with one request per
// refresh (metrics and logs take turns); its buttons run the extension's existing commands on the function. The
// webview gets the function's public fields, run counts, log lines and error messages, never anything else.
import * as vscode from 'vscode';
import type { HogFunctionSummary, LogEntry } from '../../../api';
import { Command } from '../../services/constants';
import type { HogFileSystemProvider } from '../../hog/fileSystem';
import type { HogFunctionRef } from '../../../core/functions/paths';
import type { HogFunctionsStore } from '../../services/hogFunctionsStore';
import type { Connection, Session } from '../../services/session';
import { SignInRequired } from '../../services/signInRequired';
import { functionHealth } from '../../../shared/hogFunctionHealth';
import { alignSeries, METRIC_RANGES, type MetricRange } from '../../../shared/hogFunctionMetrics';
import { functionLabel } from '../../../shared/functionTypes';
import {
  functionOverviewReplies,
  webviewMessageSchema,
  type ErrorInfo,
  type FunctionData,
  type HostMessage,
  type LoadTarget,
  type LogLevel,
  type LogsData,
  type MetricsData,
  type PanelAction,
  type WebviewMessage,
  type WebviewRequest,
} from '../../../shared/protocol/functionOverview';
import { errorInfo } from '../errorInfo';
import { PanelHost } from '../panelHost';
import { LiveRefresh } from './liveRefresh';

/** How many of the newest log entries the panel shows; "Show all" opens the logs view for more. */
export const LOG_LIMIT = 50;

export interface OverviewDeps {
  session: Session;
  store: HogFunctionsStore;
  files: HogFileSystemProvider;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  /** How long a visible panel waits between live refreshes. */
  liveIntervalMs: () => number;
}

/** What the user chose in the panel, kept across reloads. */
export interface OverviewChoices {
  range: MetricRange;
  levels: LogLevel[];
}

export class FunctionOverviewPanel extends PanelHost<WebviewMessage, HostMessage> {
  private fn: FunctionData | null;
  private metrics: MetricsData | null = null;
  private logs: LogsData | null = null;
  /** True once this panel loaded everything itself (not just the tree's copy of the function). */
  private fresh = false;
  /** Something changed while the panel was hidden (another project or key): load it all when it is shown. */
  private stale = false;
  private nextLive: 'metrics' | 'logs' = 'metrics';
  private readonly live: LiveRefresh;

  constructor(
    panel: vscode.WebviewPanel,
    readonly ref: HogFunctionRef,
    private readonly deps: OverviewDeps,
    private choices: OverviewChoices,
    /** The function as the opener had it (the tree's row); else the tree's or the editor's copy is used. */
    known?: HogFunctionSummary,
    /** The name to title the panel with until the function is known (after a reload). */
    name?: string | null,
  ) {
    super(panel, {
      name: 'Hog function overview',
      script: 'functionOverview',
      title: vscode.l10n.t('Hog function overview'),
      schema: webviewMessageSchema,
      replies: functionOverviewReplies,
      log: deps.log,
      extensionUri: deps.extensionUri,
    });
    const copy = known ?? deps.store.find(ref.functionId) ?? deps.files.cached(ref);
    this.fn = copy ? functionData(copy) : null;
    this.live = new LiveRefresh(() => this.liveTick(), deps.liveIntervalMs);
    this.updateTitle(name);
    this.disposables.push(
      panel.onDidChangeViewState(({ webviewPanel }) => this.visibilityChanged(webviewPanel.visible)),
      // Another host, key or project: nothing shown may still be true.
      deps.session.onDidChange(() => {
        this.fresh = false;
        if (this.panel.visible) void this.refresh();
        else this.stale = true;
      }),
      // Saved, toggled or renamed through the extension: the write's answer is the newest copy.
      deps.files.onDidUpdateFunction((fn) => {
        if (fn.id === ref.functionId) this.acceptFunction(functionData(fn));
      }),
      // The tree reloaded: its copy wins only when PostHog changed the function since ours was read.
      deps.store.onDidChange(() => {
        const listed = deps.store.find(ref.functionId);
        if (
          listed?.updated_at &&
          (!this.fn?.updatedAt || Date.parse(listed.updated_at) > Date.parse(this.fn.updatedAt))
        )
          this.acceptFunction(functionData(listed));
      }),
    );
    this.loadPage();
    this.live.setVisible(panel.visible);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** What the webview was last sent, and the range and levels in use (extension-host tests read it). */
  get shown(): {
    function: FunctionData | null;
    metrics: MetricsData | null;
    logs: LogsData | null;
  } & Readonly<OverviewChoices> {
    return { function: this.fn, metrics: this.metrics, logs: this.logs, ...this.choices };
  }

  // PanelHost answers the notifications every panel shares (sign in, show log, an unreadable message) itself.
  protected async notify(
    message: Exclude<WebviewMessage, WebviewRequest | { type: 'signIn' | 'showLog' | 'invalidMessage' }>,
  ): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({
          type: 'init',
          projectId: this.ref.projectId,
          functionId: this.ref.functionId,
          function: this.fn,
          range: this.choices.range,
          levels: this.choices.levels,
          metrics: this.metrics,
          logs: this.logs,
          fresh: this.fresh,
          liveSeconds: Math.round(this.deps.liveIntervalMs() / 1000),
        });
        return;
    }
  }

  protected async answer(request: WebviewRequest): Promise<HostMessage> {
    const { id } = request;
    switch (request.type) {
      case 'refresh':
        return { type: 'reply', id, ...(await this.refresh()) };
      case 'loadMetrics':
        this.choices = { ...this.choices, range: request.range };
        await this.loadMetrics(this.connection());
        return { type: 'reply', id };
      case 'loadLogs':
        this.choices = { ...this.choices, levels: request.levels };
        await this.loadLogs(this.connection());
        return { type: 'reply', id };
      case 'action':
        await this.run(request.action, request.levels, request.eventId);
        return { type: 'reply', id };
    }
  }

  /** The function, the metrics and the logs in parallel; each failure is shown where its data would be. */
  async refresh(): Promise<{ error?: ErrorInfo }> {
    this.stale = false;
    let connection: Connection;
    try {
      connection = this.connection();
    } catch (error) {
      const info = errorInfo(error);
      for (const target of ['function', 'metrics', 'logs'] as const)
        this.post({ type: 'loadError', target, error: info });
      return { error: info };
    }
    this.live.restart();
    const results = await Promise.allSettled([
      this.loadFunction(connection),
      this.loadMetrics(connection),
      this.loadLogs(connection),
    ]);
    if (!this.deps.session.isCurrent(connection)) return {};
    const failed = results.find((r) => r.status === 'rejected');
    if (!failed) this.fresh = true;
    return failed ? { error: errorInfo(failed.reason) } : {};
  }

  private async loadFunction(connection: Connection): Promise<void> {
    await this.loadPart(connection, 'function', async () => {
      const fn = await connection.client.getHogFunction(this.ref.projectId, this.ref.functionId);
      return () => this.acceptFunction(functionData(fn));
    });
  }

  private async loadMetrics(connection: Connection): Promise<void> {
    const range = this.choices.range;
    const { after, interval } = METRIC_RANGES[range];
    await this.loadPart(connection, 'metrics', async () => {
      // By name, each with PostHog's kind of its metric (a name's kind is asked once, then one request per refresh).
      const result = await connection.client.getHogFunctionRunMetrics(this.ref.projectId, this.ref.functionId, {
        after,
        interval,
      });
      return () => {
        // The user picked another range meanwhile: its own request is on the way.
        if (range !== this.choices.range) return;
        this.metrics = {
          range,
          labels: result.labels,
          series: alignSeries(result.labels, result.series),
          loadedAt: new Date().toISOString(),
        };
        this.post({ type: 'metrics', metrics: this.metrics });
      };
    });
  }

  private async loadLogs(connection: Connection): Promise<void> {
    const levels = this.choices.levels;
    await this.loadPart(connection, 'logs', async () => {
      const page = await connection.client.listHogFunctionLogs(this.ref.projectId, this.ref.functionId, {
        limit: LOG_LIMIT,
        level: levels,
      });
      return () => {
        if (levels !== this.choices.levels) return;
        this.logs = { levels, entries: page.results.map(logEntry), loadedAt: new Date().toISOString() };
        this.post({ type: 'logs', logs: this.logs });
      };
    });
  }

  /**
   * Runs one load and applies its result, unless the session moved on meanwhile (another project's data must not
   * show here). A failure is posted where the data would be, logged, and thrown for the request's reply.
   */
  private async loadPart(connection: Connection, target: LoadTarget, fetch: () => Promise<() => void>): Promise<void> {
    try {
      const apply = await fetch();
      if (this.deps.session.isCurrent(connection)) apply();
    } catch (error) {
      this.logFailure(`load ${target}`, error);
      if (this.deps.session.isCurrent(connection)) this.post({ type: 'loadError', target, error: errorInfo(error) });
      throw error;
    }
  }

  /** One request per live refresh: the chart's metrics and the logs take turns. */
  private async liveTick(): Promise<void> {
    const connection = this.deps.session.connectionFor(this.ref.projectId);
    // Signed out or on another project: the session change already told the panel; there is nothing to follow.
    if (!connection) return;
    const target = this.nextLive;
    this.nextLive = target === 'metrics' ? 'logs' : 'metrics';
    // A failure is already shown in the panel (load posts it); the next tick tries again.
    await (target === 'metrics' ? this.loadMetrics(connection) : this.loadLogs(connection)).catch(() => undefined);
  }

  private visibilityChanged(visible: boolean): void {
    if (visible && this.stale) void this.refresh();
    this.live.setVisible(visible);
  }

  /** The buttons run the commands the tree and the editor run, on this function, with their prompts and errors. */
  private async run(action: PanelAction, levels: LogLevel[] | undefined, eventId?: string): Promise<void> {
    // The commands act in the current project; the panel's function belongs to its own.
    this.connection();
    const target = { id: this.ref.functionId };
    switch (action) {
      case 'openSource':
        await vscode.commands.executeCommand(Command.openHogFunction, target);
        return;
      case 'test':
        await vscode.commands.executeCommand(Command.testHogFunction, target);
        return;
      case 'toggle':
        await vscode.commands.executeCommand(Command.toggleHogFunction, target);
        return;
      case 'showLogs':
        await vscode.commands.executeCommand(Command.showHogFunctionLogs, target, {
          levels: levels?.length ? levels : undefined,
        });
        return;
      case 'debugRun':
        if (eventId)
          await vscode.commands.executeCommand(Command.debugThisRun, {
            functionId: this.ref.functionId,
            projectId: this.ref.projectId,
            eventId,
          });
        return;
    }
  }

  private acceptFunction(fn: FunctionData): void {
    this.fn = fn;
    this.updateTitle();
    this.post({ type: 'function', function: fn });
  }

  private connection(): Connection {
    const connection = this.deps.session.connectionFor(this.ref.projectId);
    if (connection) return connection;
    if (this.deps.session.connection())
      throw new Error(
        vscode.l10n.t(
          'Select project {0} again to see this hog function: it belongs to that project.',
          this.ref.projectId,
        ),
      );
    throw new SignInRequired(vscode.l10n.t('Sign in to PostHog and choose a project to see this hog function.'));
  }

  private updateTitle(name?: string | null): void {
    this.panel.title = vscode.l10n.t('{0} · Overview', functionLabel({ name: this.fn?.name ?? name }));
  }

  override dispose(): void {
    this.live.dispose();
    super.dispose();
  }
}

/** The fields the panel shows, from a list row or a full function; what PostHog leaves out stays null. */
export function functionData(f: HogFunctionSummary): FunctionData {
  const author = f.created_by;
  const authorName = author ? [author.first_name, author.last_name].filter(Boolean).join(' ').trim() : '';
  return {
    id: f.id,
    name: f.name ?? null,
    // PostHog treats a function without a type as a destination.
    type: f.type || 'destination',
    enabled: f.enabled,
    description: f.description ?? null,
    state: f.status?.state ?? null,
    health: functionHealth(f),
    template: f.template ? (f.template.name ?? f.template.id ?? null) : null,
    createdBy: authorName || author?.email || null,
    createdAt: f.created_at ?? null,
    updatedAt: f.updated_at ?? null,
  };
}

function logEntry(e: LogEntry): LogsData['entries'][number] {
  return { timestamp: e.timestamp, level: e.level.toUpperCase(), message: e.message };
}
