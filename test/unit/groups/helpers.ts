// Helpers of the groups import tests: the local PostHog with one group type, a client for it, groups put in place
// the way PostHog's own writes would, and what the import wrote, read back from PostHog's activity log.
import { PostHogClient, type ClientOptions } from '../../../src/api';
import type { FakePostHog } from '../../fake-posthog/index';
import { findGroup, insertGroup } from '../../fake-posthog/store';
import type { JsonObject } from '../../fake-posthog/types';

export const TYPE = 0;

export function addGroupType(fake: FakePostHog, index = TYPE, name = 'company'): void {
  if (fake.state.groupTypes.some((t) => t.project_id === fake.projectId && t.group_type_index === index)) return;
  fake.state.groupTypes.push({
    project_id: fake.projectId,
    group_type: name,
    group_type_index: index,
    name_singular: null,
    name_plural: null,
    detail_dashboard: null,
    default_columns: null,
    created_at: null,
  });
}

let created = Date.parse('2026-01-01T00:00:00Z') * 1000;

/** A group as if someone had created it on PostHog (with its activity entries). */
export function putGroup(fake: FakePostHog, key: string, properties: JsonObject, index = TYPE): void {
  created += 1_000_000;
  insertGroup(fake.state, {
    projectId: fake.projectId,
    groupTypeIndex: index,
    groupKey: key,
    properties,
    createdAtUs: created,
    userId: 1,
    createdAtIso: new Date(created / 1000).toISOString(),
  });
}

export function groupOf(fake: FakePostHog, key: string, index = TYPE): JsonObject | undefined {
  return findGroup(fake.state, fake.projectId, index, key)?.group_properties ?? undefined;
}

export function clientFor(fake: FakePostHog, extra: Partial<ClientOptions> = {}): PostHogClient {
  return new PostHogClient({
    host: fake.url,
    getApiKey: () => fake.apiKey,
    rateLimits: false,
    sleep: async () => undefined,
    ...extra,
  });
}

/** Activity entries written since `sinceSeq`, as `key/property/action` (one per property change PostHog applied). */
export function changesSince(fake: FakePostHog, sinceSeq: number, index = TYPE): string[] {
  const byPk = new Map(
    fake.state.groups.filter((g) => g.group_type_index === index).map((g) => [String(g.pk), g.group_key]),
  );
  return fake.state.activity
    .filter((a) => a.seq > sinceSeq && a.scope === 'Group' && byPk.has(a.item_id))
    .map((a) => `${byPk.get(a.item_id)}/${a.detail.name}/${a.detail.changes?.[0]?.action}`);
}

export const activitySeq = (fake: FakePostHog): number => fake.state.counters.activitySeq;
