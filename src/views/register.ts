// Creates both tree views and keeps their titles' descriptions (active filter) and context keys in step.
import * as vscode from 'vscode';
import { GroupsStore } from '../model/groupsStore';
import { HogFunctionsStore } from '../model/hogFunctionsStore';
import { Session } from '../model/session';
import { GROUPS_VIEW, GroupsTreeProvider } from './groupsTree';
import { typeLabel } from '../model/functionTypes';
import { HOG_FUNCTIONS_VIEW, HogFunctionsTreeProvider } from './hogFunctionsTree';

export interface Trees {
  hogFunctions: HogFunctionsTreeProvider;
  groups: GroupsTreeProvider;
  hogFunctionsView: vscode.TreeView<unknown>;
  groupsView: vscode.TreeView<unknown>;
}

export function registerTrees(session: Session, hogFunctionStore: HogFunctionsStore, groupStore: GroupsStore, subscriptions: vscode.Disposable[]): Trees {
  const hogFunctions = new HogFunctionsTreeProvider(session, hogFunctionStore);
  const groups = new GroupsTreeProvider(session, groupStore);
  const hogFunctionsView = vscode.window.createTreeView(HOG_FUNCTIONS_VIEW, { treeDataProvider: hogFunctions, showCollapseAll: true }) as vscode.TreeView<unknown>;
  const groupsView = vscode.window.createTreeView(GROUPS_VIEW, { treeDataProvider: groups, showCollapseAll: true }) as vscode.TreeView<unknown>;

  const describeFilter = (): void => {
    const f = hogFunctionStore.filter;
    const parts = [
      f.search ? `"${f.search}"` : undefined,
      f.types?.length ? f.types.map(typeLabel).join(', ') : undefined,
      f.enabled === undefined ? undefined : f.enabled ? 'enabled' : 'disabled',
    ].filter(Boolean);
    hogFunctionsView.description = parts.length ? `Filtered: ${parts.join(' · ')}` : undefined;
    void vscode.commands.executeCommand('setContext', 'posthogWorkbench.hogFunctionFilterActive', hogFunctionStore.filterActive);
  };
  describeFilter();
  subscriptions.push(hogFunctions, groups, hogFunctionsView, groupsView, hogFunctionStore.onDidChange(describeFilter));
  return { hogFunctions, groups, hogFunctionsView, groupsView };
}
