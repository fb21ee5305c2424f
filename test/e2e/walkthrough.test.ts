// A person who just installed the extension follows its getting-started walkthrough in the real workbench: every
// step starts unchecked, and each checks itself off when they have done what it says (signed in with the host
// choice, a project picked, a hog function opened, test-run, a group opened), not when a link is clicked. The
// steps' images are SVGs in the workbench's own colours: they are read in a dark and a light theme, and differ.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  answerSignIn,
  openActivityBarView,
  useWorkbench,
  runCommand,
  screenshot,
  treeItem,
  typeInQuickInput,
  view,
  webviewFrame,
  type Workbench,
} from './harness/workbench';

const STEPS = ['signIn', 'selectProject', 'openHogFunction', 'testHogFunction', 'openGroup'];

let workbench: Workbench;
let page: Page;

useWorkbench(
  { name: 'walkthrough', settings: { 'workbench.colorTheme': 'Default Dark Modern' }, needsFake: false },
  (opened) => {
    workbench = opened;
    page = opened.page;
  },
);

const walkthrough = () => page.locator('.gettingStartedContainer');
const step = (id: string) => walkthrough().locator(`button.getting-started-step[data-step-id$="${id}"]`);

/**
 * Which steps the walkthrough shows as done, after bringing it forward: its tab, or, when the next editor replaced
 * it (it opens as a preview), the command again. A click on the tab also takes the focus out of a panel's webview.
 */
async function checked(): Promise<string[]> {
  const tab = page.locator('.part.editor .tabs-container .tab', { hasText: 'Walkthrough:' });
  if (!(await step(STEPS[0]!).isVisible())) {
    if (await tab.count()) await tab.click();
    else await runCommand(page, 'PostHog: Get Started with PostHog Workbench');
  }
  await step(STEPS[0]!).waitFor({ timeout: 20_000 });
  const done: string[] = [];
  for (const id of STEPS) if ((await step(id).getAttribute('aria-checked')) === 'true') done.push(id);
  return done;
}

async function until(expected: string[], what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await checked();
    if (expected.every((id) => last.includes(id))) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: checked ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}

/** The fill the selected step's image paints its frame with, as the workbench's theme resolves it. */
async function imageBackground(): Promise<string> {
  const frame = webviewFrame(page).locator('svg > rect').first();
  await frame.waitFor({ timeout: 20_000 });
  return frame.evaluate((e) => getComputedStyle(e).fill);
}

test('the walkthrough checks off each step when it is done, with images in the theme', async () => {
  try {
    await follow();
  } catch (error) {
    await screenshot(page, 'walkthrough-failure');
    throw error;
  }
});

async function follow(): Promise<void> {
  const fake = workbench.fake;
  assert.ok(fake, 'the local PostHog is running');
  // The signed-out Hog Functions view links the walkthrough.
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await functions.locator('.welcome-view-content a', { hasText: 'Get started' }).click({ timeout: 30_000 });
  // The link opens the walkthrough a moment later: checked() must not take that moment for a closed walkthrough and
  // run the command, whose quick pick the opening walkthrough would then close under it.
  await step(STEPS[0]!).waitFor({ timeout: 30_000 });
  assert.deepEqual(await checked(), [], 'nothing is done yet');
  const dark = await imageBackground();
  await page.mouse.move(0, 0);
  await screenshot(page, 'walkthrough-dark');

  // Sign in from the step's own button: the host choice, the key, the project.
  await walkthrough().getByRole('button', { name: 'Sign In', exact: true }).click();
  await answerSignIn(page, fake.url, fake.apiKey);
  await until(['signIn', 'selectProject'], 'signing in checks off the first two steps');
  assert.equal((await checked()).length, 2, 'and only those');

  // The same image in a light theme.
  await runCommand(page, 'Preferences: Color Theme');
  await typeInQuickInput(page, 'Light Modern');
  await checked();
  // The new theme reaches the image's webview a moment after the quick pick closes: wait for it (up to 10 s).
  let light = await imageBackground();
  for (const until = Date.now() + 10_000; light === dark && Date.now() < until; light = await imageBackground()) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.notEqual(light, dark, `the step images follow the theme (dark ${dark}, light ${light})`);
  await page.mouse.move(0, 0);
  await screenshot(page, 'walkthrough-light');

  await treeItem(functions, 'Destinations').click();
  await treeItem(functions, 'Slack: new paying customer').click();
  await page
    .locator('.part.editor .tabs-container .tab', { hasText: 'Slack - new paying customer' })
    .waitFor({ timeout: 20_000 });
  await until(['openHogFunction'], 'opening a hog function checks off its step');
  assert.ok(!(await checked()).includes('testHogFunction'));

  await page.locator('.part.editor .tabs-container .tab', { hasText: 'Slack - new paying customer' }).click();
  await runCommand(page, 'PostHog: Test Hog Function');
  // As the step's picture shows: the run succeeds (its first sample is an event its filters match). Its result opens
  // beside the code before the walkthrough is looked at again.
  await page
    .locator('.monaco-editor .view-line', { hasText: 'on the sample event: success' })
    .first()
    .waitFor({ timeout: 30_000 });
  await until(['testHogFunction'], 'a test run checks off its step');

  const groups = await view(page, 'Groups');
  await treeItem(groups, 'Organizations').click();
  const firstGroup = groups.locator('.monaco-list-row[role="treeitem"][aria-level="2"]').first();
  await firstGroup.click({ timeout: 20_000 });
  await webviewFrame(page).locator('h1.title').waitFor({ timeout: 30_000 });
  await until(STEPS, 'opening a group checks off the last step');

  await step('openGroup').click();
  await page.mouse.move(0, 0);
  await screenshot(page, 'walkthrough-done');
}
