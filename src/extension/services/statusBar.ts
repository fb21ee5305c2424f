// Status bar: which PostHog host and project the views show; click to switch project.
import * as vscode from 'vscode';
import { Command } from './constants';
import type { Session } from './session';

export function registerStatusBar(context: vscode.ExtensionContext, session: Session): void {
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
  context.subscriptions.push(item, session.onDidChange(render));
}
