// Runs the extension-host suite (test/integration) inside code-server: bundles the tests, starts the local
// PostHog and code-server, opens the workbench in Chromium with the `payload` URL parameter that loads the
// extension from source and calls run() of the bundled test/integration/index.ts in the real extension host,
// then follows the results file that run() writes. The tests in test/integration/packaged/ run separately, against
// the extension installed the way users have it (VS Code then runs it in production mode, not as one under test).
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchChromium } from './browser.mjs';
import { ensureCodeServer, repoRoot, startCodeServer } from './codeServer.mjs';
import { buildExtension, installExtension } from './extension.mjs';
import { fakeAvailable, startFake } from './fake.mjs';

const integrationDir = path.join(repoRoot, 'test/integration');

/**
 * test/integration/**\/*.test.ts, optionally only those whose path contains one of `only`; those under
 * packaged/ when `packaged`, the others otherwise.
 */
export function integrationTestFiles(only = [], { packaged = false } = {}) {
  return fs
    .readdirSync(integrationDir, { recursive: true })
    .filter((file) => file.endsWith('.test.ts') && file.split(path.sep).includes('packaged') === packaged)
    .map((file) => path.join(integrationDir, file))
    .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
    .sort();
}

/** Bundles index.ts and the test files into `outdir` (CommonJS, `vscode` and `mocha` left to the host). */
export async function bundleIntegrationTests(outdir, only = [], { packaged = false } = {}) {
  const tests = integrationTestFiles(only, { packaged });
  if (tests.length === 0) throw new Error(`no extension-host test file matches ${only.join(', ')}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(integrationDir, 'index.ts'), ...tests],
    outbase: integrationDir,
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    external: ['vscode', 'mocha'],
    // Tests that start a second local PostHog inside the host bundle its ES modules (build/hogStdlib.mjs reads the
    // installed @posthog/hogvm through import.meta.url), which CommonJS output would leave empty.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  return path.join(outdir, 'index');
}

/**
 * Rewrites bundle locations (out/integration/.../x.test.js:L:C) in a stack trace to the .ts sources. The
 * extension host installs its own Error.prepareStackTrace, so Node's --enable-source-maps cannot do it there.
 */
export function sourceMapper(bundleDir) {
  const maps = new Map();
  const load = (file) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, undefined);
      }
    }
    return maps.get(file);
  };
  return (text) =>
    text.replace(
      /(?:file:\/\/)?([^\s()]*out\/integration\/[^\s()]+?\.js):(\d+):(\d+)/g,
      (match, file, line, column) => {
        const absolute = path.resolve(repoRoot, file);
        if (!absolute.startsWith(bundleDir)) return match;
        const entry = load(absolute)?.findEntry(Number(line) - 1, Number(column) - 1);
        if (!entry?.originalSource) return match;
        const source = entry.originalSource.startsWith('file:')
          ? fileURLToPath(entry.originalSource)
          : path.resolve(path.dirname(absolute), entry.originalSource);
        return `${path.relative(repoRoot, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      },
    );
}

const icon = { passed: '✔', failed: '✖', pending: '-' };

export function printTest(event, log, mapStack = (text) => text) {
  const duration = event.state === 'passed' ? ` (${event.durationMs} ms)` : '';
  log(`  ${icon[event.state]} ${event.title}${duration}`);
  if (event.error) {
    // VS Code's and Node's own frames say nothing about the failure; keep the test's and the extension's.
    const stack = mapStack(event.error.stack ?? event.error.message)
      .split('\n')
      .filter(
        (line) =>
          !/\.cache\/code-server\/|\(node:internal\/|^\s*at node:internal\/|^\s*at process\.processTicks/.test(line),
      )
      .slice(0, 12);
    for (const line of stack) log(`      ${line}`);
  }
}

/** Reads complete JSON lines appended to `file` since the last call. */
function lineReader(file) {
  let offset = 0;
  let partial = '';
  return () => {
    if (!fs.existsSync(file)) return [];
    const size = fs.statSync(file).size;
    if (size <= offset) return [];
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    offset = size;
    const lines = (partial + buffer.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    return lines.filter(Boolean).map((line) => JSON.parse(line));
  };
}

/**
 * Runs the suite once. Options: `grep` (mocha title filter), `only` (test file path fragments),
 * `extensionPath` (the extension under test, default the repo; the runner's self-test passes a broken one),
 * `packaged` (run test/integration/packaged/ against the build installed into code-server's extensions folder,
 * with an empty extension as the development extension VS Code needs to run tests),
 * `build` (run esbuild.mjs first), `startTimeoutMs` (until run() reports it started), `timeoutMs` (whole run),
 * `artifactsDir` (logs saved on failure; false for none), `label`.
 * Resolves with { passed, failed, pending, tests, failures } (failures: the failed tests' titles).
 * Failures of the run itself (never started, timed out, crashed) count as one failed test.
 */
export async function runIntegrationSuite({
  grep = process.env.PHWB_GREP,
  only = [],
  extensionPath = repoRoot,
  packaged = false,
  build = true,
  startTimeoutMs = Number(process.env.PHWB_START_TIMEOUT_MS ?? 90_000),
  timeoutMs = Number(process.env.PHWB_TIMEOUT_MS ?? 15 * 60_000),
  artifactsDir = path.join(repoRoot, 'test-results/integration'),
  label = 'extension host',
  log = console.log,
} = {}) {
  await ensureCodeServer();
  if (build) buildExtension();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-integration-'));
  // Under the repo so the bundles resolve `mocha` from its node_modules; one folder per run so parallel runs
  // (several developers' terminals on one checkout) never delete each other's bundles.
  const bundleDir = path.join(repoRoot, 'out/integration', path.basename(runDir));
  const resultsFile = path.join(runDir, 'results.jsonl');
  const codeServerLog = path.join(runDir, 'code-server.log');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  const mapStack = sourceMapper(bundleDir);
  const consoleLines = [];
  const tests = [];
  const counts = { passed: 0, failed: 0, pending: 0 };
  const stops = [];
  let page;

  const fail = (reason) => {
    counts.failed++;
    tests.push({ title: `${label}: ${reason.split('\n')[0]}`, state: 'failed' });
    log(`  ✖ ${label}: ${reason}`);
  };

  try {
    const testsModule = await bundleIntegrationTests(bundleDir, only, { packaged });
    const extensionsDir = path.join(runDir, 'extensions');
    if (packaged) installExtension(extensionsDir, extensionPath);
    const developmentExtension = packaged ? emptyExtension(runDir) : extensionPath;
    const fake = fakeAvailable() ? await startFake() : undefined;
    if (fake) stops.push(fake.stop);
    const codeServer = await startCodeServer({
      userDataDir: path.join(runDir, 'user-data'),
      extensionsDir,
      folder: workspace,
      logFile: codeServerLog,
      settings: {
        ...(fake ? { 'posthogWorkbench.host': fake.url } : {}),
        // VS Code 1.100's bracket-pair parser sometimes reads a Hog line's tokens against newer text when a test
        // replaces a whole document right after opening it ("Token length and text length do not match!" in the
        // console); it then allocates until the page runs out of memory (V8 OOM at 4 GB) and every later test waits
        // on a dead workbench. No test here reads bracket pairs, so the suite's workbench builds none.
        'editor.bracketPairColorization.enabled': false,
        'editor.guides.bracketPairs': false,
        'editor.guides.bracketPairsHorizontal': false,
        'editor.guides.highlightActiveBracketPair': false,
        'editor.matchBrackets': 'never',
      },
      env: {
        PHWB_RESULTS_FILE: resultsFile,
        ...(grep ? { PHWB_GREP: grep } : {}),
        ...(fake ? fake.env : {}),
      },
    });
    stops.push(codeServer.stop);

    const remote = (file) => `vscode-remote://127.0.0.1:${codeServer.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentExtension)],
      ['extensionTestsPath', remote(testsModule)],
    ];
    const url = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    const browser = await launchChromium();
    stops.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.stack ?? error.message}`));
    // A workbench page that crashed answers the extension host never again: every later test would wait on it.
    let crashedAt;
    page.on('crash', () => {
      crashedAt = Date.now();
      consoleLines.push(`[crash] the workbench page crashed at ${new Date(crashedAt).toISOString()}`);
    });
    await page.goto(url);

    const read = lineReader(resultsFile);
    // Quick input steps a test asks for (test/integration/support/quickInput.ts), one after another.
    let quickInputSteps = Promise.resolve();
    const started = Date.now();
    let begun = false;
    for (let done = false; !done;) {
      for (const event of read()) {
        if (event.type === 'start') {
          begun = true;
          log(`  ${label}: ${event.total} test(s) in ${event.files.length} file(s)`);
        } else if (event.type === 'test') {
          counts[event.state]++;
          tests.push(event);
          printTest(event, log, mapStack);
        } else if (event.type === 'error') {
          fail(`the suite could not run: ${mapStack(event.stack ?? event.message)}`);
          done = true;
        } else if (event.type === 'end') {
          done = true;
        } else if (event.type === 'quickInput') {
          const step = event;
          quickInputSteps = quickInputSteps
            .then(() => answerQuickInput(page, step))
            .catch((error) => {
              consoleLines.push(`[quick input] ${step.title}: ${error.message}`);
            });
        }
      }
      if (done) break;
      // Tests still running (they wait up to their own timeouts) report what they can for a while, then the run ends.
      if (crashedAt !== undefined && Date.now() - crashedAt > 5_000) {
        fail(
          `the workbench page crashed (${new Date(crashedAt).toISOString()}) while the suite ran; see ${artifactsDir}`,
        );
        break;
      }
      const elapsed = Date.now() - started;
      if (!begun && elapsed > startTimeoutMs) {
        fail(`the suite did not start within ${startTimeoutMs / 1000} s (see ${artifactsDir})`);
        break;
      }
      if (elapsed > timeoutMs) {
        fail(`the suite did not finish within ${timeoutMs / 1000} s (see ${artifactsDir})`);
        break;
      }
      await delay(250);
    }
  } catch (error) {
    fail(error.stack ?? String(error));
  } finally {
    if (counts.failed > 0 && artifactsDir)
      await saveArtifacts({ artifactsDir, runDir, codeServerLog, consoleLines, page, log });
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (process.env.PHWB_KEEP !== '1') {
      fs.rmSync(bundleDir, { recursive: true, force: true });
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  }
  return { ...counts, tests, failures: tests.filter((test) => test.state === 'failed').map((test) => test.title) };
}

/**
 * Answers VS Code's quick input the way a person does, for a test in the extension host (which cannot type into it):
 * waits until the open quick input shows `title`, types `fill` (replacing its text) and presses `press`.
 */
async function answerQuickInput(page, { title, fill, press }) {
  const widget = page.locator('.quick-input-widget');
  await widget.getByText(title).first().waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  if (fill !== undefined) await input.fill(fill);
  if (press) await input.press(press);
}

/** VS Code runs `extensionTestsPath` only together with a development extension: this one contributes nothing. */
function emptyExtension(runDir) {
  const dir = path.join(runDir, 'empty-extension');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'tests-host',
      publisher: 'posthog-workbench-tests',
      version: '0.0.1',
      engines: { vscode: '^1.96.0' },
    }),
  );
  return dir;
}

async function saveArtifacts({ artifactsDir, runDir, codeServerLog, consoleLines, page, log }) {
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  fs.writeFileSync(path.join(artifactsDir, 'browser-console.log'), consoleLines.join('\n'));
  if (fs.existsSync(codeServerLog)) fs.copyFileSync(codeServerLog, path.join(artifactsDir, 'code-server.log'));
  // VS Code's own logs, among them the extension host's (activation errors land there).
  const logs = path.join(runDir, 'user-data/logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifactsDir, 'vscode-logs'), { recursive: true });
  await page?.screenshot({ path: path.join(artifactsDir, 'workbench.png') }).catch(() => {});
  log(`  logs and a screenshot saved to ${path.relative(process.cwd(), artifactsDir) || artifactsDir}/`);
}
