// The panel's notices: the banner when the group cannot be loaded, and above the table Undo after "Discard all", save
// conflicts, the last save's report and the staged changes with Save (Ctrl+S) / Discard all.
import * as l10n from '@vscode/l10n';
import { displayValue } from '../../../shared/propertyValue';
import { button, el, icon } from '../../common/dom';
import { errorBox } from '../../common/errorBox';
import type { Actions } from '../actions';
import type { Conflict, PanelModel, SaveReport } from '../state';

export class BannerView {
  readonly element = el('div', { class: 'banner', role: 'alert', hidden: true });

  constructor(private readonly actions: Actions) {}

  update(state: PanelModel): void {
    const error = state.groupError;
    this.element.hidden = !error;
    if (error) this.element.replaceChildren(...errorBox(error, () => void this.actions.refresh(), this.actions));
  }
}

export class SaveAreaView {
  readonly element = el('div', { class: 'save-area' });

  constructor(private readonly actions: Actions) {}

  update(state: PanelModel): void {
    const { actions } = this;
    const parts: HTMLElement[] = [];
    if (state.discarded) {
      const count = state.discarded.size;
      const undoButton = button(l10n.t('Undo'), { icon: 'discard', onClick: actions.undoDiscard });
      undoButton.dataset.fid = 'undo-discard';
      parts.push(
        el(
          'div',
          { class: 'notice', role: 'status' },
          icon('discard'),
          el(
            'span',
            { class: 'message' },
            count === 1 ? l10n.t('Discarded 1 staged change.') : l10n.t('Discarded {0} staged changes.', count),
          ),
          undoButton,
          button(l10n.t('Dismiss'), { icon: 'close', iconOnly: true, onClick: actions.dismissDiscarded }),
        ),
      );
    }
    if (state.conflicts) parts.push(this.conflictBox(state, state.conflicts));
    if (state.report) parts.push(this.reportBox(state.report));
    if (state.staged.size) {
      const count = state.staged.size;
      parts.push(
        el(
          'div',
          { class: 'notice staged-bar' },
          icon('edit'),
          el(
            'span',
            { class: 'message' },
            count === 1 ? l10n.t('1 staged change') : l10n.t('{0} staged changes', count),
          ),
          Object.assign(
            button(state.saving ? l10n.t('Saving…') : l10n.t('Save'), {
              icon: 'save',
              primary: true,
              onClick: () => void actions.save(),
            }),
            { disabled: state.saving, title: l10n.t('Save the staged changes to PostHog (Ctrl+S)') },
          ),
          Object.assign(button(l10n.t('Discard all'), { icon: 'discard', onClick: actions.discardAll }), {
            disabled: state.saving,
          }),
        ),
      );
    }
    this.element.replaceChildren(...parts);
  }

  private conflictBox(state: PanelModel, conflicts: readonly Conflict[]): HTMLElement {
    const list = el('ul');
    for (const c of conflicts) {
      const staged = state.staged.get(c.key);
      const was = staged?.loaded.present ? displayValue(staged.loaded.value) : l10n.t('(not set)');
      const now = c.current.present ? displayValue(c.current.value) : l10n.t('(deleted)');
      list.append(el('li', {}, el('code', {}, c.key), l10n.t(': you loaded {0}, PostHog now has {1}.', was, now)));
    }
    return el(
      'div',
      { class: 'notice warning', role: 'alert' },
      el(
        'div',
        {},
        icon('warning'),
        el('span', { class: 'message' }, l10n.t('These properties changed on PostHog since you loaded them:')),
        list,
      ),
      button(l10n.t('Overwrite with my values'), {
        icon: 'check',
        primary: true,
        onClick: () => void this.actions.save(true),
      }),
      button(l10n.t("Keep PostHog's values"), { icon: 'discard', onClick: this.actions.keepTheirs }),
    );
  }

  private reportBox(report: SaveReport): HTMLElement {
    const { actions } = this;
    if (report.error)
      return el(
        'div',
        { class: 'notice error', role: 'alert' },
        ...errorBox(report.error, () => void actions.save(), actions),
      );
    const { saved = [], failed, notAttempted = [] } = report.outcome ?? {};
    const items = el('ul', { class: 'report' });
    if (saved.length)
      items.append(el('li', { class: 'saved' }, icon('check'), ` ${l10n.t('Saved: {0}', saved.join(', '))}`));
    if (failed)
      items.append(
        el(
          'li',
          { class: 'failed' },
          icon('error'),
          ` ${l10n.t('Failed: {0}: {1}', failed.key, failed.error.message)}`,
        ),
      );
    if (notAttempted.length)
      items.append(
        el(
          'li',
          { class: 'skipped' },
          icon('circle-slash'),
          ` ${l10n.t('Not attempted: {0}', notAttempted.join(', '))}`,
        ),
      );
    const retry =
      failed || notAttempted.length
        ? button(l10n.t('Retry'), { icon: 'refresh', onClick: () => void actions.save() })
        : null;
    const signIn = failed?.error.signIn
      ? button(l10n.t('Sign In'), { icon: 'sign-in', onClick: actions.signIn })
      : null;
    return el(
      'div',
      { class: `notice ${failed ? 'error' : ''}`, role: 'status', 'aria-label': l10n.t('Save report') },
      items,
      retry,
      signIn,
    );
  }
}
