// Import Groups and Export Groups: the VS Code shell over src/core/groups. Import: pick a file, map its columns (types
// inferred, overridable, a saved mapping reusable), see the dry run (Markdown preview) and only then apply, at
// PostHog's rate, with progress, cancel and resume (an unfinished import is offered again, also after a reload); the
// report can be saved. Export: a group type to CSV or JSON, streamed.
import * as path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { formatDateTime } from '../../shared/format';
import type { GroupType } from '../../api';
import {
  applyImport,
  checkMapping,
  dryRun,
  exportGroupsToFile,
  formatOf,
  ImportJournal,
  inspectSource,
  journalDirName,
  listJournals,
  mappingToJson,
  openFile,
  operationsOf,
  parseMapping,
  planToMarkdown,
  reportToText,
  saveReport,
  withColumn,
  type ExportFormat,
  type ImportMapping,
  type ImportPlan,
  type ImportReport,
  type JournalSummary,
  type SourceInfo,
  type ValueType,
} from '../../core/groups';
import type { Prompts } from '../../core/prompts';
import { groupTypeLabel } from '../../shared/labels';
import { Command } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { Session } from '../services/session';
import { GroupTypeNode } from '../views/groupsTree';
import { command } from './runner';

export interface GroupImportDeps {
  session: Session;
  prompts: Prompts;
  groups: GroupsStore;
  /** Where imports keep their journals (the extension's global storage): they outlive a window reload. */
  importsDir: string;
  /** Opens (or reveals) a group type's grid. */
  openGrid: (groupType: GroupType) => unknown;
  /**
   * Whether a caller's arguments may answer the questions (the file, the mapping, applying, resuming, where to export):
   * only in the extension's own tests. From anyone else, only the group type is taken; the dialogs show, so no other
   * extension writes to PostHog or to a file the user did not choose.
   */
  argumentsAnswer: boolean;
}

/**
 * The extension's own tests: every answer given, no dialog shown. From any other caller only `groupTypeIndex` counts
 * (GroupImportDeps.argumentsAnswer).
 */
export interface ImportArgs {
  groupTypeIndex?: number;
  /** The file to import (a path). */
  file?: string;
  mapping?: ImportMapping;
  /** Apply after the dry run without asking (false: stop after the dry run). */
  apply?: boolean;
  /** Resume the unfinished import kept in this folder. */
  resume?: string;
}

export interface ImportResult {
  plan?: ImportPlan;
  /** The dry run as shown (Markdown), and where it was written. */
  dryRunFile?: string;
  report?: ImportReport;
  journalDir?: string;
}

export interface ExportArgs {
  groupTypeIndex?: number;
  file?: string;
  format?: ExportFormat;
  columns?: string[];
}

const TYPES: ValueType[] = ['string', 'number', 'boolean', 'json'];

/** What an untrusted caller's arguments may say: which group type, nothing that answers a question. */
const onlyType = (arg?: { groupTypeIndex?: number }) =>
  arg?.groupTypeIndex !== undefined ? { groupTypeIndex: arg.groupTypeIndex } : undefined;

export function groupImportCommands({
  session,
  prompts,
  groups,
  importsDir,
  openGrid,
  argumentsAnswer,
}: GroupImportDeps) {
  const groupTypeOf = async (arg: unknown, title: string): Promise<GroupType | undefined> => {
    if (arg instanceof GroupTypeNode) return arg.groupType;
    const list = groups.groupTypes();
    if (!list) return undefined;
    await list.load();
    if (!list.isLoaded) throw list.error;
    const index = (arg as { groupTypeIndex?: number } | undefined)?.groupTypeIndex;
    if (index !== undefined) {
      const found = list.items.find((t) => t.group_type_index === index);
      if (!found) throw new Error(vscode.l10n.t('This project has no group type {0}.', index));
      return found;
    }
    if (list.items.length === 0) {
      void prompts.warn(vscode.l10n.t('This project has no group types yet.'));
      return undefined;
    }
    const picked = await prompts.pick(
      list.items.map((t) => ({ label: groupTypeLabel(t), description: t.group_type, type: t })),
      { title, placeHolder: vscode.l10n.t('Group type') },
    );
    return picked?.type;
  };

  /** The user's mapping: the suggested one or a saved one, then the key column, the columns, their types. */
  const chooseMapping = async (info: SourceInfo, title: string): Promise<ImportMapping | undefined> => {
    const start = await prompts.pick(
      [
        {
          label: vscode.l10n.t('Map the columns'),
          description: vscode.l10n.t('types inferred from the values'),
          saved: false,
        },
        { label: vscode.l10n.t('Use a saved mapping…'), saved: true },
      ],
      { title },
    );
    if (!start) return undefined;
    if (start.saved) {
      const mappingFile = await prompts.openFile({ title, filters: { [vscode.l10n.t('Mapping')]: ['json'] } });
      if (!mappingFile) return undefined;
      return parseMapping(await readFile(mappingFile, 'utf8'));
    }
    const profile = (column: string) => info.profiles.find((p) => p.column === column);
    const key = await prompts.pick(
      info.columns
        .map((c) => ({
          label: c,
          description: profile(c)?.samples.join(', ') ?? '',
          picked: c === info.suggested.keyColumn,
        }))
        .sort((a, b) => Number(b.picked) - Number(a.picked)),
      { title, placeHolder: vscode.l10n.t('Which column holds the group key?') },
    );
    if (!key) return undefined;
    let mapping: ImportMapping = {
      keyColumn: key.label,
      properties: info.suggested.properties.filter((p) => p.column !== key.label),
    };
    if (info.suggested.keyColumn !== key.label && profile(info.suggested.keyColumn)) {
      mapping = withColumn(mapping, info.suggested.keyColumn, {
        property: info.suggested.keyColumn,
        type: profile(info.suggested.keyColumn)!.inferred,
      });
    }
    const columns = await prompts.pickMany(
      mapping.properties.map((p) => ({
        label: p.column,
        description: p.type,
        detail: profile(p.column)?.samples.join(', '),
        picked: true,
      })),
      { title, placeHolder: vscode.l10n.t('The columns to import as properties') },
    );
    if (!columns) return undefined;
    const keep = new Set(columns.map((c) => c.label));
    mapping = { ...mapping, properties: mapping.properties.filter((p) => keep.has(p.column)) };
    // Types: accept them, or change one column at a time.
    for (;;) {
      const done = {
        label: vscode.l10n.t('$(check) Continue with these types'),
        column: undefined as string | undefined,
      };
      const pick = await prompts.pick(
        [
          done,
          ...mapping.properties.map((p) => ({
            label: p.column,
            description: p.property === p.column ? p.type : `→ ${p.property} · ${p.type}`,
            column: p.column as string | undefined,
          })),
        ],
        { title, placeHolder: vscode.l10n.t("Change a column's type, or continue") },
      );
      if (!pick) return undefined;
      if (!pick.column) return mapping;
      const type = await prompts.pick(
        TYPES.map((t) => ({ label: t })),
        { title: pick.column },
      );
      if (type) mapping = withColumn(mapping, pick.column, { type: type.label as ValueType });
    }
  };

  const runApply = async (journal: ImportJournal, args: ImportArgs | undefined): Promise<ImportReport> => {
    const connection = session.requireConnection();
    const report = await prompts.progress(
      { location: 'notification', title: vscode.l10n.t('Importing groups'), cancellable: true },
      (signal, progress) => {
        let shown = 0;
        return applyImport({
          client: connection.client,
          journal,
          host: connection.host,
          signal,
          onProgress: (p) => {
            const pct = p.total ? ((p.done + p.failed) / p.total) * 100 : 100;
            progress(vscode.l10n.t('{0} of {1} changes ({2} failed)', p.done, p.total, p.failed), pct - shown);
            shown = pct;
          },
        });
      },
    );
    await saveReport(report, path.join(journal.dir, 'report.json'));
    // Groups the tree shows may have changed.
    groups.reset();
    if (args?.file === undefined && args?.resume === undefined) void showReport(report, journal);
    return report;
  };

  const showReport = async (report: ImportReport, journal: ImportJournal) => {
    const text = reportToText(report, 10);
    const save = vscode.l10n.t('Save Report…');
    const resume = vscode.l10n.t('Resume');
    const actions = report.outcome.status === 'completed' ? [save] : [resume, save];
    const message = text.split('\n').slice(0, 2).join(' ');
    const answer =
      report.outcome.status === 'completed' && report.totals.failed === 0
        ? await prompts.info(message, ...actions)
        : await prompts.warn(message, ...actions);
    // The report's own button: the user chose this import, so it resumes without asking which.
    if (answer === resume) {
      await importGroups({ resume: journal.dir }).catch((error: unknown) =>
        prompts.error(
          vscode.l10n.t('Import groups failed: {0}', error instanceof Error ? error.message : String(error)),
        ),
      );
    }
    if (answer === save) {
      const file = await prompts.saveFile({
        defaultPath: path.join(path.dirname(journal.dir), `${journal.source ?? 'import'}.report.json`),
        filters: { JSON: ['json'] },
      });
      if (file) await saveReport(report, file);
    }
  };

  const unfinishedHere = async (): Promise<JournalSummary[]> => {
    const c = session.connection();
    if (!c) return [];
    return (await listJournals(importsDir)).filter(
      (j) => j.unfinished && j.target.host === c.host && j.target.projectId === c.projectId,
    );
  };

  /** Import Groups with what the caller gave (only trusted callers give more than the group type). */
  const importGroups = async (arg?: GroupTypeNode | ImportArgs): Promise<ImportResult | undefined> => {
    const args = arg instanceof GroupTypeNode ? undefined : arg;

    const connection = session.requireConnection();
    // An import that a cancel, a failure or a reload interrupted comes first: it continues where it stopped.
    let resumeDir = args?.resume;
    if (!resumeDir && args?.file === undefined) {
      const unfinished = await unfinishedHere();
      if (unfinished.length) {
        const fresh = { label: vscode.l10n.t('$(file) Import a file…'), dir: undefined as string | undefined };
        const pick = await prompts.pick(
          [
            ...unfinished.map((j) => ({
              label: vscode.l10n.t('$(debug-continue) Resume {0}', j.source ?? ''),
              description: vscode.l10n.t(
                '{0} of {1} changes left',
                j.counts.pending + j.counts.inFlight,
                j.counts.pending + j.counts.inFlight + j.counts.done + j.counts.failed,
              ),
              detail: vscode.l10n.t('Planned {0}', formatDateTime(j.createdAt, vscode.env.language)),
              dir: j.dir as string | undefined,
            })),
            fresh,
          ],
          { title: vscode.l10n.t('Import groups') },
        );
        if (!pick) return undefined;
        resumeDir = pick.dir;
      }
    }
    if (resumeDir) {
      const journal = await ImportJournal.open(resumeDir);
      return { report: await runApply(journal, args), journalDir: resumeDir };
    }

    const type = await groupTypeOf(arg instanceof GroupTypeNode ? arg : args, vscode.l10n.t('Import groups'));
    if (!type) return undefined;
    const title = vscode.l10n.t('Import {0}', groupTypeLabel(type));
    let file = args?.file;
    if (file === undefined) {
      file = await prompts.openFile({
        title,
        filters: { [vscode.l10n.t('CSV or JSON')]: ['csv', 'tsv', 'txt', 'json'] },
      });
      if (!file) return undefined;
    }
    const format = formatOf(file);
    const open = openFile(file);
    const info = await inspectSource(open, format);
    const mapping = args?.mapping ?? (args?.file !== undefined ? info.suggested : await chooseMapping(info, title));
    if (!mapping) return undefined;
    const problems = checkMapping(mapping, info.columns);
    if (problems.length)
      throw new Error(vscode.l10n.t('The mapping does not fit {0}: {1}', path.basename(file), problems.join(' ')));

    const { plan, reads } = await prompts.progress(
      {
        location: 'notification',
        title: vscode.l10n.t('Dry run: reading {0} from PostHog', groupTypeLabel(type)),
        cancellable: true,
      },
      (signal) =>
        dryRun({
          client: connection.client,
          projectId: connection.projectId,
          groupTypeIndex: type.group_type_index,
          open,
          format,
          ...(info.delimiter ? { delimiter: info.delimiter } : {}),
          mapping,
          signal,
        }),
    );
    const target = { host: connection.host, projectId: connection.projectId, groupTypeIndex: type.group_type_index };
    const source = path.basename(file);
    const dir = path.join(importsDir, journalDirName(target, source));
    const journal = await ImportJournal.create(dir, target, operationsOf(plan), { source });
    const dryRunFile = path.join(dir, 'dry-run.md');
    await writeFile(
      dryRunFile,
      planToMarkdown(plan, { source, groupType: groupTypeLabel(type), host: connection.host, reads }),
    );
    await writeFile(path.join(dir, 'mapping.json'), mappingToJson(mapping));
    const result: ImportResult = { plan, dryRunFile, journalDir: dir };
    if (args?.apply === false) return result;
    if (args?.apply !== true) {
      await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(dryRunFile));
      if (plan.totals.writes === 0) {
        void prompts.info(vscode.l10n.t('Nothing to import: every group in {0} is as PostHog has it.', source));
        return result;
      }
      const applyLabel = vscode.l10n.t('Apply {0} Changes', plan.totals.writes);
      const saveMapping = vscode.l10n.t('Save Mapping…');
      let answer: string | undefined;
      for (;;) {
        answer = await prompts.info(
          vscode.l10n.t(
            'Dry run of {0}: {1} groups to create, {2} to change, {3} unchanged, {4} rows refused. Apply it to {5}?',
            source,
            plan.totals.create,
            plan.totals.change,
            plan.totals.unchanged,
            plan.totals.invalid,
            connection.host,
          ),
          applyLabel,
          saveMapping,
        );
        if (answer !== saveMapping) break;
        const mappingFile = await prompts.saveFile({
          defaultPath: file.replace(/\.\w+$/, '') + '.mapping.json',
          filters: { JSON: ['json'] },
        });
        if (mappingFile) await writeFile(mappingFile, mappingToJson(mapping));
      }
      if (answer !== applyLabel) return result;
    }
    result.report = await runApply(journal, args);
    return result;
  };

  return {
    // Returns the grid: extension-host tests drive it through `handleMessage`, as the webview does.
    [Command.openGroupGrid]: command(
      vscode.l10n.t('Open group grid'),
      async (arg?: GroupTypeNode | { groupTypeIndex: number }) => {
        session.requireConnection();
        const type = await groupTypeOf(arg, vscode.l10n.t('Open group grid'));
        return type ? openGrid(type) : undefined;
      },
    ),

    [Command.importGroups]: command(
      vscode.l10n.t('Import groups'),
      (arg?: GroupTypeNode | ImportArgs) =>
        importGroups(arg instanceof GroupTypeNode || argumentsAnswer ? arg : onlyType(arg)),
      {
        throwsFor: (arg?: GroupTypeNode | ImportArgs) =>
          argumentsAnswer && !(arg instanceof GroupTypeNode) && (arg?.file !== undefined || arg?.resume !== undefined),
      },
    ),

    [Command.exportGroups]: command(
      vscode.l10n.t('Export groups'),
      async (arg?: GroupTypeNode | ExportArgs) => {
        // From another extension, a file given is where the save dialog starts, not where the export goes unasked.
        const given = arg instanceof GroupTypeNode ? undefined : arg;
        const args = given && !argumentsAnswer ? { ...given, file: undefined } : given;
        const connection = session.requireConnection();
        const type = await groupTypeOf(arg, vscode.l10n.t('Export groups'));
        if (!type) return undefined;
        let format = args?.format;
        if (!format) {
          const picked = await prompts.pick(
            [
              { label: 'CSV', format: 'csv' as const },
              { label: 'JSON', format: 'json' as const },
            ],
            { title: vscode.l10n.t('Export {0}', groupTypeLabel(type)) },
          );
          if (!picked) return undefined;
          format = picked.format;
        }
        let file = args?.file;
        if (!file) {
          const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
          const name = `${type.group_type}.${format}`;
          file = await prompts.saveFile({
            defaultPath: given?.file ?? (folder ? vscode.Uri.joinPath(folder, name).fsPath : undefined),
            filters: { [format.toUpperCase()]: [format] },
          });
          if (!file) return undefined;
        }
        let columns = args?.columns;
        if (!columns && format === 'csv') {
          const definitions = await connection.client.listGroupPropertyDefinitions(
            connection.projectId,
            type.group_type_index,
          );
          columns = [...new Set(definitions.results.map((d) => d.name))].sort();
        }
        const target = file;
        const result = await prompts.progress(
          { location: 'notification', title: vscode.l10n.t('Exporting {0}', groupTypeLabel(type)), cancellable: true },
          (signal, progress) =>
            exportGroupsToFile(
              connection.client.iterateGroups(
                connection.projectId,
                { groupTypeIndex: type.group_type_index },
                { signal },
              ),
              target,
              {
                format: format!,
                ...(columns ? { columns } : {}),
                signal,
                onProgress: (rows) => progress(vscode.l10n.t('{0} groups', rows)),
              },
            ),
        );
        if (!args?.file) {
          const openLabel = vscode.l10n.t('Open File');
          void prompts
            .info(vscode.l10n.t('Exported {0} groups to {1}.', result.rows, path.basename(target)), openLabel)
            .then((a) => {
              // Opening an editor is no question: it stays VS Code's.
              if (a === openLabel) void vscode.window.showTextDocument(vscode.Uri.file(target));
            });
        }
        return result;
      },
      { throwsFor: (arg?: GroupTypeNode | ExportArgs) => !(arg instanceof GroupTypeNode) && arg?.file !== undefined },
    ),
  };
}
