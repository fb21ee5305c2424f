// The error a panel's webview shows for a failed request, for any panel: PostHog's message and kind, and whether
// signing in would help. Only the message text crosses to the webview, never the request or the key.
import { isPostHogError } from '../../api';
import { isSignInRequired } from '../services/signInRequired';
import type { ErrorInfo } from '../../shared/protocol/common';
import { describeError } from '../services/errors';

export function errorInfo(error: unknown): ErrorInfo {
  if (isPostHogError(error)) return { message: error.message, kind: error.kind, signIn: error.kind === 'unauthorized' };
  return { message: describeError(error), kind: 'config', signIn: isSignInRequired(error) };
}
