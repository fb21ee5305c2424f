// The group panel's webview: a properties table with staged, typed edits and an activity list. It makes no
// network requests; everything goes through the host by the validated protocol. Whatever the user typed
// (staged edits, open editors, the add form, filter, tab) is kept with setState, so hiding the panel or
// reloading the window loses nothing.
import './style.css';
import {
  describeIssues,
  hostMessageSchema,
  panelStateSchema,
  type ActivityItem,
  type Draft,
  type ErrorInfo,
  type GroupData,
  type HostMessage,
  type LoadedValue,
  type PanelEdits,
  type PanelState,
  type SaveOutcome,
  type StagedSave,
  type WebviewMessage,
  type WebviewRequest,
} from '../../shared/protocol/groupPanel';
import { groupLabel } from '../../shared/labels';
import { displayValue, formatValue, loadedValue, parseValue, sameValue, validateKey, valueTypeOf, type ValueType } from '../../shared/propertyValue';
import { activityRows } from './activity';
import { button, el, icon } from '../common/dom';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

type Staged = NonNullable<PanelState['staged']>[number];
type Tab = 'properties' | 'activity';
type Conflict = Extract<SaveOutcome, { kind: 'conflict' }>['conflicts'][number];
type Report = { outcome?: Extract<SaveOutcome, { kind: 'done' }>; error?: ErrorInfo };

const TYPE_LABELS: Record<ValueType, string> = { string: 'String', number: 'Number', boolean: 'Boolean', json: 'JSON (object or array)' };
const CELL_PREVIEW = 300;

const restored = panelStateSchema.safeParse(vscode.getState());
const saved = restored.success ? restored.data : undefined;

const model = {
  groupTypeIndex: saved?.groupTypeIndex ?? -1,
  groupKey: saved?.groupKey ?? '',
  groupTypeName: saved?.groupTypeName ?? '',
  tab: 'properties' as Tab,
  filter: '',
  staged: new Map<string, Staged>(),
  drafts: new Map<string, Draft>(),
  addDraft: { key: '', text: '', valueType: 'string' as ValueType },
  group: saved?.group ?? (null as GroupData | null),
  activity: [] as ActivityItem[],
  activityPage: 0,
  activityHasMore: false,
  activityTotal: 0,
  activityLoaded: false,
  groupError: undefined as ErrorInfo | undefined,
  activityError: undefined as ErrorInfo | undefined,
  loading: false,
  saving: false,
  conflicts: undefined as Conflict[] | undefined,
  report: undefined as Report | undefined,
  undo: undefined as { key: string; value: unknown } | undefined,
  actionError: undefined as ErrorInfo | undefined,
};
if (saved) applyEdits(saved);

// ---- messaging ----

let nextId = 1;
const pending = new Map<number, (reply: HostMessage) => void>();

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

type RequestBody = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, 'id'> : never) : never;

function request(body: RequestBody): Promise<HostMessage> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    post({ ...body, id } as WebviewMessage);
  });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'invalidMessage', detail: describeIssues(parsed.error) });
    return;
  }
  receive(parsed.data);
});

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      model.groupTypeIndex = message.groupTypeIndex;
      model.groupKey = message.groupKey;
      model.groupTypeName = message.groupTypeName;
      if (message.group) model.group = message.group;
      if (message.edits) applyEdits(message.edits);
      if (message.activity) showActivity(message.activity.items, message.activity.page, message.activity.hasMore, message.activity.total, true);
      renderAll();
      persist();
      if (!message.fresh) void refresh();
      return;
    case 'group':
      model.group = message.group;
      model.groupError = undefined;
      renderHeader();
      renderBanner();
      renderProperties();
      persistSoon();
      return;
    case 'groupType':
      model.groupTypeName = message.name;
      renderHeader();
      persistSoon();
      return;
    case 'activity':
      model.activityError = undefined;
      showActivity(message.activity.items, message.activity.page, message.activity.hasMore, message.activity.total, message.activity.page === 1);
      renderActivity();
      return;
    case 'loadError':
      if (message.target === 'group') model.groupError = message.error;
      else model.activityError = message.error;
      renderBanner();
      renderActivity();
      return;
    default:
      pending.get(message.id)?.(message);
      pending.delete(message.id);
  }
}

function showActivity(items: ActivityItem[], page: number, hasMore: boolean, total: number, replace: boolean): void {
  model.activity = replace ? items : [...model.activity, ...items];
  model.activityPage = page;
  model.activityHasMore = hasMore;
  model.activityTotal = total;
  model.activityLoaded = true;
}

// ---- state ----

/**
 * Larger groups are left out of the saved state: VS Code passes that state through the workbench on every
 * change, which took ~0.5 s for 2,000 properties and delayed everything queued behind it. After a reload such a
 * panel paints its staged edits and loads the group again.
 */
const MAX_PROPERTIES_IN_STATE = 200;

/** Unsaved work, from getState() at start-up or, after a reload, the newer copy the host kept. */
function applyEdits(edits: PanelEdits): void {
  model.tab = edits.tab ?? model.tab;
  model.filter = edits.filter ?? model.filter;
  model.staged = new Map((edits.staged ?? []).map((s) => [s.key, s]));
  model.drafts = new Map((edits.drafts ?? []).map((d) => [d.key, d]));
  model.addDraft = edits.addDraft ?? model.addDraft;
}

let lastKept = '';

function persist(): void {
  const keepGroup = model.group !== null && Object.keys(model.group.group_properties).length <= MAX_PROPERTIES_IN_STATE;
  const edits: PanelEdits = {
    tab: model.tab,
    filter: model.filter,
    staged: [...model.staged.values()],
    drafts: [...model.drafts.values()],
    addDraft: model.addDraft,
  };
  const state: PanelState = {
    ...edits,
    groupTypeIndex: model.groupTypeIndex,
    groupKey: model.groupKey,
    groupTypeName: model.groupTypeName,
    group: keepGroup ? model.group : null,
  };
  vscode.setState(state);
  // Also with the host, which writes it where a reload finds it (see src/panels/keptEdits.ts).
  const kept = JSON.stringify(edits);
  if (kept !== lastKept) {
    lastKept = kept;
    post({ type: 'keepEdits', edits });
  }
}

let persistTimer: ReturnType<typeof setTimeout> | undefined;
function persistSoon(): void {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(persist, 150);
}

const properties = (): Record<string, unknown> => model.group?.group_properties ?? {};

const loadedValueOf = (key: string): LoadedValue => loadedValue(properties(), key);

// ---- actions ----

async function refresh(): Promise<void> {
  model.loading = true;
  renderBusy();
  await request({ type: 'refresh' });
  model.loading = false;
  renderBusy();
}

function stage(key: string, draft: Draft): string | undefined {
  const parsed = parseValue(draft.text, draft.valueType);
  if (!parsed.ok) return parsed.message;
  const current = loadedValueOf(key);
  const previous = model.staged.get(key);
  if (current.present && sameValue(current.value, parsed.value)) {
    // Back to what PostHog has: nothing to save.
    model.staged.delete(key);
  } else {
    model.staged.set(key, { key, text: draft.text, valueType: draft.valueType, loaded: previous?.loaded ?? current });
  }
  model.report = undefined;
  return undefined;
}

async function save(overwrite = false): Promise<void> {
  const edits: StagedSave[] = [];
  let invalid = false;
  for (const staged of model.staged.values()) {
    const parsed = parseValue(staged.text, staged.valueType);
    if (parsed.ok) {
      edits.push({ key: staged.key, value: parsed.value, loaded: staged.loaded });
    } else {
      staged.error = parsed.message;
      invalid = true;
    }
  }
  if (invalid || !edits.length) {
    renderProperties();
    return;
  }
  model.saving = true;
  model.conflicts = undefined;
  model.report = undefined;
  renderSaveArea();
  const reply = await request({ type: 'save', edits, overwrite });
  model.saving = false;
  if (reply.type === 'saveResult') {
    if (reply.error) {
      model.report = { error: reply.error };
      for (const staged of model.staged.values()) staged.error = reply.error.message;
    } else if (reply.outcome?.kind === 'conflict') {
      model.conflicts = reply.outcome.conflicts;
    } else if (reply.outcome?.kind === 'done') {
      const outcome = reply.outcome;
      for (const key of outcome.saved) model.staged.delete(key);
      const failed = outcome.failed && model.staged.get(outcome.failed.key);
      if (failed && outcome.failed) failed.error = outcome.failed.error.message;
      for (const key of outcome.notAttempted) {
        const staged = model.staged.get(key);
        if (staged) staged.error = 'Not attempted: an earlier property failed to save.';
      }
      model.report = { outcome };
    }
  }
  persist();
  renderProperties();
}

function keepTheirs(): void {
  for (const conflict of model.conflicts ?? []) model.staged.delete(conflict.key);
  model.conflicts = undefined;
  persist();
  renderProperties();
}

async function deleteProperty(key: string): Promise<void> {
  const old = loadedValueOf(key);
  const reply = await request({ type: 'delete', key });
  if (reply.type === 'reply' && reply.error) {
    model.actionError = reply.error;
  } else {
    model.actionError = undefined;
    model.staged.delete(key);
    model.drafts.delete(key);
    if (old.present) model.undo = { key, value: old.value };
    focusAfterRender = 'undo';
  }
  persist();
  renderProperties();
}

async function undoDelete(): Promise<void> {
  const undo = model.undo;
  if (!undo) return;
  model.undo = undefined;
  const reply = await request({ type: 'restore', key: undo.key, value: undo.value });
  if (reply.type === 'reply' && reply.error) {
    // Keep the old value as a staged edit, so it is not lost and can be saved again.
    model.actionError = reply.error;
    const valueType = valueTypeOf(undo.value);
    model.staged.set(undo.key, { key: undo.key, text: formatValue(undo.value, valueType), valueType, loaded: { present: false }, error: reply.error.message });
  }
  focusAfterRender = `edit:${undo.key}`;
  persist();
  renderProperties();
}

function copy(text: string, what: string): void {
  post({ type: 'copy', text, what });
}

// ---- skeleton ----

const app = document.getElementById('app') ?? document.body.appendChild(el('main'));
const title = el('h1', { class: 'title' });
const subtitle = el('p', { class: 'subtitle' });
const progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Loading', hidden: true });
const banner = el('div', { class: 'banner', role: 'alert', hidden: true });
const tabs = { properties: el('button', { type: 'button', role: 'tab', id: 'tab-properties', 'aria-controls': 'panel-properties' }, icon('symbol-property'), el('span', {}, 'Properties')),
  activity: el('button', { type: 'button', role: 'tab', id: 'tab-activity', 'aria-controls': 'panel-activity' }, icon('history'), el('span', {}, 'Activity')) };
const propertiesPanel = el('section', { role: 'tabpanel', id: 'panel-properties', 'aria-labelledby': 'tab-properties' });
const activityPanel = el('section', { role: 'tabpanel', id: 'panel-activity', 'aria-labelledby': 'tab-activity' });

const filterInput = el('input', { type: 'search', class: 'filter', placeholder: 'Filter properties', 'aria-label': 'Filter properties by name or value' });
const filterCount = el('span', { class: 'muted count', 'aria-live': 'polite' });
const addArea = el('form', { class: 'add', 'aria-label': 'Add property' });
const keySuggestions = el('datalist', { id: 'key-suggestions' });
const valueSuggestions = el('datalist', { id: 'value-suggestions' });
const saveArea = el('div', { class: 'save-area' });
const tableBody = el('tbody');
const emptyProperties = el('p', { class: 'muted empty', hidden: true });
const activityBody = el('tbody');
const activityFooter = el('div', { class: 'activity-footer' });

function buildSkeleton(): void {
  const header = el(
    'header',
    {},
    el('div', { class: 'heading' }, title, subtitle),
    el(
      'div',
      { class: 'toolbar' },
      button('Refresh', { icon: 'refresh', iconOnly: true, onClick: () => void refresh() }),
      button('Copy all properties as JSON', { icon: 'json', iconOnly: true, onClick: () => copy(JSON.stringify(properties(), null, 2), 'all properties as JSON') }),
    ),
  );
  const tablist = el('div', { role: 'tablist', 'aria-label': 'Group panel sections', class: 'tabs' }, tabs.properties, tabs.activity);
  for (const tab of ['properties', 'activity'] as Tab[]) {
    tabs[tab].addEventListener('click', () => selectTab(tab));
    tabs[tab].addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const other: Tab = tab === 'properties' ? 'activity' : 'properties';
        selectTab(other);
        tabs[other].focus();
        e.preventDefault();
      }
    });
  }
  filterInput.value = model.filter;
  filterInput.addEventListener('input', () => {
    model.filter = filterInput.value;
    applyFilter();
    persistSoon();
  });
  propertiesPanel.append(
    el('div', { class: 'row-toolbar' }, filterInput, filterCount),
    addArea,
    keySuggestions,
    valueSuggestions,
    saveArea,
    el(
      'table',
      { class: 'properties', 'aria-label': 'Group properties' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Property'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, 'Type'), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
      tableBody,
    ),
    emptyProperties,
  );
  activityPanel.append(
    el(
      'table',
      { class: 'activity', 'aria-label': 'Group activity, newest first' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Who'), el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'What'), el('th', { scope: 'col' }, 'Property'), el('th', { scope: 'col' }, 'Before → after'))),
      activityBody,
    ),
    activityFooter,
  );
  app.replaceChildren(header, progress, banner, tablist, propertiesPanel, activityPanel);
}

function selectTab(tab: Tab): void {
  model.tab = tab;
  renderTabs();
  persistSoon();
}

// ---- rendering ----

function renderAll(): void {
  renderHeader();
  renderTabs();
  renderBanner();
  renderBusy();
  renderAddForm();
  renderProperties();
  renderActivity();
  app.removeAttribute('aria-busy');
}

function renderHeader(): void {
  title.textContent = model.group ? groupLabel(model.group) : model.groupKey;
  subtitle.textContent = `${model.groupTypeName} · ${model.groupKey}`;
}

function renderTabs(): void {
  for (const tab of ['properties', 'activity'] as Tab[]) {
    const selected = model.tab === tab;
    tabs[tab].setAttribute('aria-selected', String(selected));
    tabs[tab].tabIndex = selected ? 0 : -1;
  }
  propertiesPanel.hidden = model.tab !== 'properties';
  activityPanel.hidden = model.tab !== 'activity';
}

function renderBusy(): void {
  progress.hidden = !model.loading && !model.saving;
}

function errorBox(error: ErrorInfo, retry: () => void): HTMLElement[] {
  return [
    icon('error'),
    el('span', { class: 'message' }, error.message),
    button('Retry', { icon: 'refresh', onClick: retry }),
    error.signIn ? button('Sign In', { icon: 'sign-in', onClick: () => post({ type: 'signIn' }) }) : null,
    button('Show Log', { icon: 'output', onClick: () => post({ type: 'showLog' }) }),
  ].filter((x): x is HTMLElement => x !== null);
}

function renderBanner(): void {
  const error = model.groupError;
  banner.hidden = !error;
  if (error) banner.replaceChildren(...errorBox(error, () => void refresh()));
}

function typeSelect(value: ValueType, label: string, onChange: (t: ValueType) => void): HTMLSelectElement {
  const select = el('select', { 'aria-label': label });
  for (const t of Object.keys(TYPE_LABELS) as ValueType[]) select.append(el('option', { value: t, selected: t === value }, TYPE_LABELS[t]));
  select.addEventListener('change', () => onChange(select.value as ValueType));
  return select;
}

/** The value input for a type: a textarea for JSON, a true/false choice for booleans, else one line. */
function valueInput(draft: Draft, label: string, onInput: () => void): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  if (draft.valueType === 'boolean') {
    if (draft.text !== 'true' && draft.text !== 'false') draft.text = 'true';
    const select = el('select', { 'aria-label': label }, el('option', { value: 'true', selected: draft.text === 'true' }, 'true'), el('option', { value: 'false', selected: draft.text === 'false' }, 'false'));
    select.addEventListener('change', () => {
      draft.text = select.value;
      onInput();
    });
    return select;
  }
  const input = draft.valueType === 'json'
    ? el('textarea', { 'aria-label': label, rows: String(Math.min(12, Math.max(3, draft.text.split('\n').length))), spellcheck: 'false' })
    : el('input', { type: 'text', 'aria-label': label, spellcheck: 'false', inputmode: draft.valueType === 'number' ? 'decimal' : undefined });
  input.value = draft.text;
  input.addEventListener('input', () => {
    draft.text = input.value;
    onInput();
  });
  return input;
}

/** When switching type, carry the value over where it means the same (e.g. "42" -> 42). */
function convertDraft(draft: Draft, to: ValueType): void {
  const parsed = parseValue(draft.text, draft.valueType);
  draft.valueType = to;
  if (parsed.ok && to !== 'string') draft.text = formatValue(parsed.value, valueTypeOf(parsed.value) === to ? to : 'json');
  else if (parsed.ok && typeof parsed.value !== 'string') draft.text = displayValue(parsed.value);
  if (to === 'boolean' && draft.text !== 'true' && draft.text !== 'false') draft.text = 'true';
}

function renderAddForm(): void {
  const draft = model.addDraft;
  const error = el('div', { class: 'inline-error', role: 'alert', id: 'add-error' });
  const keyInput = el('input', { type: 'text', class: 'key-input', placeholder: 'New property name', 'aria-label': 'New property name', list: 'key-suggestions', maxlength: '400', spellcheck: 'false' });
  keyInput.value = draft.key;
  let valueTimer: ReturnType<typeof setTimeout> | undefined;
  keyInput.addEventListener('focus', () => void suggestKeys(), { once: true });
  keyInput.addEventListener('input', () => {
    draft.key = keyInput.value;
    persistSoon();
    clearTimeout(valueTimer);
    valueTimer = setTimeout(() => void suggestValues(draft.key), 300);
  });
  const input = valueInput(draft, 'New property value', () => {
    error.textContent = '';
    persistSoon();
  });
  if (input instanceof HTMLInputElement) input.setAttribute('list', 'value-suggestions');
  const add = (): void => {
    const keyError = validateKey(draft.key);
    const message = keyError ?? stage(draft.key, draft);
    if (message) {
      error.textContent = message;
      return;
    }
    focusAfterRender = 'add-key';
    model.addDraft = { key: '', text: '', valueType: draft.valueType };
    persist();
    renderAddForm();
    renderProperties();
  };
  addArea.onsubmit = (e) => {
    e.preventDefault();
    add();
  };
  input.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && input instanceof HTMLTextAreaElement) {
      e.preventDefault();
      add();
    }
  });
  keyInput.dataset.fid = 'add-key';
  addArea.replaceChildren(
    keyInput,
    typeSelect(draft.valueType, 'New property type', (t) => {
      convertDraft(draft, t);
      renderAddForm();
      persistSoon();
    }),
    input,
    el('button', { type: 'submit', class: 'button secondary' }, icon('add'), el('span', {}, 'Stage')),
    error,
  );
}

let keysRequested = false;
async function suggestKeys(): Promise<void> {
  if (keysRequested) return;
  keysRequested = true;
  const reply = await request({ type: 'suggestKeys' });
  if (reply.type !== 'suggestions') {
    keysRequested = false;
    return;
  }
  keySuggestions.replaceChildren(...reply.values.map((v) => el('option', { value: v })));
}

async function suggestValues(key: string): Promise<void> {
  if (validateKey(key) || key !== model.addDraft.key) return;
  const reply = await request({ type: 'suggestValues', key });
  if (reply.type !== 'suggestions' || key !== model.addDraft.key) return;
  valueSuggestions.replaceChildren(...reply.values.slice(0, 100).map((v) => el('option', { value: v })));
}

function renderSaveArea(): void {
  renderBusy();
  const parts: HTMLElement[] = [];
  if (model.actionError) parts.push(el('div', { class: 'notice error', role: 'alert' }, ...errorBox(model.actionError, () => {
    model.actionError = undefined;
    void refresh();
    renderSaveArea();
  })));
  if (model.undo) {
    const undo = model.undo;
    const undoButton = button('Undo', { icon: 'discard', onClick: () => void undoDelete() });
    undoButton.dataset.fid = 'undo';
    parts.push(el('div', { class: 'notice', role: 'status' }, icon('trash'), el('span', { class: 'message' }, `Deleted "${undo.key}".`), undoButton,
      button('Dismiss', { icon: 'close', iconOnly: true, onClick: () => { model.undo = undefined; renderSaveArea(); } })));
  }
  if (model.conflicts) parts.push(conflictBox(model.conflicts));
  if (model.report) parts.push(reportBox(model.report));
  if (model.staged.size) {
    const count = model.staged.size;
    parts.push(el('div', { class: 'notice staged-bar' }, icon('edit'), el('span', { class: 'message' }, `${count} staged change${count === 1 ? '' : 's'}`),
      Object.assign(button(model.saving ? 'Saving…' : 'Save', { icon: 'save', primary: true, onClick: () => void save() }), { disabled: model.saving }),
      Object.assign(button('Discard all', { icon: 'discard', onClick: () => { model.staged.clear(); model.report = undefined; model.conflicts = undefined; persist(); renderProperties(); } }), { disabled: model.saving })));
  }
  saveArea.replaceChildren(...parts);
}

function conflictBox(conflicts: Conflict[]): HTMLElement {
  const list = el('ul');
  for (const c of conflicts) {
    const staged = model.staged.get(c.key);
    const was = staged?.loaded.present ? displayValue(staged.loaded.value) : '(not set)';
    const now = c.current.present ? displayValue(c.current.value) : '(deleted)';
    list.append(el('li', {}, el('code', {}, c.key), `: you loaded ${was}, PostHog now has ${now}.`));
  }
  return el('div', { class: 'notice warning', role: 'alert' },
    el('div', {}, icon('warning'), el('span', { class: 'message' }, 'These properties changed on PostHog since you loaded them:'), list),
    button('Overwrite with my values', { icon: 'check', primary: true, onClick: () => void save(true) }),
    button("Keep PostHog's values", { icon: 'discard', onClick: keepTheirs }));
}

function reportBox(report: Report): HTMLElement {
  if (report.error) return el('div', { class: 'notice error', role: 'alert' }, ...errorBox(report.error, () => void save()));
  const { saved = [], failed, notAttempted = [] } = report.outcome ?? {};
  const items = el('ul', { class: 'report' });
  if (saved.length) items.append(el('li', { class: 'saved' }, icon('check'), ` Saved: ${saved.join(', ')}`));
  if (failed) items.append(el('li', { class: 'failed' }, icon('error'), ` Failed: ${failed.key}: ${failed.error.message}`));
  if (notAttempted.length) items.append(el('li', { class: 'skipped' }, icon('circle-slash'), ` Not attempted: ${notAttempted.join(', ')}`));
  const retry = failed || notAttempted.length ? button('Retry', { icon: 'refresh', onClick: () => void save() }) : null;
  const signIn = failed?.error.signIn ? button('Sign In', { icon: 'sign-in', onClick: () => post({ type: 'signIn' }) }) : null;
  return el('div', { class: `notice ${failed ? 'error' : ''}`, role: 'status', 'aria-label': 'Save report' }, items, retry, signIn);
}

/** Every property's row; `row` is created when its turn in the progressive render comes. */
let rows: { key: string; text: string; row?: HTMLTableRowElement }[] = [];
/** Rows created up front: about a screenful, so the first paint is quick even for thousands of properties. */
const FIRST_ROWS = 80;
/** Rows created per later slice; each slice runs in its own task so typing and scrolling stay responsive. */
const ROWS_PER_SLICE = 100;
let renderGeneration = 0;
let focusAfterRender: string | undefined;

function renderProperties(): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.fid;
  const target = focusAfterRender ?? focused;
  focusAfterRender = undefined;
  const props = properties();
  const keys = [...new Set([...Object.keys(props), ...model.staged.keys(), ...model.drafts.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  rows = keys.map((key) => ({ key, text: `${key}\n${Object.hasOwn(props, key) ? displayValue(props[key]) : ''}`.toLowerCase() }));
  tableBody.replaceChildren();
  const generation = ++renderGeneration;
  // The row to focus, an open editor or a staged edit must exist right away; the rest can follow.
  const urgent = (i: number) => i < FIRST_ROWS || model.drafts.has(rows[i]!.key) || model.staged.has(rows[i]!.key) || target?.endsWith(`:${rows[i]!.key}`);
  appendRows(0, rows.length, props, urgent);
  emptyProperties.hidden = keys.length > 0;
  emptyProperties.textContent = model.group ? 'This group has no properties yet. Add one above.' : 'Loading properties…';
  applyFilter();
  renderSaveArea();
  if (target) (Array.from(app.querySelectorAll<HTMLElement>('[data-fid]')).find((e) => e.dataset.fid === target))?.focus();
  const rest = (from: number): void => {
    if (generation !== renderGeneration || from >= rows.length) return;
    appendRows(from, Math.min(rows.length, from + ROWS_PER_SLICE), props, () => true);
    setTimeout(() => rest(from + ROWS_PER_SLICE), 0);
  };
  // After the first frame is painted, not before it.
  if (rows.some((r) => !r.row)) requestAnimationFrame(() => setTimeout(() => rest(0), 0));
}

/** Creates the missing rows among rows[from, to) that `now` selects, each before the next row already shown. */
function appendRows(from: number, to: number, props: Record<string, unknown>, now: (i: number) => unknown): void {
  const query = model.filter.trim().toLowerCase();
  let fragment = document.createDocumentFragment();
  for (let i = from; i < to; i++) {
    const entry = rows[i]!;
    if (entry.row) {
      tableBody.insertBefore(fragment, entry.row);
      fragment = document.createDocumentFragment();
    } else if (now(i)) {
      entry.row = propertyRow(entry.key, props);
      entry.row.hidden = query !== '' && !entry.text.includes(query);
      fragment.append(entry.row);
    }
  }
  tableBody.insertBefore(fragment, rows.slice(to).find((r) => r.row)?.row ?? null);
}

function applyFilter(): void {
  const query = model.filter.trim().toLowerCase();
  let shown = 0;
  for (const { row, text } of rows) {
    const hide = query !== '' && !text.includes(query);
    if (row && row.hidden !== hide) row.hidden = hide;
    if (!hide) shown++;
  }
  filterCount.textContent = query ? `${shown} of ${rows.length}` : `${rows.length} properties`;
}

function preview(text: string): string {
  return text.length > CELL_PREVIEW ? `${text.slice(0, CELL_PREVIEW)}…` : text;
}

function propertyRow(key: string, props: Record<string, unknown>): HTMLTableRowElement {
  const present = Object.hasOwn(props, key);
  const value = props[key];
  const staged = model.staged.get(key);
  const draft = model.drafts.get(key);
  const type: ValueType = staged?.valueType ?? valueTypeOf(value);
  const row = el('tr', { class: staged ? 'staged' : undefined });
  const valueCell = el('td', { class: `value type-${type}` });
  if (draft) {
    valueCell.append(editor(key, draft));
  } else if (staged) {
    valueCell.append(el('span', { class: 'text' }, preview(staged.text)), el('span', { class: 'badge' }, present ? 'changed' : 'new'));
    if (present) valueCell.append(el('div', { class: 'muted was' }, `was ${preview(displayValue(value))}`));
    if (staged.error) valueCell.append(el('div', { class: 'inline-error' }, staged.error));
  } else {
    valueCell.append(el('span', { class: 'text' }, preview(displayValue(value))));
  }
  const edit = button(`Edit ${key}`, { icon: 'edit', iconOnly: true, onClick: () => openEditor(key) });
  edit.dataset.fid = `edit:${key}`;
  const actions = el('td', { class: 'actions' }, edit);
  if (present) actions.append(button(`Copy value of ${key}`, { icon: 'copy', iconOnly: true, onClick: () => copy(type === 'string' ? String(value) : JSON.stringify(value, null, 2), `the value of ${key}`) }));
  if (staged) actions.append(button(`Discard the staged change to ${key}`, { icon: 'discard', iconOnly: true, onClick: () => { model.staged.delete(key); focusAfterRender = `edit:${key}`; persist(); renderProperties(); } }));
  if (present) {
    const remove = button(`Delete ${key}`, { icon: 'trash', iconOnly: true, onClick: () => void deleteProperty(key) });
    actions.append(remove);
  }
  row.append(el('th', { scope: 'row', class: 'key' }, key), valueCell, el('td', { class: 'type' }, TYPE_LABELS[type].split(' ')[0] ?? type), actions);
  return row;
}

function openEditor(key: string): void {
  const staged = model.staged.get(key);
  const value = properties()[key];
  const valueType = staged?.valueType ?? valueTypeOf(value);
  model.drafts.set(key, { key, valueType, text: staged?.text ?? formatValue(value, valueType) });
  focusAfterRender = `input:${key}`;
  persistSoon();
  renderProperties();
}

function editor(key: string, draft: Draft): HTMLElement {
  const error = el('div', { class: 'inline-error', role: 'alert' });
  const validate = (): boolean => {
    const parsed = parseValue(draft.text, draft.valueType);
    error.textContent = parsed.ok ? '' : parsed.message;
    return parsed.ok;
  };
  const close = (): void => {
    model.drafts.delete(key);
    focusAfterRender = `edit:${key}`;
    persist();
    renderProperties();
  };
  const commit = (): void => {
    const message = stage(key, draft);
    if (message) {
      error.textContent = message;
      return;
    }
    close();
  };
  const input = valueInput(draft, `Value of ${key}`, () => {
    validate();
    persistSoon();
  });
  input.dataset.fid = `input:${key}`;
  input.addEventListener('keydown', (e) => {
    const event = e as KeyboardEvent;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' && (!(input instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  });
  return el(
    'div',
    { class: 'editor' },
    typeSelect(draft.valueType, `Type of ${key}`, (t) => {
      convertDraft(draft, t);
      focusAfterRender = `input:${key}`;
      persistSoon();
      renderProperties();
    }),
    input,
    button('Stage', { icon: 'check', onClick: commit }),
    button('Cancel', { icon: 'close', onClick: close }),
    error,
  );
}

function renderActivity(): void {
  activityBody.replaceChildren(activityRows(model.activity));
  activityFooter.replaceChildren();
  if (model.activityError) {
    activityFooter.append(el('div', { class: 'notice error', role: 'alert' }, ...errorBox(model.activityError, () => {
      model.activityError = undefined;
      renderActivity();
      void refresh();
    })));
  }
  if (!model.activityLoaded) {
    if (!model.activityError) activityFooter.append(el('p', { class: 'muted' }, 'Loading activity…'));
    return;
  }
  if (!model.activity.length) activityFooter.append(el('p', { class: 'muted' }, 'No activity recorded for this group yet.'));
  else activityFooter.append(el('p', { class: 'muted' }, `${model.activity.length} of ${model.activityTotal} entries`));
  if (model.activityHasMore && !model.activityError) {
    const more = button('Load more', { icon: 'fold-down', onClick: () => {
      more.disabled = true;
      void request({ type: 'loadActivity', page: model.activityPage + 1 });
    } });
    activityFooter.append(more);
  }
}

buildSkeleton();
renderAll();
post({ type: 'ready' });
