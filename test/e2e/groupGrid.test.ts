// A person edits a group type in its grid in the real workbench: opens the Organizations grid, double-clicks a cell,
// types a new value, saves, then opens that row's group panel and sees the new value there; then stages another value,
// reloads the window, and finds the grid back with the value still staged, and saves it. The local PostHog's stored
// group is the judge.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  openWorkbench,
  pickQuickItem,
  reloadWindow,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  until,
  view,
  webviewFrame,
  type Workbench,
} from './harness/workbench';

const KEY = 'e2e:grid';

let workbench: Workbench;
let fake: FakeAdmin;
let page: Page;

before(async () => {
  workbench = await openWorkbench({ name: 'group-grid', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  assert.ok(workbench.fake, 'the local PostHog did not start');
  fake = workbench.fake;
  page = workbench.page;
  // The newest organization: the grid's first row.
  const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/groups/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      group_type_index: 0,
      group_key: KEY,
      group_properties: { name: 'E2E Grid Co', plan: 'free' },
    }),
  });
  assert.equal(response.status, 201);
});

after(async () => {
  await workbench?.close();
});

const storedPlan = async () =>
  (await fake.group<{ group_properties: Record<string, unknown> }>(0, KEY))?.group_properties.plan;

/** The row's `plan` cell, choosing the column first when the grid did not start with it. */
async function planCell(frame: FrameLocator, row: Locator): Promise<Locator> {
  const plan = row.locator('[data-property="plan"]');
  if (!(await plan.count())) {
    await frame.getByRole('button', { name: 'Columns' }).click();
    await frame
      .locator('label.choice', { hasText: /^plan$/ })
      .locator('input')
      .check();
  }
  return plan;
}

async function stagePlan(frame: FrameLocator, row: Locator, value: string): Promise<void> {
  await (await planCell(frame, row)).dblclick();
  const input = frame.getByRole('textbox', { name: `plan of ${KEY}` });
  await input.fill(value);
  await input.press('Enter');
  await row.locator('[data-property="plan"].staged').waitFor();
}

test('edit a cell in the grid, save, and see the new value in the group panel', async () => {
  try {
    await openActivityBarView(page, 'PostHog');
    const groups = await view(page, 'Groups');
    await signInFromWelcome(page, groups, fake.url, fake.apiKey);
    // Signed in once the tree shows the project's group types.
    await treeItem(groups, 'Organizations').waitFor({ timeout: 20_000 });
    await runCommand(page, 'PostHog: Open Group Grid');
    await pickQuickItem(page, 'Organizations');

    let frame = webviewFrame(page);
    const row = frame.locator(`.row[data-key="${KEY}"]`);
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await (await planCell(frame, row)).innerText(), 'free');
    // What a scroll frame does not write, there when asked for: the row's names for assistive technology, and the
    // tooltips once the pointer reaches a cell or the key.
    await row.getByRole('checkbox', { name: `Select ${KEY}` }).waitFor();
    const cell = await planCell(frame, row);
    await cell.hover();
    await until(async () => (await cell.getAttribute('title')) === 'free', "the plan cell's tooltip on hover");
    const open = row.getByRole('button', { name: `Open ${KEY}` });
    await open.hover();
    await until(async () => (await open.getAttribute('title')) === `Open ${KEY}`, "the key's tooltip on hover");
    await stagePlan(frame, row, 'grid-enterprise');
    await frame.getByRole('button', { name: 'Save', exact: true }).click();
    await frame.locator('.report li', { hasText: 'Saved 1 values.' }).waitFor();
    await until(async () => (await storedPlan()) === 'grid-enterprise', 'the new plan on PostHog');
    await screenshot(page, 'group-grid-saved-dark');

    await row.getByRole('button', { name: `Open ${KEY}` }).click();
    frame = webviewFrame(page);
    await frame.locator('h1.title', { hasText: 'E2E Grid Co' }).waitFor({ timeout: 20_000 });
    const value = frame
      .locator('table.properties tbody tr')
      .filter({ has: frame.locator('th.key', { hasText: /^plan$/ }) })
      .locator('td.value');
    await until(
      async () => (await value.innerText()).includes('grid-enterprise'),
      'the group panel to show the new plan',
    );
  } catch (error) {
    await screenshot(page, 'group-grid-failure');
    throw error;
  }
});

// Reloading the window (or VS Code restarting) brings the grid back through its serializer: the same group type of the
// same project, its columns, and a cell staged but not saved, which saves after the reload.
test('the grid survives a window reload with its staged cell, which saves after it', async () => {
  try {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'PostHog: Open Group Grid');
    await pickQuickItem(page, 'Organizations');
    let frame = webviewFrame(page);
    let row = frame.locator(`.row[data-key="${KEY}"]`);
    await row.waitFor({ timeout: 20_000 });
    await stagePlan(frame, row, 'after-reload');

    await reloadWindow(page);
    frame = webviewFrame(page);
    row = frame.locator(`.row[data-key="${KEY}"]`);
    await row.waitFor({ timeout: 30_000 });
    const plan = row.locator('[data-property="plan"].staged');
    await plan.waitFor();
    assert.equal(await plan.innerText(), 'after-reload');
    assert.equal(await storedPlan(), 'grid-enterprise', 'the staged cell was saved before Save');
    await screenshot(page, 'group-grid-after-reload');

    await frame.getByRole('button', { name: 'Save', exact: true }).click();
    await frame.locator('.report li', { hasText: 'Saved 1 values.' }).waitFor();
    await until(async () => (await storedPlan()) === 'after-reload', 'the staged plan on PostHog after the reload');
  } catch (error) {
    await screenshot(page, 'group-grid-reload-failure');
    throw error;
  }
});
