// The push and pull rules, pure so they are unit-tested without VS Code or a server. "Changed" always means
// changed since the last sync: the state both sides had when the files were last pulled, pushed or exported here,
// kept per project and function (syncRecords.ts). Without such a record (a fresh clone, another machine) nothing is
// known about who changed what, so any difference is shown and confirmed before either side is overwritten.
import { canonicalJson } from './stableJson';
import { isGivenValue, sameState, type FunctionState } from './functionFiles';

export interface SyncRecord {
  /** PostHog's `updated_at` at the last sync: a newer one in the tree means PostHog changed since. */
  serverUpdatedAt: string;
  /** The function as PostHog had it at the last sync, as files. */
  server: FunctionState;
  /** What the files held at the last sync (after a push: what was sent). */
  local: FunctionState;
}

/** What a push can change; `type` cannot change and `template_id` counts only when a function is created. */
export const PUSH_FIELDS = [
  'name',
  'description',
  'enabled',
  'execution_order',
  'hog',
  'inputs_schema',
  'inputs',
  'filters',
  'mappings',
  'masking',
] as const;
export type PushField = (typeof PUSH_FIELDS)[number];

function fieldOf(state: FunctionState, field: PushField): unknown {
  return field === 'hog' ? state.source : state.config[field];
}

/** The fields whose value in `a` differs from `b`, in PUSH_FIELDS order. */
export function changedFields(a: FunctionState, b: FunctionState): PushField[] {
  return PUSH_FIELDS.filter((f) => canonicalJson(fieldOf(a, f)) !== canonicalJson(fieldOf(b, f)));
}

/** The PATCH body that sends exactly these fields of the files (secret inputs stay markers: PostHog keeps them). */
export function patchBody(local: FunctionState, fields: readonly PushField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, fieldOf(local, f)]));
}

export type PushPlan =
  /** The files and PostHog already agree. */
  | { kind: 'unchanged' }
  /** Only PostHog changed since the last sync: pushing would undo that, so nothing is sent (pull instead). */
  | { kind: 'behind' }
  /** PostHog is as last synced: send what changed in the files since. */
  | { kind: 'send'; fields: PushField[] }
  /** Both changed, or this workspace never synced the function: show the difference, and only if the user says so send every field that differs. */
  | { kind: 'conflict'; fields: PushField[] };

export function planPush(local: FunctionState, server: FunctionState, record: SyncRecord | undefined): PushPlan {
  if (sameState(local, server)) return { kind: 'unchanged' };
  const serverMoved = !record || !sameState(server, record.server);
  if (!serverMoved) {
    const fields = changedFields(local, record.local);
    return fields.length ? { kind: 'send', fields } : { kind: 'unchanged' };
  }
  if (record && sameState(local, record.local)) return { kind: 'behind' };
  return { kind: 'conflict', fields: changedFields(local, server) };
}

export type PullPlan =
  | { kind: 'unchanged' }
  /** The files have no changes of their own: write PostHog's version. */
  | { kind: 'write' }
  /** The files changed since the last sync (or were never synced here, or do not parse): show the difference, write only if the user says so. */
  | { kind: 'conflict' };

export function planPull(
  local: FunctionState | undefined,
  server: FunctionState,
  record: SyncRecord | undefined,
): PullPlan {
  if (local && sameState(local, server)) return { kind: 'unchanged' };
  const localChanged = !local || !record || !sameState(local, record.local);
  const serverChanged = !record || !sameState(server, record.server);
  if (!localChanged && !serverChanged) return { kind: 'unchanged' };
  return localChanged ? { kind: 'conflict' } : { kind: 'write' };
}

export type SyncState = 'in-sync' | 'local-changes' | 'server-changes' | 'both-changed' | 'not-synced' | 'invalid';

/**
 * How a linked folder stands, from what is known without a request: the files now against the last sync, and the
 * `updated_at` of the function in the tree's list (undefined when the list has not loaded it).
 */
export function syncState(
  local: FunctionState | undefined,
  record: SyncRecord | undefined,
  serverUpdatedAt: string | undefined,
): SyncState {
  if (!local) return 'invalid';
  if (!record) return 'not-synced';
  const localChanged = !sameState(local, record.local);
  const serverChanged = serverUpdatedAt !== undefined && serverUpdatedAt !== record.serverUpdatedAt;
  if (localChanged && serverChanged) return 'both-changed';
  if (localChanged) return 'local-changes';
  return serverChanged ? 'server-changes' : 'in-sync';
}

/**
 * The body that creates the files' function in a project where it does not exist yet. Secret inputs carry the
 * values given now, of any type (a marker means nothing to a server that never stored the secret); the ones without
 * (nothing, or an empty value) are left out.
 */
export function createBody(
  local: FunctionState,
  options: { enabled: boolean; secrets: Record<string, unknown> },
): Record<string, unknown> {
  const { config } = local;
  const secretKeys = new Set(
    config.inputs_schema.flatMap((e) => (e.secret === true && typeof e.key === 'string' ? [e.key] : [])),
  );
  const inputs: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(config.inputs)) {
    if (!secretKeys.has(key)) inputs[key] = input;
  }
  for (const key of secretKeys) {
    const value = options.secrets[key];
    if (isGivenValue(value)) inputs[key] = { value };
  }
  return {
    type: config.type,
    name: config.name,
    description: config.description,
    enabled: options.enabled,
    hog: local.source,
    inputs_schema: config.inputs_schema,
    inputs,
    filters: config.filters,
    mappings: config.mappings,
    masking: config.masking,
    ...(config.execution_order !== null ? { execution_order: config.execution_order } : {}),
    ...(config.template_id !== null ? { template_id: config.template_id } : {}),
  };
}
