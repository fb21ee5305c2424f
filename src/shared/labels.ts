// The names PostHog shows for groups, group types, hog functions and function types: one place for the tree, the
// panel titles, pickers, filters and the group panel's own header. No vscode or DOM import (the webview uses it).

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

/**
 * PostHog's hog function types in the order its UI lists them, with their plural labels. `sendsEvents`: enabling
 * such a function starts sending this project's live events somewhere else.
 */
export const HOG_FUNCTION_TYPES: readonly { type: string; label: string; sendsEvents: boolean }[] = [
  { type: 'destination', label: 'Destinations', sendsEvents: true },
  { type: 'transformation', label: 'Transformations', sendsEvents: false },
  { type: 'site_destination', label: 'Site destinations', sendsEvents: true },
  { type: 'site_app', label: 'Site apps', sendsEvents: false },
  { type: 'internal_destination', label: 'Internal destinations', sendsEvents: true },
  { type: 'source_webhook', label: 'Source webhooks', sendsEvents: false },
  { type: 'transformation_log', label: 'Transformation logs', sendsEvents: false },
];

/** A function type as a heading, e.g. "Destinations"; a type PostHog adds later reads as its words. */
export function functionTypeLabel(type: string): string {
  return HOG_FUNCTION_TYPES.find((t) => t.type === type)?.label ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** One function's type, e.g. "Destination". */
export function singularFunctionTypeLabel(type: string): string {
  return functionTypeLabel(type).replace(/s$/, '');
}

export function sendsLiveEvents(type: string): boolean {
  return HOG_FUNCTION_TYPES.some((t) => t.type === type && t.sendsEvents);
}

export function functionLabel(f: { name?: string | null }): string {
  return f.name || '(unnamed function)';
}
