// Commands of the two trees: refresh, load more, retry, filters and search, find and create a group, copy, open
// in PostHog.
import * as vscode from 'vscode';
import type { Group } from '../api';
import { isPostHogError } from '../api/errors';
import { GroupsStore } from '../model/groupsStore';
import { HogFunctionsStore, type HogFunctionFilter } from '../model/hogFunctionsStore';
import { Session } from '../model/session';
import { showError } from '../ui/errors';
import { ActionNode } from '../views/nodes';
import { GroupNode, GroupTypeNode, groupTypeLabel } from '../views/groupsTree';
import { HogFunctionNode, typeLabel } from '../views/hogFunctionsTree';

const MAX_GROUP_KEY = 400;
export const HOG_FUNCTION_TYPES = ['destination', 'transformation', 'site_destination', 'site_app', 'internal_destination', 'source_webhook'];

export interface GroupRefArg {
  groupTypeIndex: number;
  groupKey: string;
}

export function registerTreeCommands(session: Session, hogFunctions: HogFunctionsStore, groups: GroupsStore): vscode.Disposable[] {
  const pickGroupType = async (title: string): Promise<number | undefined> => {
    const list = groups.groupTypes();
    if (!list) return undefined;
    await list.load();
    if (!list.isLoaded) throw list.error;
    if (list.items.length === 0) {
      void vscode.window.showWarningMessage('This project has no group types yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      list.items.map((t) => ({ label: groupTypeLabel(t), description: t.group_type, index: t.group_type_index })),
      { title, placeHolder: 'Group type' },
    );
    return picked?.index;
  };

  return [
    vscode.commands.registerCommand('posthogWorkbench.refresh', () => {
      hogFunctions.reset();
      groups.reset();
    }),
    vscode.commands.registerCommand('posthogWorkbench.retry', (node?: ActionNode) => node?.run?.()),
    vscode.commands.registerCommand('posthogWorkbench.loadMore', (node?: ActionNode) => node?.run?.()),

    vscode.commands.registerCommand('posthogWorkbench.filterHogFunctions', async (args?: HogFunctionFilter) => {
      if (args && typeof args === 'object' && !(args instanceof HogFunctionNode)) {
        hogFunctions.setFilter(args);
        return;
      }
      const current = hogFunctions.filter;
      const search = await vscode.window.showInputBox({
        title: 'Filter hog functions (1/2): search',
        prompt: 'Text to search in names and descriptions (leave empty for all)',
        value: current.search ?? '',
        validateInput: (v) => (v.trim().length > 200 ? 'PostHog searches at most 200 characters.' : undefined),
      });
      if (search === undefined) return;
      type Item = vscode.QuickPickItem & { type?: string; enabled?: boolean };
      const items: Item[] = [
        { label: 'Enabled', kind: vscode.QuickPickItemKind.Separator },
        { label: 'Enabled only', enabled: true, picked: current.enabled === true },
        { label: 'Disabled only', enabled: false, picked: current.enabled === false },
        { label: 'Types', kind: vscode.QuickPickItemKind.Separator },
        ...HOG_FUNCTION_TYPES.map((t) => ({ label: typeLabel(t), description: t, type: t, picked: current.types?.includes(t) ?? false })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Filter hog functions (2/2): type and state',
        placeHolder: 'Pick types and/or a state; pick nothing for all',
        canPickMany: true,
      });
      if (picked === undefined) return;
      const states = picked.filter((p) => p.enabled !== undefined);
      hogFunctions.setFilter({
        search,
        types: picked.flatMap((p) => (p.type ? [p.type] : [])),
        enabled: states.length === 1 ? states[0]?.enabled : undefined,
      });
    }),
    vscode.commands.registerCommand('posthogWorkbench.clearHogFunctionFilter', () => hogFunctions.setFilter({})),

    vscode.commands.registerCommand('posthogWorkbench.searchGroups', async (arg?: GroupTypeNode | { groupTypeIndex: number; search: string }) => {
      if (arg && !(arg instanceof GroupTypeNode)) {
        groups.setSearch(arg.groupTypeIndex, arg.search);
        return;
      }
      const index = arg?.index ?? (await pickGroupType('Search groups'));
      if (index === undefined) return;
      const search = await vscode.window.showInputBox({
        title: `Search ${arg ? groupTypeLabel(arg.groupType) : 'groups'}`,
        prompt: 'Matches property names and values, or an exact group key. Leave empty to show all.',
        value: groups.search(index) ?? '',
      });
      if (search !== undefined) groups.setSearch(index, search);
    }),

    vscode.commands.registerCommand('posthogWorkbench.findGroup', async (args?: Partial<GroupRefArg>) => {
      try {
        const connection = session.requireConnection();
        const index = args?.groupTypeIndex ?? (await pickGroupType('Find group by key'));
        if (index === undefined) return undefined;
        const key = args?.groupKey ?? (await vscode.window.showInputBox({ title: 'Find group by key', prompt: 'The exact group key', validateInput: validateGroupKey }));
        if (key === undefined) return undefined;
        try {
          const group = await connection.client.findGroup(connection.projectId, index, key);
          await vscode.commands.executeCommand('posthogWorkbench.openGroup', { groupTypeIndex: index, groupKey: group.group_key, group });
          return group;
        } catch (error) {
          if (isPostHogError(error) && error.kind === 'not_found') {
            const type = groups.groupType(index);
            void vscode.window.showWarningMessage(`No ${type ? type.group_type : 'group'} with key "${key}" in this project. Group keys are case-sensitive.`);
            return undefined;
          }
          throw error;
        }
      } catch (error) {
        void showError('Find group', error, { host: session.host });
        return undefined;
      }
    }),

    vscode.commands.registerCommand('posthogWorkbench.createGroup', async (args?: Partial<GroupRefArg> & { groupProperties?: Record<string, unknown> }) => {
      const connection = session.requireConnection();
      const automated = args?.groupKey !== undefined;
      const index = args?.groupTypeIndex ?? (await pickGroupType('Create group (1/3): group type'));
      if (index === undefined) return undefined;
      const key = args?.groupKey ?? (await vscode.window.showInputBox({ title: 'Create group (2/3): group key', prompt: 'A unique key, e.g. the id of the company in your database', validateInput: validateGroupKey }));
      if (key === undefined) return undefined;
      const keyProblem = validateGroupKey(key);
      if (keyProblem) throw new Error(keyProblem);
      let properties = args?.groupProperties;
      if (!automated) {
        const json = await vscode.window.showInputBox({
          title: 'Create group (3/3): properties (optional)',
          prompt: 'A JSON object, e.g. {"name": "Acme", "plan": "enterprise"}. Leave empty for none.',
          validateInput: (v) => parseProperties(v).error,
        });
        if (json === undefined) return undefined;
        properties = parseProperties(json).value;
      }
      const create = async (): Promise<Group | undefined> => {
        try {
          const group = await connection.client.createGroup(connection.projectId, { groupTypeIndex: index, groupKey: key, groupProperties: properties });
          groups.upsert(group);
          await vscode.commands.executeCommand('posthogWorkbench.openGroup', { groupTypeIndex: index, groupKey: key, group });
          return group;
        } catch (error) {
          if (automated) throw error;
          void showError('Create group', error, { retry: create, host: session.host });
          return undefined;
        }
      };
      return create();
    }),

    vscode.commands.registerCommand('posthogWorkbench.copyGroupKey', async (node?: GroupNode | GroupRefArg) => {
      const key = node instanceof GroupNode ? node.group.group_key : node?.groupKey;
      if (key === undefined) return;
      await vscode.env.clipboard.writeText(key);
      vscode.window.setStatusBarMessage(`Copied group key ${key}`, 3000);
    }),
    vscode.commands.registerCommand('posthogWorkbench.copyHogFunctionId', async (node?: HogFunctionNode | { id: string }) => {
      const id = node instanceof HogFunctionNode ? node.hogFunction.id : node?.id;
      if (id === undefined) return;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied hog function ID ${id}`, 3000);
    }),
    vscode.commands.registerCommand('posthogWorkbench.openInPostHog', async (node?: GroupNode | HogFunctionNode | GroupRefArg) => {
      const url = webUrl(session, node);
      // Not awaited: VS Code may ask before opening a link, and the answer is not ours to wait for.
      if (url) void vscode.env.openExternal(vscode.Uri.parse(url));
      return url;
    }),
  ];
}

export function validateGroupKey(key: string): string | undefined {
  if (!key.trim()) return 'A group key cannot be empty.';
  if (key.length > MAX_GROUP_KEY) return `PostHog allows at most ${MAX_GROUP_KEY} characters in a group key (this one has ${key.length}).`;
  return undefined;
}

function parseProperties(json: string): { value?: Record<string, unknown>; error?: string } {
  if (!json.trim()) return { value: undefined };
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Properties must be a JSON object, e.g. {"name": "Acme"}.' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
}

/** The page for an item in PostHog's web app on the configured host. */
export function webUrl(session: Session, node?: GroupNode | HogFunctionNode | GroupRefArg): string | undefined {
  const projectId = session.projectId;
  if (projectId === undefined) return undefined;
  const base = `${session.host}/project/${projectId}`;
  // PostHog's web app routes (frontend/src/scenes/urls.ts): `/functions/:id` for every hog function type.
  if (node instanceof HogFunctionNode) return `${base}/functions/${node.hogFunction.id}`;
  const ref = node instanceof GroupNode ? { groupTypeIndex: node.group.group_type_index, groupKey: node.group.group_key } : node;
  if (ref) return `${base}/groups/${ref.groupTypeIndex}/${encodeURIComponent(ref.groupKey)}`;
  return `${base}/pipeline/new/destination`;
}
