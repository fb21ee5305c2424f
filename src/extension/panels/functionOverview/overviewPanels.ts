// The open hog function overviews: one per function (opening one that is open reveals it), opened from the tree, the
// editor title or the palette, or brought back after a reload with the range and levels the user had chosen.
// Loaded on first use by register.ts.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../../api';
import { WebviewPanelType } from '../../services/constants';
import type { HogFunctionRef } from '../../../core/functions/paths';
import { DEFAULT_RANGE } from '../../../shared/hogFunctionMetrics';
import { describeIssues, overviewStateSchema } from '../../../shared/protocol/functionOverview';
import { FunctionOverviewPanel, type OverviewDeps } from './overviewPanel';

/** A live refresh every 30 s while a panel is visible (the issue asks for 30–60 s). */
export const LIVE_INTERVAL_MS = 30_000;

const keyOf = (ref: HogFunctionRef) => `${ref.projectId}/${ref.functionId}`;

export class FunctionOverviews implements vscode.Disposable {
  private readonly panels = new Map<string, FunctionOverviewPanel>();
  /** Tests shorten it to watch live refreshes without waiting half a minute. */
  liveIntervalMs = LIVE_INTERVAL_MS;
  private readonly deps: OverviewDeps;

  constructor(deps: Omit<OverviewDeps, 'liveIntervalMs'>) {
    this.deps = { ...deps, liveIntervalMs: () => this.liveIntervalMs };
  }

  /** `known`: the function as the caller has it (the tree's row), shown until the panel has loaded its own. */
  open(ref: HogFunctionRef, known?: HogFunctionSummary): FunctionOverviewPanel {
    const existing = this.panels.get(keyOf(ref));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      WebviewPanelType.functionOverview,
      vscode.l10n.t('Overview'),
      vscode.ViewColumn.Active,
      { enableFindWidget: true },
    );
    return this.track(
      new FunctionOverviewPanel(webviewPanel, ref, this.deps, { range: DEFAULT_RANGE, levels: [] }, known),
    );
  }

  /** A panel VS Code brings back after a reload, with the state its webview saved. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const parsed = overviewStateSchema.safeParse(state);
    if (!parsed.success || this.panels.has(keyOf(parsed.data))) {
      if (!parsed.success)
        this.deps.log.warn(
          `Closed a restored hog function overview with unreadable state (${describeIssues(parsed.error)})`,
        );
      webviewPanel.dispose();
      return;
    }
    const { projectId, functionId, range, levels, name } = parsed.data;
    this.track(
      new FunctionOverviewPanel(webviewPanel, { projectId, functionId }, this.deps, { range, levels }, undefined, name),
    );
  }

  /** The open panel of a function, if any. */
  get(functionId: string): FunctionOverviewPanel | undefined {
    return [...this.panels.values()].find((p) => p.ref.functionId === functionId);
  }

  private track(panel: FunctionOverviewPanel): FunctionOverviewPanel {
    const key = keyOf(panel.ref);
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
