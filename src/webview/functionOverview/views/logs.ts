// The newest log entries of the function, coloured by level, with a level filter (none chosen means all levels) and
// "Show all", which opens the extension's logs view with the same levels.
import { LOG_LEVELS } from '../../../shared/protocol/functionOverview';
import { button, el } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { OverviewModel } from '../state';

export class LogsView {
  private readonly levelButtons: HTMLButtonElement[];
  private readonly allButton: HTMLButtonElement;
  private readonly error = el('div', { class: 'notice error', role: 'alert', hidden: true });
  private readonly body = el('tbody');
  private readonly table = el('table', { class: 'logs-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Time'), el('th', { scope: 'col' }, 'Level'), el('th', { scope: 'col' }, 'Message'))),
    this.body);
  private readonly empty = el('p', { class: 'empty muted', hidden: true });
  readonly element: HTMLElement;

  constructor(private readonly actions: Actions) {
    this.allButton = button('All', { onClick: actions.showAllLevels });
    this.allButton.dataset.fid = 'level:all';
    this.levelButtons = LOG_LEVELS.map((level) => {
      const b = button(level, { onClick: () => actions.toggleLevel(level) });
      b.dataset.fid = `level:${level}`;
      return b;
    });
    const showAll = button('Show All', { icon: 'link-external', onClick: () => void actions.run('showLogs') });
    showAll.title = 'Open the logs view with these levels';
    this.element = el(
      'section',
      { class: 'logs', 'aria-labelledby': 'logs-title' },
      el('div', { class: 'section-head' },
        el('h2', { id: 'logs-title' }, 'Recent logs'),
        el('div', { class: 'segmented', role: 'group', 'aria-label': 'Log levels' }, this.allButton, ...this.levelButtons),
        showAll),
      this.error,
      this.table,
      this.empty,
    );
  }

  update(state: OverviewModel): void {
    this.allButton.setAttribute('aria-pressed', String(state.levels.length === 0));
    LOG_LEVELS.forEach((level, i) => this.levelButtons[i]!.setAttribute('aria-pressed', String(state.levels.includes(level))));
    const error = state.errors.logs;
    this.error.hidden = !error;
    if (error) this.error.replaceChildren(...errorBox(error, () => void this.actions.retryLogs(), this.actions));
    const entries = state.logs?.entries ?? [];
    this.table.hidden = entries.length === 0;
    this.empty.hidden = entries.length > 0;
    this.empty.textContent = !state.logs ? (error ? '' : 'Loading logs…') : state.levels.length ? `No ${state.levels.join(', ')} entries recently.` : 'No log entries recently.';
    this.body.replaceChildren(...entries.map((e) => {
      const time = new Date(e.timestamp);
      const readable = Number.isNaN(time.getTime()) ? e.timestamp : time.toLocaleString();
      return el('tr', { class: `level-${e.level}` },
        el('td', { class: 'time' }, el('time', { datetime: e.timestamp }, readable)),
        el('td', {}, el('span', { class: 'level' }, e.level)),
        el('td', { class: 'message' }, e.message));
    }));
  }
}
