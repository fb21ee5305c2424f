// Where a write path's time goes, from a trace (trace.ts): pure, so it is unit-tested without VS Code.
//
//   t0 ──── before ────┬──────────── the extension's code runs ────────────┬──── after ──── tEnd
//   (the bench calls   │ first product event                 last one ends │   (the bench sees
//    save / a command) │  network > records > fs > js, by what is in flight│    the result)
//
// Inside the extension's window each instant counts once, for the first of these that is in flight then: a request
// (network), a sync-record write (records), a workspace file system call the extension awaits (fs, which goes through
// VS Code), else the extension's own JavaScript (js). With writes running concurrently this is wall time: "network"
// is the time at least one request was in flight, not the sum of the requests.
import type { Span, Trace, TracedRequest } from './trace';

export interface Breakdown {
  totalMs: number;
  /** VS Code, from the bench's call until the product's code first runs (for a save: the provider's writeFile). */
  beforeMs: number;
  /** The extension's own JavaScript (and anything not traced) while its code runs. */
  jsMs: number;
  /** Workspace file system calls the extension awaited (they go through VS Code). */
  fsMs: number;
  /** The sync records written (plain Node file system). */
  recordsMs: number;
  /** At least one request to PostHog in flight. */
  networkMs: number;
  /** VS Code, from the product's code done until the bench sees the result (for a save: the editor clean). */
  afterMs: number;
  requests: number;
  /** Calls VS Code made into the product outside its window (for a save: the provider's stat before writeFile). */
  callsBefore: string[];
  callsAfter: string[];
  /** Every call VS Code made into the product, and product spans, as [label, start - t0, duration] (for a closer look). */
  timeline: [string, number, number][];
}

const PRIORITY = ['network', 'records', 'fs'] as const;
const round = (ms: number) => Math.round(ms * 10) / 10;
type Category = (typeof PRIORITY)[number] | 'js';

export interface BreakdownOptions {
  /** Which requests count (default: PostHog's API, `/api/...`). */
  request?: (r: TracedRequest) => boolean;
}

export function breakdown(trace: Trace, t0: number, tEnd: number, options: BreakdownOptions = {}): Breakdown {
  const keep = options.request ?? ((r: TracedRequest) => r.path.startsWith('/api/'));
  const inWindow = (x: { start: number }) => x.start >= t0 && x.start <= tEnd;
  const clip = <T extends { start: number; end: number }>(x: T): T => ({
    ...x,
    end: Math.min(Math.max(x.end, x.start), tEnd),
  });
  const requests = trace.requests.filter((r) => keep(r) && inWindow(r)).map(clip);
  const spans = trace.spans.filter(inWindow).map(clip);
  const calls = spans.filter((s) => s.kind === 'call');
  const product = spans.filter((s) => s.kind !== 'call');
  const handlers = product.filter((s) => s.kind === 'handler');
  const events: { start: number; end: number }[] = [...product, ...requests];
  const timeline: [string, number, number][] = [
    ...spans,
    ...requests.map((r) => ({
      label: `${r.method} ${r.path.replace(/^\/api\/projects\/\d+\//, '')}`,
      start: r.start,
      end: r.end,
    })),
  ]
    .sort((a, b) => a.start - b.start)
    .map((x) => [x.label, round(x.start - t0), round(x.end - x.start)]);
  const empty = {
    totalMs: tEnd - t0,
    beforeMs: tEnd - t0,
    jsMs: 0,
    fsMs: 0,
    recordsMs: 0,
    networkMs: 0,
    afterMs: 0,
    requests: 0,
    callsBefore: calls.map((c) => c.label),
    callsAfter: [],
    timeline,
  };
  if (events.length === 0) return empty;
  // A handler span (the provider's writeFile) marks the extension's window when there is one; VS Code's own calls
  // into the provider before it (stat) are then VS Code's time, as are requests nobody awaited outside it.
  const window = handlers.length ? handlers : events;
  const start = Math.min(...window.map((e) => e.start));
  const end = Math.max(...window.map((e) => e.end));

  const intervals: { category: Category; start: number; end: number }[] = [
    ...requests.map((r) => ({ category: 'network' as const, start: r.start, end: r.end })),
    ...product
      .filter((s) => s.kind === 'records' || s.kind === 'fs')
      .map((s: Span) => ({ category: s.kind as Category, start: s.start, end: s.end })),
  ];
  const cuts = [
    ...new Set([start, end, ...intervals.flatMap((i) => [i.start, i.end])].filter((t) => t >= start && t <= end)),
  ].sort((a, b) => a - b);
  const totals: Record<Category, number> = { network: 0, records: 0, fs: 0, js: 0 };
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as number;
    const b = cuts[i + 1] as number;
    const mid = (a + b) / 2;
    const active = new Set(intervals.filter((x) => x.start <= mid && x.end >= mid).map((x) => x.category));
    const category = PRIORITY.find((c) => active.has(c)) ?? 'js';
    totals[category] += b - a;
  }
  return {
    totalMs: tEnd - t0,
    beforeMs: start - t0,
    jsMs: totals.js,
    fsMs: totals.fs,
    recordsMs: totals.records,
    networkMs: totals.network,
    afterMs: tEnd - end,
    requests: requests.length,
    callsBefore: calls.filter((c) => c.start < start).map((c) => c.label),
    callsAfter: calls.filter((c) => c.start >= end).map((c) => c.label),
    timeline,
  };
}
