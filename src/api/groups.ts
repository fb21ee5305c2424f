// Group analytics endpoints: group types, groups (cursor pages), properties, property definitions and activity.
import * as l10n from '@vscode/l10n';
import { allPages, type ApiCore, type PageOptions, type RequestOptions } from './core';
import { PageTrail } from './paging';
import { isPostHogError, PostHogError } from './errors';
import { withFallback } from './fallbacks';
import {
  activityPageSchema,
  groupPageSchema,
  groupPropertyDefinitionsByTypeSchema,
  groupSchema,
  groupTypeListSchema,
  propertyDefinitionPageSchema,
  propertyValuesSchema,
  type ActivityEntry,
  type Group,
  type GroupPropertyDefinition,
  type GroupType,
} from './schemas';
import type { TolerantList, UnreadableRow } from './tolerant';

export interface GroupRef {
  groupTypeIndex: number;
  groupKey: string;
}

export interface GroupListQuery {
  groupTypeIndex: number;
  /** Substring of the group properties' JSON, or the exact group key. */
  search?: string;
  /** Substring of the group key. */
  groupKey?: string;
}

export interface UpsertResult {
  /** Keys saved, in order. */
  applied: string[];
  /** The key whose update failed; the ones after it were not sent. */
  failed?: { key: string; error: PostHogError };
  notAttempted: string[];
  /** The group after the last successful write. */
  group?: Group;
}

const refQuery = (ref: GroupRef) => ({ group_type_index: ref.groupTypeIndex, group_key: ref.groupKey });

export function listGroupTypes(
  core: ApiCore,
  projectId: number,
  opts?: RequestOptions,
): Promise<TolerantList<GroupType>> {
  return core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups_types/'),
      operation: l10n.t('list group types'),
      endpoint: 'GET groups_types',
      ...opts,
    },
    groupTypeListSchema,
  );
}

export async function listGroups(
  core: ApiCore,
  projectId: number,
  query: GroupListQuery,
  opts?: PageOptions,
): Promise<{ results: Group[]; unreadable: UnreadableRow[]; next: string | null }> {
  const page = await core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups/'),
      query: listGroupsQuery(query),
      operation: l10n.t('list groups'),
      endpoint: 'GET groups',
      ...opts,
    },
    groupPageSchema,
  );
  return { results: page.results, unreadable: page.unreadable, next: page.next ?? null };
}

function listGroupsQuery(query: GroupListQuery) {
  return { group_type_index: query.groupTypeIndex, search: query.search, group_key: query.groupKey };
}

export async function* iterateGroups(
  core: ApiCore,
  projectId: number,
  query: GroupListQuery,
  opts?: RequestOptions,
): AsyncIterable<Group> {
  let pageUrl: string | undefined;
  // Streamed, so no page limit; a link back to a page already read still ends it.
  const trail = new PageTrail(
    Number.POSITIVE_INFINITY,
    core.urlOf(core.projectPath(projectId, 'groups/'), listGroupsQuery(query)),
  );
  let rows = 0;
  do {
    const page = await listGroups(core, projectId, query, { ...opts, ...(pageUrl ? { pageUrl } : {}) });
    yield* page.results;
    rows += page.results.length;
    pageUrl = trail.after(page.next, rows) ? undefined : (page.next ?? undefined);
  } while (pageUrl);
}

export function findGroup(core: ApiCore, projectId: number, ref: GroupRef, opts?: RequestOptions): Promise<Group> {
  return core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups/find/'),
      // Without it, PostHog may create a "Notes" notebook for the group as a side effect of reading it.
      query: { ...refQuery(ref), skip_create_notebook: 'true' },
      operation: l10n.t('find group'),
      endpoint: 'GET groups/find',
      ...opts,
    },
    groupSchema,
  );
}

export function createGroup(
  core: ApiCore,
  projectId: number,
  input: GroupRef & { groupProperties?: Record<string, unknown> },
  opts?: RequestOptions,
): Promise<Group> {
  return core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'groups/'),
      body: {
        group_type_index: input.groupTypeIndex,
        group_key: input.groupKey,
        group_properties: input.groupProperties ?? {},
      },
      operation: l10n.t('create group'),
      endpoint: 'POST groups',
      ...opts,
    },
    groupSchema,
  );
}

export function updateGroupProperty(
  core: ApiCore,
  projectId: number,
  ref: GroupRef,
  key: string,
  value: unknown,
  opts?: RequestOptions,
): Promise<Group> {
  const operation = l10n.t('update group property');
  const endpoint = 'POST groups/update_property';
  if (value === null || value === undefined) {
    // PostHog refuses null values; deleting a property is a different endpoint.
    throw new PostHogError({
      kind: 'validation',
      operation,
      endpoint,
      attr: 'value',
      reason: l10n.t('"{0}" needs a value; to remove the property, delete it instead.', key),
    });
  }
  return core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'groups/update_property/'),
      query: refQuery(ref),
      body: { key, value },
      operation,
      endpoint,
      ...opts,
    },
    groupSchema,
  );
}

export function deleteGroupProperty(
  core: ApiCore,
  projectId: number,
  ref: GroupRef,
  key: string,
  opts?: RequestOptions,
): Promise<Group> {
  return core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'groups/delete_property/'),
      query: refQuery(ref),
      body: { $unset: key },
      operation: l10n.t('delete group property'),
      endpoint: 'POST groups/delete_property',
      ...opts,
    },
    groupSchema,
  );
}

/**
 * Sets several group properties. Uses the documented upsert_properties endpoint (one request, all or
 * nothing: its errors are thrown); servers without it get one update_property per key, in order,
 * stopping at the first failure, which is reported in the result rather than thrown.
 */
export async function upsertGroupProperties(
  core: ApiCore,
  projectId: number,
  ref: GroupRef,
  properties: Record<string, unknown>,
  opts?: RequestOptions,
): Promise<UpsertResult> {
  const keys = Object.keys(properties);
  const nullKey = keys.find((k) => properties[k] === null || properties[k] === undefined);
  if (nullKey !== undefined) {
    throw new PostHogError({
      kind: 'validation',
      operation: l10n.t('update group properties'),
      endpoint: 'POST groups/upsert_properties',
      attr: nullKey,
      reason: l10n.t('"{0}" needs a value; to remove the property, delete it instead.', nullKey),
    });
  }
  if (!keys.length) return { applied: [], notAttempted: [] };
  return withFallback(
    core,
    'upsert_properties',
    async (): Promise<UpsertResult> => {
      const group = await core.call(
        {
          method: 'POST',
          path: core.projectPath(projectId, 'groups/upsert_properties/'),
          query: refQuery(ref),
          // The parameters PostHog's API reference documents for this operation.
          body: { group_type_index: ref.groupTypeIndex, group_key: ref.groupKey, group_properties: properties },
          operation: l10n.t('update group properties'),
          endpoint: 'POST groups/upsert_properties',
          ...opts,
        },
        groupSchema,
      );
      return { applied: keys, notAttempted: [], group };
    },
    async () => {
      const result: UpsertResult = { applied: [], notAttempted: [] };
      for (const [i, key] of keys.entries()) {
        try {
          result.group = await updateGroupProperty(core, projectId, ref, key, properties[key], opts);
          result.applied.push(key);
        } catch (e) {
          if (!isPostHogError(e)) throw e;
          result.failed = { key, error: e };
          result.notAttempted = keys.slice(i + 1);
          break;
        }
      }
      return result;
    },
  );
}

export async function listGroupActivity(
  core: ApiCore,
  projectId: number,
  ref: GroupRef,
  paging: { page?: number; limit?: number } = {},
  opts?: RequestOptions,
): Promise<{ results: ActivityEntry[]; unreadable: UnreadableRow[]; next: string | null; total_count: number }> {
  const page = await core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups/activity/'),
      // The server looks the group up by group_key; the published API documents `id`. Send both.
      query: { ...refQuery(ref), id: ref.groupKey, page: paging.page, limit: paging.limit },
      operation: l10n.t('load group activity'),
      endpoint: 'GET groups/activity',
      ...opts,
    },
    activityPageSchema,
  );
  const total = page.total_count ?? page.results.length + page.unreadable.length;
  return { results: page.results, unreadable: page.unreadable, next: page.next ?? null, total_count: total };
}

/**
 * Property names used by groups of one type. Newer PostHog servers dropped groups/property_definitions;
 * they serve the same names from the project's property definitions filtered to that group type. PostHog's
 * virtual `$builtin_*` definitions are left out: they are computed, not keys anyone can set.
 */
export async function listGroupPropertyDefinitions(
  core: ApiCore,
  projectId: number,
  groupTypeIndex: number,
  opts?: RequestOptions,
): Promise<TolerantList<GroupPropertyDefinition>> {
  return withFallback(
    core,
    'groups_property_definitions',
    async () => {
      const byType = await core.call(
        {
          method: 'GET',
          path: core.projectPath(projectId, 'groups/property_definitions/'),
          operation: l10n.t('list group properties'),
          endpoint: 'GET groups/property_definitions',
          ...opts,
        },
        groupPropertyDefinitionsByTypeSchema,
      );
      return { results: byType[String(groupTypeIndex)] ?? [], unreadable: [] } as TolerantList<GroupPropertyDefinition>;
    },
    async () => {
      const path = core.projectPath(projectId, 'property_definitions/');
      const query = { type: 'group', group_type_index: groupTypeIndex };
      const all = await allPages(
        (pageUrl) =>
          core.call(
            {
              method: 'GET',
              path,
              query,
              ...(pageUrl ? { pageUrl } : {}),
              operation: l10n.t('list group properties'),
              endpoint: 'GET property_definitions',
              ...opts,
            },
            propertyDefinitionPageSchema,
          ),
        { firstUrl: core.urlOf(path, query) },
      );
      return { ...all, results: all.results.filter((d) => !isBuiltin(d)) };
    },
  );
}

function isBuiltin(definition: { id?: string | number | null; name: string; virtual?: boolean | null }): boolean {
  return definition.virtual === true || String(definition.id ?? '').startsWith('$builtin_');
}

export async function listGroupPropertyValues(
  core: ApiCore,
  projectId: number,
  groupTypeIndex: number,
  key: string,
  value?: string,
  opts?: RequestOptions,
): Promise<{ name: string; count: number }[]> {
  const page = await core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups/property_values/'),
      query: { group_type_index: groupTypeIndex, key, value },
      operation: l10n.t('list group property values'),
      endpoint: 'GET groups/property_values',
      ...opts,
    },
    propertyValuesSchema,
  );
  return page.results;
}
