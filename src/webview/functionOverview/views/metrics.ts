// The Runs section: the time range, how many runs failed, the chart with its legend and totals beside it, and the
// same numbers as a table, which screen readers always have and anyone can show.
import * as l10n from '@vscode/l10n';
import {
  runsSentence,
  METRIC_RANGE_IDS,
  METRIC_RANGES,
  describeSeries,
  bucketLabel,
  rangeWords,
  type MetricRange,
} from '../../../shared/hogFunctionMetrics';
import { button, el } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { OverviewModel } from '../state';
import { ChartView, count } from './chart';

export class MetricsView {
  private readonly rangeButtons = new Map<MetricRange, HTMLButtonElement>();
  private readonly updated = el('span', { class: 'updated muted' });
  private readonly error = el('div', { class: 'notice error', role: 'alert', hidden: true });
  private readonly summary = el('p', { class: 'summary' });
  readonly chart: ChartView;
  private readonly legend = el('ul', { class: 'legend', 'aria-label': l10n.t('Series and totals') });
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
    this.tableToggle = button(l10n.t('Show as table'), { icon: 'table', onClick: actions.toggleTable });
    this.tableToggle.setAttribute('aria-controls', 'metrics-table');
    this.element = el(
      'section',
      { class: 'metrics', 'aria-labelledby': 'metrics-title' },
      el(
        'div',
        { class: 'section-head' },
        el('h2', { id: 'metrics-title' }, l10n.t('Runs')),
        el(
          'div',
          { class: 'segmented', role: 'group', 'aria-label': l10n.t('Time range') },
          ...this.rangeButtons.values(),
        ),
        this.updated,
      ),
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
    const at = metrics ? new Date(metrics.loadedAt).toLocaleTimeString() : '';
    this.updated.textContent = !metrics
      ? ''
      : state.liveSeconds
        ? l10n.t('Updated {0} · refreshes every {1} s while visible', at, state.liveSeconds)
        : l10n.t('Updated {0}', at);

    const error = state.errors.metrics;
    this.error.hidden = !error;
    if (error) this.error.replaceChildren(...errorBox(error, () => void this.actions.retryMetrics(), this.actions));

    const { title } = rangeWords(metrics?.range ?? range);
    if (!metrics) {
      this.summary.textContent = error ? '' : l10n.t('Loading runs…');
      this.chart.update([], [], l10n.t('Runs chart, {0}: not loaded yet.', title.toLowerCase()), null);
      this.legend.replaceChildren();
      this.table.replaceChildren();
      return;
    }
    const all = describeSeries(metrics.series);
    const shown = all.filter((s) => !state.hidden.has(s.name));
    this.summary.textContent = runsSentence(metrics.series, title, state.fn?.type);
    const hourly = METRIC_RANGES[metrics.range].interval === 'hour';
    const rangeWord = title.toLowerCase();
    this.chart.update(
      metrics.labels,
      shown,
      hourly
        ? l10n.t(
            'Stacked bar chart of runs per hour, {0}, with other counts as lines. {1} Arrow keys read each hour; the table after the chart lists every value.',
            rangeWord,
            this.summary.textContent,
          )
        : l10n.t(
            'Stacked bar chart of runs per day, {0}, with other counts as lines. {1} Arrow keys read each day; the table after the chart lists every value.',
            rangeWord,
            this.summary.textContent,
          ),
      state.cursor,
    );
    this.legend.replaceChildren(
      ...all.map((s) => {
        const visible = !state.hidden.has(s.name);
        const counter = s.role === 'counter';
        const title = counter
          ? visible
            ? l10n.t('Counted apart from runs (a line, not a bar). Hide from the chart')
            : l10n.t('Counted apart from runs (a line, not a bar). Show in the chart')
          : visible
            ? l10n.t('Hide from the chart')
            : l10n.t('Show in the chart');
        const item = el(
          'button',
          {
            type: 'button',
            class: `legend-item c-${s.color}${counter ? ' counter' : ''}`,
            'aria-pressed': String(visible),
            title,
          },
          el('span', { class: 'swatch', 'aria-hidden': 'true' }),
          el('span', { class: 'legend-label' }, s.label),
          el('span', { class: 'legend-total' }, count.format(s.total)),
        );
        item.addEventListener('click', () => this.actions.toggleSeries(s.name));
        item.dataset.fid = `series:${s.name}`;
        return el('li', {}, item);
      }),
    );
    this.renderTable(
      metrics.labels,
      all,
      hourly ? l10n.t('Runs per hour, {0}', rangeWord) : l10n.t('Runs per day, {0}', rangeWord),
    );
  }

  showTable(state: OverviewModel): void {
    this.tableWrap.classList.toggle('visually-hidden', !state.tableShown);
    this.tableToggle.setAttribute('aria-expanded', String(state.tableShown));
    this.tableToggle.querySelector('span:not(.codicon)')!.textContent = state.tableShown
      ? l10n.t('Hide table')
      : l10n.t('Show as table');
  }

  private renderTable(labels: readonly string[], series: ReturnType<typeof describeSeries>, caption: string): void {
    // The last column adds up run outcomes only: counters of other things (triggered...) would count events twice.
    const runs = series.filter((s) => s.role !== 'counter');
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, l10n.t('Time')),
      ...series.map((s) => el('th', { scope: 'col', class: 'num' }, s.label)),
      el('th', { scope: 'col', class: 'num' }, l10n.t('Runs')),
    );
    const body = el('tbody');
    labels.forEach((label, i) => {
      const total = runs.reduce((sum, s) => sum + (s.values[i] ?? 0), 0);
      body.append(
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, bucketLabel(label).long),
          ...series.map((s) => el('td', { class: 'num' }, count.format(s.values[i] ?? 0))),
          el('td', { class: 'num' }, count.format(total)),
        ),
      );
    });
    const grand = runs.reduce((sum, s) => sum + s.total, 0);
    const foot = el(
      'tr',
      {},
      el('th', { scope: 'row' }, l10n.t('Total')),
      ...series.map((s) => el('td', { class: 'num' }, count.format(s.total))),
      el('td', { class: 'num' }, count.format(grand)),
    );
    this.table.replaceChildren(el('caption', {}, caption), el('thead', {}, head), body, el('tfoot', {}, foot));
  }
}
