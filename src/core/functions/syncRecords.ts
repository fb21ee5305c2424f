// The last sync of each linked function (sync.ts), per project and function id, in a small JSON file in the
// extension's storage folder for this workspace. Not in the repository: it describes this checkout, and a teammate's
// clone has its own. Not in workspaceState either: VS Code in the browser writes that to disk about once a minute,
// and a record lost to a reload would turn every linked function into "not synced". Records hold sources and
// configurations as the files do, so never a secret value.
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyncRecord } from './sync';
import { isJsonObject } from '../../shared/json';

const FILE = 'hog-function-sync.json';

export class SyncRecords {
  private readonly file: string;
  private records: Record<string, SyncRecord> | undefined;
  /** Writes go one after another, so an older snapshot never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  /** The write queued behind the current one, not started yet: changes made meanwhile ride along with it. */
  private next: Promise<void> | undefined;
  private dirMade = false;

  constructor(readonly dir: string) {
    this.file = join(dir, FILE);
  }

  static key(projectKey: string, functionId: string): string {
    return `${projectKey}#${functionId}`;
  }

  get(projectKey: string, functionId: string): SyncRecord | undefined {
    return this.load()[SyncRecords.key(projectKey, functionId)];
  }

  set(projectKey: string, functionId: string, record: SyncRecord): Promise<void> {
    this.load()[SyncRecords.key(projectKey, functionId)] = record;
    return this.save();
  }

  /** Several records in one write (an export of many functions). */
  setMany(entries: readonly { projectKey: string; functionId: string; record: SyncRecord }[]): Promise<void> {
    const records = this.load();
    for (const { projectKey, functionId, record } of entries) records[SyncRecords.key(projectKey, functionId)] = record;
    return this.save();
  }

  delete(projectKey: string, functionId: string): Promise<void> {
    const records = this.load();
    const key = SyncRecords.key(projectKey, functionId);
    if (!(key in records)) return this.writing;
    delete records[key];
    return this.save();
  }

  private load(): Record<string, SyncRecord> {
    if (!this.records) {
      this.records = Object.create(null) as Record<string, SyncRecord>;
      try {
        const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
        // A damaged or foreign file only costs the records: every function reads as "not synced" until the next sync.
        if (isJsonObject(parsed)) {
          for (const [key, value] of Object.entries(parsed)) if (isRecord(value)) this.records[key] = value;
        }
      } catch {
        // No file yet.
      }
    }
    return this.records;
  }

  /**
   * Resolves once a write that includes every change made so far has landed. A burst of changes (an export of many
   * functions) costs one write for whatever waited behind the one in progress, not one write each: the snapshot is
   * taken when the queued write starts.
   */
  private save(): Promise<void> {
    if (this.next) return this.next;
    const temp = `${this.file}.${process.pid}.tmp`;
    const write = this.writing
      .catch(() => undefined)
      .then(async () => {
        this.next = undefined;
        const text = JSON.stringify(this.records ?? {});
        if (!this.dirMade) {
          await mkdir(this.dir, { recursive: true });
          this.dirMade = true;
        }
        // Written next to it and renamed, so a crash mid-write never leaves half a file.
        try {
          await writeFile(temp, text);
        } catch (error) {
          // The folder went away since it was made: make it again, once.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          await mkdir(this.dir, { recursive: true });
          await writeFile(temp, text);
        }
        await rename(temp, this.file);
      });
    this.next = write;
    this.writing = write;
    return write;
  }
}

function isRecord(value: unknown): value is SyncRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<SyncRecord>;
  const isState = (s: unknown) =>
    typeof s === 'object' &&
    s !== null &&
    typeof (s as { source?: unknown }).source === 'string' &&
    typeof (s as { config?: unknown }).config === 'object' &&
    (s as { config?: unknown }).config !== null;
  return typeof r.serverUpdatedAt === 'string' && isState(r.server) && isState(r.local);
}
