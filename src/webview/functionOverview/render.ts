// The one place that decides what repaints: after every state change, each region whose inputs changed is painted
// again from the new state; keyboard focus stays on the element it was on, even one that was just rebuilt.
import type { OverviewModel } from './state';
import type { Views } from './views/layout';

export function render(views: Views, state: OverviewModel, previous: OverviewModel | undefined): void {
  const changed = (...keys: (keyof OverviewModel)[]) => !previous || keys.some((k) => state[k] !== previous[k]);
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.fid;

  if (changed('fn', 'functionId')) {
    views.header.update(state);
    views.health.update(state);
    views.details.update(state);
  }
  if (changed('loading')) views.header.busy(state);
  if (changed('fn', 'running', 'actionError')) views.actions.update(state);
  if (changed('range', 'metrics', 'errors', 'hidden', 'liveSeconds', 'fn')) views.metrics.update(state);
  else if (changed('cursor')) views.metrics.chart.point(state.cursor);
  if (changed('tableShown')) views.metrics.showTable(state);
  if (changed('levels', 'logs', 'errors')) views.logs.update(state);

  if (!previous) views.app.removeAttribute('aria-busy');
  if (focused && (document.activeElement === document.body || !document.activeElement?.isConnected)) {
    Array.from(views.app.querySelectorAll<HTMLElement>('[data-fid]'))
      .find((e) => e.dataset.fid === focused)
      ?.focus();
  }
}
