// The function's facts as PostHog keeps them: description, template, who created it and when, and its last change.
import * as l10n from '@vscode/l10n';
import { formatDateTime } from '../../../shared/format';
import { el } from '../../common/dom';
import { relativeTime } from '../../common/time';
import type { OverviewModel } from '../state';

function when(iso: string | null): HTMLElement | string {
  if (!iso) return '—';
  return el('time', { datetime: iso, title: formatDateTime(iso) }, relativeTime(iso));
}

export class DetailsView {
  readonly element = el('dl', { class: 'details' });

  update(state: OverviewModel): void {
    const fn = state.fn;
    this.element.hidden = !fn;
    if (!fn) return;
    const row = (term: string, value: HTMLElement | string) => [el('dt', {}, term), el('dd', {}, value)];
    this.element.replaceChildren(
      ...(fn.description ? row(l10n.t('Description'), fn.description) : []),
      ...row(l10n.t('Template'), fn.template ?? l10n.t('None (written from scratch)')),
      ...row(l10n.t('Created by'), fn.createdBy ?? l10n.t('Unknown (the user may have been deleted)')),
      ...row(l10n.t('Created'), when(fn.createdAt)),
      ...row(l10n.t('Last change'), when(fn.updatedAt)),
    );
  }
}
