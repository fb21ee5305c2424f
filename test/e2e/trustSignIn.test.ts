// A person opens a repository whose .vscode/settings.json names a PostHog server. Signing in does not offer that
// server first; choosing it asks, once, whether the key may go to an address from this workspace's settings, and no
// request carries the key before that. A sign-in waiting on a slow project list can be cancelled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  openWorkbench,
  pickQuickItem,
  quickInput,
  quickPickLabels,
  reloadWindow,
  runCommand,
  screenshot,
  treeItem,
  typeInQuickInput,
  until,
  view,
  type Workbench,
} from './harness/workbench';

let workbench: Workbench;
let fake: FakeAdmin;
let page: Page;
let repoHost: string;

before(async () => {
  // The user's own settings say US Cloud; the repository's say the local PostHog.
  workbench = await openWorkbench({
    name: 'trust-sign-in',
    settings: { 'posthogWorkbench.host': 'https://us.posthog.com' },
  });
  assert.ok(workbench.fake, 'the local PostHog did not start');
  fake = workbench.fake;
  page = workbench.page;
  repoHost = new URL(fake.url).host;
  fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workbench.workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'posthogWorkbench.host': fake.url }),
  );
  // As a repository that came with its settings: the window starts with them.
  await reloadWindow(page);
});

after(async () => {
  await workbench?.close();
});

/** Whether any request since the last clearRequests() carried the key. */
const keySent = async () => (await fake.requests()).some((r) => r.hadAuthorization);

test('a sign-in waiting on a slow project list ends with Cancel', async () => {
  try {
    await openActivityBarView(page, 'PostHog');
    await fake.addFault({ method: 'GET', path: '/api/projects/?$', kind: 'hang', times: 1 });
    await runCommand(page, 'PostHog: Sign In to PostHog');
    await pickQuickItem(page, 'Self-hosted or other URL…', { filter: false });
    await quickInput(page).getByText('your PostHog URL').waitFor();
    await typeInQuickInput(page, fake.url);
    await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
    await typeInQuickInput(page, fake.apiKey);
    const progress = page.locator('.notification-toast', { hasText: 'Checking your PostHog API key' });
    await progress.getByRole('button', { name: 'Cancel' }).click({ timeout: 20_000 });
    await progress.waitFor({ state: 'hidden', timeout: 10_000 });
    await quickInput(page).waitFor({ state: 'hidden' });
    assert.equal(await quickInput(page).getByText('(3/3)').isVisible(), false, 'no project picker after Cancel');
  } catch (error) {
    await screenshot(page, 'trust-sign-in-cancel-failure');
    throw error;
  } finally {
    await fake.clearFaults();
    await page.keyboard.press('Escape');
  }
});

test("a host from the workspace's settings is not preselected and gets no key until confirmed", async () => {
  try {
    await runCommand(page, 'PostHog: Sign In to PostHog');
    // The cancelled sign-in above went to the address the user typed; from here on, only the workspace's matters.
    await fake.clearRequests();
    const labels = await quickPickLabels(page);
    assert.equal(labels[0], 'US Cloud', `the first (preselected) row: ${labels.join(', ')}`);
    assert.ok(labels.indexOf(repoHost) > 0, `the workspace's host is offered, not first: ${labels.join(', ')}`);
    await quickInput(page).getByText("From this workspace's settings").waitFor();
    await screenshot(page, 'trust-sign-in-workspace-host');

    await pickQuickItem(page, repoHost, { filter: false });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /comes from this workspace's settings/);
    assert.equal(await keySent(), false, 'a request carried the key before the host was confirmed');
    await screenshot(page, 'trust-sign-in-confirm-host');
    await dialog.getByRole('button', { name: `Use ${repoHost}` }).click();

    // Leave the key prompt: signing in again asks no more, since that origin was confirmed once.
    await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
    await page.keyboard.press('Escape');
    await runCommand(page, 'PostHog: Sign In to PostHog');
    await pickQuickItem(page, repoHost, { filter: false });
    await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
    assert.equal(await dialog.isVisible(), false);
    await typeInQuickInput(page, fake.apiKey);
    await quickInput(page).getByText('(3/3)').waitFor();
    await pickQuickItem(page, 'Default project');
    const functions = await view(page, 'Hog Functions');
    await treeItem(functions, 'Destinations').click({ timeout: 20_000 });
    await treeItem(functions, 'Slack: new paying customer').waitFor({ timeout: 20_000 });
    await until(keySent, 'the confirmed host to be used');
  } catch (error) {
    await screenshot(page, 'trust-sign-in-failure');
    throw error;
  }
});
