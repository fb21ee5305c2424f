// The file's rows checked against the mapping: each good row becomes the group key and the property values it sets;
// each bad row gets its own messages (no key, a value that does not fit its column's type, a key on several rows)
// and is left out, while every other row goes on.
import * as l10n from '@vscode/l10n';
import { convertCell, convertKey, type ImportMapping } from './mapping';
import type { SourceFormat, SourceItem } from './source';

export interface PreparedRow {
  /** The row's number in the file (1 = first data row) and the line it ends on. */
  index: number;
  line: number;
  key: string;
  /** Properties the row sets, in the mapping's order. */
  set: Map<string, unknown>;
  /** Properties the row removes (empty cells of columns mapped with `empty: 'remove'`). */
  remove: string[];
}

export interface RowProblem {
  index: number;
  line: number;
  /** The row's key, when it has one. */
  key?: string;
  messages: string[];
}

export interface PreparedRows {
  rows: PreparedRow[];
  problems: RowProblem[];
  /** Data rows read, good and bad. */
  total: number;
}

export async function prepareRows(
  items: AsyncIterable<SourceItem>,
  mapping: ImportMapping,
  format: SourceFormat,
): Promise<PreparedRows> {
  const rows: PreparedRow[] = [];
  const problems: RowProblem[] = [];
  /** Where each key was seen, to refuse every row of a key that appears more than once. */
  const seen = new Map<string, number[]>();
  let total = 0;
  for await (const item of items) {
    if (item.kind === 'header') continue;
    total++;
    if (item.kind === 'error') {
      problems.push({ index: item.error.index, line: item.error.line, messages: [item.error.message] });
      continue;
    }
    const { row } = item;
    const messages: string[] = [];
    const key = convertKey(row.cells.get(mapping.keyColumn), format);
    if (!key.ok) messages.push(key.message);
    const set = new Map<string, unknown>();
    const remove: string[] = [];
    for (const column of mapping.properties) {
      const cell = convertCell(row.cells.get(column.column), column.type, format);
      if (cell.kind === 'invalid')
        messages.push(l10n.t('Column "{0}" ({1}): {2}', column.column, typeName(column.type), cell.message));
      else if (cell.kind === 'value') set.set(column.property, cell.value);
      else if (column.empty === 'empty-string') set.set(column.property, '');
      else if (column.empty === 'remove') remove.push(column.property);
    }
    if (key.ok) {
      const at = seen.get(key.key);
      if (at) at.push(row.index);
      else seen.set(key.key, [row.index]);
    }
    if (messages.length) {
      problems.push({ index: row.index, line: row.line, ...(key.ok ? { key: key.key } : {}), messages });
      continue;
    }
    if (key.ok) rows.push({ index: row.index, line: row.line, key: key.key, set, remove });
  }
  const duplicated = new Set([...seen].filter(([, at]) => at.length > 1).map(([key]) => key));
  if (duplicated.size) {
    const kept: PreparedRow[] = [];
    for (const row of rows) {
      if (!duplicated.has(row.key)) {
        kept.push(row);
        continue;
      }
      const others = seen.get(row.key)!.filter((i) => i !== row.index);
      problems.push({
        index: row.index,
        line: row.line,
        key: row.key,
        messages: [
          l10n.t(
            'The group key "{0}" is also on row {1}: which row holds its values is unclear, so none of them is imported.',
            row.key,
            others.join(', '),
          ),
        ],
      });
    }
    rows.splice(0, rows.length, ...kept);
    problems.sort((a, b) => a.index - b.index);
  }
  return { rows, problems, total };
}

export function typeName(type: string): string {
  switch (type) {
    case 'number':
      return l10n.t('number');
    case 'boolean':
      return l10n.t('boolean');
    case 'json':
      return l10n.t('JSON');
    default:
      return l10n.t('text');
  }
}

/** One problem as a line of text: "Row 12 (line 13, key acme): …". */
export function describeProblem(problem: RowProblem): string {
  const where =
    problem.key !== undefined
      ? l10n.t('Row {0} (line {1}, key "{2}")', problem.index, problem.line, problem.key)
      : l10n.t('Row {0} (line {1})', problem.index, problem.line);
  return `${where}: ${problem.messages.join(' ')}`;
}
