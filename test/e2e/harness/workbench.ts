// UI test harness: a real VS Code workbench (code-server) in Chromium with the built extension installed, and
// helpers named after what a person does in it. Selectors were read off the running workbench (VS Code 1.100).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { FakeAdmin } from '../../integration/support/fake';

// The shared harness is ES modules and this file runs as CommonJS under tsx: load them with import().
const harness = async () => ({
  ...(await import('../../harness/browser.mjs')),
  ...(await import('../../harness/codeServer.mjs')),
  ...(await import('../../harness/extension.mjs')),
  ...(await import('../../harness/fake.mjs')),
});

export const resultsDir = path.resolve(__dirname, '../../../test-results');
export const screenshotsDir = path.join(resultsDir, 'screenshots');

export interface Workbench {
  page: Page;
  browser: Browser;
  /** The local PostHog the extension points at (`posthogWorkbench.host`); undefined until test/fake-posthog exists. */
  fake: FakeAdmin | undefined;
  /** code-server's URL. */
  url: string;
  /** The folder open in the workbench. */
  workspace: string;
  close(): Promise<void>;
}

export interface OpenWorkbenchOptions {
  /** Names the folder under test-results/e2e/ that keeps this workbench's browser console and server log. */
  name?: string;
  seed?: 'realistic' | 'empty';
  /** Extra user settings (merged over the quiet test defaults and the local PostHog's host). */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace before it opens, e.g. { '.vscode/settings.json': '{...}' }. */
  files?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** VS Code asks whether the folder is trusted (Restricted Mode), as it does for users; off otherwise. */
  workspaceTrust?: boolean;
}

let built = process.env.PHWB_E2E_BUILT === '1';

/** A workbench whose local PostHog is there (the UI tests that talk to PostHog need one). */
export type WorkbenchWithFake = Workbench & { fake: FakeAdmin };

/**
 * The set-up every UI test file shares: one workbench for the file, opened (with its local PostHog) before its first
 * test and closed after its last. `opened` receives it, for the file's own variables, and does the file's own set-up:
 * node:test runs a file's `before` hooks side by side, so a second one could not count on the workbench being there.
 */
export function useWorkbench(
  options: OpenWorkbenchOptions & { needsFake?: true },
  opened: (workbench: WorkbenchWithFake) => void | Promise<void>,
): void;
export function useWorkbench(
  options: OpenWorkbenchOptions & { needsFake: false },
  opened: (workbench: Workbench) => void | Promise<void>,
): void;
export function useWorkbench(
  options: OpenWorkbenchOptions & { needsFake?: boolean },
  opened: (workbench: WorkbenchWithFake) => void | Promise<void>,
): void {
  let workbench: Workbench | undefined;
  before(async () => {
    const { needsFake = true, ...open } = options;
    workbench = await openWorkbench(open);
    if (needsFake) assert.ok(workbench.fake, 'the local PostHog did not start');
    await opened(workbench as WorkbenchWithFake);
  });
  after(async () => {
    await workbench?.close();
  });
}

/**
 * Starts the local PostHog, code-server with the built extension installed (copied into its extensions folder,
 * as a .vsix install would lay it out) and Chromium, and opens the workbench on an empty workspace.
 * Each call is a fresh browser profile, so the extension starts signed out.
 */
export async function openWorkbench(options: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const {
    buildExtension,
    ensureCodeServer,
    fakeAvailable,
    installExtension,
    launchChromium,
    startCodeServer,
    startFake,
  } = await harness();
  await ensureCodeServer();
  if (!built) {
    buildExtension();
    built = true;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  for (const [file, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), content);
  }
  const extensionsDir = path.join(runDir, 'extensions');
  installExtension(extensionsDir);
  const logFile = path.join(runDir, 'code-server.log');
  const consoleLines: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  const close = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (options.name) {
      const dir = path.join(resultsDir, 'e2e', options.name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'browser-console.log'), consoleLines.join('\n'));
      if (fs.existsSync(logFile)) fs.copyFileSync(logFile, path.join(dir, 'code-server.log'));
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const started = fakeAvailable() ? await startFake({ seed: options.seed ?? 'realistic' }) : undefined;
    if (started) stops.push(started.stop);
    const codeServer = await startCodeServer({
      userDataDir: path.join(runDir, 'user-data'),
      extensionsDir,
      folder: workspace,
      logFile,
      settings: { ...(started ? { 'posthogWorkbench.host': started.url } : {}), ...options.settings },
      env: started?.env ?? {},
      workspaceTrust: options.workspaceTrust ?? false,
    });
    stops.push(codeServer.stop);
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.stack ?? error.message}`));
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    const fake = started ? new FakeAdmin(started.url, started.apiKey, started.projectId) : undefined;
    return { page, browser, fake, url: codeServer.url, workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** The quick input (command palette, quick pick, input box) while it is open. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The quick pick row whose label is exactly `label`. */
export function quickPickItem(page: Page, label: string): Locator {
  return quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
    .first();
}

/** Labels of the rows the open quick pick shows. */
export async function quickPickLabels(page: Page): Promise<string[]> {
  await quickInput(page).waitFor({ state: 'visible' });
  return quickInput(page).locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
}

/** Types into the open quick input (replacing what is there); presses Enter unless `submit` is false. */
export async function typeInQuickInput(page: Page, text: string, { submit = true } = {}): Promise<void> {
  const input = quickInput(page).locator('.quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  if (submit) await input.press('Enter');
}

/** Chooses the row labelled `label` in the open quick pick, typing it first to filter long lists. */
export async function pickQuickItem(page: Page, label: string, { filter = true } = {}): Promise<void> {
  if (filter) await typeInQuickInput(page, label, { submit: false });
  await quickPickItem(page, label).click();
}

/**
 * Runs a command the way a person does: F1, type its title, choose the row with exactly that title
 * (Enter alone would take the first fuzzy match, e.g. "Show Hog Function Logs" for "Show Log").
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await typeInQuickInput(page, `>${title}`, { submit: false });
  await quickPickItem(page, title).click();
}

/**
 * Reloads the window as a person does in VS Code (Developer: Reload Window): the workbench shuts down first and
 * stores which editors and panels are open, then the page reloads. A browser reload (page.reload) can unload the
 * page before code-server has written that, and then nothing comes back, whatever the extension kept.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 60_000,
  });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
}

/** Opens a view container from the activity bar by its title (does not toggle it closed when already open). */
export async function openActivityBarView(page: Page, title: string): Promise<void> {
  const item = page
    .locator('.part.activitybar .action-item')
    .filter({ has: page.locator(`a[aria-label^="${title}"]`) });
  await item.waitFor();
  if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) {
    await item.click();
    // Away from the icon, so its hover tooltip does not cover the view in screenshots.
    await page.mouse.move(page.viewportSize()?.width ?? 800, page.viewportSize()?.height ?? 600);
  }
  await page
    .locator('.part.sidebar .composite.title')
    .filter({ hasText: exactText(title) })
    .waitFor();
}

/** A view (pane) in the side bar by its name, e.g. "Hog Functions"; expands it when collapsed. */
export async function view(page: Page, name: string): Promise<Locator> {
  const pane = page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator(`.pane-header[aria-label="${name} Section"]`) });
  await pane.waitFor();
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** A tree item whose label is exactly `label`, in the side bar or inside `scope` (e.g. one view). */
export function treeItem(scope: Page | Locator, label: string): Locator {
  const [root, page] = 'goto' in scope ? [scope.locator('.part.sidebar'), scope] : [scope, scope.page()];
  return root
    .locator('.monaco-list-row[role="treeitem"]')
    .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
    .first();
}

/**
 * The content of the visible webview (a panel's or a webview view's): VS Code puts it two iframes deep, the
 * outer webview host frame and its active inner frame.
 */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').last().contentFrame().frameLocator('#active-frame');
}

/** Polls `check` (e.g. the local PostHog's stored state) every 100 ms until it holds, or fails naming `what`. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Saves a PNG of the whole window to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Signs in from a view's welcome button, as a person who just installed the extension does: the self-hosted
 * host, the personal API key, then the project.
 */
export async function signInFromWelcome(
  page: Page,
  pane: Locator,
  host: string,
  apiKey: string,
  project = 'Default project',
): Promise<void> {
  // The PostHog view has one Sign in button, in Hog Functions; the other views show it only when that one is closed.
  const inPane = pane.locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' });
  const button =
    (await inPane.count()) > 0
      ? inPane
      : page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in to PostHog' });
  await button.first().click({ timeout: 30_000 });
  await answerSignIn(page, host, apiKey, project);
}

/** Answers the sign-in prompts once they show: the self-hosted host, the personal API key, then the project. */
export async function answerSignIn(
  page: Page,
  host: string,
  apiKey: string,
  project = 'Default project',
): Promise<void> {
  await pickQuickItem(page, 'Self-hosted or other URL…', { filter: false });
  await quickInput(page).getByText('your PostHog URL').waitFor();
  await typeInQuickInput(page, host);
  await answerKeyAndProject(page, apiKey, project);
}

/** The sign-in prompts after the host: the personal API key, then the project. */
export async function answerKeyAndProject(page: Page, apiKey: string, project = 'Default project'): Promise<void> {
  await quickInput(page).locator('.quick-input-box input[type="password"]').waitFor();
  await typeInQuickInput(page, apiKey);
  await quickInput(page).getByText('(3/3)').waitFor();
  await pickQuickItem(page, project);
}
