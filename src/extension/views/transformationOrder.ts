// Reordering transformations from the Hog Functions tree: Move Up / Move Down on a row, and dragging rows within their
// type. Either way one `PATCH hog_functions/rearrange/` sets the whole order, as PostHog's web app does, and the
// tree shows PostHog's answer.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../api';
import type { Prompts } from '../../core/prompts';
import { dropBefore, moveBy, reorder } from '../../core/functions/executionOrder';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import { View } from '../services/constants';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { functionLabel } from '../../shared/functionTypes';
import { FunctionTypeNode, HogFunctionNode } from './hogFunctionsTree';

/** Types PostHog runs in an order of their own (TYPES_WITH_EXECUTION_ORDER). */
export const ORDERED_TYPES: ReadonlySet<string> = new Set(['transformation', 'transformation_log']);

/** The MIME type of dragged rows: VS Code's `application/vnd.code.tree.<view id, lower case>`. */
export const HOG_FUNCTIONS_MIME = `application/vnd.code.tree.${View.hogFunctions.toLowerCase()}`;

export class TransformationOrder {
  constructor(
    private readonly session: Session,
    private readonly store: HogFunctionsStore,
    private readonly files: HogFileSystemProvider,
    private readonly prompts: Prompts,
  ) {}

  /** The loaded functions of `type`, which the tree shows in execution order. */
  private siblings(type: string): HogFunctionSummary[] {
    return this.store.current()?.items.filter((f) => f.type === type) ?? [];
  }

  /** One step up or down; undefined when the function is already first or last (or not one that has an order). */
  async move(functionId: string, delta: -1 | 1): Promise<HogFunctionSummary[] | undefined> {
    // Moved from a command without the tree open: its list (the order's other functions) loads first.
    await this.store.current()?.load();
    const fn = this.store.find(functionId);
    if (!fn || !ORDERED_TYPES.has(fn.type)) {
      void this.prompts.info(
        vscode.l10n.t('Only transformations run in an order of their own; other hog functions cannot be moved.'),
      );
      return undefined;
    }
    const orders = moveBy(this.siblings(fn.type), functionId, delta);
    if (!orders) {
      void vscode.window.setStatusBarMessage(
        delta < 0
          ? vscode.l10n.t('"{0}" already runs first.', functionLabel(fn))
          : vscode.l10n.t('"{0}" already runs last.', functionLabel(fn)),
        3000,
      );
      return undefined;
    }
    return this.apply(orders);
  }

  /** Moves `ids` (of one ordered type) before `beforeId`, or to the end of their type when it is null. */
  async moveBefore(ids: string[], beforeId: string | null): Promise<HogFunctionSummary[] | undefined> {
    const first = ids.length ? this.store.find(ids[0]!) : undefined;
    if (!first || !ORDERED_TYPES.has(first.type) || ids.some((id) => this.store.find(id)?.type !== first.type))
      return undefined;
    const orders = reorder(this.siblings(first.type), ids, beforeId);
    return orders ? this.apply(orders) : undefined;
  }

  /** Where rows dropped on `target` go (before or after it, as dragging up or down reads). */
  dropTarget(
    ids: string[],
    target: HogFunctionNode | FunctionTypeNode | undefined,
  ): { before: string | null } | undefined {
    const first = ids.length ? this.store.find(ids[0]!) : undefined;
    if (!first) return undefined;
    if (target instanceof FunctionTypeNode) return target.type === first.type ? { before: null } : undefined;
    if (target instanceof HogFunctionNode && target.hogFunction.type === first.type) {
      return { before: dropBefore(this.siblings(first.type), ids, target.hogFunction.id) };
    }
    return undefined;
  }

  private async apply(orders: Record<string, number>): Promise<HogFunctionSummary[]> {
    const connection = this.session.requireConnection();
    const result = await connection.client.rearrangeHogFunctions(connection.projectId, orders);
    this.session.reportUnreadable('Hog functions', result.unreadable);
    for (const fn of result.results) {
      this.store.replace(fn);
      // Moving changes `updated_at`: an open source of a moved function must not read that as someone else's edit.
      this.files.applyUpdate({ projectId: connection.projectId, functionId: fn.id }, fn);
    }
    return result.results;
  }
}

/** Dragging transformations within their type in the Hog Functions tree. */
export class HogFunctionsDragAndDrop implements vscode.TreeDragAndDropController<unknown> {
  readonly dragMimeTypes = [HOG_FUNCTIONS_MIME];
  readonly dropMimeTypes = [HOG_FUNCTIONS_MIME];

  constructor(
    private readonly order: TransformationOrder,
    private readonly report: (error: unknown) => void,
  ) {}

  handleDrag(source: readonly unknown[], data: vscode.DataTransfer): void {
    const rows = source.filter(
      (n): n is HogFunctionNode => n instanceof HogFunctionNode && ORDERED_TYPES.has(n.hogFunction.type),
    );
    // Only transformations of one type move together; anything else is not dragged.
    if (!rows.length || rows.length !== source.length || new Set(rows.map((r) => r.hogFunction.type)).size > 1) return;
    data.set(HOG_FUNCTIONS_MIME, new vscode.DataTransferItem(rows.map((r) => r.hogFunction.id)));
  }

  async handleDrop(target: unknown, data: vscode.DataTransfer): Promise<void> {
    const ids = data.get(HOG_FUNCTIONS_MIME)?.value as unknown;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return;
    const where = this.order.dropTarget(
      ids,
      target instanceof HogFunctionNode || target instanceof FunctionTypeNode ? target : undefined,
    );
    if (!where) return;
    try {
      await this.order.moveBefore(ids, where.before);
    } catch (error) {
      this.report(error);
    }
  }
}
