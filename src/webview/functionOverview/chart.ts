// The geometry of the runs chart, apart from drawing it: stacked bars of run outcomes per time bucket, counters that
// are not runs as lines over them, a y axis with round steps,
// x labels that never crowd, and which bucket a pointer position falls in. Pure numbers, unit-tested in plain Node;
// views/chart.ts turns them into SVG.
import { bucketLabel, type SeriesColor } from '../../shared/hogFunctionMetrics';

export interface ChartSeries {
  name: string;
  color: SeriesColor;
  values: readonly number[];
}

export interface ChartBar {
  index: number;
  name: string;
  color: SeriesColor;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A counter drawn as a line over the bars (it is not a run outcome, so it is not stacked with them). */
export interface ChartLine {
  name: string;
  color: SeriesColor;
  points: { index: number; x: number; y: number; value: number }[];
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** The width each bucket takes, bar and gap. */
  band: number;
  bars: ChartBar[];
  lines: ChartLine[];
  yTicks: { value: number; y: number; label: string }[];
  xTicks: { index: number; x: number; label: string }[];
}

const MARGIN = { left: 44, right: 8, top: 8, bottom: 22 };
/** Room one x label needs, so labels never overlap. */
const X_LABEL_WIDTH = 56;

/** Round steps for a count axis (1, 2 or 5 times a power of ten), from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** 1234 → "1.2k", for axis labels; the tooltip and the table show exact numbers. */
export function shortCount(n: number): string {
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(n);
}

const trim = (n: number) => (n >= 100 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ''));

/** `series` are stacked into bars; `lines` (counters that are not runs) are drawn over them, on the same axis. */
export function chartLayout(
  labels: readonly string[],
  series: readonly ChartSeries[],
  size: { width: number; height: number },
  lines: readonly ChartSeries[] = [],
): ChartLayout {
  const width = Math.max(size.width, MARGIN.left + MARGIN.right + 40);
  const height = Math.max(size.height, MARGIN.top + MARGIN.bottom + 40);
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const count = labels.length;
  const band = count ? (plot.right - plot.left) / count : 0;
  const stackTotals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const lineMax = lines.flatMap((l) => labels.map((_, i) => l.values[i] ?? 0));
  const ticks = niceTicks(Math.max(0, ...stackTotals, ...lineMax));
  const top = ticks[ticks.length - 1] || 1;
  const scale = (plot.bottom - plot.top) / top;
  const barWidth = Math.max(1, band * (band > 6 ? 0.72 : 0.9));

  const bars: ChartBar[] = [];
  labels.forEach((_, index) => {
    let base = plot.bottom;
    const x = plot.left + index * band + (band - barWidth) / 2;
    for (const s of series) {
      const value = s.values[index] ?? 0;
      if (value <= 0) continue;
      const h = value * scale;
      base -= h;
      bars.push({ index, name: s.name, color: s.color, value, x, y: base, width: barWidth, height: h });
    }
  });

  const every = Math.max(1, Math.ceil(count / Math.max(1, Math.floor((plot.right - plot.left) / X_LABEL_WIDTH))));
  const xTicks = labels.flatMap((label, index) =>
    // Counted from the newest bucket, so the latest one always has its label.
    (count - 1 - index) % every === 0
      ? [{ index, x: plot.left + (index + 0.5) * band, label: bucketLabel(label).short }]
      : [],
  );
  const yTicks = ticks.map((value) => ({ value, y: plot.bottom - value * scale, label: shortCount(value) }));
  const drawnLines = lines.map((l) => ({
    name: l.name,
    color: l.color,
    points: labels.map((_, index) => {
      const value = Math.max(0, l.values[index] ?? 0);
      return { index, x: plot.left + (index + 0.5) * band, y: plot.bottom - value * scale, value };
    }),
  }));
  return { width, height, plot, band, bars, lines: drawnLines, yTicks, xTicks };
}

/** The bucket under horizontal position `x`, or null outside the plot. */
export function bucketAt(layout: ChartLayout, x: number, count: number): number | null {
  if (!count || x < layout.plot.left || x > layout.plot.right) return null;
  return Math.min(count - 1, Math.floor((x - layout.plot.left) / layout.band));
}
