// The "Add property" form: name (with PostHog's property names as suggestions), type, value (with the values the
// name already has), Stage. Typing only updates the state; the form is rebuilt when its type changes or the state
// holds something the inputs do not show (emptied after Stage, restored after a reload).
import * as l10n from '@vscode/l10n';
import { el, icon } from '../../common/dom';
import type { Actions } from '../actions';
import type { PanelModel } from '../state';
import { typeSelect, valueInput } from './editor';

export class AddFormView {
  readonly form = el('form', { class: 'add', 'aria-label': l10n.t('Add property') });
  readonly keySuggestions = el('datalist', { id: 'key-suggestions' });
  readonly valueSuggestions = el('datalist', { id: 'value-suggestions' });
  private readonly error = el('div', { class: 'inline-error', role: 'alert', id: 'add-error' });
  private keyInput: HTMLInputElement | undefined;
  private value: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | undefined;
  private valueTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly actions: Actions) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      actions.stageAddDraft();
    });
  }

  update(state: PanelModel, previous: PanelModel | undefined): void {
    const draft = state.addDraft;
    const shown = this.keyInput?.value === draft.key && this.value?.value === draft.text && previous?.addDraft.valueType === draft.valueType;
    if (!shown) this.build(state);
    this.error.textContent = state.addError ?? '';
    if (state.keySuggestions !== previous?.keySuggestions) this.keySuggestions.replaceChildren(...state.keySuggestions.map((v) => el('option', { value: v })));
    if (state.valueSuggestions !== previous?.valueSuggestions) this.valueSuggestions.replaceChildren(...state.valueSuggestions.map((v) => el('option', { value: v })));
  }

  private build(state: PanelModel): void {
    const { actions } = this;
    const draft = state.addDraft;
    const keyInput = el('input', { type: 'text', class: 'key-input', placeholder: l10n.t('New property name'), 'aria-label': l10n.t('New property name'), list: 'key-suggestions', maxlength: '400', spellcheck: 'false' });
    keyInput.value = draft.key;
    keyInput.dataset.fid = 'add-key';
    keyInput.addEventListener('focus', () => void actions.suggestKeys(), { once: true });
    keyInput.addEventListener('input', () => {
      actions.editAddDraft({ key: keyInput.value });
      clearTimeout(this.valueTimer);
      const key = keyInput.value;
      this.valueTimer = setTimeout(() => void actions.suggestValues(key), 300);
    });
    const value = valueInput(draft, l10n.t('New property value'), (text) => actions.editAddDraft({ text }));
    if (value instanceof HTMLInputElement) value.setAttribute('list', 'value-suggestions');
    value.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && value instanceof HTMLTextAreaElement) {
        e.preventDefault();
        actions.stageAddDraft();
      }
    });
    this.keyInput = keyInput;
    this.value = value;
    this.form.replaceChildren(
      keyInput,
      typeSelect(draft.valueType, l10n.t('New property type'), (t) => actions.changeAddDraftType(t)),
      value,
      el('button', { type: 'submit', class: 'button secondary' }, icon('add'), el('span', {}, l10n.t('Stage'))),
      this.error,
    );
  }
}
