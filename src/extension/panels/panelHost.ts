// What every webview panel's host does the same way: it answers the webview's messages through a WebviewChannel,
// handles the notifications all panels share (Sign In, Show Log, a message the webview could not read), loads the
// panel's page, posts to it, logs failures and cleans up. A panel brings its protocol, the answers to its requests
// and its own notifications.
import * as vscode from 'vscode';
import { isPostHogError } from '../../api';
import { Command } from '../services/constants';
import type { ReplyTypes, Request } from '../../shared/protocol/common';
import { describeError } from '../services/errors';
import { errorInfo } from './errorInfo';
import { WebviewChannel, type ChannelOptions } from './webviewChannel';
import { panelHtml, webviewOptions } from './webviewHtml';

/** The notifications every panel's webview may send; the host handles them the same way for all. */
type SharedNotification = { type: 'signIn' } | { type: 'showLog' } | { type: 'invalidMessage'; detail: string };

export interface PanelSpec<W extends { type: string }, H extends { type: string }> {
  /** The panel as the log names it: "Group panel". */
  name: string;
  /** Its bundle in dist/webview and the page's title. */
  script: string;
  title: string;
  schema: ChannelOptions<W, H>['schema'];
  replies: ReplyTypes<W, H>;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
}

export abstract class PanelHost<W extends { type: string }, H extends { type: string }> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly channel: WebviewChannel<W, H>;
  /** Set once the page went to another host (release()): nothing of this one may reach the panel any more. */
  private released = false;

  /** `adopted`: a panel another host released, its page already loaded (see release()). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly spec: PanelSpec<W, H>,
    adopted = false,
  ) {
    this.channel = new WebviewChannel<W, H>({
      name: spec.name,
      schema: spec.schema,
      replies: spec.replies,
      log: spec.log,
      post: (message) => this.post(message),
      answer: (request) => this.answer(request),
      notify: (message) => this.route(message),
      failure: (request, error) => {
        this.logFailure(request.type, error);
        return errorInfo(error);
      },
    });
    if (!adopted) {
      panel.webview.options = webviewOptions(spec.extensionUri);
      panel.iconPath = vscode.Uri.joinPath(spec.extensionUri, 'media', 'posthog.svg');
    }
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m)),
      panel.onDidDispose(() => this.closed()),
    );
  }

  /** Loads the panel's page: the last step of a panel's constructor, once it can answer the webview's `ready`. */
  protected loadPage(): void {
    this.panel.webview.html = panelHtml(this.panel.webview, this.spec.extensionUri, {
      script: this.spec.script,
      title: this.spec.title,
    });
  }

  /**
   * One message from the webview, through the same door its messages use (extension-host tests drive panels
   * here): the reply a valid request got, or undefined (see WebviewChannel.receive).
   */
  handleMessage(raw: unknown): Promise<H | undefined> {
    return this.channel.receive(raw);
  }

  /** A request's reply; a throw becomes its error reply (see WebviewChannel). */
  protected abstract answer(request: Extract<W, Request>): Promise<H>;

  /** The panel's own notifications (`ready`...): the shared ones are handled before they get here. */
  protected abstract notify(message: Exclude<W, Request | SharedNotification>): Promise<void>;

  /** The user closed the panel. */
  protected closed(): void {
    this.dispose();
  }

  private async route(message: Exclude<W, Request>): Promise<void> {
    const shared = message as unknown as SharedNotification;
    switch (shared.type) {
      case 'signIn':
        await vscode.commands.executeCommand(Command.signIn);
        return;
      case 'showLog':
        this.spec.log.show();
        return;
      case 'invalidMessage':
        this.spec.log.warn(`${this.spec.name} webview dropped a malformed message from the host (${shared.detail})`);
        return;
      default:
        return this.notify(message as Exclude<W, Request | SharedNotification>);
    }
  }

  protected post(message: H): void {
    if (!this.released) void this.panel.webview.postMessage(message);
  }

  /** False once the panel went to another host: answers still in flight must not touch it (title, messages). */
  protected get attached(): boolean {
    return !this.released;
  }

  /**
   * Hands the panel, with its loaded page, to another host (a preview panel reused for another group): this host
   * stops listening and posting, and reports itself disposed, but the panel stays open.
   */
  protected release(): vscode.WebviewPanel {
    this.released = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    return this.panel;
  }

  protected logFailure(what: string, error: unknown): void {
    if (isPostHogError(error) && error.kind === 'cancelled') return;
    this.spec.log.warn(`${this.spec.name} (${what}): ${describeError(error)}`);
  }

  dispose(): void {
    if (this.released) return;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}
