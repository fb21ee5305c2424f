// A person keeps hog functions with fixtures in the repository (a copy of examples/hog-functions, plus one fixture
// whose expectation is wrong) and opens VS Code's Testing view: the Test Explorer lists each function folder and its
// fixtures; running one with the default profile (Run locally: offline, no sign-in) shows it passed, and running the
// wrong one shows it failed with the expectation's message. Screenshots of both.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openActivityBarView, runCommand, screenshot, useWorkbench } from './harness/workbench';

const examples = path.resolve(__dirname, '../../examples/hog-functions');

/** The example folders as workspace files under posthog/hog-functions/, as Export to Workspace lays them out. */
function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.join('posthog', 'hog-functions', path.relative(examples, full))] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(examples);
  return files;
}

// A team plan is paid: this fixture says "free", so its run fails at expect.event.properties.plan_tier.
const wrongFixture = {
  event: { event: '$pageview', distinct_id: 'ada-42', properties: { email: 'ada@example.com', plan: 'Team' } },
  expect: { event: { properties: { plan_tier: 'free' } } },
};

let page: Page;

useWorkbench(
  {
    name: 'test-explorer',
    needsFake: false,
    files: {
      ...exampleFiles(),
      'posthog/hog-functions/plan-tier/test-events/team-plan-is-free.json': JSON.stringify(wrongFixture, null, 2),
    },
  },
  (opened) => {
    page = opened.page;
  },
);

/**
 * A row of the Test Explorer by its label (VS Code writes the description after it in the same element: "hog function"
 * for a folder, the last run's duration).
 */
function testRow(label: string): Locator {
  return page
    .locator('.part.sidebar .test-explorer-tree .monaco-list-row')
    .filter({
      has: page.locator('.label', {
        hasText: new RegExp(`^\\s*${label}\\s*(hog function)?:?\\s*([\\d.]+\\s*m?s)?\\s*$`),
      }),
    })
    .first();
}

/** Runs one row with the default profile, as a person does: hover it and click its Run Test button. */
async function runRow(label: string): Promise<void> {
  const row = testRow(label);
  await row.hover();
  await row.locator('a.action-label[aria-label="Run Test"]').click();
}

/** The row's state icon (VS Code draws passed, failed, unset… as a codicon class). */
const stateOf = (label: string) => testRow(label).locator('.computed-state');

test('the Test Explorer lists the fixtures; a fixture run locally passes, a wrong one fails with its message', async () => {
  await openActivityBarView(page, 'Testing');
  // Each function folder is listed, with its fixtures under it (no sign-in: listing and local runs are offline).
  await testRow('plan-tier').waitFor({ timeout: 30_000 });
  await testRow('signup-webhook').waitFor();
  await testRow('plan-tier').locator('.monaco-tl-twistie').click();
  for (const fixture of ['internal-account-dropped', 'no-plan-is-free', 'team-plan-is-free', 'team-plan-is-paid'])
    await testRow(fixture).waitFor({ timeout: 10_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'test-explorer-listed');

  // The default profile (Run locally) runs the fixture; its expectation holds, so it passed.
  await runRow('team-plan-is-paid');
  await stateOf('team-plan-is-paid').and(page.locator('.codicon-testing-passed-icon')).waitFor({ timeout: 30_000 });
  assert.equal(await stateOf('team-plan-is-free').and(page.locator('.codicon-testing-unset-icon')).count(), 1);
  await page.mouse.move(0, 0);
  await screenshot(page, 'test-explorer-passed');

  // The wrong fixture fails; the Test Results panel says where the returned event differs.
  await runRow('team-plan-is-free');
  await stateOf('team-plan-is-free').and(page.locator('.codicon-testing-failed-icon')).waitFor({ timeout: 30_000 });
  await runCommand(page, 'Test: Show Output');
  // The results tree (beside the output) has a row per failed test, labelled with the message VS Code shows.
  const failure = page
    .locator('.part.panel .test-output-peek-tree .monaco-list-row[role="treeitem"]', { hasText: 'team-plan-is-free' })
    .filter({ hasText: 'The returned event differs at properties.plan_tier.' });
  await failure.locator('.codicon-testing-failed-icon').waitFor({ timeout: 20_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'test-explorer-failed');
});
