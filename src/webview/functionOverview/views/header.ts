// The panel's header: the function's name, its type and id, Refresh, how live the panel is, and the progress bar
// while a refresh is on its way.
import * as l10n from '@vscode/l10n';
import { functionLabel, singularFunctionTypeLabel } from '../../../shared/functionTypes';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';
import type { OverviewModel } from '../state';

export class HeaderView {
  private readonly title = el('h1', { class: 'title' });
  private readonly subtitle = el('p', { class: 'subtitle' });
  readonly element: HTMLElement;
  readonly progress = el('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': l10n.t('Loading'),
    hidden: true,
  });

  constructor(actions: Actions) {
    this.element = el(
      'header',
      {},
      el('div', { class: 'heading' }, this.title, this.subtitle),
      el(
        'div',
        { class: 'toolbar' },
        button(l10n.t('Refresh'), { icon: 'refresh', iconOnly: true, onClick: () => void actions.refresh() }),
      ),
    );
  }

  update(state: OverviewModel): void {
    this.title.textContent = state.fn ? functionLabel(state.fn) : l10n.t('Hog function');
    const type = state.fn ? singularFunctionTypeLabel(state.fn.type) : undefined;
    this.subtitle.textContent = [type, state.functionId].filter(Boolean).join(' · ');
  }

  busy(state: OverviewModel): void {
    this.progress.hidden = !state.loading;
  }
}
