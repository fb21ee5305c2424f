// The runs chart as SVG: run outcomes as stacked bars in the theme's chart colours, counters that are not runs as
// lines over them, round y steps, the bucket under the pointer or
// the keyboard highlighted with its values in a tooltip (and read out to screen readers). Arrow keys, Home and End
// move between buckets; the geometry comes from ../chart.ts.
import * as l10n from '@vscode/l10n';
import { bucketLabel, type SeriesInfo } from '../../../shared/hogFunctionMetrics';
import { formatCount } from '../../../shared/format';
import { el, svg } from '../../common/dom';
import type { Actions } from '../actions';
import { bucketAt, chartLayout, type ChartLayout } from '../chart';

const HEIGHT = 200;
const KEYS: Record<string, 'previous' | 'next' | 'first' | 'last'> = {
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  Home: 'first',
  End: 'last',
};
/** Counts as every view writes them (shared/format). */
export const count = { format: (n: number): string => formatCount(n) };

/**
 * One bucket's values in words: "Tue 1 Dec, 14:00: 120 succeeded, 3 failed; 123 in all. Also counted: 130 triggered."
 * Counters that are not runs are named apart and never added to the runs.
 */
export function describeBucket(label: string, series: readonly SeriesInfo[], index: number): string {
  const words = (s: SeriesInfo) => `${count.format(s.values[index] ?? 0)} ${s.label.toLowerCase()}`;
  const runs = series.filter((s) => s.role !== 'counter');
  const counters = series.filter((s) => s.role === 'counter');
  const total = runs.reduce((sum, s) => sum + (s.values[index] ?? 0), 0);
  const head = runs.length
    ? l10n.t('{0}: {1}; {2} in all.', bucketLabel(label).long, runs.map(words).join(', '), count.format(total))
    : l10n.t('{0}: no runs.', bucketLabel(label).long);
  return counters.length ? l10n.t('{0} Also counted: {1}.', head, counters.map(words).join(', ')) : head;
}

export class ChartView {
  private readonly canvas = svg('svg', { class: 'chart-svg', 'aria-hidden': 'true', focusable: 'false' });
  private readonly tooltip = el('div', { class: 'tooltip', 'aria-hidden': 'true', hidden: true });
  readonly plot = el('div', { class: 'plot', tabindex: '0', role: 'img' }, this.canvas, this.tooltip);
  private readonly announcer = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  readonly element = el('div', { class: 'chart' }, this.plot, this.announcer);
  private labels: readonly string[] = [];
  private series: readonly SeriesInfo[] = [];
  private layout: ChartLayout | undefined;
  private cursor: number | null = null;

  constructor(actions: Actions) {
    this.plot.addEventListener('pointermove', (e) => {
      if (!this.layout) return;
      const x = e.clientX - this.plot.getBoundingClientRect().left;
      actions.pointAt(bucketAt(this.layout, x, this.labels.length));
    });
    this.plot.addEventListener('pointerleave', () => actions.pointAt(null));
    this.plot.addEventListener('blur', () => actions.pointAt(null));
    this.plot.addEventListener('keydown', (e) => {
      const key = KEYS[e.key];
      if (key) actions.moveCursor(key);
      else if (e.key === 'Escape') actions.pointAt(null);
      else return;
      e.preventDefault();
    });
    // The bars are laid out in pixels (text must not stretch), so a resized panel is drawn again.
    new ResizeObserver(() => this.draw()).observe(this.plot);
  }

  /** `series`: the ones shown, in stacking order; `summary` names the chart for screen readers. */
  update(labels: readonly string[], series: readonly SeriesInfo[], summary: string, cursor: number | null): void {
    this.labels = labels;
    this.series = series;
    this.cursor = cursor;
    this.plot.setAttribute('aria-label', summary);
    this.draw();
  }

  point(cursor: number | null): void {
    this.cursor = cursor;
    this.drawCursor();
  }

  private draw(): void {
    const width = this.plot.clientWidth || 600;
    const layout = chartLayout(
      this.labels,
      this.series.filter((s) => s.role !== 'counter'),
      { width, height: HEIGHT },
      this.series.filter((s) => s.role === 'counter'),
    );
    this.layout = layout;
    const { plot } = layout;
    this.canvas.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    this.canvas.setAttribute('width', String(layout.width));
    this.canvas.setAttribute('height', String(layout.height));
    const grid = layout.yTicks.map((t) =>
      svg(
        'g',
        { class: 'y-tick' },
        svg('line', { x1: plot.left, x2: plot.right, y1: t.y, y2: t.y }),
        svg('text', { x: plot.left - 6, y: t.y, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, t.label),
      ),
    );
    const xLabels = layout.xTicks.map((t) =>
      svg('text', { class: 'x-tick', x: t.x, y: plot.bottom + 15, 'text-anchor': 'middle' }, t.label),
    );
    const bars = layout.bars.map((b) =>
      svg('rect', {
        class: `bar c-${b.color}`,
        x: b.x,
        y: b.y,
        width: b.width,
        height: Math.max(b.height, 0.5),
        'data-series': b.name,
        'data-index': b.index,
      }),
    );
    // Counters of other things (triggered, billable invocations...) are lines over the bars, never part of a stack.
    const lines = layout.lines.flatMap((l) => [
      svg('polyline', {
        class: `line c-${l.color}`,
        points: l.points.map((p) => `${p.x},${p.y}`).join(' '),
        'data-series': l.name,
      }),
      ...l.points
        .filter((p) => p.value > 0)
        .map((p) =>
          svg('circle', {
            class: `dot c-${l.color}`,
            cx: p.x,
            cy: p.y,
            r: 2.5,
            'data-series': l.name,
            'data-index': p.index,
          }),
        ),
    ]);
    this.canvas.replaceChildren(
      svg('rect', {
        class: 'cursor',
        x: 0,
        y: plot.top,
        width: 0,
        height: plot.bottom - plot.top,
        visibility: 'hidden',
      }),
      ...grid,
      svg('line', { class: 'axis', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }),
      ...bars,
      ...lines,
      ...xLabels,
    );
    this.drawCursor();
  }

  private drawCursor(): void {
    const highlight = this.canvas.querySelector<SVGRectElement>('rect.cursor');
    const layout = this.layout;
    const index = this.cursor;
    if (!highlight || !layout || index === null || index >= this.labels.length) {
      highlight?.setAttribute('visibility', 'hidden');
      this.tooltip.hidden = true;
      return;
    }
    const x = layout.plot.left + index * layout.band;
    highlight.setAttribute('x', String(x));
    highlight.setAttribute('width', String(Math.max(layout.band, 1)));
    highlight.setAttribute('visibility', 'visible');
    const label = this.labels[index] ?? '';
    const rows = this.series.map((s) =>
      el(
        'div',
        { class: `tip-row c-${s.color}${s.role === 'counter' ? ' counter' : ''}` },
        el('span', { class: 'swatch' }),
        el('span', { class: 'tip-label' }, s.label),
        el('span', { class: 'tip-value' }, count.format(s.values[index] ?? 0)),
      ),
    );
    this.tooltip.replaceChildren(
      el('div', { class: 'tip-title' }, bucketLabel(label).long),
      ...(rows.length ? rows : [el('div', {}, l10n.t('No runs'))]),
    );
    this.tooltip.hidden = false;
    // Beside the bucket, on whichever side has room.
    const center = x + layout.band / 2;
    const right = center > layout.width / 2;
    this.tooltip.style.left = right ? '' : `${center + 12}px`;
    this.tooltip.style.right = right ? `${layout.width - center + 12}px` : '';
    this.announcer.textContent = describeBucket(label, this.series, index);
  }
}
