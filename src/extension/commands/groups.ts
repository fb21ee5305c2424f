// Group commands: search a group type, find a group by key, create one, open its panel and copy its key.
import * as vscode from 'vscode';
import type { Group } from '../../api';
import { isPostHogError } from '../../api';
import type { Prompts } from '../../core/prompts';
import { Command } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { Session } from '../services/session';
import type { GroupPanel } from '../panels/groupPanel';
import { isJsonObject } from '../../shared/json';
import { groupTypeLabel } from '../../shared/labels';
import { GroupNode, GroupTypeNode } from '../views/groupsTree';
import { command, retryable, type CommandTable } from './runner';

const MAX_GROUP_KEY = 400;

export interface GroupRefArg {
  groupTypeIndex: number;
  groupKey: string;
}

export interface GroupDeps {
  session: Session;
  prompts: Prompts;
  groups: GroupsStore;
  /** Opens (or reveals) a group's panel; the panels' code loads on first use. */
  openPanel: (arg: unknown) => GroupPanel | undefined;
  /** Keeps a preview group panel open. */
  keepPanelOpen: (arg?: unknown) => void;
}

type CreateArgs = Partial<GroupRefArg> & { groupProperties?: Record<string, unknown> };

export function groupCommands({ session, prompts, groups, openPanel, keepPanelOpen }: GroupDeps) {
  const pickGroupType = async (title: string): Promise<number | undefined> => {
    const list = groups.groupTypes();
    if (!list) return undefined;
    await list.load();
    if (!list.isLoaded) throw list.error;
    if (list.items.length === 0) {
      void prompts.warn(vscode.l10n.t('This project has no group types yet.'));
      return undefined;
    }
    const picked = await prompts.pick(
      list.items.map((t) => ({ label: groupTypeLabel(t), description: t.group_type, index: t.group_type_index })),
      { title, placeHolder: vscode.l10n.t('Group type') },
    );
    return picked?.index;
  };

  return {
    [Command.searchGroups]: command(
      vscode.l10n.t('Search groups'),
      async (arg?: GroupTypeNode | { groupTypeIndex: number; search: string }) => {
        if (arg && !(arg instanceof GroupTypeNode)) {
          groups.setSearch(arg.groupTypeIndex, arg.search);
          return;
        }
        const index = arg?.index ?? (await pickGroupType(vscode.l10n.t('Search groups')));
        if (index === undefined) return;
        const search = await prompts.input({
          title: arg ? vscode.l10n.t('Search {0}', groupTypeLabel(arg.groupType)) : vscode.l10n.t('Search groups'),
          prompt: vscode.l10n.t('Matches property names and values, or an exact group key. Leave empty to show all.'),
          value: groups.search(index) ?? '',
        });
        if (search !== undefined) groups.setSearch(index, search);
      },
    ),

    [Command.findGroup]: command(vscode.l10n.t('Find group'), async (args?: Partial<GroupRefArg>) => {
      const connection = session.requireConnection();
      const index = args?.groupTypeIndex ?? (await pickGroupType(vscode.l10n.t('Find group by key')));
      if (index === undefined) return undefined;
      const key =
        args?.groupKey ??
        (await prompts.input({
          title: vscode.l10n.t('Find group by key'),
          prompt: vscode.l10n.t('The exact group key'),
          validate: validateGroupKey,
        }));
      if (key === undefined) return undefined;
      return retryable(async () => {
        try {
          const group = await connection.client.findGroup(connection.projectId, index, key);
          await vscode.commands.executeCommand(Command.openGroup, {
            groupTypeIndex: index,
            groupKey: group.group_key,
            group,
          });
          return group;
        } catch (error) {
          if (!isPostHogError(error) || error.kind !== 'not_found') throw error;
          const type = groups.groupType(index);
          void prompts.warn(
            type
              ? vscode.l10n.t(
                  'No {0} with key "{1}" in this project. Group keys are case-sensitive.',
                  type.group_type,
                  key,
                )
              : vscode.l10n.t('No group with key "{0}" in this project. Group keys are case-sensitive.', key),
          );
          return undefined;
        }
      });
    }),

    [Command.createGroup]: command(
      vscode.l10n.t('Create group'),
      async (args?: CreateArgs) => {
        const connection = session.requireConnection();
        const index = args?.groupTypeIndex ?? (await pickGroupType(vscode.l10n.t('Create group (1/3): group type')));
        if (index === undefined) return undefined;
        const key =
          args?.groupKey ??
          (await prompts.input({
            title: vscode.l10n.t('Create group (2/3): group key'),
            prompt: vscode.l10n.t('A unique key, e.g. the id of the company in your database'),
            validate: validateGroupKey,
          }));
        if (key === undefined) return undefined;
        const keyProblem = validateGroupKey(key);
        if (keyProblem) throw new Error(keyProblem);
        let properties = args?.groupProperties;
        if (args?.groupKey === undefined) {
          const json = await prompts.input({
            title: vscode.l10n.t('Create group (3/3): properties (optional)'),
            prompt: vscode.l10n.t('A JSON object, e.g. {"name": "Acme", "plan": "enterprise"}. Leave empty for none.'),
            validate: (v) => parseProperties(v).error,
          });
          if (json === undefined) return undefined;
          properties = parseProperties(json).value;
        }
        // Retry sends the same group again without asking for it again.
        return retryable(async (): Promise<Group> => {
          const group = await connection.client.createGroup(connection.projectId, {
            groupTypeIndex: index,
            groupKey: key,
            groupProperties: properties,
          });
          groups.upsert(group, true);
          await vscode.commands.executeCommand(Command.openGroup, { groupTypeIndex: index, groupKey: key, group });
          return group;
        });
      },
      { throwsFor: (args?: CreateArgs) => args?.groupKey !== undefined },
    ),

    // Returns the panel: extension-host tests drive it through `handleMessage`, as the webview does.
    [Command.openGroup]: command(vscode.l10n.t('Open group'), (arg?: unknown) => openPanel(arg)),

    // Pins the preview panel, as View: Keep Editor (Ctrl+K Enter) pins a preview editor.
    [Command.keepGroupPanelOpen]: command(vscode.l10n.t('Keep group panel open'), (arg?: unknown) =>
      keepPanelOpen(arg),
    ),

    [Command.copyGroupKey]: command(vscode.l10n.t('Copy group key'), async (node?: GroupNode | GroupRefArg) => {
      const key = node instanceof GroupNode ? node.group.group_key : node?.groupKey;
      if (key === undefined) return;
      await vscode.env.clipboard.writeText(key);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied group key {0}', key), 3000);
    }),
  } satisfies CommandTable;
}

export function validateGroupKey(key: string): string | undefined {
  if (!key.trim()) return vscode.l10n.t('A group key cannot be empty.');
  if (key.length > MAX_GROUP_KEY)
    return vscode.l10n.t(
      'PostHog allows at most {0} characters in a group key (this one has {1}).',
      MAX_GROUP_KEY,
      key.length,
    );
  return undefined;
}

function parseProperties(json: string): { value?: Record<string, unknown>; error?: string } {
  if (!json.trim()) return { value: undefined };
  try {
    const value: unknown = JSON.parse(json);
    if (!isJsonObject(value))
      return { error: vscode.l10n.t('Properties must be a JSON object, e.g. {"name": "Acme"}.') };
    return { value };
  } catch (error) {
    return { error: vscode.l10n.t('Not valid JSON: {0}', (error as Error).message) };
  }
}
