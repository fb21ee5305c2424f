// A person creates a hog function from a template and keeps it in the repository: New Hog Function… (type, a
// searched template, its required inputs with the secret in a password box, a name, created disabled), the source
// opens; then Export to Workspace writes posthog/hog-functions/<name>/ and the tree marks the function as in sync.
// The local PostHog's stored function and the files on disk are the judges; screenshots of each step.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  useWorkbench,
  pickQuickItem,
  quickInput,
  quickPickItem,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  typeInQuickInput,
  until,
  view,
  type Workbench,
} from './harness/workbench';

const NAME = 'Discord: new signups';
const SECRET = 'https://discord.com/api/webhooks/42/ui-test-secret-token';

let workbench: Workbench;
let fake: FakeAdmin;
let page: Page;

useWorkbench({ name: 'hog-as-code', settings: { 'posthogWorkbench.projectId': 1 } }, (opened) => {
  workbench = opened;
  fake = opened.fake;
  page = opened.page;
});

interface Stored {
  id: string;
  name: string;
  enabled: boolean;
  template: { id: string } | null;
  filters: { events?: { id: string }[] };
  inputs: Record<string, { value?: unknown }>;
  encrypted_inputs: Record<string, { value?: unknown }>;
}

async function created(): Promise<Stored | undefined> {
  const state = await fake.state<{ hogFunctions: Stored[] }>();
  return state.hogFunctions.find((f) => f.name === NAME);
}

test('create a hog function from a template, then export it to the workspace', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, functions, fake.url, fake.apiKey);
  await treeItem(functions, 'Destinations').waitFor({ timeout: 20_000 });

  await runCommand(page, 'PostHog: New Hog Function…');
  await pickQuickItem(page, 'Destination');
  // The template list is searchable by name, category and description; hidden and deprecated templates are not in it.
  await quickPickItem(page, 'HTTP Webhook').waitFor({ timeout: 20_000 });
  await typeInQuickInput(page, 'message to a', { submit: false });
  await quickPickItem(page, 'Discord').waitFor();
  await screenshot(page, 'hog-as-code-template-search');
  await quickPickItem(page, 'Discord').click();

  // One prompt per required input: the webhook URL is a secret, typed into a password box.
  await quickInput(page).getByText('Webhook URL').first().waitFor();
  const password = quickInput(page).locator('.quick-input-box input[type="password"]');
  await password.waitFor();
  await password.fill(SECRET);
  await screenshot(page, 'hog-as-code-secret-input');
  await password.press('Enter');
  await quickInput(page).getByText('Content').first().waitFor();
  await typeInQuickInput(page, '**{person.name}** signed up');
  // Which events trigger it (the template matches every event): only sign-ups.
  await quickInput(page).getByText('(3/5): which events trigger it').waitFor();
  await pickQuickItem(page, 'Only these events…', { filter: false });
  await typeInQuickInput(page, 'signed_up');
  await quickInput(page).getByText('(4/5): name').waitFor();
  await typeInQuickInput(page, NAME);
  await quickInput(page).getByText('(5/5)').waitFor();
  await pickQuickItem(page, 'Create disabled', { filter: false });

  // The source opens in an editor; PostHog has the function, disabled, with the inputs given.
  await page.locator('.tabs-container .tab', { hasText: 'Discord - new signups.hog' }).waitFor({ timeout: 20_000 });
  await until(async () => (await created()) !== undefined, 'the function in PostHog');
  const row = (await created()) as Stored;
  assert.equal(row.enabled, false);
  assert.equal(row.template?.id, 'template-discord');
  assert.equal(row.inputs.content?.value, '**{person.name}** signed up');
  assert.equal(row.encrypted_inputs.webhookUrl?.value, SECRET);
  assert.deepEqual(
    row.filters.events?.map((e) => e.id),
    ['signed_up'],
  );
  // The tree shows the new function, selected.
  await page.locator('.part.sidebar .monaco-list-row.selected', { hasText: NAME }).waitFor({ timeout: 20_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'hog-as-code-created');

  await runCommand(page, 'PostHog: Export to Workspace');
  await pickQuickItem(page, NAME);
  await page.locator('.tabs-container .tab', { hasText: 'discord-new-signups.hog' }).waitFor({ timeout: 20_000 });
  const folder = path.join(workbench.workspace, 'posthog', 'hog-functions', 'discord-new-signups');
  assert.deepEqual(fs.readdirSync(folder).sort(), ['discord-new-signups.hog', 'function.json']);
  const text = fs.readFileSync(path.join(folder, 'function.json'), 'utf8');
  const file = JSON.parse(text) as { ids: Record<string, string>; inputs: Record<string, unknown>; enabled: boolean };
  assert.deepEqual(file.ids, { [`${fake.url}/project/1`]: row.id });
  assert.deepEqual(file.inputs.webhookUrl, { secret: true });
  assert.equal(file.enabled, false);
  assert.ok(!text.includes(SECRET), 'the secret is not in function.json');

  // The Explorer shows the folder; the tree marks the function as linked and in sync.
  await runCommand(page, 'View: Show Explorer');
  const explorer = page.locator('.part.sidebar .explorer-folders-view');
  await explorer.waitFor();
  await treeItem(page, 'function.json').waitFor({ timeout: 20_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'hog-as-code-exported');

  await openActivityBarView(page, 'PostHog');
  const tree = await view(page, 'Hog Functions');
  const item = treeItem(tree, NAME);
  if (!(await item.isVisible())) await treeItem(tree, 'Destinations').click();
  await item.waitFor({ timeout: 20_000 });
  // VS Code draws decoration badges as CSS generated content, not as text of the row.
  const badges = () =>
    item.evaluate((row) =>
      [...row.querySelectorAll('*')].map((el) => getComputedStyle(el, '::after').content).join(' '),
    );
  await until(async () => (await badges()).includes('✓'), 'the in-sync badge on the tree item', 20_000);
  await page.mouse.move(0, 0);
  await screenshot(page, 'hog-as-code-tree-in-sync');
});
