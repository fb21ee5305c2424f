// The Activity tab: who changed which property when, with before -> after as readable JSON, then how many entries
// of how many are shown and Load more.
import * as l10n from '@vscode/l10n';
import type { ActivityItem } from '../../../shared/protocol/groupPanel';
import { formatDateTime } from '../../../shared/format';
import { button, el, icon } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import { relativeTime } from '../../common/time';
import type { Actions } from '../actions';
import type { PanelModel } from '../state';

/** What an entry did, in words: PostHog's activity, else its first change's action, else the activity's own name. */
export function describeActivity(item: ActivityItem): string {
  if (item.activity === 'create_group') return l10n.t('created group');
  if (item.activity === 'create_property') return l10n.t('created property');
  switch (item.changes[0]?.action) {
    case 'created':
      return l10n.t('created');
    case 'changed':
      return l10n.t('changed');
    case 'deleted':
      return l10n.t('deleted');
    default:
      return item.activity.replace(/_/g, ' ');
  }
}

function json(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value, null, 2) ?? 'null');
}

/**
 * The rows to show: PostHog records creating a group as one `create_group` entry per property, all by the same person at
 * the same moment; those read as one "created group" row listing each property.
 */
export function activityRows(items: readonly ActivityItem[]): { item: ActivityItem; parts: ActivityItem[] }[] {
  const rows: { item: ActivityItem; parts: ActivityItem[] }[] = [];
  for (const item of items) {
    const last = rows[rows.length - 1];
    if (
      last &&
      item.activity === 'create_group' &&
      last.item.activity === 'create_group' &&
      item.unreadable === undefined &&
      last.item.unreadable === undefined &&
      last.item.who === item.who &&
      last.item.createdAt === item.createdAt
    ) {
      last.parts.push(item);
    } else {
      rows.push({ item, parts: [item] });
    }
  }
  return rows;
}

function changeCell(parts: readonly ActivityItem[]): HTMLElement {
  const cell = el('td', { class: 'change' });
  // A grouped row names each property beside its value, so a long value never leaves its name behind.
  const named = parts.length > 1;
  for (const { change, property } of parts.flatMap((p) =>
    p.changes.map((change) => ({ change, property: p.property })),
  )) {
    const before =
      change.action === 'created'
        ? null
        : el('pre', { class: 'before', 'aria-label': l10n.t('Before') }, json(change.before));
    const after =
      change.action === 'deleted'
        ? el('span', { class: 'muted' }, l10n.t('(deleted)'))
        : el('pre', { class: 'after', 'aria-label': l10n.t('After') }, json(change.after));
    cell.append(
      el(
        'div',
        { class: 'diff' },
        named ? el('span', { class: 'key' }, `${property ?? ''}:`) : null,
        before,
        before ? el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
        after,
      ),
    );
  }
  return cell;
}

function timeCell(iso: string): HTMLElement {
  return el('time', { datetime: iso, title: formatDateTime(iso) }, relativeTime(iso));
}

function renderRows(items: readonly ActivityItem[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const { item, parts } of activityRows(items)) {
    if (item.unreadable !== undefined) {
      fragment.append(
        el('tr', { class: 'unreadable' }, el('td', { colspan: '5' }, icon('warning'), ` ${item.unreadable}`)),
      );
      continue;
    }
    fragment.append(
      el(
        'tr',
        {},
        el('td', {}, item.who),
        el(
          'td',
          {},
          item.createdAt === null ? el('span', { class: 'muted' }, l10n.t('time unknown')) : timeCell(item.createdAt),
        ),
        el('td', {}, describeActivity(item)),
        el('td', { class: 'key' }, parts.length > 1 ? l10n.t('{0} properties', parts.length) : (item.property ?? '')),
        changeCell(parts),
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
      { class: 'activity', 'aria-label': l10n.t('Group activity, newest first') },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, l10n.t('Who')),
          el('th', { scope: 'col' }, l10n.t('When')),
          el('th', { scope: 'col' }, l10n.t('What')),
          el('th', { scope: 'col' }, l10n.t('Property')),
          el('th', { scope: 'col' }, l10n.t('Before → after')),
        ),
      ),
      this.body,
    ),
    this.footer,
  ];

  constructor(private readonly actions: Actions) {}

  update(state: PanelModel): void {
    const { actions } = this;
    const activity = state.activity;
    this.body.replaceChildren(renderRows(activity.items));
    this.footer.replaceChildren();
    if (activity.error)
      this.footer.append(
        el(
          'div',
          { class: 'notice error', role: 'alert' },
          ...errorBox(activity.error, actions.retryActivity, actions),
        ),
      );
    if (!activity.loaded) {
      if (!activity.error) this.footer.append(el('p', { class: 'muted' }, l10n.t('Loading activity…')));
      return;
    }
    if (!activity.items.length)
      this.footer.append(el('p', { class: 'muted' }, l10n.t('No activity recorded for this group yet.')));
    else
      this.footer.append(
        el('p', { class: 'muted' }, l10n.t('{0} of {1} entries', activity.items.length, activity.total)),
      );
    if (activity.hasMore && !activity.error) {
      const more = button(l10n.t('Load more'), { icon: 'fold-down', onClick: () => void actions.loadMoreActivity() });
      more.disabled = activity.loadingMore;
      this.footer.append(more);
    }
  }
}
