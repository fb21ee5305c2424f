// Bench-only tracing inside the extension host, so the write paths' breakdown needs nothing in the product:
// - the network: undici's diagnostics channels (`undici:request:*`), which the extension's bundled undici and Node's
//   own fetch both publish to, for every request in this process: method, path, body, start and end;
// - the extension: wrappers the bench puts on the product's objects (reached through the test hooks activate()
//   returns in test mode) for as long as a figure runs, then takes off again.
// Times are performance.now() of this process, the clock the figures use.
import * as dc from 'node:diagnostics_channel';

/**
 * What a span stands for in a breakdown (breakdown.ts): `handler` the product's entry point VS Code calls (a
 * provider's writeFile), which marks the extension's window; `code` other product code (marks the window when there
 * is no handler); `fs` a workspace file system call or folder write the extension awaits; `records` the sync records
 * written; `call` a call VS Code makes into the product outside its window (counted, not timed).
 */
export type SpanKind = 'handler' | 'code' | 'fs' | 'records' | 'call';

export interface Span {
  kind: SpanKind;
  label: string;
  start: number;
  end: number;
}

export interface TracedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The body as text, when there was one (for the floors' replays). */
  body?: string;
  start: number;
  /** When the response's headers arrived. */
  headersAt?: number;
  end: number;
  status?: number;
  error?: string;
}

export interface Trace {
  spans: Span[];
  requests: TracedRequest[];
}

interface UndiciRequest {
  method?: string;
  path?: string;
  origin?: string | URL;
  body?: unknown;
}

const decoder = new TextDecoder();

function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  return undefined;
}

type Method = (...args: unknown[]) => unknown;

export class Tracer {
  private recording: Trace | undefined;
  private readonly open = new WeakMap<object, TracedRequest & { done?: boolean }>();
  private readonly restores: (() => void)[] = [];
  private readonly listeners: [string, (message: unknown) => void][] = [];

  constructor() {
    const on = (name: string, listener: (message: unknown) => void) => {
      dc.subscribe(name, listener);
      this.listeners.push([name, listener]);
    };
    on('undici:request:create', (message) => {
      const { request } = message as { request: UndiciRequest };
      if (!this.recording) return;
      const record: TracedRequest = {
        method: request.method ?? 'GET',
        path: request.path ?? '',
        start: performance.now(),
        end: NaN,
      };
      const body = bodyText(request.body);
      if (body !== undefined) record.body = body;
      this.open.set(request as object, record);
      this.recording.requests.push(record);
    });
    on('undici:request:headers', (message) => {
      const { request, response } = message as { request: object; response: { statusCode: number } };
      const record = this.open.get(request);
      if (!record) return;
      record.headersAt = performance.now();
      record.status = response.statusCode;
    });
    const finish = (message: unknown, error?: string) => {
      const { request } = message as { request: object };
      const record = this.open.get(request);
      if (!record || record.done) return;
      record.done = true;
      record.end = performance.now();
      if (error) record.error = error;
    };
    on('undici:request:trailers', (message) => finish(message));
    on('undici:request:error', (message) => finish(message, String((message as { error?: unknown }).error)));
  }

  /** Starts a new recording (dropping any unfinished one). */
  start(): void {
    this.recording = { spans: [], requests: [] };
  }

  /** Ends the recording: requests still open get their end now. */
  stop(): Trace {
    const trace = this.recording ?? { spans: [], requests: [] };
    this.recording = undefined;
    const now = performance.now();
    for (const r of trace.requests) {
      if (Number.isNaN(r.end)) r.end = r.headersAt ?? now;
      delete (r as { done?: boolean }).done;
    }
    return trace;
  }

  /** Records a span that has already ended (a synchronous call of a floor). */
  record(kind: SpanKind, label: string, start: number, end = performance.now()): void {
    this.recording?.spans.push({ kind, label, start, end });
  }

  /** Records a span by hand (the floors, which have no product object to wrap). */
  span<T>(kind: SpanKind, label: string, run: () => Promise<T>): Promise<T> {
    const recording = this.recording;
    const start = performance.now();
    const done = () => recording?.spans.push({ kind, label, start, end: performance.now() });
    return run().finally(done);
  }

  /**
   * Replaces `target[method]` (an own property that shadows the prototype's, so callers that look the method up
   * at call time see it) with a wrapper that records a span while recording. untrace() puts the original back.
   */
  wrap(target: object, method: string, kind: SpanKind, label = method): void {
    const object = target as Record<string, unknown>;
    const original = object[method];
    if (typeof original !== 'function')
      throw new Error(`bench tracing: ${label} is not a method (the product's shape changed?)`);
    const hadOwn = Object.prototype.hasOwnProperty.call(object, method);
    const current = () => this.recording;
    object[method] = function (this: unknown, ...args: unknown[]) {
      const recording = current();
      if (!recording) return (original as Method).apply(this, args);
      const start = performance.now();
      const done = () => recording.spans.push({ kind, label, start, end: performance.now() });
      try {
        const result = (original as Method).apply(this, args);
        if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
          (result as PromiseLike<unknown>).then(done, done);
        } else {
          done();
        }
        return result;
      } catch (error) {
        done();
        throw error;
      }
    };
    this.restores.push(() => {
      if (hadOwn) object[method] = original;
      else delete object[method];
    });
  }

  /** Takes every wrapper off again, in reverse order. */
  untrace(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  dispose(): void {
    this.untrace();
    for (const [name, listener] of this.listeners.splice(0)) dc.unsubscribe(name, listener);
  }
}

/** A private field of a product object, by name; a clear error when the product's shape changed. */
export function field<T>(owner: unknown, name: string, what: string): T {
  const value = (owner as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === null)
    throw new Error(`bench tracing: cannot reach ${what} (${name}); the product's shape changed?`);
  return value as T;
}
