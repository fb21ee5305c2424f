// The newest log entries of the function, coloured by level, with a level filter (none chosen means all levels) and
// "Show all", which opens the extension's logs view with the same levels.
import * as l10n from '@vscode/l10n';
import { LOG_LEVELS } from '../../../shared/protocol/functionOverview';
import { formatDateTime } from '../../../shared/format';
import { button, el } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { OverviewModel } from '../state';

export class LogsView {
  private readonly levelButtons: HTMLButtonElement[];
  private readonly allButton: HTMLButtonElement;
  private readonly error = el('div', { class: 'notice error', role: 'alert', hidden: true });
  private readonly body = el('tbody');
  private readonly table = el(
    'table',
    { class: 'logs-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, l10n.t('Time')),
        el('th', { scope: 'col' }, l10n.t('Level')),
        el('th', { scope: 'col' }, l10n.t('Message')),
      ),
    ),
    this.body,
  );
  private readonly empty = el('p', { class: 'empty muted', hidden: true });
  readonly element: HTMLElement;

  constructor(private readonly actions: Actions) {
    this.allButton = button(l10n.t('All'), { onClick: actions.showAllLevels });
    this.allButton.dataset.fid = 'level:all';
    this.levelButtons = LOG_LEVELS.map((level) => {
      const b = button(level, { onClick: () => actions.toggleLevel(level) });
      b.dataset.fid = `level:${level}`;
      return b;
    });
    const showAll = button(l10n.t('Show All'), { icon: 'link-external', onClick: () => void actions.run('showLogs') });
    showAll.title = l10n.t('Open the logs view with these levels');
    this.element = el(
      'section',
      { class: 'logs', 'aria-labelledby': 'logs-title' },
      el(
        'div',
        { class: 'section-head' },
        el('h2', { id: 'logs-title' }, l10n.t('Recent logs')),
        el(
          'div',
          { class: 'segmented', role: 'group', 'aria-label': l10n.t('Log levels') },
          this.allButton,
          ...this.levelButtons,
        ),
        showAll,
      ),
      this.error,
      this.table,
      this.empty,
    );
  }

  update(state: OverviewModel): void {
    this.allButton.setAttribute('aria-pressed', String(state.levels.length === 0));
    LOG_LEVELS.forEach((level, i) =>
      this.levelButtons[i]!.setAttribute('aria-pressed', String(state.levels.includes(level))),
    );
    const error = state.errors.logs;
    this.error.hidden = !error;
    if (error) this.error.replaceChildren(...errorBox(error, () => void this.actions.retryLogs(), this.actions));
    const entries = state.logs?.entries ?? [];
    this.table.hidden = entries.length === 0;
    this.empty.hidden = entries.length > 0;
    this.empty.textContent = !state.logs
      ? error
        ? ''
        : l10n.t('Loading logs…')
      : state.levels.length
        ? l10n.t('No {0} entries recently.', state.levels.join(', '))
        : l10n.t('No log entries recently.');
    this.body.replaceChildren(
      ...entries.map((e) => {
        const readable = formatDateTime(e.timestamp);
        return el(
          'tr',
          { class: `level-${e.level}` },
          el('td', { class: 'time' }, el('time', { datetime: e.timestamp }, readable)),
          el('td', {}, el('span', { class: 'level' }, e.level)),
          el('td', { class: 'message' }, e.message, ...this.debugButton(e)),
        );
      }),
    );
  }

  /** A failed run's entry that names its event can be debugged on it ("Error executing function on event <uuid>"). */
  private debugButton(e: { level: string; message: string }): HTMLElement[] {
    const eventId =
      e.level.toUpperCase() === 'ERROR'
        ? /\bevent ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(e.message)?.[1]
        : undefined;
    if (!eventId) return [];
    const debug = button(l10n.t('Debug This Run'), {
      icon: 'debug-alt',
      onClick: () => void this.actions.run('debugRun', eventId),
    });
    debug.title = l10n.t("Debug the function's current code on event {0}", eventId);
    debug.classList.add('debug-run');
    return [debug];
  }
}
