// A demanding user edits a group with the keyboard and the type control: choosing a type never rewrites what is typed
// (a conversion happens only when asked for), the type control keeps the focus when changed with the arrow keys, and
// every edit (deletes included) is staged, shown by a dirty tab, saved with Ctrl+S, and "Discard all" can be undone.
// The local PostHog's stored group is the judge.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  screenshot,
  signInFromWelcome,
  treeItem,
  until,
  useWorkbench,
  view,
  webviewFrame,
} from './harness/workbench';

const KEY = 'e2e:edits';
const NAME = 'E2E Edits Co';
const INITIAL = { name: NAME, plan: 'free', seats: 5, obsolete: 'remove me' };

let fake: FakeAdmin;
let page: Page;
let frame: FrameLocator;

useWorkbench(
  { name: 'group-edits', settings: { 'workbench.colorTheme': 'Default Dark Modern' } },
  async (workbench) => {
    fake = workbench.fake;
    page = workbench.page;
    const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/groups/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ group_type_index: 0, group_key: KEY, group_properties: INITIAL }),
    });
    assert.equal(response.status, 201);
  },
);

function row(key: string): Locator {
  return frame
    .locator('table.properties tbody tr')
    .filter({ has: frame.locator('th.key', { hasText: new RegExp(`^${key}$`) }) });
}

async function stored(): Promise<Record<string, unknown>> {
  const group = await fake.group<{ group_properties: Record<string, unknown> }>(0, KEY);
  assert.ok(group, 'the group is gone from the local PostHog');
  return group.group_properties;
}

/** The aria-label of the element that has the keyboard focus inside the panel ('' for the page body). */
async function focused(): Promise<string> {
  return frame.locator(':root').evaluate(() => {
    const active = document.activeElement;
    return active && active !== document.body ? (active.getAttribute('aria-label') ?? active.tagName) : '';
  });
}

async function screenshotOnFailure(name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await screenshot(page, name);
    throw error;
  }
}

test('choosing a type never rewrites the value being typed', () =>
  screenshotOnFailure('group-edits-types-failure', async () => {
    await openActivityBarView(page, 'PostHog');
    const groups = await view(page, 'Groups');
    await signInFromWelcome(page, groups, fake.url, fake.apiKey);
    await treeItem(groups, 'Organizations').click();
    await treeItem(groups, NAME).dblclick();
    frame = webviewFrame(page);
    await frame.locator('h1.title', { hasText: NAME }).waitFor({ timeout: 20_000 });

    const name = frame.getByRole('combobox', { name: 'New property name' });
    const type = frame.getByRole('combobox', { name: 'New property type' });
    const value = () => frame.locator('form.add').getByRole('combobox', { name: 'New property value' });
    // Number first, then the value: the box holds exactly what was typed.
    await name.fill('employees');
    await type.selectOption('number');
    await value().click();
    await page.keyboard.type('42');
    assert.equal(await value().inputValue(), '42');
    await frame.locator('form.add').getByRole('button', { name: 'Stage' }).click();
    await row('employees').locator('.badge', { hasText: 'new' }).waitFor();
    assert.match(await row('employees').locator('td.type').innerText(), /Number/);

    // String -> JSON -> String leaves "abc" as typed; JSON says why it does not parse and offers the conversion.
    await name.fill('motto');
    await type.selectOption('string');
    await value().fill('abc');
    await type.selectOption('json');
    const json = frame.locator('form.add').getByRole('textbox', { name: 'New property value' });
    assert.equal(await json.inputValue(), 'abc');
    await frame.locator('form.add .inline-error', { hasText: 'Not valid JSON' }).waitFor();
    await type.selectOption('string');
    assert.equal(await value().inputValue(), 'abc');
    await type.selectOption('json');
    await frame.locator('form.add').getByRole('button', { name: 'Convert to JSON' }).click();
    assert.equal(await json.inputValue(), '"abc"');
  }));

test('the type control keeps the keyboard focus when changed with the arrow keys', () =>
  screenshotOnFailure('group-edits-focus-failure', async () => {
    const type = frame.getByRole('combobox', { name: 'New property type' });
    await frame.getByRole('combobox', { name: 'New property name' }).fill('floor');
    await type.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await type.inputValue(), 'number');
    assert.equal(await focused(), 'New property type', 'focus left the type control');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'New property value', 'Tab after the type control goes to the value');
    await page.keyboard.type('3');
    assert.equal(
      await frame.getByRole('combobox', { name: 'New property name' }).inputValue(),
      'floor',
      'the typed value went into the name',
    );

    // The same in a property's own editor.
    await row('seats').getByRole('button', { name: 'Edit seats', exact: true }).click();
    const seatsType = row('seats').getByRole('combobox', { name: 'Type of seats' });
    await seatsType.focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Type of seats', "focus left the editor's type control");
    assert.equal(
      await row('seats').getByRole('textbox', { name: 'Value of seats' }).inputValue(),
      '5',
      'the value was rewritten',
    );
    await row('seats').getByRole('button', { name: 'Cancel' }).click();
  }));

test('deletes are staged like any edit; the tab shows unsaved work; Ctrl+S saves; Discard all can be undone', () =>
  screenshotOnFailure('group-edits-model-failure', async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: NAME });
    // Staged so far: employees, and the started add form; stage a delete too.
    await row('obsolete').getByRole('button', { name: 'Delete obsolete' }).click();
    await row('obsolete').locator('.badge', { hasText: 'deleted' }).waitFor();
    await page.waitForTimeout(500);
    assert.equal((await stored()).obsolete, 'remove me', 'the delete was sent before Save');
    assert.equal(
      await frame.getByRole('button', { name: 'Undo' }).count(),
      0,
      'an Undo banner for a delete that was not sent',
    );
    await until(async () => /●/.test(await tab.innerText()), 'the tab to show unsaved work');
    await page.mouse.move(0, 0);
    await screenshot(page, 'group-edits-staged-dark');

    // Ctrl+S in the panel saves what is staged.
    await frame.locator('table.properties').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+s');
    await until(async () => {
      const now = await stored();
      return now.employees === 42 && !Object.hasOwn(now, 'obsolete');
    }, 'Ctrl+S to save the staged edit and delete');
    await frame.locator('.report .saved').waitFor();
    await until(async () => !/●/.test(await tab.innerText()), 'the unsaved-work marker to go');

    // Discard all, then Undo brings the staged edits back.
    await row('plan').getByRole('button', { name: 'Edit plan', exact: true }).click();
    await row('plan').getByRole('textbox', { name: 'Value of plan' }).fill('pro');
    await row('plan').getByRole('textbox', { name: 'Value of plan' }).press('Enter');
    await row('plan').locator('.badge', { hasText: 'changed' }).waitFor();
    await frame.getByRole('button', { name: 'Discard all' }).click();
    await row('plan').locator('.badge').waitFor({ state: 'detached' });
    await frame.getByRole('button', { name: 'Undo' }).click();
    await row('plan').locator('.badge', { hasText: 'changed' }).waitFor();
    assert.equal((await stored()).plan, 'free');
  }));
