// One way to run commands: each feature (account, groups, hog functions, common) lists its commands in a table of
// ids and handlers, and commandRunner() runs every entry through one wrapper, so a failure is always reported the
// same way: PostHog's reason, then Sign In, Edit API Key, Retry or Show Log as they fit. Activation registers every
// id (src/extension/main.ts) with a handler that loads the features and calls the runner. No vscode import: the
// runner is tested in plain Node (test/unit/commands/runner.test.ts).
import * as l10n from '@vscode/l10n';
import type { CommandId } from '../services/constants';
import type { ReportError } from '../services/errors';
import { plainDataOnly } from './plainData';

export interface CommandSpec {
  /** What the command does, as the start of its error message: "Open hog function". */
  readonly operation: string;
  /** Runs the handler with the arguments VS Code passed (a tree node, a Uri, options from automation...). */
  readonly run: (args: unknown[]) => unknown;
  /**
   * True for calls that must get a failure back instead of a notification: automation that passes every answer
   * as arguments (`signIn` with an API key in the extension's tests, `createGroup` with a key). Other calls never throw.
   */
  readonly throwsFor: (args: unknown[]) => boolean;
}

/** A feature's commands: declarative, so registering them constructs nothing. */
export type CommandTable = { readonly [id in CommandId]?: CommandSpec };

/** Every command's entry, exactly once: what allCommands() builds from the feature tables. */
export type Commands = { readonly [id in CommandId]: CommandSpec };

/**
 * One table entry. `A` is what the handler accepts; VS Code passes whatever the caller gave (menus pass tree
 * nodes, editor titles a Uri, automation options), so each handler checks its arguments' shape itself.
 */
export function command<A extends unknown[]>(
  operation: string,
  run: (...args: A) => unknown,
  options: { throwsFor?: (...args: A) => boolean } = {},
): CommandSpec {
  return {
    operation,
    run: (args) => run(...(args as A)),
    throwsFor: (args) => options.throwsFor?.(...(args as A)) ?? false,
  };
}

type KeysOf<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? keyof H | KeysOf<R> : never;
type Repeated<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? (keyof H & KeysOf<R>) | Repeated<R>
  : never;
/** Compiles only when the tables name every command id once: otherwise the error names the ids. */
type EveryIdOnce<T extends readonly unknown[]> = ([Repeated<T>] extends [never]
  ? unknown
  : { 'command ids in more than one table': Repeated<T> }) &
  ([Exclude<CommandId, KeysOf<T>>] extends [never]
    ? unknown
    : { 'command ids in no table': Exclude<CommandId, KeysOf<T>> });

/**
 * The feature tables as one: a command id missing from every table, or in two of them, is a compile error (each
 * table's type lists its ids, so build tables with `satisfies CommandTable`, not as `CommandTable`).
 */
export function allCommands<const T extends readonly CommandTable[]>(...tables: T & EveryIdOnce<T>): Commands {
  return Object.assign({}, ...tables) as Commands;
}

/**
 * Thrown by a handler whose Retry should repeat only `retry` (the request made after the prompts), not the whole
 * command with its questions.
 */
export class RetryableFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly retry: () => unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** Wraps a failure of `retry` so the notification's Retry repeats just that. */
export async function retryable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new RetryableFailure(error, run);
  }
}

/** The commands of the tables, run by id through the one wrapper. */
export interface CommandRunner {
  readonly ids: ReadonlySet<string>;
  run(id: string, args: unknown[]): Promise<unknown>;
}

export interface RunnerOptions {
  /**
   * Whether results go back as they are (the extension's own tests) or as plain data only (everyone else: any
   * extension can run our commands and read what they return).
   */
  results: 'as-is' | 'plain-data';
  /** Shows a failure with its actions (src/extension/services/errors.ts). */
  report: ReportError;
  /** The host the session is on, for the failure's Edit API Key. */
  host: () => string;
}

/**
 * Runs the commands of the tables. A failing command shows one error notification (nothing when the user
 * cancelled) and returns undefined, except for the calls its `throwsFor` selects, which reject with the error.
 */
export function commandRunner(options: RunnerOptions, commands: Commands): CommandRunner {
  const reported = async (operation: string, run: () => unknown): Promise<unknown> => {
    try {
      return await run();
    } catch (error) {
      const retry = error instanceof RetryableFailure ? error.retry : run;
      const failure = error instanceof RetryableFailure ? error.failure : error;
      void options.report(operation, failure, { host: options.host(), retry: () => reported(operation, retry) });
      return undefined;
    }
  };
  const handOut = options.results === 'as-is' ? (result: unknown) => result : plainDataOnly;
  const specs = new Map(Object.entries(commands) as [string, CommandSpec][]);
  return {
    ids: new Set(specs.keys()),
    async run(id, args) {
      const spec = specs.get(id);
      if (!spec) throw new Error(l10n.t('PostHog Workbench has no handler for the command {0}.', id));
      if (spec.throwsFor(args)) return handOut(await unwrapped(() => spec.run(args)));
      return handOut(await reported(spec.operation, () => spec.run(args)));
    },
  };
}

/** Automation gets the error itself, not the wrapper that carries its Retry. */
async function unwrapped(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof RetryableFailure ? error.failure : error;
  }
}
