// The Related tab: the persons and groups PostHog saw on the same events as this group in the last 90 days. A group
// opens its own panel; a person opens in PostHog (the extension has no person view).
import * as l10n from '@vscode/l10n';
import { el, icon } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { PanelModel } from '../state';

export class RelatedView {
  private readonly status = el('p', { class: 'muted related-status' });
  private readonly error = el('div', { class: 'notice error', hidden: true });
  private readonly list = el('ul', { class: 'related' });
  readonly elements: HTMLElement[] = [this.error, this.status, this.list];

  constructor(private readonly actions: Actions) {}

  update(state: PanelModel): void {
    const { items, loading, error } = state.related;
    this.error.hidden = !error;
    this.error.replaceChildren(
      ...(error
        ? errorBox(error, () => this.actions.loadRelated(), {
            signIn: this.actions.signIn,
            showLog: this.actions.showLog,
          })
        : []),
    );
    this.status.textContent = loading
      ? l10n.t('Loading related people and groups…')
      : items?.length === 0
        ? l10n.t('No people or groups were seen on the same events as this group in the last 90 days.')
        : items
          ? l10n.t('Seen on the same events in the last 90 days.')
          : '';
    this.list.replaceChildren(
      ...(items ?? []).map((item) => {
        const open = el(
          'button',
          {
            type: 'button',
            class: 'link',
            title: item.kind === 'person' ? l10n.t('Open in PostHog') : l10n.t('Open group'),
          },
          item.label,
        );
        open.addEventListener('click', () => this.actions.openRelated(item));
        return el(
          'li',
          { class: `related-item ${item.kind}` },
          icon(item.kind === 'person' ? 'person' : 'organization'),
          open,
          el('span', { class: 'muted' }, item.detail),
        );
      }),
    );
  }
}
