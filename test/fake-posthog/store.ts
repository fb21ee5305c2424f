// Mutations shared by the HTTP handlers and the seed, so seeded data carries the same side effects
// (activity entries, property definitions) that PostHog's own writes leave behind.
import type {
  ActivityChange,
  FakeActivity,
  FakeGroup,
  FakePropertyDefinition,
  FakeState,
  Json,
  JsonObject,
} from './types';
import { templateCatalog } from './templates';
import { newUuid } from './util';

export function emptyState(): FakeState {
  return {
    release: 'newest',
    settings: {
      asyncQueries: null,
      groupListLagMs: 0,
      wideQueryRowLimit: null,
      featureFlags: { 'logs-transformations': true },
    },
    runningQueries: new Map(),
    organization: { id: '', name: '', slug: '' },
    user: { id: 0, uuid: '', distinct_id: '', first_name: '', last_name: '', email: '', current_project_id: 1 },
    projects: [],
    keys: new Map(),
    groupTypes: [],
    groups: [],
    activity: [],
    propertyDefinitions: [],
    hogFunctions: [],
    templates: templateCatalog(),
    revisions: [],
    logs: [],
    metrics: [],
    events: [],
    persons: [],
    actions: [],
    counters: { groupPk: 1000, activitySeq: 0 },
  };
}

export function writeActivity(
  state: FakeState,
  entry: Omit<FakeActivity, 'id' | 'seq' | 'detail'> & { detail: Partial<FakeActivity['detail']> },
  id: string = newUuid(),
): FakeActivity {
  const stored: FakeActivity = {
    ...entry,
    id,
    seq: ++state.counters.activitySeq,
    detail: { name: null, short_id: null, type: null, changes: null, trigger: null, ...entry.detail },
  };
  state.activity.push(stored);
  return stored;
}

export function groupChange(
  action: ActivityChange['action'],
  before: Json | undefined,
  after: Json | undefined,
): ActivityChange {
  return { type: 'Group', action, field: null, before: before ?? null, after: after ?? null };
}

/** PostHog's type detection for group property definitions (§2.2). */
export function detectPropertyType(value: Json): FakePropertyDefinition['property_type'] {
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return 'Numeric';
  if (value === 'true' || value === 'false') return 'Boolean';
  return 'String';
}

/** Upsert keeps the first detected type, as PostHog's definition upsert does not retype. */
export function upsertPropertyDefinition(
  state: FakeState,
  projectId: number,
  groupTypeIndex: number,
  name: string,
  value: Json,
  id: string = newUuid(),
): void {
  const exists = state.propertyDefinitions.some(
    (d) => d.project_id === projectId && d.group_type_index === groupTypeIndex && d.name === name,
  );
  if (exists) return;
  const property_type = detectPropertyType(value);
  state.propertyDefinitions.push({
    id,
    project_id: projectId,
    group_type_index: groupTypeIndex,
    name,
    property_type,
    is_numerical: property_type === 'Numeric',
  });
}

export interface NewGroup {
  projectId: number;
  groupTypeIndex: number;
  groupKey: string;
  properties: JsonObject | null;
  createdAtUs: number;
  userId: number | null;
  createdAtIso: string;
}

/** Insert a group with the side effects of PostHog's create: definitions, then one `create_group` entry per property. */
export function insertGroup(
  state: FakeState,
  g: NewGroup,
  opts: { sideEffects: boolean; ids?: () => string } = { sideEffects: true },
): FakeGroup {
  const group: FakeGroup = {
    pk: ++state.counters.groupPk,
    project_id: g.projectId,
    group_type_index: g.groupTypeIndex,
    group_key: g.groupKey,
    group_properties: g.properties,
    created_at_us: g.createdAtUs,
  };
  state.groups.push(group);
  if (opts.sideEffects) recordGroupCreated(state, group, g.userId, g.createdAtIso, opts.ids);
  return group;
}

export function recordGroupCreated(
  state: FakeState,
  group: FakeGroup,
  userId: number | null,
  at: string,
  ids: () => string = newUuid,
): void {
  for (const [name, value] of Object.entries(group.group_properties ?? {})) {
    upsertPropertyDefinition(state, group.project_id, group.group_type_index, name, value, ids());
  }
  for (const [name, value] of Object.entries(group.group_properties ?? {})) {
    writeActivity(
      state,
      {
        project_id: group.project_id,
        scope: 'Group',
        item_id: String(group.pk),
        activity: 'create_group',
        user_id: userId,
        detail: { name, changes: [groupChange('created', null, value)] },
        created_at: at,
      },
      ids(),
    );
  }
}

export function findGroup(
  state: FakeState,
  projectId: number,
  groupTypeIndex: number,
  groupKey: string,
): FakeGroup | undefined {
  return state.groups.find(
    (g) => g.project_id === projectId && g.group_type_index === groupTypeIndex && g.group_key === groupKey,
  );
}
