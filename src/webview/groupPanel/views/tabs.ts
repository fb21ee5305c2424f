// The Properties, Activity and Related tabs: an ARIA tablist (arrow keys switch tabs) and the two panels it shows and hides.
import * as l10n from '@vscode/l10n';
import { el, icon } from '../../common/dom';
import type { Actions } from '../actions';
import type { PanelModel, Tab } from '../state';

const TABS: Tab[] = ['properties', 'activity', 'related'];

export class TabsView {
  readonly panels: Record<Tab, HTMLElement> = {
    properties: el('section', { role: 'tabpanel', id: 'panel-properties', 'aria-labelledby': 'tab-properties' }),
    activity: el('section', { role: 'tabpanel', id: 'panel-activity', 'aria-labelledby': 'tab-activity' }),
    related: el('section', { role: 'tabpanel', id: 'panel-related', 'aria-labelledby': 'tab-related' }),
  };
  private readonly tabs: Record<Tab, HTMLButtonElement> = {
    properties: el(
      'button',
      { type: 'button', role: 'tab', id: 'tab-properties', 'aria-controls': 'panel-properties' },
      icon('symbol-property'),
      el('span', {}, l10n.t('Properties')),
    ),
    activity: el(
      'button',
      { type: 'button', role: 'tab', id: 'tab-activity', 'aria-controls': 'panel-activity' },
      icon('history'),
      el('span', {}, l10n.t('Activity')),
    ),
    related: el(
      'button',
      { type: 'button', role: 'tab', id: 'tab-related', 'aria-controls': 'panel-related' },
      icon('references'),
      el('span', {}, l10n.t('Related')),
    ),
  };
  readonly element = el(
    'div',
    { role: 'tablist', 'aria-label': l10n.t('Group panel sections'), class: 'tabs' },
    this.tabs.properties,
    this.tabs.activity,
    this.tabs.related,
  );

  constructor(actions: Actions) {
    for (const tab of TABS) {
      this.tabs[tab].addEventListener('click', () => actions.selectTab(tab));
      this.tabs[tab].addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const at = TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : -1);
        const other: Tab = TABS[(at + TABS.length) % TABS.length]!;
        actions.selectTab(other);
        this.tabs[other].focus();
        e.preventDefault();
      });
    }
  }

  update(state: PanelModel): void {
    for (const tab of TABS) {
      const selected = state.tab === tab;
      this.tabs[tab].setAttribute('aria-selected', String(selected));
      this.tabs[tab].tabIndex = selected ? 0 : -1;
      this.panels[tab].hidden = !selected;
    }
  }
}
