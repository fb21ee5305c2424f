// `npm run bench`: measures the figures P1-P19 (each beside its floor where it has one, the write paths with their
// breakdown, the session figures early and late), then runs the extra figure scripts
// (bench/figures/*.mjs), prints the tables and writes bench/results.json. bench/README.md says how each is measured.
// Timings inside VS Code come from code-server's real extension host running bench/extensionHost/index.ts (one
// fresh host per page load); request counts from the local PostHog's request log; P7 runs in plain Node
// (bench/rateLimit.ts). The extension under test is the packaged .vsix, unpacked the way VS Code installs it.
// Environment: PHWB_BENCH_SAMPLES (default 5) repetitions per figure; PHWB_BENCH_FIGURES (e.g. "P5,P16") measures
// only those figures (P3 is always measured: the package is what the others run); PHWB_KEEP=1 keeps bench/.work/<pid>.
/* global requestAnimationFrame, Event */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as esbuild from 'esbuild';
import { launchChromium } from '../test/harness/browser.mjs';
import { ensureCodeServer, repoRoot, startCodeServer } from '../test/harness/codeServer.mjs';
import { startFake } from '../test/harness/fake.mjs';
import { extraScripts, runScript } from './extraFigures.mjs';
import {
  FLOOR_CONTAINER,
  FLOOR_ID,
  FLOOR_VIEW,
  budgets,
  breakdowns,
  formatBreakdowns,
  formatTable,
  misses,
  rowFromScript,
  summarize,
} from './summary.mjs';

const SAMPLES = Number(process.env.PHWB_BENCH_SAMPLES ?? 5);
const ONLY = process.env.PHWB_BENCH_FIGURES
  ? process.env.PHWB_BENCH_FIGURES.split(',')
      .map((f) => f.trim().toUpperCase())
      .filter(Boolean)
  : null;
const wanted = (...figures) => !ONLY || figures.some((f) => ONLY.includes(f));
const benchDir = path.join(repoRoot, 'bench');
const workRoot = path.join(benchDir, '.work');
const workDir = path.join(workRoot, String(process.pid));
const log = (message) => console.log(`[bench] ${message}`);

/** The machine's load, printed and stored next to the figures (they mean little without it on a shared machine). */
function load() {
  const [one, five, fifteen] = os.loadavg().map((v) => Number(v.toFixed(2)));
  return { at: new Date().toISOString(), loadAverage: { one, five, fifteen }, cpus: os.cpus().length };
}
const describeLoad = (l) =>
  `load average ${l.loadAverage.one} / ${l.loadAverage.five} / ${l.loadAverage.fifteen} (1/5/15 min) on ${l.cpus} cores`;

/** Work folders of runs that ended without cleaning up (killed): their process is gone. */
function removeStaleWork() {
  for (const name of fs.existsSync(workRoot) ? fs.readdirSync(workRoot) : []) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(workRoot, name), { recursive: true, force: true });
    }
  }
}

function sh(cmd, args, what) {
  const result = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', env: process.env });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** P1 (static half): activation events that would start the extension with every window. */
function eagerActivationEvents() {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return (manifest.activationEvents ?? []).filter((event) => event === '*' || event === 'onStartupFinished');
}

/** P3: builds the .vsix with `npm run package` and unpacks it as an installed extension into `extensionsDir`. */
function packageAndInstall(extensionsDir) {
  log('packaging (npm run package)');
  sh('npm', ['run', 'package'], 'npm run package');
  const vsix = path.join(repoRoot, 'posthog-workbench.vsix');
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const unpacked = path.join(workDir, 'vsix');
  sh('unzip', ['-q', '-o', vsix, '-d', unpacked], 'unzip the .vsix');
  // The run's own copy, for the figure scripts: another `npm run package` may replace the one in the clone meanwhile.
  const kept = path.join(workDir, 'posthog-workbench.vsix');
  fs.copyFileSync(vsix, kept);
  const target = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  fs.cpSync(path.join(unpacked, 'extension'), target, { recursive: true });
  // The bundle measured is the one inside the package, not dist/ (other builds may have replaced it since).
  return {
    target,
    vsix: kept,
    vsixBytes: fs.statSync(kept).size,
    bundleBytes: fs.statSync(path.join(target, 'dist/extension.js')).size,
    featuresBytes: fs.statSync(path.join(target, 'dist/features.js')).size,
  };
}

/**
 * The floor of P2: an extension whose activate() only returns, installed next to ours and activated the way ours is:
 * by opening its view (a view container of its own in the activity bar, `onView:` activation).
 */
function installFloor(extensionsDir) {
  const [publisher, name] = FLOOR_ID.split('.');
  const dir = path.join(extensionsDir, `${publisher}.${name}-0.0.1`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      publisher,
      version: '0.0.1',
      engines: { vscode: '^1.96.0' },
      main: './extension.js',
      activationEvents: [`onView:${FLOOR_VIEW}`],
      contributes: {
        viewsContainers: { activitybar: [{ id: FLOOR_CONTAINER, title: 'Bench Floor', icon: 'icon.svg' }] },
        views: { [FLOOR_CONTAINER]: [{ id: FLOOR_VIEW, name: 'Floor' }] },
      },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="8"/></svg>',
  );
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = function () {};\n');
}

/**
 * The development extension the payload names: VS Code runs `extensionTestsPath` only with one. It contributes
 * nothing, so ours and the floor both load as ordinary installed extensions.
 */
function writeHostExtension() {
  const dir = path.join(workDir, 'host-extension');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'bench-host',
      publisher: 'posthog-workbench-bench',
      version: '0.0.1',
      engines: { vscode: '^1.96.0' },
    }),
  );
  return dir;
}

async function bundleHostCode() {
  const outdir = path.join(workDir, 'bundle');
  await esbuild.build({
    entryPoints: [path.join(benchDir, 'extensionHost/index.ts')],
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index');
}

/** Reads the JSON lines appended to results.jsonl since the last call. */
function resultsReader(file) {
  let offset = 0;
  return () => {
    if (!fs.existsSync(file)) return [];
    const text = fs.readFileSync(file, 'utf8');
    const fresh = text.slice(offset);
    const end = fresh.lastIndexOf('\n') + 1;
    offset += end;
    return fresh
      .slice(0, end)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  };
}

/** P8 keystrokes: types filter queries into the open panel's filter box, timing each input event in the webview. */
async function timeFilterKeystrokes(page) {
  const frame = page.locator('iframe.webview.ready:visible').last().contentFrame().frameLocator('#active-frame');
  const input = frame.locator('input.filter');
  await input.waitFor({ timeout: 30_000 });
  return input.evaluate(async (element) => {
    const times = [];
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    for (const query of ['prop_1', 'value 9', 'true']) {
      for (const character of query) {
        await nextFrame();
        const t0 = performance.now();
        element.value += character;
        element.dispatchEvent(new Event('input', { bubbles: true }));
        // Style and layout of the filtered table are part of what a keystroke costs.
        void document.body.offsetHeight;
        times.push(performance.now() - t0);
      }
      element.value = '';
      element.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return times;
  });
}

/**
 * P11 time to chart: the overview's User Timing marks, as wall-clock times (the webview's time origin plus the
 * mark), against `t0`, the wall-clock time the extension host ran the command. Same machine, same clock.
 */
async function readOverviewMarks(page, t0) {
  const body = page
    .locator('iframe.webview.ready:visible')
    .last()
    .contentFrame()
    .frameLocator('#active-frame')
    .locator('body');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const marks = await body
      .evaluate(() => {
        const at = (name) => {
          const mark = performance.getEntriesByName(name)[0];
          return mark ? performance.timeOrigin + mark.startTime : null;
        };
        return {
          painted: at('overview:painted'),
          chart: at('overview:chart'),
          bars: document.querySelectorAll('svg.chart-svg rect.bar').length,
        };
      })
      .catch(() => null);
    if (marks?.chart) return { paintMs: marks.painted - t0, chartMs: marks.chart - t0, bars: marks.bars };
    if (Date.now() > deadline) throw new Error('the overview drew no chart within 60 s');
    await delay(50);
  }
}

/**
 * Opens the workbench once with `control` and collects its events until the host code says done.
 * `hostExtension` is the development extension the payload names.
 */
async function hostRun({ browser, codeServer, hostExtension, testsModule, control, workspace, timeoutMs }) {
  fs.writeFileSync(path.join(workDir, 'control.json'), JSON.stringify(control));
  const read = resultsReader(path.join(workDir, 'results.jsonl'));
  read();
  const remote = (file) => `vscode-remote://127.0.0.1:${codeServer.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(hostExtension)],
    ['extensionTestsPath', remote(testsModule)],
  ];
  // A new browser context: a new window, so a new extension host (closing the old one's page ends its host).
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const events = [];
  try {
    await page.goto(
      `${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const event of read()) {
        // A figure that fails ends this host's run; the figures measured so far are kept and reported.
        if (event.type === 'error') {
          log(`error in the extension host (${control.mode}): ${event.message}`);
          return [...events, { type: 'hostError', mode: control.mode, message: event.message }];
        }
        if (event.type === 'done') return events;
        if (event.type === 'await' && event.step.startsWith('p8keys-')) {
          const sample = Number(event.step.slice('p8keys-'.length));
          events.push({ type: 'p8keys', sample, times: await timeFilterKeystrokes(page) });
          fs.writeFileSync(path.join(workDir, `go-${event.step}`), '');
          continue;
        }
        if (event.type === 'await' && event.step.startsWith('p16chart-')) {
          const sample = Number(event.step.slice('p16chart-'.length));
          events.push({ type: 'p16chart', sample, ...(await readOverviewMarks(page, event.t0)) });
          fs.writeFileSync(path.join(workDir, `go-${event.step}`), '');
          continue;
        }
        events.push(event);
      }
      if (Date.now() > deadline) {
        const message = `the extension host did not finish ${control.mode} within ${timeoutMs / 1000} s`;
        log(message);
        return [...events, { type: 'hostError', mode: control.mode, message }];
      }
      await delay(100);
    }
  } finally {
    await context.close();
  }
}

function runRateLimit() {
  log('P7: 500 properties against the throttled local PostHog (plain Node)');
  const output = sh(
    process.execPath,
    ['--import', 'tsx', path.join(benchDir, 'rateLimit.ts'), String(Math.min(SAMPLES, 3))],
    'bench/rateLimit.ts',
  );
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function main() {
  const started = Date.now();
  removeStaleWork();
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const stops = [];
  const events = [];
  const scriptRows = [];
  const loadAtStart = load();
  log(describeLoad(loadAtStart));
  const meta = {
    date: new Date().toISOString(),
    samples: SAMPLES,
    node: process.versions.node,
    cpus: os.cpus().length,
    commit: git('rev-parse', '--short', 'HEAD'),
  };
  try {
    await ensureCodeServer();
    const extensionsDir = path.join(workDir, 'extensions');
    const { target: installed, vsix, ...sizes } = packageAndInstall(extensionsDir);
    events.push({ type: 'p3', ...sizes });
    installFloor(extensionsDir);
    const hostExtension = writeHostExtension();
    const testsModule = await bundleHostCode();
    const workspace = path.join(workDir, 'workspace');
    fs.mkdirSync(workspace);

    const fake = await startFake();
    stops.push(fake.stop);
    const codeServer = await startCodeServer({
      userDataDir: path.join(workDir, 'user-data'),
      extensionsDir,
      folder: workspace,
      logFile: path.join(workDir, 'code-server.log'),
      settings: { 'posthogWorkbench.host': fake.url },
      env: { PHWB_BENCH_DIR: workDir, ...fake.env },
    });
    stops.push(codeServer.stop);
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const common = { browser, codeServer, hostExtension, testsModule, workspace };

    for (let sample = 0; wanted('P1', 'P2') && sample < SAMPLES; sample++) {
      log(`P1/P2: fresh extension host ${sample + 1}/${SAMPLES}`);
      // Alternate which extension goes first, so neither always pays the host's first-activation costs.
      const control = { mode: 'activate', sample, floorFirst: sample % 2 === 0 };
      events.push(...(await hostRun({ ...common, control, timeoutMs: 120_000 })));
    }
    if (wanted('P4', 'P5', 'P6', 'P8', 'P9', 'P10', 'P11', 'P12', 'P13', 'P14', 'P15', 'P16', 'P17', 'P18', 'P19')) {
      log('P4-P6, P8-P17: one extension host against the local PostHog');
      // The same package files loaded as the development extension: VS Code then runs them in test mode, the only
      // mode in which activate() hands out the trees these figures drive (installed, it exports nothing).
      const figures = { mode: 'figures', repetitions: SAMPLES, only: ONLY };
      events.push(
        ...(await hostRun({ ...common, hostExtension: installed, control: figures, timeoutMs: 15 * 60_000 })),
      );
    }
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});

    if (wanted('P7')) events.push(...runRateLimit());

    // One at a time, after the rest: each has the machine to itself, as the figures above had.
    for (const script of extraScripts(path.join(benchDir, 'figures'), ONLY)) {
      log(`figure script bench/figures/${script.file}`);
      const scratch = path.join(workDir, 'figures', script.name);
      const env = {
        PHWB_BENCH_SAMPLES: String(SAMPLES),
        PHWB_BENCH_WORK: scratch,
        PHWB_BENCH_VSIX: vsix,
        PHWB_BENCH_EXTENSION: installed,
      };
      const { rows, error } = await runScript(script, {
        cwd: repoRoot,
        env,
        print: (line) => console.log(`[bench:${script.name}] ${line}`),
      });
      scriptRows.push(...rows);
      if (error) {
        log(`bench/figures/${script.file} failed (${error})`);
        events.push({ type: 'hostError', mode: script.file, message: error });
        scriptRows.push({
          type: 'row',
          id: script.name,
          figure: `bench/figures/${script.file} failed (${error})`,
          unit: 'count',
          values: [],
          budget: 'runs to the end',
          within: false,
          script: script.file,
        });
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }

  const figures = [
    ...summarize(events, { eagerActivationEvents: eagerActivationEvents() }).filter(
      (f) => wanted(f.id) || f.id === 'P3',
    ),
    ...scriptRows.map(rowFromScript),
  ];
  const parts = breakdowns(events);
  const loadAtEnd = load();
  console.log(`\n${formatTable(figures)}\n`);
  if (parts.length) console.log(`Where the time goes (medians, ms; bench/README.md):\n\n${formatBreakdowns(parts)}\n`);
  const missed = misses(figures);
  console.log(
    missed.length
      ? `Missed their budget:\n${missed.map((m) => `- ${m}`).join('\n')}\n`
      : 'Every figure measured is within its budget.\n',
  );
  const errors = events.filter((e) => e.type === 'hostError');
  for (const e of errors) console.log(`FAILED: ${e.mode}: ${e.message.split('\n')[0]}`);
  log(`at the start: ${describeLoad(loadAtStart)}; at the end: ${describeLoad(loadAtEnd)}`);
  const output = {
    ...meta,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    load: { start: loadAtStart, end: loadAtEnd },
    budgets,
    figures,
    breakdowns: parts,
    events,
  };
  fs.writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify(output, null, 2)}\n`);
  log(`wrote bench/results.json (${output.durationSeconds} s)`);
  if (process.env.PHWB_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
  // A figure that could not be measured fails the run; one that missed its budget is reported above.
  if (errors.length) process.exitCode = 1;
}

function git(...args) {
  const result = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

main().catch((error) => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
