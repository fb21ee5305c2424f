// The newest server's review cycle for hog functions (§3.9): versions and revisions of the live config, drafts
// (staged by agent edits or by restoring a revision), the two-step publish with a signed confirm token, and
// discard. An older release (`state.release` 'older') has none of these routes and ignores `base_updated_at`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type ValidConfig, ConfigError, validateConfig } from './hogFunctionConfig';
import { findFunction, humanizeType, serializeHogFunction, userBasic } from './hogFunctions';
import {
  ApiError,
  type FakeResponse,
  type RequestContext,
  type Route,
  errorResponse,
  limitOffsetPage,
  notFound,
  ok,
  readBody,
  validationError,
} from './http';
import { writeActivity } from './store';
import type { FakeHogFunction, FakeState, Json, JsonObject } from './types';
import { clone, isPlainObject, jsonEqual, nowIso } from './util';

/** What the draft cycle stages and publish promotes; metadata (name, enabled...) always applies live. */
export const CONTENT_FIELDS = ['hog', 'inputs_schema', 'inputs', 'filters', 'mappings', 'masking'] as const;

const TOKEN_MAX_AGE_MS = 15 * 60_000;
// Per process, like Django's SECRET_KEY per deployment: a token from another local PostHog never verifies.
const TOKEN_SECRET = randomBytes(32);

const ENABLE_WITH_OPEN_DRAFT =
  "This function has config staged for review. Publish or discard it before enabling, so you don't turn on config nobody looked at.";
const STALE =
  'This function changed since you previewed the publish, either the draft or the live config. Preview again to see where things stand now.';
const DRAFT_EXISTS =
  'This function has an open draft. Publish or discard it first, or pass overwrite=true to replace it with the restored revision.';
const NO_DRAFT = 'This function has no staged draft to publish.';

/** The live config without secret values: what revisions keep. */
export function snapshotContent(fn: FakeHogFunction): JsonObject {
  return clone({
    hog: fn.hog,
    inputs_schema: fn.inputs_schema,
    inputs: fn.inputs,
    filters: fn.filters,
    mappings: fn.mappings,
    masking: fn.masking,
  }) as JsonObject;
}

const without = (value: Json | undefined, keys: string[]): Json | undefined =>
  isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) : value;
const inputsWithoutDerived = (inputs: Json | undefined): Json | undefined =>
  isPlainObject(inputs)
    ? Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, without(v, ['bytecode', 'transpiled', 'order']) ?? null]),
      )
    : inputs;

/** A snapshot minus what validation derives (bytecode, input order), so a recompile never reads as a change. */
function comparable(content: JsonObject): JsonObject {
  const derived = ['bytecode', 'bytecode_error', 'transpiled'];
  return {
    ...content,
    filters: without(content.filters, derived) ?? null,
    inputs: inputsWithoutDerived(content.inputs) ?? null,
    masking: without(content.masking, ['bytecode']) ?? null,
    mappings: Array.isArray(content.mappings)
      ? content.mappings.map((m) =>
          isPlainObject(m)
            ? { ...m, filters: without(m.filters, derived) ?? null, inputs: inputsWithoutDerived(m.inputs) ?? null }
            : m,
        )
      : (content.mappings ?? null),
  };
}

/**
 * Versions a live config change (newest servers): bumps `version` and stores the new config as a revision. The
 * first tracked change also stores the config it replaced (no author), so there is always a version to go back to.
 */
export function recordRevision(
  state: FakeState,
  before: FakeHogFunction,
  after: FakeHogFunction,
  userId: number,
): void {
  const beforeContent = snapshotContent(before);
  const afterContent = snapshotContent(after);
  if (jsonEqual(comparable(beforeContent), comparable(afterContent))) return;
  after.version = before.version + 1;
  if (state.release !== 'newest') return;
  const now = nowIso();
  if (!state.revisions.some((r) => r.hog_function_id === after.id)) {
    state.revisions.push({
      hog_function_id: after.id,
      version: before.version,
      created_at: now,
      created_by_id: null,
      content: beforeContent,
    });
  }
  state.revisions.push({
    hog_function_id: after.id,
    version: after.version,
    created_at: now,
    created_by_id: userId,
    content: afterContent,
  });
}

/** The draft as the API shows it: secret inputs the draft declares appear only as `{"secret": true}`. */
function draftView(fn: FakeHogFunction): Json {
  if (!fn.draft) return null;
  const schema = Array.isArray(fn.draft.inputs_schema) ? fn.draft.inputs_schema : [];
  const inputs: JsonObject = { ...(isPlainObject(fn.draft.inputs) ? fn.draft.inputs : {}) };
  for (const item of schema) {
    if (!isPlainObject(item) || item.secret !== true || typeof item.key !== 'string') continue;
    if (fn.draft_encrypted_inputs?.[item.key] || fn.encrypted_inputs[item.key]) inputs[item.key] = { secret: true };
  }
  return { ...fn.draft, inputs };
}

/** Fields only the newest serializer has; an older server's responses lack them entirely. */
export function newestFields(state: FakeState, fn: FakeHogFunction, full: boolean): Record<string, Json> {
  if (state.release !== 'newest') return {};
  const draftUpdatedAt = fn.draft_updated_at ?? null;
  return full
    ? { version: fn.version, draft: draftView(fn), draft_updated_at: draftUpdatedAt }
    : { draft_updated_at: draftUpdatedAt };
}

/** PATCH on the newest server: refuse a stale `base_updated_at` (409) and enabling over an open draft (400). */
export function checkUpdate(
  ctx: RequestContext,
  fn: FakeHogFunction,
  body: Record<string, unknown>,
  enabling: boolean,
  toDraft: boolean,
): void {
  if (ctx.state.release !== 'newest') return;
  const guard = toDraft && fn.draft_updated_at ? fn.draft_updated_at : fn.updated_at;
  if (typeof body.base_updated_at === 'string' && Date.parse(body.base_updated_at) < Date.parse(guard)) {
    throw new ApiError(errorResponse(409, 'server_error', 'stale_update', STALE));
  }
  if (enabling && fn.draft && !fn.enabled) throw validationError('enabled', ENABLE_WITH_OPEN_DRAFT);
}

/**
 * Agents (MCP, `x-posthog-client: mcp`) editing the config of a running destination stage a draft for a person to
 * publish instead of changing what runs; metadata in the same edit still applies live.
 */
export function routesToDraft(ctx: RequestContext, fn: FakeHogFunction, body: Record<string, unknown>): boolean {
  return (
    ctx.state.release === 'newest' &&
    ctx.headers['x-posthog-client'] === 'mcp' &&
    fn.enabled &&
    fn.type === 'destination' &&
    CONTENT_FIELDS.some((f) => f in body)
  );
}

export function stageDraft(
  ctx: RequestContext,
  fn: FakeHogFunction,
  body: Record<string, unknown>,
  config: ValidConfig,
): void {
  const draft: JsonObject = { ...snapshotContent(fn), ...(fn.draft ?? {}) };
  for (const field of CONTENT_FIELDS) if (field in body) draft[field] = clone(config[field]) as Json;
  if ('inputs' in body)
    fn.draft_encrypted_inputs = Object.keys(config.encrypted_inputs).length ? clone(config.encrypted_inputs) : null;
  fn.draft = draft;
  fn.draft_updated_at = nowIso();
  writeActivity(ctx.state, {
    project_id: fn.project_id,
    scope: 'HogFunction',
    item_id: fn.id,
    activity: 'draft_updated',
    user_id: ctx.state.user.id,
    created_at: fn.draft_updated_at,
    detail: { name: fn.name, type: humanizeType(fn.type), changes: null },
  });
}

function changedFields(fn: FakeHogFunction): string[] {
  const live = comparable(snapshotContent(fn));
  const draft = comparable({ ...(fn.draft ?? {}) });
  const changed: string[] = CONTENT_FIELDS.filter((f) => !jsonEqual(draft[f] ?? null, live[f] ?? null));
  const staged = fn.draft_encrypted_inputs ?? {};
  if (!changed.includes('inputs') && Object.entries(staged).some(([k, v]) => !jsonEqual(fn.encrypted_inputs[k], v)))
    changed.push('inputs');
  return changed.sort();
}

const confirmValue = (fn: FakeHogFunction) => `${fn.id}:${fn.draft_updated_at ?? ''}:${fn.updated_at}`;
const sign = (text: string) => createHmac('sha256', TOKEN_SECRET).update(text).digest('base64url');

/** Django's TimestampSigner shape: `value:timestamp:signature`. */
function mintToken(fn: FakeHogFunction): string {
  const signed = `${confirmValue(fn)}:${Date.now().toString(36)}`;
  return `${signed}:${sign(signed)}`;
}

/** The value a token was minted for, or the 400 PostHog gives for a missing, forged or expired one. */
function unsignToken(token: unknown): string {
  const invalid = () =>
    validationError(
      'confirm_token',
      'Invalid. Call publish without confirm first to see what would change and get a token.',
    );
  if (typeof token !== 'string' || !token) {
    throw validationError(
      'confirm_token',
      'Required when confirming a publish. Call publish without confirm first to see what would change and get a token.',
    );
  }
  const cut = token.lastIndexOf(':');
  const signed = token.slice(0, cut);
  const given = Buffer.from(token.slice(cut + 1));
  const expected = Buffer.from(sign(signed));
  if (cut < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const stamp = signed.lastIndexOf(':');
  if (Date.now() - parseInt(signed.slice(stamp + 1), 36) > TOKEN_MAX_AGE_MS) {
    throw validationError('confirm_token', 'Expired. Preview the publish again to get a fresh token.');
  }
  return signed.slice(0, stamp);
}

function asFlag(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw validationError(name, 'Must be a valid boolean.');
}

function publish(ctx: RequestContext, [id]: string[]): FakeResponse {
  const body = readBody(ctx);
  const confirm = asFlag(body, 'confirm');
  const fn = findFunction(ctx, id ?? '');
  if (!fn.draft) throw validationError(null, NO_DRAFT);
  if (!confirm) {
    return ok({
      published: false,
      draft_updated_at: fn.draft_updated_at ?? null,
      confirm_token: mintToken(fn),
      changed_fields: changedFields(fn),
      function: null,
    });
  }
  // A disabled function runs nothing, so publishing into it needs no preview receipt.
  if (fn.enabled && unsignToken(body.confirm_token) !== confirmValue(fn))
    throw new ApiError(errorResponse(409, 'server_error', 'stale_update', STALE));
  const before = clone(fn);
  // The draft's own staged secrets outrank the live ones while it is validated again.
  const withStagedSecrets: FakeHogFunction = {
    ...fn,
    encrypted_inputs: { ...fn.encrypted_inputs, ...(fn.draft_encrypted_inputs ?? {}) },
  };
  let config: ValidConfig;
  try {
    config = validateConfig({ ...fn.draft }, withStagedSecrets, []);
  } catch (error) {
    if (error instanceof ConfigError) throw validationError(error.attr, error.message, error.code);
    throw error;
  }
  for (const field of CONTENT_FIELDS) Object.assign(fn, { [field]: config[field] });
  fn.encrypted_inputs = config.encrypted_inputs;
  fn.updated_at = nowIso();
  recordRevision(ctx.state, before, fn, ctx.state.user.id);
  fn.draft = null;
  fn.draft_updated_at = null;
  fn.draft_encrypted_inputs = null;
  writeActivity(ctx.state, {
    project_id: fn.project_id,
    scope: 'HogFunction',
    item_id: fn.id,
    activity: 'published',
    user_id: ctx.state.user.id,
    created_at: fn.updated_at,
    detail: { name: fn.name, type: humanizeType(fn.type), changes: null },
  });
  return ok({
    published: true,
    draft_updated_at: null,
    confirm_token: null,
    changed_fields: null,
    function: serializeHogFunction(ctx.state, fn),
  });
}

function discardDraft(ctx: RequestContext, [id]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const hadDraft = Boolean(fn.draft);
  fn.draft = null;
  fn.draft_updated_at = null;
  fn.draft_encrypted_inputs = null;
  // Discarding nothing stays out of the audit trail.
  if (hadDraft) {
    writeActivity(ctx.state, {
      project_id: fn.project_id,
      scope: 'HogFunction',
      item_id: fn.id,
      activity: 'draft_discarded',
      user_id: ctx.state.user.id,
      created_at: nowIso(),
      detail: { name: fn.name, type: humanizeType(fn.type), changes: null },
    });
  }
  return ok(serializeHogFunction(ctx.state, fn));
}

function revisionsOf(state: FakeState, fn: FakeHogFunction) {
  return state.revisions.filter((r) => r.hog_function_id === fn.id).sort((a, b) => b.version - a.version);
}

const basic = (state: FakeState, r: FakeState['revisions'][number]) => ({
  version: r.version,
  created_at: r.created_at,
  created_by: r.created_by_id === null ? null : userBasic(state),
});

function listRevisions(ctx: RequestContext, [id]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const page = limitOffsetPage(ctx, revisionsOf(ctx.state, fn), 100);
  return ok({ ...page, results: page.results.map((r) => basic(ctx.state, r)) });
}

function findRevision(ctx: RequestContext, fn: FakeHogFunction, version: string | undefined) {
  const found = revisionsOf(ctx.state, fn).find((r) => r.version === Number(version));
  if (!found) throw notFound('No such revision for this function.');
  return found;
}

function revisionDetail(ctx: RequestContext, [id, version]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const revision = findRevision(ctx, fn, version);
  return ok({ ...basic(ctx.state, revision), content: revision.content });
}

/** Copies a revision's config into the draft; the live config changes only when that draft is published. */
function restoreRevision(ctx: RequestContext, [id, version]: string[]): FakeResponse {
  const body = readBody(ctx);
  const overwrite = asFlag(body, 'overwrite');
  const fn = findFunction(ctx, id ?? '');
  const revision = findRevision(ctx, fn, version);
  if (fn.draft && !overwrite) throw new ApiError(errorResponse(409, 'server_error', 'draft_exists', DRAFT_EXISTS));
  fn.draft = clone(revision.content);
  fn.draft_updated_at = nowIso();
  // Revisions carry no secrets: the publish that follows takes them from the live function.
  fn.draft_encrypted_inputs = null;
  writeActivity(ctx.state, {
    project_id: fn.project_id,
    scope: 'HogFunction',
    item_id: fn.id,
    activity: 'revision_restored',
    user_id: ctx.state.user.id,
    created_at: fn.draft_updated_at,
    detail: { name: fn.name, type: humanizeType(fn.type), changes: null },
  });
  return ok(serializeHogFunction(ctx.state, fn));
}

const both: Route['prefixes'] = ['projects', 'environments'];
const ID = '([^/]+)';

export const revisionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^hog_functions/${ID}/publish$`),
    scopes: ['hog_function:write'],
    auth: 'bearer-401',
    prefixes: both,
    newestOnly: true,
    handle: publish,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^hog_functions/${ID}/discard_draft$`),
    scopes: ['hog_function:write'],
    auth: 'bearer-401',
    prefixes: both,
    newestOnly: true,
    handle: discardDraft,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^hog_functions/${ID}/revisions$`),
    scopes: ['hog_function:read'],
    auth: 'bearer-401',
    prefixes: both,
    newestOnly: true,
    handle: listRevisions,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^hog_functions/${ID}/revisions/(\\d+)$`),
    scopes: ['hog_function:read'],
    auth: 'bearer-401',
    prefixes: both,
    newestOnly: true,
    handle: revisionDetail,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^hog_functions/${ID}/revisions/(\\d+)/restore$`),
    scopes: ['hog_function:write'],
    auth: 'bearer-401',
    prefixes: both,
    newestOnly: true,
    handle: restoreRevision,
  },
];
