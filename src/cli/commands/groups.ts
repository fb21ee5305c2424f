// `posthog-workbench groups import FILE --type TYPE [--dry-run] [--yes]` and `groups export --type TYPE [--format …]`:
// the command line's shell over src/core/groups (the same reading, mapping, dry run, resumable apply and export as
// the extension). Exit codes: 0 done; 1 a failure, rows the import refused or changes that failed; 2 a usage error.
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as l10n from '@vscode/l10n';
import { isPostHogError, type GroupType } from '../../api';
import {
  applyImport,
  checkMapping,
  describeProblem,
  describeTotals,
  dryRun,
  exportGroups,
  formatOf,
  ImportJournal,
  inspectSource,
  journalDirName,
  listJournals,
  mappingToJson,
  openFile,
  operationsOf,
  parseMapping,
  reportToText,
  saveReport,
  SourceError,
  type Delimiter,
  type ExportFormat,
  type ImportPlan,
  type SourceFormat,
} from '../../core/groups';
import { connect, type Connection } from '../connection';
import type { CliCommand, CliIO } from '../io';

const USAGE = `Usage:
  posthog-workbench groups import FILE --type TYPE [--dry-run] [--yes] [options]
  posthog-workbench groups export --type TYPE [--format csv|json] [--out FILE] [options]

Import options:
  --type TYPE            the group type: its name (e.g. company) or index
  --dry-run              show what would change, change nothing
  --yes                  apply without asking
  --format csv|json      the file's format (default: from its extension)
  --delimiter , | ; | tab   CSV only (default: detected)
  --mapping FILE         a saved column mapping to use
  --save-mapping FILE    save the mapping used (to reuse for the next file)
  --report FILE          save the final report as JSON
  --resume               continue the unfinished import of this file
  --fresh                plan anew even if an unfinished import of this file exists
  --journal-dir DIR      where imports keep their journal (default .posthog-workbench/imports)
  --verbose              list every change of the dry run

Export options:
  --columns a,b,c        the properties to write (default: the type's property definitions)
  --out FILE             write to FILE (default: standard output)
  --delimiter , | ; | tab   CSV only (default ,)
  --bom                  CSV only: start with a byte order mark (for spreadsheet apps)

Connection: POSTHOG_HOST, POSTHOG_PERSONAL_API_KEY, POSTHOG_PROJECT_ID.`;

class UsageError extends Error {}

const importOptions = {
  type: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  format: { type: 'string' },
  delimiter: { type: 'string' },
  mapping: { type: 'string' },
  'save-mapping': { type: 'string' },
  report: { type: 'string' },
  resume: { type: 'boolean' },
  fresh: { type: 'boolean' },
  'journal-dir': { type: 'string' },
  verbose: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const exportOptions = {
  type: { type: 'string' },
  format: { type: 'string' },
  columns: { type: 'string' },
  out: { type: 'string' },
  delimiter: { type: 'string' },
  bom: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const groupsCommand: CliCommand = {
  name: 'groups',
  summary: 'Import groups from CSV or JSON (with a dry run), export a group type',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    try {
      if (sub === 'import') return await runImport(rest, io);
      if (sub === 'export') return await runExport(rest, io);
      throw new UsageError(sub === undefined || sub === '--help' ? '' : l10n.t('Unknown groups command "{0}".', sub));
    } catch (e) {
      if (
        e instanceof UsageError ||
        (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      ) {
        if (e.message) io.stderr(`${e.message}\n`);
        io.stderr(`${USAGE}\n`);
        return 2;
      }
      io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  },
};

async function resolveType(c: Connection, spec: string | undefined): Promise<GroupType> {
  if (!spec) throw new UsageError(l10n.t('--type is required.'));
  const types = await c.client.listGroupTypes(c.projectId);
  const found = /^\d+$/.test(spec)
    ? types.results.find((t) => t.group_type_index === Number(spec))
    : types.results.find((t) => t.group_type === spec);
  if (!found) {
    const known = types.results.map((t) => `${t.group_type} (${t.group_type_index})`).join(', ') || l10n.t('none');
    throw new Error(l10n.t('This project has no group type "{0}". Its group types: {1}.', spec, known));
  }
  return found;
}

function delimiterOf(value: string | undefined): Delimiter | undefined {
  if (value === undefined) return undefined;
  if (value === ',' || value === ';') return value;
  if (value === 'tab' || value === '\t' || value === '\\t') return '\t';
  throw new UsageError(l10n.t('--delimiter is , or ; or tab.'));
}

function formatOption(value: string | undefined): SourceFormat | undefined {
  if (value === undefined || value === 'csv' || value === 'json') return value;
  throw new UsageError(l10n.t('--format is csv or json.'));
}

const show = (side: { present: boolean; value?: unknown }): string =>
  side.present ? JSON.stringify(side.value) : l10n.t('(absent)');

function printPlan(plan: ImportPlan, io: CliIO, verbose: boolean): void {
  const limit = verbose ? Number.POSITIVE_INFINITY : 50;
  let listed = 0;
  for (const g of plan.groups) {
    if (g.status === 'unchanged') continue;
    if (listed++ >= limit) continue;
    io.stdout(`${g.status === 'create' ? '+' : '~'} ${g.key}\n`);
    for (const c of g.changes) io.stdout(`    ${c.property}: ${show(c.before)} → ${show(c.after)}\n`);
  }
  if (listed > limit) io.stdout(l10n.t('… and {0} more groups (--verbose lists them all).', listed - limit) + '\n');
  for (const p of plan.problems.slice(0, verbose ? undefined : 50)) io.stderr(`${describeProblem(p)}\n`);
  if (!verbose && plan.problems.length > 50)
    io.stderr(l10n.t('… and {0} more rows with problems.', plan.problems.length - 50) + '\n');
  io.stdout(`${describeTotals(plan.totals)}\n`);
}

async function runImport(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: importOptions,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length ? l10n.t('Import one file at a time.') : l10n.t('Name the file to import.'),
    );
  const file = path.resolve(io.cwd, positionals[0]!);
  const format = formatOption(values.format) ?? formatOf(file);
  const delimiter = delimiterOf(values.delimiter);
  const c = connect(io);
  try {
    const type = await resolveType(c, values.type);
    const target = { host: c.client.host, projectId: c.projectId, groupTypeIndex: type.group_type_index };
    const baseDir = path.resolve(io.cwd, values['journal-dir'] ?? path.join('.posthog-workbench', 'imports'));
    const source = path.basename(file);
    const unfinished = (await listJournals(baseDir)).find(
      (j) =>
        j.unfinished &&
        j.source === source &&
        j.target.host === target.host &&
        j.target.projectId === target.projectId &&
        j.target.groupTypeIndex === target.groupTypeIndex,
    );

    let journal: ImportJournal;
    let invalidRows = 0;
    if (values.resume) {
      if (!unfinished) throw new Error(l10n.t('No unfinished import of {0} to resume in {1}.', source, baseDir));
      journal = await ImportJournal.open(unfinished.dir);
      io.stderr(
        l10n.t(
          'Resuming the import of {0} planned {1}: {2} changes left.',
          source,
          journal.createdAt,
          unfinished.counts.pending + unfinished.counts.inFlight,
        ) + '\n',
      );
    } else {
      if (unfinished && !values.fresh && !values['dry-run']) {
        io.stderr(
          l10n.t(
            'An unfinished import of {0} exists ({1} changes left). Run again with --resume to continue it, or --fresh to plan anew.',
            source,
            unfinished.counts.pending + unfinished.counts.inFlight,
          ) + '\n',
        );
        return 2;
      }
      const open = openFile(file);
      const info = await inspectSource(open, format, delimiter);
      const mapping = values.mapping
        ? parseMapping(await readFile(path.resolve(io.cwd, values.mapping), 'utf8'))
        : info.suggested;
      const problems = checkMapping(mapping, info.columns);
      if (problems.length)
        throw new Error(l10n.t('The mapping does not fit {0}:\n{1}', source, problems.map((p) => `  ${p}`).join('\n')));
      if (values['save-mapping']) await writeFile(path.resolve(io.cwd, values['save-mapping']), mappingToJson(mapping));
      io.stderr(
        l10n.t(
          'Key column: {0}; properties: {1}.',
          mapping.keyColumn,
          mapping.properties.map((p) => `${p.column}→${p.property} (${p.type})`).join(', ') || l10n.t('none'),
        ) + '\n',
      );
      const { plan, reads } = await dryRun({
        client: c.client,
        projectId: c.projectId,
        groupTypeIndex: type.group_type_index,
        open,
        format,
        ...(info.delimiter ? { delimiter: info.delimiter } : {}),
        mapping,
      });
      io.stderr(
        l10n.t(
          'Read {0} groups from PostHog in {1} requests ({2} ms).',
          plan.totals.create + plan.totals.change + plan.totals.unchanged,
          reads.requests,
          Math.round(reads.ms),
        ) + '\n',
      );
      printPlan(plan, io, values.verbose === true);
      invalidRows = plan.problems.length;
      if (values['dry-run']) return invalidRows ? 1 : 0;
      if (plan.totals.writes === 0) {
        io.stdout(l10n.t('Nothing to apply.') + '\n');
        return invalidRows ? 1 : 0;
      }
      if (!values.yes) {
        const question = l10n.t('Apply {0} changes to {1} on {2}?', plan.totals.writes, type.group_type, target.host);
        const ask = io.confirm ?? (process.stdin.isTTY ? ttyConfirm : undefined);
        if (!ask) {
          io.stderr(l10n.t('Nothing applied: run again with --yes to apply without a question.') + '\n');
          return 2;
        }
        if (!(await ask(question))) return 1;
      }
      journal = await ImportJournal.create(
        path.join(baseDir, journalDirName(target, source)),
        target,
        operationsOf(plan),
        { source },
      );
    }

    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    let last = 0;
    let report;
    try {
      report = await applyImport({
        client: c.client,
        journal,
        host: target.host,
        signal: abort.signal,
        onProgress: (p) => {
          if (performance.now() - last < 2000) return;
          last = performance.now();
          io.stderr(l10n.t('Applied {0} of {1} changes ({2} failed).', p.done, p.total, p.failed) + '\n');
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    io.stdout(reportToText(report));
    if (report.outcome.status !== 'completed')
      io.stderr(
        l10n.t(
          'Continue it with: posthog-workbench groups import {0} --type {1} --resume',
          positionals[0]!,
          type.group_type,
        ) + '\n',
      );
    if (values.report) await saveReport(report, path.resolve(io.cwd, values.report));
    return report.outcome.status === 'completed' && report.totals.failed === 0 && invalidRows === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof SourceError) throw new Error(l10n.t('{0}: {1}', path.basename(file), e.message));
    if (isPostHogError(e)) throw new Error(e.message);
    throw e;
  } finally {
    await c.client.dispose();
  }
}

async function ttyConfirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function runExport(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: exportOptions,
    allowPositionals: false,
    strict: true,
  });
  void positionals;
  const format = (formatOption(values.format) ?? 'csv') as ExportFormat;
  const delimiter = delimiterOf(values.delimiter);
  const c = connect(io);
  try {
    const type = await resolveType(c, values.type);
    let columns = values.columns
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!columns && format === 'csv') {
      const definitions = await c.client.listGroupPropertyDefinitions(c.projectId, type.group_type_index);
      columns = [...new Set(definitions.results.map((d) => d.name))].sort();
    }
    const out = values.out
      ? createWriteStream(path.resolve(io.cwd, values.out))
      : new Writable({
          write(chunk: Buffer | string, _encoding, done) {
            io.stdout(chunk.toString());
            done();
          },
        });
    const result = await exportGroups(
      c.client.iterateGroups(c.projectId, { groupTypeIndex: type.group_type_index }),
      out,
      {
        format,
        ...(columns ? { columns } : {}),
        ...(delimiter ? { delimiter } : {}),
        ...(values.bom ? { bom: true } : {}),
      },
    );
    io.stderr(l10n.t('Exported {0} groups of {1}.', result.rows, type.group_type) + '\n');
    return 0;
  } catch (e) {
    if (isPostHogError(e)) throw new Error(e.message);
    throw e;
  } finally {
    await c.client.dispose();
  }
}
