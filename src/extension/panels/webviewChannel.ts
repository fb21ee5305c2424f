// The extension's side of a webview panel's protocol, for any panel: validates each message from the webview,
// answers every request with exactly one reply of its type (an error reply when the request does not validate or
// its handler fails, so the webview never waits forever), and logs what it drops.
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import {
  describeIssues,
  errorReply,
  messageId,
  type ErrorInfo,
  type Reply,
  type Request,
  type ReplyTypes,
} from '../../shared/protocol/common';

/** What validating a message gives: zod's safeParse result, narrowed to what the channel reads. */
type Parsed<T> = { success: true; data: T } | { success: false; error: Parameters<typeof describeIssues>[0] };

export interface ChannelOptions<W extends { type: string }, H extends { type: string }> {
  /** The panel, as the log names it: "Group panel". */
  name: string;
  schema: { safeParse(message: unknown): Parsed<W> };
  replies: ReplyTypes<W, H>;
  post: (message: H) => void;
  log: vscode.LogOutputChannel;
  /** Answers a valid request; a throw becomes the request's error reply. */
  answer: (request: Extract<W, Request>) => Promise<H>;
  notify: (message: Exclude<W, Request>) => Promise<void>;
  /** The error a failed request reports to the webview (and the place to log it). */
  failure: (request: Extract<W, Request>, error: unknown) => ErrorInfo;
}

export class WebviewChannel<W extends { type: string }, H extends { type: string }> {
  constructor(private readonly options: ChannelOptions<W, H>) {}

  /**
   * Validates and handles one message from the webview. Returns the reply to a valid request (extension-host
   * tests drive panels through here, as the webview does); a message that fails validation is dropped, and when
   * it was a request, the webview still gets an error reply for it.
   */
  async receive(raw: unknown): Promise<H | undefined> {
    const { name, schema, replies, log } = this.options;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const detail = describeIssues(parsed.error);
      log.warn(`${name}: dropped a malformed message from the webview (${detail})`);
      const id = messageId(raw);
      if (id !== undefined) {
        const { type } = raw as { type?: unknown };
        const message = l10n.t(
          'The extension could not read this request from the panel ({0}). Nothing was sent to PostHog.',
          detail,
        );
        this.post(
          errorReply(replies, typeof type === 'string' ? type : '', id, { message, kind: 'protocol', signIn: false }),
        );
      }
      return undefined;
    }
    const message = parsed.data;
    if (!isRequest(message)) {
      await this.options.notify(message as Exclude<W, Request>);
      return undefined;
    }
    const request = message as Extract<W, Request>;
    let reply: H;
    try {
      reply = await this.options.answer(request);
    } catch (error) {
      reply = errorReply(replies, request.type, request.id, this.options.failure(request, error)) as unknown as H;
    }
    this.options.post(reply);
    return reply;
  }

  private post(reply: Reply): void {
    // Every reply type accepts `{ type, id, error }` (see ReplyTypes), so this is a valid host message.
    this.options.post(reply as unknown as H);
  }
}

function isRequest(message: { type: string }): message is Request {
  return 'id' in message;
}
