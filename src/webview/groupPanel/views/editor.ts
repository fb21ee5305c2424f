// The in-place editor of one property (type choice, value input, Stage, Cancel) and the two controls it shares
// with the "Add property" form. Typing updates the draft in the state; a value that does not parse says why at once.
import * as l10n from '@vscode/l10n';
import type { Draft } from '../../../shared/protocol/groupPanel';
import { parseValue, type ValueType } from '../../../shared/propertyValue';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';
import { conversion } from '../state';

const VALUE_TYPES: readonly ValueType[] = ['string', 'number', 'boolean', 'json'];

/** A value type as the type picker offers it. */
function typeChoice(type: ValueType): string {
  switch (type) {
    case 'string':
      return l10n.t('String');
    case 'number':
      return l10n.t('Number');
    case 'boolean':
      return l10n.t('Boolean');
    case 'json':
      return l10n.t('JSON (object or array)');
  }
}

/** A value type as the properties table names it. */
export function typeName(type: ValueType): string {
  switch (type) {
    case 'string':
      return l10n.t('String');
    case 'number':
      return l10n.t('Number');
    case 'boolean':
      return l10n.t('Boolean');
    case 'json':
      return l10n.t('JSON');
  }
}

/** The type control; `fid` names it for focus, which stays on it when its choice changes (arrow keys included). */
export function typeSelect(
  value: ValueType,
  label: string,
  fid: string,
  onChange: (t: ValueType) => void,
): HTMLSelectElement {
  const select = el('select', { 'aria-label': label });
  select.dataset.fid = fid;
  for (const t of VALUE_TYPES) select.append(el('option', { value: t, selected: t === value }, typeChoice(t)));
  select.addEventListener('change', () => onChange(select.value as ValueType));
  return select;
}

/**
 * The value input for a type: a textarea for JSON, a true/false choice for booleans, else one line. With `error`, it
 * reports its text to `onText` and keeps the error line (with the conversion offer) in step.
 */
export function valueInput(
  draft: Draft,
  label: string,
  error?: HTMLElement,
  onText?: (text: string) => void,
): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const input = plainValueInput(draft, label);
  if (error && onText) wire(input, error, draft, onText);
  return input;
}

function plainValueInput(draft: Draft, label: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  if (draft.valueType === 'boolean') {
    const select = el(
      'select',
      { 'aria-label': label },
      el('option', { value: 'true', selected: draft.text === 'true' }, 'true'),
      el('option', { value: 'false', selected: draft.text === 'false' }, 'false'),
    );
    // Text typed under another type is kept as it is: then neither choice is shown until one is made.
    if (draft.text !== 'true' && draft.text !== 'false') select.selectedIndex = -1;
    return select;
  }
  const input =
    draft.valueType === 'json'
      ? el('textarea', {
          'aria-label': label,
          rows: String(Math.min(12, Math.max(3, draft.text.split('\n').length))),
          spellcheck: 'false',
        })
      : el('input', {
          type: 'text',
          'aria-label': label,
          spellcheck: 'false',
          inputmode: draft.valueType === 'number' ? 'decimal' : undefined,
        });
  input.value = draft.text;
  return input;
}

/**
 * Why `draft`'s text is not a value of its type (nothing while it is empty), with a button that converts it when a
 * conversion fits ("Convert to JSON": abc -> "abc"). Nothing converts the text unless that button is pressed.
 */
export function fillDraftError(error: HTMLElement, draft: Draft, convert: (text: string) => void): void {
  const parsed = parseValue(draft.text, draft.valueType);
  error.replaceChildren();
  if (parsed.ok || (draft.text === '' && draft.valueType !== 'boolean')) return;
  error.append(el('span', {}, parsed.message));
  const converted = conversion(draft);
  if (converted !== undefined)
    error.append(
      ' ',
      button(l10n.t('Convert to {0}', typeName(draft.valueType)), { icon: 'wand', onClick: () => convert(converted) }),
    );
}

/** A value input and its error line, kept in step: typing and a requested conversion both go through `onText`. */
function wire(
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  error: HTMLElement,
  draft: Draft,
  onText: (text: string) => void,
): void {
  const convert = (text: string): void => {
    input.value = text;
    changed(text);
    input.focus();
  };
  const changed = (text: string): void => {
    fillDraftError(error, { ...draft, text }, convert);
    onText(text);
  };
  input.addEventListener(input instanceof HTMLSelectElement ? 'change' : 'input', () => changed(input.value));
  fillDraftError(error, draft, convert);
}

/** The editor that replaces a property's value cell while it is open. */
export function propertyEditor(key: string, draft: Draft, actions: Actions): HTMLElement {
  const error = el('div', { class: 'inline-error', role: 'alert' });
  const commit = (): void => {
    const refused = actions.commitEditor(key);
    if (refused) error.replaceChildren(el('span', {}, refused));
  };
  const input = valueInput(draft, l10n.t('Value of {0}', key), error, (text) => actions.editDraft(key, text));
  input.dataset.fid = `input:${key}`;
  input.addEventListener('keydown', (e) => {
    const event = e as KeyboardEvent;
    if (event.key === 'Escape') {
      event.preventDefault();
      actions.closeEditor(key);
    } else if (event.key === 'Enter' && (!(input instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  });
  return el(
    'div',
    { class: 'editor' },
    typeSelect(draft.valueType, l10n.t('Type of {0}', key), `type:${key}`, (t) => actions.changeDraftType(key, t)),
    input,
    button(l10n.t('Stage'), { icon: 'check', onClick: commit }),
    button(l10n.t('Cancel'), { icon: 'close', onClick: () => actions.closeEditor(key) }),
    error,
  );
}
