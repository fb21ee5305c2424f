// The function's facts as PostHog keeps them: description, template, who created it and when, and its last change.
import { el } from '../../common/dom';
import { relativeTime } from '../../common/time';
import type { OverviewModel } from '../state';

function when(iso: string | null): HTMLElement | string {
  if (!iso) return '—';
  const exact = new Date(iso);
  return el('time', { datetime: iso, title: Number.isNaN(exact.getTime()) ? iso : exact.toLocaleString() }, relativeTime(iso));
}

export class DetailsView {
  readonly element = el('dl', { class: 'details' });

  update(state: OverviewModel): void {
    const fn = state.fn;
    this.element.hidden = !fn;
    if (!fn) return;
    const row = (term: string, value: HTMLElement | string) => [el('dt', {}, term), el('dd', {}, value)];
    this.element.replaceChildren(
      ...(fn.description ? row('Description', fn.description) : []),
      ...row('Template', fn.template ?? 'None (written from scratch)'),
      ...row('Created by', fn.createdBy ?? 'Unknown (the user may have been deleted)'),
      ...row('Created', when(fn.createdAt)),
      ...row('Last change', when(fn.updatedAt)),
    );
  }
}
