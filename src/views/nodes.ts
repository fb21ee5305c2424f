// What both trees share: the base of their data providers, tree nodes for an error with Retry, "Load more" and a
// plain message, view progress and safe tooltips.
import * as vscode from 'vscode';
import { Command, TreeItemContext } from '../constants';
import { describeError } from '../ui/errors';

/** A tree that repaints from its store: `changed` fires VS Code's change event, `subscription` is disposed with it. */
export abstract class StoreTreeProvider<N> implements vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected abstract readonly subscription: vscode.Disposable;

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export class ActionNode {
  constructor(
    readonly kind: 'error' | 'loadMore' | 'info',
    readonly label: string,
    readonly run?: () => Promise<void>,
    readonly tooltip?: string,
  ) {}

  static error(operation: string, error: unknown, retry: () => Promise<void>): ActionNode {
    const reason = describeError(error);
    return new ActionNode('error', `${operation}: ${reason}`, retry, `${reason}\n\nClick to retry.`);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.tooltip = this.tooltip;
    if (this.kind === 'error') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = TreeItemContext.error;
      item.command = { command: Command.retry, title: 'Retry', arguments: [this] };
    } else if (this.kind === 'loadMore') {
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = TreeItemContext.loadMore;
      item.command = { command: Command.loadMore, title: 'Load More', arguments: [this] };
    } else {
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = TreeItemContext.info;
    }
    return item;
  }
}

/** Runs a load with the view's progress indicator. */
export function withViewProgress<T>(viewId: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId } }, task));
}

/** Appends untrusted text from PostHog to a tooltip without letting it become Markdown. */
export function textLine(md: vscode.MarkdownString, label: string, value: string | undefined | null): void {
  if (value === undefined || value === null || value === '') return;
  md.appendMarkdown(`**${label}:** `);
  md.appendText(value);
  md.appendMarkdown('  \n');
}
