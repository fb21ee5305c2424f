// The in-place editor of one property (type choice, value input, Stage, Cancel) and the two controls it shares
// with the "Add property" form. Typing updates the draft in the state; a value that does not parse says why at once.
import * as l10n from '@vscode/l10n';
import type { Draft } from '../../../shared/protocol/groupPanel';
import { parseValue, type ValueType } from '../../../shared/propertyValue';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';

const VALUE_TYPES: readonly ValueType[] = ['string', 'number', 'boolean', 'json'];

/** A value type as the type picker offers it. */
function typeChoice(type: ValueType): string {
  switch (type) {
    case 'string': return l10n.t('String');
    case 'number': return l10n.t('Number');
    case 'boolean': return l10n.t('Boolean');
    case 'json': return l10n.t('JSON (object or array)');
  }
}

/** A value type as the properties table names it. */
export function typeName(type: ValueType): string {
  switch (type) {
    case 'string': return l10n.t('String');
    case 'number': return l10n.t('Number');
    case 'boolean': return l10n.t('Boolean');
    case 'json': return l10n.t('JSON');
  }
}

export function typeSelect(value: ValueType, label: string, onChange: (t: ValueType) => void): HTMLSelectElement {
  const select = el('select', { 'aria-label': label });
  for (const t of VALUE_TYPES) select.append(el('option', { value: t, selected: t === value }, typeChoice(t)));
  select.addEventListener('change', () => onChange(select.value as ValueType));
  return select;
}

/** The value input for a type: a textarea for JSON, a true/false choice for booleans, else one line. */
export function valueInput(draft: Draft, label: string, onInput: (text: string) => void): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  if (draft.valueType === 'boolean') {
    const select = el('select', { 'aria-label': label }, el('option', { value: 'true', selected: draft.text === 'true' }, 'true'), el('option', { value: 'false', selected: draft.text === 'false' }, 'false'));
    select.addEventListener('change', () => onInput(select.value));
    return select;
  }
  const input = draft.valueType === 'json'
    ? el('textarea', { 'aria-label': label, rows: String(Math.min(12, Math.max(3, draft.text.split('\n').length))), spellcheck: 'false' })
    : el('input', { type: 'text', 'aria-label': label, spellcheck: 'false', inputmode: draft.valueType === 'number' ? 'decimal' : undefined });
  input.value = draft.text;
  input.addEventListener('input', () => onInput(input.value));
  return input;
}

/** The editor that replaces a property's value cell while it is open. */
export function propertyEditor(key: string, draft: Draft, actions: Actions): HTMLElement {
  const error = el('div', { class: 'inline-error', role: 'alert' });
  const commit = (): void => {
    error.textContent = actions.commitEditor(key) ?? '';
  };
  const input = valueInput(draft, l10n.t('Value of {0}', key), (text) => {
    const parsed = parseValue(text, draft.valueType);
    error.textContent = parsed.ok ? '' : parsed.message;
    actions.editDraft(key, text);
  });
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
    typeSelect(draft.valueType, l10n.t('Type of {0}', key), (t) => actions.changeDraftType(key, t)),
    input,
    button(l10n.t('Stage'), { icon: 'check', onClick: commit }),
    button(l10n.t('Cancel'), { icon: 'close', onClick: () => actions.closeEditor(key) }),
    error,
  );
}
