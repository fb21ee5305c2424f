// A person opens a repository they do not trust: VS Code's Restricted Mode. The repository's settings point
// posthogWorkbench.host at another server; the extension ignores it there (package.json `capabilities`), so
// signing in offers the user's own PostHog, never the repository's, and everything then works as usual.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  answerKeyAndProject,
  openActivityBarView,
  useWorkbench,
  quickPickLabels,
  pickQuickItem,
  screenshot,
  treeItem,
  view,
  type Workbench,
} from './harness/workbench';

const ELSEWHERE = 'https://posthog.elsewhere.example';

let workbench: Workbench;
let page: Page;

useWorkbench(
  {
    name: 'restricted-mode',
    workspaceTrust: true,
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' },
    files: { '.vscode/settings.json': JSON.stringify({ 'posthogWorkbench.host': ELSEWHERE }) },
    needsFake: false,
  },
  (opened) => {
    workbench = opened;
    page = opened.page;
  },
);

test('in Restricted Mode the workspace cannot choose the PostHog server, and the extension works', async () => {
  try {
    const fake = workbench.fake;
    assert.ok(fake, 'the local PostHog is running');
    await page.getByRole('button', { name: "No, I don't trust the authors" }).click({ timeout: 30_000 });
    await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 20_000 });

    await openActivityBarView(page, 'PostHog');
    const functions = await view(page, 'Hog Functions');
    await functions
      .locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' })
      .click({ timeout: 30_000 });
    const choices = await quickPickLabels(page);
    const own = new URL(fake.url).host;
    assert.equal(choices[0], own, `the user's own PostHog comes first: ${JSON.stringify(choices)}`);
    assert.ok(
      !choices.some((c) => c.includes('elsewhere')),
      `the repository's server is not offered: ${JSON.stringify(choices)}`,
    );
    await screenshot(page, 'restricted-mode-sign-in');

    await pickQuickItem(page, own, { filter: false });
    await answerKeyAndProject(page, fake.apiKey);
    await treeItem(functions, 'Destinations').click({ timeout: 20_000 });
    await treeItem(functions, 'Slack: new paying customer').waitFor({ timeout: 20_000 });
  } catch (error) {
    await screenshot(page, 'restricted-mode-failure');
    throw error;
  }
});
