// Commands every view shares: refresh, an error node's Retry and "Load more", Open in PostHog, Show Log and Get Started.
import * as vscode from 'vscode';
import { Command, WALKTHROUGH_ID } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { GroupNode } from '../views/groupsTree';
import { HogFunctionNode } from '../views/hogFunctionsTree';
import type { ActionNode } from '../views/nodes';
import type { GroupRefArg } from './groups';
import { command, type CommandTable } from './runner';

export interface CommonDeps {
  session: Session;
  hogFunctions: HogFunctionsStore;
  groups: GroupsStore;
  log: vscode.LogOutputChannel;
}

export function commonCommands({ session, hogFunctions, groups, log }: CommonDeps) {
  return {
    [Command.refresh]: command(vscode.l10n.t('Refresh'), () => {
      hogFunctions.reset();
      groups.reset();
    }),
    [Command.retry]: command(vscode.l10n.t('Retry'), (node?: ActionNode) => node?.run?.()),
    [Command.loadMore]: command(vscode.l10n.t('Load more'), (node?: ActionNode) => node?.run?.()),
    [Command.openInPostHog]: command(
      vscode.l10n.t('Open in PostHog'),
      (node?: GroupNode | HogFunctionNode | GroupRefArg) => {
        const url = webUrl(session, node);
        // Not awaited: VS Code may ask before opening a link, and the answer is not ours to wait for.
        if (url) void vscode.env.openExternal(vscode.Uri.parse(url));
        return url;
      },
    ),
    [Command.showLog]: command(vscode.l10n.t('Show log'), () => log.show()),
    [Command.getStarted]: command(vscode.l10n.t('Open the walkthrough'), () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false),
    ),
  } satisfies CommandTable;
}

/** The page for an item in PostHog's web app on the configured host. */
export function webUrl(session: Session, node?: GroupNode | HogFunctionNode | GroupRefArg): string | undefined {
  const projectId = session.projectId;
  if (projectId === undefined) return undefined;
  const base = `${session.host}/project/${projectId}`;
  // PostHog's web app routes (frontend/src/scenes/urls.ts): `/functions/:id` for every hog function type.
  if (node instanceof HogFunctionNode) return `${base}/functions/${node.hogFunction.id}`;
  const ref =
    node instanceof GroupNode ? { groupTypeIndex: node.group.group_type_index, groupKey: node.group.group_key } : node;
  if (ref) return `${base}/groups/${ref.groupTypeIndex}/${encodeURIComponent(ref.groupKey)}`;
  return `${base}/pipeline/new/destination`;
}
