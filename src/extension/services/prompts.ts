// The Prompts of src/core/prompts.ts as VS Code's dialogs: input boxes, quick picks, modal warnings, notifications
// and progress. Commands and engines receive it from the composition root (features.ts); only there, and only in the
// extension's own tests, can another Prompts (a script) take its place.
import * as vscode from 'vscode';
import type {
  ConfirmOptions,
  InputCheck,
  InputOptions,
  OpenFileOptions,
  PickItem,
  PickOptions,
  ProgressOptions,
  ProgressReport,
  Prompts,
  SaveFileOptions,
} from '../../core/prompts';

type Item<T> = vscode.QuickPickItem & { item?: T };

function quickPickItems<T extends PickItem>(items: readonly T[]): Item<T>[] {
  return items.map((item) =>
    item.separator
      ? { label: item.label, kind: vscode.QuickPickItemKind.Separator }
      : {
          label: item.label,
          description: item.description,
          detail: item.detail,
          picked: item.picked,
          alwaysShow: item.alwaysShow,
          item,
        },
  );
}

function inputBox(options: InputOptions, password: boolean): Thenable<string | undefined> {
  if (options.accept || options.link) return checkedInputBox(options, password);
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

/**
 * An input box that checks the value when accepted (busy meanwhile; a refusal is an error under the box, which stays
 * open with the text) and offers a page to open from its title bar.
 */
function checkedInputBox(options: InputOptions, password: boolean): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = options.value ?? '';
  box.password = password;
  box.ignoreFocusOut = options.ignoreFocusOut ?? false;
  const link = options.link;
  if (link) box.buttons = [{ iconPath: new vscode.ThemeIcon('link-external'), tooltip: link.tooltip }];
  return new Promise<string | undefined>((resolve) => {
    let checking = false;
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      for (const s of subscriptions) s.dispose();
      box.dispose();
      resolve(value);
    };
    const validate = async (value: string): Promise<boolean> => {
      const check = await options.validate?.(value);
      box.validationMessage = toValidation(check);
      return typeof check !== 'string';
    };
    const subscriptions = [
      box.onDidChangeValue((value) => void validate(value)),
      box.onDidTriggerButton(() => link && void vscode.env.openExternal(vscode.Uri.parse(link.url))),
      box.onDidAccept(async () => {
        const value = box.value;
        if (checking || !(await validate(value))) return;
        if (!options.accept) return finish(value);
        checking = true;
        box.busy = true;
        box.enabled = false;
        const refused = await options
          .accept(value)
          .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
        checking = false;
        box.busy = false;
        box.enabled = true;
        if (refused === undefined) return finish(value);
        box.validationMessage = { message: refused, severity: vscode.InputBoxValidationSeverity.Error };
      }),
      box.onDidHide(() => finish(undefined)),
    ];
    box.show();
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
    const uris = await vscode.window.showOpenDialog({
      title: options.title,
      canSelectMany: false,
      filters: options.filters,
    });
    return uris?.[0]?.fsPath;
  },
  async saveFile(options: SaveFileOptions): Promise<string | undefined> {
    const defaultUri = options.defaultPath === undefined ? undefined : vscode.Uri.file(options.defaultPath);
    return (await vscode.window.showSaveDialog({ title: options.title, defaultUri, filters: options.filters }))?.fsPath;
  },
  async progress<T>(
    options: ProgressOptions,
    task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
  ): Promise<T> {
    const location =
      options.location === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    return vscode.window.withProgress(
      { location, title: options.title, cancellable: options.cancellable ?? false },
      (progress, token) => {
        const abort = new AbortController();
        const listener = token.onCancellationRequested(() => abort.abort());
        return task(abort.signal, (message, increment) => progress.report({ message, increment })).finally(() =>
          listener.dispose(),
        );
      },
    );
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
    // A question about a diff stands beside it: a notification, which the modal dialog would cover.
    if (options.beside)
      return this.current.warn([message, options.detail].filter(Boolean).join(' '), ...options.actions);
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
