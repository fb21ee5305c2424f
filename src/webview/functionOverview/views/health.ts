// Whether the function runs, and how well, in words: a badge with PostHog's state, what it means for the
// function's events and what to do about it; then the buttons that run the extension's commands on it.
import * as l10n from '@vscode/l10n';
import type { HealthTone } from '../../../shared/hogFunctionHealth';
import type { PanelAction } from '../../../shared/protocol/functionOverview';
import { button, el, icon } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import { canTest, type OverviewModel } from '../state';

const TONE_ICON: Record<HealthTone, string> = {
  ok: 'pass-filled',
  warning: 'warning',
  error: 'error',
  off: 'circle-slash',
  unknown: 'question',
};

export class HealthView {
  private readonly badge = el('span', { class: 'health-badge' });
  private readonly meaning = el('p', { class: 'health-meaning' });
  private readonly advice = el('p', { class: 'health-advice' });
  readonly element = el(
    'section',
    { class: 'health', 'aria-label': l10n.t('Health') },
    this.badge,
    this.meaning,
    this.advice,
  );

  update(state: OverviewModel): void {
    this.element.hidden = !state.fn;
    if (!state.fn) return;
    const health = state.fn.health;
    this.badge.className = `health-badge tone-${health.tone}`;
    this.badge.replaceChildren(icon(TONE_ICON[health.tone]), el('span', {}, health.label));
    this.meaning.textContent = health.meaning;
    this.advice.textContent = health.advice;
  }
}

export class ActionsView {
  readonly element = el('div', { class: 'actions-bar', role: 'toolbar', 'aria-label': l10n.t('Hog function actions') });
  readonly notice = el('div', { class: 'notice error', role: 'alert', hidden: true });

  constructor(private readonly actions: Actions) {}

  update(state: OverviewModel): void {
    const { actions } = this;
    const action = (label: string, name: PanelAction, codicon: string, primary = false) => {
      const b = button(state.running === name ? `${label}…` : label, {
        icon: codicon,
        primary,
        onClick: () => void actions.run(name),
      });
      b.disabled = state.running !== null;
      b.dataset.fid = `action:${name}`;
      return b;
    };
    const enabled = state.fn?.enabled;
    this.element.replaceChildren(
      ...[
        action(l10n.t('Open Source'), 'openSource', 'go-to-file', true),
        canTest(state.fn) ? action(l10n.t('Test'), 'test', 'beaker') : null,
        state.fn
          ? action(enabled ? l10n.t('Disable') : l10n.t('Enable'), 'toggle', enabled ? 'circle-slash' : 'play')
          : null,
        action(l10n.t('Show Logs'), 'showLogs', 'output'),
      ].filter((b): b is HTMLButtonElement => b !== null),
    );
    this.notice.hidden = !state.actionError;
    const failed = state.actionError;
    if (failed) this.notice.replaceChildren(...errorBox(failed.error, () => void actions.run(failed.action), actions));
  }
}
