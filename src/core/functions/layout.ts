// Where hog functions live in a repository, in one place for everything that reads or writes them:
//
//   posthog/hog-functions/<folder>/
//     <folder>.hog        the source (`<folder>.ts` for site destinations and site apps, which are TypeScript)
//     function.json       everything else: the per-project ids, type, name, description, enabled, execution order,
//                         template, inputs_schema, inputs (secrets only as {"secret": true}), filters, mappings, masking
//
// `<folder>` is the function's name in lower-case words joined by dashes when it is exported. The folder and the
// source file may be renamed freely: a function is found by the id in its function.json, and the source is the one
// .hog or .ts file at the top of the folder. Push and pull touch only those two files; anything else in the folder
// (notes, test fixtures, sub-folders) is the user's and left alone.
//
// Saved test events (fixtures) of a function in the workspace are JSON files in its folder's `test-events/`; those of
// a function that is not (yet) in the workspace go under `posthog/test-events/<function id>/`.

export const FUNCTIONS_DIR = 'posthog/hog-functions';
/** Inside a function folder: its saved test events. */
export const TEST_EVENTS_DIR = 'test-events';
/** Saved test events of functions without a folder, by function id. */
export const LOOSE_TEST_EVENTS_DIR = 'posthog/test-events';
export const FUNCTION_JSON = 'function.json';
/** Every function folder of a workspace, for `workspace.findFiles` and file watchers. */
export const FUNCTION_JSON_GLOB = `**/${FUNCTIONS_DIR}/*/${FUNCTION_JSON}`;
/** Every fixture of a function folder (the Test Explorer's, and an activation event). */
export const FIXTURE_GLOB = `**/${FUNCTIONS_DIR}/*/${TEST_EVENTS_DIR}/*.json`;

const MAX_SLUG = 60;

/** Site functions run in the browser and PostHog keeps them as TypeScript; every other type is Hog. */
function isTypeScriptType(type: string | null | undefined): boolean {
  return typeof type === 'string' && type.startsWith('site_');
}

export function sourceExtension(type: string | null | undefined): '.ts' | '.hog' {
  return isTypeScriptType(type) ? '.ts' : '.hog';
}

/** A file at the top of a function folder that may hold its source. */
export function isSourceFileName(name: string): boolean {
  return name.endsWith('.hog') || (name.endsWith('.ts') && !name.endsWith('.d.ts'));
}

const DIR_SEGMENTS = FUNCTIONS_DIR.split('/');

/**
 * The function folder a path is in (or is): the path up to the folder right under `posthog/hog-functions/`, the
 * innermost such place; undefined for a path outside any function folder.
 */
export function functionFolderPath(path: string): string | undefined {
  const segments = path.split('/');
  for (let i = segments.length - DIR_SEGMENTS.length - 1; i >= 0; i--) {
    if (DIR_SEGMENTS.every((s, j) => segments[i + j] === s) && segments[i + DIR_SEGMENTS.length]) {
      return segments.slice(0, i + DIR_SEGMENTS.length + 1).join('/');
    }
  }
  return undefined;
}

/** "Slack: new paying customer" → "slack-new-paying-customer"; never empty, at most 60 characters, never a Windows device name. */
export function folderSlug(name: string | null | undefined): string {
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return windowsSafeName(slug || 'hog-function');
}

/**
 * A name as a disk that ignores case and Unicode form sees it (macOS and Windows by default): "Slack-Alert",
 * "slack-alert" and "SLACK-ALERT" are one folder there, and so are "café" composed and decomposed.
 */
function folderNameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase();
}

/** Whether two names would be the same folder on a case-insensitive disk. */
export function sameFolderName(a: string, b: string): boolean {
  return folderNameKey(a) === folderNameKey(b);
}

/**
 * The slug, or the slug with the start of the function id when another folder already has that name, compared as
 * a case-insensitive disk compares names (so a folder renamed "Slack-Alert" still takes "slack-alert").
 */
export function uniqueFolderName(slug: string, taken: ReadonlySet<string>, functionId: string): string {
  const keys = new Set([...taken].map(folderNameKey));
  const free = (name: string) => !keys.has(folderNameKey(name));
  if (free(slug)) return slug;
  const withId = `${slug}-${functionId
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 8)
    .toLowerCase()}`;
  if (free(withId)) return withId;
  for (let n = 2; ; n++) if (free(`${withId}-${n}`)) return `${withId}-${n}`;
}

/** Names Windows keeps for devices, with any extension and in any case ("con", "NUL.json", "Lpt1.txt"). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

/**
 * The name with "_" after its first part when Windows would take it for a device (CON, NUL, COM1, LPT9...: such a
 * folder or file cannot be created or checked out there); other names are returned as they are.
 */
export function windowsSafeName(name: string): string {
  const dot = name.indexOf('.');
  const stem = dot < 0 ? name : name.slice(0, dot);
  // Windows ignores trailing spaces and dots, so "aux " is AUX too.
  const bare = stem.replace(/[ .]+$/, '');
  if (!WINDOWS_DEVICE.test(bare)) return name;
  return `${bare}_${name.slice(bare.length)}`;
}

/**
 * The key of one PostHog project in function.json's `ids`: the project's address in PostHog's web app, e.g.
 * `https://us.posthog.com/project/12345`. Host and project together, since project ids repeat across instances.
 */
export function projectKey(host: string, projectId: number): string {
  return `${host.replace(/\/+$/, '')}/project/${projectId}`;
}
