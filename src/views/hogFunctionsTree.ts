// Hog Functions view: function types present in the project (with counts), then the functions of each type.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../api';
import { functionResourceUri } from '../hogAsCode/decorations';
import { HogFunctionsStore } from '../model/hogFunctionsStore';
import { Session } from '../model/session';
import { ActionNode, textLine, withViewProgress } from './nodes';

export const HOG_FUNCTIONS_VIEW = 'posthogWorkbench.hogFunctions';

/** PostHog's function types in the order its UI lists them, with their plural labels. */
const TYPE_LABELS: Record<string, string> = {
  destination: 'Destinations',
  transformation: 'Transformations',
  site_destination: 'Site destinations',
  site_app: 'Site apps',
  internal_destination: 'Internal destinations',
  source_webhook: 'Source webhooks',
  transformation_log: 'Transformation logs',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** One function's type, e.g. "Destination". */
export function singularTypeLabel(type: string): string {
  return typeLabel(type).replace(/s$/, '');
}

export function functionLabel(f: Pick<HogFunctionSummary, 'name'>): string {
  return f.name || '(unnamed function)';
}

const HEALTH: Record<number, string> = { 0: '', 1: 'healthy', 2: 'degraded', 3: 'disabled by PostHog', 11: 'degraded (forced)', 12: 'disabled (forced)' };

export class FunctionTypeNode {
  constructor(readonly type: string, readonly functions: HogFunctionSummary[]) {}
}

export class HogFunctionNode {
  constructor(readonly hogFunction: HogFunctionSummary) {}
}

type Node = FunctionTypeNode | HogFunctionNode | ActionNode;

export class HogFunctionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: Session, private readonly store: HogFunctionsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof ActionNode) return node.toTreeItem();
    if (node instanceof FunctionTypeNode) {
      const item = new vscode.TreeItem(typeLabel(node.type), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `hogFunctionType:${node.type}`;
      item.description = String(node.functions.length);
      item.contextValue = 'hogFunctionType';
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      return item;
    }
    return this.functionItem(node.hogFunction);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node instanceof FunctionTypeNode) return node.functions.map((f) => new HogFunctionNode(f));
    if (node) return [];
    await this.session.ready;
    const list = this.store.current();
    await this.setEmpty(false);
    if (!list) {
      return this.session.signedIn ? [new ActionNode('info', 'Select a project to see its hog functions')] : [];
    }
    await withViewProgress(HOG_FUNCTIONS_VIEW, () => list.load());
    if (!list.isLoaded) return [ActionNode.error("Couldn't load hog functions", list.error, () => list.retry())];
    if (list.items.length === 0) {
      if (!this.store.filterActive) { await this.setEmpty(true); return []; }
      return [new ActionNode('info', 'No hog functions match the filter')];
    }
    const byType = new Map<string, HogFunctionSummary[]>();
    for (const f of list.items) {
      const ofType = byType.get(f.type);
      if (ofType) ofType.push(f);
      else byType.set(f.type, [f]);
    }
    const order = Object.keys(TYPE_LABELS);
    const types = [...byType.keys()].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    const nodes: Node[] = types.map((t) => new FunctionTypeNode(t, sortFunctions(t, byType.get(t) ?? [])));
    if (list.error) nodes.push(ActionNode.error("Couldn't load more hog functions", list.error, () => list.retry()));
    else if (list.hasMore) {
      const of = list.total !== undefined ? ` (${list.items.length} of ${list.total})` : '';
      nodes.push(new ActionNode('loadMore', `Load more hog functions${of}`, () => withViewProgress(HOG_FUNCTIONS_VIEW, () => list.loadMore())));
    }
    return nodes;
  }

  getParent(): undefined {
    return undefined;
  }

  private functionItem(f: HogFunctionSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(functionLabel(f), vscode.TreeItemCollapsibleState.None);
    item.id = `hogFunction:${f.id}`;
    const health = f.enabled ? HEALTH[f.status?.state ?? 0] : 'disabled';
    item.description = health || undefined;
    item.iconPath = f.enabled
      ? new vscode.ThemeIcon(f.status?.state === 2 || f.status?.state === 11 ? 'warning' : 'pass-filled',
        new vscode.ThemeColor(f.status?.state === 2 || f.status?.state === 11 ? 'list.warningForeground' : 'testing.iconPassed'))
      : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = f.enabled ? 'hogFunction.enabled' : 'hogFunction.disabled';
    // Carries the workspace sync state (hogAsCode/decorations.ts) as a badge.
    if (this.session.projectId !== undefined) item.resourceUri = functionResourceUri(this.session.projectId, f.id);
    item.command = { command: 'posthogWorkbench.openHogFunction', title: 'Open Hog Function Source', arguments: [f] };
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    md.appendText(functionLabel(f));
    md.appendMarkdown(`** ${f.enabled ? '$(pass-filled) enabled' : '$(circle-slash) disabled'}\n\n`);
    md.supportThemeIcons = true;
    textLine(md, 'Type', singularTypeLabel(f.type));
    textLine(md, 'Description', f.description);
    textLine(md, 'Health', health);
    textLine(md, 'Template', f.template?.name);
    textLine(md, 'Created by', f.created_by ? f.created_by.email ?? f.created_by.first_name : undefined);
    textLine(md, 'Updated', f.updated_at ? new Date(f.updated_at).toLocaleString() : undefined);
    textLine(md, 'Execution order', f.execution_order !== null && f.execution_order !== undefined ? String(f.execution_order) : undefined);
    textLine(md, 'ID', f.id);
    item.tooltip = md;
    return item;
  }

  private async setEmpty(empty: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'posthogWorkbench.hogFunctionsEmpty', empty);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function rank(order: string[], type: string): number {
  const i = order.indexOf(type);
  return i === -1 ? order.length : i;
}

/** Transformations run in execution order, so they are listed that way; everything else by name. */
function sortFunctions(type: string, functions: HogFunctionSummary[]): HogFunctionSummary[] {
  if (type === 'transformation') {
    return [...functions].sort((a, b) => (a.execution_order ?? Number.MAX_SAFE_INTEGER) - (b.execution_order ?? Number.MAX_SAFE_INTEGER));
  }
  return [...functions].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', undefined, { sensitivity: 'base' }));
}
