// The group panel's message protocol between its host and its webview, validated on both ends. Requests from the
// webview carry an `id`; the host answers each with exactly one message of the type `groupPanelReplies` names,
// carrying that id (see common.ts). Nothing here may ever hold the API key: the webview only sees group data,
// activity and error messages.
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';
import { isJsonObject, type JsonObject } from '../json';
import { MAX_PROPERTY_KEY_LENGTH } from '../propertyValue';
import { errorInfoSchema, invalidMessageSchema, requestId, type ReplyTypes } from './common';

export { describeIssues, type ErrorInfo } from './common';

const propertyKey = z.string().check(z.minLength(1), z.maxLength(MAX_PROPERTY_KEY_LENGTH));
/** Any JSON value PostHog accepts as a property value: everything except null. */
const propertyValue = z
  .unknown()
  .check(z.refine((v) => v !== null && v !== undefined, { message: 'null is not a property value' }));

export const groupDataSchema = z.object({
  group_type_index: z.number(),
  group_key: z.string(),
  // Not z.record, which assigns keys and would turn a property named `__proto__` into the prototype.
  group_properties: z.custom<JsonObject>(isJsonObject, 'Expected an object'),
  created_at: z.optional(z.nullable(z.string())),
});
export type GroupData = z.infer<typeof groupDataSchema>;

export const activityItemSchema = z.object({
  id: z.string(),
  who: z.string(),
  /** PostHog's schema lets an entry come without its time. */
  createdAt: z.nullable(z.string()),
  /** PostHog's activity: create_group, create_property, update_property. */
  activity: z.string(),
  property: z.nullable(z.string()),
  changes: z.array(z.object({ action: z.string(), before: z.unknown(), after: z.unknown() })),
  /** Set instead of the rest for an entry PostHog sent that could not be read: what was wrong with it. */
  unreadable: z.optional(z.string()),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

export const activityPageSchema = z.object({
  page: z.number(),
  items: z.array(activityItemSchema),
  hasMore: z.boolean(),
  total: z.number(),
});
export type ActivityPage = z.infer<typeof activityPageSchema>;

/** A person or group seen on the same events as this group lately (`groups/related/`), as the Related tab lists it. */
export const relatedItemSchema = z.object({
  kind: z.enum(['person', 'group']),
  /** A person's uuid, or a group's key. */
  id: z.string(),
  label: z.string(),
  /** A person's distinct ids, or a group's type. */
  detail: z.string(),
  groupTypeIndex: z.optional(z.number()),
});
export type RelatedItem = z.infer<typeof relatedItemSchema>;

/** The value a staged edit was based on, so the host can tell whether someone changed it meanwhile. */
export const loadedValueSchema = z.object({ present: z.boolean(), value: z.optional(z.unknown()) });
export type LoadedValue = z.infer<typeof loadedValueSchema>;

/** A staged edit as Save sends it: a new value, or `delete` (no value) to remove the property. */
export const stagedSaveSchema = z.union([
  z.object({ key: propertyKey, value: propertyValue, loaded: loadedValueSchema }),
  z.object({ key: propertyKey, delete: z.literal(true), loaded: loadedValueSchema }),
]);
export type StagedSave = z.infer<typeof stagedSaveSchema>;

const valueTypeSchema = z.enum(['string', 'number', 'boolean', 'json']);
const draftSchema = z.object({ key: z.string(), text: z.string(), valueType: valueTypeSchema });
export type Draft = z.infer<typeof draftSchema>;

/** The user's unsaved work in a panel: what a reload must not lose. */
export const panelEditsSchema = z.object({
  tab: z.optional(z.enum(['properties', 'activity', 'related'])),
  filter: z.optional(z.string()),
  staged: z.optional(
    z.array(
      z.object({
        key: z.string(),
        text: z.string(),
        valueType: valueTypeSchema,
        loaded: loadedValueSchema,
        /** A staged delete: Save removes the property (its text is unused). */
        delete: z.optional(z.boolean()),
        error: z.optional(z.string()),
      }),
    ),
  ),
  /** Editors left open, with what was typed in them. */
  drafts: z.optional(z.array(draftSchema)),
  /** The "Add property" form's contents. */
  addDraft: z.optional(draftSchema),
});
export type PanelEdits = z.infer<typeof panelEditsSchema>;

/**
 * Whether the panel holds work a replacement would lose: staged edits, an open editor or a started "Add property".
 * A preview panel with any of it is kept open (pinned), so the next group opened from the tree never replaces it.
 */
export function hasUnsavedWork(edits: PanelEdits): boolean {
  const add = edits.addDraft;
  return (
    (edits.staged?.length ?? 0) > 0 ||
    (edits.drafts?.length ?? 0) > 0 ||
    (add !== undefined && (add.key !== '' || (add.text !== '' && add.valueType !== 'boolean')))
  );
}

// ---- webview -> host ----

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Re-read the group and the first activity page (first open, Retry, Refresh). */
  z.object({ type: z.literal('refresh'), id: requestId }),
  z.object({ type: z.literal('loadActivity'), id: requestId, page: z.number().check(z.int(), z.positive()) }),
  /** Save staged edits; `overwrite` skips the changed-since-loaded check after the user agreed to it. */
  z.object({
    type: z.literal('save'),
    id: requestId,
    edits: z.array(stagedSaveSchema).check(z.minLength(1)),
    overwrite: z.boolean(),
  }),
  z.object({ type: z.literal('delete'), id: requestId, key: propertyKey }),
  /** Undo of a delete: puts the old value back. */
  z.object({ type: z.literal('restore'), id: requestId, key: propertyKey, value: propertyValue }),
  z.object({ type: z.literal('suggestKeys'), id: requestId }),
  /** The persons and groups related to this group (Related tab). */
  z.object({ type: z.literal('loadRelated'), id: requestId }),
  /** A related group opens its panel; a related person opens in PostHog. */
  z.object({ type: z.literal('openRelated'), item: relatedItemSchema }),
  z.object({ type: z.literal('suggestValues'), id: requestId, key: propertyKey }),
  z.object({ type: z.literal('copy'), text: z.string(), what: z.string() }),
  /** The user's unsaved work after each change, for the host to keep where a window reload cannot lose it. */
  z.object({ type: z.literal('keepEdits'), edits: panelEditsSchema }),
  /** The user double-clicked the heading of a preview panel: keep it open, as a double-clicked preview tab is. */
  z.object({ type: z.literal('keepOpen') }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('showLog') }),
  invalidMessageSchema,
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type WebviewRequest = Extract<WebviewMessage, { id: number }>;

// ---- host -> webview ----

export const saveOutcomeSchema = z.discriminatedUnion('kind', [
  /** Nothing was written: these keys changed on PostHog since the panel loaded them. */
  z.object({
    kind: z.literal('conflict'),
    conflicts: z.array(z.object({ key: z.string(), current: loadedValueSchema })),
  }),
  z.object({
    kind: z.literal('done'),
    saved: z.array(z.string()),
    failed: z.optional(z.object({ key: z.string(), error: errorInfoSchema })),
    notAttempted: z.array(z.string()),
  }),
]);
export type SaveOutcome = z.infer<typeof saveOutcomeSchema>;

/** Where a group lives: a PostHog host and a project on it. */
export const projectRefSchema = z.object({ host: z.string(), projectId: z.number() });
export type ProjectRef = z.infer<typeof projectRefSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  /** First message after `ready`: whatever the host already knows, so the panel paints without a request. */
  z.object({
    type: z.literal('init'),
    groupTypeIndex: z.number(),
    groupKey: z.string(),
    groupTypeName: z.string(),
    group: z.nullable(groupDataSchema),
    activity: z.nullable(activityPageSchema),
    /** False when the data above came from the tree or an earlier load: the webview asks for a refresh. */
    fresh: z.boolean(),
    /** After a reload: the unsaved work the host kept, newer than the state VS Code restored to the webview. */
    edits: z.optional(panelEditsSchema),
    /**
     * A preview panel: the next group opened from the tree replaces it (its heading is in italics). A panel reused
     * for another group gets a new `init`, and starts over with that group.
     */
    preview: z.optional(z.boolean()),
    /** The project the panel belongs to (loads from, saves to), kept with the webview's state for a reload. */
    project: z.optional(projectRefSchema),
    /** Set while the panel's project is not the selected one: says so, and that saves still go to its own. */
    projectNote: z.optional(z.nullable(z.string())),
  }),
  /** The selected project changed: what the panel says about its own project now (null: it is the selected one). */
  z.object({ type: z.literal('projectNote'), note: z.nullable(z.string()) }),
  /** The preview panel is kept open from now on: pinned by a double click, Keep Open or an edit. */
  z.object({ type: z.literal('keptOpen') }),
  z.object({ type: z.literal('group'), group: groupDataSchema }),
  z.object({ type: z.literal('groupType'), name: z.string() }),
  z.object({ type: z.literal('activity'), activity: activityPageSchema }),
  z.object({ type: z.literal('loadError'), target: z.enum(['group', 'activity']), error: errorInfoSchema }),
  /** The replies: each carries its request's id, and `error` instead of a result when the request failed. */
  z.object({ type: z.literal('reply'), id: requestId, error: z.optional(errorInfoSchema) }),
  z.object({
    type: z.literal('saveResult'),
    id: requestId,
    outcome: z.optional(saveOutcomeSchema),
    error: z.optional(errorInfoSchema),
  }),
  z.object({
    type: z.literal('suggestions'),
    id: requestId,
    values: z.optional(z.array(z.string())),
    error: z.optional(errorInfoSchema),
  }),
  z.object({
    type: z.literal('related'),
    id: requestId,
    items: z.optional(z.array(relatedItemSchema)),
    error: z.optional(errorInfoSchema),
  }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Which message answers each request. */
export const groupPanelReplies = {
  refresh: 'reply',
  loadActivity: 'reply',
  save: 'saveResult',
  delete: 'reply',
  restore: 'reply',
  suggestKeys: 'suggestions',
  suggestValues: 'suggestions',
  loadRelated: 'related',
} as const satisfies ReplyTypes<WebviewMessage, HostMessage>;
export type GroupPanelReplies = typeof groupPanelReplies;

/** What the webview keeps with setState and the serializer gets back after a reload. */
export const panelStateSchema = z.extend(panelEditsSchema, {
  groupTypeIndex: z.number(),
  groupKey: z.string(),
  /** The panel's project; absent in the state of a panel from before panels kept their project. */
  host: z.optional(z.string()),
  projectId: z.optional(z.number()),
  groupTypeName: z.optional(z.string()),
  group: z.optional(z.nullable(groupDataSchema)),
  /** A preview panel stays one after a reload, as VS Code's preview editors do. */
  preview: z.optional(z.boolean()),
});
export type PanelState = z.infer<typeof panelStateSchema>;
