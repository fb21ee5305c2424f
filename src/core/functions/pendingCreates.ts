// Push as new is two steps, creating the function in PostHog and recording its id in the folder's function.json, and
// something can fail in between: the answer to the create times out (PostHog may still have created it), or the file
// cannot be written. A pending marker, written here before the create and removed once the folder is linked, lets the
// next push find the function it already created instead of creating a second one. Kept next to the sync records in
// the extension's storage folder (never in the repository); it holds what the files held, so never a secret value.
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionState } from './functionFiles';
import { isJsonObject } from '../../shared/json';

const FILE = 'hog-function-pending-creates.json';

export interface PendingCreate {
  /** When the create was sent (ISO): a function PostHog created for it was created after this. */
  startedAt: string;
  /** What was sent, secrets as markers: the created function's name, type and code are these. */
  sent: FunctionState;
  /** The function's own secret inputs whose values went with the create (function.json loses only those). */
  sentSecrets?: string[];
  /** The created function's id, once PostHog's answer arrived (the link itself may still have failed). */
  createdId?: string;
}

export class PendingCreates {
  private readonly file: string;
  private entries: Record<string, PendingCreate> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {
    this.file = join(dir, FILE);
  }

  private static key(projectKey: string, folder: string): string {
    return `${projectKey}#${folder}`;
  }

  get(projectKey: string, folder: string): PendingCreate | undefined {
    return this.load()[PendingCreates.key(projectKey, folder)];
  }

  set(projectKey: string, folder: string, entry: PendingCreate): Promise<void> {
    this.load()[PendingCreates.key(projectKey, folder)] = entry;
    return this.save();
  }

  delete(projectKey: string, folder: string): Promise<void> {
    const entries = this.load();
    const key = PendingCreates.key(projectKey, folder);
    if (!(key in entries)) return this.writing;
    delete entries[key];
    return this.save();
  }

  private load(): Record<string, PendingCreate> {
    if (!this.entries) {
      this.entries = Object.create(null) as Record<string, PendingCreate>;
      try {
        const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
        if (isJsonObject(parsed)) {
          for (const [key, value] of Object.entries(parsed)) if (isPending(value)) this.entries[key] = value;
        }
      } catch {
        // No file yet.
      }
    }
    return this.entries;
  }

  /** Written before the create is sent: a marker that cannot be kept must stop the create (a duplicate could follow). */
  private save(): Promise<void> {
    const text = JSON.stringify(this.entries ?? {});
    const temp = `${this.file}.${process.pid}.tmp`;
    const write = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        await writeFile(temp, text);
        await rename(temp, this.file);
      });
    this.writing = write;
    return write;
  }
}

function isPending(value: unknown): value is PendingCreate {
  if (!isJsonObject(value) || typeof value.startedAt !== 'string' || !isJsonObject(value.sent)) return false;
  return (
    typeof value.sent.source === 'string' &&
    isJsonObject(value.sent.config) &&
    (value.createdId === undefined || typeof value.createdId === 'string') &&
    (value.sentSecrets === undefined ||
      (Array.isArray(value.sentSecrets) && value.sentSecrets.every((k) => typeof k === 'string')))
  );
}
