// Figures of the group import, in the bench's table: bench/groupsImport.ts measures them in plain Node against the
// local PostHog (how, and why on a compressed clock: its header); this script runs it and turns its g1/g2 lines into
// rows.
//   G1  the dry run of 5,000 groups x 3 properties: its own time, beside the reads of PostHog it needs: <= 2 s
//   G2  applying the changes at PostHog's rate: share of the fastest schedule PostHog allows (>= 90%), 429s (0), heap
//       growth after the first tenth of the changes (flat)
// Alone: `node bench/figures/groupsImport.mjs` (PHWB_BENCH_SAMPLES, default 5, capped at 3: each G2 sample is a
// compressed hour of PostHog's budget).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = Math.min(3, Number(process.env.PHWB_BENCH_SAMPLES ?? 5));
const row = (r) => console.log(JSON.stringify({ type: 'row', ...r }));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const lines = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/groupsImport.ts', String(samples)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.on('error', reject);
  child.on('exit', (code) =>
    code === 0 ? resolve(out.split('\n')) : reject(new Error(`bench/groupsImport.ts exited with ${code}`)),
  );
});
const parsed = lines.flatMap((line) => {
  try {
    const value = JSON.parse(line);
    return value && typeof value === 'object' ? [value] : [];
  } catch {
    if (line.trim()) console.log(line);
    return [];
  }
});
const g1 = parsed.filter((e) => e.type === 'g1');
const g2 = parsed.filter((e) => e.type === 'g2');

row({
  id: 'G1',
  figure: `group import dry run, ${g1[0]?.groups ?? '?'} groups x 3 properties: its own time (ms)`,
  unit: 'ms',
  values: g1.map((e) => e.ownMs),
  budget: '<= 2 s beyond the reads it needs',
  within: g1.length > 0 && g1.every((e) => e.ok),
  note: `reads of PostHog's groups: ${g1.map((e) => `${e.readRequests} requests in ${e.readMs} ms`).join(', ')}; writes planned: ${g1[0]?.writesPlanned ?? '?'}`,
});
row({
  id: 'G2',
  figure: `group import apply at PostHog's rate, ${g2[0]?.operations ?? '?'} changes: share of the fastest schedule (%)`,
  unit: '%',
  values: g2.map((e) => e.ratio * 100),
  budget: '>= 90%, 0 x 429, heap flat',
  within: g2.length > 0 && g2.every((e) => e.ok),
  note: `429 answers: ${g2.map((e) => e.throttled).join('/')}; applied ${g2.map((e) => `${e.applied}/${e.operations}`).join(', ')}; heap growth after the first tenth: ${g2.map((e) => `${e.heapGrowthAfterFirstTenthMb} MB`).join(', ')}; median ${median(g2.map((e) => e.perMinute))} requests a minute on PostHog's clock`,
});
