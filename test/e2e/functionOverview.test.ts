// A person looks at a degraded destination in the real workbench: opens its overview from the tree row's inline
// button, reads its health, moves through the runs chart with the keyboard, reads the same numbers in the table
// screen readers get (checked against the local PostHog), switches the range, filters the logs to errors, and sees
// a destination PostHog disabled. Screenshots in a dark and a light theme.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import { metricLabel, seriesRole } from '../../src/shared/hogFunctionMetrics';
import {
  openActivityBarView,
  useWorkbench,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  typeInQuickInput,
  until,
  view,
  webviewFrame,
} from './harness/workbench';

const DEGRADED = 'HubSpot: sync organizations';
const DISABLED_BY_POSTHOG = 'Zendesk: ticket on failed payment';

let fake: FakeAdmin;
let page: Page;

useWorkbench({ name: 'function-overview', settings: { 'workbench.colorTheme': 'Default Dark Modern' } }, (opened) => {
  fake = opened.fake;
  page = opened.page;
});

interface Metrics {
  labels: string[];
  series: { name: string; values: number[] }[];
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${fake.url}/api/projects/${fake.projectId}/${path}`, {
    headers: { authorization: `Bearer ${fake.apiKey}` },
  });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

async function functionId(name: string): Promise<string> {
  const list = await api<{ results: { id: string; name: string }[] }>(
    `hog_functions/?search=${encodeURIComponent(name)}`,
  );
  const id = list.results.find((f) => f.name === name)?.id;
  assert.ok(id, `${name} is not seeded`);
  return id;
}

/** The accessible table as numbers: one row per bucket, a column per series (by its header), and the row totals. */
async function readTable(frame: FrameLocator): Promise<{ caption: string; headers: string[]; rows: number[][] }> {
  const table = frame.locator('table.metrics-table');
  const caption = await table.locator('caption').innerText();
  const headers = await table.locator('thead th').allInnerTexts();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('td')).map((td) => Number((td.textContent ?? '').replace(/[^\d]/g, ''))),
      ),
    );
  return { caption, headers, rows };
}

/** The local PostHog's metrics in the table's column order (headers are PostHog's names in words). */
function expectedRows(metrics: Metrics, headers: string[]): number[][] {
  const byLabel = new Map(
    metrics.series.map((s) => [s.name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), s.values]),
  );
  const columns = headers.slice(1, -1).map((h) => byLabel.get(h));
  assert.ok(columns.every(Boolean), `table headers ${headers.join(', ')} vs series ${[...byLabel.keys()].join(', ')}`);
  assert.equal(columns.length, metrics.series.length, 'every series has a column');
  // The last column adds up run outcomes only (PostHog's success and failure kinds), not counters like `triggered`.
  const runs = headers
    .slice(1, -1)
    .map((h) => seriesRole(metrics.series.find((s) => metricLabel(s.name) === h)!.name) !== 'counter');
  return metrics.labels.map((_, i) => {
    const values = columns.map((c) => c![i] ?? 0);
    return [...values, values.reduce((a, b, j) => a + (runs[j] ? b : 0), 0)];
  });
}

/**
 * The table against the local PostHog, asked the same question. When an hour began between the panel's request and
 * ours, the buckets differ: Refresh the panel and compare once more.
 */
async function assertTableMatches(frame: FrameLocator, query: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const table = await readTable(frame);
    const metrics = await api<Metrics>(`hog_functions/${await functionId(DEGRADED)}/metrics/?${query}`);
    try {
      assert.equal(table.rows.length, metrics.labels.length, 'one table row per time bucket');
      assert.deepEqual(table.rows, expectedRows(metrics, table.headers));
      return;
    } catch (error) {
      if (attempt > 0) throw error;
      const updated = await frame.locator('.updated').innerText();
      await frame.getByRole('button', { name: 'Refresh', exact: true }).click();
      await until(async () => (await frame.locator('.updated').innerText()) !== updated, 'the refreshed metrics');
    }
  }
}

async function setTheme(label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await typeInQuickInput(page, label);
  await page.mouse.move(0, 0);
}

async function openOverview(name: string): Promise<FrameLocator> {
  const functions = await view(page, 'Hog Functions');
  const row = treeItem(functions, name);
  await row.hover();
  await row.locator('.actions .action-label[aria-label="Show Hog Function Overview"]').click();
  const frame = webviewFrame(page);
  await frame.locator('h1.title', { hasText: name }).waitFor({ timeout: 30_000 });
  return frame;
}

test('the overview of a degraded destination: health, chart, table, range, logs, in dark and light', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, functions, fake.url, fake.apiKey);
  await treeItem(functions, 'Destinations').click();

  const frame = await openOverview(DEGRADED);
  await page.locator('.tabs-container .tab', { hasText: `${DEGRADED} · Overview` }).waitFor();
  await frame.locator('.health-badge', { hasText: 'Degraded' }).waitFor();
  assert.match(await frame.locator('.health-meaning').innerText(), /slower lane/);
  assert.match(await frame.locator('.health-advice').innerText(), /logs/);
  for (const label of ['Open Source', 'Test', 'Disable', 'Show Logs'])
    await frame.getByRole('button', { name: label, exact: true }).waitFor();

  // The chart: bars in the local PostHog's series, a legend with totals, and the failure summary.
  await frame.locator('svg.chart-svg rect.bar').first().waitFor({ timeout: 20_000 });
  assert.ok((await frame.locator('svg.chart-svg rect.bar[data-series="failed"]').count()) > 0, 'failed runs are drawn');
  // Counters that are not runs (triggered, billable invocations) are lines over the bars, never stacked with them.
  assert.equal(await frame.locator('svg.chart-svg polyline.line[data-series="triggered"]').count(), 1);
  assert.equal(await frame.locator('svg.chart-svg rect.bar[data-series="triggered"]').count(), 0);
  const legend = await frame.locator('.legend-item .legend-label').allInnerTexts();
  assert.deepEqual(legend.slice(0, 2), ['Succeeded', 'Failed']);
  assert.match(await frame.locator('.summary').innerText(), /^Last 24 hours: [\d,]+ of [\d,]+ runs failed \(\d/);

  // The table alternative is in the page for screen readers (visually hidden), with a caption and header cells.
  const table = frame.locator('table.metrics-table');
  assert.equal(await frame.locator('.table-wrap').evaluate((e) => e.classList.contains('visually-hidden')), true);
  assert.equal(await table.locator('caption').innerText(), 'Runs per hour, last 24 hours');
  assert.equal(await table.locator('thead th[scope="col"]').first().innerText(), 'Time');
  assert.equal(await table.locator('tbody th[scope="row"]').count(), 25);
  await assertTableMatches(frame, 'after=-24h&interval=hour&breakdown_by=name');
  assert.equal(await frame.locator('.plot').getAttribute('role'), 'img');
  assert.match(
    (await frame.locator('.plot').getAttribute('aria-label')) ?? '',
    /^Stacked bar chart of runs per hour, last 24 hours, with other counts as lines\./,
  );

  // Keyboard: the chart takes focus, the arrow keys move between hours, the tooltip and the live region follow.
  await frame.locator('.plot').focus();
  await page.keyboard.press('ArrowLeft');
  const tooltip = frame.locator('.tooltip');
  await tooltip.waitFor();
  const newest = await frame.locator('tbody th[scope="row"]').last().innerText();
  await page.keyboard.press('ArrowRight');
  assert.equal(await tooltip.locator('.tip-title').innerText(), newest);
  assert.match(
    await frame.locator('.chart [aria-live="polite"]').innerText(),
    new RegExp(`^${newest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+ in all\\.( Also counted: .+ triggered.+\\.)?$`),
  );
  await screenshot(page, 'function-overview-dark');

  await frame.getByRole('button', { name: 'Show as table' }).click();
  assert.equal(await frame.locator('.table-wrap').evaluate((e) => e.classList.contains('visually-hidden')), false);
  await frame.locator('.table-wrap').scrollIntoViewIfNeeded();
  await screenshot(page, 'function-overview-table-dark');
  await frame.getByRole('button', { name: 'Hide table' }).click();

  // Another range: one bar per day.
  await frame.getByRole('button', { name: '7 days', exact: true }).click();
  await until(
    async () => (await table.locator('caption').innerText()) === 'Runs per day, last 7 days',
    'the 7-day table',
  );
  assert.equal(await table.locator('tbody tr').count(), 8);
  await assertTableMatches(frame, 'after=-7d&interval=day&breakdown_by=name');

  // Logs: only errors, coloured as errors.
  await frame.getByRole('button', { name: 'ERROR', exact: true }).click();
  await until(async () => {
    const levels = await frame.locator('.logs-table tbody .level').allInnerTexts();
    return levels.length > 0 && levels.every((l) => l === 'ERROR');
  }, 'only ERROR log entries');
  assert.equal(await frame.getByRole('button', { name: 'ERROR', exact: true }).getAttribute('aria-pressed'), 'true');

  await setTheme('Light Modern');
  await frame.locator('.logs').scrollIntoViewIfNeeded();
  await screenshot(page, 'function-overview-logs-light');
  await frame.locator('.metrics').scrollIntoViewIfNeeded();
  await screenshot(page, 'function-overview-light');
});

test('a destination PostHog disabled says so and what to do, with the runs it skipped', async () => {
  const frame = await openOverview(DISABLED_BY_POSTHOG);
  await frame.locator('.health-badge', { hasText: 'Disabled by PostHog' }).waitFor();
  assert.match(await frame.locator('.health-advice').innerText(), /save a change/);
  await frame.locator('.legend-item', { hasText: 'Disabled permanently' }).waitFor({ timeout: 20_000 });
  assert.match(
    await frame.locator('.summary').innerText(),
    /events were not run because PostHog throttled, limited or disabled the function/,
  );
  await page.mouse.move(0, 0);
  await screenshot(page, 'function-overview-disabled-by-posthog-light');
});
