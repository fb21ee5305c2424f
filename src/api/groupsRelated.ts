// `groups/related/`: the persons and groups that appeared on the same events as a group (or a person) lately.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ApiCore, RequestOptions } from './core';
import type { GroupRef } from './groups';
import { jsonObject } from './schemas';
import { lenient, tolerantRows, type TolerantList } from './tolerant';

const properties = z.pipe(
  lenient(jsonObject),
  z.transform((v): Record<string, unknown> => v ?? {}),
);

export const relatedPersonSchema = z.looseObject({
  type: z.literal('person'),
  /** The person's uuid: what PostHog's person pages are addressed by. */
  id: z.string(),
  uuid: lenient(z.string()),
  name: lenient(z.string()),
  distinct_ids: z.pipe(
    lenient(z.array(z.string())),
    z.transform((v) => v ?? []),
  ),
  properties,
  created_at: lenient(z.string()),
});
export type RelatedPerson = z.infer<typeof relatedPersonSchema>;

export const relatedGroupSchema = z.looseObject({
  type: z.literal('group'),
  group_key: z.string(),
  group_type_index: z.number(),
  properties,
  created_at: lenient(z.string()),
});
export type RelatedGroup = z.infer<typeof relatedGroupSchema>;

export const relatedActorSchema = z.discriminatedUnion('type', [relatedPersonSchema, relatedGroupSchema]);
export type RelatedActor = z.infer<typeof relatedActorSchema>;

/** Whose relations to list: a group, or a person by uuid. */
export type RelatedTo = GroupRef | { personUuid: string };

/**
 * PostHog answers with a bare array, persons first (only for a group), then groups of the other types. Related
 * means "seen on the same events in the last 90 days"; older ties are not listed.
 */
export function listRelatedActors(
  core: ApiCore,
  projectId: number,
  to: RelatedTo,
  opts?: RequestOptions,
): Promise<TolerantList<RelatedActor>> {
  const query = 'personUuid' in to ? { id: to.personUuid } : { id: to.groupKey, group_type_index: to.groupTypeIndex };
  return core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, 'groups/related/'),
      query,
      operation: l10n.t('list related people and groups'),
      endpoint: 'GET groups/related',
      ...opts,
    },
    tolerantRows(relatedActorSchema),
  );
}
