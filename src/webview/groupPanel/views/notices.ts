// The panel's notices: the banner when the group cannot be loaded, and above the table the failed delete or undo,
// Undo after a delete, save conflicts, the last save's report and the staged changes with Save / Discard all.
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
    if (state.actionError) parts.push(el('div', { class: 'notice error', role: 'alert' }, ...errorBox(state.actionError, actions.retryAfterActionError, actions)));
    if (state.undo) {
      const undoButton = button('Undo', { icon: 'discard', onClick: () => void actions.undoDelete() });
      undoButton.dataset.fid = 'undo';
      parts.push(el('div', { class: 'notice', role: 'status' }, icon('trash'), el('span', { class: 'message' }, `Deleted "${state.undo.key}".`), undoButton,
        button('Dismiss', { icon: 'close', iconOnly: true, onClick: actions.dismissUndo })));
    }
    if (state.conflicts) parts.push(this.conflictBox(state, state.conflicts));
    if (state.report) parts.push(this.reportBox(state.report));
    if (state.staged.size) {
      const count = state.staged.size;
      parts.push(el('div', { class: 'notice staged-bar' }, icon('edit'), el('span', { class: 'message' }, `${count} staged change${count === 1 ? '' : 's'}`),
        Object.assign(button(state.saving ? 'Saving…' : 'Save', { icon: 'save', primary: true, onClick: () => void actions.save() }), { disabled: state.saving }),
        Object.assign(button('Discard all', { icon: 'discard', onClick: actions.discardAll }), { disabled: state.saving })));
    }
    this.element.replaceChildren(...parts);
  }

  private conflictBox(state: PanelModel, conflicts: readonly Conflict[]): HTMLElement {
    const list = el('ul');
    for (const c of conflicts) {
      const staged = state.staged.get(c.key);
      const was = staged?.loaded.present ? displayValue(staged.loaded.value) : '(not set)';
      const now = c.current.present ? displayValue(c.current.value) : '(deleted)';
      list.append(el('li', {}, el('code', {}, c.key), `: you loaded ${was}, PostHog now has ${now}.`));
    }
    return el('div', { class: 'notice warning', role: 'alert' },
      el('div', {}, icon('warning'), el('span', { class: 'message' }, 'These properties changed on PostHog since you loaded them:'), list),
      button('Overwrite with my values', { icon: 'check', primary: true, onClick: () => void this.actions.save(true) }),
      button("Keep PostHog's values", { icon: 'discard', onClick: this.actions.keepTheirs }));
  }

  private reportBox(report: SaveReport): HTMLElement {
    const { actions } = this;
    if (report.error) return el('div', { class: 'notice error', role: 'alert' }, ...errorBox(report.error, () => void actions.save(), actions));
    const { saved = [], failed, notAttempted = [] } = report.outcome ?? {};
    const items = el('ul', { class: 'report' });
    if (saved.length) items.append(el('li', { class: 'saved' }, icon('check'), ` Saved: ${saved.join(', ')}`));
    if (failed) items.append(el('li', { class: 'failed' }, icon('error'), ` Failed: ${failed.key}: ${failed.error.message}`));
    if (notAttempted.length) items.append(el('li', { class: 'skipped' }, icon('circle-slash'), ` Not attempted: ${notAttempted.join(', ')}`));
    const retry = failed || notAttempted.length ? button('Retry', { icon: 'refresh', onClick: () => void actions.save() }) : null;
    const signIn = failed?.error.signIn ? button('Sign In', { icon: 'sign-in', onClick: actions.signIn }) : null;
    return el('div', { class: `notice ${failed ? 'error' : ''}`, role: 'status', 'aria-label': 'Save report' }, items, retry, signIn);
  }
}
