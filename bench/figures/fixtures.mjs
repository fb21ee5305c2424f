// Figures of tests as code (issue 25): 100 fixtures run locally.
//   T1  `node dist/cli.js test DIR` on 100 fixtures (a transformation's and a destination's, its 500 branch
//       included: examples/hog-functions copied), the whole process as CI runs it: <= 2 s
//   T1w the same 100 in one warm process (the toolchain loaded: what the Test Explorer's "Run locally" costs)
// Alone: `npm run build && node bench/figures/fixtures.mjs` (PHWB_BENCH_SAMPLES, default 5). Under bench/run.mjs its
// JSON rows are picked up as they are.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
if (!process.env.PHWB_BENCH_WORK) fs.rmSync(work, { recursive: true, force: true });
