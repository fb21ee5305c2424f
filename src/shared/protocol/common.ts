// What every webview panel's protocol has in common, whatever the panel: request ids, the error a failed request
// reports, the notice that a message failed validation, and the typing that ties each request to its one reply.
// A panel's own protocol (groupPanel.ts) lists its messages; the plumbing on both ends (panels/webviewChannel.ts
// in the extension, webview/common/hostChannel.ts in the webview) works for any panel from these types.
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';

export const requestId = z.number().check(z.int(), z.nonnegative());

export const errorInfoSchema = z.object({
  message: z.string(),
  /** PostHogError kind, 'config' when there is no usable connection, 'protocol' for a message that failed validation. */
  kind: z.string(),
  /** 401 or signed out: the panel offers Sign In. */
  signIn: z.boolean(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/**
 * The translations a panel's page carries for its webview (README, "Localisation"): VS Code's bundle for the display
 * language as `vscode.l10n.bundle` holds it (keys are the English strings, with `/comment` when a call has one),
 * empty in English, where every string is its own key. The webview hands it to `@vscode/l10n`.
 */
export const l10nBundleSchema = z.record(
  z.string(),
  z.union([z.string(), z.object({ message: z.string(), comment: z.array(z.string()) })]),
);
export type L10nBundle = z.infer<typeof l10nBundleSchema>;
/** The id of the page's `<script type="application/json">` that holds the bundle. */
export const L10N_ELEMENT_ID = 'l10n-bundle';

/** Webview -> host: the webview got a message it could not validate; the host logs it (the webview has no log). */
export const invalidMessageSchema = z.object({ type: z.literal('invalidMessage'), detail: z.string() });

/** A message that expects exactly one reply carrying the same `id`. */
export interface Request {
  type: string;
  id: number;
}

/** Every message type in `M` that is a request. */
export type RequestType<M> = Extract<M, Request>['type'];
export type RequestOf<M, K> = Extract<M, { type: K; id: number }>;
/** What the caller supplies for request `K`: everything but `type` and `id`, which the channel adds. */
export type ParamsOf<M, K> = Omit<RequestOf<M, K>, 'type' | 'id'>;

/** A reply: it carries its request's `id`, and `error` when the request was refused or failed. */
export interface Reply {
  type: string;
  id: number;
  error?: ErrorInfo;
}

/**
 * A panel's reply table: for each request type of `W` (webview -> host), the type of the host message that
 * answers it. Every reply type's schema must accept `{ type, id, error }` alone, which is how a failure looks.
 */
export type ReplyTypes<W, H extends { type: string }> = { readonly [K in RequestType<W>]: Extract<H, Reply>['type'] };

/** The reply to request `K`. */
export type ReplyOf<H, R, K extends keyof R> = Extract<H, { type: R[K] }>;

/** Messages of `H` (host -> webview) that are not replies. */
export type Notification<H> = Exclude<H, { id: number }>;

/** The failure reply to a request of type `type`: its reply type with `error` set. */
export function errorReply(
  replies: Readonly<Record<string, string>>,
  type: string,
  id: number,
  error: ErrorInfo,
): Reply {
  return { type: replies[type] ?? 'reply', id, error };
}

/** The `id` of something that looks like a request or a reply, even one that failed validation. */
export function messageId(message: unknown): number | undefined {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** A short description of why a message failed validation, for the log (never the message itself). */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}
