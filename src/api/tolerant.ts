// Lists validated row by row: the page's envelope must be right, but a row the extension cannot read becomes an
// UnreadableRow (which field, what PostHog sent) next to the rows it can, instead of failing the whole page.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { ListCut } from './paging';
import type { UnreadableRow } from './unreadable';

export type { UnreadableRow } from './unreadable';

export interface TolerantList<T> {
  results: T[];
  unreadable: UnreadableRow[];
  /** Set when the list stopped before PostHog's last page (paging.ts): what was read is all there is here. */
  cut?: ListCut;
}

const MAX_VALUE_CHARS = 120;
const HINT_FIELDS = ['name', 'group_key', 'id', 'key', 'group_type'];

/** `rows` checked one by one with `row`; the rest of the value is left as it came. */
export function tolerantRows<S extends z.ZodMiniType>(row: S): z.ZodMiniType<TolerantList<z.output<S>>> {
  return z.pipe(
    z.array(z.unknown()),
    z.transform((raw: unknown[]) => splitRows(raw, row)),
  );
}

type Envelope<E extends Record<string, z.ZodMiniType>> = { [K in keyof E]: z.output<E[K]> };

/** A page envelope (`shape`, validated as a whole) whose `results` are validated row by row. */
export function tolerantPage<S extends z.ZodMiniType, E extends Record<string, z.ZodMiniType>>(
  row: S,
  shape: E,
): z.ZodMiniType<Envelope<E> & TolerantList<z.output<S>>> {
  return z.pipe(
    z.looseObject({ ...shape, results: z.array(z.unknown()) }),
    z.transform((page) => {
      const { results, unreadable } = splitRows(page.results as unknown[], row);
      return { ...(page as unknown as Envelope<E>), results, unreadable };
    }),
  );
}

export function splitRows<S extends z.ZodMiniType>(raw: unknown[], row: S): TolerantList<z.output<S>> {
  const results: z.output<S>[] = [];
  const unreadable: UnreadableRow[] = [];
  raw.forEach((item, index) => {
    const parsed = row.safeParse(item);
    if (parsed.success) results.push(parsed.data);
    else unreadable.push(describeRow(item, index, parsed.error.issues[0]));
  });
  return { results, unreadable };
}

function describeRow(item: unknown, index: number, issue: z.core.$ZodIssue | undefined): UnreadableRow {
  const path = issue?.path.map(String) ?? [];
  const at = valueAt(item, path);
  const hint = hintOf(item);
  return {
    index,
    field: path.join('.'),
    value: at.present ? shorten(JSON.stringify(at.value) ?? String(at.value)) : 'absent',
    reason: issue ? expectation(issue) : l10n.t('not as expected'),
    ...(hint ? { hint } : {}),
  };
}

/** zod's message for a wrong type is only "Invalid input": say what was expected instead. */
function expectation(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return l10n.t('expected a {0}', issue.expected);
  return issue.message;
}

function valueAt(item: unknown, path: string[]): { present: boolean; value?: unknown } {
  let value = item;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key))
      return { present: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { present: true, value };
}

function hintOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  for (const field of HINT_FIELDS) {
    const v = o[field];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return shorten(String(v));
  }
  return undefined;
}

function shorten(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** A field that is shown but not needed: a value of the wrong shape reads as missing instead of failing the row. */
export function lenient<T>(schema: z.ZodMiniType<T>) {
  return z.catch(z.optional(z.nullable(schema)), undefined);
}
