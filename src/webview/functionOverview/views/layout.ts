// Builds the panel's page once from its views: header and progress, health and the action buttons, the details,
// the Runs section (chart, legend with totals, table) and the recent logs.
import type { Actions } from '../actions';
import { DetailsView } from './details';
import { HeaderView } from './header';
import { ActionsView, HealthView } from './health';
import { LogsView } from './logs';
import { MetricsView } from './metrics';

export interface Views {
  app: HTMLElement;
  header: HeaderView;
  health: HealthView;
  actions: ActionsView;
  details: DetailsView;
  metrics: MetricsView;
  logs: LogsView;
}

export function mountViews(app: HTMLElement, actions: Actions): Views {
  const views: Views = {
    app,
    header: new HeaderView(actions),
    health: new HealthView(),
    actions: new ActionsView(actions),
    details: new DetailsView(),
    metrics: new MetricsView(actions),
    logs: new LogsView(actions),
  };
  const { header, health, details, metrics, logs } = views;
  app.replaceChildren(
    header.element,
    header.progress,
    health.element,
    views.actions.element,
    views.actions.notice,
    details.element,
    metrics.element,
    logs.element,
  );
  return views;
}
