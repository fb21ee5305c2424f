// Both trees' data providers, for the tree views activation created, and the views' title descriptions (active
// filter) and context keys kept in step.
import * as vscode from 'vscode';
import { ContextKey } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { functionTypeLabel } from '../../shared/functionTypes';
import { setContext } from '../services/contextKeys';
import { GroupsTreeProvider } from './groupsTree';
import { HogFunctionsTreeProvider } from './hogFunctionsTree';

/** The tree views, created at activation (src/extension/main.ts) with lazy providers that forward to the providers here. */
export interface TreeViews {
  hogFunctionsView: vscode.TreeView<unknown>;
  groupsView: vscode.TreeView<unknown>;
}

export interface Trees extends TreeViews {
  hogFunctions: HogFunctionsTreeProvider;
  groups: GroupsTreeProvider;
}

export function registerTrees(
  context: vscode.ExtensionContext,
  session: Session,
  hogFunctionStore: HogFunctionsStore,
  groupStore: GroupsStore,
  views: TreeViews,
): Trees {
  const hogFunctions = new HogFunctionsTreeProvider(session, hogFunctionStore);
  const groups = new GroupsTreeProvider(session, groupStore);
  const { hogFunctionsView, groupsView } = views;

  const describeFilter = (): void => {
    const f = hogFunctionStore.filter;
    const parts = [
      f.search ? `"${f.search}"` : undefined,
      f.types?.length ? f.types.map(functionTypeLabel).join(', ') : undefined,
      f.enabled === undefined ? undefined : f.enabled ? vscode.l10n.t('enabled') : vscode.l10n.t('disabled'),
    ].filter(Boolean);
    hogFunctionsView.description = parts.length ? vscode.l10n.t('Filtered: {0}', parts.join(' · ')) : undefined;
    void setContext(ContextKey.hogFunctionFilterActive, hogFunctionStore.filterActive);
  };
  describeFilter();
  context.subscriptions.push(hogFunctions, groups, hogFunctionStore.onDidChange(describeFilter));
  return { hogFunctions, groups, hogFunctionsView, groupsView };
}
