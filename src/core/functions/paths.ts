// Where a hog function's parts live in the `posthog-hog:` file system:
//   posthog-hog://<projectId>.<functionId>/<Project name>/<Function name>.hog           the Hog source (`hog`)
//   posthog-hog://<projectId>.<functionId>/<Project name>/<Function name>.ts            a site function's: TypeScript
//   posthog-hog://<projectId>.<functionId>/<Project name>/<Function name>.<field>.json   one JSON configuration field
// The authority carries the identity; the path is what a person reads (package.json's resourceLabelFormatters shows
// it as "PostHog · Production · Slack.hog" in tabs, breadcrumbs and Problems), so renaming a function or a project
// never breaks an open editor, and PostHog's copy never looks like the workspace file `slack.hog`. Documents opened
// before this layout (`/<projectId>/<functionId>/<file>`, no authority) still resolve.
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

/** The authority of a function's documents: `<projectId>.<functionId>`. */
export function authorityFor(ref: HogFunctionRef): string {
  return `${ref.projectId}.${encodeURIComponent(ref.functionId)}`;
}

/** The path of one field's document under the function's authority: `/<Project name>/<file>`. */
export function documentPath(
  projectName: string | undefined,
  ref: HogFunctionRef,
  fn: FunctionNaming,
  field: HogFunctionField,
): string {
  return `/${fileNameFor(projectName || `Project ${ref.projectId}`)}/${fileFor(fn, field)}`;
}

/** A document's place from its authority and path; a URI without an authority is read in the layout before it. */
export function parseLocation(authority: string, path: string): HogPath | undefined {
  if (!authority) return parsePath(path);
  const match = /^(\d+)\.(.+)$/.exec(authority);
  const projectId = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(projectId) || projectId <= 0) return undefined;
  const functionId = decodeURIComponent(match[2] ?? '');
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length <= 1) return { kind: 'function', projectId, functionId };
  if (segments.length !== 2) return undefined;
  return fileAt(projectId, functionId, segments[1] ?? '');
}

function fileAt(projectId: number, functionId: string, file: string): HogPath | undefined {
  if (file.endsWith('.hog') || file.endsWith('.ts')) return { kind: 'file', projectId, functionId, field: 'hog' };
  const field = FIELD_SUFFIX.exec(file)?.[1] as JsonField | undefined;
  return field ? { kind: 'file', projectId, functionId, field } : undefined;
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
  return fileAt(projectId, functionId, segments[2] ?? '');
}
