// Where a hog function's parts live in the `posthog-hog:` file system:
//   /<projectId>/<functionId>/<Function name>.hog               the Hog source (`hog`)
//   /<projectId>/<functionId>/<Function name>.ts                the same field of a site function: TypeScript
//   /<projectId>/<functionId>/<Function name>.<field>.json      one JSON configuration field
// The id carries the identity; the readable name is only there so tabs, breadcrumbs and the language mode
// (from the extension) look right, so renaming a function never breaks an open editor.
import { isSiteType } from '../../shared/functionTypes';

/** The configuration fields that open as JSON documents, in the order PostHog's editor shows them. */
export const JSON_FIELDS = ['inputs', 'inputs_schema', 'filters', 'mappings', 'masking'] as const;
export type JsonField = (typeof JSON_FIELDS)[number];
export type HogFunctionField = 'hog' | JsonField;

export interface HogFunctionRef {
  projectId: number;
  functionId: string;
}

export type HogPath =
  | { kind: 'root' }
  | { kind: 'project'; projectId: number }
  | ({ kind: 'function' } & HogFunctionRef)
  | ({ kind: 'file'; field: HogFunctionField } & HogFunctionRef);

const MAX_NAME = 80;

/** A function name made safe as one path segment on every OS, but still readable ("Slack alert"). */
export function fileNameFor(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .replace(/\s+/g, ' ')
    // "Slack: new customer" reads best as "Slack - new customer"; colons are not allowed in Windows file names.
    .replace(/ ?: ?/g, ' - ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const short = cleaned.length > MAX_NAME ? cleaned.slice(0, MAX_NAME).trimEnd() : cleaned;
  return short || 'Unnamed function';
}

/** What the path is made from: the function's name, and its type for the source's language. */
export interface FunctionNaming {
  name?: string | null;
  type?: string | null;
}

export function fileFor(fn: FunctionNaming, field: HogFunctionField): string {
  const base = fileNameFor(fn.name);
  if (field !== 'hog') return `${base}.${field}.json`;
  // Site functions keep browser TypeScript in `hog`; the extension makes VS Code open it as TypeScript.
  return `${base}.${fn.type && isSiteType(fn.type) ? 'ts' : 'hog'}`;
}

/** The folder of one function's documents, `/<project>/<function id>/`, shared by its fields and its logs. */
export function functionDir(ref: HogFunctionRef): string {
  return `/${ref.projectId}/${encodeURIComponent(ref.functionId)}/`;
}

export function pathFor(ref: HogFunctionRef, fn: FunctionNaming, field: HogFunctionField): string {
  return `${functionDir(ref)}${fileFor(fn, field)}`;
}

const FIELD_SUFFIX = new RegExp(`\\.(${JSON_FIELDS.join('|')})\\.json$`);

export function parsePath(path: string): HogPath | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) return { kind: 'root' };
  const projectId = Number(segments[0]);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) return undefined;
  if (segments.length === 1) return { kind: 'project', projectId };
  const functionId = decodeURIComponent(segments[1] ?? '');
  if (!functionId) return undefined;
  if (segments.length === 2) return { kind: 'function', projectId, functionId };
  if (segments.length !== 3) return undefined;
  const file = segments[2] ?? '';
  if (file.endsWith('.hog') || file.endsWith('.ts')) return { kind: 'file', projectId, functionId, field: 'hog' };
  const field = FIELD_SUFFIX.exec(file)?.[1] as JsonField | undefined;
  return field ? { kind: 'file', projectId, functionId, field } : undefined;
}
