// Response schemas. Loose objects: fields PostHog adds later pass through untouched; the fields the
// extension reads are checked, so a changed API fails with a clear invalid_response, not a crash later.
import * as z from 'zod/mini';
import { isJsonObject, type JsonObject } from '../shared/json';

const nullish = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

/**
 * A JSON object kept as JSON.parse made it. Not z.record: that copies keys by assignment, so a property named
 * `__proto__` would vanish and become the object's prototype instead.
 */
export const jsonObject = z.custom<JsonObject>(isJsonObject, 'Expected an object');

/** `group_properties: null` (the seed's own example) and a missing field both mean "no properties". */
const properties = z.pipe(
  nullish(jsonObject),
  z.transform((v): Record<string, unknown> => v ?? {}),
);

export const groupSchema = z.looseObject({
  group_type_index: z.number(),
  group_key: z.string(),
  group_properties: properties,
  created_at: nullish(z.string()),
  notebook: nullish(z.string()),
});
export type Group = z.infer<typeof groupSchema>;

export const groupPageSchema = z.looseObject({
  results: z.array(groupSchema),
  next: nullish(z.string()),
});

export const groupTypeSchema = z.looseObject({
  group_type: z.string(),
  group_type_index: z.number(),
  name_singular: nullish(z.string()),
  name_plural: nullish(z.string()),
});
export type GroupType = z.infer<typeof groupTypeSchema>;

const activityChangeSchema = z.looseObject({
  type: nullish(z.string()),
  action: z.string(),
  field: nullish(z.string()),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
});

export const activityEntrySchema = z.looseObject({
  id: nullish(z.string()),
  user: nullish(z.looseObject({ first_name: nullish(z.string()), email: nullish(z.string()), is_system: nullish(z.boolean()) })),
  activity: z.string(),
  scope: z.string(),
  item_id: nullish(z.string()),
  detail: nullish(
    z.looseObject({
      changes: nullish(z.array(activityChangeSchema)),
      trigger: z.optional(z.unknown()),
      name: nullish(z.string()),
      short_id: nullish(z.string()),
      type: nullish(z.string()),
    }),
  ),
  created_at: z.string(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const activityPageSchema = z.looseObject({
  results: z.array(activityEntrySchema),
  next: nullish(z.string()),
  total_count: z.number(),
});

/** Old servers: `{"0": [{name, count}], "1": [...]}` keyed by group type index as a string. */
export const groupPropertyDefinitionsByTypeSchema = z.record(
  z.string(),
  z.array(z.looseObject({ name: z.string(), count: z.optional(z.number()) })),
);

export const propertyDefinitionPageSchema = z.looseObject({
  results: z.array(z.looseObject({ name: z.string(), property_type: nullish(z.string()), count: z.optional(z.number()) })),
  next: nullish(z.string()),
});

export interface GroupPropertyDefinition {
  name: string;
  count?: number;
  property_type?: string | null;
}

/** ClickHouse hands values back as strings; a number or boolean would still be shown as text. */
export const propertyValuesSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      name: z.pipe(z.union([z.string(), z.number(), z.boolean()]), z.transform((v) => String(v))),
      count: z.number(),
    }),
  ),
});

const userBasicSchema = z.looseObject({
  id: z.optional(z.number()),
  uuid: z.optional(z.string()),
  first_name: nullish(z.string()),
  last_name: nullish(z.string()),
  email: nullish(z.string()),
});

export const userSchema = z.looseObject({
  uuid: z.string(),
  email: z.string(),
  first_name: nullish(z.string()),
  team: z.nullable(z.looseObject({ id: z.number(), name: z.string(), project_id: nullish(z.number()) })),
  organization: z.nullable(z.looseObject({ id: z.string(), name: z.string() })),
});
export type User = z.infer<typeof userSchema>;

export const projectSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  organization: z.optional(z.unknown()),
});
export type Project = z.infer<typeof projectSchema>;

export const projectPageSchema = z.looseObject({
  results: z.array(projectSchema),
  next: nullish(z.string()),
});

const filtersSchema = nullish(jsonObject);

export const hogFunctionSummarySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  name: nullish(z.string()),
  description: nullish(z.string()),
  created_at: z.string(),
  created_by: nullish(userBasicSchema),
  updated_at: z.string(),
  enabled: z.boolean(),
  hog: nullish(z.string()),
  filters: filtersSchema,
  icon_url: nullish(z.string()),
  template: nullish(z.looseObject({ id: z.string(), name: nullish(z.string()) })),
  status: nullish(z.looseObject({ state: z.number(), tokens: z.optional(z.number()) })),
  execution_order: nullish(z.number()),
});
export type HogFunctionSummary = z.infer<typeof hogFunctionSummarySchema>;

export const hogFunctionPageSchema = z.looseObject({
  count: z.number(),
  next: nullish(z.string()),
  results: z.array(hogFunctionSummarySchema),
});

export const inputSchemaEntrySchema = z.looseObject({
  type: z.string(),
  key: z.string(),
  label: nullish(z.string()),
  required: nullish(z.boolean()),
  secret: nullish(z.boolean()),
  description: nullish(z.string()),
});

export const hogFunctionSchema = z.extend(hogFunctionSummarySchema, {
  inputs_schema: nullish(z.array(inputSchemaEntrySchema)),
  /** key -> `{value, templating?}`, or `{secret: true}` for a stored secret. */
  inputs: nullish(z.record(z.string(), z.nullable(z.looseObject({ value: z.optional(z.unknown()), secret: z.optional(z.boolean()) })))),
  mappings: nullish(z.array(jsonObject)),
  masking: nullish(jsonObject),
  version: nullish(z.number()),
  draft: z.optional(z.unknown()),
  draft_updated_at: nullish(z.string()),
});
export type HogFunction = z.infer<typeof hogFunctionSchema>;

export const invocationResultSchema = z.looseObject({
  status: z.string(),
  result: z.optional(z.unknown()),
  // Older servers sent only {"status": "error"}.
  errors: z._default(z.array(z.string()), []),
  logs: z._default(z.array(z.looseObject({ level: z.string(), timestamp: z.string(), message: z.string() })), []),
});
export type InvocationResult = z.infer<typeof invocationResultSchema>;

export const logEntrySchema = z.looseObject({
  log_source_id: nullish(z.string()),
  instance_id: nullish(z.string()),
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const logPageSchema = z.looseObject({
  count: z.optional(z.number()),
  next: nullish(z.string()),
  results: z.array(logEntrySchema),
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
