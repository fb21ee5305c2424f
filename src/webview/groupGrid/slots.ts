// Which pooled row element shows which group (pure, unit-tested in Node; rows.ts applies it to the DOM). A group that
// stays in view keeps its element, so a scroll frame touches only the rows that came into view: the elements of the
// rows that left are handed to them. No element is created or dropped while the range keeps its size.

export const ROW_HEIGHT = 26;
/** Rows drawn above and below the view, so a fast scroll does not show blank rows before the frame catches up. */
export const OVERSCAN = 8;

/** The shown rows' indexes to draw, [first, last), for a scroll position and the viewport's height. */
export function rowRange(scrollTop: number, viewHeight: number, count: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
  return { first, last: Math.max(first, last) };
}

export interface Slot {
  /** The group it shows; undefined for a free element (hidden). */
  groupKey: string | undefined;
}

/**
 * Gives each row of [first, last) a slot: the one already showing its group, else a free one (a slot whose group left
 * the range), else a new one (`undefined` in `assign`: the caller creates it). `pinned` (the row being edited) keeps
 * its slot while it is still among the shown rows, even out of the range, so the editor and what is typed in it stay.
 */
export function assignSlots<S extends Slot>(
  slots: readonly S[],
  keys: (index: number) => string,
  first: number,
  last: number,
  pinned?: { groupKey: string; shown: boolean },
): { assign: { index: number; slot: S | undefined }[]; free: S[] } {
  const byKey = new Map<string, S>();
  for (const s of slots) if (s.groupKey !== undefined) byKey.set(s.groupKey, s);
  const claimed = new Set<S>();
  const assign: { index: number; slot: S | undefined }[] = [];
  for (let i = first; i < last; i++) {
    const slot = byKey.get(keys(i));
    if (slot) claimed.add(slot);
    assign.push({ index: i, slot });
  }
  const keep = pinned?.shown ? byKey.get(pinned.groupKey) : undefined;
  if (keep) claimed.add(keep);
  const free = slots.filter((s) => !claimed.has(s));
  for (const a of assign) if (!a.slot) a.slot = free.pop();
  return { assign, free };
}
