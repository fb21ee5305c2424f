// A person writes Hog in the real workbench: types a call to a function that does not exist and sees PostHog's
// error squiggled and listed in the Problems panel (nothing saved), fixes it, then completes `event.` from the
// suggestion list. Screenshots of the squiggle, the Problems panel and the suggestions.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import { openActivityBarView, useWorkbench, runCommand, screenshot, signInFromWelcome, treeItem, until, view } from './harness/workbench';

const NAME = 'Webhook: billing service';
const FILE = 'Webhook - billing service.hog';
const ERROR = 'Hog function `lenght` is not implemented';

let fake: FakeAdmin;
let page: Page;

useWorkbench({ name: 'hog-language', settings: { 'posthogWorkbench.projectId': 1 } }, (opened) => {
  fake = opened.fake;
  page = opened.page;
});

test('type an error and see it squiggled and in Problems, then accept a completion of `event.`', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, functions, fake.url, fake.apiKey);
  await treeItem(functions, 'Destinations').click();
  await treeItem(functions, NAME).click();
  await page.locator('.tabs-container .tab', { hasText: FILE }).waitFor({ timeout: 20_000 });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'fetch' }).first().waitFor();

  // Typed as a person types it: the editor closes the brackets and quotes itself.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type("let size := lenght('abc", { delay: 30 });
  await page.keyboard.press('End');
  await editor.locator('.squiggly-error').first().waitFor({ timeout: 20_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'hog-language-squiggle');

  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const problems = page.locator('.markers-panel');
  const row = problems.locator('.monaco-list-row', { hasText: ERROR });
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.innerText(), /PostHog/, 'the source is PostHog');
  await screenshot(page, 'hog-language-problems');
  const tab = page.locator('.tabs-container .tab.dirty', { hasText: FILE });
  assert.equal(await tab.count(), 1, 'the edit is not saved');

  // Fix the typo: the error goes away without saving.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.type('length');
  await until(async () => (await problems.locator('.monaco-list-row', { hasText: ERROR }).count()) === 0, 'the error to clear', 20_000);

  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('print(event.', { delay: 30 });
  const suggestions = page.locator('.editor-widget.suggest-widget.visible');
  const properties = suggestions.locator('.monaco-list-row', { hasText: /^properties/ });
  await properties.first().waitFor({ timeout: 20_000 });
  await screenshot(page, 'hog-language-completion');
  await page.keyboard.type('prop');
  await until(async () => (await suggestions.locator('.monaco-list-row.focused', { hasText: 'properties' }).count()) === 1, 'properties to be the chosen suggestion');
  await page.keyboard.press('Enter');
  await editor.locator('.view-line', { hasText: 'print(event.properties)' }).waitFor({ timeout: 10_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'hog-language-accepted');
});
