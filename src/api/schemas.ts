// Response schemas. Loose objects: fields PostHog adds later pass through untouched. What a feature needs is
// checked strictly (a missing hog function id fails that row or that answer with a clear invalid_response); what
// is only shown is `lenient`: PostHog's published schema lets it be null or absent, and old rows use that.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { isJsonObject, type JsonObject } from '../shared/json';
import { lenient, tolerantPage, tolerantRows } from './tolerant';

/**
 * A JSON object kept as JSON.parse made it. Not z.record: that copies keys by assignment, so a property named
 * `__proto__` would vanish and become the object's prototype instead.
 */
// The message is read when a row fails, so it is translated then, not when the schema is built.
export const jsonObject = z.custom<JsonObject>(isJsonObject, { error: () => l10n.t('Expected an object') });

/**
 * `group_properties: null` (the seed's own example) and a missing field both mean "no properties". The schema
 * leaves the field untyped; anything but an object also reads as none, so one odd group cannot hide the others.
 */
const properties = z.pipe(
  lenient(jsonObject),
  z.transform((v): Record<string, unknown> => v ?? {}),
);

export const groupSchema = z.looseObject({
  group_type_index: z.number(),
  group_key: z.string(),
  group_properties: properties,
  created_at: lenient(z.string()),
  notebook: lenient(z.string()),
});
export type Group = z.infer<typeof groupSchema>;

export const groupPageSchema = tolerantPage(groupSchema, { next: lenient(z.string()) });

export const groupTypeSchema = z.looseObject({
  group_type: z.string(),
  group_type_index: z.number(),
  name_singular: lenient(z.string()),
  name_plural: lenient(z.string()),
});
export type GroupType = z.infer<typeof groupTypeSchema>;

export const groupTypeListSchema = tolerantRows(groupTypeSchema);

const activityChangeSchema = z.looseObject({
  type: lenient(z.string()),
  action: lenient(z.string()),
  field: lenient(z.string()),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
});

/** `detail` is untyped in PostHog's schema: the parts the activity tab shows are read when they have the usual shape. */
const activityDetailSchema = z.looseObject({
  changes: z.pipe(
    lenient(z.array(z.unknown())),
    z.transform((changes) =>
      (changes ?? []).flatMap((c) => {
        const parsed = activityChangeSchema.safeParse(c);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  ),
  trigger: z.optional(z.unknown()),
  name: lenient(z.string()),
  short_id: lenient(z.string()),
  type: lenient(z.string()),
});

export const activityEntrySchema = z.looseObject({
  id: lenient(z.string()),
  // null for changes PostHog made itself (imports, automations), although the schema does not say so.
  user: lenient(
    z.looseObject({ first_name: lenient(z.string()), email: lenient(z.string()), is_system: lenient(z.boolean()) }),
  ),
  activity: z.string(),
  scope: lenient(z.string()),
  item_id: lenient(z.string()),
  is_system: lenient(z.boolean()),
  detail: lenient(activityDetailSchema),
  created_at: lenient(z.string()),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const activityPageSchema = tolerantPage(activityEntrySchema, {
  next: lenient(z.string()),
  total_count: lenient(z.number()),
});

/** Old servers: `{"0": [{name, count}], "1": [...]}` keyed by group type index as a string. */
export const groupPropertyDefinitionsByTypeSchema = z.record(
  z.string(),
  z.array(z.looseObject({ name: z.string(), count: lenient(z.number()) })),
);

const propertyDefinitionSchema = z.looseObject({
  id: lenient(z.union([z.string(), z.number()])),
  name: z.string(),
  property_type: lenient(z.string()),
  count: lenient(z.number()),
  virtual: lenient(z.boolean()),
});

export const propertyDefinitionPageSchema = tolerantPage(propertyDefinitionSchema, { next: lenient(z.string()) });

export interface GroupPropertyDefinition {
  name: string;
  count?: number | null;
  property_type?: string | null;
  id?: string | number | null;
  virtual?: boolean | null;
}

/** ClickHouse hands values back as strings; a number or boolean would still be shown as text. */
export const propertyValuesSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      name: z.pipe(
        z.union([z.string(), z.number(), z.boolean()]),
        z.transform((v) => String(v)),
      ),
      count: z.number(),
    }),
  ),
});

const userBasicSchema = z.looseObject({
  id: lenient(z.number()),
  uuid: lenient(z.string()),
  first_name: lenient(z.string()),
  last_name: lenient(z.string()),
  email: lenient(z.string()),
});

export const userSchema = z.looseObject({
  uuid: lenient(z.string()),
  email: z.string(),
  first_name: lenient(z.string()),
  last_name: lenient(z.string()),
  team: lenient(z.looseObject({ id: z.number(), name: lenient(z.string()), project_id: lenient(z.number()) })),
  organization: lenient(z.looseObject({ id: lenient(z.string()), name: lenient(z.string()) })),
});
export type User = z.infer<typeof userSchema>;

export const projectSchema = z.looseObject({
  id: z.number(),
  name: z.pipe(
    lenient(z.string()),
    z.transform((name) => name ?? ''),
  ),
  organization: z.optional(z.unknown()),
});
export type Project = z.infer<typeof projectSchema>;

export const projectPageSchema = tolerantPage(projectSchema, { next: lenient(z.string()) });

/** PostHog's own rule (HogFunction.type defaults to destination): a function without a type is a destination. */
export const DEFAULT_FUNCTION_TYPE = 'destination';

export const hogFunctionSummarySchema = z.looseObject({
  id: z.string(),
  type: z.pipe(
    lenient(z.string()),
    z.transform((type) => type ?? DEFAULT_FUNCTION_TYPE),
  ),
  name: lenient(z.string()),
  description: lenient(z.string()),
  created_at: lenient(z.string()),
  created_by: lenient(userBasicSchema),
  updated_at: lenient(z.string()),
  // The full serializer may leave it out; PostHog's default is disabled.
  enabled: z.catch(z.boolean(), false),
  hog: lenient(z.string()),
  icon_url: lenient(z.string()),
  template: lenient(z.looseObject({ id: lenient(z.string()), name: lenient(z.string()) })),
  status: lenient(z.looseObject({ state: z.number(), tokens: lenient(z.number()) })),
  execution_order: lenient(z.number()),
});
export type HogFunctionSummary = z.infer<typeof hogFunctionSummarySchema>;

export const hogFunctionPageSchema = tolerantPage(hogFunctionSummarySchema, {
  count: lenient(z.number()),
  next: lenient(z.string()),
});

/**
 * The full function. Its configuration fields open as documents that are edited and saved back whole, so they are
 * kept exactly as PostHog sent them (never replaced by a default that a save would then write over the real value).
 * `updated_at` is needed: a save without it could not detect someone else's newer change.
 */
export const hogFunctionSchema = z.extend(hogFunctionSummarySchema, {
  updated_at: z.string(),
  inputs_schema: z.optional(z.unknown()),
  /** key -> `{value, templating?}`, or `{secret: true}` for a stored secret. */
  inputs: z.optional(z.unknown()),
  filters: z.optional(z.unknown()),
  mappings: z.optional(z.unknown()),
  masking: z.optional(z.unknown()),
  version: lenient(z.number()),
  draft: z.optional(z.unknown()),
  draft_updated_at: lenient(z.string()),
});
export type HogFunction = z.infer<typeof hogFunctionSchema>;

const invocationLogSchema = z.looseObject({ level: z.string(), timestamp: lenient(z.string()), message: z.string() });
export type InvocationLog = z.infer<typeof invocationLogSchema>;

export const invocationResultSchema = z.looseObject({
  status: z.string(),
  result: z.optional(z.unknown()),
  // Not in PostHog's schema, but sent by its worker; older servers sent only {"status": "error"}.
  errors: z.pipe(
    lenient(z.array(z.unknown())),
    z.transform((errors) => (errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))),
  ),
  // The schema leaves log items untyped: one that is not {level, message} is kept as its JSON text.
  logs: z.pipe(
    lenient(z.array(z.unknown())),
    z.transform((logs) =>
      (logs ?? []).map((l): InvocationLog => {
        const parsed = invocationLogSchema.safeParse(l);
        return parsed.success ? parsed.data : { level: 'info', message: JSON.stringify(l) ?? String(l) };
      }),
    ),
  ),
});
export type InvocationResult = z.infer<typeof invocationResultSchema>;

export const logEntrySchema = z.looseObject({
  log_source_id: lenient(z.string()),
  instance_id: lenient(z.string()),
  timestamp: z.string(),
  level: z.pipe(
    lenient(z.string()),
    z.transform((level) => level ?? 'LOG'),
  ),
  message: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const logPageSchema = tolerantPage(logEntrySchema, {
  count: lenient(z.number()),
  next: lenient(z.string()),
});

export const metricsSchema = z.looseObject({
  labels: z.array(z.string()),
  series: z.array(z.looseObject({ name: z.string(), values: z.array(z.number()) })),
});
export type HogFunctionMetrics = z.infer<typeof metricsSchema>;

export const metricsTotalsSchema = z.looseObject({
  totals: z.record(z.string(), z.number()),
});
export type HogFunctionMetricsTotals = z.infer<typeof metricsTotalsSchema>;
