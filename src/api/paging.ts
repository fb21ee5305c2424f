// How far a list is followed through PostHog's `next` links. A server whose `next` points back at a page already
// read would otherwise be asked forever (a loop of thousands of requests a second), and one that never stops
// sending pages would fill memory: a listing stops at a repeated link and after MAX_LIST_PAGES pages, and keeps
// what it read with a note of where and why it stopped (`ListCut`), which the views show. No zod: views use it.
import * as l10n from '@vscode/l10n';

/** Pages one listing loads at most (PostHog's pages hold 100 rows, so 20,000 rows). */
export const MAX_LIST_PAGES = 200;

/** Where a listing stopped before PostHog said it was complete. */
export interface ListCut {
  /** `repeated_link`: a `next` link pointed at a page already read; `page_limit`: MAX_LIST_PAGES were read. */
  reason: 'repeated_link' | 'page_limit';
  /** Pages read before stopping. */
  pages: number;
  /** Rows kept (readable or not). */
  rows: number;
}

/** A link in a comparable form: the same page whatever the order of its query parameters. */
function pageKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.sort();
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/** The pages one listing has read, to tell whether the next link should be followed. */
export class PageTrail {
  private readonly seen = new Set<string>();
  private pages = 0;

  /** `firstUrl`: the address of the first page, when known, so a link back to it counts as repeated too. */
  constructor(
    private readonly maxPages = MAX_LIST_PAGES,
    firstUrl?: string,
  ) {
    if (firstUrl !== undefined) this.seen.add(pageKey(firstUrl));
  }

  /** Counts a page just read; returns why the listing stops at its `next` link, or undefined to follow it. */
  after(next: string | null | undefined, rows: number): ListCut | undefined {
    this.pages++;
    if (!next) return undefined;
    const key = pageKey(next);
    if (this.seen.has(key)) return { reason: 'repeated_link', pages: this.pages, rows };
    if (this.pages >= this.maxPages) return { reason: 'page_limit', pages: this.pages, rows };
    this.seen.add(key);
    return undefined;
  }
}

/** The cut in words, for a notification or a warning row: `what` names the list ("projects"). */
export function describeCut(cut: ListCut, what: string): string {
  return cut.reason === 'page_limit'
    ? l10n.t(
        'Only the first {0} {1} are shown: PostHog had more pages, and a list stops after {2} pages.',
        cut.rows,
        what,
        cut.pages,
      )
    : l10n.t(
        "Only the first {0} {1} are shown: PostHog's link to the next page pointed back at a page already read, so the list stopped there.",
        cut.rows,
        what,
      );
}
