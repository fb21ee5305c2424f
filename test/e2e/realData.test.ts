// A person works with a project whose data is as messy as real ones: Sign In, run first thing after the
// window opens, offers the configured self-hosted PostHog as one step; a function without a type is listed with
// the destinations; a site destination opens as TypeScript, completes `inputs.` from its inputs_schema, is not
// auto-saved, and saves with Ctrl+S; a site app has no Test Hog Function in its menu; a row PostHog sends that the
// extension cannot read is one warning row with the reason in its tooltip. Screenshots of each.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  useWorkbench,
  pickQuickItem,
  quickInput,
  quickPickLabels,
  runCommand,
  screenshot,
  treeItem,
  typeInQuickInput,
  until,
  view,
} from './harness/workbench';

const SITE_DESTINATION = 'Intercom (site)';

let fake: FakeAdmin;
let page: Page;

useWorkbench({ name: 'real-data', settings: { 'posthogWorkbench.projectId': 1 } }, (opened) => {
  fake = opened.fake;
  page = opened.page;
});

async function storedHog(name: string): Promise<string> {
  const list = (await (
    await fetch(`${fake.url}/api/projects/${fake.projectId}/hog_functions/?limit=100`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    })
  ).json()) as { results: { id: string; name: string | null }[] };
  const id = list.results.find((f) => f.name === name)?.id;
  assert.ok(id, `${name} is not seeded`);
  return (await fake.hogFunction<{ hog: string }>(id))?.hog ?? '';
}

test('Sign In, as the first command after the window opens, offers the configured self-hosted PostHog', async () => {
  // The palette lists the extension's commands once VS Code has read its contributions (the PostHog icon shows).
  await page.locator('.part.activitybar .action-item a[aria-label^="PostHog"]').waitFor({ timeout: 60_000 });
  await runCommand(page, 'PostHog: Sign In to PostHog');
  const host = new URL(fake.url).host;
  const labels = await quickPickLabels(page);
  assert.equal(labels[0], host, `the first choice is the configured host: ${labels.join(', ')}`);
  await screenshot(page, 'real-data-sign-in-configured-host');
  await pickQuickItem(page, host, { filter: false });
  await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
  await typeInQuickInput(page, fake.apiKey);
  await quickInput(page).getByText('(3/3)').waitFor();
  await pickQuickItem(page, 'Default project');
  await page.locator('.part.statusbar').getByText('Default project').waitFor({ timeout: 20_000 });
});

test('a function without a type is listed with the destinations; an unnamed one reads "Unnamed function"', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await treeItem(functions, 'Destinations').click();
  await treeItem(functions, 'Legacy webhook (no type)').waitFor({ timeout: 20_000 });
  await treeItem(functions, 'Unnamed function').waitFor();
  await treeItem(functions, 'Log transformations').waitFor();
  await page.mouse.move(1300, 850);
  await screenshot(page, 'real-data-null-type-listed');
  await treeItem(functions, 'Destinations').click();
});

test('a site app offers no Test Hog Function in its context menu', async () => {
  const functions = await view(page, 'Hog Functions');
  await treeItem(functions, 'Site apps').click();
  await treeItem(functions, 'Maintenance banner').click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.getByText('Open Hog Function Source').waitFor();
  const items = await menu.locator('.action-label').allInnerTexts();
  assert.ok(!items.some((i) => i.includes('Test Hog Function')), `menu: ${items.join(' | ')}`);
  assert.ok(!items.some((i) => i.includes('Sample Event')), `menu: ${items.join(' | ')}`);
  await screenshot(page, 'real-data-site-app-menu');
  await page.keyboard.press('Escape');
  await treeItem(functions, 'Site apps').click();
});

test('a site destination opens as TypeScript, completes inputs. from its schema, and saves with Ctrl+S only', async () => {
  const functions = await view(page, 'Hog Functions');
  await treeItem(functions, 'Site destinations').click();
  await treeItem(functions, SITE_DESTINATION).click();
  await page.locator('.tabs-container .tab', { hasText: `${SITE_DESTINATION}.ts` }).waitFor({ timeout: 20_000 });
  await page.locator('#status\\.editor\\.mode', { hasText: 'TypeScript' }).waitFor({ timeout: 20_000 });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const before = await storedHog(SITE_DESTINATION);

  // Inside onLoad, below its posthog.capture(...) call.
  await editor.locator('.view-line', { hasText: 'posthog.capture(' }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('inputs.');
  const suggestions = page.locator('.editor-widget.suggest-widget .monaco-list-row');
  // TypeScript's server starts with the first TypeScript document: a cold start takes a while on a busy machine.
  await suggestions
    .filter({ hasText: 'app_id' })
    .first()
    .waitFor({ timeout: 90_000 })
    .catch(async () => {
      // The widget may have been asked before the server was up: ask again, as a person would with Ctrl+Space.
      await page.keyboard.press('Control+Space');
      await suggestions.filter({ hasText: 'app_id' }).first().waitFor({ timeout: 30_000 });
    });
  await suggestions.filter({ hasText: 'region' }).first().waitFor();
  await screenshot(page, 'real-data-site-destination-completion');
  await page.keyboard.type('app');
  await page.keyboard.press('Enter');
  await page.keyboard.type(';');
  await page.locator('.tabs-container .tab.dirty', { hasText: `${SITE_DESTINATION}.ts` }).waitFor();
  // In the browser VS Code auto-saves after a second by default; site code opts out (every save deploys it).
  await page.waitForTimeout(2_500);
  assert.equal(await storedHog(SITE_DESTINATION), before, 'the edit was auto-saved to PostHog');

  await page.keyboard.press('Control+S');
  await until(
    async () => (await storedHog(SITE_DESTINATION)).split('\n').some((l) => l.trim() === 'inputs.app_id;'),
    'the saved site code on PostHog',
    15_000,
  );
  await page
    .locator('.tabs-container .tab.dirty', { hasText: `${SITE_DESTINATION}.ts` })
    .waitFor({ state: 'detached' });
  await page.mouse.move(0, 0);
  await screenshot(page, 'real-data-site-destination-saved');
});

test('a row PostHog sends that cannot be read is one warning row; the rest of the list loads', async () => {
  const functions = await view(page, 'Hog Functions');
  const list = (await (
    await fetch(`${fake.url}/api/projects/${fake.projectId}/hog_functions/?limit=100`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    })
  ).json()) as { results: Record<string, unknown>[] };
  const broken = { ...list.results[0], id: null, name: 'Broken <b>row</b>' };
  await fake.addFault({
    method: 'GET',
    path: '^/api/projects/\\d+/hog_functions/?$',
    kind: 'body',
    body: { ...list, results: [broken, ...list.results.slice(1)] },
    times: 1,
  });
  await runCommand(page, 'PostHog: Refresh');
  const warning = treeItem(functions, 'Unreadable hog function "Broken <b>row</b>"');
  await warning.waitFor({ timeout: 20_000 });
  await treeItem(functions, 'Destinations').waitFor();
  await warning.hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Field: "id"' });
  await hover.first().waitFor({ timeout: 10_000 });
  assert.match(await hover.first().innerText(), /PostHog's value: null/);
  await screenshot(page, 'real-data-unreadable-row');
});
