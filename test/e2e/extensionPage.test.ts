// A person looks the extension up in VS Code's Extensions view: its page leads with what it does and how to start,
// and its screenshots show (not their alt text). The README's images are absolute addresses in the repository
// (raw.githubusercontent.com), which this machine cannot reach: the test answers them with the committed files, as
// GitHub serves them, and fails on any other image address the page asks for.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, useWorkbench, webviewFrame } from './harness/workbench';

const root = path.resolve(__dirname, '../..');
const repository = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string } }
).repository.url.replace(/\.git$/, '');
const raw = `${repository.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/HEAD/`;

let page: Page;
const served: string[] = [];

useWorkbench({ name: 'extension-page', needsFake: false }, async (workbench) => {
  page = workbench.page;
  await page.context().route(`${raw}**`, async (route) => {
    const file = path.join(root, new URL(route.request().url()).pathname.split('/HEAD/')[1] ?? '');
    served.push(path.relative(root, file));
    if (!file.startsWith(path.join(root, 'docs', 'images')) || !fs.existsSync(file))
      return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'image/png', body: fs.readFileSync(file) });
  });
});

test("the extension's page leads with what it does and getting started, and its images load", async () => {
  // The Extensions view (Ctrl+Shift+X), searched for the installed extension as a person would.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+Shift+X');
  const search = page.locator('.extensions-viewlet .suggest-input-container');
  await search.waitFor({ timeout: 30_000 });
  await search.click();
  await page.keyboard.type('@installed PostHog');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'PostHog Workbench' }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator('.extension-editor .header .name', { hasText: 'PostHog Workbench' }).waitFor({ timeout: 30_000 });

  const readme = webviewFrame(page);
  await readme.locator('h1', { hasText: 'PostHog Workbench' }).waitFor({ timeout: 30_000 });
  const images = readme.locator('img');
  assert.ok((await images.count()) >= 3, 'the page shows screenshots');
  const loaded = async () =>
    images.evaluateAll((all) =>
      all.map((img) => ({
        src: (img as HTMLImageElement).src,
        ok: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      })),
    );
  const deadline = Date.now() + 20_000;
  let states = await loaded();
  while (states.some((s) => !s.ok) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    states = await loaded();
  }
  await page.mouse.move(0, 0);
  await screenshot(page, 'extension-page');
  assert.deepEqual(
    states.filter((s) => !s.ok).map((s) => s.src),
    [],
    'images that did not load (alt text shown instead)',
  );
  assert.ok(served.length >= 3, `the page fetched its images from the repository (${served.join(', ')})`);

  // The first screen: what it does, then Getting started (before any contributor instructions).
  const headings = await readme.locator('h2').allInnerTexts();
  assert.deepEqual(headings.slice(0, 2), ['Getting started', 'What it does']);

  // Nothing before "What it does" is cut off: no code block there wider than the page.
  const overflowing = await readme.locator('pre').evaluateAll((blocks) => {
    const whatItDoes = [...document.querySelectorAll('h2')].find((h) => h.textContent === 'What it does');
    const before = blocks.filter(
      (b) => whatItDoes && b.compareDocumentPosition(whatItDoes) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    return before.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent?.slice(0, 60));
  });
  assert.deepEqual(overflowing, [], 'code blocks on the first screen that are cut off');
});
