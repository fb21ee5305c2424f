// Prompts answered by a script, for tests in Node and in the extension host (as vscode-azuretools' TestUserInput):
// a queue of the questions a test expects, in order, each with its answer. A question nobody expected, or one that
// differs from the next expected one, fails the prompt (and the test, at assertDone()); an answer left unused fails
// assertDone(). Notifications are recorded; one is answered only when the script's next entry expects it.
import { existsSync } from 'node:fs';
import type {
  ConfirmOptions,
  InputOptions,
  OpenFileOptions,
  PickItem,
  PickOptions,
  ProgressOptions,
  ProgressReport,
  PromptKind,
  Prompts,
  SaveFileOptions,
} from '../../src/core/prompts';

/** Text a question must contain, or a pattern it must match. */
export type Match = string | RegExp;

/**
 * One expected question and its answer (undefined: the user cancels, presses Escape or dismisses). The key names the
 * kind of question and what its text (title, prompt, message, detail; a file dialog's title and proposed path) must
 * match; a pick's answer matches an item's label; a file dialog's answer is a path (an open dialog's must exist).
 */
export type Expectation =
  | { input: Match; answer: string | undefined }
  | { password: Match; answer: string | undefined }
  | { pick: Match; answer: Match | undefined }
  | { pickMany: Match; answer: Match[] | undefined }
  | { confirm: Match; answer: string | undefined }
  | { info: Match; answer: string | undefined }
  | { warn: Match; answer: string | undefined }
  | { error: Match; answer: string | undefined }
  | { openFile: Match; answer: string | undefined }
  | { saveFile: Match; answer: string | undefined };

const KINDS: readonly PromptKind[] = [
  'input',
  'password',
  'pick',
  'pickMany',
  'confirm',
  'info',
  'warn',
  'error',
  'openFile',
  'saveFile',
];

/** What was asked or shown, in order. */
export interface Asked {
  kind: PromptKind;
  text: string;
  /** The actions a notification or confirmation offered; the labels a pick offered; a file dialog's filter names. */
  choices: string[];
  answer: unknown;
}

export class UnexpectedPrompt extends Error {}

const matches = (match: Match, text: string): boolean =>
  typeof match === 'string' ? text.includes(match) : match.test(text);
const show = (match: Match | undefined): string =>
  match === undefined ? 'cancel' : typeof match === 'string' ? JSON.stringify(match) : String(match);
const kindOf = (e: Expectation): PromptKind => KINDS.find((k) => k in e) as PromptKind;

export class ScriptedPrompts implements Prompts {
  private readonly queue: Expectation[];
  readonly asked: Asked[] = [];
  readonly failures: string[] = [];

  constructor(expectations: Expectation[] = []) {
    this.queue = [...expectations];
  }

  /** Adds answers for questions still to come. */
  expect(...expectations: Expectation[]): this {
    this.queue.push(...expectations);
    return this;
  }

  /** The expectations not answered yet. */
  get remaining(): readonly Expectation[] {
    return this.queue;
  }

  /** Fails when a question came that the script did not expect, or an expected one never came. */
  assertDone(): void {
    const problems = [...this.failures];
    if (this.queue.length)
      problems.push(
        `expected but never asked: ${this.queue.map((e) => `${kindOf(e)} ${show((e as Record<string, Match>)[kindOf(e)])}`).join('; ')}`,
      );
    if (problems.length) throw new UnexpectedPrompt(`Scripted prompts: ${problems.join('\n')}`);
  }

  /** The texts of what was asked or shown of one kind (notifications included). */
  shown(kind: PromptKind): string[] {
    return this.asked.filter((a) => a.kind === kind).map((a) => a.text);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return this.typed('input', options);
  }

  password(options: InputOptions): Promise<string | undefined> {
    return this.typed('password', options);
  }

  async pick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    const choices = items.filter((i) => !i.separator);
    const answer = this.next(
      'pick',
      pickText(options),
      choices.map((i) => i.label),
    ) as Match | undefined;
    if (answer === undefined) return this.answered(undefined);
    return this.answered(this.item(choices, answer, options));
  }

  async pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
    const choices = items.filter((i) => !i.separator);
    const answer = this.next(
      'pickMany',
      pickText(options),
      choices.map((i) => i.label),
    ) as Match[] | undefined;
    if (answer === undefined) return this.answered(undefined);
    return this.answered(answer.map((m) => this.item(choices, m, options)));
  }

  async confirm<A extends string>(message: string, options: ConfirmOptions<A>): Promise<A | undefined> {
    const text = options.detail ? `${message}\n${options.detail}` : message;
    return this.answered(
      this.action(
        'confirm',
        text,
        options.actions,
        this.next('confirm', text, [...options.actions]) as string | undefined,
      ),
    );
  }

  info<A extends string>(message: string, ...actions: A[]): Promise<A | undefined> {
    return this.notify('info', message, actions);
  }

  warn<A extends string>(message: string, ...actions: A[]): Promise<A | undefined> {
    return this.notify('warn', message, actions);
  }

  error<A extends string>(message: string, ...actions: A[]): Promise<A | undefined> {
    return this.notify('error', message, actions);
  }

  async openFile(options: OpenFileOptions): Promise<string | undefined> {
    const text = [options.title].filter(Boolean).join('\n');
    const answer = this.next('openFile', text, Object.keys(options.filters ?? {})) as string | undefined;
    // An open dialog offers only files that are there.
    if (answer !== undefined && !existsSync(answer))
      this.fail(`the answer ${JSON.stringify(answer)} to openFile "${text}" is no file`);
    return this.answered(answer);
  }

  async saveFile(options: SaveFileOptions): Promise<string | undefined> {
    const text = [options.title, options.defaultPath].filter(Boolean).join('\n');
    return this.answered(this.next('saveFile', text, Object.keys(options.filters ?? {})) as string | undefined);
  }

  /** Runs the task at once; `abort` cancels the running ones, as the notification's Cancel button does. */
  progress<T>(
    _options: ProgressOptions,
    task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
  ): Promise<T> {
    return task(this.abort.signal, (message) => this.reports.push(message));
  }

  private abort = new AbortController();
  /** What progress reported, in order. */
  readonly reports: string[] = [];

  /** Cancels every progress running now, and the ones started later. */
  cancelProgress(): void {
    this.abort.abort();
  }

  private async typed(kind: 'input' | 'password', options: InputOptions): Promise<string | undefined> {
    const text = [options.title, options.prompt, options.placeHolder].filter(Boolean).join('\n');
    for (;;) {
      const answer = this.next(kind, text, []) as string | undefined;
      if (answer !== undefined) {
        const check = await options.validate?.(answer);
        if (typeof check === 'string')
          this.fail(`the answer ${JSON.stringify(answer)} to ${kind} "${text}" is refused by its check: ${check}`);
        // Refused when accepted (a key PostHog rejects): the box stays open, and the script's next answer is typed in it.
        const refused = await options.accept?.(answer);
        if (refused !== undefined) {
          this.refusals.push(refused);
          continue;
        }
      }
      return this.answered(answer);
    }
  }

  /** What boxes said under themselves when an answer was refused on Enter, in order. */
  readonly refusals: string[] = [];

  private async notify<A extends string>(kind: PromptKind, message: string, actions: A[]): Promise<A | undefined> {
    const head = this.queue[0];
    const expected = head && kindOf(head) === kind && matches((head as Record<string, Match>)[kind] as Match, message);
    if (!expected) {
      this.asked.push({ kind, text: message, choices: actions, answer: undefined });
      return undefined;
    }
    return this.answered(this.action(kind, message, actions, this.next(kind, message, actions) as string | undefined));
  }

  /** The next expectation's answer, after checking that this is the question it expects. */
  private next(kind: PromptKind, text: string, choices: string[]): unknown {
    const head = this.queue[0];
    this.asked.push({ kind, text, choices, answer: undefined });
    if (!head)
      this.fail(
        `unexpected ${kind} "${text}"${choices.length ? ` (${choices.join(' | ')})` : ''}: the script has no more answers`,
      );
    const expectedKind = kindOf(head as Expectation);
    const match = (head as Record<string, Match>)[expectedKind] as Match;
    if (expectedKind !== kind || !matches(match, text)) {
      this.fail(`unexpected ${kind} "${text}": the script expects ${expectedKind} ${show(match)} next`);
    }
    this.queue.shift();
    return (head as { answer: unknown }).answer;
  }

  private action<A extends string>(
    kind: PromptKind,
    text: string,
    actions: readonly A[],
    answer: string | undefined,
  ): A | undefined {
    if (answer === undefined) return undefined;
    const found = actions.find((a) => a === answer);
    if (!found)
      this.fail(
        `the answer ${JSON.stringify(answer)} to ${kind} "${text}" is none of its actions (${actions.join(' | ')})`,
      );
    return found;
  }

  private item<T extends PickItem>(items: readonly T[], answer: Match, options: PickOptions): T {
    const found = items.find((i) => i.label === answer) ?? items.find((i) => matches(answer, i.label));
    if (!found)
      this.fail(
        `no item of the pick "${pickText(options)}" matches ${show(answer)} (${items.map((i) => i.label).join(' | ')})`,
      );
    return found as T;
  }

  private answered<T>(answer: T): T {
    const last = this.asked[this.asked.length - 1];
    if (last) last.answer = answer;
    return answer;
  }

  private fail(problem: string): never {
    this.failures.push(problem);
    throw new UnexpectedPrompt(`Scripted prompts: ${problem}`);
  }
}

function pickText(options: PickOptions): string {
  return [options.title, options.placeHolder].filter(Boolean).join('\n');
}
