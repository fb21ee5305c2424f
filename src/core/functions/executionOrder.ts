// The order transformations run in, and the new order after moving some of them: what `PATCH hog_functions/rearrange/`
// is sent (posthog-api.md §3.9), as PostHog's web app sends it when transformations are dragged. Pure.

/** A function as far as its place in the order goes. */
export interface Ordered {
  id: string;
  execution_order?: number | null;
}

/** PostHog runs transformations (and log transformations) by `execution_order`; functions without one come last. */
export function inExecutionOrder<T extends Ordered>(functions: readonly T[]): T[] {
  return [...functions].sort(
    (a, b) => (a.execution_order ?? Number.MAX_SAFE_INTEGER) - (b.execution_order ?? Number.MAX_SAFE_INTEGER),
  );
}

/**
 * The whole order, 1 to n, after moving `ids` (kept in their current order) to stand before `beforeId`, or at the end
 * when it is null; undefined when nothing would change (or an id is not among `functions`).
 */
export function reorder(
  functions: readonly Ordered[],
  ids: readonly string[],
  beforeId: string | null,
): Record<string, number> | undefined {
  const current = inExecutionOrder(functions);
  if (!ids.length || ids.some((id) => !current.some((f) => f.id === id))) return undefined;
  const moving = current.filter((f) => ids.includes(f.id));
  const rest = current.filter((f) => !ids.includes(f.id));
  const at = beforeId === null ? rest.length : rest.findIndex((f) => f.id === beforeId);
  if (at === -1) return undefined;
  const next = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
  const orders = Object.fromEntries(next.map((f, i) => [f.id, i + 1]));
  // Sent whole (one request for the whole order), but only when something moves or the numbers were not 1..n.
  const unchanged = next.every((f, i) => f.id === current[i]?.id && f.execution_order === i + 1);
  return unchanged ? undefined : orders;
}

/** One step up (-1) or down (+1); undefined at either end. */
export function moveBy(functions: readonly Ordered[], id: string, delta: -1 | 1): Record<string, number> | undefined {
  const current = inExecutionOrder(functions);
  const index = current.findIndex((f) => f.id === id);
  const target = index + delta;
  if (index === -1 || target < 0 || target >= current.length) return undefined;
  // Down: before the one after the next (or at the end); up: before the previous one.
  const before = delta < 0 ? current[target]!.id : (current[target + 1]?.id ?? null);
  return reorder(current, [id], before);
}

/**
 * Where dropped functions go when dropped on `target`: dragged downwards they follow it, dragged upwards they
 * precede it, as a list's drag and drop reads.
 */
export function dropBefore(functions: readonly Ordered[], ids: readonly string[], targetId: string): string | null {
  const current = inExecutionOrder(functions);
  const targetIndex = current.findIndex((f) => f.id === targetId);
  const firstDragged = current.findIndex((f) => ids.includes(f.id));
  if (targetIndex === -1 || firstDragged === -1 || firstDragged >= targetIndex) return targetId;
  const after = current.slice(targetIndex + 1).find((f) => !ids.includes(f.id));
  return after?.id ?? null;
}
