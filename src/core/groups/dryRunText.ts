// The dry run for a person, as Markdown: the totals, the rows the import refuses and why, then per group created or
// changed, each property before → after. The extension shows it in Markdown's preview; anything can print it.
import * as l10n from '@vscode/l10n';
import { describeProblem } from './rows';
import type { ImportPlan, ReadStats, Side } from './dryRun';

export interface DryRunTextOptions {
  source: string;
  groupType: string;
  host: string;
  reads?: ReadStats;
  /** Groups listed in full; the rest are counted (default 2,000). */
  maxGroups?: number;
}

/** Markdown table cells: pipes escaped, line breaks kept on one line, long values shortened. */
function cell(text: string): string {
  const one = text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '↵');
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}

const side = (s: Side): string => (s.present ? `\`${cell(JSON.stringify(s.value))}\`` : `*${l10n.t('absent')}*`);

export function planToMarkdown(plan: ImportPlan, options: DryRunTextOptions): string {
  const t = plan.totals;
  const out: string[] = [];
  out.push(`# ${l10n.t('Dry run: {0} → {1}', cell(options.source), cell(options.groupType))}`, '');
  out.push(l10n.t('Nothing has been changed on {0} yet.', options.host), '');
  out.push(
    `| ${l10n.t('Rows')} | ${l10n.t('Create')} | ${l10n.t('Change')} | ${l10n.t('Unchanged')} | ${l10n.t('Refused rows')} | ${l10n.t('Properties set')} | ${l10n.t('Removed')} | ${l10n.t('Write requests')} |`,
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  out.push(
    `| ${t.rows} | ${t.create} | ${t.change} | ${t.unchanged} | ${t.invalid} | ${t.propertiesSet} | ${t.propertiesRemoved} | ${t.writes} |`,
    '',
  );
  if (options.reads)
    out.push(
      l10n.t('Read from PostHog: {0} requests in {1} ms.', options.reads.requests, Math.round(options.reads.ms)),
      '',
    );
  if (plan.problems.length) {
    out.push(`## ${l10n.t('Refused rows ({0}): nothing is imported from them', plan.problems.length)}`, '');
    for (const p of plan.problems.slice(0, options.maxGroups ?? 2000)) out.push(`- ${cell(describeProblem(p))}`);
    out.push('');
  }
  const changed = plan.groups.filter((g) => g.status !== 'unchanged');
  if (changed.length) {
    out.push(`## ${l10n.t('Changes')}`, '');
    out.push(
      `| ${l10n.t('Group')} | ${l10n.t('Property')} | ${l10n.t('Before')} | ${l10n.t('After')} |`,
      '|---|---|---|---|',
    );
    const max = options.maxGroups ?? 2000;
    for (const g of changed.slice(0, max)) {
      const label = g.status === 'create' ? `**${cell(g.key)}** (${l10n.t('new')})` : `**${cell(g.key)}**`;
      g.changes.forEach((c, i) =>
        out.push(`| ${i === 0 ? label : ''} | ${cell(c.property)} | ${side(c.before)} | ${side(c.after)} |`),
      );
      if (g.changes.length === 0) out.push(`| ${label} | | | |`);
    }
    if (changed.length > max) out.push('', l10n.t('… and {0} more groups.', changed.length - max));
  } else {
    out.push(l10n.t('No group changes.'));
  }
  return `${out.join('\n')}\n`;
}
