// PostHogError: every way a request can fail, with a message a person can act on, and PostHog's error bodies read.
// The messages are translated with @vscode/l10n (src/api cannot import vscode); PostHog's own words (`detail`) are
// quoted as PostHog wrote them.
import * as l10n from '@vscode/l10n';
import { functionTypeLabel } from '../shared/functionTypes';
import { refusalInWords } from './validationWords';
export type PostHogErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'missing_scope'
  | 'not_found'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid_response'
  | 'cancelled'
  | 'config';

/** The save-time rules of PostHog's newest server (posthog-api.md §10.2), recognised from its error text. */
export type ValidationRuleId =
  | 'enabled_limit'
  | 'reserved_function'
  | 'log_transformations_disabled'
  | 'open_draft'
  | 'hyphenated_identifier'
  | 'transformation_globals'
  /** Any other refusal of one input's value (a required input left empty, a template that does not compile). */
  | 'input_value';

/** Which rule a save broke, with what the UI needs to place the message (a code range, an input, the tree item). */
export interface ValidationRule {
  id: ValidationRuleId;
  /** Reserved functions called, or globals a transformation cannot use. */
  names?: string[];
  /** The name as written with its hyphen (`event.properties.utm-source`), to find it in the code. */
  hyphenated?: string;
  /** What to write instead (`event.properties['utm-source']`). */
  fix?: string;
  /** The cap on enabled functions of the type. */
  limit?: number;
  /** The function type the cap counts (`transformation`, `transformation_log`). */
  functionType?: string;
  /** The input the message is about (from `attr`, `inputs__<key>`). */
  inputKey?: string;
}

export interface PostHogErrorInit {
  kind: PostHogErrorKind;
  /** What we were doing, in words (translated): "update group property". */
  operation: string;
  /** Method and path relative to the project: "POST groups/update_property". */
  endpoint: string;
  /** The part after "Couldn't <operation>: ". */
  reason: string;
  status?: number;
  detail?: string;
  code?: string;
  attr?: string | null;
  scope?: string;
  retryAfterSeconds?: number;
  /**
   * Why a `rate_limited` error: PostHog's request throttle (`rate`), too many queries running at once for the
   * organization (`concurrency`, a 429 without a wait), or the client's own budget, nothing sent (`budget`).
   */
  throttle?: 'rate' | 'concurrency' | 'budget';
  /** A save-time rule PostHog applied (validation errors only). */
  rule?: ValidationRule;
  fieldPath?: string;
  /** PostHog's answer as it came (its body text, cut to a few thousand characters), for the log and "details". */
  raw?: string;
  cause?: unknown;
}

/** Every failure of the API client, typed so the UI can pick an action (sign in, add a scope, retry later). */
export class PostHogError extends Error {
  override readonly name = 'PostHogError';
  readonly kind: PostHogErrorKind;
  readonly status?: number;
  readonly operation: string;
  readonly endpoint: string;
  readonly detail?: string;
  readonly code?: string;
  readonly attr?: string | null;
  readonly scope?: string;
  readonly retryAfterSeconds?: number;
  readonly throttle?: 'rate' | 'concurrency' | 'budget';
  readonly rule?: ValidationRule;
  readonly fieldPath?: string;
  readonly raw?: string;

  constructor(init: PostHogErrorInit) {
    super(
      l10n.t({
        message: "Couldn't {0}: {1}",
        args: [init.operation, init.reason],
        comment: ['{0} is what the extension was doing ("load hog function"), {1} why it failed'],
      }),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.kind = init.kind;
    this.operation = init.operation;
    this.endpoint = init.endpoint;
    if (init.status !== undefined) this.status = init.status;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.code !== undefined) this.code = init.code;
    if (init.attr !== undefined) this.attr = init.attr;
    if (init.scope !== undefined) this.scope = init.scope;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.throttle !== undefined) this.throttle = init.throttle;
    if (init.rule !== undefined) this.rule = init.rule;
    if (init.fieldPath !== undefined) this.fieldPath = init.fieldPath;
    if (init.raw !== undefined) this.raw = init.raw;
  }
}

/**
 * Checked by shape, not `instanceof`: code loaded on first use (dist/hogLanguage.js and the like) bundles its own
 * copy of this class, so an error from the shared client would fail `instanceof` there.
 */
export function isPostHogError(e: unknown): e is PostHogError {
  return e instanceof Error && e.name === 'PostHogError' && typeof (e as { kind?: unknown }).kind === 'string';
}

/** What PostHog's error body told us, normalised across its standard and raw shapes. */
export interface ErrorBody {
  detail?: string;
  code?: string;
  attr?: string | null;
}

/**
 * Reads `{type, code, detail, attr}` (drf-exceptions-hog) and the raw shapes some views return instead:
 * `{"error": "..."}`, `{"status": "error", "errors": ["..."]}` and un-normalised DRF dicts such as
 * `{"configuration": {"inputs": {"url": ["This field is required."]}}}` (hog function invocations), whose
 * first leaf message becomes `detail` and whose path becomes `attr` in PostHog's `a__b__c` form.
 */
export function parseErrorBody(body: unknown): ErrorBody {
  if (!body || typeof body !== 'object') return {};
  const o = body as Record<string, unknown>;
  if (typeof o.detail === 'string') {
    return {
      detail: o.detail,
      ...(typeof o.code === 'string' ? { code: o.code } : {}),
      attr: typeof o.attr === 'string' ? fieldAttr(o.attr.split('__')) : null,
    };
  }
  if (typeof o.error === 'string') return { detail: o.error, attr: null };
  if (Array.isArray(o.errors) && typeof o.errors[0] === 'string') return { detail: o.errors[0], attr: null };
  const leaf = firstLeafMessage(body, []);
  return leaf ? { detail: leaf.message, attr: fieldAttr(leaf.path) } : {};
}

/**
 * PostHog's `attr` for a field path: `a__b__c`. DRF's `non_field_errors` names no field: at the top it is `null`
 * (drf-exceptions-hog), nested it is the object it belongs to (`configuration__non_field_errors` → `configuration`).
 */
function fieldAttr(path: string[]): string | null {
  const fields = path.at(-1) === 'non_field_errors' ? path.slice(0, -1) : path;
  return fields.length ? fields.join('__') : null;
}

function firstLeafMessage(value: unknown, path: string[]): { message: string; path: string[] } | undefined {
  if (typeof value === 'string') return { message: value, path };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      // DRF lists of messages belong to the field itself; lists of objects are indexed fields.
      const found = firstLeafMessage(item, typeof item === 'string' ? path : [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = firstLeafMessage(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Saves and test runs of a hog function: their refusals are about a part of the function. */
const HOG_FUNCTIONS = /^(?:POST|PATCH|PUT) hog_functions\b/;
const MISSING_SCOPE = /missing required scope '([^']+)'/;
const CONCURRENCY = /concurren/i;
const GENERIC_SERVER_ERROR = 'A server error occurred.';

/** The error for a non-2xx answer, with the sentence a person would read. */
export function errorFromStatus(
  status: number,
  body: ErrorBody,
  ctx: { operation: string; endpoint: string; origin: string; retryAfterSeconds?: number; raw?: string },
): PostHogError {
  const base = {
    operation: ctx.operation,
    endpoint: ctx.endpoint,
    status,
    ...body,
    ...(ctx.raw !== undefined ? { raw: ctx.raw } : {}),
  };
  const says = body.detail ? l10n.t('PostHog says "{0}"', body.detail) : undefined;
  // PostHog answers a bad key with 401, or with 403 and an authentication code.
  const rejectedKey = () =>
    new PostHogError({
      ...base,
      kind: 'unauthorized',
      reason: l10n.t('PostHog rejected your personal API key. Sign in again.'),
    });
  if (status === 401) return rejectedKey();
  if (status === 403) {
    const scope = body.detail?.match(MISSING_SCOPE)?.[1];
    if (scope) {
      return new PostHogError({
        ...base,
        kind: 'missing_scope',
        scope,
        reason: l10n.t(
          "your personal API key is missing the '{0}' scope. Add it at {1}/settings/user-api-keys.",
          scope,
          ctx.origin,
        ),
      });
    }
    if (body.code === 'authentication_failed' || body.code === 'not_authenticated') return rejectedKey();
    return new PostHogError({
      ...base,
      kind: 'forbidden',
      reason: l10n.t('{0} ({1}).', says ?? l10n.t('PostHog refused access'), ctx.endpoint),
    });
  }
  if (status === 404) {
    return new PostHogError({
      ...base,
      kind: 'not_found',
      reason: l10n.t('{0} ({1}).', says ?? l10n.t('PostHog has no such resource'), ctx.endpoint),
    });
  }
  if (status === 429) {
    const wait = ctx.retryAfterSeconds;
    // ClickHouse concurrency (posthog/clickhouse/client/limit.py): too many of the organization's queries run at once.
    // PostHog names no wait for it; a query a few seconds later usually goes through.
    if (wait === undefined && body.detail !== undefined && CONCURRENCY.test(body.detail)) {
      return new PostHogError({
        ...base,
        kind: 'rate_limited',
        throttle: 'concurrency',
        reason: l10n.t(
          'PostHog is busy: too many queries of your organization are running at once. Try again in a few seconds.',
        ),
      });
    }
    return new PostHogError({
      ...base,
      kind: 'rate_limited',
      throttle: 'rate',
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
      reason:
        wait !== undefined
          ? l10n.t('PostHog is rate limiting this API key. Try again in {0} seconds.', wait)
          : l10n.t('PostHog is rate limiting this API key. Try again in a minute.'),
    });
  }
  if (status >= 500) {
    // A test run's worker crash comes back as {"status": "error", "errors": ["<message>"]}: its message says what
    // broke, where PostHog's generic 500 body says nothing more than the status does.
    const reason =
      body.detail && body.detail !== GENERIC_SERVER_ERROR
        ? l10n.t('PostHog had a server error (HTTP {0}): "{1}"', status, body.detail)
        : l10n.t('PostHog had a server error (HTTP {0}). Try again later.', status);
    return new PostHogError({ ...base, kind: 'server', reason });
  }
  if (status >= 400 && status < 500 && status !== 405) {
    const what = says ?? l10n.t('PostHog rejected the request (HTTP {0})', status);
    const rule = status === 400 ? recognizeRule(body) : undefined;
    // A hog function's save or test run: the part of the function in words, and what to do (validationWords.ts).
    const worded = !rule && HOG_FUNCTIONS.test(ctx.endpoint) ? refusalInWords(body) : undefined;
    const inputKey = worded?.field?.inputKey;
    const inputRule = inputKey !== undefined ? { rule: { id: 'input_value' as const, inputKey } } : {};
    return new PostHogError({
      ...base,
      kind: 'validation',
      // PostHog joins nested fields with "__" (inputs__url); fieldPath is the same place, dotted.
      ...(body.attr ? { fieldPath: body.attr.split('__').join('.') } : {}),
      ...(rule ? { rule: rule.rule } : inputRule),
      reason: rule ? rule.reason : worded ? worded.reason : body.attr ? l10n.t('{0} ({1})', what, body.attr) : what,
    });
  }
  return new PostHogError({
    ...base,
    kind: status === 405 ? 'not_found' : 'invalid_response',
    reason: body.detail
      ? l10n.t('PostHog answered HTTP {0} to {1}: "{2}".', status, ctx.endpoint, body.detail)
      : l10n.t('PostHog answered HTTP {0} to {1}.', status, ctx.endpoint),
  });
}

const ENABLED_LIMIT = /^Maximum of (\d+) enabled (.+?) functions allowed per team/;
const RESERVED = /^Reserved for PostHog's own use and not callable from a function's code: (.+?)\. /;
const LOG_FLAG = /^Log transformations are not enabled for this team/;
const OPEN_DRAFT = /has config staged for review\. Publish or discard it before enabling/;
const HYPHEN = /^Hyphens are not supported in identifiers.*Use bracket notation: (\S+)$/;
const GLOBALS = /^Variable not available in (log )?transformations: (.+?)\. /;
const INPUT_ATTR = /(?:^|__)inputs__([^_].*)$/;

/** `x.y['a-b']` → `x.y.a-b`: the name as it was written. */
const hyphenatedName = (fix: string) => fix.replace(/\['([^']*)'\]$/, '.$1');

/**
 * A save-time rule of PostHog's newest server, recognised by its words (posthog-api.md §10.2), with a sentence that
 * says what happened and what to do; undefined for any other validation error.
 */
function recognizeRule(body: ErrorBody): { rule: ValidationRule; reason: string } | undefined {
  const detail = body.detail?.replace(/^Invalid template: /, '');
  if (!detail) return undefined;
  const inputKey = body.attr ? INPUT_ATTR.exec(body.attr)?.[1] : undefined;
  const input = inputKey !== undefined ? { inputKey } : {};
  let m = ENABLED_LIMIT.exec(detail);
  if (m) {
    const limit = Number(m[1]);
    const functionType = (m[2] ?? '').trim().replace(/ /g, '_');
    return {
      rule: { id: 'enabled_limit', limit, functionType },
      reason: l10n.t(
        'PostHog allows at most {0} enabled {1} per project, and this would be one more. Disable or delete one first, or ask PostHog support to raise the limit.',
        limit,
        functionTypeLabel(functionType).toLowerCase(),
      ),
    };
  }
  m = RESERVED.exec(detail);
  if (m) {
    const names = (m[1] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    return {
      rule: { id: 'reserved_function', names },
      reason: l10n.t(
        "{0} is reserved for PostHog's own workflows: a function's code cannot call it. Remove the call, and use a workflow step or a destination template made for it instead.",
        names.join(', '),
      ),
    };
  }
  if (LOG_FLAG.test(detail)) {
    return {
      rule: { id: 'log_transformations_disabled' },
      reason: l10n.t(
        'log transformations are not enabled for this PostHog project yet (PostHog rolls them out behind a feature flag). Ask PostHog to turn them on, or create a transformation instead.',
      ),
    };
  }
  if (OPEN_DRAFT.test(detail)) {
    return {
      rule: { id: 'open_draft' },
      reason: l10n.t(
        'this function has a draft staged for review. Publish or discard the draft first, then enable the function.',
      ),
    };
  }
  m = HYPHEN.exec(detail);
  if (m) {
    const fix = m[1] ?? '';
    return {
      rule: { id: 'hyphenated_identifier', fix, hyphenated: hyphenatedName(fix), ...input },
      reason:
        inputKey !== undefined
          ? l10n.t(
              'in input "{0}", PostHog reads the hyphen in {1} as a minus sign. Write {2} instead.',
              inputKey,
              hyphenatedName(fix),
              fix,
            )
          : l10n.t('PostHog reads the hyphen in {0} as a minus sign. Write {1} instead.', hyphenatedName(fix), fix),
    };
  }
  m = GLOBALS.exec(detail);
  if (m) {
    const names = (m[2] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const where = inputKey !== undefined ? l10n.t('input "{0}"', inputKey) : l10n.t('the code');
    return {
      rule: { id: 'transformation_globals', names, ...input },
      reason: m[1]
        ? l10n.t(
            '{0} uses {1}, which log transformations do not have: they see only project, record and inputs. Use the log record instead.',
            where,
            names.join(', '),
          )
        : l10n.t(
            '{0} uses {1}, which transformations do not have: they run before PostHog processes persons and groups, and see only project, event and inputs. Read what you need from the event instead, e.g. {2}.',
            where,
            names.join(', '),
            '{event.properties.$email}',
          ),
    };
  }
  return undefined;
}
