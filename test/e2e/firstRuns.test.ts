// A new user's first test runs in the sandbox show what the function does: "Test Hog Function" on the Slack
// destination the walkthrough uses sends its request (its filters match the first sample: a recent event they
// match), and the first test of the GeoIP transformation shows the properties it adds (not "no changes"). Screenshots
// of a test result and of the tree (a row's tooltip) in the dark and the light theme.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  typeInQuickInput,
  until,
  useWorkbench,
  view,
} from './harness/workbench';

let fake: FakeAdmin;
let page: Page;

useWorkbench(
  { name: 'first-runs', settings: { 'posthogWorkbench.projectId': 1, 'workbench.colorTheme': 'Default Dark Modern' } },
  (workbench) => {
    fake = workbench.fake;
    page = workbench.page;
  },
);

async function screenshotOnFailure(name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await screenshot(page, name);
    throw error;
  }
}

/** Opens a function's source from the tree, then runs "Test Hog Function" on it (the active editor's function). */
async function testFromEditor(type: string, name: string, file: string): Promise<void> {
  const functions = await view(page, 'Hog Functions');
  const item = treeItem(functions, name);
  if (!(await item.isVisible())) await treeItem(functions, type).click();
  await item.click();
  const tab = page.locator('.tabs-container .tab', { hasText: file });
  await tab.waitFor({ timeout: 20_000 });
  await tab.click();
  await runCommand(page, 'PostHog: Test Hog Function');
}

test("the walkthrough's Slack destination sends its request on the first test run", () =>
  screenshotOnFailure('first-runs-destination-failure', async () => {
    await openActivityBarView(page, 'PostHog');
    const functions = await view(page, 'Hog Functions');
    await signInFromWelcome(page, functions, fake.url, fake.apiKey);
    await treeItem(functions, 'Destinations').click();
    // The tree says what each row means: a function PostHog has not rated yet says so (its tooltip: the tree's
    // extension-host test).
    const unrated = treeItem(functions, 'Legacy webhook (no type)');
    await unrated.waitFor({ timeout: 20_000 });
    assert.match(await unrated.innerText(), /not rated yet/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'tree-dark');
    await page.mouse.move(0, 0);
    await testFromEditor('Destinations', 'Slack: new paying customer', 'Slack - new paying customer');
    // PostHog's copy says so on its tab (a workspace file of the same function is `slack-new-paying-customer.hog`).
    const tab = page.locator('.tabs-container .tab', { hasText: 'Slack - new paying customer' });
    assert.match(await tab.innerText(), /PostHog · Default project · Slack - new paying customer\.hog/);
    const results = await view(page, 'Test Results');
    const run = results.locator('.monaco-list-row', { hasText: 'Slack: new paying customer' }).first();
    await run.waitFor({ timeout: 30_000 });
    await until(async () => /1 passed/.test(await run.innerText()), 'the run to pass', 20_000);
    const rows = (await results.locator('.monaco-list-row').allInnerTexts()).join(' | ');
    assert.doesNotMatch(rows, /skipped/, `the first run was skipped: ${rows}`);
    assert.match(rows, /subscription_started/, `the first sample is an event its filters match: ${rows}`);
    assert.match(rows, /1 request/, rows);
  }));

test('the first test of the GeoIP transformation shows the properties it adds', () =>
  screenshotOnFailure('first-runs-transformation-failure', async () => {
    await testFromEditor('Transformations', 'GeoIP enrichment', 'GeoIP enrichment.hog');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    await diff
      .locator('.editor.modified .view-line', { hasText: '$geoip_city_name' })
      .first()
      .waitFor({ timeout: 20_000 });
    const results = await view(page, 'Test Results');
    await results
      .locator('.monaco-list-row', { hasText: /\d+ changes?:.*\$geoip_city_name added/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.mouse.move(0, 0);
    await screenshot(page, 'test-result-dark');

    await runCommand(page, 'Preferences: Color Theme');
    await typeInQuickInput(page, 'Light Modern');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1000);
    await screenshot(page, 'test-result-light');
    const functions = await view(page, 'Hog Functions');
    await treeItem(functions, 'Legacy webhook (no type)').waitFor();
    await screenshot(page, 'tree-light');
  }));
