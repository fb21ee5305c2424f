// Helpers for extension-host tests: reach the extension under test and wait for asynchronous UI state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const extensionId = 'posthog-workbench.posthog-workbench';

/** Activates the extension under test (a no-op when it is already active) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  await extension.activate();
  return extension;
}

/**
 * Polls `predicate` until it returns a truthy value (which it then returns) or `timeoutMs` passes.
 * For state the extension updates asynchronously: tree refreshes, context keys, documents opening.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
