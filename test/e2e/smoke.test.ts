// A person opens VS Code with the extension installed: the PostHog activity bar entry is there, and clicking
// it shows the two views, each offering to sign in.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { openActivityBarView, useWorkbench, screenshot, view, type Workbench } from './harness/workbench';

let workbench: Workbench;

useWorkbench({ name: 'smoke', needsFake: false }, (opened) => {
  workbench = opened;
});

test('the PostHog activity bar entry shows Hog Functions and Groups with the sign-in button', async () => {
  const { page } = workbench;
  await openActivityBarView(page, 'PostHog');
  for (const name of ['Hog Functions', 'Groups']) {
    const pane = await view(page, name);
    const signIn = pane.locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' });
    await signIn.waitFor({ timeout: 20_000 });
    assert.equal(await signIn.isVisible(), true, `${name} has no visible sign-in button`);
  }
  await screenshot(page, 'smoke-signed-out-views');
});
