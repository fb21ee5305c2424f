// The group panel's webview bundle alone in Chromium, fed the host's messages: a group with thousands of
// properties paints its first screenful at once and the rest in later slices, in key order, and the filter
// and staged edits hold for rows created after them. (The panel inside VS Code is covered by groupPanel.test.ts.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';

const dist = path.resolve(__dirname, '../../dist/webview');
let server: http.Server;
let browser: Browser;
let page: Page;

/** The webview as VS Code hosts it, minus VS Code: acquireVsCodeApi records what the panel posts. */
const html = `<!doctype html><html><head><link rel="stylesheet" href="groupPanel.css"></head><body><div id="app"></div>
<script>
window.posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });
</script><script src="groupPanel.js"></script></body></html>`;

const COUNT = 2000;
const key = (i: number) => `prop_${String(i).padStart(4, '0')}`;

before(async () => {
  const { buildExtension } = await import('../harness/extension.mjs');
  if (process.env.PHWB_E2E_BUILT !== '1') buildExtension();
  server = http.createServer((req, res) => {
    const file = req.url === '/' ? null : path.join(dist, path.basename(req.url ?? ''));
    if (!file) return res.end(html);
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { launchChromium } = await import('../harness/browser.mjs');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() =>
    (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'),
  );
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('thousands of properties: a first screenful at once, then every row in key order, filter applied to late rows', async () => {
  const properties: Record<string, unknown> = {};
  // Inserted out of order: the table sorts by key.
  for (let i = COUNT - 1; i >= 0; i--) properties[key(i)] = i % 2 ? `value ${i}` : i;
  const firstFrameRows = await page.evaluate(
    ({ properties }) =>
      new Promise<number>((resolve) => {
        window.postMessage(
          {
            type: 'init',
            groupTypeIndex: 0,
            groupKey: 'big',
            groupTypeName: 'Organization',
            group: { group_type_index: 0, group_key: 'big', group_properties: properties },
            activity: null,
            fresh: true,
          },
          '*',
        );
        // Registered after the panel's own frame callback: counts what the first painted frame holds.
        setTimeout(
          () => requestAnimationFrame(() => resolve(document.querySelectorAll('table.properties tbody tr').length)),
          0,
        );
      }),
    { properties },
  );
  assert.ok(firstFrameRows >= 50 && firstFrameRows < COUNT, `first frame held ${firstFrameRows} rows`);

  // Filter while the rest is still being created.
  await page.locator('input.filter').fill('prop_19');
  await page.waitForFunction((n) => document.querySelectorAll('table.properties tbody tr').length === n, COUNT);
  const keys = await page.locator('table.properties tbody th.key').allTextContents();
  assert.deepEqual(
    keys,
    Array.from({ length: COUNT }, (_, i) => key(i)),
  );
  const shown = await page.locator('table.properties tbody tr:not([hidden]) th.key').allTextContents();
  assert.deepEqual(
    shown,
    Array.from({ length: 100 }, (_, i) => key(1900 + i)),
  );
  assert.equal(await page.locator('.count').textContent(), `100 of ${COUNT}`);
});
