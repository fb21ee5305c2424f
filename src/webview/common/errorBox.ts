// An error as every panel shows it, with what the user can do about it: Retry, Sign In when the key is missing or
// rejected, Show Log.
import type { ErrorInfo } from '../../shared/protocol/common';
import { button, el, icon } from './dom';

export function errorBox(error: ErrorInfo, retry: () => void, actions: { signIn: () => void; showLog: () => void }): HTMLElement[] {
  return [
    icon('error'),
    el('span', { class: 'message' }, error.message),
    button('Retry', { icon: 'refresh', onClick: retry }),
    error.signIn ? button('Sign In', { icon: 'sign-in', onClick: actions.signIn }) : null,
    button('Show Log', { icon: 'output', onClick: actions.showLog }),
  ].filter((x): x is HTMLElement => x !== null);
}
