// Status bar: which PostHog host and project the views show; click to switch project.
import * as vscode from 'vscode';
import { Session } from '../model/session';

export function createStatusBar(session: Session): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('posthogWorkbench.project', vscode.StatusBarAlignment.Left, 0);
  item.name = 'PostHog Project';
  const render = (): void => {
    const projectId = session.projectId;
    if (!session.signedIn || projectId === undefined) {
      item.hide();
      return;
    }
    const host = new URL(session.host).host;
    const project = session.projectName(projectId) ?? `Project ${projectId}`;
    item.text = `$(graph) ${project}`;
    item.tooltip = `PostHog: ${project} (#${projectId}) on ${host}. Click to switch project.`;
    item.command = 'posthogWorkbench.selectProject';
    item.show();
  };
  render();
  const subscription = session.onDidChange(render);
  return vscode.Disposable.from(item, subscription);
}
