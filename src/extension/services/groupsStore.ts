// Group types and, per group type, the groups loaded so far (cursor pages of 100) with an optional search.
// Shared by the Groups tree and the group panels, so an edit in a panel shows in the tree without a reload, and
// stays shown as written when a list fetched right after it (eventually consistent) does not have it yet.
import * as vscode from 'vscode';
import type { Group, GroupType } from '../../api';
import { type Session, type Connection } from './session';
import { sameValue } from '../../shared/propertyValue';
import { PagedList, type FetchPage } from './pagedList';
import { RecentWrites } from './recentWrites';

export class GroupsStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<number | undefined>();
  /** Fires with the group type index whose groups changed, or undefined for the whole tree. */
  readonly onDidChange = this.changed.event;
  private types: PagedList<GroupType> | undefined;
  private readonly groups = new Map<number, PagedList<Group>>();
  private readonly searches = new Map<number, string>();
  private readonly writes = new RecentWrites<Group>(
    (g) => `${g.group_type_index}\u0000${g.group_key}`,
    (a, b) => sameValue(a.group_properties, b.group_properties),
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: Session) {
    this.subscription = session.onDidChange(() => {
      this.writes.clear();
      this.reset();
    });
  }

  groupTypes(): PagedList<GroupType> | undefined {
    const connection = this.session.connection();
    if (!connection) return undefined;
    this.types ??= this.guarded(connection, undefined, async () => {
      const types = await connection.client.listGroupTypes(connection.projectId);
      this.session.reportUnreadable('Group types', types.unreadable);
      return { ...types, next: null };
    });
    return this.types;
  }

  groupType(index: number): GroupType | undefined {
    return this.types?.items.find((t) => t.group_type_index === index);
  }

  search(index: number): string | undefined {
    return this.searches.get(index);
  }

  setSearch(index: number, search: string | undefined): void {
    const trimmed = search?.trim();
    if (trimmed) this.searches.set(index, trimmed);
    else this.searches.delete(index);
    this.groups.delete(index);
    this.changed.fire(index);
  }

  groupsOf(index: number): PagedList<Group> | undefined {
    const connection = this.session.connection();
    if (!connection) return undefined;
    let list = this.groups.get(index);
    if (!list) {
      const search = this.searches.get(index);
      list = this.guarded(connection, index, async (pageUrl) => {
        const page = await connection.client.listGroups(
          connection.projectId,
          { groupTypeIndex: index, search },
          { pageUrl },
        );
        this.session.reportUnreadable(`Groups of type ${index}`, page.unreadable);
        const include = (g: Group) => g.group_type_index === index && search === undefined;
        return { ...page, results: this.writes.apply(page.results, { firstPage: pageUrl === undefined, include }) };
      });
      this.groups.set(index, list);
    }
    return list;
  }

  /** A group already in memory, for painting a panel before any request. */
  findLoaded(index: number, key: string): Group | undefined {
    return this.groups.get(index)?.items.find((g) => g.group_key === key);
  }

  /**
   * Replaces a group with what a write (or PostHog's own read of it) returned, or adds a newly `created` one at
   * the top of its type; later list pages show this version until they catch up.
   */
  upsert(group: Group, created = false): void {
    this.writes.remember(group, created);
    const list = this.groups.get(group.group_type_index);
    if (!list) return;
    const found = list.update(
      (g) => g.group_key === group.group_key,
      () => group,
    );
    if (!found) list.prepend(group);
  }

  reset(): void {
    this.types = undefined;
    this.groups.clear();
    this.changed.fire(undefined);
  }

  private guarded<T>(connection: Connection, index: number | undefined, fetch: FetchPage<T>): PagedList<T> {
    const list: PagedList<T> = new PagedList(fetch, () => {
      if (this.session.isCurrent(connection)) this.changed.fire(index);
    });
    return list;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
