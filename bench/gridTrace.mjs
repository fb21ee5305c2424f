// Reads a Chrome trace of the group grid's scrolls (PHWB_GRID_TRACE=FILE node bench/figures/groupGrid.mjs) and says
// where the long frames' time went: for the grid's scroll and the floor's, the frames (animation frame callbacks in
// the webview's renderer) longer than 25 ms, and for those and for the others, the time per frame of each thread
// (top-level tasks) and the webview's main thread's self time by event (script, style, layout, paint, GC...). Both the
// bench's own requestAnimationFrame and the grid's fire each frame: the intervals are between any two of them.
// Usage: node bench/gridTrace.mjs FILE
import fs from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/gridTrace.mjs TRACE.json');
const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
const LONG_MS = 25;

const threadNames = new Map();
for (const e of events)
  if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
const threadOf = (e) => `${e.pid}:${e.tid}`;
const nameOf = (key) => `${threadNames.get(key) ?? '?'} (${key})`;

// The scroll windows: console.timeStamp('phwb:grid:start') etc. in the page (bench/figures/groupGrid.mjs).
const stamps = events.filter((e) => e.name === 'TimeStamp' && String(e.args?.data?.message ?? '').startsWith('phwb:'));
const windowOf = (what) => {
  const start = stamps.find((e) => e.args.data.message === `phwb:${what}:start`);
  const end = stamps.find((e) => e.args.data.message === `phwb:${what}:end`);
  return start && end ? { start: start.ts, end: end.ts, thread: threadOf(start) } : undefined;
};

/** Complete events per thread, sorted, with their depth (nesting on the same thread). */
const complete = new Map();
for (const e of events) {
  if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
  const key = threadOf(e);
  if (!complete.has(key)) complete.set(key, []);
  complete.get(key).push(e);
}
for (const list of complete.values()) {
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of list) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    e.depth = stack.length;
    e.self = e.dur;
    if (stack.length) stack[stack.length - 1].self -= e.dur;
    stack.push(e);
  }
}

/** Self time (ms, the event's own minus its children's) of the events of `list` starting in [from, to), by name. */
function selfTimes(list, from, to) {
  const out = new Map();
  for (const e of list) {
    if (e.ts < from || e.ts >= to) continue;
    out.set(e.name, (out.get(e.name) ?? 0) + Math.max(0, e.self) / 1000);
  }
  return out;
}

/** Time (ms) of the events of `list` at `depth` inside [from, to), summed by `key`. */
function sums(list, from, to, depth, key) {
  const out = new Map();
  for (const e of list) {
    if (e.depth !== depth || e.ts + e.dur <= from || e.ts >= to) continue;
    const overlap = Math.min(e.ts + e.dur, to) - Math.max(e.ts, from);
    const k = key(e);
    out.set(k, (out.get(k) ?? 0) + overlap / 1000);
  }
  return out;
}

function add(into, from, scale = 1) {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v * scale);
}

const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(2).padStart(7)} ms  ${k}`)
    .join('\n');

for (const what of ['grid', 'floor']) {
  const w = windowOf(what);
  if (!w) {
    console.log(`${what}: no phwb:${what}:start/end stamps in the trace`);
    continue;
  }
  const main = complete.get(w.thread) ?? [];
  const frames = main.filter((e) => e.name === 'FireAnimationFrame' && e.ts >= w.start && e.ts <= w.end);
  const intervals = frames.slice(1).map((f, i) => ({ from: frames[i].ts, to: f.ts }));
  const long = intervals.filter((i) => (i.to - i.from) / 1000 > LONG_MS);
  const normal = intervals.filter((i) => (i.to - i.from) / 1000 <= LONG_MS);
  console.log(
    `\n=== ${what}: ${intervals.length} frames on ${nameOf(w.thread)}, ${long.length} longer than ${LONG_MS} ms: ${long
      .map((i) => ((i.to - i.from) / 1000).toFixed(1))
      .join(', ')}`,
  );
  for (const [label, set] of [
    ['per normal frame', normal],
    ['per long frame', long],
  ]) {
    if (set.length === 0) continue;
    const threads = new Map();
    const children = new Map();
    for (const i of set) {
      for (const [key, list] of complete)
        add(
          threads,
          sums(list, i.from, i.to, 0, () => nameOf(key)),
          1 / set.length,
        );
      add(children, selfTimes(main, i.from, i.to), 1 / set.length);
    }
    console.log(`\n-- ${label}: threads (top-level tasks)\n${top(threads, 10)}`);
    console.log(`-- ${label}: the webview's main thread, self time by event\n${top(children, 14)}`);
  }
  // V8's major GCs of the renderer's heap (which the webview shares with the workbench): their marking runs on the
  // worker threads and, on 2 cores, competes with the frame's own main thread, raster and compositor.
  const renderer = w.thread.split(':')[0];
  const inWindow = (e) => e.pid === Number(renderer) && e.ts < w.end && e.ts + e.dur > w.start;
  const majors = [...complete.values()].flat().filter((e) => e.name === 'MajorGC' && inWindow(e));
  const marking = [...complete.values()].flat().filter((e) => e.name === 'V8.GC_MC_BACKGROUND_MARKING' && inWindow(e));
  const markingIn = (i) =>
    marking.reduce((sum, e) => sum + Math.max(0, Math.min(e.ts + e.dur, i.to) - Math.max(e.ts, i.from)), 0) / 1000;
  const duringGc = long.filter((i) => markingIn(i) > 1);
  console.log(
    `\n-- major GCs of the renderer's heap in the window: ${majors.length}; background marking ${(
      marking.reduce((sum, e) => sum + e.dur, 0) / 1000
    ).toFixed(
      0,
    )} ms on the worker threads; long frames with more than 1 ms of it: ${duringGc.length} of ${long.length}`,
  );
  for (const i of long.slice(0, 6)) {
    const at = ((i.from - w.start) / 1000).toFixed(0);
    const label = `the ${((i.to - i.from) / 1000).toFixed(1)} ms frame at +${at} ms (GC marking ${markingIn(i).toFixed(1)} ms)`;
    console.log(`\n-- ${label}: main thread, self time by event\n${top(selfTimes(main, i.from, i.to), 8)}`);
  }
}
