// Prompts (src/core/prompts.ts) on the command line: a question is answered by `--yes`, or by the person at the
// terminal (io.confirm), or not at all (CI without --yes: the answer is Cancel, and the command says why). `--yes`
// answers the routine questions (create, enable, move a secret out of a file, overwrite a side never synced here) but
// never a conflict the sync record proves: that the other side changed since the last sync needs a person.
import * as l10n from '@vscode/l10n';
import type { SyncQuestion } from '../core/functions/functionSync';
import type {
  ConfirmOptions,
  InputOptions,
  OpenFileOptions,
  PickItem,
  Prompts,
  ProgressOptions,
  ProgressReport,
  SaveFileOptions,
} from '../core/prompts';
import type { CliIO } from './io';

/** Questions `--yes` does not answer: each means someone's changes would be overwritten. */
export const NEEDS_A_PERSON: ReadonlySet<string> = new Set<SyncQuestion>(['push.serverChanged', 'pull.localChanges']);

export class CliPrompts implements Prompts {
  /** The questions answered Cancel because nobody could answer them. */
  readonly unanswered: string[] = [];

  constructor(
    private readonly io: CliIO,
    private readonly yes: boolean,
  ) {}

  /** Whether a question with this id would get an answer (before asking anything: a command refuses up front). */
  canAnswer(id: SyncQuestion): boolean {
    return this.io.confirm !== undefined || (this.yes && !NEEDS_A_PERSON.has(id));
  }

  async confirm<A extends string>(message: string, options: ConfirmOptions<A>): Promise<A | undefined> {
    const go = options.suggested ?? options.actions[0];
    if (go === undefined) return undefined;
    if (this.yes && options.id !== undefined && !NEEDS_A_PERSON.has(options.id)) {
      this.io.stderr(`${message} ${l10n.t('{0} (--yes).', go)}\n`);
      return go;
    }
    if (this.io.confirm) {
      if (options.detail) this.io.stderr(`${options.detail}\n`);
      return (await this.io.confirm(`${message} ${go}?`)) ? go : undefined;
    }
    this.unanswered.push(message);
    return undefined;
  }

  /** Values for the secret inputs of the function being pushed (from environment variables), by input key. */
  secrets: Record<string, string> = {};

  /**
   * A secret is never typed on the command line: it comes from `secrets`, or an optional one is left empty (set it
   * later in PostHog).
   */
  async password(options: InputOptions): Promise<string | undefined> {
    const key = options.id?.startsWith('secret.') ? options.id.slice('secret.'.length) : undefined;
    if (key !== undefined && this.secrets[key]) return this.secrets[key];
    const check = await options.validate?.('');
    if (check === undefined || (typeof check === 'object' && check.severity === 'warning')) return '';
    this.unanswered.push(options.title ?? options.prompt ?? '');
    return undefined;
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.unanswered.push(options.title ?? options.prompt ?? '');
    return undefined;
  }

  async pick<T extends PickItem>(
    _items: readonly T[],
    options: { title?: string; placeHolder?: string },
  ): Promise<T | undefined> {
    this.unanswered.push(options.title ?? options.placeHolder ?? '');
    return undefined;
  }

  async pickMany<T extends PickItem>(
    _items: readonly T[],
    options: { title?: string; placeHolder?: string },
  ): Promise<T[] | undefined> {
    this.unanswered.push(options.title ?? options.placeHolder ?? '');
    return undefined;
  }

  /** A command line names its files as arguments: a file dialog has nobody to answer it. */
  async openFile(options: OpenFileOptions): Promise<string | undefined> {
    this.unanswered.push(options.title ?? '');
    return undefined;
  }

  async saveFile(options: SaveFileOptions): Promise<string | undefined> {
    this.unanswered.push(options.title ?? options.defaultPath ?? '');
    return undefined;
  }

  async info<A extends string>(message: string): Promise<A | undefined> {
    this.io.stderr(`${message}\n`);
    return undefined;
  }

  async warn<A extends string>(message: string): Promise<A | undefined> {
    this.io.stderr(`${message}\n`);
    return undefined;
  }

  async error<A extends string>(message: string): Promise<A | undefined> {
    this.io.stderr(`${message}\n`);
    return undefined;
  }

  progress<T>(
    _options: ProgressOptions,
    task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
  ): Promise<T> {
    return task(new AbortController().signal, () => undefined);
  }
}
