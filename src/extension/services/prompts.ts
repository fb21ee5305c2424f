// The Prompts of src/core/prompts.ts as VS Code's dialogs: input boxes, quick picks, modal warnings, notifications
// and progress. Commands and engines receive it from the composition root (features.ts); only there, and only in the
// extension's own tests, can another Prompts (a script) take its place.
import * as vscode from 'vscode';
import type {
  ConfirmOptions, InputCheck, InputOptions, OpenFileOptions, PickItem, PickOptions, ProgressOptions, ProgressReport, Prompts, SaveFileOptions,
} from '../../core/prompts';

type Item<T> = vscode.QuickPickItem & { item?: T };

function quickPickItems<T extends PickItem>(items: readonly T[]): Item<T>[] {
  return items.map((item) => item.separator
    ? { label: item.label, kind: vscode.QuickPickItemKind.Separator }
    : { label: item.label, description: item.description, detail: item.detail, picked: item.picked, alwaysShow: item.alwaysShow, item });
}

function inputBox(options: InputOptions, password: boolean): Thenable<string | undefined> {
  const validate = options.validate;
  return vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    placeHolder: options.placeHolder,
    value: options.value,
    password,
    ignoreFocusOut: options.ignoreFocusOut,
    validateInput: validate ? async (value) => toValidation(await validate(value)) : undefined,
  });
}

function toValidation(check: InputCheck): string | vscode.InputBoxValidationMessage | undefined {
  if (check === undefined || typeof check === 'string') return check;
  return { message: check.message, severity: vscode.InputBoxValidationSeverity.Warning };
}

export const vscodePrompts: Prompts = {
  input: async (options) => inputBox(options, false),
  password: async (options) => inputBox(options, true),
  async pick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(quickPickItems(items), options);
    return picked?.item;
  },
  async pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
    const picked = await vscode.window.showQuickPick(quickPickItems(items), { ...options, canPickMany: true });
    return picked?.flatMap((p) => (p.item ? [p.item] : []));
  },
  async confirm<A extends string>(message: string, options: ConfirmOptions<A>): Promise<A | undefined> {
    return vscode.window.showWarningMessage(message, { modal: true, detail: options.detail }, ...options.actions);
  },
  info: async (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warn: async (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: async (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  async openFile(options: OpenFileOptions): Promise<string | undefined> {
    const uris = await vscode.window.showOpenDialog({ title: options.title, canSelectMany: false, filters: options.filters });
    return uris?.[0]?.fsPath;
  },
  async saveFile(options: SaveFileOptions): Promise<string | undefined> {
    const defaultUri = options.defaultPath === undefined ? undefined : vscode.Uri.file(options.defaultPath);
    return (await vscode.window.showSaveDialog({ title: options.title, defaultUri, filters: options.filters }))?.fsPath;
  },
  async progress<T>(options: ProgressOptions, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>): Promise<T> {
    const location = options.location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    return vscode.window.withProgress({ location, title: options.title, cancellable: options.cancellable ?? false }, (progress, token) => {
      const abort = new AbortController();
      const listener = token.onCancellationRequested(() => abort.abort());
      return task(abort.signal, (message, increment) => progress.report({ message, increment })).finally(() => listener.dispose());
    });
  },
};

/**
 * The Prompts the features hold: VS Code's dialogs, which the extension's own tests (and only they: test exports
 * exist in ExtensionMode.Test alone) can replace with a script for as long as a test runs.
 */
export class SwitchablePrompts implements Prompts {
  private current: Prompts;

  constructor(private readonly fallback: Prompts) {
    this.current = fallback;
  }

  /** Answers with `prompts` from now on (VS Code's dialogs again when undefined). */
  use(prompts: Prompts | undefined): void {
    this.current = prompts ?? this.fallback;
  }

  input(options: InputOptions) {
    return this.current.input(options);
  }
  password(options: InputOptions) {
    return this.current.password(options);
  }
  pick<T extends PickItem>(items: readonly T[], options: PickOptions) {
    return this.current.pick(items, options);
  }
  pickMany<T extends PickItem>(items: readonly T[], options: PickOptions) {
    return this.current.pickMany(items, options);
  }
  confirm<A extends string>(message: string, options: ConfirmOptions<A>) {
    return this.current.confirm(message, options);
  }
  info<A extends string>(message: string, ...actions: A[]) {
    return this.current.info(message, ...actions);
  }
  warn<A extends string>(message: string, ...actions: A[]) {
    return this.current.warn(message, ...actions);
  }
  error<A extends string>(message: string, ...actions: A[]) {
    return this.current.error(message, ...actions);
  }
  openFile(options: OpenFileOptions) {
    return this.current.openFile(options);
  }
  saveFile(options: SaveFileOptions) {
    return this.current.saveFile(options);
  }
  progress<T>(options: ProgressOptions, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>) {
    return this.current.progress(options, task);
  }
}
