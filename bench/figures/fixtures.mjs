/* global fetch */
// Figures of tests as code (issue 25): 100 fixtures run locally.
//   T1  `node dist/cli.js test DIR` on 100 fixtures (a transformation's and a destination's, its 500 branch
//       included: examples/hog-functions copied), the whole process as CI runs it: <= 2 s
//   T1w the same 100 in one warm process (the toolchain loaded: what the Test Explorer's "Run locally" costs)
//   T2  `node dist/cli.js test DIR --remote` on the same 100 against the local PostHog enforcing PostHog's rate limits
//       (480/min, 4,800/h per key) with 30 ms of latency, after a push: the time next to T1's, and the 429s (must be 0).
//       PostHog cannot take scripted responses (docs/decisions/0028: such fixtures are skipped), so this copy of the
//       100 leaves them out with what only they make happen (the 500's print and error): 100 invocations per run.
// Alone: `npm run build && node bench/figures/fixtures.mjs` (PHWB_BENCH_SAMPLES, default 5). Under bench/run.mjs its
// JSON rows are picked up as they are.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFake } from '../../test/harness/fake.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SAMPLES = Number(process.env.PHWB_BENCH_SAMPLES ?? 5);
const work = process.env.PHWB_BENCH_WORK ?? fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-bench-fixtures-'));
const row = (r) => console.log(JSON.stringify({ type: 'row', ...r }));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cli = path.join(root, 'dist/cli.js');
if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');

// 100 fixtures: the examples' 5, copied until there are 100.
const dir = path.join(work, 'hog-functions');
fs.cpSync(path.join(root, 'examples/hog-functions'), dir, { recursive: true });
const originals = fs
  .readdirSync(dir)
  .flatMap((f) => fs.readdirSync(path.join(dir, f, 'test-events')).map((t) => path.join(dir, f, 'test-events', t)));
for (let i = 0; originals.length + i < 100; i++) {
  const from = originals[i % originals.length];
  fs.copyFileSync(from, from.replace(/\.json$/, `-${i}.json`));
}

const cold = [];
for (let i = 0; i < SAMPLES; i++) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [cli, 'test', dir], { encoding: 'utf8' });
  cold.push(performance.now() - started);
  if (!/^100 passed, 0 failed/m.test(out)) throw new Error(`expected 100 passing fixtures:\n${out}`);
}
row({
  id: 'T1',
  figure: 'posthog-workbench test: 100 fixtures locally, whole process',
  unit: 'ms',
  values: cold,
  budget: '<= 2000 ms',
  within: median(cold) <= 2000,
});

// Warm: the command in-process again and again (the toolchain, once loaded, stays).
const { main } = await import(path.join(root, 'dist/cli.js'));
const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: root };
if (typeof main === 'function') {
  await main(['test', dir], io);
  const warm = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await main(['test', dir], io);
    warm.push(performance.now() - started);
  }
  row({
    id: 'T1w',
    figure: 'posthog-workbench test: 100 fixtures locally, warm process',
    unit: 'ms',
    values: warm,
    note: "the Test Explorer's run, without VS Code",
  });
}
// On PostHog: one local PostHog with PostHog's limits for all samples, so their requests add up in its windows as a
// CI's runs with one key would (3 samples × 100 invocations and the push stay under the 480/min burst).
const REMOTE_SAMPLES = Math.min(3, SAMPLES);
const fake = await startFake({ seed: 'empty', extraArgs: ['--rate-limits', 'posthog', '--latency', '30'] });
try {
  const env = {
    ...process.env,
    POSTHOG_HOST: fake.url,
    POSTHOG_PERSONAL_API_KEY: fake.apiKey,
    POSTHOG_PROJECT_ID: String(fake.projectId),
  };
  const remoteDir = path.join(work, 'remote', 'hog-functions');
  fs.cpSync(dir, remoteDir, { recursive: true });
  for (const folder of fs.readdirSync(remoteDir)) {
    // The webhook's token is a secret nobody types here: the push creates the function without it (the runs get a
    // placeholder, as local runs do).
    const jsonFile = path.join(remoteDir, folder, 'function.json');
    const config = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    for (const input of config.inputs_schema ?? []) if (input.secret) input.required = false;
    fs.writeFileSync(jsonFile, JSON.stringify(config, null, 2));
    const events = path.join(remoteDir, folder, 'test-events');
    for (const name of fs.readdirSync(events)) {
      const fixture = JSON.parse(fs.readFileSync(path.join(events, name), 'utf8'));
      if (!fixture.responses) continue;
      delete fixture.responses;
      delete fixture.expect.prints;
      delete fixture.expect.error;
      fs.writeFileSync(path.join(events, name), JSON.stringify(fixture, null, 2));
    }
  }
  execFileSync(process.execPath, [cli, 'push', remoteDir, '--yes'], {
    encoding: 'utf8',
    env,
    stdio: 'pipe',
    // The sync record goes in the bench's own folder, not the checkout.
    cwd: work,
  });
  const admin = (route) => fetch(`${fake.url}/_fake/${route}`).then((r) => r.json());
  const remote = [];
  let counts = '';
  for (let i = 0; i < REMOTE_SAMPLES; i++) {
    const started = performance.now();
    const out = execFileSync(process.execPath, [cli, 'test', remoteDir, '--remote'], {
      encoding: 'utf8',
      env,
      cwd: work,
    });
    remote.push(performance.now() - started);
    counts = /^(100 passed, 0 failed) \(/m.exec(out)?.[1] ?? '';
    if (!counts) throw new Error(`expected 100 fixtures to pass on PostHog:\n${out}`);
  }
  const requests = await admin('requests');
  const throttled = requests.filter((r) => r.status === 429).length;
  const invocations = requests.filter((r) => r.path.endsWith('/invocations/')).length;
  row({
    id: 'T2',
    figure: 'posthog-workbench test --remote: 100 fixtures on the local PostHog (PostHog rate limits, 30 ms latency)',
    unit: 'ms',
    values: remote,
    budget: '0 × 429',
    within: throttled === 0,
    note: `${counts}; ${invocations} invocations in ${REMOTE_SAMPLES} runs, ${throttled} × 429; local (T1) median ${Math.round(median(cold))} ms`,
  });
} finally {
  await fake.stop();
}
if (!process.env.PHWB_BENCH_WORK) fs.rmSync(work, { recursive: true, force: true });
