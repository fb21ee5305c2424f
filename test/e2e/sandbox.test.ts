// `npm start` as a person uses it: run the sandbox, open the URL it prints in Chromium, sign in with the key it
// prints, and see the local PostHog's hog functions and groups.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openActivityBarView, screenshot, signInFromWelcome, treeItem, view } from './harness/workbench';

const repoRoot = path.resolve(__dirname, '../..');
let sandbox: ChildProcess | undefined;
let browser: Browser | undefined;
const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-sandbox-'));

after(async () => {
  await browser?.close();
  if (sandbox?.pid) {
    sandbox.kill('SIGINT');
    await new Promise((resolve) => sandbox?.once('exit', resolve));
  }
  fs.rmSync(sandboxDir, { recursive: true, force: true });
});

/** Starts `npm start`'s script and resolves with what it printed once it says it is running. */
function startSandbox(): Promise<{ url: string; host: string; apiKey: string; output: string[] }> {
  const output: string[] = [];
  sandbox = spawn(process.execPath, ['test/harness/sandbox.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, PHWB_SANDBOX_DIR: sandboxDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start in 180 s:\n${output.join('')}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const text = output.join('');
      const url = /Open:\s+(\S+)/.exec(text)?.[1];
      const host = /Local PostHog:\s+(\S+)/.exec(text)?.[1];
      const apiKey = /Personal API key:\s+(\S+)/.exec(text)?.[1];
      if (url && host && apiKey && text.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({ url, host, apiKey, output });
      }
    };
    sandbox?.stdout?.on('data', onData);
    sandbox?.stderr?.on('data', onData);
    sandbox?.once('exit', (code) => reject(new Error(`sandbox exited with ${code}:\n${output.join('')}`)));
  });
}

test('npm start prints a URL and a key that show the local PostHog in VS Code', async () => {
  const { url, host, apiKey } = await startSandbox();
  const { launchChromium } = await import('../harness/browser.mjs');
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await openActivityBarView(page, 'PostHog');

  const hogFunctions = await view(page, 'Hog Functions');
  await signInFromWelcome(page, hogFunctions, host, apiKey);

  await treeItem(hogFunctions, 'Destinations').click();
  await treeItem(hogFunctions, 'Slack: new paying customer').waitFor({ timeout: 20_000 });
  const groups = await view(page, 'Groups');
  await treeItem(groups, 'Organizations').click();
  await groups.locator('.monaco-list-row[role="treeitem"][aria-level="2"]').first().waitFor({ timeout: 20_000 });
  await page.mouse.move(1300, 850);
  const file = await screenshot(page, 'sandbox-signed-in');
  assert.ok(fs.existsSync(file));
});
