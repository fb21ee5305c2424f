// Unsaved work of open group panels, kept in a small JSON file in the extension's storage folder.
// The webview's own state (setState) is what VS Code hands back after a reload, but VS Code writes it to disk
// only when it saves the window's layout: in the browser (code-server) that is about once a minute, and
// workspaceState is written on the same schedule, so a reload could bring back a panel without the edits staged
// just before it. The extension host writes this file itself, within a moment of each change.
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '../../shared/json';
import { panelEditsSchema, type PanelEdits } from '../../shared/protocol/groupPanel';

const FILE = 'group-panel-edits.json';
/**
 * Edits of a panel that never came back (its editor was closed with the window, not by the user) expire 30 days
 * after their last change.
 */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

interface Entry {
  edits: unknown;
  savedAt: number;
}

export class KeptEdits {
  private readonly file: string;
  private entries: Record<string, Entry> | undefined;
  /** Writes go one after another, so an older snapshot never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string, private readonly now: () => number = Date.now) {
    this.file = join(dir, FILE);
  }

  /** The edits kept for a panel, or undefined (also when what is stored no longer validates). */
  get(panelId: string): PanelEdits | undefined {
    const parsed = panelEditsSchema.safeParse(this.load()[panelId]?.edits);
    return parsed.success ? parsed.data : undefined;
  }

  /** Keeps a panel's edits; a panel with nothing unsaved has nothing to keep. */
  set(panelId: string, edits: PanelEdits): Promise<void> {
    if (!hasUnsavedWork(edits)) return this.delete(panelId);
    const entries = this.load();
    // A panel shown again, or restored, sends back what it was given: nothing new to write.
    if (JSON.stringify(entries[panelId]?.edits) === JSON.stringify(edits)) return this.writing;
    entries[panelId] = { edits, savedAt: this.now() };
    return this.save();
  }

  /** The user closed the panel: what it held is gone on purpose. */
  delete(panelId: string): Promise<void> {
    const entries = this.load();
    if (!(panelId in entries)) return this.writing;
    delete entries[panelId];
    return this.save();
  }

  private load(): Record<string, Entry> {
    if (!this.entries) {
      const cutoff = this.now() - MAX_AGE_MS;
      this.entries = Object.create(null) as Record<string, Entry>;
      for (const [id, entry] of Object.entries(readJson(this.file))) {
        if (isEntry(entry) && entry.savedAt >= cutoff) this.entries[id] = entry;
      }
    }
    return this.entries;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.load());
    const tmp = `${this.file}.tmp`;
    this.writing = this.writing
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        await writeFile(tmp, text);
        await rename(tmp, this.file);
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

