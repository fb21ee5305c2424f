// The panel's header: the group's name, its type and key, Refresh and Copy as JSON, and the progress bar while
// loading or saving.
import { groupLabel } from '../../../shared/labels';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';
import { properties, type PanelModel } from '../state';

export class HeaderView {
  private readonly title = el('h1', { class: 'title' });
  private readonly subtitle = el('p', { class: 'subtitle' });
  readonly element: HTMLElement;
  readonly progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Loading', hidden: true });

  constructor(actions: Actions, state: () => PanelModel) {
    this.element = el(
      'header',
      {},
      el('div', { class: 'heading' }, this.title, this.subtitle),
      el(
        'div',
        { class: 'toolbar' },
        button('Refresh', { icon: 'refresh', iconOnly: true, onClick: () => void actions.refresh() }),
        button('Copy all properties as JSON', { icon: 'json', iconOnly: true, onClick: () => actions.copy(JSON.stringify(properties(state()), null, 2), 'all properties as JSON') }),
      ),
    );
  }

  update(state: PanelModel): void {
    this.title.textContent = state.group ? groupLabel(state.group) : state.groupKey;
    this.subtitle.textContent = `${state.groupTypeName} · ${state.groupKey}`;
  }

  busy(state: PanelModel): void {
    this.progress.hidden = !state.loading && !state.saving;
  }
}
