// The report at the end of an apply: what was applied, what failed and why, what is still to do. Plain JSON, so it
// can be saved as a file; `reportToText` is the same for a person.
import * as l10n from '@vscode/l10n';
import { writeFileAtomic, type ImportJournal, type ImportTarget, type Operation } from './journal';

export type RunOutcome =
  | { status: 'completed' }
  | { status: 'cancelled' }
  /** A failure that stopped the run (signed out, missing scope, PostHog asking to wait, PostHog unreachable). */
  | { status: 'stopped'; reason: string; kind?: string };

export interface ReportEntry {
  key: string;
  kind: Operation['kind'];
  property?: string;
  /** For `set`: the value written; for `create`: the properties it was created with. */
  value?: unknown;
  before?: { present: boolean; value?: unknown };
  note?: string;
}

export interface FailedEntry extends ReportEntry {
  reason: string;
  errorKind?: string;
}

export interface ImportReport {
  format: 'posthog-workbench.groups-import-report';
  version: 1;
  target: ImportTarget;
  source?: string;
  planId: string;
  /** How many runs it took so far (1 when nothing interrupted it). */
  runs: number;
  outcome: RunOutcome;
  startedAt: string;
  finishedAt: string;
  /** Requests of the last run. */
  requests: number;
  totals: {
    operations: number;
    applied: number;
    failed: number;
    /** Not sent yet: the run was cancelled or stopped first. */
    pending: number;
    /** Sent without an answer (a cancel in the middle of a request): the next run checks them first. */
    uncertain: number;
    groupsCreated: number;
    propertiesSet: number;
    propertiesRemoved: number;
  };
  applied: ReportEntry[];
  failed: FailedEntry[];
  pending: ReportEntry[];
  uncertain: ReportEntry[];
}

function entry(op: Operation, note?: string): ReportEntry {
  switch (op.kind) {
    case 'create':
      return { key: op.key, kind: op.kind, value: op.properties, ...(note ? { note } : {}) };
    case 'set':
      return {
        key: op.key,
        kind: op.kind,
        property: op.property,
        value: op.value,
        before: op.before,
        ...(note ? { note } : {}),
      };
    case 'remove':
      return { key: op.key, kind: op.kind, property: op.property, before: op.before, ...(note ? { note } : {}) };
  }
}

export function buildReport(
  journal: ImportJournal,
  outcome: RunOutcome,
  run: { startedAt: string; finishedAt: string; requests: number },
): ImportReport {
  const report: ImportReport = {
    format: 'posthog-workbench.groups-import-report',
    version: 1,
    target: journal.target,
    ...(journal.source !== undefined ? { source: journal.source } : {}),
    planId: journal.planId,
    runs: journal.runCount,
    outcome,
    ...run,
    totals: {
      operations: 0,
      applied: 0,
      failed: 0,
      pending: 0,
      uncertain: 0,
      groupsCreated: 0,
      propertiesSet: 0,
      propertiesRemoved: 0,
    },
    applied: [],
    failed: [],
    pending: [],
    uncertain: [],
  };
  const t = report.totals;
  for (const op of journal.operations) {
    t.operations++;
    switch (journal.status(op.id)) {
      case 'done': {
        t.applied++;
        report.applied.push(entry(op, journal.note(op.id)));
        // A create that found its group already there wrote nothing itself: its updates are counted instead.
        if (op.kind === 'create' && !journal.existed(op.id)) {
          t.groupsCreated++;
          t.propertiesSet += Object.keys(op.properties).length;
        } else if (op.kind === 'set') t.propertiesSet++;
        else if (op.kind === 'remove') t.propertiesRemoved++;
        break;
      }
      case 'failed': {
        t.failed++;
        const failure = journal.failure(op.id)!;
        report.failed.push({
          ...entry(op),
          reason: failure.reason,
          ...(failure.kind !== undefined ? { errorKind: failure.kind } : {}),
        });
        break;
      }
      case 'pending':
        t.pending++;
        report.pending.push(entry(op));
        break;
      case 'inFlight':
        t.uncertain++;
        report.uncertain.push(entry(op));
        break;
    }
  }
  return report;
}

export function reportToJson(report: ImportReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Saves the report as JSON (atomically: a half-written report never replaces an older one). */
export function saveReport(report: ImportReport, file: string): Promise<void> {
  return writeFileAtomic(file, reportToJson(report));
}

const describeOp = (e: ReportEntry): string => {
  switch (e.kind) {
    case 'create':
      return l10n.t('create "{0}"', e.key);
    case 'set':
      return l10n.t('set "{0}" of "{1}" to {2}', e.property ?? '', e.key, JSON.stringify(e.value));
    case 'remove':
      return l10n.t('remove "{0}" of "{1}"', e.property ?? '', e.key);
  }
};

/** The report for a person: the outcome, the totals, then every failure with its reason. */
export function reportToText(report: ImportReport, maxListed = 50): string {
  const t = report.totals;
  const lines: string[] = [];
  const o = report.outcome;
  lines.push(
    o.status === 'completed'
      ? l10n.t('Import finished.')
      : o.status === 'cancelled'
        ? l10n.t('Import cancelled; resume it to apply the rest.')
        : l10n.t('Import stopped: {0}', o.reason),
  );
  lines.push(
    l10n.t(
      '{0} of {1} changes applied ({2} groups created, {3} properties set, {4} removed), {5} failed, {6} not applied yet, {7} to be checked on resume.',
      t.applied,
      t.operations,
      t.groupsCreated,
      t.propertiesSet,
      t.propertiesRemoved,
      t.failed,
      t.pending,
      t.uncertain,
    ),
  );
  if (report.failed.length) {
    lines.push(l10n.t('Failed:'));
    for (const f of report.failed.slice(0, maxListed)) lines.push(`  ${describeOp(f)}: ${f.reason}`);
    if (report.failed.length > maxListed)
      lines.push(l10n.t('  … and {0} more (see the saved report).', report.failed.length - maxListed));
  }
  const notes = report.applied.filter((a) => a.note);
  if (notes.length) {
    lines.push(l10n.t('Notes:'));
    for (const a of notes.slice(0, maxListed)) lines.push(`  ${describeOp(a)}: ${a.note}`);
  }
  return `${lines.join('\n')}\n`;
}
