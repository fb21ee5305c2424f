// The local PostHog's in-memory store. Field names follow PostHog's models so tests read like the real thing.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type SeedKind = 'realistic' | 'empty';

export interface RateLimitWindow {
  limit: number;
  windowMs: number;
}
/**
 * PostHog's throttles for personal API keys (posthog/rate_limit.py), each counted per key and scope: `burst` and
 * `sustained` for every endpoint but the query endpoint; `POST query/` (and its status) has its own pools instead,
 * `clickhouse_burst`/`clickhouse_sustained` (240/minute, 1,200/hour), or `api_queries_burst`/`api_queries_sustained`
 * (240/minute, 2,400/hour) for teams with API queries enabled; `HogQLQuery` has only the `query` scope (120/hour).
 * Pools left out get PostHog's own limits.
 */
export interface RateLimits {
  burst: RateLimitWindow;
  sustained: RateLimitWindow;
  queryBurst?: RateLimitWindow;
  querySustained?: RateLimitWindow;
  hogql?: RateLimitWindow;
  apiQueries?: boolean;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** PostHog Cloud's limits for a team without API queries. */
export const POSTHOG_RATE_LIMITS: Required<RateLimits> = {
  burst: { limit: 480, windowMs: MINUTE },
  sustained: { limit: 4800, windowMs: HOUR },
  queryBurst: { limit: 240, windowMs: MINUTE },
  querySustained: { limit: 1200, windowMs: HOUR },
  hogql: { limit: 120, windowMs: HOUR },
  apiQueries: false,
};

export interface FakeApiKey {
  key: string;
  /** Scope strings such as `group:read`, `hog_function:write` or `*`. */
  scopes: string[];
  /** Project ids the key is restricted to (PostHog's `scoped_teams`); undefined = every project. */
  projects?: number[];
  revoked: boolean;
}

export interface FakeUser {
  id: number;
  uuid: string;
  distinct_id: string;
  first_name: string;
  last_name: string;
  email: string;
  current_project_id: number;
}

export interface FakeOrganization {
  id: string;
  name: string;
  slug: string;
}

export interface FakeProject {
  id: number;
  uuid: string;
  name: string;
  api_token: string;
  organization_id: string;
  timezone: string;
  created_at: string;
  /** False for a project that exists but that the user is not a member of (403 instead of 404). */
  accessible: boolean;
}

export interface FakeGroupType {
  project_id: number;
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
  detail_dashboard: number | null;
  default_columns: string[] | null;
  created_at: string | null;
}

export interface FakeGroup {
  /** Internal Postgres id: never in Group responses, only as activity `item_id`. */
  pk: number;
  project_id: number;
  group_type_index: number;
  group_key: string;
  /** null in old rows: PostHog's schema leaves the field untyped, and the API sends it as stored. */
  group_properties: JsonObject | null;
  /** Microseconds since the epoch; the list's keyset cursor is built from it. */
  created_at_us: number;
  /**
   * What ClickHouse holds, when writes lag behind (settings.groupListLagMs): the properties after each write and when
   * it happened. A write shows in the groups list only once it is old enough; without entries the list shows the row.
   */
  listed?: { at: number; properties: JsonObject | null }[];
}

export interface ActivityChange {
  type: 'Group' | 'HogFunction';
  action: 'created' | 'changed' | 'deleted';
  field: string | null;
  before: Json | undefined;
  after: Json | undefined;
}

export interface FakeActivity {
  id: string;
  /** Insertion order, to keep entries written in the same millisecond in order. */
  seq: number;
  project_id: number;
  scope: 'Group' | 'HogFunction';
  item_id: string;
  activity: string;
  user_id: number | null;
  detail: {
    name: string | null;
    short_id: string | null;
    type: string | null;
    changes: ActivityChange[] | null;
    trigger: null;
  };
  created_at: string;
}

export interface FakePropertyDefinition {
  id: string;
  project_id: number;
  group_type_index: number;
  name: string;
  property_type: 'String' | 'Numeric' | 'Boolean' | 'DateTime';
  is_numerical: boolean;
}

export const HOG_FUNCTION_TYPES = [
  'destination',
  'site_destination',
  'internal_destination',
  'source_webhook',
  'warehouse_source_webhook',
  'site_app',
  'transformation',
  'transformation_log',
] as const;
export type HogFunctionType = (typeof HOG_FUNCTION_TYPES)[number];

/** PostHog's HogFunctionTemplate: description and icon_url are nullable, code_language, status, category and free optional. */
export interface HogFunctionTemplate {
  id: string;
  name: string;
  description: string | null;
  code: string;
  code_language?: string;
  inputs_schema: Json;
  type: string;
  status?: string;
  category?: Json;
  free?: boolean;
  icon_url: string | null;
  filters: Json;
  masking: Json;
  mapping_templates: Json;
}

/** One snapshot of a function's live config (newest servers, §3.9): secret input values are never in it. */
export interface FakeRevision {
  hog_function_id: string;
  version: number;
  created_at: string;
  /** Null for the snapshot of the config as it was before the first tracked change. */
  created_by_id: number | null;
  content: JsonObject;
}

export interface FakeHogFunction {
  id: string;
  project_id: number;
  /** null in rows created before the field existed: PostHog treats them as destinations. */
  type: HogFunctionType | null;
  name: string | null;
  description: string;
  created_at: string;
  /** null when the author was deleted or the system created the function. */
  created_by_id: number | null;
  updated_at: string;
  enabled: boolean;
  deleted: boolean;
  hog: string;
  inputs_schema: JsonObject[];
  /** Non-secret inputs, as PostHog stores them in `inputs`. */
  inputs: Record<string, JsonObject>;
  /** Secret inputs, as PostHog keeps them in `encrypted_inputs` (raw values; never returned). */
  encrypted_inputs: Record<string, JsonObject>;
  filters: JsonObject;
  masking: JsonObject | null;
  mappings: JsonObject[] | null;
  icon_url: string | null;
  template: HogFunctionTemplate | null;
  /** null for functions the health check never looked at. */
  status: { state: number; tokens: number } | null;
  execution_order: number | null;
  batch_export_id: string | null;
  version: number;
  /** Config staged for review (newest servers): hog, inputs_schema, inputs (no secret values), filters, mappings, masking. */
  draft?: JsonObject | null;
  draft_updated_at?: string | null;
  draft_encrypted_inputs?: Record<string, JsonObject> | null;
}

export interface FakeLogEntry {
  log_source_id: string;
  instance_id: string;
  timestamp: string;
  level: 'DEBUG' | 'LOG' | 'INFO' | 'WARN' | 'ERROR';
  message: string;
}

export interface FakeMetric {
  app_source_id: string;
  instance_id: string | null;
  /** When the runs were counted (the start of the batch PostHog flushed), ISO. */
  timestamp: string;
  /** PostHog's kinds today (nodejs/src/cdp/types.ts); only success and failure are run outcomes. */
  metric_kind: 'success' | 'failure' | 'other' | 'email' | 'sms' | 'push' | 'billing' | 'fetch';
  metric_name: string;
  count: number;
}

/** An event as ClickHouse's `events` table holds it (the columns the events query selects with `*`). */
export interface FakeEvent {
  uuid: string;
  project_id: number;
  event: string;
  distinct_id: string;
  /** ISO, UTC. */
  timestamp: string;
  properties: JsonObject;
  elements_chain: string;
  created_at: string;
}

/** A person with the distinct ids PostHog maps to it. */
export interface FakePerson {
  uuid: string;
  project_id: number;
  distinct_ids: string[];
  properties: JsonObject;
  created_at: string;
}

/** An action (a named set of steps); hog function filters and `matchesAction()` refer to it by id. */
export interface FakeAction {
  id: number;
  project_id: number;
  name: string;
  steps: {
    event?: string | null;
    url?: string | null;
    url_matching?: 'contains' | 'exact' | 'regex' | null;
    properties?: Json[];
  }[];
}

/**
 * Which PostHog the local PostHog behaves like: `newest` (drafts: `version` on functions, `base_updated_at` honoured with
 * a 409) or `older`, a self-hosted release before drafts that ignores `base_updated_at` and sends no `version`.
 */
export type ServerRelease = 'newest' | 'older';

/** A query the query endpoint runs "in the background" (answered 202): its result and how many polls still say 202. */
export interface RunningQuery {
  id: string;
  projectId: number;
  result: Record<string, unknown>;
  pollsLeft: number;
  startedAt: string;
}

/** Server settings that survive a reset, like the release: how the fake PostHog behaves rather than what it holds. */
export interface FakeSettings {
  /** Answer queries 202 and let them finish after `polls` status polls (`Infinity`: never). */
  asyncQueries: { polls: number } | null;
  /** ClickHouse lag: group writes show in the groups list (and property values) only this long after they happened. */
  groupListLagMs: number;
  /**
   * ClickHouse's memory limit on a busy project: an EventsQuery reading wide columns (`*`, `person`, properties) of
   * more than this many events fails ("Query exceeds memory limits"). Null: no limit.
   */
  wideQueryRowLimit: number | null;
  /** PostHog feature flags of the (single) organization, e.g. `logs-transformations`. */
  featureFlags: Record<string, boolean>;
}

export interface FakeState {
  release: ServerRelease;
  settings: FakeSettings;
  runningQueries: Map<string, RunningQuery>;
  organization: FakeOrganization;
  user: FakeUser;
  projects: FakeProject[];
  keys: Map<string, FakeApiKey>;
  groupTypes: FakeGroupType[];
  groups: FakeGroup[];
  activity: FakeActivity[];
  propertyDefinitions: FakePropertyDefinition[];
  hogFunctions: FakeHogFunction[];
  templates: HogFunctionTemplate[];
  revisions: FakeRevision[];
  logs: FakeLogEntry[];
  metrics: FakeMetric[];
  events: FakeEvent[];
  persons: FakePerson[];
  actions: FakeAction[];
  counters: { groupPk: number; activitySeq: number };
}
