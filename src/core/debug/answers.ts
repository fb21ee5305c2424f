// What an async call gets back while debugging, as PostHog's CDP worker hands it to the code. For `fetch` that is
// `{status, body}` and nothing else (hog-executor.service.ts, executeFetch: headers are never given to the code; the
// body text is parsed as JSON when it is JSON). A request that fails (timeout, refused connection) is retried by the
// worker and then answered with status 500 and the error's name and message as the body, so it never throws into the
// code. Answers come from the response script (the toolchain's format: by order or by URL pattern), from the person
// debugging (a status and a body, or one of the quick answers), or default to 200 with an empty JSON body.
import * as l10n from '@vscode/l10n';
import { bodyForCode, fetchRequest, type ScriptedResponse } from '../toolchain';
import type { AsyncAnswer, PendingCall } from './runtime';

/** The quick answers offered when no scripted response matches. */
export type QuickAnswer = '200' | '500' | 'timeout';

/** What the debugger shows of an async call before it is answered: what would be sent. */
export function describeCall(call: PendingCall): Record<string, unknown> {
  if (call.name === 'fetch') return { function: 'fetch', ...fetchRequest(call.args) };
  if (call.name === 'sendEmail') return { function: 'sendEmail', email: call.args[0] ?? null };
  return { function: call.name, arguments: call.args };
}

/** The answer a scripted response gives (undefined: none given, the default applies). */
export function scriptedAnswer(call: PendingCall, scripted: ScriptedResponse | undefined): AsyncAnswer | undefined {
  if (!scripted) return undefined;
  const delay = scripted.delay ?? 0;
  if (call.name !== 'fetch') {
    if (scripted.error !== undefined)
      return { value: null, fails: scripted.error, delayMs: delay, label: l10n.t('error (scripted)') };
    return { value: 'body' in scripted ? scripted.body : { success: true }, delayMs: delay, label: l10n.t('scripted') };
  }
  if (scripted.error !== undefined) {
    return {
      value: { status: 500, body: `Error: ${scripted.error}` },
      delayMs: delay,
      label: l10n.t('500, the request failed: {0} (scripted)', scripted.error),
      failed: scripted.error,
    };
  }
  const status = scripted.status ?? 200;
  const body = 'body' in scripted ? bodyForCode(scripted.body) : {};
  return {
    value: { status, body: body ?? null },
    delayMs: delay,
    label: l10n.t('{0} (scripted)', status),
    ...(status >= 400 ? { failed: `HTTP ${status}` } : {}),
  };
}

/** The answer when nothing is scripted and nobody is asked: what the toolchain's local runs answer. */
export function defaultAnswer(call: PendingCall): AsyncAnswer {
  if (call.name === 'fetch')
    return { value: { status: 200, body: {} }, label: l10n.t('200 with an empty JSON body (default)') };
  return { value: { success: true }, label: l10n.t('success (default)') };
}

/** One of the quick answers, or a status and body typed in (the body text is read as JSON when it is JSON). */
export function givenAnswer(
  call: PendingCall,
  given: { preset?: QuickAnswer; status?: number; body?: string },
): AsyncAnswer {
  if (call.name !== 'fetch') {
    if (given.preset === '500' || given.preset === 'timeout')
      return {
        value: null,
        fails:
          given.preset === 'timeout'
            ? 'TimeoutError: The operation was aborted due to timeout'
            : 'Internal Server Error',
        label: given.preset,
      };
    return { value: given.body === undefined ? { success: true } : bodyForCode(given.body), label: l10n.t('given') };
  }
  switch (given.preset) {
    case '200':
      return { value: { status: 200, body: {} }, label: l10n.t('200 with an empty JSON body') };
    case '500':
      return { value: { status: 500, body: '' }, label: '500', failed: 'HTTP 500' };
    case 'timeout':
      // The worker retries, then gives the code status 500 with the client-side error as the body.
      return {
        value: { status: 500, body: 'TimeoutError: The operation was aborted due to timeout' },
        label: l10n.t('timeout (500 after retries)'),
        failed: 'timeout',
      };
    default: {
      const status = given.status ?? 200;
      const body = given.body === undefined || given.body === '' ? '' : bodyForCode(given.body);
      return {
        value: { status, body },
        label: l10n.t('{0} (given)', status),
        ...(status >= 400 ? { failed: `HTTP ${status}` } : {}),
      };
    }
  }
}
