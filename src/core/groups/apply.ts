// Applying an import plan through the API client, at the pace of its rate limiter, with progress, cancel and resume.
//
// Each operation is one write request. A group's operations are recorded in the journal as in flight (on disk, one
// flush for the group) before the first of them is sent, and each as done once PostHog answered, so after a failure,
// a cancel or a crash the next run knows which writes may have landed: the in-flight ones (recording one too many is
// harmless: it is found not to have landed). Before anything else, a run re-reads each of those groups and decides from what
// PostHog has now: the new value is there (it landed: done), the value the dry run saw is still there (it did not:
// send it again), or someone else changed it meanwhile (a conflict: reported, not overwritten). No write is ever sent
// twice for one change.
//
// Groups are written in parallel (a few at a time, so the rate limiter rather than the round trip sets the pace), but
// the writes of one group go one after another: PostHog saves a group's properties as a whole, so two writes to one
// group at once could lose one of them.
import * as l10n from '@vscode/l10n';
import { isPostHogError, type Group, type PostHogError } from '../../api';
import { sameValue } from '../../shared/propertyValue';
import { findOrNull, sameSide, sideOf, type GroupsClient, type ImportPlan } from './dryRun';
import type { ImportJournal, Operation } from './journal';
import { buildReport, type ImportReport, type RunOutcome } from './report';

export interface ApplyOptions {
  client: GroupsClient;
  journal: ImportJournal;
  /** The client's origin; a journal written for another host is refused. */
  host: string;
  /**
   * Groups written at once (default 8). The client's rate limiter sets the pace; enough groups in flight keep each
   * minute's 480 requests from taking much of the minute at PostHog's round trip (8 × ~4 a second at 250 ms), so
   * the limiter, not the round trip, decides. Each group's own writes still go one at a time.
   */
  concurrency?: number;
  /** Send the operations that failed in an earlier run again. */
  retryFailed?: boolean;
  /** Cancels: no new write starts, and the requests in flight are aborted (the next run checks what they did). */
  signal?: AbortSignal;
  onProgress?: (progress: ApplyProgress) => void;
}

export interface ApplyProgress {
  total: number;
  done: number;
  failed: number;
  pending: number;
  inFlight: number;
  /** Requests this run sent (writes and the reads that checked uncertain writes). */
  requests: number;
  elapsedMs: number;
}

/** The operations that carry out a plan, in the plan's order (ids from 0). */
export function operationsOf(plan: ImportPlan): Operation[] {
  const ops: Operation[] = [];
  for (const group of plan.groups) {
    if (group.status === 'create') {
      const properties = Object.fromEntries(group.changes.map((c) => [c.property, c.after.value]));
      ops.push({ id: ops.length, kind: 'create', key: group.key, properties });
      continue;
    }
    for (const c of group.changes) {
      if (c.after.present)
        ops.push({
          id: ops.length,
          kind: 'set',
          key: group.key,
          property: c.property,
          value: c.after.value,
          before: c.before,
        });
      else ops.push({ id: ops.length, kind: 'remove', key: group.key, property: c.property, before: c.before });
    }
  }
  return ops;
}

type Verdict = { landed: true; note?: string } | { landed: false } | { conflict: string };

/** Whether an operation whose answer was lost took effect, from the group as PostHog has it now. */
export function verdictOf(op: Operation, group: Group | null): Verdict {
  if (op.kind === 'create') {
    if (!group) return { landed: false };
    const differing = Object.keys(op.properties).filter(
      (k) => !sameSide(sideOf(group.group_properties, k), { present: true, value: op.properties[k] }),
    );
    return differing.length
      ? {
          landed: true,
          note: l10n.t('The group exists, but PostHog has other values than the file for: {0}.', differing.join(', ')),
        }
      : { landed: true };
  }
  if (!group) return { landed: false };
  const now = sideOf(group.group_properties, op.property);
  const wanted = op.kind === 'set' ? { present: true, value: op.value } : { present: false };
  if (sameSide(now, wanted)) return { landed: true };
  if (sameSide(now, op.before)) return { landed: false };
  return { conflict: conflictReason(op, now) };
}

function conflictReason(
  op: Operation & { kind: 'set' | 'remove' },
  now: { present: boolean; value?: unknown },
): string {
  const shown = now.present ? JSON.stringify(now.value) : l10n.t('(absent)');
  return l10n.t(
    '"{0}" changed on PostHog since the dry run (it is now {1}); it was not overwritten. Run the import again to compare anew.',
    op.property,
    shown,
  );
}

export const DEFAULT_CONCURRENCY = 8;

const FATAL = new Set(['unauthorized', 'forbidden', 'missing_scope', 'config', 'rate_limited']);
const UNCERTAIN = new Set(['server', 'timeout', 'network', 'invalid_response']);

class Stop extends Error {
  constructor(readonly outcome: RunOutcome) {
    super(outcome.status);
  }
}

export async function applyImport(options: ApplyOptions): Promise<ImportReport> {
  const { client, journal, signal } = options;
  const { projectId, groupTypeIndex, host } = journal.target;
  if (host !== options.host) {
    throw new Error(
      l10n.t('This import was planned for {0}, not {1}; it can only be resumed there.', host, options.host),
    );
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  let requests = 0;
  let outcome: RunOutcome | undefined;
  const stop = (o: RunOutcome) => {
    outcome ??= o;
  };
  const stopped = () => outcome !== undefined || signal?.aborted === true;
  const onAbort = () => stop({ status: 'cancelled' });
  signal?.addEventListener('abort', onAbort, { once: true });
  const opts = signal ? { signal } : undefined;
  const progress = () => {
    if (!options.onProgress) return;
    const c = journal.counts();
    options.onProgress({ total: journal.operations.length, ...c, requests, elapsedMs: performance.now() - started });
  };

  const find = async (key: string): Promise<Group | null> => {
    requests++;
    return findOrNull(client, projectId, groupTypeIndex, key, signal);
  };

  /** Settles in-flight operations of one group from what PostHog has now. */
  const settle = async (ops: Operation[]): Promise<void> => {
    const group = await find(ops[0]!.key);
    for (const op of ops) {
      const verdict = verdictOf(op, group);
      if ('conflict' in verdict) journal.markFailed(op.id, { reason: verdict.conflict, kind: 'conflict' });
      else if (verdict.landed) journal.markDone(op.id, verdict.note);
      else journal.markPending(op.id);
    }
  };

  /** A failure that stops the whole run; the operation was not applied (PostHog refused it before its view ran). */
  const fatal = (op: Operation, e: PostHogError): never => {
    journal.markPending(op.id);
    throw new Stop({ status: 'stopped', reason: e.message, kind: e.kind });
  };

  const send = (op: Operation): Promise<Group> => {
    const ref = { groupTypeIndex, groupKey: op.key };
    requests++;
    switch (op.kind) {
      case 'create':
        return client.createGroup(projectId, { ...ref, groupProperties: op.properties }, opts);
      case 'set':
        return client.updateGroupProperty(projectId, ref, op.property, op.value, opts);
      case 'remove':
        return client.deleteGroupProperty(projectId, ref, op.property, opts);
    }
  };

  /** Runs one operation; returns operations to run next for the same group (a create that found its group). */
  /**
   * Runs one operation, already recorded in flight on disk by its caller, and returns operations to run next for the
   * same group (a create that found its group).
   */
  const run = async (op: Operation): Promise<Operation[]> => {
    try {
      await send(op);
      journal.markDone(op.id);
      return [];
    } catch (e) {
      if (!isPostHogError(e)) throw e;
      if (e.kind === 'cancelled') {
        // Left in flight: the request may have reached PostHog. The next run checks.
        stop({ status: 'cancelled' });
        return [];
      }
      if (FATAL.has(e.kind)) fatal(op, e);
      if (op.kind === 'create' && e.kind === 'validation' && /already exists/i.test(e.detail ?? '')) return existed(op);
      if (UNCERTAIN.has(e.kind) || (op.kind === 'create' && e.kind === 'not_found')) {
        // The write may have landed (PostHog can fail after saving): check before deciding.
        let group: Group | null;
        try {
          group = await find(op.key);
        } catch (readError) {
          if (isPostHogError(readError) && readError.kind === 'cancelled') {
            stop({ status: 'cancelled' });
            return [];
          }
          const reason = isPostHogError(readError) ? readError.message : String(readError);
          throw new Stop({
            status: 'stopped',
            reason: l10n.t('{0} Whether the change landed could not be checked: {1}', e.message, reason),
            kind: e.kind,
          });
        }
        const verdict = verdictOf(op, group);
        if ('conflict' in verdict) journal.markFailed(op.id, { reason: verdict.conflict, kind: 'conflict' });
        else if (verdict.landed) journal.markDone(op.id, verdict.note);
        else journal.markFailed(op.id, { reason: e.message, kind: e.kind });
        return [];
      }
      journal.markFailed(op.id, { reason: e.message, kind: e.kind });
      return [];
    }
  };

  /** The group was created after the dry run looked (or PostHog's list had not shown it yet): update it instead. */
  const existed = async (op: Operation & { kind: 'create' }): Promise<Operation[]> => {
    const group = await find(op.key);
    if (!group) {
      journal.markFailed(op.id, {
        reason: l10n.t('PostHog says the group exists but cannot find it; try again later.'),
        kind: 'not_found',
      });
      return [];
    }
    const updates = Object.keys(op.properties)
      .map((property) => ({
        property,
        before: sideOf(group.group_properties, property),
        value: op.properties[property],
      }))
      .filter((u) => !(u.before.present && sameValue(u.before.value, u.value)))
      .map((u) => ({ kind: 'set' as const, key: op.key, property: u.property, value: u.value, before: u.before }));
    const added = journal.addOperations(updates);
    journal.markDone(
      op.id,
      l10n.t(
        'The group already existed on PostHog (created after the dry run read it); {0} of its properties are updated instead.',
        added.length,
      ),
      true,
    );
    for (const extra of added) journal.markInFlight(extra.id);
    await journal.commit();
    return added;
  };

  try {
    journal.startRun();
    if (options.retryFailed) journal.retryFailed();
    await journal.commit();

    // 1. Settle what an earlier run left in flight, one read per group.
    const uncertain = new Map<string, Operation[]>();
    for (const id of journal.inFlightIds()) {
      const op = journal.operation(id)!;
      uncertain.set(op.key, [...(uncertain.get(op.key) ?? []), op]);
    }
    for (const ops of uncertain.values()) {
      if (stopped()) break;
      await settle(ops);
      progress();
    }
    await journal.commit();

    // 2. Everything still pending, group by group in the plan's order.
    const byGroup = new Map<string, Operation[]>();
    for (const op of journal.operations) {
      if (journal.status(op.id) !== 'pending') continue;
      const list = byGroup.get(op.key);
      if (list) list.push(op);
      else byGroup.set(op.key, [op]);
    }
    const queue = [...byGroup.values()];
    let next = 0;
    const worker = async () => {
      /** The operations of the group at hand recorded in flight but not sent: back to pending if the run stops. */
      let unsent: Operation[] = [];
      const release = () => {
        for (const op of unsent) journal.markPending(op.id);
        unsent = [];
      };
      try {
        while (!stopped() && next < queue.length) {
          const ops = queue[next++]!;
          // One record on disk for the whole group before its first write: a resume reads the group once either way,
          // and one flush per group instead of one per property keeps the pace when PostHog's allows more.
          for (const op of ops) journal.markInFlight(op.id);
          unsent = [...ops];
          await journal.commit();
          for (let i = 0; i < ops.length && !stopped(); i++) {
            unsent.shift();
            const more = await run(ops[i]!);
            ops.splice(i + 1, 0, ...more);
            unsent.unshift(...more);
            progress();
          }
          // Stopped before the rest of the group left: those were never sent.
          release();
        }
      } catch (e) {
        release();
        // The other workers stop starting writes at once; their requests in flight finish.
        if (e instanceof Stop) stop(e.outcome);
        else
          stop({
            status: 'stopped',
            reason: isPostHogError(e) ? e.message : String(e),
            ...(isPostHogError(e) ? { kind: e.kind } : {}),
          });
        throw e;
      }
    };
    const workers = Array.from(
      { length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) },
      worker,
    );
    const results = await Promise.allSettled(workers);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    if (e instanceof Stop) stop(e.outcome);
    else if (isPostHogError(e) && e.kind === 'cancelled') stop({ status: 'cancelled' });
    else if (isPostHogError(e)) stop({ status: 'stopped', reason: e.message, kind: e.kind });
    else throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await journal.commit();
  }
  progress();
  const counts = journal.counts();
  const final: RunOutcome =
    outcome ?? (counts.pending === 0 && counts.inFlight === 0 ? { status: 'completed' } : { status: 'cancelled' });
  return buildReport(journal, final, { startedAt, finishedAt: new Date().toISOString(), requests });
}
