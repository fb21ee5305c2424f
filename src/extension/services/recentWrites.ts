// Items the extension itself wrote, laid over list pages for a while. PostHog's groups list reads ClickHouse, which
// is eventually consistent: a list fetched right after a write may still show the old row (or no row, for a new
// group). The write's own answer is the truth for that item until the list catches up or the time runs out.

export const SETTLE_MS = 5 * 60_000;

interface Written<T> {
  item: T;
  at: number;
  created: boolean;
}

export class RecentWrites<T> {
  private readonly written = new Map<string, Written<T>>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly same: (a: T, b: T) => boolean,
    private readonly now: () => number = Date.now,
    private readonly settleMs = SETTLE_MS,
  ) {}

  /** Remembers what a write returned; `created` items are also shown when the list does not have them yet. */
  remember(item: T, created = false): void {
    const key = this.keyOf(item);
    // An edit of a group created moments ago is still a group the list may not know yet.
    const wasCreated = this.live(key)?.created ?? false;
    this.written.set(key, { item, at: this.now(), created: created || wasCreated });
  }

  /**
   * A page as it should be shown: written items replace the list's older copies; once the list returns the same
   * item, it has caught up and the overlay is dropped. On the first page, created items the list does not have
   * yet are put first (PostHog lists the newest groups first).
   */
  apply(page: T[], options: { firstPage: boolean; include?: (item: T) => boolean }): T[] {
    const seen = new Set<string>();
    const shown = page.map((item) => {
      const key = this.keyOf(item);
      seen.add(key);
      const written = this.live(key);
      if (!written) return item;
      if (this.same(item, written.item)) {
        this.written.delete(key);
        return item;
      }
      return written.item;
    });
    if (!options.firstPage) return shown;
    const missing = [...this.written.entries()]
      .filter(([key, w]) => w.created && !seen.has(key) && this.live(key) && (options.include?.(w.item) ?? true))
      .map(([, w]) => w.item);
    return [...missing, ...shown];
  }

  clear(): void {
    this.written.clear();
  }

  private live(key: string): Written<T> | undefined {
    const written = this.written.get(key);
    if (written && this.now() - written.at > this.settleMs) {
      this.written.delete(key);
      return undefined;
    }
    return written;
  }
}
