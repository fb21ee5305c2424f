// Hog Functions view: function types present in the project (with counts), then the functions of each type.
import * as vscode from 'vscode';
import { formatDateTime } from '../../shared/format';
import type { HogFunctionSummary } from '../../api';
import { functionResourceUri } from '../functions/decorations';
import { type HogFunctionsStore } from '../services/hogFunctionsStore';
import { type Session } from '../services/session';
import { Command, ContextKey, hogFunctionContext, TreeItemContext, View } from '../services/constants';
import {
  functionLabel,
  functionTypeLabel,
  functionTypeRank,
  singularFunctionTypeLabel,
  testGlobals,
} from '../../shared/functionTypes';
import { functionHealth, type HealthTone } from '../../shared/hogFunctionHealth';
import { setContext } from '../services/contextKeys';
import { ActionNode, StoreTreeProvider, textLine, withViewProgress } from './nodes';

/** The row's icon for each health tone: a function PostHog stopped (3, 12) must not look healthy. */
const TONE_ICONS: Record<HealthTone, { icon: string; color: string }> = {
  ok: { icon: 'pass-filled', color: 'testing.iconPassed' },
  // Not rated yet (PostHog has not run it since it was enabled): neither healthy nor failing.
  unknown: { icon: 'circle-large-outline', color: 'descriptionForeground' },
  warning: { icon: 'warning', color: 'list.warningForeground' },
  error: { icon: 'error', color: 'list.errorForeground' },
  off: { icon: 'circle-slash', color: 'disabledForeground' },
};

/** A row's health in a word or two (the overview explains it in full: shared/hogFunctionHealth.ts). */
function healthWord(f: HogFunctionSummary): string {
  if (!f.enabled) return vscode.l10n.t('disabled');
  switch (f.status?.state ?? 0) {
    case 1:
      return vscode.l10n.t('healthy');
    case 2:
      return vscode.l10n.t('degraded');
    case 3:
      return vscode.l10n.t('disabled by PostHog');
    case 11:
      return vscode.l10n.t('degraded (forced)');
    case 12:
      return vscode.l10n.t('disabled (forced)');
    case 0:
      return vscode.l10n.t('not rated yet');
    default:
      return vscode.l10n.t('state {0}', f.status?.state ?? 0);
  }
}

export class FunctionTypeNode {
  constructor(
    readonly type: string,
    readonly functions: HogFunctionSummary[],
  ) {}
}

export class HogFunctionNode {
  constructor(readonly hogFunction: HogFunctionSummary) {}
}

type Node = FunctionTypeNode | HogFunctionNode | ActionNode;

/** What the sync badge of a linked function means, in words (functions/decorations.ts), or undefined when not linked. */
export type DescribeSync = (functionId: string) => Promise<string | undefined>;

export class HogFunctionsTreeProvider extends StoreTreeProvider<Node> implements vscode.TreeDataProvider<Node> {
  protected readonly subscription: vscode.Disposable;
  /** Set once the workspace's function folders are known (features.ts): the tooltip explains the row's badge. */
  describeSync: DescribeSync | undefined;
  private readonly syncCache = new Map<string, string | undefined>();
  private syncPending = 0;

  constructor(
    private readonly session: Session,
    private readonly store: HogFunctionsStore,
  ) {
    super();
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof ActionNode) return node.toTreeItem();
    if (node instanceof FunctionTypeNode) {
      const item = new vscode.TreeItem(functionTypeLabel(node.type), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `hogFunctionType:${node.type}`;
      item.description = String(node.functions.length);
      item.contextValue = TreeItemContext.hogFunctionType;
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      return item;
    }
    const item = this.functionItem(node.hogFunction);
    // The sync badge's meaning (VS Code shows a decoration's own tooltip only in the Explorer, not beside ours).
    const sync = this.syncWords(node.hogFunction.id);
    if (sync && item.tooltip instanceof vscode.MarkdownString) textLine(item.tooltip, vscode.l10n.t('Workspace'), sync);
    return item;
  }

  /** Forget what the badges meant: the workspace files or the sync records changed. */
  syncChanged(): void {
    // Rows repaint only when one shows words that may now be wrong (a repaint closes a tooltip being read).
    const shown = [...this.syncCache.values()].some((words) => words !== undefined);
    this.syncCache.clear();
    if (shown) this.changed.fire(undefined);
  }

  /**
   * What a function's badge means, once known: the first call starts looking it up (the workspace's function folders),
   * and the rows are painted again when the lookups end.
   */
  private syncWords(id: string): string | undefined {
    const describe = this.describeSync;
    if (!describe) return undefined;
    if (this.syncCache.has(id)) return this.syncCache.get(id);
    this.syncCache.set(id, undefined);
    this.syncPending++;
    void describe(id)
      .catch(() => undefined)
      .then((words) => {
        this.syncCache.set(id, words);
        if (--this.syncPending === 0 && [...this.syncCache.values()].some((w) => w !== undefined))
          this.changed.fire(undefined);
      });
    return undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node instanceof FunctionTypeNode) return node.functions.map((f) => new HogFunctionNode(f));
    if (node) return [];
    await this.session.ready;
    const list = this.store.current();
    await this.setEmpty(false);
    if (!list) {
      return this.session.signedIn
        ? [new ActionNode('info', vscode.l10n.t('Select a project to see its hog functions'))]
        : [];
    }
    await withViewProgress(View.hogFunctions, () => list.load());
    if (!list.isLoaded)
      return [ActionNode.error(vscode.l10n.t("Couldn't load hog functions"), list.error, () => list.retry())];
    if (list.items.length === 0 && list.unreadable.length === 0) {
      if (!this.store.filterActive) {
        await this.setEmpty(true);
        return [];
      }
      return [new ActionNode('info', vscode.l10n.t('No hog functions match the filter'))];
    }
    const byType = new Map<string, HogFunctionSummary[]>();
    for (const f of list.items) {
      const ofType = byType.get(f.type);
      if (ofType) ofType.push(f);
      else byType.set(f.type, [f]);
    }
    const types = [...byType.keys()].sort((a, b) => functionTypeRank(a) - functionTypeRank(b) || a.localeCompare(b));
    const nodes: Node[] = types.map((t) => new FunctionTypeNode(t, sortFunctions(t, byType.get(t) ?? [])));
    // A row that cannot be read has no type to be filed under: it is shown at the top level, in its place's stead.
    nodes.push(...list.unreadable.map((row) => ActionNode.unreadable(vscode.l10n.t('hog function'), row)));
    if (list.error)
      nodes.push(ActionNode.error(vscode.l10n.t("Couldn't load more hog functions"), list.error, () => list.retry()));
    else if (list.hasMore) {
      const label =
        list.total !== undefined
          ? vscode.l10n.t('Load more hog functions ({0} of {1})', list.items.length, list.total)
          : vscode.l10n.t('Load more hog functions');
      nodes.push(new ActionNode('loadMore', label, () => withViewProgress(View.hogFunctions, () => list.loadMore())));
    }
    return nodes;
  }

  /** A function's row has its type's row as parent (for TreeView.reveal); the rest are at the top. */
  getParent(node: Node): Node | undefined {
    if (!(node instanceof HogFunctionNode)) return undefined;
    const type = node.hogFunction.type;
    return new FunctionTypeNode(
      type,
      sortFunctions(
        type,
        (this.store.current()?.items ?? []).filter((f) => f.type === type),
      ),
    );
  }

  /** The row of function `id` once the list has loaded (undefined when the list has no such function). */
  async nodeOf(id: string): Promise<HogFunctionNode | undefined> {
    const list = this.store.current();
    if (!list) return undefined;
    await list.load();
    const found = list.items.find((f) => f.id === id);
    return found && new HogFunctionNode(found);
  }

  private functionItem(f: HogFunctionSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(functionLabel(f), vscode.TreeItemCollapsibleState.None);
    item.id = `hogFunction:${f.id}`;
    const health = healthWord(f);
    item.description = health || undefined;
    const look = TONE_ICONS[functionHealth(f).tone];
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    // PostHog refused the last change of its state (too many enabled transformations, an open draft): said on the row.
    const refused = this.store.refusal(f.id);
    if (refused) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.description = vscode.l10n.t('not enabled: see tooltip');
    }
    // `.testable` offers Test Hog Function only for the types PostHog can run.
    // `.ordered` offers Move Up / Move Down (and dragging) for the types PostHog runs in an order.
    item.contextValue = hogFunctionContext(
      f.enabled,
      testGlobals(f.type) !== undefined,
      f.type === 'transformation' || f.type === 'transformation_log',
    );
    // Carries the workspace sync state (functions/decorations.ts) as a badge.
    if (this.session.projectId !== undefined) item.resourceUri = functionResourceUri(this.session.projectId, f.id);
    item.command = {
      command: Command.openHogFunction,
      title: vscode.l10n.t('Open Hog Function Source'),
      arguments: [f],
    };
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    md.appendText(functionLabel(f));
    md.appendMarkdown(
      `** ${f.enabled ? `$(pass-filled) ${vscode.l10n.t('enabled')}` : `$(circle-slash) ${vscode.l10n.t('disabled')}`}\n\n`,
    );
    md.supportThemeIcons = true;
    textLine(md, vscode.l10n.t('Type'), singularFunctionTypeLabel(f.type));
    textLine(md, vscode.l10n.t('Description'), f.description);
    const meaning = functionHealth(f);
    textLine(md, vscode.l10n.t('Health'), `${meaning.label}: ${meaning.meaning}`);
    textLine(md, vscode.l10n.t('Template'), f.template?.name);
    textLine(
      md,
      vscode.l10n.t('Created by'),
      f.created_by ? (f.created_by.email ?? f.created_by.first_name) : undefined,
    );
    textLine(
      md,
      vscode.l10n.t('Updated'),
      f.updated_at ? formatDateTime(f.updated_at, vscode.env.language) : undefined,
    );
    textLine(
      md,
      vscode.l10n.t('Execution order'),
      f.execution_order !== null && f.execution_order !== undefined ? String(f.execution_order) : undefined,
    );
    textLine(md, vscode.l10n.t('ID'), f.id);
    if (refused) {
      md.appendMarkdown('\n\n$(warning) ');
      md.appendText(refused);
    }
    item.tooltip = md;
    return item;
  }

  private async setEmpty(empty: boolean): Promise<void> {
    await setContext(ContextKey.hogFunctionsEmpty, empty);
  }
}

/** Transformations run in execution order, so they are listed that way; everything else by name. */
function sortFunctions(type: string, functions: HogFunctionSummary[]): HogFunctionSummary[] {
  if (type === 'transformation' || type === 'transformation_log') {
    return [...functions].sort(
      (a, b) => (a.execution_order ?? Number.MAX_SAFE_INTEGER) - (b.execution_order ?? Number.MAX_SAFE_INTEGER),
    );
  }
  return [...functions].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', undefined, { sensitivity: 'base' }));
}
