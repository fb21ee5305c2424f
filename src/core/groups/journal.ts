// The apply's journal: what was planned (plan.json, written once) and how far applying it got (journal.json,
// rewritten after each step). Both are plain JSON, each written atomically (a temporary file, flushed to disk, then
// renamed over the old one), so after a crash either the old or the new version is there, never half of one.
//
// The rule that makes a resume safe: an operation is recorded as in flight, on disk, before its request is sent, and
// as done after PostHog answered. A resume finds every write that may or may not have landed among the in-flight ones
// and checks PostHog before sending any of them again (apply.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { Side } from './dryRun';

export type Operation =
  /** Create the group with these properties (one POST groups/). */
  | { id: number; kind: 'create'; key: string; properties: Record<string, unknown> }
  /** Set one property of an existing group (one POST groups/update_property/). `before` is what the dry run saw. */
  | { id: number; kind: 'set'; key: string; property: string; value: unknown; before: Side }
  /** Remove one property (one POST groups/delete_property/). */
  | { id: number; kind: 'remove'; key: string; property: string; before: Side };

export interface ImportTarget {
  /** PostHog's origin: a journal is only resumed against the host it was written for. */
  host: string;
  projectId: number;
  groupTypeIndex: number;
}

export interface PlanMeta {
  /** The imported file's name (not its path), for the report. */
  source?: string;
  createdAt?: string;
}

export type OperationStatus = 'pending' | 'inFlight' | 'done' | 'failed';

export interface Failure {
  reason: string;
  /** PostHog's error kind or this module's (`conflict`), for the report. */
  kind?: string;
}

const PLAN_FORMAT = 'posthog-workbench.groups-import-plan';
const JOURNAL_FORMAT = 'posthog-workbench.groups-import-journal';

const sideSchema = z.object({ present: z.boolean(), value: z.optional(z.unknown()) });
const properties = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const operationSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.number(), kind: z.literal('create'), key: z.string(), properties }),
  z.object({
    id: z.number(),
    kind: z.literal('set'),
    key: z.string(),
    property: z.string(),
    value: z.unknown(),
    before: sideSchema,
  }),
  z.object({ id: z.number(), kind: z.literal('remove'), key: z.string(), property: z.string(), before: sideSchema }),
]);
const targetSchema = z.object({ host: z.string(), projectId: z.number(), groupTypeIndex: z.number() });

const planFileSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  version: z.literal(1),
  planId: z.string(),
  createdAt: z.string(),
  source: z.optional(z.string()),
  target: targetSchema,
  operations: z.array(operationSchema),
});

const journalFileSchema = z.object({
  format: z.literal(JOURNAL_FORMAT),
  version: z.literal(1),
  planId: z.string(),
  updatedAt: z.string(),
  /** How many times applying started (1 for the first run). */
  runs: z.number(),
  /** Done operations as inclusive ranges of ids: [[0, 41], [43, 50]]. */
  done: z.array(z.tuple([z.number(), z.number()])),
  /** Sent (or about to be), with no answer recorded: may or may not have landed. */
  inFlight: z.array(z.object({ id: z.number(), at: z.string() })),
  failed: z.array(z.object({ id: z.number(), reason: z.string(), kind: z.optional(z.string()) })),
  /** What happened beyond "done": e.g. the group already existed, so its create became property updates. */
  notes: z.array(z.object({ id: z.number(), note: z.string(), existed: z.optional(z.boolean()) })),
  /** Operations added while applying (a create that found its group already there becomes updates). */
  extra: z.array(operationSchema),
});
type JournalFile = z.infer<typeof journalFileSchema>;

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Writes `text` to `file` atomically: a temporary file beside it, flushed to disk, renamed over the old one. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export function planIdOf(target: ImportTarget, operations: readonly Operation[]): string {
  return createHash('sha256').update(JSON.stringify({ target, operations })).digest('hex').slice(0, 32);
}

function ranges(ids: Iterable<number>): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

/**
 * One import's plan and progress in a folder of its own. Changes are made in memory (`mark*`) and reach the disk with
 * `commit()`; commits that overlap are written together (one write carries every change made before it started).
 */
export class ImportJournal {
  private readonly done = new Set<number>();
  private readonly inFlight = new Map<number, string>();
  private readonly failed = new Map<number, Failure>();
  private readonly notes = new Map<number, { note: string; existed?: boolean }>();
  private readonly extra: Operation[] = [];
  private runs = 0;
  private version = 0;
  private writtenVersion = 0;
  private writing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    readonly planId: string,
    readonly target: ImportTarget,
    private readonly planned: readonly Operation[],
    readonly source: string | undefined,
    readonly createdAt: string,
  ) {}

  static planFile(dir: string): string {
    return path.join(dir, 'plan.json');
  }

  static journalFile(dir: string): string {
    return path.join(dir, 'journal.json');
  }

  /** Writes the plan and an empty journal into `dir` (created if needed). */
  static async create(
    dir: string,
    target: ImportTarget,
    operations: readonly Operation[],
    meta: PlanMeta = {},
  ): Promise<ImportJournal> {
    operations.forEach((op, i) => {
      if (op.id !== i) throw new JournalError(`operation ${i} has id ${op.id}`);
    });
    await mkdir(dir, { recursive: true });
    const planId = planIdOf(target, operations);
    const createdAt = meta.createdAt ?? new Date().toISOString();
    const plan = {
      format: PLAN_FORMAT,
      version: 1,
      planId,
      createdAt,
      ...(meta.source !== undefined ? { source: meta.source } : {}),
      target,
      operations,
    };
    await writeFileAtomic(ImportJournal.planFile(dir), `${JSON.stringify(plan)}\n`);
    const journal = new ImportJournal(dir, planId, target, operations, meta.source, createdAt);
    journal.version++;
    await journal.commit();
    return journal;
  }

  /** Reads a journal back (after a cancel, a failure, a crash or a reload). */
  static async open(dir: string): Promise<ImportJournal> {
    const plan = planFileSchema.safeParse(await readJson(ImportJournal.planFile(dir)));
    if (!plan.success)
      throw new JournalError(
        l10n.t('The import plan in {0} cannot be read: {1}', dir, plan.error.issues[0]?.message ?? ''),
      );
    const operations = plan.data.operations as Operation[];
    if (planIdOf(plan.data.target, operations) !== plan.data.planId)
      throw new JournalError(
        l10n.t('The import plan in {0} was changed after it was written; it cannot be resumed.', dir),
      );
    const journal = new ImportJournal(
      dir,
      plan.data.planId,
      plan.data.target,
      operations,
      plan.data.source,
      plan.data.createdAt,
    );
    const parsed = journalFileSchema.safeParse(await readJson(ImportJournal.journalFile(dir)));
    if (!parsed.success)
      throw new JournalError(
        l10n.t('The import journal in {0} cannot be read: {1}', dir, parsed.error.issues[0]?.message ?? ''),
      );
    const file: JournalFile = parsed.data;
    if (file.planId !== plan.data.planId)
      throw new JournalError(l10n.t('The import journal in {0} belongs to another plan.', dir));
    journal.runs = file.runs;
    for (const op of file.extra as Operation[]) journal.extra.push(op);
    for (const [from, to] of file.done) for (let id = from; id <= to; id++) journal.done.add(id);
    for (const { id, at } of file.inFlight) journal.inFlight.set(id, at);
    for (const { id, reason, kind } of file.failed)
      journal.failed.set(id, { reason, ...(kind !== undefined ? { kind } : {}) });
    for (const { id, note, existed } of file.notes) journal.notes.set(id, { note, ...(existed ? { existed } : {}) });
    journal.writtenVersion = journal.version;
    return journal;
  }

  /** Every operation, planned and added, in id order. */
  get operations(): readonly Operation[] {
    return this.extra.length ? [...this.planned, ...this.extra] : this.planned;
  }

  get plannedCount(): number {
    return this.planned.length;
  }

  get runCount(): number {
    return this.runs;
  }

  operation(id: number): Operation | undefined {
    return id < this.planned.length ? this.planned[id] : this.extra[id - this.planned.length];
  }

  status(id: number): OperationStatus {
    if (this.done.has(id)) return 'done';
    if (this.inFlight.has(id)) return 'inFlight';
    if (this.failed.has(id)) return 'failed';
    return 'pending';
  }

  failure(id: number): Failure | undefined {
    return this.failed.get(id);
  }

  note(id: number): string | undefined {
    return this.notes.get(id)?.note;
  }

  /** A create that found its group already on PostHog and became updates: it created nothing itself. */
  existed(id: number): boolean {
    return this.notes.get(id)?.existed === true;
  }

  /** Ids of the operations sent without a recorded answer. */
  inFlightIds(): number[] {
    return [...this.inFlight.keys()].sort((a, b) => a - b);
  }

  counts(): Record<OperationStatus, number> {
    const total = this.planned.length + this.extra.length;
    return {
      done: this.done.size,
      inFlight: this.inFlight.size,
      failed: this.failed.size,
      pending: total - this.done.size - this.inFlight.size - this.failed.size,
    };
  }

  startRun(): void {
    this.runs++;
    this.version++;
  }

  markInFlight(id: number): void {
    this.failed.delete(id);
    this.inFlight.set(id, new Date().toISOString());
    this.version++;
  }

  markDone(id: number, note?: string, existed?: boolean): void {
    this.inFlight.delete(id);
    this.failed.delete(id);
    this.done.add(id);
    if (note !== undefined) this.notes.set(id, { note, ...(existed ? { existed } : {}) });
    this.version++;
  }

  markFailed(id: number, failure: Failure): void {
    this.inFlight.delete(id);
    this.failed.set(id, failure);
    this.version++;
  }

  /** Not sent after all (refused before it reached PostHog, or found not to have landed): it will be sent again. */
  markPending(id: number): void {
    this.inFlight.delete(id);
    this.failed.delete(id);
    this.version++;
  }

  /** Failed operations become pending again (Retry failed). */
  retryFailed(): number {
    const n = this.failed.size;
    this.failed.clear();
    this.version++;
    return n;
  }

  /** Adds operations (ids assigned here) and returns them. */
  addOperations(ops: readonly Omit<Operation, 'id'>[]): Operation[] {
    const added = ops.map((op, i) => ({ ...op, id: this.planned.length + this.extra.length + i }) as Operation);
    this.extra.push(...added);
    this.version++;
    return added;
  }

  /** Resolves once everything changed before the call is on disk. */
  async commit(): Promise<void> {
    const wanted = this.version;
    while (this.writtenVersion < wanted) {
      if (!this.writing) {
        const snapshot = this.version;
        this.writing = writeFileAtomic(ImportJournal.journalFile(this.dir), this.serialize()).then(
          () => {
            this.writtenVersion = Math.max(this.writtenVersion, snapshot);
            this.writing = undefined;
          },
          (e: unknown) => {
            this.writing = undefined;
            throw e;
          },
        );
      }
      await this.writing;
    }
  }

  private serialize(): string {
    const file: JournalFile = {
      format: JOURNAL_FORMAT,
      version: 1,
      planId: this.planId,
      updatedAt: new Date().toISOString(),
      runs: this.runs,
      done: ranges(this.done),
      inFlight: [...this.inFlight].map(([id, at]) => ({ id, at })).sort((a, b) => a.id - b.id),
      failed: [...this.failed]
        .map(([id, f]) => ({ id, reason: f.reason, ...(f.kind !== undefined ? { kind: f.kind } : {}) }))
        .sort((a, b) => a.id - b.id),
      notes: [...this.notes].map(([id, n]) => ({ id, ...n })).sort((a, b) => a.id - b.id),
      extra: this.extra,
    };
    return `${JSON.stringify(file)}\n`;
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new JournalError(l10n.t('{0} cannot be read: {1}', file, e instanceof Error ? e.message : String(e)));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JournalError(l10n.t('{0} is not valid JSON: {1}', file, e instanceof Error ? e.message : String(e)));
  }
}

export interface JournalSummary {
  dir: string;
  target: ImportTarget;
  source?: string;
  createdAt: string;
  runs: number;
  counts: Record<OperationStatus, number>;
  /** Pending or in-flight operations are left: a resume has work to do. */
  unfinished: boolean;
}

/** The imports kept under `baseDir` (one folder each), newest first; folders that are not a readable journal are skipped. */
export async function listJournals(baseDir: string): Promise<JournalSummary[]> {
  let names: string[];
  try {
    names = await readdir(baseDir);
  } catch {
    return [];
  }
  const out: JournalSummary[] = [];
  for (const name of names) {
    const dir = path.join(baseDir, name);
    try {
      const j = await ImportJournal.open(dir);
      const counts = j.counts();
      out.push({
        dir,
        target: j.target,
        ...(j.source !== undefined ? { source: j.source } : {}),
        createdAt: j.createdAt,
        runs: j.runCount,
        counts,
        unfinished: counts.pending + counts.inFlight > 0,
      });
    } catch {
      // Not an import folder, or one being written: nothing to resume there.
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** A folder name for a new import: when, which group type, which file (readable, and unique enough with the time). */
export function journalDirName(target: ImportTarget, source: string | undefined, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = (source ?? 'import').replace(/[^\w.-]+/g, '_').slice(0, 60);
  return `${stamp}-p${target.projectId}-t${target.groupTypeIndex}-${file}-${randomBytes(3).toString('hex')}`;
}
