// A person browses groups in the real workbench the way they browse files: a click on a group in the tree shows it
// in the preview panel (heading in italics), the next click replaces it in the same tab, a double click keeps it
// open, and a staged edit keeps it open too, so the next group gets a tab of its own and the edit is still there.
// Keep Open's keybinding (Ctrl+K Enter, as for editors) pins a preview from inside the panel.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  openActivityBarView,
  useWorkbench,
  screenshot,
  signInFromWelcome,
  treeItem,
  view,
  webviewFrame,
  type Workbench,
} from './harness/workbench';

let workbench: Workbench;
let page: Page;

useWorkbench(
  { name: 'group-panel-preview', settings: { 'workbench.colorTheme': 'Default Dark Modern' }, needsFake: false },
  (opened) => {
    workbench = opened;
    page = opened.page;
  },
);

/** The editor tabs' labels, left to right. */
async function tabs(): Promise<string[]> {
  return page.locator('.part.editor .tabs-container .tab .label-name').allInnerTexts();
}

/** The heading of the visible panel, once it names `name`: its text and whether it is in italics. */
async function heading(name: string): Promise<{ preview: boolean; italic: boolean }> {
  const title = webviewFrame(page).locator('h1.title', { hasText: name });
  await title.waitFor({ timeout: 30_000 });
  return title.evaluate((e) => ({
    preview: e.classList.contains('preview'),
    italic: getComputedStyle(e).fontStyle === 'italic',
  }));
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: tabs ${JSON.stringify(await tabs())}`);
    await page.waitForTimeout(100);
  }
}

test('groups clicked in the tree share one preview panel until a double click or an edit keeps one open', async () => {
  try {
    await browse();
  } catch (error) {
    await screenshot(page, 'group-panel-preview-failure');
    throw error;
  }
});

async function browse(): Promise<void> {
  const fake = workbench.fake;
  assert.ok(fake, 'the local PostHog is running');
  await openActivityBarView(page, 'PostHog');
  const groups = await view(page, 'Groups');
  await signInFromWelcome(page, groups, fake.url, fake.apiKey);
  await treeItem(groups, 'Organizations').click();
  const rows = groups.locator('.monaco-list-row[role="treeitem"][aria-level="2"]');
  await rows.nth(4).waitFor({ timeout: 20_000 });
  const names = await Promise.all([0, 1, 2, 3, 4].map((i) => rows.nth(i).locator('.label-name').innerText()));
  const row = (i: number): Locator => treeItem(groups, names[i]!);

  // A click: the group shows in a preview, its heading in italics.
  await row(0).click();
  assert.deepEqual(await heading(names[0]!), { preview: true, italic: true });
  await until(async () => (await tabs()).length === 1, 'one tab');

  // The next click replaces it, in the same tab.
  await row(1).click();
  assert.deepEqual(await heading(names[1]!), { preview: true, italic: true });
  await until(
    async () => (await tabs()).length === 1 && (await tabs())[0]!.startsWith(names[1]!),
    `one tab, titled ${names[1]}`,
  );
  await page.mouse.move(1300, 850);
  await screenshot(page, 'group-panel-preview');

  // A double click keeps it open: the next group gets a tab of its own.
  await row(1).dblclick();
  assert.deepEqual(await heading(names[1]!), { preview: false, italic: false });
  await row(2).click();
  assert.deepEqual(await heading(names[2]!), { preview: true, italic: true });
  await until(async () => (await tabs()).length === 2, 'two tabs');

  // Staging an edit keeps the preview open, and the next group never replaces the edit.
  const frame = webviewFrame(page);
  const plan = frame
    .locator('table.properties tbody tr')
    .filter({ has: frame.locator('th.key', { hasText: /^plan$/ }) });
  await plan.getByRole('button', { name: 'Edit plan', exact: true }).click();
  const input = plan.getByRole('textbox', { name: 'Value of plan' });
  await input.fill('edited in a preview');
  await input.press('Enter');
  await plan.locator('.badge').waitFor();
  assert.deepEqual(await heading(names[2]!), { preview: false, italic: false });
  await row(3).click();
  assert.deepEqual(await heading(names[3]!), { preview: true, italic: true });
  await until(async () => (await tabs()).length === 3, 'three tabs');
  await page.locator('.part.editor .tabs-container .tab', { hasText: names[2]! }).click();
  await webviewFrame(page).locator('table.properties tbody tr .badge').first().waitFor();

  // Keep Open's keybinding, pressed inside the preview panel (which took the place of the last one).
  await row(4).click();
  assert.deepEqual(await heading(names[4]!), { preview: true, italic: true });
  await until(
    async () => (await tabs()).length === 3 && !(await tabs()).some((t) => t.startsWith(names[3]!)),
    `three tabs, ${names[4]} in place of ${names[3]}`,
  );
  await webviewFrame(page).locator('h1.title').click();
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Enter');
  // The panel hears of the pin through a message from the extension: wait for the heading to change, not one read.
  await until(async () => (await heading(names[4]!)).preview === false, `${names[4]} kept open`);
  await row(0).click();
  await until(async () => (await tabs()).length === 4, 'four tabs');
}
