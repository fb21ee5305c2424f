// A person opens VS Code with the extension installed: the PostHog activity bar entry is there, and clicking
// it shows the two views: one Sign in button (in Hog Functions), and Groups pointing at it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { openActivityBarView, useWorkbench, screenshot, view, type Workbench } from './harness/workbench';

let workbench: Workbench;

useWorkbench({ name: 'smoke', needsFake: false }, (opened) => {
  workbench = opened;
});

test('the PostHog activity bar entry shows Hog Functions with the sign-in button, and Groups pointing at it', async () => {
  const { page } = workbench;
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  const signIn = functions.locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' });
  await signIn.waitFor({ timeout: 20_000 });
  assert.equal(await signIn.isVisible(), true, 'Hog Functions has no visible sign-in button');
  const groups = await view(page, 'Groups');
  await groups
    .locator('.welcome-view-content', { hasText: 'Sign in with the button in Hog Functions above' })
    .waitFor({ timeout: 20_000 });
  assert.equal(
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' }).count(),
    1,
    'one Sign in button',
  );
  await screenshot(page, 'smoke-signed-out-views');
});
