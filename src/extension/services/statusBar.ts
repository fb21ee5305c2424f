// Status bar: which PostHog host and project the views show (click to switch project), and, when this window has
// nearly spent the API key's hourly budget of PostHog queries, that it has and what still works offline.
import * as vscode from 'vscode';
import { budgetState, queryBudgetText } from '../../core/language/queryPacer';
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
  return {
    queryBudget: () =>
      budget.item.visible ? { text: budget.item.text, tooltip: String(budget.item.tooltip) } : undefined,
  };
}

/** The query budget item: shown only while the hour's budget is nearly spent or PostHog paused the key's queries. */
function registerQueryBudget(
  session: Session,
): vscode.Disposable & { item: { text: string; tooltip: string | undefined; visible: boolean } } {
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
  const subscriptions = [
    session.onDidChangeBudget((e) => {
      if (e.pool === 'query') render();
    }),
    session.onDidChange(render),
  ];
  return Object.assign(
    new vscode.Disposable(() => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      item.dispose();
    }),
    { item: shown },
  );
}
