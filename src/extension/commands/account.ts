// Account commands: sign in, sign out and switch project.
import * as vscode from 'vscode';
import type { Prompts } from '../../core/prompts';
import { selectProject, signIn, type SignInArgs } from '../services/signIn';
import { Command } from '../services/constants';
import type { Session } from '../services/session';
import { command, type CommandTable } from './runner';

export interface AccountDeps {
  session: Session;
  prompts: Prompts;
  /**
   * Whether a command's arguments may answer its questions (`signIn` with a host, key and project). Only in the
   * extension's own tests: anyone else's arguments would write a key and a host without the user seeing a dialog.
   */
  argumentsAnswer: boolean;
}

export function accountCommands({ session, prompts, argumentsAnswer }: AccountDeps) {
  /** `signIn` with an API key is automation (the extension's tests): it never prompts and gets failures back. */
  const automated = (args?: SignInArgs): boolean =>
    argumentsAnswer && typeof args === 'object' && args !== null && typeof args.apiKey === 'string';
  return {
    [Command.signIn]: command(
      vscode.l10n.t('Sign in to PostHog'),
      (args?: SignInArgs) => signIn(session, prompts, automated(args) ? args : undefined),
      { throwsFor: automated },
    ),
    [Command.signOut]: command(vscode.l10n.t('Sign out of PostHog'), async () => {
      await session.credentials.delete(session.host);
      await session.reload();
      void prompts.info(
        vscode.l10n.t(
          'Signed out of PostHog ({0}). Your API key was removed from this machine.',
          new URL(session.host).host,
        ),
      );
    }),
    [Command.selectProject]: command(vscode.l10n.t('Load PostHog projects'), () => selectProject(session, prompts)),
  } satisfies CommandTable;
}
