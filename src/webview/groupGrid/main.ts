// The group grid's webview: a virtualised table of a group type's groups (only the rows in view are in the DOM),
// loaded page by page as the user scrolls, with columns chosen from the type's property definitions, sort and filter
// of the loaded rows, PostHog's search, typed in-place edits staged and saved with a per-row report, and setting or
// removing one property on the selected rows. state.ts holds every change; this file draws and listens.
import '../common/base.css';
import './style.css';
import * as l10n from '@vscode/l10n';
import {
  gridHostMessageSchema,
  groupGridReplies,
  type GridHostMessage,
  type GridWebviewMessage,
} from '../../shared/protocol/groupGrid';
import type { ValueType } from '../../shared/propertyValue';
import { button, el } from '../common/dom';
import { HostChannel, type VsCodeApi } from '../common/hostChannel';
import { useHostTranslations } from '../common/l10n';
import {
  bulkStage,
  cellText,
  cellType,
  discardAll,
  editsToSave,
  initialState,
  stageCell,
  stageRemove,
  toggleAllShown,
  toggleSelected,
  toggleSort,
  unstage,
  visibleRows,
  withPage,
  withSaveResult,
  type GridState,
} from './state';

declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const unreadTranslations = useHostTranslations();

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
const TYPES: ValueType[] = ['string', 'number', 'boolean', 'json'];

let state: GridState = initialState();
const host = new HostChannel<GridWebviewMessage, GridHostMessage, typeof groupGridReplies>(
  vscode,
  { schema: gridHostMessageSchema, replies: groupGridReplies },
  (m) => receive(m),
);

function update(next: GridState): void {
  state = next;
  draw();
}

// ---- layout ----
type Views = ReturnType<typeof mountViews>;

/** Builds the page once the translations are read (every string below is looked up in them). */
function mountViews(app: HTMLElement) {
  app.removeAttribute('aria-busy');
  const title = el('h1', { class: 'title' });
  const search = el('input', {
    type: 'search',
    class: 'search',
    placeholder: l10n.t('Search PostHog (properties or exact key)…'),
    'aria-label': l10n.t('Search'),
  });
  const filter = el('input', {
    type: 'search',
    class: 'filter',
    placeholder: l10n.t('Filter loaded rows'),
    'aria-label': l10n.t('Filter loaded rows'),
  });
  const count = el('span', { class: 'muted count' });
  const toolbar = el(
    'div',
    { class: 'grid-toolbar' },
    search,
    filter,
    button(l10n.t('Columns'), { icon: 'list-selection', onClick: () => toggleChooser() }),
    button(l10n.t('Import'), { icon: 'cloud-upload', onClick: () => host.post({ type: 'import' }) }),
    button(l10n.t('Export Shown'), {
      icon: 'cloud-download',
      onClick: () =>
        host.post({
          type: 'exportShown',
          groupKeys: visibleRows(state).map((r) => r.group_key),
          columns: state.columns,
        }),
    }),
    button(l10n.t('Refresh'), { icon: 'refresh', iconOnly: true, onClick: () => void load(false) }),
    count,
  );
  const chooser = el('div', { class: 'chooser', hidden: true });
  const bulkProperty = el('input', {
    class: 'bulk-property',
    placeholder: l10n.t('Property'),
    'aria-label': l10n.t('Property'),
  });
  const bulkType = el('select', { 'aria-label': l10n.t('Type') }, ...TYPES.map((t) => el('option', { value: t }, t)));
  const bulkValue = el('input', { class: 'bulk-value', placeholder: l10n.t('Value'), 'aria-label': l10n.t('Value') });
  const bulkLabel = el('span', { class: 'muted' });
  const bulk = el(
    'div',
    { class: 'bulk', hidden: true },
    bulkLabel,
    bulkProperty,
    bulkType,
    bulkValue,
    button(l10n.t('Set on Selected'), { icon: 'edit', onClick: () => bulkSet(false) }),
    button(l10n.t('Remove from Selected'), { icon: 'trash', onClick: () => bulkSet(true) }),
  );
  const stagedLabel = el('span', { class: 'message' });
  const saveButton = button(l10n.t('Save'), { icon: 'save', primary: true, onClick: () => void save(false) });
  const overwriteButton = button(l10n.t('Overwrite'), { icon: 'warning', onClick: () => void save(true) });
  const stagedBar = el(
    'div',
    { class: 'notice warning staged-bar', hidden: true },
    stagedLabel,
    saveButton,
    overwriteButton,
    button(l10n.t('Discard'), { icon: 'discard', onClick: () => update(discardAll(state)) }),
  );
  const report = el('ul', { class: 'notice report', hidden: true });
  const errorBar = el('div', { class: 'notice error', hidden: true });
  const header = el('div', { class: 'grid-header', role: 'row' });
  const spacer = el('div', { class: 'spacer' });
  const viewport = el('div', { class: 'viewport', role: 'grid', tabindex: '0' }, spacer);
  app.append(el('header', {}, title), toolbar, chooser, bulk, stagedBar, report, errorBar, header, viewport);
  return {
    title,
    search,
    filter,
    count,
    chooser,
    bulkProperty,
    bulkType,
    bulkValue,
    bulkLabel,
    bulk,
    stagedLabel,
    saveButton,
    overwriteButton,
    stagedBar,
    report,
    errorBar,
    header,
    spacer,
    viewport,
  };
}

// ---- drawing ----
let shown: ReturnType<typeof visibleRows> = [];
let editing: { groupKey: string; property: string } | undefined;

function template(): string {
  return `32px minmax(140px, 1.2fr) ${state.columns.map(() => 'minmax(110px, 1fr)').join(' ')}`;
}

function draw(): void {
  v.title.textContent = state.groupTypeName;
  shown = visibleRows(state);
  v.count.textContent = l10n.t('{0} of {1} loaded{2}', shown.length, state.rows.length, state.hasMore ? '+' : '');
  v.bulk.hidden = state.selected.size === 0;
  v.bulkLabel.textContent = l10n.t('{0} selected', state.selected.size);
  v.stagedBar.hidden = state.staged.size === 0;
  v.stagedLabel.textContent = l10n.t('{0} changes staged', state.staged.size);
  v.saveButton.toggleAttribute('disabled', state.saving);
  v.overwriteButton.hidden = state.conflicts === 0;
  v.report.hidden = !state.report?.length;
  v.report.replaceChildren(...(state.report ?? []).map((line) => el('li', {}, line)));
  v.errorBar.hidden = !state.loadError;
  v.errorBar.replaceChildren(
    el('span', { class: 'message' }, state.loadError ?? ''),
    button(l10n.t('Retry'), { icon: 'refresh', onClick: () => void load(false) }),
  );
  const cols = template();
  const all = shown.length > 0 && shown.every((r) => state.selected.has(r.group_key));
  const arrow = (column: string | undefined) =>
    state.sort && state.sort.column === column ? (state.sort.desc ? ' ↓' : ' ↑') : '';
  const selectAll = el('input', { type: 'checkbox', 'aria-label': l10n.t('Select all shown'), checked: all });
  selectAll.addEventListener('change', () => update(toggleAllShown(state)));
  const keyHead = el('button', { class: 'head', type: 'button' }, l10n.t('Group key') + arrow(undefined));
  keyHead.addEventListener('click', () => update(toggleSort(state, undefined)));
  v.header.style.gridTemplateColumns = cols;
  v.header.replaceChildren(
    el('div', { class: 'cell' }, selectAll),
    el('div', { class: 'cell' }, keyHead),
    ...state.columns.map((c) => {
      const b = el('button', { class: 'head', type: 'button', title: c }, c + arrow(c));
      b.addEventListener('click', () => update(toggleSort(state, c)));
      return el('div', { class: 'cell' }, b);
    }),
  );
  v.spacer.style.height = `${shown.length * ROW_HEIGHT}px`;
  drawRows();
}

/** Only the rows in view (and a few around them) are in the DOM: 10,000 loaded rows cost what 40 do. */
function drawRows(): void {
  const first = Math.max(0, Math.floor(v.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    shown.length,
    Math.ceil((v.viewport.scrollTop + v.viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN,
  );
  const cols = template();
  const rows: HTMLElement[] = [];
  for (let i = first; i < last; i++) {
    const r = shown[i]!;
    const check = el('input', {
      type: 'checkbox',
      'aria-label': l10n.t('Select {0}', r.group_key),
      checked: state.selected.has(r.group_key),
    });
    check.addEventListener('change', () => update(toggleSelected(state, r.group_key)));
    const key = el(
      'button',
      {
        class: 'key link',
        type: 'button',
        title: l10n.t('Open {0}', r.group_key),
        'aria-label': l10n.t('Open {0}', r.group_key),
      },
      r.group_key,
    );
    key.addEventListener('click', () => host.post({ type: 'openGroup', groupKey: r.group_key }));
    const row = el(
      'div',
      { class: 'row', role: 'row', 'data-key': r.group_key },
      el('div', { class: 'cell' }, check),
      el('div', { class: 'cell' }, key),
      ...state.columns.map((c) =>
        editing && editing.groupKey === r.group_key && editing.property === c ? editor(r.group_key, c) : cell(r, c),
      ),
    );
    // Through the CSSOM: the page's CSP allows no style attributes.
    row.style.top = `${i * ROW_HEIGHT}px`;
    row.style.gridTemplateColumns = cols;
    rows.push(row);
  }
  v.spacer.replaceChildren(...rows);
  if (state.hasMore && !state.loading && last >= shown.length - OVERSCAN && !state.filter) void load(true);
}

function cell(r: (typeof shown)[number], column: string): HTMLElement {
  const { text, staged } = cellText(state, r, column);
  const classes = [
    'cell',
    'value',
    staged ? 'staged' : '',
    staged?.error ? 'invalid' : '',
    staged && staged.text === undefined ? 'removed' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const shownText = staged && staged.text === undefined ? l10n.t('(removed)') : text;
  const c = el(
    'div',
    { class: classes, role: 'gridcell', tabindex: '-1', title: staged?.error ?? shownText, 'data-property': column },
    shownText,
  );
  const start = () => {
    editing = { groupKey: r.group_key, property: column };
    drawRows();
  };
  c.addEventListener('dblclick', start);
  c.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === 'F2') start();
  });
  return c;
}

function editor(groupKey: string, property: string): HTMLElement {
  const row = state.rows.find((r) => r.group_key === groupKey)!;
  const current = cellText(state, row, property);
  const type = el(
    'select',
    { 'aria-label': l10n.t('Type') },
    ...TYPES.map((t) => el('option', { value: t, selected: t === cellType(state, groupKey, property) }, t)),
  );
  const input = el('input', {
    class: 'cell-input',
    value: current.text,
    'aria-label': l10n.t('{0} of {1}', property, groupKey),
  });
  const done = (commit: boolean) => {
    editing = undefined;
    if (commit) update(stageCell(state, groupKey, property, input.value, type.value as ValueType));
    else drawRows();
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') done(true);
    if (e.key === 'Escape') done(false);
  });
  const remove = button(l10n.t('Remove property'), {
    icon: 'trash',
    iconOnly: true,
    onClick: () => {
      editing = undefined;
      update(stageRemove(state, groupKey, property));
    },
  });
  const undo = button(l10n.t('Unstage'), {
    icon: 'discard',
    iconOnly: true,
    onClick: () => {
      editing = undefined;
      update(unstage(state, groupKey, property));
    },
  });
  queueMicrotask(() => input.focus());
  return el('div', { class: 'cell editing' }, input, type, remove, undo);
}

function toggleChooser(): void {
  v.chooser.hidden = !v.chooser.hidden;
  if (v.chooser.hidden) return;
  if (!state.suggestions.length) {
    void host.request('suggestColumns', {}).then((reply) => {
      if (reply.names) update({ ...state, suggestions: reply.names });
      drawChooser();
    });
  }
  drawChooser();
}

function drawChooser(): void {
  const seen = new Set<string>([...state.columns, ...state.suggestions]);
  for (const r of state.rows.slice(0, 500)) for (const k of Object.keys(r.group_properties)) seen.add(k);
  v.chooser.replaceChildren(
    ...[...seen].sort().map((name) => {
      const box = el('input', { type: 'checkbox', checked: state.columns.includes(name) });
      box.addEventListener('change', () => {
        const columns = box.checked ? [...state.columns, name] : state.columns.filter((c) => c !== name);
        host.post({ type: 'setColumns', columns });
        update({ ...state, columns });
      });
      return el('label', { class: 'choice' }, box, name);
    }),
  );
}

function bulkSet(remove: boolean): void {
  const property = v.bulkProperty.value.trim();
  if (!property) {
    v.bulkProperty.focus();
    return;
  }
  update(bulkStage(state, property, remove ? undefined : v.bulkValue.value, v.bulkType.value as ValueType));
}

// ---- requests ----
let loadSeq = 0;
async function load(more: boolean): Promise<void> {
  if (more && (state.loading || !state.hasMore)) return;
  const seq = ++loadSeq;
  state = { ...state, loading: true };
  const reply = await host.request('load', { more, search: v.search.value });
  if (seq !== loadSeq && !more) return;
  if (reply.error || !reply.rows) {
    update({ ...state, loading: false, loadError: reply.error?.message ?? l10n.t('The groups could not be loaded.') });
    return;
  }
  update(withPage(state, reply.rows, reply.hasMore ?? false, more));
  if (!more) host.post({ type: 'setColumns', columns: state.columns });
}

async function save(overwrite: boolean): Promise<void> {
  const ready = editsToSave(state);
  if ('problem' in ready) {
    update({ ...state, report: [l10n.t('Fix before saving: {0}', ready.problem)] });
    return;
  }
  update({ ...state, saving: true, report: [l10n.t('Saving {0} values…', ready.edits.length)] });
  const reply = await host.request('save', { edits: ready.edits, overwrite });
  if (reply.error || !reply.rows) {
    update({ ...state, saving: false, report: [reply.error?.message ?? l10n.t('Saving failed.')] });
    return;
  }
  update(withSaveResult(state, reply.rows));
}

function receive(message: Exclude<GridHostMessage, { id: number }>): void {
  switch (message.type) {
    case 'init':
      update({
        ...state,
        groupTypeIndex: message.groupTypeIndex,
        groupTypeName: message.groupTypeName,
        columns: message.columns,
      });
      void load(false);
      return;
    case 'rows':
      update({ ...state, rows: state.rows.map((r) => message.rows.find((x) => x.group_key === r.group_key) ?? r) });
      return;
  }
}

// ---- events ----
let frame = 0;
function wireEvents(): void {
  v.viewport.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!editing) drawRows();
    });
  });
  v.search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void load(false);
  });
  v.filter.addEventListener('input', () => update({ ...state, filter: v.filter.value }));
  window.addEventListener('message', (event: MessageEvent<unknown>) => host.receive(event.data));
  window.addEventListener('resize', () => drawRows());
}
const v: Views = mountViews(
  document.getElementById('app') ?? document.body.appendChild(document.createElement('main')),
);
wireEvents();
draw();
if (unreadTranslations) host.post({ type: 'invalidMessage', detail: unreadTranslations });
host.post({ type: 'ready' });
