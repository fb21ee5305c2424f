// The Runs section: the time range, how many runs failed, the chart with its legend and totals beside it, and the
// same numbers as a table, which screen readers always have and anyone can show.
import { failureSummary, METRIC_RANGE_IDS, METRIC_RANGES, describeSeries, bucketLabel, rangeWords, type MetricRange } from '../../../shared/hogFunctionMetrics';
import { button, el } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { OverviewModel } from '../state';
import { ChartView, count } from './chart';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export class MetricsView {
  private readonly rangeButtons = new Map<MetricRange, HTMLButtonElement>();
  private readonly updated = el('span', { class: 'updated muted' });
  private readonly error = el('div', { class: 'notice error', role: 'alert', hidden: true });
  private readonly summary = el('p', { class: 'summary' });
  readonly chart: ChartView;
  private readonly legend = el('ul', { class: 'legend', 'aria-label': 'Series and totals' });
  private readonly tableToggle: HTMLButtonElement;
  private readonly table = el('table', { class: 'metrics-table', id: 'metrics-table' });
  private readonly tableWrap = el('div', { class: 'table-wrap visually-hidden' }, this.table);
  readonly element: HTMLElement;

  constructor(private readonly actions: Actions) {
    this.chart = new ChartView(actions);
    for (const range of METRIC_RANGE_IDS) {
      const b = button(rangeWords(range).button, { onClick: () => void actions.chooseRange(range) });
      b.dataset.fid = `range:${range}`;
      this.rangeButtons.set(range, b);
    }
    this.tableToggle = button('Show as table', { icon: 'table', onClick: actions.toggleTable });
    this.tableToggle.setAttribute('aria-controls', 'metrics-table');
    this.element = el(
      'section',
      { class: 'metrics', 'aria-labelledby': 'metrics-title' },
      el('div', { class: 'section-head' },
        el('h2', { id: 'metrics-title' }, 'Runs'),
        el('div', { class: 'segmented', role: 'group', 'aria-label': 'Time range' }, ...this.rangeButtons.values()),
        this.updated),
      this.error,
      this.summary,
      el('div', { class: 'chart-row' }, this.chart.element, this.legend),
      el('div', { class: 'table-toggle' }, this.tableToggle),
      this.tableWrap,
    );
  }

  update(state: OverviewModel): void {
    const range = state.range;
    for (const [id, b] of this.rangeButtons) b.setAttribute('aria-pressed', String(id === state.range));
    const metrics = state.metrics;
    const current = metrics?.range === range;
    this.element.classList.toggle('stale', Boolean(metrics) && !current);
    const live = state.liveSeconds ? ` · refreshes every ${state.liveSeconds} s while visible` : '';
    this.updated.textContent = metrics ? `Updated ${new Date(metrics.loadedAt).toLocaleTimeString()}${live}` : '';

    const error = state.errors.metrics;
    this.error.hidden = !error;
    if (error) this.error.replaceChildren(...errorBox(error, () => void this.actions.retryMetrics(), this.actions));

    const { title } = rangeWords(metrics?.range ?? range);
    if (!metrics) {
      this.summary.textContent = error ? '' : 'Loading runs…';
      this.chart.update([], [], `Runs chart, ${title.toLowerCase()}: not loaded yet.`, null);
      this.legend.replaceChildren();
      this.table.replaceChildren();
      return;
    }
    const all = describeSeries(metrics.series);
    const shown = all.filter((s) => !state.hidden.has(s.name));
    this.summary.textContent = summarize(metrics.series, title, state.fn?.type);
    const unit = METRIC_RANGES[metrics.range].interval;
    this.chart.update(metrics.labels, shown,
      `Stacked bar chart of runs per ${unit}, ${title.toLowerCase()}. ${this.summary.textContent} Arrow keys read each ${unit}; the table after the chart lists every value.`,
      state.cursor);
    this.legend.replaceChildren(...all.map((s) => {
      const visible = !state.hidden.has(s.name);
      const item = el('button', { type: 'button', class: `legend-item c-${s.color}`, 'aria-pressed': String(visible), title: visible ? 'Hide from the chart' : 'Show in the chart' },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { class: 'legend-label' }, s.label), el('span', { class: 'legend-total' }, count.format(s.total)));
      item.addEventListener('click', () => this.actions.toggleSeries(s.name));
      item.dataset.fid = `series:${s.name}`;
      return el('li', {}, item);
    }));
    this.renderTable(metrics.labels, all, `Runs per ${unit}, ${title.toLowerCase()}`);
  }

  showTable(state: OverviewModel): void {
    this.tableWrap.classList.toggle('visually-hidden', !state.tableShown);
    this.tableToggle.setAttribute('aria-expanded', String(state.tableShown));
    this.tableToggle.querySelector('span:not(.codicon)')!.textContent = state.tableShown ? 'Hide table' : 'Show as table';
  }

  private renderTable(labels: readonly string[], series: ReturnType<typeof describeSeries>, caption: string): void {
    const head = el('tr', {}, el('th', { scope: 'col' }, 'Time'), ...series.map((s) => el('th', { scope: 'col', class: 'num' }, s.label)), el('th', { scope: 'col', class: 'num' }, 'Total'));
    const body = el('tbody');
    labels.forEach((label, i) => {
      const total = series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0);
      body.append(el('tr', {}, el('th', { scope: 'row' }, bucketLabel(label).long), ...series.map((s) => el('td', { class: 'num' }, count.format(s.values[i] ?? 0))), el('td', { class: 'num' }, count.format(total))));
    });
    const grand = series.reduce((sum, s) => sum + s.total, 0);
    const foot = el('tr', {}, el('th', { scope: 'row' }, 'Total'), ...series.map((s) => el('td', { class: 'num' }, count.format(s.total))), el('td', { class: 'num' }, count.format(grand)));
    this.table.replaceChildren(el('caption', {}, caption), el('thead', {}, head), body, el('tfoot', {}, foot));
  }
}

/** The line above the chart: how many runs failed, and how many events were not run at all. */
function summarize(series: Parameters<typeof failureSummary>[0], title: string, type: string | undefined): string {
  if (!series.length) {
    return type?.startsWith('site_')
      ? `${title}: no runs recorded. Site functions run in visitors' browsers, so PostHog counts no runs for them.`
      : `${title}: no runs recorded.`;
  }
  const { runs, failed, rate, notRun } = failureSummary(series);
  const parts = [rate === null ? `${title}: no runs finished` : `${title}: ${count.format(failed)} of ${count.format(runs)} runs failed (${percent.format(rate)})`];
  if (notRun) parts.push(`${count.format(notRun)} events were not run because PostHog throttled or disabled the function`);
  return `${parts.join('; ')}.`;
}
