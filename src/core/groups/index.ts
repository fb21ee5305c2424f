// Groups at scale, without vscode: reading import files, the column mapping, the dry run, the resumable apply with its
// journal and report, and export. The extension and the command line are two shells over this.
import {
  planImport,
  readCurrentGroups,
  type GroupsClient,
  type ImportPlan,
  type ReadOptions,
  type ReadStats,
} from './dryRun';
import { profileColumns, suggestMapping, type ColumnProfile, type ImportMapping } from './mapping';
import { prepareRows } from './rows';
import { detectDelimiter, readSource, type Delimiter, type OpenSource, type SourceFormat } from './source';

export * from './apply';
export * from './dryRun';
export * from './dryRunText';
export * from './export';
export * from './journal';
export * from './mapping';
export * from './report';
export * from './rows';
export * from './source';

export interface SourceInfo {
  format: SourceFormat;
  delimiter?: Delimiter;
  columns: string[];
  profiles: ColumnProfile[];
  rows: number;
  /** A first mapping: the key column by name, every other column a property of its inferred type. */
  suggested: ImportMapping;
}

/** One pass over the file: its columns, what their values look like, and a mapping to start from. */
export async function inspectSource(
  open: OpenSource,
  format: SourceFormat,
  delimiter?: Delimiter,
): Promise<SourceInfo> {
  const d = format === 'csv' ? (delimiter ?? (await detectDelimiter(open))) : undefined;
  const { columns, profiles, rows } = await profileColumns(
    readSource(open, { format, ...(d ? { delimiter: d } : {}) }),
    format,
  );
  return { format, ...(d ? { delimiter: d } : {}), columns, profiles, rows, suggested: suggestMapping(profiles) };
}

export interface DryRunInput extends ReadOptions {
  client: GroupsClient;
  projectId: number;
  groupTypeIndex: number;
  open: OpenSource;
  format: SourceFormat;
  delimiter?: Delimiter;
  mapping: ImportMapping;
}

export interface DryRunResult {
  plan: ImportPlan;
  /** Reading PostHog's groups: requests and time, reported apart from the dry run's own work. */
  reads: ReadStats;
  /** The dry run's own time (reading the file, checking the rows, comparing), without the reads. */
  ownMs: number;
}

/** The dry run: the file's rows checked, PostHog's groups read for their keys, and the two compared. */
export async function dryRun(input: DryRunInput): Promise<DryRunResult> {
  const started = performance.now();
  const prepared = await prepareRows(
    readSource(input.open, { format: input.format, ...(input.delimiter ? { delimiter: input.delimiter } : {}) }),
    input.mapping,
    input.format,
  );
  const current = await readCurrentGroups(
    input.client,
    input.projectId,
    input.groupTypeIndex,
    prepared.rows.map((r) => r.key),
    input,
  );
  const plan = planImport(input.groupTypeIndex, prepared.rows, prepared.problems, current.groups);
  return { plan, reads: current.stats, ownMs: performance.now() - started - current.stats.ms };
}
