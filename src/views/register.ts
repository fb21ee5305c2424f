// Creates both tree views and keeps their titles' descriptions (active filter) and context keys in step.
import * as vscode from 'vscode';
import { ContextKey, View } from '../constants';
import type { GroupsStore } from '../model/groupsStore';
import type { HogFunctionsStore } from '../model/hogFunctionsStore';
import type { Session } from '../model/session';
import { functionTypeLabel } from '../shared/functionTypes';
import { setContext } from '../ui/contextKeys';
import { GroupsTreeProvider } from './groupsTree';
import { HogFunctionsTreeProvider } from './hogFunctionsTree';

export interface Trees {
  hogFunctions: HogFunctionsTreeProvider;
  groups: GroupsTreeProvider;
  hogFunctionsView: vscode.TreeView<unknown>;
  groupsView: vscode.TreeView<unknown>;
}

export function registerTrees(context: vscode.ExtensionContext, session: Session, hogFunctionStore: HogFunctionsStore, groupStore: GroupsStore): Trees {
  const hogFunctions = new HogFunctionsTreeProvider(session, hogFunctionStore);
  const groups = new GroupsTreeProvider(session, groupStore);
  const hogFunctionsView = vscode.window.createTreeView(View.hogFunctions, { treeDataProvider: hogFunctions, showCollapseAll: true }) as vscode.TreeView<unknown>;
  const groupsView = vscode.window.createTreeView(View.groups, { treeDataProvider: groups, showCollapseAll: true }) as vscode.TreeView<unknown>;

  const describeFilter = (): void => {
    const f = hogFunctionStore.filter;
    const parts = [
      f.search ? `"${f.search}"` : undefined,
      f.types?.length ? f.types.map(functionTypeLabel).join(', ') : undefined,
      f.enabled === undefined ? undefined : f.enabled ? 'enabled' : 'disabled',
    ].filter(Boolean);
    hogFunctionsView.description = parts.length ? `Filtered: ${parts.join(' · ')}` : undefined;
    void setContext(ContextKey.hogFunctionFilterActive, hogFunctionStore.filterActive);
  };
  describeFilter();
  context.subscriptions.push(hogFunctions, groups, hogFunctionsView, groupsView, hogFunctionStore.onDidChange(describeFilter));
  return { hogFunctions, groups, hogFunctionsView, groupsView };
}
