// A row of a PostHog list that the extension could not read, and how it is described to people. No zod here:
// views and the session's log use it without loading the validation code at activation.
import * as l10n from '@vscode/l10n';

/** One row of a PostHog list that failed validation, described well enough to show and log. */
export interface UnreadableRow {
  /** Position in the page PostHog sent. */
  index: number;
  /** Dotted path inside the row, e.g. `id` or `status.state`; empty when the row itself is not an object. */
  field: string;
  /** PostHog's value at that field as JSON (shortened), or `absent`. */
  value: string;
  /** What is wrong with it, e.g. "expected a string". */
  reason: string;
  /** The row's id, key or name when those could still be read, to tell the user which row it is. */
  hint?: string;
}

/** One line for the log: `row 3 ("Slack"): field "id" is null (expected a string)`. */
export function describeUnreadable(row: UnreadableRow): string {
  const which = row.hint ? l10n.t('row {0} ("{1}")', row.index + 1, row.hint) : l10n.t('row {0}', row.index + 1);
  if (row.field) {
    return row.value === 'absent'
      ? l10n.t('{0}: field "{1}" is missing ({2})', which, row.field, row.reason)
      : l10n.t('{0}: field "{1}" is {2} ({3})', which, row.field, row.value, row.reason);
  }
  return row.value === 'absent'
    ? l10n.t('{0}: the row is missing ({1})', which, row.reason)
    : l10n.t('{0}: the row is {1} ({2})', which, row.value, row.reason);
}
