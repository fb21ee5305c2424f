// The panel's header: the group's name (in italics while the panel is a preview, which a double click keeps open),
// its type and key, Refresh and Copy as JSON, and the progress bar while loading or saving.
import * as l10n from '@vscode/l10n';
import { groupLabel } from '../../../shared/labels';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';
import { properties, type PanelModel } from '../state';

export class HeaderView {
  private readonly name = el('span');
  private readonly previewNote = el('span', { class: 'visually-hidden' });
  private readonly title = el('h1', { class: 'title' }, this.name, this.previewNote);
  private readonly subtitle = el('p', { class: 'subtitle' });
  /** Said while the group's project is not the selected one: where the panel loads from and saves to. */
  private readonly projectNote = el('p', { class: 'project-note', role: 'status', hidden: true });
  readonly element: HTMLElement;
  readonly progress = el('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': l10n.t('Loading'),
    hidden: true,
  });

  constructor(actions: Actions, state: () => PanelModel) {
    this.element = el(
      'header',
      {},
      el('div', { class: 'heading' }, this.title, this.subtitle, this.projectNote),
      el(
        'div',
        { class: 'toolbar' },
        button(l10n.t('Refresh'), { icon: 'refresh', iconOnly: true, onClick: () => void actions.refresh() }),
        button(l10n.t('Copy all properties as JSON'), {
          icon: 'json',
          iconOnly: true,
          onClick: () => actions.copy(JSON.stringify(properties(state()), null, 2), l10n.t('all properties as JSON')),
        }),
      ),
    );
    this.title.addEventListener('dblclick', () => actions.keepOpen());
  }

  update(state: PanelModel): void {
    this.name.textContent = state.group ? groupLabel(state.group) : state.groupKey;
    this.title.classList.toggle('preview', state.preview);
    this.title.title = state.preview
      ? l10n.t('Preview: the next group you open from the tree replaces it. Double-click to keep it open.')
      : '';
    this.previewNote.textContent = state.preview ? ` ${l10n.t('(preview)')}` : '';
    this.subtitle.textContent = `${state.groupTypeName} · ${state.groupKey}`;
    this.projectNote.textContent = state.projectNote ?? '';
    this.projectNote.hidden = state.projectNote === undefined;
  }

  busy(state: PanelModel): void {
    this.progress.hidden = !state.loading && !state.saving;
  }
}
