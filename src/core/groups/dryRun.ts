// The dry run: the file's rows against the groups as PostHog has them. Per group created, changed or unchanged, per
// property before → after, and totals. Reading PostHog is the slow part and is counted apart (requests and time);
// the comparison itself is pure.
import * as l10n from '@vscode/l10n';
import { isPostHogError, PageTrail, type Group, type PostHogClient } from '../../api';
import { sameValue } from '../../shared/propertyValue';
import type { PreparedRow, RowProblem } from './rows';

/** The part of the API client the import uses. */
export type GroupsClient = Pick<
  PostHogClient,
  'listGroups' | 'findGroup' | 'createGroup' | 'updateGroupProperty' | 'deleteGroupProperty'
>;

/** A property's value on one side of a change: absent, or present with a value. */
export interface Side {
  present: boolean;
  value?: unknown;
}

export interface PropertyChange {
  property: string;
  before: Side;
  after: Side;
}

export type GroupStatus = 'create' | 'change' | 'unchanged';

export interface GroupPlan {
  key: string;
  /** The file row it comes from. */
  row: number;
  line: number;
  status: GroupStatus;
  /** For `create`, every property it is created with; for `change`, the properties whose value changes. */
  changes: PropertyChange[];
}

export interface PlanTotals {
  rows: number;
  invalid: number;
  create: number;
  change: number;
  unchanged: number;
  /** Properties set to a new value (on new and existing groups) and properties removed. */
  propertiesSet: number;
  propertiesRemoved: number;
  /** Write requests the apply will send: one per new group, one per changed property. */
  writes: number;
}

export interface ImportPlan {
  groupTypeIndex: number;
  groups: GroupPlan[];
  problems: RowProblem[];
  totals: PlanTotals;
}

export interface ReadStats {
  /** Requests sent to read the current groups: list pages and single-group finds. */
  requests: number;
  pages: number;
  finds: number;
  ms: number;
}

export interface CurrentGroups {
  /** Each key of the file: its group on PostHog, or null when PostHog has none. */
  groups: Map<string, Group | null>;
  stats: ReadStats;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Parallel finds (the client's rate limiter still paces them). */
  concurrency?: number;
  onProgress?: (stats: ReadStats, found: number, of: number) => void;
}

/**
 * The groups PostHog has for `keys`. Pages through the group type's list (100 groups a request) while that is the
 * cheaper way, then finds the keys still missing one by one: a list read costs one request and may answer many keys,
 * a find answers one. Listing stops once every key is found, or once the pages read reach the keys still missing.
 *
 * The list is served from ClickHouse and can lag a few seconds behind a write; the apply copes with a group that
 * turns out to exist after all (see apply.ts).
 */
export async function readCurrentGroups(
  client: GroupsClient,
  projectId: number,
  groupTypeIndex: number,
  keys: Iterable<string>,
  options: ReadOptions = {},
): Promise<CurrentGroups> {
  const started = performance.now();
  const wanted = new Set(keys);
  const groups = new Map<string, Group | null>();
  const stats: ReadStats = { requests: 0, pages: 0, finds: 0, ms: 0 };
  const report = () => {
    stats.ms = performance.now() - started;
    options.onProgress?.({ ...stats }, groups.size, wanted.size);
  };
  let pageUrl: string | undefined;
  let listed = false;
  // A `next` link back to a page already read ends the listing (paging.ts): the keys still missing are found by key.
  const trail = new PageTrail(Number.POSITIVE_INFINITY);
  while (groups.size < wanted.size && stats.pages < wanted.size - groups.size) {
    const page = await client.listGroups(
      projectId,
      { groupTypeIndex },
      { ...(pageUrl ? { pageUrl } : {}), ...(options.signal ? { signal: options.signal } : {}) },
    );
    stats.requests++;
    stats.pages++;
    for (const group of page.results)
      if (wanted.has(group.group_key) && !groups.has(group.group_key)) groups.set(group.group_key, group);
    report();
    const repeated = trail.after(page.next, 0);
    pageUrl = page.next ?? undefined;
    if (!pageUrl) {
      listed = true;
      break;
    }
    if (repeated) break;
  }
  if (listed) {
    // The whole list was read: the keys it did not have do not exist (as far as ClickHouse knows).
    for (const key of wanted) if (!groups.has(key)) groups.set(key, null);
  } else {
    const missing = [...wanted].filter((key) => !groups.has(key));
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const key = missing[next++]!;
        groups.set(key, await findOrNull(client, projectId, groupTypeIndex, key, options.signal));
        stats.requests++;
        stats.finds++;
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, missing.length)) }, worker));
  }
  stats.ms = performance.now() - started;
  return { groups, stats };
}

/** The group, or null when PostHog answers 404. */
export async function findOrNull(
  client: Pick<GroupsClient, 'findGroup'>,
  projectId: number,
  groupTypeIndex: number,
  key: string,
  signal?: AbortSignal,
): Promise<Group | null> {
  try {
    return await client.findGroup(projectId, groupTypeIndex, key, signal ? { signal } : undefined);
  } catch (e) {
    if (isPostHogError(e) && e.kind === 'not_found') return null;
    throw e;
  }
}

export function sideOf(properties: Record<string, unknown>, key: string): Side {
  return Object.hasOwn(properties, key) ? { present: true, value: properties[key] } : { present: false };
}

export function sameSide(a: Side, b: Side): boolean {
  return a.present === b.present && (!a.present || sameValue(a.value, b.value));
}

/** The dry run's comparison: pure, so a file of thousands of rows is compared in milliseconds. */
export function planImport(
  groupTypeIndex: number,
  rows: readonly PreparedRow[],
  problems: readonly RowProblem[],
  current: ReadonlyMap<string, Group | null>,
): ImportPlan {
  const groups: GroupPlan[] = [];
  const totals: PlanTotals = {
    rows: rows.length + problems.length,
    invalid: problems.length,
    create: 0,
    change: 0,
    unchanged: 0,
    propertiesSet: 0,
    propertiesRemoved: 0,
    writes: 0,
  };
  for (const row of rows) {
    const group = current.get(row.key) ?? null;
    const changes: PropertyChange[] = [];
    if (!group) {
      for (const [property, value] of row.set)
        changes.push({ property, before: { present: false }, after: { present: true, value } });
      groups.push({ key: row.key, row: row.index, line: row.line, status: 'create', changes });
      totals.create++;
      totals.propertiesSet += changes.length;
      totals.writes++;
      continue;
    }
    for (const [property, value] of row.set) {
      const before = sideOf(group.group_properties, property);
      const after: Side = { present: true, value };
      if (!sameSide(before, after)) changes.push({ property, before, after });
    }
    for (const property of row.remove) {
      const before = sideOf(group.group_properties, property);
      if (before.present && !row.set.has(property)) changes.push({ property, before, after: { present: false } });
    }
    const status: GroupStatus = changes.length ? 'change' : 'unchanged';
    groups.push({ key: row.key, row: row.index, line: row.line, status, changes });
    totals[status]++;
    for (const c of changes) {
      if (c.after.present) totals.propertiesSet++;
      else totals.propertiesRemoved++;
    }
    totals.writes += changes.length;
  }
  return { groupTypeIndex, groups, problems: [...problems], totals };
}

/** The totals in one sentence, for a notification or the CLI. */
export function describeTotals(t: PlanTotals): string {
  return l10n.t(
    '{0} rows: {1} groups to create, {2} to change, {3} unchanged, {4} rows with problems; {5} properties to set, {6} to remove ({7} write requests).',
    t.rows,
    t.create,
    t.change,
    t.unchanged,
    t.invalid,
    t.propertiesSet,
    t.propertiesRemoved,
    t.writes,
  );
}
