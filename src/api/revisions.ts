// A hog function's review cycle on the newest PostHog (§3.9, §9.5): revisions of the live config, restoring one
// into a draft, the two-step publish (a preview that returns a confirm token, then the confirmation) and discard.
// Older servers have none of these routes: the first call on a host that lacks them is remembered (fallbacks.ts)
// and every call after that answers `undefined` without a request.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { allPages, type ApiCore, type RequestOptions } from './core';
import type { ListCut } from './paging';
import { withFallback } from './fallbacks';
import { hogFunctionSchema, jsonObject, type HogFunction } from './schemas';
import { lenient, tolerantPage } from './tolerant';

const revisionSchema = z.looseObject({
  version: z.number(),
  created_at: lenient(z.string()),
  /** Null for the snapshot PostHog took of the config as it was before its first tracked change. */
  created_by: lenient(z.looseObject({ email: lenient(z.string()), first_name: lenient(z.string()) })),
});
export type HogFunctionRevision = z.infer<typeof revisionSchema>;

const revisionPageSchema = tolerantPage(revisionSchema, { next: lenient(z.string()) });

export const revisionDetailSchema = z.extend(revisionSchema, {
  /** hog, inputs_schema, inputs (never secret values), filters, mappings, masking. */
  content: lenient(jsonObject),
});
export type HogFunctionRevisionDetail = z.infer<typeof revisionDetailSchema>;

const publishResultSchema = z.looseObject({
  published: z.boolean(),
  draft_updated_at: lenient(z.string()),
  confirm_token: lenient(z.string()),
  changed_fields: lenient(z.array(z.string())),
  function: lenient(hogFunctionSchema),
});
export type PublishResult = z.infer<typeof publishResultSchema>;

const fnPath = (core: ApiCore, projectId: number, id: string, rest: string) =>
  core.projectPath(projectId, `hog_functions/${encodeURIComponent(id)}/${rest}`);

/** Runs a call that only the newest servers know; `undefined` when this host has shown it lacks them. */
function newestOnly<T>(core: ApiCore, call: () => Promise<T>): Promise<T | undefined> {
  return withFallback<T | undefined>(core, 'hog_function_revisions', call, () => Promise.resolve(undefined));
}

/** A POST to one of the function's revision actions (`action`: the path under the function), newest servers only. */
function postAction<S extends z.ZodMiniType>(
  core: ApiCore,
  projectId: number,
  id: string,
  action: { path: string; body: Record<string, unknown>; operation: string; endpoint: string },
  schema: S,
  opts?: RequestOptions,
): Promise<z.output<S> | undefined> {
  const { path, ...rest } = action;
  return newestOnly(core, () =>
    core.call({ method: 'POST', path: fnPath(core, projectId, id, path), ...rest, ...opts }, schema),
  );
}

/**
 * The function's revisions, newest first, or `undefined` on a server without revisions. A list that stopped early
 * (paging.ts) carries `cut`: the oldest revisions are the ones left out.
 */
export function listHogFunctionRevisions(
  core: ApiCore,
  projectId: number,
  id: string,
  opts?: RequestOptions,
): Promise<(HogFunctionRevision[] & { cut?: ListCut }) | undefined> {
  const path = fnPath(core, projectId, id, 'revisions/');
  return newestOnly(core, () =>
    allPages(
      async (pageUrl) => {
        const page = await core.call(
          {
            method: 'GET',
            path,
            ...(pageUrl ? { pageUrl } : {}),
            operation: l10n.t('load hog function revisions'),
            endpoint: 'GET hog_functions/:id/revisions',
            ...opts,
          },
          revisionPageSchema,
        );
        return page;
      },
      { firstUrl: core.urlOf(path) },
    ).then((list) => (list.cut ? Object.assign(list.results, { cut: list.cut }) : list.results)),
  );
}

export function getHogFunctionRevision(
  core: ApiCore,
  projectId: number,
  id: string,
  version: number,
  opts?: RequestOptions,
): Promise<HogFunctionRevisionDetail | undefined> {
  return newestOnly(core, () =>
    core.call(
      {
        method: 'GET',
        path: fnPath(core, projectId, id, `revisions/${version}/`),
        operation: l10n.t('load hog function revision'),
        endpoint: 'GET hog_functions/:id/revisions/:version',
        ...opts,
      },
      revisionDetailSchema,
    ),
  );
}

/**
 * Copies a revision's config into the function's draft; the live config changes only when the draft is published.
 * Without `overwrite`, PostHog refuses (409 `draft_exists`) while another draft is open.
 */
export function restoreHogFunctionRevision(
  core: ApiCore,
  projectId: number,
  id: string,
  version: number,
  overwrite: boolean,
  opts?: RequestOptions,
): Promise<HogFunction | undefined> {
  return postAction(
    core,
    projectId,
    id,
    {
      path: `revisions/${version}/restore/`,
      body: { overwrite },
      operation: l10n.t('restore hog function revision'),
      endpoint: 'POST hog_functions/:id/revisions/:version/restore',
    },
    hogFunctionSchema,
    opts,
  );
}

/** Step one of publishing the draft: what would change, and the token that confirms exactly that. Nothing changes. */
export function previewHogFunctionPublish(
  core: ApiCore,
  projectId: number,
  id: string,
  opts?: RequestOptions,
): Promise<PublishResult | undefined> {
  return postAction(
    core,
    projectId,
    id,
    {
      path: 'publish/',
      body: { confirm: false },
      operation: l10n.t('preview publishing the draft'),
      endpoint: 'POST hog_functions/:id/publish',
    },
    publishResultSchema,
    opts,
  );
}

/**
 * Step two: makes the previewed draft live. PostHog answers 409 `stale_update` when the draft or the live function
 * changed since the preview (a new preview is needed), and skips the token check for a disabled function.
 */
export function confirmHogFunctionPublish(
  core: ApiCore,
  projectId: number,
  id: string,
  confirmToken: string | undefined,
  opts?: RequestOptions,
): Promise<PublishResult | undefined> {
  return postAction(
    core,
    projectId,
    id,
    {
      path: 'publish/',
      body: confirmToken === undefined ? { confirm: true } : { confirm: true, confirm_token: confirmToken },
      operation: l10n.t('publish the draft'),
      endpoint: 'POST hog_functions/:id/publish',
    },
    publishResultSchema,
    opts,
  );
}

export function discardHogFunctionDraft(
  core: ApiCore,
  projectId: number,
  id: string,
  opts?: RequestOptions,
): Promise<HogFunction | undefined> {
  return postAction(
    core,
    projectId,
    id,
    {
      path: 'discard_draft/',
      body: {},
      operation: l10n.t('discard the draft'),
      endpoint: 'POST hog_functions/:id/discard_draft',
    },
    hogFunctionSchema,
    opts,
  );
}
