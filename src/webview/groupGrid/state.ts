// The group grid's state and its pure transitions: the loaded rows, the columns, sort and filter of the loaded rows,
// the selection, and the staged cell edits with their typed values (the group panel's rules: a value keeps the type
// the user chose, null is refused, an edit back to the loaded value unstages itself). No DOM here: unit-tested in Node.
import * as l10n from '@vscode/l10n';
import type { CellEdit, GroupData, KeptCell, LoadedValue, RowOutcome } from '../../shared/protocol/groupGrid';
import {
  displayValue,
  loadedValue,
  parseValue,
  sameValue,
  valueTypeOf,
  type ValueType,
} from '../../shared/propertyValue';

export interface Staged {
  groupKey: string;
  property: string;
  /** Absent: the property is removed. */
  text?: string;
  type: ValueType;
  value?: unknown;
  loaded: LoadedValue;
  error?: string;
}

export interface GridState {
  groupTypeIndex: number;
  groupTypeName: string;
  rows: GroupData[];
  hasMore: boolean;
  loading: boolean;
  loadError?: string;
  columns: string[];
  suggestions: string[];
  search: string;
  filter: string;
  /** `column` undefined sorts by group key. */
  sort?: { column?: string; desc: boolean };
  selected: ReadonlySet<string>;
  /** By `cellId(groupKey, property)`. */
  staged: ReadonlyMap<string, Staged>;
  saving: boolean;
  report?: string[];
  /** Rows whose save found values changed on PostHog: Overwrite sends their edits again without the check. */
  conflicts: number;
}

export const cellId = (groupKey: string, property: string): string => `${groupKey}\u0000${property}`;

export function initialState(): GridState {
  return {
    groupTypeIndex: -1,
    groupTypeName: '',
    rows: [],
    hasMore: false,
    loading: false,
    columns: [],
    suggestions: [],
    search: '',
    filter: '',
    selected: new Set(),
    staged: new Map(),
    saving: false,
    conflicts: 0,
  };
}

/** Columns to start with when none were chosen for this type: the properties the first rows use most, up to 6. */
export function defaultColumns(rows: readonly GroupData[], max = 6): string[] {
  const counts = new Map<string, number>();
  for (const r of rows.slice(0, 200))
    for (const k of Object.keys(r.group_properties)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([k]) => k);
}

export function withPage(state: GridState, rows: readonly GroupData[], hasMore: boolean, append: boolean): GridState {
  const merged = append
    ? [...state.rows, ...rows.filter((r) => !state.rows.some((x) => x.group_key === r.group_key))]
    : [...rows];
  const columns = state.columns.length ? state.columns : defaultColumns(merged);
  return {
    ...state,
    rows: merged,
    hasMore,
    loading: false,
    loadError: undefined,
    columns,
    ...(append ? {} : { selected: new Set<string>() }),
  };
}

/** The text a cell shows: its staged text, else the value as one line. */
export function cellText(state: GridState, row: GroupData, column: string): { text: string; staged?: Staged } {
  const staged = state.staged.get(cellId(row.group_key, column));
  if (staged) return { text: staged.text ?? '', staged };
  const v = loadedValue(row.group_properties, column);
  return { text: v.present ? displayValue(v.value) : '' };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return displayValue(a).localeCompare(displayValue(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** The loaded rows the grid shows: filtered (key and shown columns, case-insensitive) and sorted. */
export function visibleRows(state: GridState): GroupData[] {
  const needle = state.filter.trim().toLowerCase();
  let rows = needle
    ? state.rows.filter(
        (r) =>
          r.group_key.toLowerCase().includes(needle) ||
          state.columns.some((c) => cellText(state, r, c).text.toLowerCase().includes(needle)),
      )
    : [...state.rows];
  const sort = state.sort;
  if (sort) {
    const key = (r: GroupData) => (sort.column === undefined ? r.group_key : r.group_properties[sort.column]);
    rows = rows.sort((a, b) => compare(key(a), key(b)) * (sort.desc ? -1 : 1));
  }
  return rows;
}

export function toggleSort(state: GridState, column: string | undefined): GridState {
  const same = state.sort && state.sort.column === column;
  return { ...state, sort: same ? (state.sort!.desc ? undefined : { column, desc: true }) : { column, desc: false } };
}

export function toggleSelected(state: GridState, groupKey: string): GridState {
  const selected = new Set(state.selected);
  if (selected.has(groupKey)) selected.delete(groupKey);
  else selected.add(groupKey);
  return { ...state, selected };
}

/** Selects every row shown, or none when they all are. */
export function toggleAllShown(state: GridState): GridState {
  const shown = visibleRows(state).map((r) => r.group_key);
  const all = shown.length > 0 && shown.every((k) => state.selected.has(k));
  return { ...state, selected: all ? new Set() : new Set(shown) };
}

function rowOf(state: GridState, groupKey: string): GroupData | undefined {
  return state.rows.find((r) => r.group_key === groupKey);
}

/** The type an edit of this cell starts with: its value's type, text for an empty cell. */
export function cellType(state: GridState, groupKey: string, property: string): ValueType {
  const staged = state.staged.get(cellId(groupKey, property));
  if (staged) return staged.type;
  const v = rowOf(state, groupKey)?.group_properties[property];
  return v === undefined ? 'string' : valueTypeOf(v);
}

function put(
  state: GridState,
  groupKey: string,
  property: string,
  change: { text: string; type: ValueType } | 'remove',
): Map<string, Staged> {
  const staged = new Map(state.staged);
  const row = rowOf(state, groupKey);
  if (!row) return staged;
  const loaded = loadedValue(row.group_properties, property);
  const id = cellId(groupKey, property);
  if (change === 'remove') {
    if (loaded.present) staged.set(id, { groupKey, property, type: 'string', loaded });
    else staged.delete(id);
    return staged;
  }
  const parsed = parseValue(change.text, change.type);
  if (parsed.ok && loaded.present && sameValue(parsed.value, loaded.value)) {
    // Back to what PostHog has: nothing to save.
    staged.delete(id);
    return staged;
  }
  staged.set(
    id,
    parsed.ok
      ? { groupKey, property, text: change.text, type: change.type, value: parsed.value, loaded }
      : { groupKey, property, text: change.text, type: change.type, loaded, error: parsed.message },
  );
  return staged;
}

/** Stages a typed value for one cell (an invalid one stays staged with its error, and blocks Save). */
export function stageCell(
  state: GridState,
  groupKey: string,
  property: string,
  text: string,
  type: ValueType,
): GridState {
  return { ...state, staged: put(state, groupKey, property, { text, type }) };
}

export function stageRemove(state: GridState, groupKey: string, property: string): GridState {
  return { ...state, staged: put(state, groupKey, property, 'remove') };
}

export function unstage(state: GridState, groupKey: string, property: string): GridState {
  const staged = new Map(state.staged);
  staged.delete(cellId(groupKey, property));
  return { ...state, staged };
}

/** Sets (or removes, `text` undefined) one property on every selected row; adds it as a column if needed. */
export function bulkStage(state: GridState, property: string, text: string | undefined, type: ValueType): GridState {
  let next: GridState = {
    ...state,
    columns: state.columns.includes(property) ? state.columns : [...state.columns, property],
  };
  for (const key of state.selected)
    next = text === undefined ? stageRemove(next, key, property) : stageCell(next, key, property, text, type);
  return next;
}

export function discardAll(state: GridState): GridState {
  return { ...state, staged: new Map(), report: undefined, conflicts: 0 };
}

/** Staged edits ready to send, or the first problem that blocks saving. */
export function editsToSave(state: GridState): { edits: CellEdit[] } | { problem: string } {
  const invalid = [...state.staged.values()].find((s) => s.error);
  if (invalid) return { problem: l10n.t('{0} of {1}: {2}', invalid.property, invalid.groupKey, invalid.error ?? '') };
  const edits = [...state.staged.values()].map((s): CellEdit => ({
    groupKey: s.groupKey,
    property: s.property,
    ...(s.text !== undefined ? { value: s.value } : {}),
    loaded: s.loaded,
  }));
  return { edits };
}

/** After a save: rows updated, saved edits unstaged, and a line per row that did not save entirely. */
export function withSaveResult(state: GridState, outcomes: readonly RowOutcome[]): GridState {
  const staged = new Map(state.staged);
  let rows = state.rows;
  const report: string[] = [];
  let conflicts = 0;
  let saved = 0;
  for (const o of outcomes) {
    if (o.group) rows = rows.map((r) => (r.group_key === o.groupKey ? o.group! : r));
    for (const p of o.saved) staged.delete(cellId(o.groupKey, p));
    saved += o.saved.length;
    if (o.conflicts?.length) {
      conflicts++;
      report.push(
        l10n.t(
          '{0}: changed on PostHog since loaded ({1}); nothing of this row was saved.',
          o.groupKey,
          o.conflicts.map((c) => c.property).join(', '),
        ),
      );
    }
    if (o.failed) report.push(l10n.t('{0}: "{1}" failed: {2}', o.groupKey, o.failed.property, o.failed.error.message));
    if (o.notAttempted.length) report.push(l10n.t('{0}: not attempted: {1}', o.groupKey, o.notAttempted.join(', ')));
  }
  report.unshift(l10n.t('Saved {0} values.', saved));
  return { ...state, rows, staged, saving: false, report, conflicts };
}

/** The staged cells as the host keeps them for a reload (values are parsed again from text and type on the way back). */
export function keptStaged(state: GridState): KeptCell[] {
  return [...state.staged.values()].map(({ groupKey, property, text, type, loaded }) => ({
    groupKey,
    property,
    ...(text !== undefined ? { text } : {}),
    type,
    loaded,
  }));
}

/**
 * Stages the cells kept before a reload, as they were (each based on the value it was staged against, not on the
 * rows loaded now: Save's changed-since-loaded check compares with that). Their rows need not be loaded yet.
 */
export function withKeptStaged(state: GridState, cells: readonly KeptCell[]): GridState {
  const staged = new Map(state.staged);
  for (const { groupKey, property, text, type, loaded } of cells) {
    const id = cellId(groupKey, property);
    if (text === undefined) {
      staged.set(id, { groupKey, property, type, loaded });
      continue;
    }
    const parsed = parseValue(text, type);
    staged.set(
      id,
      parsed.ok
        ? { groupKey, property, text, type, value: parsed.value, loaded }
        : { groupKey, property, text, type, loaded, error: parsed.message },
    );
  }
  return { ...state, staged };
}
