// Groups view: group types (name_plural when set), then that type's groups, a cursor page of 100 at a time.
import * as vscode from 'vscode';
import { formatDateTime } from '../../shared/format';
import type { Group, GroupType } from '../../api';
import { Command, ContextKey, TreeItemContext, View } from '../services/constants';
import { groupLabel, groupTypeLabel } from '../../shared/labels';
import { setContext } from '../services/contextKeys';
import { type GroupsStore } from '../services/groupsStore';
import { type Session } from '../services/session';
import { ActionNode, StoreTreeProvider, textLine, withViewProgress } from './nodes';

export class GroupTypeNode {
  constructor(readonly groupType: GroupType) {}
  get index(): number {
    return this.groupType.group_type_index;
  }
}

export class GroupNode {
  constructor(readonly group: Group) {}
}

type Node = GroupTypeNode | GroupNode | ActionNode;

export class GroupsTreeProvider extends StoreTreeProvider<Node> implements vscode.TreeDataProvider<Node> {
  private readonly typeNodes = new Map<number, GroupTypeNode>();
  protected readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: Session,
    private readonly store: GroupsStore,
  ) {
    super();
    this.subscription = store.onDidChange((index) => {
      const node = index === undefined ? undefined : this.typeNodes.get(index);
      if (index === undefined) this.typeNodes.clear();
      this.changed.fire(node);
    });
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof ActionNode) return node.toTreeItem();
    if (node instanceof GroupTypeNode) {
      const item = new vscode.TreeItem(groupTypeLabel(node.groupType), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `groupType:${node.index}`;
      const search = this.store.search(node.index);
      item.description = search
        ? vscode.l10n.t('search: "{0}"', search)
        : node.groupType.group_type !== item.label
          ? node.groupType.group_type
          : undefined;
      item.contextValue = TreeItemContext.groupType;
      item.iconPath = new vscode.ThemeIcon('organization');
      item.tooltip = vscode.l10n.t('Group type {0} (index {1})', node.groupType.group_type, node.index);
      return item;
    }
    const g = node.group;
    const label = groupLabel(g);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `group:${g.group_type_index}:${g.group_key}`;
    item.description = label !== g.group_key ? g.group_key : undefined;
    item.contextValue = TreeItemContext.group;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    // A click opens the group in the preview panel; a double click (two clicks) keeps it open (src/extension/panels/groupPanels.ts).
    item.command = {
      command: Command.openGroup,
      title: vscode.l10n.t('Open Group'),
      arguments: [{ groupTypeIndex: g.group_type_index, groupKey: g.group_key, preview: true }],
    };
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    md.appendText(label);
    md.appendMarkdown('**\n\n');
    textLine(md, vscode.l10n.t('Group key'), g.group_key);
    textLine(md, vscode.l10n.t('Properties'), String(Object.keys(g.group_properties ?? {}).length));
    textLine(
      md,
      vscode.l10n.t('Created'),
      g.created_at ? formatDateTime(g.created_at, vscode.env.language) : undefined,
    );
    item.tooltip = md;
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.rootChildren();
    if (node instanceof GroupTypeNode) return this.groupChildren(node);
    return [];
  }

  getParent(node: Node): Node | undefined {
    if (node instanceof GroupNode) return this.typeNodes.get(node.group.group_type_index);
    return undefined;
  }

  private async rootChildren(): Promise<Node[]> {
    await this.session.ready;
    await setContext(ContextKey.groupTypesEmpty, false);
    const list = this.store.groupTypes();
    if (!list) return [];
    await withViewProgress(View.groups, () => list.load());
    if (!list.isLoaded)
      return [ActionNode.error(vscode.l10n.t("Couldn't load group types"), list.error, () => list.retry())];
    if (list.items.length === 0 && list.unreadable.length === 0) {
      await setContext(ContextKey.groupTypesEmpty, true);
      return [];
    }
    const types: Node[] = [...list.items]
      .sort((a, b) => a.group_type_index - b.group_type_index)
      .map((t) => {
        const node = this.typeNodes.get(t.group_type_index) ?? new GroupTypeNode(t);
        this.typeNodes.set(t.group_type_index, node);
        return node;
      });
    return [...types, ...list.unreadable.map((row) => ActionNode.unreadable(vscode.l10n.t('group type'), row))];
  }

  private async groupChildren(node: GroupTypeNode): Promise<Node[]> {
    const list = this.store.groupsOf(node.index);
    if (!list) return [];
    await withViewProgress(View.groups, () => list.load());
    if (!list.isLoaded)
      return [
        ActionNode.error(vscode.l10n.t("Couldn't load {0}", groupTypeLabel(node.groupType)), list.error, () =>
          list.retry(),
        ),
      ];
    const search = this.store.search(node.index);
    if (list.items.length === 0 && list.unreadable.length === 0) {
      return [
        new ActionNode(
          'info',
          search
            ? vscode.l10n.t('No groups match "{0}"', search)
            : vscode.l10n.t('No {0} yet', groupTypeLabel(node.groupType)),
        ),
      ];
    }
    // A group created here is prepended locally; the same key may later arrive in a page too. Tree ids must be unique.
    const seen = new Set<string>();
    const nodes: Node[] = list.items
      .filter((g) => !seen.has(g.group_key) && seen.add(g.group_key))
      .map((g) => new GroupNode(g));
    nodes.push(...list.unreadable.map((row) => ActionNode.unreadable(vscode.l10n.t('group'), row)));
    if (list.error)
      nodes.push(
        ActionNode.error(vscode.l10n.t("Couldn't load more {0}", groupTypeLabel(node.groupType)), list.error, () =>
          list.retry(),
        ),
      );
    else if (list.hasMore)
      nodes.push(
        new ActionNode('loadMore', vscode.l10n.t('Load more ({0} loaded)', list.items.length), () =>
          withViewProgress(View.groups, () => list.loadMore()),
        ),
      );
    return nodes;
  }
}
