// A person tests hog functions in the real workbench on recent events: a transformation opens VS Code's diff editor
// (the event it was given ↔ the event it returns), a destination opens the requests it would send with its secret
// masked; both runs are listed in the Test Results view. Screenshots of both (the README shows the first).
import * as assert from 'node:assert/strict';
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
  view,
} from './harness/workbench';

let fake: FakeAdmin;
let page: Page;

useWorkbench({ name: 'test-run', settings: { 'posthogWorkbench.projectId': 1 } }, (opened) => {
  fake = opened.fake;
  page = opened.page;
});

/** Runs "Test Hog Function with Recent Events" on `name` and picks the newest event labelled `event`. */
async function testWithRecentEvent(name: string, event: string): Promise<void> {
  await runCommand(page, 'PostHog: Test Hog Function with Recent Events');
  await pickQuickItem(page, name);
  await quickPickItem(page, event).waitFor({ timeout: 20_000 });
  await quickPickItem(page, event).click();
  await quickInput(page).waitFor({ state: 'hidden' });
}

test('a transformation tested on a recent event opens the diff of the event it returns', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, functions, fake.url, fake.apiKey);
  await treeItem(functions, 'Transformations').waitFor({ timeout: 20_000 });

  // The seed's newest page view comes from an address GeoIP knows (MaxMind's test address in Linköping).
  await testWithRecentEvent('GeoIP enrichment', '$pageview by ada@example.com');
  const diff = page.locator('.monaco-diff-editor').first();
  await diff.waitFor({ timeout: 20_000 });
  await diff
    .locator('.editor.modified .view-line', { hasText: '"$geoip_city_name": "Linköping"' })
    .waitFor({ timeout: 20_000 });
  assert.equal(
    await diff.locator('.editor.original .view-line', { hasText: '$geoip_city_name' }).count(),
    0,
    'the input has no GeoIP properties',
  );
  await page
    .locator('.tabs-container .tab', { hasText: 'GeoIP enrichment: $pageview by ada@example.com (input ↔ returned)' })
    .waitFor();

  const results = await view(page, 'Test Results');
  await treeItem(results, 'GeoIP enrichment').waitFor();
  await results
    .locator('.monaco-list-row', { hasText: '2 changes: $geoip_city_name added, $geoip_country_code added' })
    .waitFor();
  await page.mouse.move(0, 0);
  await screenshot(page, 'test-run-transformation-diff');
});

test('a destination tested on a recent event lists the request it would send, its secret masked', async () => {
  await testWithRecentEvent('HubSpot: sync organizations', '$groupidentify by grace@example.com');
  const result = page
    .locator('.editor-group-container .monaco-editor', { has: page.locator('.view-line', { hasText: 'Requests (1)' }) })
    .first();
  await result.waitFor({ timeout: 20_000 });
  await result.locator('.view-line', { hasText: 'POST https://api.hubapi.com/crm/v3/objects/companies' }).waitFor();
  await result.locator('.view-line', { hasText: 'Authorization: Bearer ••••••' }).waitFor();
  const results = await view(page, 'Test Results');
  await treeItem(results, 'HubSpot: sync organizations').waitFor();
  assert.ok(!(await page.content()).includes('pat-na1-seed-hubspot-token'), 'the stored secret is on screen');
  await page.mouse.move(0, 0);
  await screenshot(page, 'test-run-destination-requests');
});

test('the Test Results view shows it is at work from the moment a function is chosen', async () => {
  const results = await view(page, 'Test Results');
  // One top-level row per run, newest first.
  const runs = results.locator('.monaco-list-row[role="treeitem"][aria-level="1"]');
  const before = await runs.count();
  const working = results.locator('.monaco-progress-container.active');
  // Each request takes a second: reading the function and its first sample come before the run has a row to show.
  await fake.setLatency(1_000);
  try {
    await runCommand(page, 'PostHog: Test Hog Function');
    await pickQuickItem(page, 'GeoIP enrichment');
    await working.waitFor({ timeout: 5_000 });
    assert.equal(await runs.count(), before, 'the progress bar is up before the run is listed');
    await runs.nth(before).waitFor({ timeout: 30_000 });
    await treeItem(results, 'GeoIP enrichment').waitFor();
    await working.waitFor({ state: 'hidden' });
  } finally {
    await fake.setLatency(0);
  }
});
