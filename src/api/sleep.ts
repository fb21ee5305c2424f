// Waiting that a cancellation cuts short: sleeps and promises raced against an AbortSignal.
import * as l10n from '@vscode/l10n';
import { transportFailure } from './transport';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export function cancelledFailure(): Error {
  return transportFailure('cancelled', l10n.t('The request was cancelled.'));
}

/** setTimeout as a promise that rejects as soon as `signal` aborts, so waits never outlive a cancel. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledFailure());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledFailure());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Resolves or rejects with `promise`, but rejects at once when `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledFailure());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledFailure());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
