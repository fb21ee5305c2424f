// The hog functions of the current project, as the tree shows them: one list (server-side filters applied),
// paged by limit/offset, kept until refresh or until an edit made through the extension replaces an item.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../api';
import { type Session, type Connection } from './session';
import { PagedList } from './pagedList';

export interface HogFunctionFilter {
  search?: string;
  types?: string[];
  enabled?: boolean;
}

export const PAGE_SIZE = 100;

export class HogFunctionsStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private _filter: HogFunctionFilter = {};
  private list: PagedList<HogFunctionSummary> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: Session) {
    this.subscription = session.onDidChange(() => this.reset());
  }

  get filter(): HogFunctionFilter {
    return this._filter;
  }
  get filterActive(): boolean {
    return Boolean(this._filter.search || this._filter.types?.length || this._filter.enabled !== undefined);
  }

  setFilter(filter: HogFunctionFilter): void {
    this._filter = { ...filter, search: filter.search?.trim() || undefined };
    this.reset();
  }

  /** The current list, created (not loaded) on first use for the current connection. */
  current(): PagedList<HogFunctionSummary> | undefined {
    const connection = this.session.connection();
    if (!connection) return undefined;
    this.list ??= this.createList(connection);
    return this.list;
  }

  private readonly refusals = new Map<string, string>();

  /**
   * Why PostHog refused the last change of a function's state (the cap on enabled transformations, an open draft):
   * shown on its row until the function changes or the list is loaded again.
   */
  refusal(id: string): string | undefined {
    return this.refusals.get(id);
  }

  refuse(id: string, message: string): void {
    this.refusals.set(id, message);
    this.changed.fire();
  }

  replace(updated: HogFunctionSummary): void {
    this.refusals.delete(updated.id);
    this.list?.update(
      (f) => f.id === updated.id,
      (f) => ({ ...f, ...updated }),
    );
  }

  remove(id: string): void {
    this.list?.update(
      (f) => f.id === id,
      () => undefined,
    );
  }

  find(id: string): HogFunctionSummary | undefined {
    return this.list?.items.find((f) => f.id === id);
  }

  reset(): void {
    this.refusals.clear();
    this.list = undefined;
    this.changed.fire();
  }

  private createList(connection: Connection): PagedList<HogFunctionSummary> {
    const filter = this._filter;
    const list: PagedList<HogFunctionSummary> = new PagedList(
      async (pageUrl) => {
        const page = await connection.client.listHogFunctions(
          connection.projectId,
          { search: filter.search, type: filter.types, enabled: filter.enabled, limit: PAGE_SIZE },
          { pageUrl },
        );
        this.session.reportUnreadable('Hog functions', page.unreadable);
        return page;
      },
      () => {
        // A page that arrives after a project switch belongs to a list nobody shows any more.
        if (this.list === list && this.session.isCurrent(connection)) this.changed.fire();
      },
    );
    return list;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
