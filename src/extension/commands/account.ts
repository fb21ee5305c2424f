// Account commands: sign in, sign out and switch project.
import * as vscode from 'vscode';
import { selectProject, signIn, type SignInArgs } from '../services/signIn';
import { Command } from '../services/constants';
import type { Session } from '../services/session';
import { command, type CommandTable } from './runner';

/** `signIn` with an API key is automation (tests, scripts): it never prompts and gets failures back. */
const automated = (args?: SignInArgs): boolean => typeof args === 'object' && args !== null && typeof args.apiKey === 'string';

export function accountCommands(session: Session): CommandTable {
  return {
    [Command.signIn]: command(vscode.l10n.t('Sign in to PostHog'), (args?: SignInArgs) => signIn(session, automated(args) ? args : undefined), { throwsFor: automated }),
    [Command.signOut]: command(vscode.l10n.t('Sign out of PostHog'), async () => {
      await session.credentials.delete(session.host);
      await session.reload();
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of PostHog ({0}). Your API key was removed from this machine.', new URL(session.host).host));
    }),
    [Command.selectProject]: command(vscode.l10n.t('Load PostHog projects'), () => selectProject(session)),
  };
}
