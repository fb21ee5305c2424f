// A person debugs a hog function in the real workbench: opens its source from the Hog Functions tree, clicks the
// gutter to set a breakpoint, starts "Debug Hog Function", sees the editor stop on the line, finds `event` in the
// Variables view, steps over to the next statement, continues to the paused fetch, answers it from the question the
// extension asks, and the session ends. Screenshots for the README.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { FakeAdmin } from '../integration/support/fake';
import {
  openActivityBarView,
  openWorkbench,
  pickQuickItem,
  quickInput,
  runCommand,
  screenshot,
  signInFromWelcome,
  treeItem,
  until,
  view,
  type Workbench,
} from './harness/workbench';

// `let properties := {...}` on line 2, `print(...)` on line 8, the fetch on line 10.
const NAME = 'HubSpot: sync organizations';
const FILE = 'HubSpot - sync organizations.hog';

let workbench: Workbench;
let fake: FakeAdmin;
let page: Page;

before(async () => {
  workbench = await openWorkbench({ name: 'debugger', settings: { 'posthogWorkbench.projectId': 1 } });
  assert.ok(workbench.fake, 'the local PostHog did not start');
  fake = workbench.fake;
  page = workbench.page;
});

after(async () => {
  await workbench?.close();
});

/** The line the debugger stopped on: the line number beside the editor's stack frame arrow. */
async function stoppedLine(editor: Locator): Promise<number | undefined> {
  // VS Code draws the glyphs in the glyph margin (its widgets, or the margin's overlays in older versions).
  // On a line with a breakpoint the arrow is drawn over it (codicon-debug-breakpoint-stackframe).
  const arrow = editor
    .locator(
      '.codicon-debug-stackframe, .codicon-debug-breakpoint-stackframe, .view-overlays .debug-top-stack-frame-line',
    )
    .first();
  if (!(await arrow.count())) return undefined;
  const at = await arrow.boundingBox();
  if (!at) return undefined;
  const numbers = editor.locator('.margin-view-overlays .line-numbers');
  for (let i = 0; i < (await numbers.count()); i++) {
    const box = await numbers.nth(i).boundingBox();
    if (box && Math.abs(box.y - at.y) < box.height / 2) return Number(await numbers.nth(i).textContent());
  }
  return undefined;
}

async function stopsOn(editor: Locator, line: number): Promise<void> {
  await until(async () => (await stoppedLine(editor)) === line, `the editor stopped on line ${line}`, 30_000);
}

test('set a breakpoint in the gutter, Debug Hog Function, see event, step over, continue to the fetch, answer it, session ends', async () => {
  await openActivityBarView(page, 'PostHog');
  const functions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, functions, fake.url, fake.apiKey);
  await treeItem(functions, 'Destinations').click();
  await treeItem(functions, NAME).click();
  await page.locator('.tabs-container .tab', { hasText: FILE }).waitFor({ timeout: 20_000 });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'let properties' }).first().waitFor();

  // The gutter left of line 2's number: VS Code's glyph margin, where a click toggles a breakpoint.
  const lineTwo = editor.locator('.margin-view-overlays .line-numbers', { hasText: /^2$/ }).first();
  type Box = { x: number; y: number; width: number; height: number };
  const boxes: { number?: Box | null; margin?: Box | null } = {};
  // The editor may still be laying out (a box is null until it is rendered).
  await until(
    async () => {
      boxes.number = await lineTwo.boundingBox().catch(() => null);
      boxes.margin = await editor
        .locator('.margin')
        .first()
        .boundingBox()
        .catch(() => null);
      return !!boxes.number && !!boxes.margin;
    },
    "line 2's number in the gutter",
    15_000,
  );
  const numberBox = boxes.number as Box;
  const marginBox = boxes.margin as Box;
  const x = Math.max(marginBox.x + 4, numberBox.x - 8);
  await page.mouse.move(x, numberBox.y + numberBox.height / 2);
  await page.mouse.click(x, numberBox.y + numberBox.height / 2);
  try {
    await editor.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
  } finally {
    await screenshot(page, 'debugger-gutter');
  }

  await runCommand(page, 'PostHog: Debug Hog Function');
  await stopsOn(editor, 2);

  // The Variables view (VS Code opens Run and Debug on a break): the globals, expanded, hold `event`.
  const variables = page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header[aria-label^="Variables"]') })
    .first();
  try {
    const globals = variables.locator('.monaco-list-row', { hasText: 'Globals' }).first();
    await globals.waitFor({ timeout: 15_000 });
    if ((await globals.getAttribute('aria-expanded')) !== 'true') await globals.click();
    // Each variable's row is labelled "<name>, value <value>".
    await variables.locator('.monaco-list-row[aria-label^="event, value"]').first().waitFor({ timeout: 10_000 });
  } catch (error) {
    await screenshot(page, 'debugger-variables-failed');
    throw error;
  }
  await page.mouse.move(0, 0);
  await screenshot(page, 'debugger-breakpoint');

  // Step over: the next statement is the print on line 8.
  await page.keyboard.press('F10');
  await stopsOn(editor, 8);

  // Continue: the fetch pauses before anything would be sent; continue again and answer it.
  await page.keyboard.press('F5');
  await stopsOn(editor, 10);
  await page
    .locator('.debug-call-stack, .pane', { hasText: /Paused on fetch/i })
    .first()
    .waitFor({ timeout: 10_000 });
  // What would be sent, not sent, in the Variables view.
  await variables.locator('.monaco-list-row', { hasText: 'fetch (not sent)' }).first().waitFor({ timeout: 10_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'debugger-fetch');
  await page.keyboard.press('F5');
  await quickInput(page)
    .getByText('Answer POST https://api.hubapi.com/crm/v3/objects/companies')
    .waitFor({ timeout: 15_000 });
  await pickQuickItem(page, '200 empty', { filter: false });

  // The session ends: the debug toolbar goes away.
  await until(
    async () =>
      (await page.locator('.debug-toolbar').count()) === 0 ||
      !(await page.locator('.debug-toolbar').first().isVisible()),
    'the debug session to end',
    20_000,
  );
  // Nothing was written to PostHog by the session.
  const writes = (await fake.apiRequests()).filter((r) => r.method !== 'GET' && !r.path.endsWith('/query/'));
  assert.deepEqual(
    writes.map((r) => `${r.method} ${r.path}`),
    [],
  );
});
