// A person signs in through the command palette (host, key, project), then browses both trees.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  openActivityBarView,
  useWorkbench,
  pickQuickItem,
  quickInput,
  runCommand,
  screenshot,
  treeItem,
  typeInQuickInput,
  view,
  type Workbench,
} from './harness/workbench';

let workbench: Workbench;

useWorkbench({ name: 'sign-in-and-browse', needsFake: false }, (opened) => {
  workbench = opened;
});

test('sign in through the command palette and browse hog functions and groups', async () => {
  const { page, fake } = workbench;
  assert.ok(fake, 'the local PostHog is running');
  await openActivityBarView(page, 'PostHog');

  await runCommand(page, 'PostHog: Sign In to PostHog');
  await pickQuickItem(page, 'Self-hosted or other URL…', { filter: false });
  await typeInQuickInput(page, fake.url);
  await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
  await screenshot(page, 'sign-in-api-key-prompt');
  await typeInQuickInput(page, fake.apiKey);
  await pickQuickItem(page, 'Default project');

  const hogFunctions = await view(page, 'Hog Functions');
  await treeItem(hogFunctions, 'Destinations').click();
  await treeItem(hogFunctions, 'Slack: new paying customer').waitFor({ timeout: 20_000 });

  const groups = await view(page, 'Groups');
  await treeItem(groups, 'Organizations').click();
  const firstGroup = groups.locator('.monaco-list-row[role="treeitem"][aria-level="2"]').first();
  await firstGroup.waitFor({ timeout: 20_000 });
  await page.mouse.move(1300, 850);
  await screenshot(page, 'trees-signed-in');

  const statusBar = page.locator('.part.statusbar').getByText('Default project');
  await statusBar.waitFor();
  const apiKeyShown = await page.locator('body').innerText();
  assert.ok(!apiKeyShown.includes(fake.apiKey), 'the API key is not visible anywhere in the window');
});
