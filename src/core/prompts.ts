// Every question the extension or an engine asks a person, as one dependency: the VS Code shell answers with its
// dialogs (src/extension/services/prompts.ts), a command line with its terminal or its flags, and tests with a script
// (test/support/scriptedPrompts.ts). Whatever asks receives a Prompts; nothing reaches for a dialog by itself, so
// nothing can be answered ahead of time by an argument another extension passes.

/** One choice of a pick. Callers add their own fields (an id, the object picked) and get the item back. */
export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  /** Preselected (in a pick of many), or marked as the current choice. */
  picked?: boolean;
  /** A heading between groups of items, not itself a choice. */
  separator?: boolean;
  /** Shown whatever the user types to filter the list. */
  alwaysShow?: boolean;
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  /** Keep the pick open when the focus moves elsewhere (a step of several). */
  ignoreFocusOut?: boolean;
}

/** What an input's check says about a value: nothing (fine), a message (refused), or a warning that still accepts. */
export type InputCheck = string | { message: string; severity: 'warning' } | undefined;

export interface InputOptions {
  title?: string;
  prompt?: string;
  placeHolder?: string;
  /** The text the box starts with. */
  value?: string;
  ignoreFocusOut?: boolean;
  /** Checked as the user types; a refusal keeps the box open. */
  validate?: (value: string) => InputCheck | Promise<InputCheck>;
  /**
   * Checked when the user accepts (Enter), e.g. a key against the server: the box stays open and busy meanwhile, and a
   * refusal (the message returned) shows under it, the text kept for correcting.
   */
  accept?: (value: string) => Promise<string | undefined>;
  /** A page the box offers to open (a button in its title bar), e.g. where a key is created. */
  link?: { url: string; tooltip: string };
  /** What is asked, as a stable name (e.g. `secret.webhook_url`), for shells that answer from elsewhere. */
  id?: string;
}

export interface ConfirmOptions<A extends string> {
  /** The second paragraph of the dialog: what happens, in words the user can decide on. */
  detail?: string;
  /** The buttons, first the one that goes ahead. Cancel is always there and answers undefined. */
  actions: readonly A[];
  /**
   * What is asked, as a stable name (e.g. `push.serverChanged`) for shells that answer by policy rather than by
   * reading the message: the command line's `--yes` answers some questions and never others. Dialogs ignore it.
   */
  id?: string;
  /** The action that does what the files say (e.g. "Create Enabled" for a function.json with `"enabled": true`). */
  suggested?: A;
  /**
   * Asked beside what it is about (a diff just opened): an editor shows a notification, not a modal dialog over it.
   * Shells without windows ask as they ask any question.
   */
  beside?: boolean;
}

export interface ProgressOptions {
  title: string;
  /** Where it shows: the status bar (default) or a notification, which a cancellable task needs. */
  location?: 'window' | 'notification';
  cancellable?: boolean;
}

/** File types a dialog offers, by name: `{ 'CSV or JSON': ['csv', 'json'] }` (extensions without the dot). */
export type FileFilters = Record<string, string[]>;

export interface OpenFileOptions {
  title?: string;
  filters?: FileFilters;
}

export interface SaveFileOptions {
  title?: string;
  /** The file the dialog proposes (a path). */
  defaultPath?: string;
  filters?: FileFilters;
}

export interface Prompts {
  /** A box to type in; undefined when cancelled. */
  input(options: InputOptions): Promise<string | undefined>;
  /** A box whose text is hidden (a key, a secret); undefined when cancelled. */
  password(options: InputOptions): Promise<string | undefined>;
  /** One item of a list; undefined when cancelled. */
  pick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined>;
  /** Any number of items; undefined when cancelled (an empty array when none was chosen). */
  pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined>;
  /** A modal question before something that cannot be taken back: the action chosen, or undefined for Cancel. */
  confirm<A extends string>(message: string, options: ConfirmOptions<A>): Promise<A | undefined>;
  /** Notifications, each with optional actions: the action clicked, or undefined when dismissed. Never modal. */
  info<A extends string>(message: string, ...actions: A[]): Promise<A | undefined>;
  warn<A extends string>(message: string, ...actions: A[]): Promise<A | undefined>;
  error<A extends string>(message: string, ...actions: A[]): Promise<A | undefined>;
  /** One existing file to read; its path, or undefined when cancelled. */
  openFile(options: OpenFileOptions): Promise<string | undefined>;
  /** Where to write a file; its path, or undefined when cancelled. */
  saveFile(options: SaveFileOptions): Promise<string | undefined>;
  /**
   * Runs `task` while showing that it is under way; `signal` aborts when the user cancels a cancellable one, and
   * `report` says how far it got (`increment`: percent of the whole since the last report).
   */
  progress<T>(options: ProgressOptions, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>): Promise<T>;
}

export type ProgressReport = (message: string, increment?: number) => void;

/** The kinds of question a Prompts asks, by method name (scripts and logs name them so). */
export type PromptKind =
  'input' | 'password' | 'pick' | 'pickMany' | 'confirm' | 'info' | 'warn' | 'error' | 'openFile' | 'saveFile';
