// Builds the panel's page once from its views: header, progress, banner, tabs; the Properties tab holds the filter,
// the add form, the notices and the table, the Activity tab the activity list, the Related tab related people and groups.
import type { Actions } from '../actions';
import type { PanelModel } from '../state';
import { ActivityView } from './activity';
import { AddFormView } from './addForm';
import { HeaderView } from './header';
import { BannerView, SaveAreaView } from './notices';
import { PropertiesView } from './properties';
import { RelatedView } from './related';
import { TabsView } from './tabs';

export interface Views {
  app: HTMLElement;
  header: HeaderView;
  banner: BannerView;
  tabs: TabsView;
  addForm: AddFormView;
  notices: SaveAreaView;
  properties: PropertiesView;
  activity: ActivityView;
  related: RelatedView;
}

export function mountViews(app: HTMLElement, actions: Actions, state: () => PanelModel): Views {
  const views: Views = {
    app,
    header: new HeaderView(actions, state),
    banner: new BannerView(actions),
    tabs: new TabsView(actions),
    addForm: new AddFormView(actions),
    notices: new SaveAreaView(actions),
    properties: new PropertiesView(actions),
    activity: new ActivityView(actions),
    related: new RelatedView(actions),
  };
  const { header, banner, tabs, addForm, notices, properties, activity, related } = views;
  tabs.panels.properties.append(
    properties.toolbar,
    addForm.form,
    addForm.keySuggestions,
    addForm.valueSuggestions,
    notices.element,
    properties.table,
    properties.emptyMessage,
  );
  tabs.panels.activity.append(...activity.elements);
  tabs.panels.related.append(...related.elements);
  app.replaceChildren(
    header.element,
    header.progress,
    banner.element,
    tabs.element,
    tabs.panels.properties,
    tabs.panels.activity,
    tabs.panels.related,
  );
  return views;
}
