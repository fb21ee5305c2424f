// The names PostHog shows for groups and group types: one place for the tree, the panel titles, pickers and the
// group panel's own header. No vscode or DOM import (the webview uses it). Function types: functionTypes.ts.

/** What naming a group needs: a Group from the API or the webview's copy of one. */
interface GroupNames {
  group_key: string;
  group_properties?: Record<string, unknown> | null;
}

/** What naming a group type needs. */
interface GroupTypeNames {
  group_type: string;
  name_singular?: string | null;
  name_plural?: string | null;
}

/** A group's `name` property when it has one, else its key. */
export function groupLabel(group: GroupNames): string {
  const name = group.group_properties?.name;
  return typeof name === 'string' && name.trim() ? name : group.group_key;
}

/** A group type as a heading, e.g. "Organizations": `name_plural` when set. */
export function groupTypeLabel(t: GroupTypeNames): string {
  return t.name_plural || t.group_type;
}

/** One group's type, e.g. "Organization" in a panel title. */
export function singularGroupTypeLabel(t: GroupTypeNames): string {
  return t.name_singular || t.group_type;
}
