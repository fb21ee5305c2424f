// Hog function templates (`hog_function_templates/`, §9.5): PostHog's catalog that new functions start from.
// PostHog's schema marks most template fields nullable or optional and leaves inputs_schema and category untyped,
// so only the id is required here; a row without one is skipped instead of failing the whole list.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { allPages, type ApiCore, type RequestOptions } from './core';
import type { ListCut } from './paging';
import { lenient, tolerantPage } from './tolerant';
import type { UnreadableRow } from './unreadable';

export const hogFunctionTemplateSchema = z.looseObject({
  id: z.string(),
  name: lenient(z.string()),
  description: lenient(z.string()),
  code: lenient(z.string()),
  code_language: lenient(z.string()),
  /** Untyped in PostHog's schema: a list of input definitions when all is well. */
  inputs_schema: z.optional(z.unknown()),
  type: lenient(z.string()),
  /** alpha, beta, stable, deprecated or hidden; missing reads as stable. */
  status: lenient(z.string()),
  category: z.optional(z.unknown()),
  free: lenient(z.boolean()),
  icon_url: lenient(z.string()),
  filters: z.optional(z.unknown()),
  masking: z.optional(z.unknown()),
  mapping_templates: z.optional(z.unknown()),
});
export type HogFunctionTemplate = z.infer<typeof hogFunctionTemplateSchema>;

const templatePageSchema = tolerantPage(hogFunctionTemplateSchema, { next: lenient(z.string()) });

/**
 * The statuses PostHog's destination chooser offers: alpha, beta and stable, and a template without a status (read as
 * stable). The project mount also lists `hidden` templates (building blocks of workflows, which PostHog refuses to
 * create functions from) and the Node template type knows `coming_soon`; deprecated ones are not listed at all.
 */
const OFFERED_STATUSES: readonly string[] = ['alpha', 'beta', 'stable'];

/** Whether PostHog's destination chooser would offer the template. */
export function isOfferedTemplate(template: Pick<HogFunctionTemplate, 'status'>): boolean {
  return template.status === undefined || template.status === null || OFFERED_STATUSES.includes(template.status);
}

export interface TemplateList {
  /** The templates PostHog's chooser offers, in PostHog's order. */
  templates: HogFunctionTemplate[];
  /** Read but not offered (hidden, coming soon, any other status): kept out of pickers. */
  notOffered: HogFunctionTemplate[];
  /** Rows left out because they had no usable id: the picker has no row to flag, so they are logged. */
  unreadable: UnreadableRow[];
  /** Set when the list stopped before PostHog's last page (paging.ts). */
  cut?: ListCut;
}

/**
 * Every template of the given function types that PostHog's destination chooser offers, in PostHog's order (most used
 * first), following `next` links.
 */
export async function listHogFunctionTemplates(
  core: ApiCore,
  projectId: number,
  types: string[],
  opts?: RequestOptions,
): Promise<TemplateList> {
  const path = core.projectPath(projectId, 'hog_function_templates/');
  // `type` is the parameter every server knows; `types` (a comma list) is the newer one.
  const query = types.length === 1 ? { type: types[0] } : { types: types.join(',') };
  const rows = await allPages(
    async (pageUrl) => {
      const page = await core.call(
        {
          method: 'GET',
          path,
          query,
          ...(pageUrl ? { pageUrl } : {}),
          operation: l10n.t('load hog function templates'),
          endpoint: 'GET hog_function_templates',
          ...opts,
        },
        templatePageSchema,
      );
      return page;
    },
    { firstUrl: core.urlOf(path, query) },
  );
  return {
    templates: rows.results.filter(isOfferedTemplate),
    notOffered: rows.results.filter((t) => !isOfferedTemplate(t)),
    unreadable: rows.unreadable,
    ...(rows.cut ? { cut: rows.cut } : {}),
  };
}

/** One template by id, whatever its status (the list leaves deprecated ones out). */
export function getHogFunctionTemplate(
  core: ApiCore,
  projectId: number,
  templateId: string,
  opts?: RequestOptions,
): Promise<HogFunctionTemplate> {
  return core.call(
    {
      method: 'GET',
      path: core.projectPath(projectId, `hog_function_templates/${encodeURIComponent(templateId)}/`),
      operation: l10n.t('load hog function template'),
      endpoint: 'GET hog_function_templates/:id',
      ...opts,
    },
    hogFunctionTemplateSchema,
  );
}
