// The properties table: every property (and every staged new one) in key order, with its value, type and
// actions, a filter over names and values, and thousands of rows rendered progressively: about a screenful at
// once, the rest in slices after the first frame, so typing and scrolling stay responsive.
import * as l10n from '@vscode/l10n';
import { displayValue, valueTypeOf, type ValueType } from '../../../shared/propertyValue';
import { button, el } from '../../common/dom';
import type { Actions } from '../actions';
import { properties, type PanelModel } from '../state';
import { propertyEditor, typeName } from './editor';

const CELL_PREVIEW = 300;
/** Rows created up front: about a screenful, so the first paint is quick even for thousands of properties. */
const FIRST_ROWS = 80;
/** Rows created per later slice; each slice runs in its own task so typing and scrolling stay responsive. */
const ROWS_PER_SLICE = 100;

function preview(text: string): string {
  return text.length > CELL_PREVIEW ? `${text.slice(0, CELL_PREVIEW)}…` : text;
}

export class PropertiesView {
  private readonly filterInput = el('input', {
    type: 'search',
    class: 'filter',
    placeholder: l10n.t('Filter properties'),
    'aria-label': l10n.t('Filter properties by name or value'),
  });
  private readonly count = el('span', { class: 'muted count', 'aria-live': 'polite' });
  private readonly body = el('tbody');
  private readonly empty = el('p', { class: 'muted empty', hidden: true });
  readonly toolbar = el('div', { class: 'row-toolbar' }, this.filterInput, this.count);
  readonly table = el(
    'table',
    { class: 'properties', 'aria-label': l10n.t('Group properties') },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, l10n.t('Property')),
        el('th', { scope: 'col' }, l10n.t('Value')),
        el('th', { scope: 'col' }, l10n.t('Type')),
        el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, l10n.t('Actions'))),
      ),
    ),
    this.body,
  );
  readonly emptyMessage = this.empty;
  /** Every property's row; `row` is created when its turn in the progressive render comes. */
  private rows: { key: string; text: string; row?: HTMLTableRowElement }[] = [];
  private query = '';
  private generation = 0;

  constructor(private readonly actions: Actions) {
    this.filterInput.addEventListener('input', () => actions.setFilter(this.filterInput.value));
  }

  /** Rebuilds the rows; the row `focusTarget` names (`edit:<key>`, `input:<key>`) is created at once. */
  update(state: PanelModel, focusTarget: string | undefined): void {
    if (this.filterInput.value !== state.filter) this.filterInput.value = state.filter;
    const props = properties(state);
    const keys = [...new Set([...Object.keys(props), ...state.staged.keys(), ...state.drafts.keys()])].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    this.rows = keys.map((key) => ({
      key,
      text: `${key}\n${Object.hasOwn(props, key) ? displayValue(props[key]) : ''}`.toLowerCase(),
    }));
    this.body.replaceChildren();
    const generation = ++this.generation;
    const rows = this.rows;
    // The row to focus, an open editor or a staged edit must exist right away; the rest can follow.
    const urgent = (i: number) =>
      i < FIRST_ROWS ||
      state.drafts.has(rows[i]!.key) ||
      state.staged.has(rows[i]!.key) ||
      focusTarget?.endsWith(`:${rows[i]!.key}`);
    this.appendRows(state, 0, rows.length, urgent);
    this.empty.hidden = keys.length > 0;
    this.empty.textContent = state.group
      ? l10n.t('This group has no properties yet. Add one above.')
      : l10n.t('Loading properties…');
    this.filter(state);
    const rest = (from: number): void => {
      if (generation !== this.generation || from >= rows.length) return;
      this.appendRows(state, from, Math.min(rows.length, from + ROWS_PER_SLICE), () => true);
      setTimeout(() => rest(from + ROWS_PER_SLICE), 0);
    };
    // After the first frame is painted, not before it.
    if (rows.some((r) => !r.row)) requestAnimationFrame(() => setTimeout(() => rest(0), 0));
  }

  /** Shows the rows that match the filter, without rebuilding any. */
  filter(state: PanelModel): void {
    this.query = state.filter.trim().toLowerCase();
    let shown = 0;
    for (const { row, text } of this.rows) {
      const hide = this.query !== '' && !text.includes(this.query);
      if (row && row.hidden !== hide) row.hidden = hide;
      if (!hide) shown++;
    }
    this.count.textContent = this.query
      ? l10n.t('{0} of {1}', shown, this.rows.length)
      : l10n.t('{0} properties', this.rows.length);
  }

  /** Creates the missing rows among rows[from, to) that `now` selects, each before the next row already shown. */
  private appendRows(state: PanelModel, from: number, to: number, now: (i: number) => unknown): void {
    let fragment = document.createDocumentFragment();
    for (let i = from; i < to; i++) {
      const entry = this.rows[i]!;
      if (entry.row) {
        this.body.insertBefore(fragment, entry.row);
        fragment = document.createDocumentFragment();
      } else if (now(i)) {
        entry.row = this.propertyRow(state, entry.key);
        entry.row.hidden = this.query !== '' && !entry.text.includes(this.query);
        fragment.append(entry.row);
      }
    }
    this.body.insertBefore(fragment, this.rows.slice(to).find((r) => r.row)?.row ?? null);
  }

  private propertyRow(state: PanelModel, key: string): HTMLTableRowElement {
    const { actions } = this;
    const props = properties(state);
    const present = Object.hasOwn(props, key);
    const value = props[key];
    const staged = state.staged.get(key);
    const draft = state.drafts.get(key);
    const type: ValueType = staged?.valueType ?? valueTypeOf(value);
    const row = el('tr', { class: staged?.delete ? 'staged deleted' : staged ? 'staged' : undefined });
    const valueCell = el('td', { class: `value type-${type}` });
    if (draft) {
      valueCell.append(propertyEditor(key, draft, actions));
    } else if (staged?.delete) {
      valueCell.append(
        el('del', { class: 'text' }, preview(displayValue(value))),
        el('span', { class: 'badge' }, l10n.t('deleted')),
      );
    } else if (staged) {
      valueCell.append(
        el('span', { class: 'text' }, preview(staged.text)),
        el('span', { class: 'badge' }, present ? l10n.t('changed') : l10n.t('new')),
      );
      if (present) valueCell.append(el('div', { class: 'muted was' }, l10n.t('was {0}', preview(displayValue(value)))));
      if (staged.error) valueCell.append(el('div', { class: 'inline-error' }, staged.error));
    } else {
      valueCell.append(el('span', { class: 'text' }, preview(displayValue(value))));
    }
    const edit = button(l10n.t('Edit {0}', key), {
      icon: 'edit',
      iconOnly: true,
      onClick: () => actions.openEditor(key),
    });
    edit.dataset.fid = `edit:${key}`;
    const cells = el('td', { class: 'actions' }, edit);
    if (present)
      cells.append(
        button(l10n.t('Copy value of {0}', key), {
          icon: 'copy',
          iconOnly: true,
          onClick: () =>
            actions.copy(
              type === 'string' ? String(value) : JSON.stringify(value, null, 2),
              l10n.t('the value of {0}', key),
            ),
        }),
      );
    if (staged) {
      const discard = button(
        staged.delete
          ? l10n.t('Keep {0} (discard the staged delete)', key)
          : l10n.t('Discard the staged change to {0}', key),
        { icon: 'discard', iconOnly: true, onClick: () => actions.discardStaged(key) },
      );
      discard.dataset.fid = `discard:${key}`;
      cells.append(discard);
    }
    if (present && !staged?.delete)
      cells.append(
        button(l10n.t('Delete {0}', key), { icon: 'trash', iconOnly: true, onClick: () => actions.stageDelete(key) }),
      );
    row.append(
      el('th', { scope: 'row', class: 'key' }, key),
      valueCell,
      el('td', { class: 'type' }, typeName(type)),
      cells,
    );
    return row;
  }
}
