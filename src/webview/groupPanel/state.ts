// The group panel's state and every change to it, as pure functions from one state to the next: what the host
// sent, what the user staged (values and deletes alike), saved or discarded, and what is kept across a reload. No DOM and no messaging
// (actions.ts sends the requests and feeds the replies in here; render.ts repaints from the result), so all of it
// is unit-tested in plain Node (test/unit/webview/groupPanelState.test.ts).
import * as l10n from '@vscode/l10n';
import type {
  ActivityItem,
  Draft,
  ErrorInfo,
  GroupData,
  HostMessage,
  PanelEdits,
  PanelState,
  ProjectRef,
  RelatedItem,
  SaveOutcome,
  StagedSave,
} from '../../shared/protocol/groupPanel';
import type { Notification } from '../../shared/protocol/common';
import {
  displayValue,
  formatValue,
  loadedValue,
  parseValue,
  sameValue,
  validateKey,
  valueTypeOf,
  type ValueType,
} from '../../shared/propertyValue';

export type Tab = 'properties' | 'activity' | 'related';
export type Staged = NonNullable<PanelEdits['staged']>[number];
export type Conflict = Extract<SaveOutcome, { kind: 'conflict' }>['conflicts'][number];
export type SaveReport = { outcome?: Extract<SaveOutcome, { kind: 'done' }>; error?: ErrorInfo };
export type SaveReply = Extract<HostMessage, { type: 'saveResult' }>;
export type HostNotification = Notification<HostMessage>;

export interface ActivityState {
  readonly items: readonly ActivityItem[];
  readonly page: number;
  readonly hasMore: boolean;
  readonly total: number;
  /** A first page arrived (until then the tab says "Loading activity…"). */
  readonly loaded: boolean;
  readonly loadingMore: boolean;
  readonly error?: ErrorInfo;
}

export interface RelatedState {
  /** Undefined until first asked for (the Related tab opened). */
  readonly items?: readonly RelatedItem[];
  readonly loading: boolean;
  readonly error?: ErrorInfo;
}

export interface PanelModel {
  /** The host's `init` arrived; until then nothing is kept (persisted) from this panel. */
  readonly initialized: boolean;
  readonly groupTypeIndex: number;
  readonly groupKey: string;
  readonly groupTypeName: string;
  readonly group: GroupData | null;
  /** A preview panel: the next group opened from the tree replaces it; its heading is in italics. */
  readonly preview: boolean;
  /** The project the group is in, which the panel loads from and saves to (kept for a reload). */
  readonly project?: ProjectRef;
  /** Why the panel's project is worth a word (it is not the selected one), or undefined. */
  readonly projectNote?: string;
  readonly groupError?: ErrorInfo;
  readonly tab: Tab;
  readonly filter: string;
  /** Edits waiting for Save, by property key. */
  readonly staged: ReadonlyMap<string, Staged>;
  /** Open editors with what is typed in them, by property key. */
  readonly drafts: ReadonlyMap<string, Draft>;
  /** The "Add property" form, and why its last Stage was refused. */
  readonly addDraft: Draft;
  readonly addError?: string;
  readonly activity: ActivityState;
  readonly related: RelatedState;
  readonly loading: boolean;
  readonly saving: boolean;
  /** Keys PostHog changed since they were loaded: nothing was written until the user chooses. */
  readonly conflicts?: readonly Conflict[];
  readonly report?: SaveReport;
  /** What "Discard all" dropped, for Undo (until dismissed, or the next save). */
  readonly discarded?: ReadonlyMap<string, Staged>;
  readonly keySuggestions: readonly string[];
  readonly valueSuggestions: readonly string[];
  /**
   * Where keyboard focus goes once this change is painted (`edit:<key>`, `input:<key>`, `type:<key>`, `discard:<key>`,
   * `add-key`, `add-type`, `undo-discard`). Set by the change that wants it; every other change clears it.
   */
  readonly focus?: string;
}

/**
 * Larger groups are left out of the saved state: VS Code passes that state through the workbench on every
 * change, which took ~0.5 s for 2,000 properties and delayed everything queued behind it. After a reload such a
 * panel paints its staged edits and loads the group again.
 */
export const MAX_PROPERTIES_IN_STATE = 200;

export const notAttempted = (): string => l10n.t('Not attempted: an earlier property failed to save.');

const noActivity: ActivityState = { items: [], page: 0, hasMore: false, total: 0, loaded: false, loadingMore: false };

/** A new state: `changes` applied, and a focus request only if `changes` makes one. */
function next(state: PanelModel, changes: Partial<PanelModel>): PanelModel {
  return { ...state, focus: undefined, ...changes };
}

const without = <V>(map: ReadonlyMap<string, V>, ...keys: string[]): Map<string, V> => {
  const copy = new Map(map);
  for (const key of keys) copy.delete(key);
  return copy;
};

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): Map<string, V> =>
  new Map(map).set(key, value);

export function properties(state: PanelModel): Record<string, unknown> {
  return state.group?.group_properties ?? {};
}

/** An empty draft of a type; a new boolean starts as true, since its editor is a true/false choice. */
export function emptyDraft(valueType: ValueType, key = ''): Draft {
  return { key, text: valueType === 'boolean' ? 'true' : '', valueType };
}

// ---- start, and what the host sends ----

/** The state a webview starts with: what VS Code kept with setState, if anything. */
export function restore(saved: PanelState | undefined): PanelModel {
  const state: PanelModel = {
    initialized: false,
    groupTypeIndex: saved?.groupTypeIndex ?? -1,
    groupKey: saved?.groupKey ?? '',
    groupTypeName: saved?.groupTypeName ?? '',
    group: saved?.group ?? null,
    preview: saved?.preview ?? false,
    ...(saved?.host !== undefined && saved.projectId !== undefined
      ? { project: { host: saved.host, projectId: saved.projectId } }
      : {}),
    tab: 'properties',
    filter: '',
    staged: new Map(),
    drafts: new Map(),
    addDraft: emptyDraft('string'),
    activity: noActivity,
    related: { loading: false },
    loading: false,
    saving: false,
    keySuggestions: [],
    valueSuggestions: [],
  };
  return saved ? applyEdits(state, saved) : state;
}

/** Unsaved work, from getState() at start-up or, after a reload, the newer copy the host kept. */
export function applyEdits(state: PanelModel, edits: PanelEdits): PanelModel {
  return next(state, {
    tab: edits.tab ?? state.tab,
    filter: edits.filter ?? state.filter,
    staged: new Map((edits.staged ?? []).map((s) => [s.key, s])),
    drafts: new Map((edits.drafts ?? []).map((d) => [d.key, d])),
    addDraft: edits.addDraft ?? state.addDraft,
  });
}

/** A message from the host that is not a reply. */
export function receive(state: PanelModel, message: HostNotification): PanelModel {
  switch (message.type) {
    case 'init': {
      // A preview panel reused for another group starts over: nothing of the group it showed may stay.
      const base = state.initialized && !sameGroup(state, message) ? restore(undefined) : state;
      let s = next(base, {
        initialized: true,
        groupTypeIndex: message.groupTypeIndex,
        groupKey: message.groupKey,
        groupTypeName: message.groupTypeName,
        group: message.group ?? base.group,
        preview: message.preview ?? false,
        project: message.project ?? base.project,
        projectNote: message.projectNote ?? undefined,
      });
      if (message.edits) s = applyEdits(s, message.edits);
      if (message.activity)
        s = next(s, {
          activity: { ...s.activity, ...pageOf(message.activity), items: message.activity.items, loaded: true },
        });
      return s;
    }
    case 'keptOpen':
      return next(state, { preview: false });
    case 'projectNote':
      return next(state, { projectNote: message.note ?? undefined });
    case 'group':
      return next(state, { group: message.group, groupError: undefined });
    case 'groupType':
      return next(state, { groupTypeName: message.name });
    case 'activity': {
      const { activity } = message;
      const items = activity.page === 1 ? activity.items : [...state.activity.items, ...activity.items];
      return next(state, {
        activity: { ...state.activity, ...pageOf(activity), items, loaded: true, error: undefined },
      });
    }
    case 'loadError':
      return message.target === 'group'
        ? next(state, { groupError: message.error })
        : next(state, { activity: { ...state.activity, error: message.error } });
  }
}

/** Whether `init` names the group the panel shows already: the same key in another project is another group. */
export function sameGroup(
  state: PanelModel,
  init: { groupTypeIndex: number; groupKey: string; project?: ProjectRef },
): boolean {
  const sameProject =
    !state.project ||
    !init.project ||
    (state.project.host === init.project.host && state.project.projectId === init.project.projectId);
  return state.groupTypeIndex === init.groupTypeIndex && state.groupKey === init.groupKey && sameProject;
}

function pageOf(page: {
  page: number;
  hasMore: boolean;
  total: number;
}): Pick<ActivityState, 'page' | 'hasMore' | 'total'> {
  return { page: page.page, hasMore: page.hasMore, total: page.total };
}

export function loadingStarted(state: PanelModel): PanelModel {
  return next(state, { loading: true });
}

export function loadingFinished(state: PanelModel): PanelModel {
  return next(state, { loading: false });
}

// ---- the properties table ----

export function setFilter(state: PanelModel, filter: string): PanelModel {
  return next(state, { filter });
}

export function selectTab(state: PanelModel, tab: Tab): PanelModel {
  return next(state, { tab });
}

export function relatedStarted(state: PanelModel): PanelModel {
  return next(state, { related: { ...state.related, loading: true, error: undefined } });
}

export function relatedReplied(
  state: PanelModel,
  reply: { items?: readonly RelatedItem[]; error?: ErrorInfo },
): PanelModel {
  return next(state, {
    related:
      reply.error || !reply.items
        ? { ...state.related, loading: false, ...(reply.error ? { error: reply.error } : {}) }
        : { items: reply.items, loading: false },
  });
}

/**
 * Stages an edit of `key`, based on the value loaded now (or on what an earlier staged edit of it was based on).
 * Typing back what PostHog has unstages it. A value that does not parse is refused with the reason.
 */
export function stage(state: PanelModel, key: string, draft: Draft): { state: PanelModel } | { error: string } {
  const parsed = parseValue(draft.text, draft.valueType);
  if (!parsed.ok) return { error: parsed.message };
  const current = loadedValue(properties(state), key);
  const previous = state.staged.get(key);
  const staged =
    current.present && sameValue(current.value, parsed.value)
      ? without(state.staged, key)
      : withEntry(state.staged, key, {
          key,
          text: draft.text,
          valueType: draft.valueType,
          loaded: previous?.loaded ?? current,
        });
  return { state: next(state, { staged, report: undefined }) };
}

/** Opens the editor of `key` with the staged text, or the value PostHog has (also for a staged delete). */
export function openEditor(state: PanelModel, key: string): PanelModel {
  const change = state.staged.get(key);
  const staged = change?.delete ? undefined : change;
  const value = properties(state)[key];
  const valueType = staged?.valueType ?? valueTypeOf(value);
  const draft = { key, valueType, text: staged?.text ?? formatValue(value, valueType) };
  return next(state, { drafts: withEntry(state.drafts, key, draft), focus: `input:${key}` });
}

export function editDraft(state: PanelModel, key: string, text: string): PanelModel {
  const draft = state.drafts.get(key);
  return draft ? next(state, { drafts: withEntry(state.drafts, key, { ...draft, text }) }) : state;
}

/**
 * Chooses the draft's type. The text stays exactly as typed (a value that does not read as the new type says why, and
 * `conversion` offers the converted text); the focus stays on the type control.
 */
export function changeDraftType(state: PanelModel, key: string, to: ValueType): PanelModel {
  const draft = state.drafts.get(key);
  return draft
    ? next(state, { drafts: withEntry(state.drafts, key, { ...draft, valueType: to }), focus: `type:${key}` })
    : state;
}

export function closeEditor(state: PanelModel, key: string): PanelModel {
  return next(state, { drafts: without(state.drafts, key), focus: `edit:${key}` });
}

/** Stage from the editor, then close it; a value that does not parse keeps it open with the reason. */
export function commitEditor(state: PanelModel, key: string): { state: PanelModel } | { error: string } {
  const draft = state.drafts.get(key);
  if (!draft) return { state };
  const staged = stage(state, key, draft);
  return 'error' in staged ? staged : { state: closeEditor(staged.state, key) };
}

/**
 * The text that means, as the draft's type, what the text says now, when it does not read as that type: `abc` as
 * JSON is `"abc"`, `"42"` as a number is `42`. Undefined when the text reads as the type already, or nothing fits.
 * Offered as a button; the text is never converted unasked.
 */
export function conversion(draft: Draft): string | undefined {
  if (draft.valueType === 'boolean' || parseValue(draft.text, draft.valueType).ok) return undefined;
  // What the text means now: JSON first ("42", [1]), else the text itself.
  for (const meaning of [parseValue(draft.text, 'json'), parseValue(draft.text, 'string')]) {
    if (!meaning.ok) continue;
    const value = meaning.value;
    let text: string | undefined;
    if (draft.valueType === 'json') text = formatValue(value, 'json');
    else if (draft.valueType === 'number')
      text =
        typeof value === 'number' ? formatValue(value, 'number') : typeof value === 'string' ? value.trim() : undefined;
    else text = typeof value === 'string' ? value : displayValue(value);
    if (text !== undefined && text !== draft.text && parseValue(text, draft.valueType).ok) return text;
  }
  return undefined;
}

export function discardStaged(state: PanelModel, key: string): PanelModel {
  return next(state, { staged: without(state.staged, key), focus: `edit:${key}` });
}

/** Drops every staged change, keeping them for Undo. */
export function discardAll(state: PanelModel): PanelModel {
  if (!state.staged.size) return state;
  return next(state, {
    staged: new Map(),
    discarded: state.staged,
    report: undefined,
    conflicts: undefined,
    focus: 'undo-discard',
  });
}

/** Brings back what "Discard all" dropped; a key staged again since keeps its newer change. */
export function undoDiscard(state: PanelModel): PanelModel {
  if (!state.discarded) return state;
  return next(state, { staged: new Map([...state.discarded, ...state.staged]), discarded: undefined });
}

export function dismissDiscarded(state: PanelModel): PanelModel {
  return next(state, { discarded: undefined });
}

/** Stages the delete of `key`: Save removes it; until then it shows struck through, and its discard button keeps it. */
export function stageDelete(state: PanelModel, key: string): PanelModel {
  const loaded = loadedValue(properties(state), key);
  if (!loaded.present) return discardStaged(state, key);
  const previous = state.staged.get(key);
  const valueType = valueTypeOf(loaded.value);
  const edit: Staged = { key, text: '', valueType, loaded: previous?.loaded ?? loaded, delete: true };
  return next(state, {
    staged: withEntry(state.staged, key, edit),
    drafts: without(state.drafts, key),
    report: undefined,
    focus: `discard:${key}`,
  });
}

// ---- the "Add property" form ----

/** What the user typed in the form. A new value clears the last refusal; a new key does not. */
export function editAddDraft(state: PanelModel, change: { key?: string; text?: string }): PanelModel {
  const addDraft = { ...state.addDraft, ...change };
  return next(state, { addDraft, ...(change.text !== undefined ? { addError: undefined } : {}) });
}

/** Chooses the new property's type; what is typed stays as it is, and the focus on the type control. */
export function changeAddDraftType(state: PanelModel, to: ValueType): PanelModel {
  return next(state, { addDraft: { ...state.addDraft, valueType: to }, addError: undefined, focus: 'add-type' });
}

/** Stages the new property and empties the form (keeping its type), or says why not. */
export function stageAddDraft(state: PanelModel): PanelModel {
  const draft = state.addDraft;
  const keyError = validateKey(draft.key);
  if (keyError) return next(state, { addError: keyError });
  const staged = stage(state, draft.key, draft);
  if ('error' in staged) return next(state, { addError: staged.error });
  return next(staged.state, { addDraft: emptyDraft(draft.valueType), addError: undefined, focus: 'add-key' });
}

export function keySuggestionsReceived(state: PanelModel, values: readonly string[]): PanelModel {
  return next(state, { keySuggestions: values });
}

/** Suggestions for the key in the form; an answer for a key the user has since changed is dropped. */
export function valueSuggestionsReceived(state: PanelModel, key: string, values: readonly string[]): PanelModel {
  return key === state.addDraft.key ? next(state, { valueSuggestions: values.slice(0, 100) }) : state;
}

// ---- saving ----

/**
 * The staged edits as the host's save request takes them. If any no longer parses (restored from an older
 * version, say), nothing is sent and those edits show why.
 */
export function prepareSave(state: PanelModel): { state: PanelModel; edits: StagedSave[] } {
  const edits: StagedSave[] = [];
  const staged = new Map(state.staged);
  for (const edit of state.staged.values()) {
    if (edit.delete) {
      edits.push({ key: edit.key, delete: true, loaded: edit.loaded });
      continue;
    }
    const parsed = parseValue(edit.text, edit.valueType);
    if (parsed.ok) edits.push({ key: edit.key, value: parsed.value, loaded: edit.loaded });
    else staged.set(edit.key, { ...edit, error: parsed.message });
  }
  if (edits.length < state.staged.size) return { state: next(state, { staged }), edits: [] };
  if (!edits.length) return { state, edits };
  return { state: next(state, { saving: true, conflicts: undefined, report: undefined, discarded: undefined }), edits };
}

/** Saved keys are unstaged; the failed one and those not attempted stay staged with the reason. */
export function saveReplied(state: PanelModel, reply: SaveReply): PanelModel {
  const staged = new Map(state.staged);
  const markAll = (error: string) => {
    for (const [key, edit] of staged) staged.set(key, { ...edit, error });
  };
  const mark = (key: string, error: string) => {
    const edit = staged.get(key);
    if (edit) staged.set(key, { ...edit, error });
  };
  if (reply.error) {
    markAll(reply.error.message);
    return next(state, { saving: false, staged, report: { error: reply.error } });
  }
  const outcome = reply.outcome;
  if (outcome?.kind === 'conflict') return next(state, { saving: false, conflicts: outcome.conflicts });
  if (outcome?.kind !== 'done') return next(state, { saving: false });
  for (const key of outcome.saved) staged.delete(key);
  if (outcome.failed) mark(outcome.failed.key, outcome.failed.error.message);
  for (const key of outcome.notAttempted) mark(key, notAttempted());
  return next(state, { saving: false, staged, report: { outcome } });
}

/** After a conflict: drop the user's edits of the conflicting keys and keep PostHog's values. */
export function keepTheirs(state: PanelModel): PanelModel {
  return next(state, {
    staged: without(state.staged, ...(state.conflicts ?? []).map((c) => c.key)),
    conflicts: undefined,
  });
}

// ---- activity ----

export function loadMoreActivityStarted(state: PanelModel): PanelModel {
  return next(state, { activity: { ...state.activity, loadingMore: true } });
}

export function loadMoreActivityFinished(state: PanelModel): PanelModel {
  return next(state, { activity: { ...state.activity, loadingMore: false } });
}

export function dismissActivityError(state: PanelModel): PanelModel {
  return next(state, { activity: { ...state.activity, error: undefined } });
}

// ---- what survives a reload ----

/** The user's unsaved work, and where they were (tab, filter). */
export function editsOf(state: PanelModel): PanelEdits {
  return {
    tab: state.tab,
    filter: state.filter,
    staged: [...state.staged.values()],
    drafts: [...state.drafts.values()],
    addDraft: state.addDraft,
  };
}

/** The unsaved work (kept by the host too) and the whole state VS Code keeps for the webview. */
export function persisted(state: PanelModel): { edits: PanelEdits; state: PanelState } {
  const edits = editsOf(state);
  const keepGroup = state.group !== null && Object.keys(state.group.group_properties).length <= MAX_PROPERTIES_IN_STATE;
  return {
    edits,
    state: {
      ...edits,
      groupTypeIndex: state.groupTypeIndex,
      groupKey: state.groupKey,
      groupTypeName: state.groupTypeName,
      group: keepGroup ? state.group : null,
      preview: state.preview,
      ...(state.project ? { host: state.project.host, projectId: state.project.projectId } : {}),
    },
  };
}

/** Whether anything `persisted` reads changed. */
export function persistedChanged(state: PanelModel, previous: PanelModel): boolean {
  return (
    [
      'tab',
      'filter',
      'staged',
      'drafts',
      'addDraft',
      'groupTypeIndex',
      'groupKey',
      'groupTypeName',
      'group',
      'preview',
      'project',
    ] as const
  ).some((k) => state[k] !== previous[k]);
}
