// An error as every panel shows it, with what the user can do about it: Retry, Sign In when the key is missing or
// rejected, Show Log.
import * as l10n from '@vscode/l10n';
import type { ErrorInfo } from '../../shared/protocol/common';
import { button, el, icon } from './dom';

export function errorBox(
  error: ErrorInfo,
  retry: () => void,
  actions: { signIn: () => void; showLog: () => void },
): HTMLElement[] {
  return [
    icon('error'),
    el('span', { class: 'message' }, error.message),
    button(l10n.t('Retry'), { icon: 'refresh', onClick: retry }),
    error.signIn ? button(l10n.t('Sign In'), { icon: 'sign-in', onClick: actions.signIn }) : null,
    button(l10n.t('Show Log'), { icon: 'output', onClick: actions.showLog }),
  ].filter((x): x is HTMLElement => x !== null);
}
