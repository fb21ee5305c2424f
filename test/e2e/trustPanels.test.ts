// A person stages an edit in a group panel, then selects another project that has a group with the same key. The
// panel stays with its own project and says so, and Save writes the edit there: the other project is untouched.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  openWorkbench,
  pickQuickItem,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  until,
  view,
  webviewFrame,
  type Workbench,
} from './harness/workbench';

const KEY = 'e2e:two-projects';
const NAME = 'Two Projects Co';

let workbench: Workbench;
let fake: FakeAdmin;
let page: Page;

async function createIn(projectId: number, plan: string): Promise<void> {
  const response = await fetch(`${fake.url}/api/projects/${projectId}/groups/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ group_type_index: 0, group_key: KEY, group_properties: { name: NAME, plan } }),
  });
  assert.equal(response.status, 201);
}

async function planIn(projectId: number): Promise<unknown> {
  const query = new URLSearchParams({ group_type_index: '0', group_key: KEY });
  const response = await fetch(`${fake.url}/api/projects/${projectId}/groups/find/?${query}`, {
    headers: { authorization: `Bearer ${fake.apiKey}` },
  });
  return ((await response.json()) as { group_properties: Record<string, unknown> }).group_properties.plan;
}

before(async () => {
  workbench = await openWorkbench({ name: 'trust-panels' });
  assert.ok(workbench.fake, 'the local PostHog did not start');
  fake = workbench.fake;
  page = workbench.page;
  await createIn(1, 'free');
  await createIn(2, 'staging-plan');
});

after(async () => {
  await workbench?.close();
});

function row(scope: ReturnType<typeof webviewFrame>, key: string): Locator {
  return scope
    .locator('table.properties tbody tr')
    .filter({ has: scope.locator('th.key', { hasText: new RegExp(`^${key}$`) }) });
}

test('an edit staged in one project is saved there after another project is selected', async () => {
  try {
    await openActivityBarView(page, 'PostHog');
    const groups = await view(page, 'Groups');
    await signInFromWelcome(page, groups, fake.url, fake.apiKey);
    await treeItem(groups, 'Organizations').click();
    await treeItem(groups, NAME).dblclick();

    const frame = webviewFrame(page);
    await frame.locator('h1.title', { hasText: NAME }).waitFor({ timeout: 20_000 });
    const plan = row(frame, 'plan');
    await plan.getByRole('button', { name: 'Edit plan', exact: true }).click();
    await plan.getByRole('textbox', { name: 'Value of plan' }).fill('staged-in-default');
    await plan.getByRole('textbox', { name: 'Value of plan' }).press('Enter');
    await plan.locator('.badge').waitFor();

    await runCommand(page, 'PostHog: Select Project');
    await pickQuickItem(page, 'Staging');
    await page.locator('.part.statusbar').getByText('Staging').waitFor({ timeout: 20_000 });

    // The panel says whose group it shows and where Save goes; its staged edit is still there.
    const note = frame.locator('.project-note');
    await note.waitFor({ timeout: 20_000 });
    assert.match(await note.innerText(), /Default project.*not the selected project "Staging"/s);
    await plan.locator('.badge').waitFor();
    await screenshot(page, 'trust-panel-other-project');

    await frame.getByRole('button', { name: 'Save', exact: true }).click();
    await until(
      async () => (await planIn(1)) === 'staged-in-default',
      'the edit saved in the project it was staged in',
    );
    assert.equal(await planIn(2), 'staging-plan', 'the selected project kept its value');
  } catch (error) {
    await screenshot(page, 'trust-panels-failure');
    throw error;
  }
});
