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
  keptStaged,
  stageCell,
  stageRemove,
  toggleAllShown,
  toggleSelected,
  toggleSort,
  unstage,
  visibleRows,
  withPage,
  withKeptStaged,
  withSaveResult,
  type GridState,
} from './state';
import { GridRows, tooltipFor, type Editing } from './rows';
import { OVERSCAN } from './slots';

declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const unreadTranslations = useHostTranslations();

const TYPES: ValueType[] = ['string', 'number', 'boolean', 'json'];

let state: GridState = initialState();
const host = new HostChannel<GridWebviewMessage, GridHostMessage, typeof groupGridReplies>(
  vscode,
  { schema: gridHostMessageSchema, replies: groupGridReplies },
  (m) => receive(m),
);

function update(next: GridState): void {
  const previous = state;
  state = next;
  // What a reload must not lose goes to the host as soon as it changes: the host writes it to disk at once, while
  // VS Code saves setState only now and then (see src/extension/panels/keptEdits.ts).
  if (previous.groupTypeIndex >= 0 && (next.staged !== previous.staged || next.columns !== previous.columns))
    host.post({ type: 'keepEdits', edits: { columns: next.columns, staged: keptStaged(next) } });
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
    app,
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
let editing: Editing | undefined;

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
  const all = shown.length > 0 && shown.every((r) => state.selected.has(r.group_key));
  const arrow = (column: string | undefined) =>
    state.sort && state.sort.column === column ? (state.sort.desc ? ' ↓' : ' ↑') : '';
  const selectAll = el('input', { type: 'checkbox', 'aria-label': l10n.t('Select all shown'), checked: all });
  selectAll.addEventListener('change', () => update(toggleAllShown(state)));
  const keyHead = el('button', { class: 'head', type: 'button' }, l10n.t('Group key') + arrow(undefined));
  keyHead.addEventListener('click', () => update(toggleSort(state, undefined)));
  v.header.replaceChildren(
    el('div', { class: 'cell' }, selectAll),
    el('div', { class: 'cell' }, keyHead),
    ...state.columns.map((c) => {
      const b = el('button', { class: 'head', type: 'button', title: c }, c + arrow(c));
      b.addEventListener('click', () => update(toggleSort(state, c)));
      return el('div', { class: 'cell' }, b);
    }),
  );
  // The edited row filtered out (or its column removed): its editor goes with it.
  if (editing && (!state.columns.includes(editing.property) || !shown.some((r) => r.group_key === editing!.groupKey)))
    editing = undefined;
  rows.changed(state, shown.length);
  drawRows();
}

/** Only the rows in view (and a few around them) are in the DOM: 10,000 loaded rows cost what 40 do. */
function drawRows(): void {
  const last = rows.draw(state, shown, editing);
  if (state.hasMore && !state.loading && last >= shown.length - OVERSCAN && !state.filter) void load(true);
}

/** The row and cell an event happened in (events are delegated to the viewport: rows are reused, see rows.ts). */
function target(event: Event): { groupKey: string; cell: HTMLElement | null; element: Element } | undefined {
  const element = event.target instanceof Element ? event.target : null;
  const row = element?.closest('.row');
  const groupKey = row?.getAttribute('data-key');
  if (!element || !groupKey || element.closest('.cell.editing')) return undefined;
  return { groupKey, cell: element.closest<HTMLElement>('.cell.value'), element };
}

function startEditing(groupKey: string, property: string): void {
  editing = { groupKey, property, editor: editor(groupKey, property) };
  rows.changed(state, shown.length);
  drawRows();
}

function stopEditing(next?: GridState): void {
  const was = editing;
  editing = undefined;
  if (next) update(next);
  else {
    rows.changed(state, shown.length);
    drawRows();
  }
  // Back on the cell that was edited, so the keyboard carries on from there.
  const cell =
    was &&
    v.spacer.querySelector<HTMLElement>(
      `.row[data-key="${CSS.escape(was.groupKey)}"] [data-property="${CSS.escape(was.property)}"]`,
    );
  cell?.focus({ preventScroll: true });
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
  const done = (commit: boolean) =>
    stopEditing(commit ? stageCell(state, groupKey, property, input.value, type.value as ValueType) : undefined);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') done(true);
    if (e.key === 'Escape') done(false);
  });
  const remove = button(l10n.t('Remove property'), {
    icon: 'trash',
    iconOnly: true,
    onClick: () => stopEditing(stageRemove(state, groupKey, property)),
  });
  const undo = button(l10n.t('Unstage'), {
    icon: 'discard',
    iconOnly: true,
    onClick: () => stopEditing(unstage(state, groupKey, property)),
  });
  queueMicrotask(() => input.focus());
  return el('div', { class: 'cell-editor' }, input, type, remove, undo);
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
      // Which grid this is, for the serializer after a reload; staged cells come back with the host's init.
      vscode.setState(message.panelState);
      update(
        withKeptStaged(
          {
            ...state,
            groupTypeIndex: message.groupTypeIndex,
            groupTypeName: message.groupTypeName,
            columns: message.columns,
          },
          message.staged ?? [],
        ),
      );
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
  // One draw per frame, in requestAnimationFrame: the scroll position is read there once, then rows are written.
  v.viewport.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawRows();
    });
  });
  // The rows' own events, delegated: a reused row element needs no listeners of its own.
  v.viewport.addEventListener('change', (e) => {
    const t = target(e);
    if (t && t.element.matches('input.select')) update(toggleSelected(state, t.groupKey));
  });
  v.viewport.addEventListener('click', (e) => {
    const t = target(e);
    if (t && t.element.closest('button.key')) host.post({ type: 'openGroup', groupKey: t.groupKey });
  });
  v.viewport.addEventListener('mouseover', (e) => {
    if (e.target instanceof Element) tooltipFor(e.target);
  });
  v.viewport.addEventListener('dblclick', (e) => {
    const t = target(e);
    const property = t?.cell?.getAttribute('data-property');
    if (t && property) startEditing(t.groupKey, property);
  });
  v.viewport.addEventListener('keydown', (e) => {
    const t = target(e);
    const property = t?.cell?.getAttribute('data-property');
    if (t && property && t.element === t.cell && (e.key === 'Enter' || e.key === 'F2')) {
      e.preventDefault();
      startEditing(t.groupKey, property);
    }
  });
  v.search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void load(false);
  });
  v.filter.addEventListener('input', () => update({ ...state, filter: v.filter.value }));
  window.addEventListener('message', (event: MessageEvent<unknown>) => host.receive(event.data));
  // The viewport's height, read by the observer after layout rather than in a frame that has just written.
  new ResizeObserver((entries) => {
    for (const entry of entries) rows.resized(entry.contentRect.height);
    drawRows();
  }).observe(v.viewport);
}
const v: Views = mountViews(
  document.getElementById('app') ?? document.body.appendChild(document.createElement('main')),
);
const rows = new GridRows(v.viewport, v.spacer);
wireEvents();
draw();
if (unreadTranslations) host.post({ type: 'invalidMessage', detail: unreadTranslations });
host.post({ type: 'ready' });
