// The webview's side of a panel's protocol, for any panel: posts notifications, sends requests and resolves each
// with its one typed reply, validates everything the host sends, and hands the host's other messages to the panel.
// A reply the webview cannot read, or of the wrong type, still ends its request with an error: nothing waits forever.
import * as l10n from '@vscode/l10n';
import {
  describeIssues,
  errorReply,
  messageId,
  type Notification,
  type ParamsOf,
  type ReplyOf,
  type ReplyTypes,
  type Request,
  type RequestType,
} from '../../shared/protocol/common';

/** What `acquireVsCodeApi()` gives a webview script. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Parsed<T> = { success: true; data: T } | { success: false; error: Parameters<typeof describeIssues>[0] };

/** W: the panel's webview -> host messages (they include `invalidMessage`), H: host -> webview, R: its reply table. */
export class HostChannel<W extends { type: string }, H extends { type: string }, R extends ReplyTypes<W, H>> {
  private nextId = 1;
  private readonly pending = new Map<number, { replyType: string; resolve: (reply: H) => void }>();

  constructor(
    private readonly api: Pick<VsCodeApi, 'postMessage'>,
    private readonly protocol: { schema: { safeParse(message: unknown): Parsed<H> }; replies: R },
    private readonly onNotification: (message: Notification<H>) => void,
  ) {}

  /** A message that expects no reply. */
  post(message: Exclude<W, Request>): void {
    this.api.postMessage(message);
  }

  /** Sends request `type` and resolves with its reply; a reply with `error` set means it failed. */
  request<K extends RequestType<W> & keyof R>(type: K, params: ParamsOf<W, K>): Promise<ReplyOf<H, R, K>> {
    const id = this.nextId++;
    const replyType = this.protocol.replies[type] as string;
    return new Promise((resolve) => {
      this.pending.set(id, { replyType, resolve: resolve as (reply: H) => void });
      this.api.postMessage({ ...params, type, id });
    });
  }

  /**
   * Drops the requests still waiting, unresolved: for a page that now talks to another host (a reused preview
   * panel), whose answers to them will never come and would no longer apply.
   */
  forgetPending(): void {
    this.pending.clear();
  }

  /** Everything the host posts comes in here (the panel's entry forwards window `message` events). */
  receive(data: unknown): void {
    const parsed = this.protocol.schema.safeParse(data);
    if (!parsed.success) {
      const detail = describeIssues(parsed.error);
      this.api.postMessage({ type: 'invalidMessage', detail });
      const id = messageId(data);
      if (id !== undefined) this.fail(id, l10n.t("The panel could not read the extension's reply ({0}).", detail));
      return;
    }
    const message = parsed.data;
    const id = messageId(message);
    const waiting = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || !waiting) {
      if (id === undefined) this.onNotification(message as Notification<H>);
      return;
    }
    if (message.type === waiting.replyType) {
      this.pending.delete(id);
      waiting.resolve(message);
      return;
    }
    const error = (message as { error?: { message: string } }).error;
    this.fail(
      id,
      error?.message ?? l10n.t('The extension answered with "{0}" instead of "{1}".', message.type, waiting.replyType),
    );
  }

  private fail(id: number, message: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    // Every reply type accepts `{ type, id, error }` (see ReplyTypes).
    waiting.resolve(
      errorReply({ reply: waiting.replyType }, 'reply', id, {
        message,
        kind: 'protocol',
        signIn: false,
      }) as unknown as H,
    );
  }
}
