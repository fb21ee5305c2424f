// A list loaded page by page by following PostHog's `next` links. Remembers a failure so the tree can show it
// as one error node with Retry instead of an empty branch, and the rows PostHog sent that could not be read so
// the tree can show one warning row for each; concurrent loads of the same page are shared.
import type { UnreadableRow } from '../../api';

export interface Page<T> {
  results: T[];
  unreadable?: UnreadableRow[];
  next: string | null;
  count?: number;
}

export type FetchPage<T> = (pageUrl: string | undefined) => Promise<Page<T>>;

export class PagedList<T> {
  items: T[] = [];
  /** Rows of the loaded pages that could not be read, numbered across the whole list. */
  unreadable: UnreadableRow[] = [];
  next: string | null = null;
  total: number | undefined;
  error: unknown;
  private loaded = false;
  private inFlight: Promise<void> | undefined;
  /** The `next` links loaded since the first page. */
  private readonly loadedPages = new Set<string>();

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly onChange: () => void = () => {},
  ) {}

  get isLoaded(): boolean {
    return this.loaded;
  }
  get hasMore(): boolean {
    return this.next !== null;
  }

  /**
   * Loads the first page once; later calls return what is cached. The caller (a tree's getChildren) renders
   * the result itself, so no change is announced: a second refresh of the same branch would re-register its
   * items while VS Code is still showing the first answer.
   */
  load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return this.run(undefined, false);
  }

  /** Appends the next page and announces the change. */
  loadMore(): Promise<void> {
    if (!this.loaded) return this.run(undefined, true);
    if (this.next === null) return Promise.resolve();
    return this.run(this.next, true);
  }

  /** Retries whatever failed last, the first page or the next one, and announces the result. */
  retry(): Promise<void> {
    return this.loadMore();
  }

  /** Replaces items in place (after an edit made through the extension) without a request. */
  update(predicate: (item: T) => boolean, replace: (item: T) => T | undefined): boolean {
    let changed = false;
    const next: T[] = [];
    for (const item of this.items) {
      if (!predicate(item)) {
        next.push(item);
        continue;
      }
      changed = true;
      const replacement = replace(item);
      if (replacement !== undefined) next.push(replacement);
      else if (this.total !== undefined) this.total--;
    }
    if (changed) {
      this.items = next;
      this.onChange();
    }
    return changed;
  }

  prepend(item: T): void {
    this.items = [item, ...this.items];
    if (this.total !== undefined) this.total++;
    this.onChange();
  }

  private run(pageUrl: string | undefined, announce: boolean): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const page = await this.fetchPage(pageUrl);
        const offset = pageUrl === undefined ? 0 : this.items.length + this.unreadable.length;
        const unreadable = (page.unreadable ?? []).map((row) => ({ ...row, index: row.index + offset }));
        this.items = pageUrl === undefined ? page.results : [...this.items, ...page.results];
        this.unreadable = pageUrl === undefined ? unreadable : [...this.unreadable, ...unreadable];
        // A `next` link back to a page already loaded would only repeat its rows: the list ends there.
        if (pageUrl === undefined) this.loadedPages.clear();
        if (pageUrl !== undefined) this.loadedPages.add(pageUrl);
        this.next = page.next !== null && (page.next === pageUrl || this.loadedPages.has(page.next)) ? null : page.next;
        this.total = page.count;
        this.loaded = true;
        this.error = undefined;
      } catch (error) {
        this.error = error;
      } finally {
        this.inFlight = undefined;
        if (announce) this.onChange();
      }
    })();
    return this.inFlight;
  }
}
