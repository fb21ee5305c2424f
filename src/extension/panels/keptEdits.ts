// Unsaved work of open group panels (and group grids: one file per kind), kept in a small JSON file in the extension's
// storage folder.
// The webview's own state (setState) is what VS Code hands back after a reload, but VS Code writes it to disk
// only when it saves the window's layout: in the browser (code-server) that is about once a minute, and
// workspaceState is written on the same schedule, so a reload could bring back a panel without the edits staged
// just before it. The extension host writes this file itself, within a moment of each change, and at once when it
// stops (dispose), since it exits without waiting for a write still on its way.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '../../shared/json';
import type * as z from 'zod/mini';
import { gridEditsSchema, type GridEdits } from '../../shared/protocol/groupGrid';
import { panelEditsSchema, type PanelEdits } from '../../shared/protocol/groupPanel';

/** What one kind of panel keeps: its file, the schema its edits must still pass when read, and what is worth keeping. */
export interface KeptKind<T> {
  file: string;
  schema: z.ZodMiniType<T>;
  worthKeeping(edits: T): boolean;
}

export const groupPanelEdits: KeptKind<PanelEdits> = {
  file: 'group-panel-edits.json',
  schema: panelEditsSchema,
  worthKeeping: (edits) => hasUnsavedWork(edits),
};

/** A group grid's columns and staged cells: kept while it is open (its columns are worth keeping on their own). */
export const groupGridEdits: KeptKind<GridEdits> = {
  file: 'group-grid-edits.json',
  schema: gridEditsSchema,
  worthKeeping: (edits) => Boolean(edits.staged?.length || edits.columns?.length),
};
/**
 * Edits of a panel that never came back (its editor was closed with the window, not by the user) expire 30 days
 * after their last change.
 */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

interface Entry {
  edits: unknown;
  savedAt: number;
}

/**
 * Several windows can share the folder (every window without a folder uses the global storage folder), so no window
 * writes its own picture of the file: each write reads the file again just before, and changes only the panels this
 * window kept or forgot. A window's kept edits are written again with each of its later changes, so one lost to two
 * writes at the same moment comes back with the next.
 */
export class KeptEdits<T = PanelEdits> {
  private readonly file: string;
  /** This window's own changes: edits kept, or null for a panel it forgot (until that is written). */
  private readonly own = new Map<string, Entry | null>();
  /** Writes go one after another, so an older snapshot never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  /** Writes asked for and writes finished: dispose() writes at once when one is still on its way. */
  private asked = 0;
  private finished = 0;
  /** The extension host is stopping: dispose() wrote the latest picture, and no older one may land after it. */
  private stopped = false;

  private readonly kind: KeptKind<T>;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    kind?: KeptKind<T>,
  ) {
    this.kind = kind ?? (groupPanelEdits as unknown as KeptKind<T>);
    this.file = join(dir, this.kind.file);
  }

  /** The edits kept for a panel (by any window), or undefined (also when what is stored no longer validates). */
  get(panelId: string): T | undefined {
    const parsed = this.kind.schema.safeParse(this.entries()[panelId]?.edits);
    return parsed.success ? parsed.data : undefined;
  }

  /** Keeps a panel's edits; a panel with nothing unsaved has nothing to keep. */
  set(panelId: string, edits: T): Promise<void> {
    if (!this.kind.worthKeeping(edits)) return this.delete(panelId);
    // A panel shown again, or restored, sends back what it was given: nothing new to write.
    const current = this.own.get(panelId) ?? this.entries()[panelId];
    if (current && JSON.stringify(current.edits) === JSON.stringify(edits)) return this.writing;
    this.own.set(panelId, { edits, savedAt: this.now() });
    return this.save();
  }

  /** The user closed the panel: what it held is gone on purpose. */
  delete(panelId: string): Promise<void> {
    if (this.own.get(panelId) === null || (!this.own.has(panelId) && !(panelId in this.entries()))) return this.writing;
    this.own.set(panelId, null);
    return this.save();
  }

  /** The file as it is now (entries past their age dropped), with this window's own changes over it. */
  private entries(): Record<string, Entry> {
    const cutoff = this.now() - MAX_AGE_MS;
    const entries = Object.create(null) as Record<string, Entry>;
    for (const [id, entry] of Object.entries(readJson(this.file))) {
      if (isEntry(entry) && entry.savedAt >= cutoff) entries[id] = entry;
    }
    for (const [id, entry] of this.own) {
      if (entry) entries[id] = entry;
      else delete entries[id];
    }
    return entries;
  }

  /**
   * The extension host stops (a reload, a window closed): writes at once what is still on its way to the file. The
   * host exits right after deactivation without waiting for file writes in flight, so an edit staged just before a
   * reload would otherwise reach the file only if its write happened to finish first. Nothing is written after this.
   */
  dispose(): void {
    this.stopped = true;
    if (this.finished === this.asked) return;
    try {
      const tmp = `${this.file}.${process.pid}.flush.tmp`;
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, JSON.stringify(this.entries()));
      renameSync(tmp, this.file);
      this.finished = this.asked;
    } catch {
      // As for every write: a safety net, never a reason for the host to fail stopping.
    }
  }

  private save(): Promise<void> {
    // Unique per window, so two windows writing at once never rename each other's half-written file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    const asked = ++this.asked;
    this.writing = this.writing
      .then(async () => {
        // Written already (by dispose, or by a later write that took this one's change along).
        if (this.stopped || this.finished >= asked) return;
        // Read again right before writing: another window may have written since.
        const text = JSON.stringify(this.entries());
        // What the text holds: every change asked for until now, and the panels it forgets.
        const upTo = this.asked;
        const forgotten = [...this.own].filter(([, entry]) => entry === null).map(([id]) => id);
        await mkdir(this.dir, { recursive: true });
        await writeFile(tmp, text);
        // Stopped meanwhile: dispose() wrote a newer picture than this one.
        if (this.stopped) return;
        await rename(tmp, this.file);
        this.finished = Math.max(this.finished, upTo);
        // A forgotten panel is gone from the file now; another window may keep that group again later.
        for (const id of forgotten) if (this.own.get(id) === null) this.own.delete(id);
      })
      // Keeping edits is a safety net: a full disk must not break editing, and the next change tries again.
      .catch(() => undefined);
    return this.writing;
  }
}

/** Staged edits, open editors or a half-filled "Add property" form: something a reload would lose. */
export function hasUnsavedWork(edits: PanelEdits): boolean {
  return Boolean(edits.staged?.length || edits.drafts?.length || edits.addDraft?.key || edits.addDraft?.text);
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isJsonObject(value) ? value : {};
  } catch {
    return {};
  }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && typeof (value as Entry).savedAt === 'number';
}
