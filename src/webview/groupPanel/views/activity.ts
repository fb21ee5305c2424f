// The Activity tab: who changed which property when, with before -> after as readable JSON, then how many entries
// of how many are shown and Load more.
import type { ActivityItem } from '../../../shared/protocol/groupPanel';
import { button, el, icon } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import { relativeTime } from '../../common/time';
import type { Actions } from '../actions';
import type { PanelModel } from '../state';

const WHAT: Record<string, string> = {
  create_group: 'created group',
  create_property: 'created property',
};
const ACTION: Record<string, string> = { created: 'created', changed: 'changed', deleted: 'deleted' };

export function describeActivity(item: ActivityItem): string {
  const known = WHAT[item.activity];
  if (known) return known;
  const action = item.changes[0]?.action;
  return (action && ACTION[action]) ?? item.activity.replace(/_/g, ' ');
}

function json(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value, null, 2) ?? 'null');
}

function changeCell(item: ActivityItem): HTMLElement {
  const cell = el('td', { class: 'change' });
  for (const change of item.changes) {
    const before = change.action === 'created' ? null : el('pre', { class: 'before', 'aria-label': 'Before' }, json(change.before));
    const after = change.action === 'deleted' ? el('span', { class: 'muted' }, '(deleted)') : el('pre', { class: 'after', 'aria-label': 'After' }, json(change.after));
    cell.append(el('div', { class: 'diff' }, before, before ? el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null, after));
  }
  return cell;
}

function timeCell(iso: string): HTMLElement {
  const exact = new Date(iso);
  return el('time', { datetime: iso, title: Number.isNaN(exact.getTime()) ? iso : exact.toLocaleString() }, relativeTime(iso));
}

function activityRows(items: readonly ActivityItem[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const item of items) {
    if (item.unreadable !== undefined) {
      fragment.append(el('tr', { class: 'unreadable' }, el('td', { colspan: '5' }, icon('warning'), ` ${item.unreadable}`)));
      continue;
    }
    fragment.append(
      el(
        'tr',
        {},
        el('td', {}, item.who),
        el('td', {}, item.createdAt === null ? el('span', { class: 'muted' }, 'time unknown') : timeCell(item.createdAt)),
        el('td', {}, describeActivity(item)),
        el('td', { class: 'key' }, item.property ?? ''),
        changeCell(item),
      ),
    );
  }
  return fragment;
}

export class ActivityView {
  private readonly body = el('tbody');
  private readonly footer = el('div', { class: 'activity-footer' });
  readonly elements: HTMLElement[] = [
    el(
      'table',
      { class: 'activity', 'aria-label': 'Group activity, newest first' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Who'), el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'What'), el('th', { scope: 'col' }, 'Property'), el('th', { scope: 'col' }, 'Before → after'))),
      this.body,
    ),
    this.footer,
  ];

  constructor(private readonly actions: Actions) {}

  update(state: PanelModel): void {
    const { actions } = this;
    const activity = state.activity;
    this.body.replaceChildren(activityRows(activity.items));
    this.footer.replaceChildren();
    if (activity.error) this.footer.append(el('div', { class: 'notice error', role: 'alert' }, ...errorBox(activity.error, actions.retryActivity, actions)));
    if (!activity.loaded) {
      if (!activity.error) this.footer.append(el('p', { class: 'muted' }, 'Loading activity…'));
      return;
    }
    if (!activity.items.length) this.footer.append(el('p', { class: 'muted' }, 'No activity recorded for this group yet.'));
    else this.footer.append(el('p', { class: 'muted' }, `${activity.items.length} of ${activity.total} entries`));
    if (activity.hasMore && !activity.error) {
      const more = button('Load more', { icon: 'fold-down', onClick: () => void actions.loadMoreActivity() });
      more.disabled = activity.loadingMore;
      this.footer.append(more);
    }
  }
}
