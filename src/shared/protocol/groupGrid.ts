// The group grid's protocol (one grid per group type): its host pages through the type's groups with PostHog's
// cursor and writes staged cell edits; the webview shows, sorts, filters and edits the loaded rows. Validated on both
// ends; requests carry an `id` and get exactly one reply (see common.ts). No key ever crosses it.
import * as z from 'zod/mini';
import { MAX_PROPERTY_KEY_LENGTH } from '../propertyValue';
import { errorInfoSchema, invalidMessageSchema, requestId, type ReplyTypes } from './common';
import { groupDataSchema, loadedValueSchema } from './groupPanel';

export { type ErrorInfo } from './common';
export type { GroupData, LoadedValue } from './groupPanel';

const propertyKey = z.string().check(z.minLength(1), z.maxLength(MAX_PROPERTY_KEY_LENGTH));
const propertyValue = z
  .unknown()
  .check(z.refine((v) => v !== null && v !== undefined, { message: 'null is not a property value' }));

/** One staged cell: a new value for a property of a group, or its removal; `loaded` is what the edit was based on. */
export const cellEditSchema = z.object({
  groupKey: z.string(),
  property: propertyKey,
  /** Absent: remove the property. */
  value: z.optional(propertyValue),
  loaded: loadedValueSchema,
});
export type CellEdit = z.infer<typeof cellEditSchema>;

/** What became of one group's staged edits: the group panel's per-key save report, per row. */
export const rowOutcomeSchema = z.object({
  groupKey: z.string(),
  saved: z.array(z.string()),
  failed: z.optional(z.object({ property: z.string(), error: errorInfoSchema })),
  notAttempted: z.array(z.string()),
  /** Nothing of this row was written: these properties changed on PostHog since they were loaded. */
  conflicts: z.optional(z.array(z.object({ property: z.string(), current: loadedValueSchema }))),
  /** The row as PostHog has it after the writes (or after the read that found the conflict). */
  group: z.optional(groupDataSchema),
});
export type RowOutcome = z.infer<typeof rowOutcomeSchema>;

/** A staged cell as the webview holds it (its value is parsed again from text and type when it comes back). */
export const keptCellSchema = z.object({
  groupKey: z.string(),
  property: propertyKey,
  /** Absent: the property is removed. */
  text: z.optional(z.string()),
  type: z.enum(['string', 'number', 'boolean', 'json']),
  loaded: loadedValueSchema,
});
export type KeptCell = z.infer<typeof keptCellSchema>;

/** What a reload must not lose of a grid: its staged cells, and its columns (kept with them: see keptEdits.ts). */
export const gridEditsSchema = z.object({
  columns: z.optional(z.array(propertyKey)),
  staged: z.optional(z.array(keptCellSchema)),
});
export type GridEdits = z.infer<typeof gridEditsSchema>;

/** What the webview keeps with setState and the grid's serializer gets back after a reload: which grid it is. */
export const gridPanelStateSchema = z.object({
  host: z.string(),
  projectId: z.optional(z.number()),
  groupType: z.object({
    group_type_index: z.number(),
    group_type: z.string(),
    name_singular: z.optional(z.nullable(z.string())),
    name_plural: z.optional(z.nullable(z.string())),
  }),
});
export type GridPanelState = z.infer<typeof gridPanelStateSchema>;

export const gridWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The first page (of a new search), or the next one after the rows loaded so far. */
  z.object({ type: z.literal('load'), id: requestId, more: z.boolean(), search: z.optional(z.string()) }),
  /** Property names to offer as columns: the type's property definitions. */
  z.object({ type: z.literal('suggestColumns'), id: requestId }),
  /** Writes staged edits, row after row, at the client's pace; `overwrite` skips the changed-since-loaded check. */
  z.object({
    type: z.literal('save'),
    id: requestId,
    edits: z.array(cellEditSchema).check(z.minLength(1)),
    overwrite: z.boolean(),
  }),
  /** The staged cells and columns changed: the host keeps them on disk at once, for a reload. */
  z.object({ type: z.literal('keepEdits'), edits: gridEditsSchema }),
  /** The columns chosen: kept per project and group type. */
  z.object({ type: z.literal('setColumns'), columns: z.array(propertyKey) }),
  z.object({ type: z.literal('openGroup'), groupKey: z.string() }),
  z.object({ type: z.literal('import') }),
  /** Export what the grid shows: these rows, in this order, with these columns. */
  z.object({ type: z.literal('exportShown'), groupKeys: z.array(z.string()), columns: z.array(propertyKey) }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('showLog') }),
  invalidMessageSchema,
]);
export type GridWebviewMessage = z.infer<typeof gridWebviewMessageSchema>;

export const gridHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    groupTypeIndex: z.number(),
    groupTypeName: z.string(),
    columns: z.array(z.string()),
    /** For setState: what the serializer needs to bring this grid back. */
    panelState: gridPanelStateSchema,
    /** After a reload: the staged cells the host kept. */
    staged: z.optional(z.array(keptCellSchema)),
  }),
  z.object({
    type: z.literal('page'),
    id: requestId,
    rows: z.optional(z.array(groupDataSchema)),
    hasMore: z.optional(z.boolean()),
    error: z.optional(errorInfoSchema),
  }),
  z.object({
    type: z.literal('columns'),
    id: requestId,
    names: z.optional(z.array(z.string())),
    error: z.optional(errorInfoSchema),
  }),
  z.object({
    type: z.literal('saveResult'),
    id: requestId,
    rows: z.optional(z.array(rowOutcomeSchema)),
    error: z.optional(errorInfoSchema),
  }),
  /** Groups changed elsewhere (the group panel, an import): replace the loaded rows. */
  z.object({ type: z.literal('rows'), rows: z.array(groupDataSchema) }),
]);
export type GridHostMessage = z.infer<typeof gridHostMessageSchema>;

export const groupGridReplies = {
  load: 'page',
  suggestColumns: 'columns',
  save: 'saveResult',
} as const satisfies ReplyTypes<GridWebviewMessage, GridHostMessage>;
