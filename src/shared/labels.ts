// The name PostHog shows for a group, shared by the tree, the panel's title and the panel's own header (the
// webview bundle imports it too, so no vscode import here).
import type { Group } from '../api';

/** Its `name` property when it has one, else its key. */
export function groupLabel(group: Pick<Group, 'group_key' | 'group_properties'>): string {
  const name = group.group_properties?.name;
  return typeof name === 'string' && name.trim() ? name : group.group_key;
}
