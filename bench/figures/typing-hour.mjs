// One hour of continuous typing against PostHog Cloud's query budget (issue 22): the queries the extension sends
// (checks as you type, completion) against the 1,200 an hour PostHog allows an API key, the 429s it collects, and what
// the status bar said when the budget was nearly spent. Plain Node, on a clock of its own (bench/typingSession.ts):
// the figures are counts, the same on every run of the same seed; about three minutes on this machine.
// PHWB_TYPING_HOUR_SEED picks another session; PHWB_TYPING_HOUR_UNPACED=1 also replays it as before the query budget
// (about three minutes more), for the comparison the README quotes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const seed = process.env.PHWB_TYPING_HOUR_SEED ?? '20261207';
const modes = process.env.PHWB_TYPING_HOUR_UNPACED === '1' ? 'paced,unpaced' : 'paced';
const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', 'typingSession.ts'), seed, modes], {
  encoding: 'utf8',
  maxBuffer: 16 * 1024 * 1024,
});
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(1);
}
const sessions = run.stdout
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l))
  .filter((s) => s.type === 'typingHour');
const row = (fields) => console.log(JSON.stringify({ type: 'row', ...fields }));
/** Markdown table cells: one line, no pipes. */
const cell = (text) => String(text).replace(/\s+/g, ' ').replace(/\|/g, '/');

for (const s of sessions) {
  const paced = s.mode === 'paced';
  const what = paced ? '' : ' as before the query budget (no pacing)';
  const session = `seed ${s.seed}: ${s.keystrokes} keystrokes, ${s.lines} lines`;
  row({
    id: 'typing-hour',
    figure: `queries sent in one hour of typing${what}, against PostHog's 1,200 an hour`,
    unit: 'count',
    values: [s.queriesSent],
    budget: '<= 1,200 and no 429',
    ...(paced ? { within: s.queriesSent <= s.budgetPerHour && s.throttled429 === 0 } : {}),
    note: cell(
      `${session}; peak ${s.peakPerMinute}/minute; PostHog checks ${s.checksSent}/${s.checksWanted} (by quarter hour ${s.checksSentByQuarterHour.join(', ')}; ${s.localChecks} local checks, ${s.checksNotParsing} on text that did not parse), completion from PostHog ${s.completionsSent}/${s.completionsWanted} (${s.completionsSentByQuarterHour.join(', ')}), the rest offline${s.transportErrors ? `; ${s.transportErrors} connection errors` : ''}`,
    ),
  });
  row({
    id: 'typing-hour',
    figure: `429 responses in that hour${what}`,
    unit: 'count',
    values: [s.throttled429],
    budget: '0',
    ...(paced ? { within: s.throttled429 === 0 } : {}),
    note:
      s.first429AtMinute === null
        ? 'none'
        : `first at minute ${s.first429AtMinute}; no query went through for the rest of its hour`,
  });
  if (paced) {
    const near = s.statusBarNear;
    // The item shows from 80% of the hour's budget (960 of 1,200); a session that never gets there never shows it.
    row({
      id: 'typing-hour',
      figure: near
        ? 'status bar when the budget was nearly spent: minute of the hour'
        : 'status bar item for a nearly spent budget: not needed (queries sent, of 960 that show it)',
      unit: near ? 'min' : 'count',
      values: near ? [near.minute] : [s.queriesSent],
      budget: 'says so before the budget is spent',
      within: near ? s.queriesSent <= s.budgetPerHour : s.queriesSent < s.budgetPerHour * 0.8,
      note: near
        ? cell(`"${near.text.replace(/^\$\([^)]*\)\s*/, '')}"; tooltip: ${near.tooltip}`)
        : 'never shown: the hour never reached 80% of the budget',
    });
  }
}
if (!sessions.some((s) => s.mode === 'paced')) {
  process.stderr.write(`bench/typingSession.ts printed no session:\n${run.stdout}`);
  process.exit(1);
}
