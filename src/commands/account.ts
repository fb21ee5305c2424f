// Sign in, sign out and project switching.
import * as vscode from 'vscode';
import { signIn, selectProject, type SignInArgs } from '../auth/signIn';
import { Session } from '../model/session';
import { showError } from '../ui/errors';

export function registerAccountCommands(session: Session): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('posthogWorkbench.signIn', async (args?: SignInArgs) => {
      const automated = typeof args === 'object' && args !== null && typeof args.apiKey === 'string';
      if (automated) return signIn(session, args);
      try {
        return await signIn(session);
      } catch (error) {
        void showError('Sign in to PostHog', error, { retry: () => vscode.commands.executeCommand('posthogWorkbench.signIn') });
        return false;
      }
    }),
    vscode.commands.registerCommand('posthogWorkbench.signOut', async () => {
      await session.credentials.delete(session.host);
      await session.reload();
      void vscode.window.showInformationMessage(`Signed out of PostHog (${new URL(session.host).host}). Your API key was removed from this machine.`);
    }),
    vscode.commands.registerCommand('posthogWorkbench.selectProject', async () => {
      try {
        await selectProject(session);
      } catch (error) {
        void showError('Load PostHog projects', error, { retry: () => selectProject(session), host: session.host });
      }
    }),
  ];
}
