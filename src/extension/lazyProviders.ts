// Lazy providers that activation registers for what VS Code asks the extension for (tree data, the `posthog-hog:` file
// system, the authentication provider, documents, decorations, completions). Each forwards to the real one once
// the extension's features are loaded (src/extension/features.ts, bundled as dist/features.js): the first call of any
// lazy provider loads them, and loading attaches each to its real provider. Their events are relays that
// VS Code subscribes to at registration, before the real providers exist.
import * as vscode from 'vscode';

/** An event that exists before its source: listeners attach now and hear the source once it is connected. */
class Relay<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T>();
  readonly event = this.emitter.event;
  private connection: vscode.Disposable | undefined;

  connect(source: vscode.Event<T> | undefined): void {
    this.connection = source?.((value) => this.emitter.fire(value));
  }

  fire(value: T): void {
    this.emitter.fire(value);
  }

  dispose(): void {
    this.connection?.dispose();
    this.emitter.dispose();
  }
}

/** Loads the features; loading calls attach() on every lazy provider. */
export type LoadFeatures = () => void;

abstract class LazyProvider<T> implements vscode.Disposable {
  private target: T | undefined;
  private readonly relays: vscode.Disposable[] = [];

  constructor(private readonly load: LoadFeatures) {}

  protected get attached(): boolean {
    return this.target !== undefined;
  }

  protected get real(): T {
    if (!this.target) this.load();
    if (!this.target) throw new Error(vscode.l10n.t('The PostHog Workbench features did not load.'));
    return this.target;
  }

  attach(target: T): void {
    this.target = target;
    this.connect(target);
  }

  protected abstract connect(target: T): void;

  protected relay<E>(): Relay<E> {
    const relay = new Relay<E>();
    this.relays.push(relay);
    return relay;
  }

  dispose(): void {
    for (const relay of this.relays) relay.dispose();
  }
}

export class LazyTreeProvider<N>
  extends LazyProvider<vscode.TreeDataProvider<N>>
  implements vscode.TreeDataProvider<N>
{
  private readonly changes = this.relay<N | N[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changes.event;

  /**
   * `needed` says whether the first level needs the features at all: signed out, the PostHog view shows its welcome
   * content over an empty first level, so opening it loads nothing (README, Performance).
   */
  constructor(
    load: LoadFeatures,
    private readonly needed: () => boolean | Promise<boolean> = () => true,
  ) {
    super(load);
  }

  getTreeItem(node: N): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real.getTreeItem(node);
  }

  getChildren(node?: N): vscode.ProviderResult<N[]> {
    if (node !== undefined || this.attached) return this.real.getChildren(node);
    return Promise.resolve(this.needed()).then((needed) => (needed ? this.real.getChildren(node) : []));
  }

  /** Asks VS Code for the first level again (what it depends on changed before the features loaded). */
  refresh(): void {
    if (!this.attached) this.changes.fire(undefined);
  }

  getParent(node: N): vscode.ProviderResult<N> {
    return this.real.getParent?.(node);
  }

  protected connect(target: vscode.TreeDataProvider<N>): void {
    this.changes.connect(target.onDidChangeTreeData);
  }
}

/** Drag and drop of a tree view: the MIME types are fixed at activation, the handling is the real controller's. */
export class LazyDragAndDropController<N>
  extends LazyProvider<vscode.TreeDragAndDropController<N>>
  implements vscode.TreeDragAndDropController<N>
{
  constructor(
    load: LoadFeatures,
    readonly dragMimeTypes: readonly string[],
    readonly dropMimeTypes: readonly string[],
  ) {
    super(load);
  }

  handleDrag(source: readonly N[], data: vscode.DataTransfer, token: vscode.CancellationToken): Thenable<void> | void {
    return this.real.handleDrag?.(source, data, token);
  }

  handleDrop(target: N | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Thenable<void> | void {
    return this.real.handleDrop?.(target, data, token);
  }

  protected connect(): void {}
}

export class LazyFileSystemProvider
  extends LazyProvider<vscode.FileSystemProvider>
  implements vscode.FileSystemProvider
{
  private readonly changes = this.relay<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  watch(
    uri: vscode.Uri,
    options: { readonly recursive: boolean; readonly excludes: readonly string[] },
  ): vscode.Disposable {
    return this.real.watch(uri, options);
  }

  stat(uri: vscode.Uri): vscode.FileStat | Thenable<vscode.FileStat> {
    return this.real.stat(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] | Thenable<[string, vscode.FileType][]> {
    return this.real.readDirectory(uri);
  }

  createDirectory(uri: vscode.Uri): void | Thenable<void> {
    return this.real.createDirectory(uri);
  }

  readFile(uri: vscode.Uri): Uint8Array | Thenable<Uint8Array> {
    return this.real.readFile(uri);
  }

  writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { readonly create: boolean; readonly overwrite: boolean },
  ): void | Thenable<void> {
    return this.real.writeFile(uri, content, options);
  }

  delete(uri: vscode.Uri, options: { readonly recursive: boolean }): void | Thenable<void> {
    return this.real.delete(uri, options);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): void | Thenable<void> {
    return this.real.rename(oldUri, newUri, options);
  }

  protected connect(target: vscode.FileSystemProvider): void {
    this.changes.connect(target.onDidChangeFile);
  }
}

export class LazyAuthenticationProvider
  extends LazyProvider<vscode.AuthenticationProvider>
  implements vscode.AuthenticationProvider
{
  private readonly changes = this.relay<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;

  /** `signedIn`: whether there can be a session at all; VS Code asks for sessions as the window opens. */
  constructor(
    load: LoadFeatures,
    private readonly signedIn: () => Promise<boolean> = async () => true,
  ) {
    super(load);
  }

  getSessions(
    scopes: readonly string[] | undefined,
    options: vscode.AuthenticationProviderSessionOptions,
  ): Thenable<vscode.AuthenticationSession[]> {
    if (this.attached) return this.real.getSessions(scopes, options);
    return this.signedIn().then((signedIn) => (signedIn ? this.real.getSessions(scopes, options) : []));
  }

  /** A key stored or removed before the features loaded: VS Code asks for the sessions again. */
  refresh(): void {
    if (!this.attached) this.changes.fire({ added: [], removed: [], changed: [] });
  }

  createSession(
    scopes: readonly string[],
    options: vscode.AuthenticationProviderSessionOptions,
  ): Thenable<vscode.AuthenticationSession> {
    return this.real.createSession(scopes, options);
  }

  removeSession(sessionId: string): Thenable<void> {
    return this.real.removeSession(sessionId);
  }

  protected connect(target: vscode.AuthenticationProvider): void {
    this.changes.connect(target.onDidChangeSessions);
  }
}

export class LazyContentProvider
  extends LazyProvider<vscode.TextDocumentContentProvider>
  implements vscode.TextDocumentContentProvider
{
  private readonly changes = this.relay<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<string> {
    return this.real.provideTextDocumentContent(uri, token);
  }

  protected connect(target: vscode.TextDocumentContentProvider): void {
    this.changes.connect(target.onDidChange);
  }
}

/** Decorations: VS Code asks for every file the Explorer shows, so files the extension never decorates load nothing. */
export class LazyDecorationProvider
  extends LazyProvider<vscode.FileDecorationProvider>
  implements vscode.FileDecorationProvider
{
  private readonly changes = this.relay<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changes.event;

  constructor(
    load: LoadFeatures,
    private readonly applies: (uri: vscode.Uri) => boolean,
  ) {
    super(load);
  }

  provideFileDecoration(
    uri: vscode.Uri,
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<vscode.FileDecoration> {
    return this.applies(uri) ? this.real.provideFileDecoration(uri, token) : undefined;
  }

  protected connect(target: vscode.FileDecorationProvider): void {
    this.changes.connect(target.onDidChangeFileDecorations);
  }
}

export class LazyCompletionProvider
  extends LazyProvider<vscode.CompletionItemProvider>
  implements vscode.CompletionItemProvider
{
  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): vscode.ProviderResult<vscode.CompletionItem[] | vscode.CompletionList> {
    return this.real.provideCompletionItems(document, position, token, context);
  }

  protected connect(): void {}
}
