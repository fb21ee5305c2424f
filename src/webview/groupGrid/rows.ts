// The grid's rows in the DOM: a pool of row elements, one per row in view plus overscan (slots.ts decides which shows
// which group). A scroll frame reads scrollTop once, then moves only the rows that came into view and writes only the
// text that changed: no element is built per frame (rebuilding ~40 rows a frame cost 17-25 ms of main thread, bench
// GG3/GG4), and a row that merely scrolled in gets no attribute but its data-key, which events find it by (the labels
// and titles it used to get cost the frame a style pass: ~0.9 ms a frame of 20 new rows). Accessible names come from
// hidden text (labelledby), and tooltips are written when the pointer reaches a cell (tooltipFor). Listeners live on
// the viewport (delegated), so a reused element needs no new ones.
import * as l10n from '@vscode/l10n';
import type { GroupData } from '../../shared/protocol/groupGrid';
import { el } from '../common/dom';
import { assignSlots, ROW_HEIGHT, rowRange, type Slot } from './slots';
import { cellText, type GridState } from './state';

interface CellView {
  el: HTMLElement;
  property: string;
  /** What was last written, so an unchanged cell is not written again. */
  text: string | undefined;
  className: string;
  title: string;
  /** The editor is in this cell. */
  editing: boolean;
}

interface RowView extends Slot {
  el: HTMLElement;
  check: HTMLInputElement;
  key: HTMLButtonElement;
  /** Hidden text naming the checkbox and the key's button ("Select org:1", "Open org:1"), in the user's language. */
  selectName: HTMLElement;
  openName: HTMLElement;
  cells: CellView[];
  index: number;
  selected: boolean;
  /** The draw generation it was last filled in: after a state change, every row in view is checked again. */
  generation: number;
}

export interface Editing {
  groupKey: string;
  property: string;
  /** Built once per edit: a row redrawn while editing (a page arriving) keeps what was typed. */
  editor: HTMLElement;
}

export class GridRows {
  private slots: RowView[] = [];
  private columns: readonly string[] = [];
  private generation = 0;
  private viewHeight = 0;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly spacer: HTMLElement,
  ) {}

  /** The viewport's height, from a ResizeObserver (read there, not in a frame, so drawing never forces a layout). */
  resized(height: number): void {
    this.viewHeight = height;
  }

  /** After a state change: new columns rebuild the pool; every row in view is checked against the state again. */
  changed(state: GridState, count: number): void {
    if (state.columns.length !== this.columns.length || state.columns.some((c, i) => c !== this.columns[i])) {
      for (const s of this.slots) s.el.remove();
      this.slots = [];
      this.columns = [...state.columns];
    }
    this.generation++;
    this.spacer.style.height = `${count * ROW_HEIGHT}px`;
  }

  /**
   * Draws the rows in view of `shown` (reads scrollTop once, first, then only writes). Returns the range's end, so
   * the caller can load the next page when it nears the end.
   */
  draw(state: GridState, shown: readonly GroupData[], editing: Editing | undefined): number {
    const scrollTop = this.viewport.scrollTop;
    const { first, last } = rowRange(scrollTop, this.viewHeight || window.innerHeight, shown.length);
    // Only while editing: where the edited row is among the shown rows (-1: filtered out, its editor goes).
    const edited = editing ? shown.findIndex((r) => r.group_key === editing.groupKey) : -1;
    const pinned = editing && { groupKey: editing.groupKey, shown: edited >= 0 };
    const { assign, free } = assignSlots(this.slots, (i) => shown[i]!.group_key, first, last, pinned);
    const focused = document.activeElement;
    for (const s of free) if (s.groupKey !== undefined) this.release(s, focused);
    for (const { index, slot } of assign)
      this.fill(slot ?? this.create(), shown[index]!, index, state, editing, focused);
    if (editing && edited >= 0 && (edited < first || edited >= last)) {
      const slot = this.slots.find((s) => s.groupKey === editing.groupKey);
      if (slot) this.fill(slot, shown[edited]!, edited, state, editing, focused);
    }
    return last;
  }

  private create(): RowView {
    // Ids unique to the element, not to the group: they never change as the element shows other groups.
    const id = `grid-row-${this.slots.length}`;
    const selectName = el('span', { id: `${id}-select`, hidden: true });
    const openName = el('span', { id: `${id}-open`, hidden: true });
    const check = el('input', { type: 'checkbox', class: 'select', 'aria-labelledby': selectName.id });
    const key = el('button', { class: 'key link', type: 'button', 'aria-labelledby': openName.id });
    const cells = this.columns.map((property): CellView => ({
      el: el('div', { role: 'gridcell', tabindex: '-1', 'data-property': property }),
      property,
      text: undefined,
      className: '',
      title: '',
      editing: false,
    }));
    const row = el(
      'div',
      { class: 'row', role: 'row' },
      el('div', { class: 'cell' }, check),
      el('div', { class: 'cell' }, key),
      ...cells.map((c) => c.el),
      selectName,
      openName,
    );
    const slot: RowView = {
      el: row,
      check,
      key,
      selectName,
      openName,
      cells,
      groupKey: undefined,
      index: -1,
      selected: false,
      generation: -1,
    };
    this.spacer.append(row);
    this.slots.push(slot);
    return slot;
  }

  /** Out of view: hidden and nameless, so nothing (a test, Find) takes it for a group; focus in it goes to the grid. */
  private release(slot: RowView, focused: Element | null): void {
    if (focused && slot.el.contains(focused)) this.viewport.focus({ preventScroll: true });
    slot.groupKey = undefined;
    slot.el.hidden = true;
    slot.el.removeAttribute('data-key');
  }

  private fill(
    slot: RowView,
    r: GroupData,
    index: number,
    state: GridState,
    editing: Editing | undefined,
    focused: Element | null,
  ): void {
    if (slot.groupKey !== r.group_key) {
      // Another group in this element: focus must not stay on what now shows another group's data.
      if (focused && slot.el.contains(focused)) this.viewport.focus({ preventScroll: true });
      slot.groupKey = r.group_key;
      slot.generation = -1;
      slot.el.hidden = false;
      slot.el.setAttribute('data-key', r.group_key);
      // Text in hidden elements: no style or layout pass, unlike an aria-label or a title.
      setText(slot.selectName, l10n.t('Select {0}', r.group_key));
      setText(slot.openName, l10n.t('Open {0}', r.group_key));
      setText(slot.key, r.group_key);
      // A tooltip written on hover belonged to the group this element showed before.
      slot.key.removeAttribute('title');
    }
    if (slot.index !== index) {
      slot.index = index;
      // A transform, not `top`: moving a row needs no layout. Through the CSSOM: the CSP allows no style attributes.
      slot.el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    }
    if (slot.generation === this.generation) return;
    slot.generation = this.generation;
    const selected = state.selected.has(r.group_key);
    if (slot.selected !== selected || slot.check.checked !== selected) {
      slot.selected = selected;
      slot.check.checked = selected;
    }
    for (const c of slot.cells) {
      if (editing && editing.groupKey === r.group_key && editing.property === c.property) {
        if (!c.editing || c.el.firstChild !== editing.editor) {
          c.editing = true;
          c.text = undefined;
          c.className = 'cell editing';
          c.el.className = c.className;
          c.el.removeAttribute('title');
          c.el.replaceChildren(editing.editor);
        }
        continue;
      }
      if (c.editing) {
        c.editing = false;
        c.el.replaceChildren();
      }
      fillCell(c, state, r);
    }
  }
}

function fillCell(c: CellView, state: GridState, r: GroupData): void {
  const { text, staged } = cellText(state, r, c.property);
  const removed = staged !== undefined && staged.text === undefined;
  const className = `cell value${staged ? ' staged' : ''}${staged?.error ? ' invalid' : ''}${removed ? ' removed' : ''}`;
  const shownText = removed ? l10n.t('(removed)') : text;
  // A staged value's error is the cell's tooltip at once; any other tooltip is written on hover (tooltipFor).
  const title = staged?.error ?? '';
  if (c.text !== shownText) {
    c.text = shownText;
    setText(c.el, shownText);
    if (!title) c.el.removeAttribute('title');
  }
  if (c.className !== className) {
    c.className = className;
    c.el.className = className;
  }
  if (c.title !== title) {
    c.title = title;
    if (title) c.el.title = title;
    else c.el.removeAttribute('title');
  }
}

/**
 * The tooltip of what the pointer is over, written when it gets there (a scroll frame writes none): a value cell's
 * whole text (it may be cut short with an ellipsis), the key's "Open …". A cell with an error keeps the error.
 */
export function tooltipFor(target: Element): void {
  const cell = target.closest<HTMLElement>('.cell.value');
  if (cell && !cell.classList.contains('invalid') && !cell.classList.contains('editing')) {
    const text = cell.textContent ?? '';
    if (cell.title !== text) cell.title = text;
    return;
  }
  const key = target.closest<HTMLButtonElement>('button.key');
  const name = key?.getAttribute('aria-labelledby');
  if (key && name) {
    const text = document.getElementById(name)?.textContent ?? '';
    if (key.title !== text) key.title = text;
  }
}

/**
 * Writes an element's text into the text node it already has, where `textContent =` would drop that node and make a
 * new one for the layout tree to attach and leave the old one as garbage (measured alone, it did not change the
 * frame's time much; it is kept because it does less).
 */
function setText(element: HTMLElement, text: string): void {
  const node = element.firstChild;
  if (node && node === element.lastChild && node.nodeType === Node.TEXT_NODE) (node as Text).data = text;
  else element.textContent = text;
}
