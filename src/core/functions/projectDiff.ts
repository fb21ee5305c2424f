// A directory of function folders next to one PostHog project, all at once: which folder goes with which function,
// what differs between them field by field, and what a push or a pull of everything would do and ask, by the rules of
// sync.ts. Pure (no requests, no files): the command line's `diff`, `push --dry-run` and the check before `push` and
// `pull` write anything. Values of secret inputs are never part of a difference's text.
import * as l10n from '@vscode/l10n';
import type { HogFunction } from '../../api';
import { secretInputs, secretValuesInFile, stateFromServer, type FunctionState } from './functionFiles';
import type { LocalFunction } from './folders';
import type { SyncQuestion } from './functionSync';
import { canonicalJson } from './stableJson';
import { planPull, planPush, PUSH_FIELDS, type PushField, type SyncRecord } from './sync';

/** One place where the files and PostHog disagree: `path` like `hog`, `inputs.channel`, `filters.events`. */
export interface FieldDifference {
  path: string;
  /** A short description of the two values (`"#a" → "#b"`), when they are short enough to show and not secret. */
  detail?: string;
}

export type Comparison<L> =
  | { kind: 'same'; local: LocalFunction<L>; fn: HogFunction; server: FunctionState }
  | { kind: 'differs'; local: LocalFunction<L>; fn: HogFunction; server: FunctionState; differences: FieldDifference[] }
  /** A folder not linked to a function in this project (push creates one). */
  | { kind: 'onlyLocal'; local: LocalFunction<L> }
  /** A folder linked to a function this project does not have (any more). */
  | { kind: 'gone'; local: LocalFunction<L>; id: string }
  /** A function with no folder. */
  | { kind: 'onlyServer'; fn: HogFunction }
  /** A folder that cannot be compared: function.json does not parse, two sources, two folders with one id. */
  | { kind: 'invalid'; local: LocalFunction<L>; problem: string };

const SHOWN = 80;

function show(value: unknown): string {
  return value === undefined ? l10n.t('(absent)') : JSON.stringify(value);
}

function detailOf(server: unknown, local: unknown, secret: boolean): string | undefined {
  if (secret) return undefined;
  const a = show(server);
  const b = show(local);
  return a.length + b.length <= SHOWN ? `${a} → ${b}` : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys of two objects whose values differ, sorted. */
function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
}

function firstDifferentLine(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1;
  return 1;
}

function byKey(entries: readonly Record<string, unknown>[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((e, i) => [typeof e.key === 'string' ? e.key : `#${i}`, e]));
}

/** What differs between the files' state and PostHog's, per field (one level into objects). PostHog's value first. */
export function fieldDifferences(local: FunctionState, server: FunctionState): FieldDifference[] {
  const out: FieldDifference[] = [];
  const secret = new Set([...secretInputs(local.config), ...secretInputs(server.config)].map((s) => s.key));
  if (local.config.type !== server.config.type)
    out.push({ path: 'type', detail: `${show(server.config.type)} → ${show(local.config.type)}` });
  for (const field of PUSH_FIELDS) {
    const a = field === 'hog' ? server.source : server.config[field];
    const b = field === 'hog' ? local.source : local.config[field];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    if (field === 'hog') {
      out.push({ path: 'hog', detail: l10n.t('line {0}', firstDifferentLine(server.source, local.source)) });
    } else if (field === 'inputs_schema') {
      for (const key of differingKeys(byKey(server.config.inputs_schema), byKey(local.config.inputs_schema)))
        out.push({ path: `inputs_schema.${key}` });
    } else if (isObject(a) && isObject(b)) {
      for (const key of differingKeys(a, b)) {
        const d = detailOf(a[key], b[key], field === 'inputs' && secret.has(key));
        out.push({ path: `${field}.${key}`, ...(d ? { detail: d } : {}) });
      }
    } else {
      const d = detailOf(a, b, false);
      out.push({ path: field, ...(d ? { detail: d } : {}) });
    }
  }
  return out;
}

/**
 * Pairs the folders with the project's functions (by the id function.json's `ids` holds under `projectKey`) and
 * compares each pair. Folders first, in their order, then the functions without a folder.
 */
export function compareProject<L>(
  locals: readonly LocalFunction<L>[],
  functions: readonly HogFunction[],
  projectKey: string,
  name: (local: LocalFunction<L>) => string,
): Comparison<L>[] {
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  const foldersOf = new Map<string, LocalFunction<L>[]>();
  for (const local of locals) {
    const id = local.file?.ids[projectKey];
    if (id) foldersOf.set(id, [...(foldersOf.get(id) ?? []), local]);
  }
  const out: Comparison<L>[] = [];
  for (const local of locals) {
    const id = local.file?.ids[projectKey];
    const copies = id ? (foldersOf.get(id) ?? []) : [];
    if (copies.length > 1) {
      out.push({
        kind: 'invalid',
        local,
        problem: l10n.t(
          "linked to the same function as {0}: remove the copy's id from its function.json",
          copies
            .filter((c) => c !== local)
            .map(name)
            .join(', '),
        ),
      });
      continue;
    }
    if (!local.state) {
      out.push({ kind: 'invalid', local, problem: local.problem ?? l10n.t('not a function folder') });
      continue;
    }
    if (!id) {
      out.push({ kind: 'onlyLocal', local });
      continue;
    }
    const fn = byId.get(id);
    if (!fn) {
      out.push({ kind: 'gone', local, id });
      continue;
    }
    const server = stateFromServer(fn);
    const differences = fieldDifferences(local.state, server);
    out.push(
      differences.length ? { kind: 'differs', local, fn, server, differences } : { kind: 'same', local, fn, server },
    );
  }
  for (const fn of functions) if (!foldersOf.has(fn.id)) out.push({ kind: 'onlyServer', fn });
  return out;
}

/** What a push of one folder would do, and the questions it would ask on the way. */
export type PushStep<L> = {
  local: LocalFunction<L>;
  questions: SyncQuestion[];
  /** Why it cannot be pushed at all, when it cannot. */
  blocker?: string;
} & ({ action: 'create' } | { action: 'send'; fields: PushField[] } | { action: 'unchanged' | 'behind' | 'none' });

const DESTINATION_TYPES = new Set(['destination', 'site_destination', 'internal_destination']);

/** The push of every folder, as functionSync.push would go about it given PostHog's functions as listed. */
export function planProjectPush<L>(
  comparisons: readonly Comparison<L>[],
  record: (functionId: string) => SyncRecord | undefined,
  /** Secret values a new function gets from elsewhere than function.json (environment variables), by input key. */
  secretsFor: (local: LocalFunction<L>) => Record<string, string> = () => ({}),
): PushStep<L>[] {
  const steps: PushStep<L>[] = [];
  for (const c of comparisons) {
    if (c.kind === 'onlyServer') continue;
    if (c.kind === 'invalid') {
      steps.push({ local: c.local, action: 'none', questions: [], blocker: c.problem });
      continue;
    }
    const state = c.local.state as FunctionState;
    const secretsMove: SyncQuestion[] = secretValuesInFile(state.config).length ? ['push.secretsInFile'] : [];
    if (c.kind === 'onlyLocal' || c.kind === 'gone') {
      const given = secretsFor(c.local);
      const missing = secretInputs(state.config)
        .filter((s) => s.required && !hasValue(state, s.key) && !given[s.key])
        .map((s) => s.key);
      steps.push({
        local: c.local,
        action: 'create',
        questions: ['push.create', ...secretsMove],
        ...(missing.length
          ? {
              blocker: l10n.t('required secret input {0} has no value to create the function with', missing.join(', ')),
            }
          : {}),
      });
      continue;
    }
    if (c.kind === 'same') {
      steps.push({ local: c.local, action: 'unchanged', questions: [] });
      continue;
    }
    if (state.config.type !== c.server.config.type) {
      steps.push({
        local: c.local,
        action: 'none',
        questions: [],
        blocker: l10n.t(
          'function.json says "type": "{0}" but the function in PostHog is a {1} (PostHog cannot change a function\'s type)',
          state.config.type,
          c.server.config.type,
        ),
      });
      continue;
    }
    const rec = record(c.fn.id);
    const plan = planPush(state, c.server, rec);
    if (plan.kind === 'unchanged' || plan.kind === 'behind') {
      steps.push({ local: c.local, action: plan.kind, questions: [] });
      continue;
    }
    const enable: SyncQuestion[] =
      plan.fields.includes('enabled') && state.config.enabled && DESTINATION_TYPES.has(state.config.type)
        ? ['push.enable']
        : [];
    const conflict: SyncQuestion[] = plan.kind === 'conflict' ? [rec ? 'push.serverChanged' : 'push.unsynced'] : [];
    steps.push({
      local: c.local,
      action: 'send',
      fields: plan.fields,
      questions: [...conflict, ...secretsMove, ...enable],
    });
  }
  return steps;
}

function hasValue(state: FunctionState, key: string): boolean {
  const value = state.config.inputs[key]?.value;
  return typeof value === 'string' && value !== '';
}

/** What a pull of one function would do: export it into a new folder, overwrite a folder's files, or nothing. */
export interface PullStep<L> {
  fn: HogFunction;
  local?: LocalFunction<L>;
  action: 'export' | 'write' | 'unchanged';
  questions: SyncQuestion[];
}

/** The pull of every function of the project (functionSync.export), as planned from the listed functions. */
export function planProjectPull<L>(
  comparisons: readonly Comparison<L>[],
  record: (functionId: string) => SyncRecord | undefined,
): PullStep<L>[] {
  const steps: PullStep<L>[] = [];
  for (const c of comparisons) {
    if (c.kind === 'onlyServer') steps.push({ fn: c.fn, action: 'export', questions: [] });
    if (c.kind === 'same') steps.push({ fn: c.fn, local: c.local, action: 'unchanged', questions: [] });
    if (c.kind !== 'differs') continue;
    const rec = record(c.fn.id);
    const plan = planPull(c.local.state, c.server, rec);
    steps.push({
      fn: c.fn,
      local: c.local,
      action: plan.kind === 'unchanged' ? 'unchanged' : 'write',
      questions: plan.kind === 'conflict' ? [rec ? 'pull.localChanges' : 'pull.unsynced'] : [],
    });
  }
  return steps;
}
