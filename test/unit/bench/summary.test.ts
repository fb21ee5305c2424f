// The bench's figures against their floors, per phase, and the rows extra figure scripts print (bench/summary.mjs,
// bench/extraFigures.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Row = {
  id: string;
  figure: string;
  median: number;
  floor?: number;
  overMs?: number;
  within: boolean | null;
  n: number;
  note?: string;
};
// Plain JavaScript modules of the bench, loaded as they run.
const load = <T>(file: string): Promise<T> => import(path.resolve(__dirname, '../../../bench', file)) as Promise<T>;
const summary = () =>
  load<{
    summarize(events: unknown[], options: { eagerActivationEvents: string[] }): Row[];
    rowFromScript(row: Record<string, unknown>): Row;
    breakdowns(events: unknown[]): { id: string; phase: string; side: string; networkMs: number }[];
    misses(rows: Row[]): string[];
  }>('summary.mjs');

const parts = {
  beforeMs: 5,
  jsMs: 5,
  fsMs: 0,
  recordsMs: 0,
  networkMs: 55,
  afterMs: 10,
  requests: 1,
  callsBefore: ['stat'],
  callsAfter: [],
};
const saves = (phase: string, ms: number[], floor: number[]) => [
  ...ms.map((m, sample) => ({ type: 'p10', phase, sample, ms: m, accepted: true, requests: 1, breakdown: parts })),
  ...floor.map((m, sample) => ({ type: 'p10floor', phase, sample, ms: m, breakdown: parts })),
];

test('P10 has a row per phase, judged against the floor measured in that phase', async () => {
  const { summarize, misses } = await summary();
  const rows = summarize(
    [
      ...saves('early', [110, 112, 115, 111, 140], [100, 98, 99, 101, 130]),
      ...saves('late', [150, 151, 149, 160, 152], [100, 101, 99, 100, 102]),
    ],
    { eagerActivationEvents: [] },
  ).filter((r) => r.id === 'P10');
  assert.deepEqual(
    rows.map((r) => r.figure.split(', ').at(-1)),
    ['early', 'late'],
  );
  const [early, late] = rows as [Row, Row];
  assert.equal(early.median, 112);
  assert.equal(early.floor, 100);
  assert.equal(early.overMs, 12);
  assert.equal(early.within, true);
  assert.equal(late.within, false);
  assert.match(misses(rows)[0] ?? '', /late.*\+51/);
});

test('fewer than five samples are flagged', async () => {
  const { summarize } = await summary();
  const [early] = summarize(saves('early', [110, 112], [100, 100]), { eagerActivationEvents: [] }).filter(
    (r) => r.id === 'P10',
  );
  assert.match(early?.note ?? '', /only 2 samples/);
});

test('breakdowns: medians per figure, phase and side', async () => {
  const { breakdowns } = await summary();
  const rows = breakdowns(saves('early', [110, 112, 115], [100, 98, 99]));
  assert.deepEqual(
    rows.map((r) => `${r.id} ${r.phase} ${r.side}`),
    ['P10 early product', 'P10 early floor'],
  );
  assert.equal(rows[0]?.networkMs, 55);
});

test('a script row with a floor and a margin is judged; without either it is only reported', async () => {
  const { rowFromScript } = await summary();
  const judged = rowFromScript({
    id: 'P18',
    figure: 'import',
    values: [30, 31, 32, 33, 34],
    floorValues: [10, 10, 10],
    margin: 5,
    script: 'P18-import.mjs',
  });
  assert.equal(judged.within, false);
  assert.equal(judged.overMs, 22);
  const reported = rowFromScript({ id: 'P19', figure: 'typing', values: [1, 2, 3], script: 'typing.mjs' });
  assert.equal(reported.within, null);
  assert.match(reported.note ?? '', /bench\/figures\/typing\.mjs/);
});

test('extra figure scripts: all by default, opt-in ones only when named, by name or figure id', async () => {
  const { extraScripts, runScript } = await load<{
    extraScripts(dir: string, only?: string[] | null): { file: string; name: string; path: string }[];
    runScript(
      script: { file: string; path: string },
      options: { cwd: string; env?: Record<string, string>; print?: (line: string) => void },
    ): Promise<{ rows: Record<string, unknown>[]; error?: string }>;
  }>('extraFigures.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-figures-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'P18-import.mjs'),
      "console.log('importing');\nconsole.log(JSON.stringify({ type: 'row', id: 'P18', figure: 'import', values: [1, 2] }));\n",
    );
    fs.writeFileSync(path.join(dir, 'typing-hour.mjs'), '// A one-hour session.\n// bench: opt-in\nprocess.exit(3);\n');
    fs.writeFileSync(path.join(dir, '_helpers.mjs'), '');
    assert.deepEqual(
      extraScripts(dir, null).map((s) => s.name),
      ['P18-import'],
    );
    assert.deepEqual(
      extraScripts(dir, ['P18']).map((s) => s.name),
      ['P18-import'],
    );
    assert.deepEqual(
      extraScripts(dir, ['TYPING-HOUR']).map((s) => s.name),
      ['typing-hour'],
    );
    assert.deepEqual(extraScripts(dir, ['P10']), []);
    const printed: string[] = [];
    const [p18] = extraScripts(dir, ['P18']);
    const [typing] = extraScripts(dir, ['TYPING-HOUR']);
    assert.ok(p18 && typing);
    const work = path.join(dir, 'work');
    const ok = await runScript(p18, { cwd: dir, env: { PHWB_BENCH_WORK: work }, print: (line) => printed.push(line) });
    assert.deepEqual(ok.rows, [{ type: 'row', id: 'P18', figure: 'import', values: [1, 2], script: 'P18-import.mjs' }]);
    assert.deepEqual(printed, ['importing']);
    assert.equal(ok.error, undefined);
    assert.equal(fs.existsSync(work), false);
    assert.equal((await runScript(typing, { cwd: dir })).error, 'exit 3');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
