// What both trees share: the base of their data providers, tree nodes for an error with Retry, "Load more", a row
// PostHog sent that could not be read and a plain message, view progress and safe tooltips.
import * as vscode from 'vscode';
import type { UnreadableRow } from '../../api';
import { Command, TreeItemContext } from '../services/constants';
import { describeError } from '../services/errors';

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
    readonly kind: 'error' | 'loadMore' | 'info' | 'unreadable',
    readonly label: string,
    readonly run?: () => Promise<void>,
    readonly tooltip?: string,
    readonly description?: string,
  ) {}

  static error(operation: string, error: unknown, retry: () => Promise<void>): ActionNode {
    const reason = describeError(error);
    return new ActionNode(
      'error',
      vscode.l10n.t('{0}: {1}', operation, reason),
      retry,
      `${reason}\n\n${vscode.l10n.t('Click to retry.')}`,
    );
  }

  /**
   * One row of a list that could not be read, in place of that row: the rest of the list is shown as usual. The
   * tooltip is plain text, so whatever PostHog sent is shown as text, never as Markdown or a link.
   */
  static unreadable(what: string, row: UnreadableRow): ActionNode {
    const field = row.field ? `"${row.field}"` : vscode.l10n.t('the row itself');
    const value = row.value === 'absent' ? vscode.l10n.t('missing') : row.value;
    const tooltip = [
      vscode.l10n.t({
        message: 'PostHog sent a {0} that this extension cannot read, so it is not listed.',
        args: [what],
        comment: ['{0} is what the row is: a group type, a group, a hog function'],
      }),
      '',
      row.hint ? vscode.l10n.t('Row: {0} ({1})', row.index + 1, row.hint) : vscode.l10n.t('Row: {0}', row.index + 1),
      vscode.l10n.t('Field: {0}', field),
      vscode.l10n.t("PostHog's value: {0}", value),
      vscode.l10n.t('Problem: {0}', row.reason),
      '',
      vscode.l10n.t('The rest of the list is not affected. Details are in the "PostHog Workbench" log.'),
    ].join('\n');
    const label = row.hint
      ? vscode.l10n.t({
          message: 'Unreadable {0} "{1}"',
          args: [what, row.hint],
          comment: ['{0} is what the row is: a group type, a group, a hog function; {1} its name'],
        })
      : vscode.l10n.t({
          message: 'Unreadable {0} (row {1})',
          args: [what, row.index + 1],
          comment: ['{0} is what the row is: a group type, a group, a hog function'],
        });
    return new ActionNode('unreadable', label, undefined, tooltip, row.field ? `${row.field}: ${value}` : value);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.tooltip = this.tooltip;
    item.description = this.description;
    if (this.kind === 'error') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = TreeItemContext.error;
      item.command = { command: Command.retry, title: vscode.l10n.t('Retry'), arguments: [this] };
    } else if (this.kind === 'loadMore') {
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = TreeItemContext.loadMore;
      item.command = { command: Command.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] };
    } else if (this.kind === 'unreadable') {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = TreeItemContext.unreadable;
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
