// Account commands: sign in, sign out and switch project.
import * as vscode from 'vscode';
import { selectProject, signIn, type SignInArgs } from '../auth/signIn';
import { Command } from '../constants';
import type { Session } from '../model/session';
import { command, type CommandTable } from './register';

/** `signIn` with an API key is automation (tests, scripts): it never prompts and gets failures back. */
const automated = (args?: SignInArgs): boolean => typeof args === 'object' && args !== null && typeof args.apiKey === 'string';

export function accountCommands(session: Session): CommandTable {
  return {
    [Command.signIn]: command('Sign in to PostHog', (args?: SignInArgs) => signIn(session, automated(args) ? args : undefined), { throwsFor: automated }),
    [Command.signOut]: command('Sign out of PostHog', async () => {
      await session.credentials.delete(session.host);
      await session.reload();
      void vscode.window.showInformationMessage(`Signed out of PostHog (${new URL(session.host).host}). Your API key was removed from this machine.`);
    }),
    [Command.selectProject]: command('Load PostHog projects', () => selectProject(session)),
  };
}
