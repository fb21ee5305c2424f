// The "Add property" form: name (with PostHog's property names as suggestions), type, value (with the values the
// name already has), Stage. Typing only updates the state. The form is built once: a type change keeps every control
// (and the keyboard focus on the type control) and swaps only the value input when its kind changes (one line, JSON's
// text area, a boolean's choice), carrying the text over as typed; inputs are refilled only when the state holds
// something they do not show (emptied after Stage, restored after a reload).
import * as l10n from '@vscode/l10n';
import { el, icon } from '../../common/dom';
import type { Actions } from '../actions';
import type { PanelModel } from '../state';
import { typeSelect, valueInput } from './editor';

type ValueElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Which element a type's value is typed into. */
const kindOf = (valueType: string): string =>
  valueType === 'boolean' ? 'select' : valueType === 'json' ? 'textarea' : 'input';

export class AddFormView {
  readonly form = el('form', { class: 'add', 'aria-label': l10n.t('Add property') });
  readonly keySuggestions = el('datalist', { id: 'key-suggestions' });
  readonly valueSuggestions = el('datalist', { id: 'value-suggestions' });
  private readonly error = el('div', { class: 'inline-error', role: 'alert', id: 'add-error' });
  private readonly keyInput: HTMLInputElement;
  private readonly type: HTMLSelectElement;
  private value: ValueElement | undefined;
  private valueKind = '';
  private valueTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly actions: Actions) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      actions.stageAddDraft();
    });
    const keyInput = el('input', {
      type: 'text',
      class: 'key-input',
      placeholder: l10n.t('New property name'),
      'aria-label': l10n.t('New property name'),
      list: 'key-suggestions',
      maxlength: '400',
      spellcheck: 'false',
    });
    keyInput.dataset.fid = 'add-key';
    keyInput.addEventListener('focus', () => void actions.suggestKeys(), { once: true });
    keyInput.addEventListener('input', () => {
      actions.editAddDraft({ key: keyInput.value });
      clearTimeout(this.valueTimer);
      const key = keyInput.value;
      this.valueTimer = setTimeout(() => void actions.suggestValues(key), 300);
    });
    this.keyInput = keyInput;
    this.type = typeSelect('string', l10n.t('New property type'), 'add-type', (t) => actions.changeAddDraftType(t));
    this.form.append(
      keyInput,
      this.type,
      el('button', { type: 'submit', class: 'button secondary' }, icon('add'), el('span', {}, l10n.t('Stage'))),
      this.error,
    );
  }

  update(state: PanelModel, previous: PanelModel | undefined): void {
    const draft = state.addDraft;
    if (this.keyInput.value !== draft.key) this.keyInput.value = draft.key;
    if (this.type.value !== draft.valueType) this.type.value = draft.valueType;
    if (!this.value || this.valueKind !== kindOf(draft.valueType) || previous?.addDraft.valueType !== draft.valueType)
      this.buildValue(state);
    else if (this.value.value !== draft.text) this.value.value = draft.text;
    // Why Stage refused; typing replaces it with what is wrong with the value now (valueInput keeps that line).
    if (state.addError && state.addError !== previous?.addError)
      this.error.replaceChildren(el('span', {}, state.addError));
    if (state.keySuggestions !== previous?.keySuggestions)
      this.keySuggestions.replaceChildren(...state.keySuggestions.map((v) => el('option', { value: v })));
    if (state.valueSuggestions !== previous?.valueSuggestions)
      this.valueSuggestions.replaceChildren(...state.valueSuggestions.map((v) => el('option', { value: v })));
  }

  /** The value input for the draft's type, in the place of the old one (which keeps its focus if it had it). */
  private buildValue(state: PanelModel): void {
    const { actions } = this;
    const draft = state.addDraft;
    const value = valueInput(draft, l10n.t('New property value'), this.error, (text) => actions.editAddDraft({ text }));
    if (value instanceof HTMLInputElement) value.setAttribute('list', 'value-suggestions');
    value.dataset.fid = 'add-value';
    value.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && value instanceof HTMLTextAreaElement) {
        e.preventDefault();
        actions.stageAddDraft();
      }
    });
    const hadFocus = this.value !== undefined && document.activeElement === this.value;
    if (this.value) this.value.replaceWith(value);
    else this.type.after(value);
    this.value = value;
    this.valueKind = kindOf(draft.valueType);
    if (hadFocus) value.focus();
  }
}
