// Status bar: which PostHog host and project the views show (click to switch project), and, when this window has
// nearly spent the API key's hourly budget of PostHog queries, that it has and what still works offline.
import * as vscode from 'vscode';
import { budgetState, type BudgetState } from '../../core/language/queryPacer';
import { Command } from './constants';
import type { Session } from './session';

/** What the query budget item shows now (for the extension's own tests). */
export interface StatusBarHooks {
  queryBudget(): { text: string; tooltip: string } | undefined;
}

export function registerStatusBar(context: vscode.ExtensionContext, session: Session): StatusBarHooks {
  const item = vscode.window.createStatusBarItem('posthogWorkbench.project', vscode.StatusBarAlignment.Left, 0);
  item.name = vscode.l10n.t('PostHog Project');
  const render = (): void => {
    const projectId = session.projectId;
    if (!session.signedIn || projectId === undefined) {
      item.hide();
      return;
    }
    const host = new URL(session.host).host;
    const project = session.projectName(projectId) ?? vscode.l10n.t('Project {0}', projectId);
    item.text = `$(graph) ${project}`;
    item.tooltip = vscode.l10n.t('PostHog: {0} (#{1}) on {2}. Click to switch project.', project, projectId, host);
    item.command = Command.selectProject;
    item.show();
  };
  render();
  const budget = registerQueryBudget(session);
  context.subscriptions.push(item, session.onDidChange(render), budget);
  return { queryBudget: () => (budget.item.visible ? { text: budget.item.text, tooltip: String(budget.item.tooltip) } : undefined) };
}

/** Minutes or seconds until `at`, for the tooltip. */
function until(at: number | null, now: number): string {
  if (at === null) return vscode.l10n.t('soon');
  const seconds = Math.max(1, Math.ceil((at - now) / 1000));
  if (seconds < 90) return seconds === 1 ? vscode.l10n.t('in 1 second') : vscode.l10n.t('in {0} seconds', seconds);
  return vscode.l10n.t('in {0} minutes', Math.ceil(seconds / 60));
}

/** The status bar's words for a nearly spent query budget: what is used, what stopped, what still works. */
export function queryBudgetText(state: BudgetState, now: number): { text: string; tooltip: string } {
  const format = new Intl.NumberFormat();
  const text = state.pausedByPostHog
    ? `$(watch) ${vscode.l10n.t('PostHog queries paused')}`
    : `$(dashboard) ${vscode.l10n.t('PostHog queries {0}/{1}', format.format(state.used), format.format(state.limit))}`;
  const what = state.pausedByPostHog
    ? vscode.l10n.t('PostHog asked this API key to pause its queries; they resume {0}.', until(state.roomAt, now))
    : vscode.l10n.t('This window has used {0} of the {1} queries PostHog allows this API key an hour. Hog code is no longer checked as you type until the oldest of them is an hour old ({2}); completion from PostHog continues a little longer.', format.format(state.used), format.format(state.limit), until(state.roomAt, now));
  const offline = vscode.l10n.t('Still working offline: syntax highlighting, completion of the standard library, the globals and the names in the code, hover and signature help. Saving, the trees, test runs and the overview have a budget of their own and are not affected.');
  return { text, tooltip: `${what}\n\n${offline}` };
}

/** The query budget item: shown only while the hour's budget is nearly spent or PostHog paused the key's queries. */
function registerQueryBudget(session: Session): vscode.Disposable & { item: { text: string; tooltip: string | undefined; visible: boolean } } {
  const item = vscode.window.createStatusBarItem('posthogWorkbench.queryBudget', vscode.StatusBarAlignment.Left, -1);
  item.name = vscode.l10n.t('PostHog Query Budget');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const shown = { text: '', tooltip: undefined as string | undefined, visible: false };
  const render = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const now = Date.now();
    const state = session.signedIn ? budgetState(session.rateBudget('query'), now) : undefined;
    if (!state?.near) {
      shown.visible = false;
      item.hide();
      return;
    }
    const { text, tooltip } = queryBudgetText(state, now);
    Object.assign(shown, { text, tooltip, visible: true });
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    item.show();
    // Look again when room comes back, since no request may go out to say so.
    if (state.roomAt !== null) timer = setTimeout(render, Math.max(1000, state.roomAt - now + 50));
  };
  const subscriptions = [session.onDidChangeBudget((e) => { if (e.pool === 'query') render(); }), session.onDidChange(render)];
  return Object.assign(new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const s of subscriptions) s.dispose();
    item.dispose();
  }), { item: shown });
}
