// The group import's figures in plain Node, against the local PostHog in its own process (so this process's memory is
// the import's alone):
//   G1  the dry run of a file of 5,000 groups × 3 properties: its own time (reading and checking the file, comparing)
//       apart from the reads of PostHog's groups it needs, which are reported too. Budget: ≤ 2 s beyond the reads.
//   G2  applying that file's property changes at PostHog's rate (480/minute and 4,800/hour per key): the share of the
//       fastest schedule those two windows allow (budget ≥ 90%), 429 answers (budget 0), and the heap over the run
//       (budget: flat, no growth with the number of changes applied). By default the first 4,800 of the 15,000
//       changes: one hour of PostHog's budget, the part where the minute window sets the pace and pacing can be lost
//       (after it the hour window makes every client wait alike); PHWB_GROUPS_APPLY=15000 applies them all (~10 min).
// Time is compressed for G2 as in bench/rateLimit.ts: the local PostHog enforces 480 per 60/SCALE s and 4,800 per
// 3,600/SCALE s of real time, and the client's limiter runs on a clock SCALE times faster; the client code is the
// extension's. SCALE 20 (160 requests a second at the peak) is what this 2-core machine serves with the journal
// flushed to disk before each group's writes; at 40 the machine, not the pacing, sets the rate. The ideal schedule
// sends each minute's 480 requests in no time, as bench/rateLimit.ts's does; the last minute's burst takes real time,
// which is most of what separates a run from it. Prints one JSON line per
// figure (type g1 / g2), like bench/rateLimit.ts.
//   node --expose-gc --import tsx bench/groupsImport.ts [samples]
// Environment: PHWB_GROUPS_SCALE (default 20), PHWB_GROUPS_GROUPS (5000), PHWB_GROUPS_APPLY (4800),
// PHWB_GROUPS_CONCURRENCY (the apply's default, 8).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PostHogClient } from '../src/api';
import {
  applyImport,
  DEFAULT_CONCURRENCY,
  dryRun,
  ImportJournal,
  openFile,
  operationsOf,
  type ImportMapping,
} from '../src/core/groups';

const GROUPS = Number(process.env.PHWB_GROUPS_GROUPS ?? 5000);
const SCALE = Number(process.env.PHWB_GROUPS_SCALE ?? 20);
const APPLY = Number(process.env.PHWB_GROUPS_APPLY ?? 4800);
const CONCURRENCY = Number(process.env.PHWB_GROUPS_CONCURRENCY ?? DEFAULT_CONCURRENCY);
const PER_MINUTE = 480;
const PER_HOUR = 4800;
const TYPE = 0;

interface Fake {
  url: string;
  apiKey: string;
  projectId: number;
  stop: () => Promise<void>;
}

interface FakeRequest {
  method: string;
  path: string;
  status: number;
  at: number;
}

async function admin(fake: Fake, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${fake.url}/_fake/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`admin ${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** The earliest each of `n` requests may start under PostHog's two sliding windows (greedy, in ms from the first). */
function idealMs(n: number, windows: { limit: number; windowMs: number }[]): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    let at = i === 0 ? 0 : t[i - 1]!;
    for (const w of windows) if (i >= w.limit) at = Math.max(at, t[i - w.limit]! + w.windowMs);
    t.push(at);
  }
  return t[n - 1] ?? 0;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const mapping: ImportMapping = {
  keyColumn: 'group_key',
  properties: [
    { column: 'plan', property: 'prop_0001', type: 'string' },
    { column: 'seats', property: 'prop_0002', type: 'number' },
    { column: 'active', property: 'prop_0003', type: 'boolean' },
  ],
};

async function once(sample: number, dir: string): Promise<Record<string, unknown>[]> {
  // The harness is an ES module (it starts the local PostHog in its own process, as the other suites do).
  const { startFake } = (await import('../test/harness/fake.mjs')) as {
    startFake: (o: { seed: string }) => Promise<Fake>;
  };
  const fake = await startFake({ seed: 'empty' });
  try {
    await admin(fake, 'POST', 'seed-groups', { group_type_index: TYPE, count: GROUPS, properties_per_group: 4 });
    const file = path.join(dir, `groups-${sample}.csv`);
    const lines = ['group_key,plan,seats,active'];
    // Every group changes all three properties: 15,000 writes, the most a file of this size can ask for.
    for (let i = 0; i < GROUPS; i++)
      lines.push(`bulk-${TYPE}-${String(i).padStart(6, '0')},"plan ${i % 7}, annual",${1000 + i},${i % 2 === 0}`);
    writeFileSync(file, `${lines.join('\n')}\n`);

    // G1: the dry run, reads unthrottled (they are counted and timed apart).
    const reader = new PostHogClient({ host: fake.url, getApiKey: () => fake.apiKey, rateLimits: false });
    const started = performance.now();
    const dry = await dryRun({
      client: reader,
      projectId: fake.projectId,
      groupTypeIndex: TYPE,
      open: openFile(file),
      format: 'csv',
      mapping,
    });
    const totalMs = performance.now() - started;
    await reader.dispose();
    const g1 = {
      type: 'g1',
      sample,
      groups: GROUPS,
      properties: 3,
      ownMs: Math.round(dry.ownMs),
      readMs: Math.round(dry.reads.ms),
      readRequests: dry.reads.requests,
      totalMs: Math.round(totalMs),
      writesPlanned: dry.plan.totals.writes,
      budgetMs: 2000,
      ok: dry.ownMs <= 2000,
    };
    console.log(JSON.stringify(g1));

    // G2: the apply at PostHog's (compressed) rate.
    const windows = [
      { limit: PER_MINUTE, windowMs: 60_000 / SCALE },
      { limit: PER_HOUR, windowMs: 3_600_000 / SCALE },
    ];
    await admin(fake, 'POST', 'rate-limits', { burst: windows[0], sustained: windows[1] });
    await admin(fake, 'DELETE', 'requests');
    const origin = performance.now();
    const epoch = Date.now();
    const client = new PostHogClient({
      host: fake.url,
      getApiKey: () => fake.apiKey,
      rateLimits: { perMinute: PER_MINUTE, perHour: PER_HOUR },
      now: () => epoch + (performance.now() - origin) * SCALE,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms / SCALE);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(Object.assign(new Error('cancelled'), { transportFailure: 'cancelled' }));
          });
        }),
    });
    const journalDir = path.join(dir, `journal-${sample}`);
    const ops = operationsOf(dry.plan).slice(0, APPLY);
    const journal = await ImportJournal.create(
      journalDir,
      { host: fake.url, projectId: fake.projectId, groupTypeIndex: TYPE },
      ops,
      { source: path.basename(file) },
    );
    const heap: { done: number; mb: number }[] = [{ done: 0, mb: heapMb() }];
    let nextSample = Math.ceil(ops.length / 20);
    const report = await applyImport({
      client,
      journal,
      host: fake.url,
      concurrency: CONCURRENCY,
      onProgress: (p) => {
        if (p.done >= nextSample) {
          heap.push({ done: p.done, mb: heapMb() });
          nextSample += Math.ceil(ops.length / 20);
        }
      },
    });
    await client.dispose();
    heap.push({ done: report.totals.applied, mb: heapMb() });
    const requests = ((await admin(fake, 'GET', 'requests')) as FakeRequest[]).filter((r) =>
      r.path.startsWith('/api/'),
    );
    const throttled = requests.filter((r) => r.status === 429).length;
    const elapsedMs = requests.at(-1)!.at - requests[0]!.at;
    const ideal = idealMs(requests.length, windows);
    // Where the time went, per minute window's worth of requests: sending them (the machine's and the journal's speed)
    // and waiting for the window to open again (the limiter's pacing).
    const bursts: { sendMs: number; waitMs: number }[] = [];
    for (let i = 0; i < requests.length; i += PER_MINUTE) {
      const chunk = requests.slice(i, i + PER_MINUTE);
      const nextStart = requests[i + PER_MINUTE]?.at;
      bursts.push({
        sendMs: chunk.at(-1)!.at - chunk[0]!.at,
        waitMs: nextStart === undefined ? 0 : nextStart - chunk.at(-1)!.at,
      });
    }
    // Flat: the heap after the first tenth of the changes against the most it held afterwards.
    const settled = heap.find((h) => h.done >= ops.length / 10) ?? heap[0]!;
    const growthMb = Math.max(...heap.filter((h) => h.done >= settled.done).map((h) => h.mb)) - settled.mb;
    const g2 = {
      type: 'g2',
      sample,
      scale: SCALE,
      concurrency: CONCURRENCY,
      operations: ops.length,
      applied: report.totals.applied,
      failed: report.totals.failed,
      outcome: report.outcome.status,
      requests: requests.length,
      throttled,
      elapsedMs,
      idealMs: Math.round(ideal),
      ratio: Number((ideal / elapsedMs).toFixed(3)),
      // The same as a plain rate on PostHog's clock, against its 480 a minute.
      perMinute: Math.round(((requests.length - 1) / (elapsedMs * SCALE)) * 60_000),
      windowMs: Math.round(windows[0]!.windowMs),
      bursts: bursts.slice(0, 4),
      realMinutesAtPostHogsRate: Number(((elapsedMs * SCALE) / 60_000).toFixed(1)),
      heapMb: heap.map((h) => Number(h.mb.toFixed(1))),
      heapGrowthAfterFirstTenthMb: Number(growthMb.toFixed(1)),
      heapBytesPerChange: Math.round((growthMb * 1024 * 1024) / Math.max(1, report.totals.applied - settled.done)),
      ok: ideal / elapsedMs >= 0.9 && throttled === 0,
    };
    console.log(JSON.stringify(g2));
    return [g1, g2];
  } finally {
    await fake.stop();
  }
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'phwb-groups-bench-'));
  try {
    for (let i = 0; i < samples; i++) await once(i, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
