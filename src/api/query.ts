// PostHog's query endpoint (`POST /api/projects/:id/query/`) for Hog code while it is typed: `HogQLMetadata` checks
// a program (errors, warnings and notices with offsets), `HogQLAutocomplete` completes at a position. Offsets on
// both sides are PostHog's: indices into the source counted in Unicode code points, as Python counts.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ApiCore, RequestOptions } from './core';

const nullish = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

/** `hog` for a program, `hogTemplate` for a template string (`f'...'` bodies in inputs). */
export type HogLanguage = 'hog' | 'hogTemplate';

export const hogNoticeSchema = z.looseObject({
  message: z.string(),
  start: nullish(z.number()),
  end: nullish(z.number()),
  /** Replacement text for the range. */
  fix: nullish(z.string()),
});
export type HogNotice = z.infer<typeof hogNoticeSchema>;

/** A list where an entry the extension cannot read is left out instead of failing the whole answer. */
const tolerantList = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.optional(z.nullable(z.array(z.unknown()))),
    z.transform((rows): z.output<T>[] =>
      (rows ?? []).flatMap((row) => {
        const parsed = item.safeParse(row);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  );

export const hogMetadataSchema = z.looseObject({
  isValid: nullish(z.boolean()),
  errors: tolerantList(hogNoticeSchema),
  warnings: tolerantList(hogNoticeSchema),
  notices: tolerantList(hogNoticeSchema),
});
export type HogMetadata = z.infer<typeof hogMetadataSchema>;

export const completionItemSchema = z.looseObject({
  label: z.string(),
  insertText: nullish(z.string()),
  detail: nullish(z.string()),
  documentation: nullish(z.string()),
  /** PostHog's AutocompleteCompletionItemKind: "Function", "Variable", "Folder", "Constant"... */
  kind: nullish(z.string()),
  sortText: nullish(z.string()),
});
export type CompletionItem = z.infer<typeof completionItemSchema>;

export const autocompleteSchema = z.looseObject({
  suggestions: tolerantList(completionItemSchema),
  incomplete_list: nullish(z.boolean()),
});
export type Autocomplete = z.infer<typeof autocompleteSchema>;

export interface HogMetadataRequest {
  source: string;
  globals: Record<string, unknown>;
  language?: HogLanguage;
}

export interface HogAutocompleteRequest extends HogMetadataRequest {
  /** Code point offsets of the word being completed (equal for a bare cursor). */
  startPosition: number;
  endPosition: number;
}

/**
 * Requests made while someone types: a 429 comes back at once (with PostHog's wait) instead of being slept
 * through, so the caller can stop asking until then rather than queue up more checks of text that is changing.
 */
const typing = { failFastOnThrottle: true, pool: 'query', pollForMs: 3000 } as const;

/** Options of a request made while someone types. */
export interface TypingOptions extends RequestOptions {
  /**
   * The share (0 to 1) of the query pool's windows to leave for others: with less room than that, the call is refused
   * at once and nothing is sent (kind `rate_limited`, `throttle: 'budget'`). Live checks keep more in reserve than
   * completion does, so under a sustained budget they give way first.
   */
  reserve?: number;
}

export function checkHog(
  core: ApiCore,
  projectId: number,
  request: HogMetadataRequest,
  opts?: TypingOptions,
): Promise<HogMetadata> {
  return core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'query/'),
      body: {
        query: {
          kind: 'HogQLMetadata',
          language: request.language ?? 'hog',
          query: request.source,
          globals: request.globals,
        },
      },
      operation: l10n.t('check Hog code'),
      endpoint: 'POST query (HogQLMetadata)',
      queryKind: 'HogQLMetadata',
      ...typing,
      ...opts,
    },
    hogMetadataSchema,
  );
}

export function completeHog(
  core: ApiCore,
  projectId: number,
  request: HogAutocompleteRequest,
  opts?: TypingOptions,
): Promise<Autocomplete> {
  return core.call(
    {
      method: 'POST',
      path: core.projectPath(projectId, 'query/'),
      body: {
        query: {
          kind: 'HogQLAutocomplete',
          language: request.language ?? 'hog',
          query: request.source,
          startPosition: request.startPosition,
          endPosition: request.endPosition,
          globals: request.globals,
        },
      },
      operation: l10n.t('complete Hog code'),
      endpoint: 'POST query (HogQLAutocomplete)',
      queryKind: 'HogQLAutocomplete',
      ...typing,
      ...opts,
    },
    autocompleteSchema,
  );
}
