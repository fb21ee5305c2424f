// A VS Code cancellation token (a progress notification's Cancel button) as the AbortSignal the API client takes.
import type * as vscode from 'vscode';

/** Runs `work` with a signal that aborts when `token` is cancelled; requests in flight end with kind `cancelled`. */
export async function withCancellation<T>(token: vscode.CancellationToken, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  if (token.isCancellationRequested) abort.abort();
  try {
    return await work(abort.signal);
  } finally {
    subscription.dispose();
  }
}
