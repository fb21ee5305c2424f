// Helpers of the API client tests: a recording HTTP server for faults the local PostHog cannot make, and a client to test.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PostHogClient, type ClientOptions, type RequestEvent } from '../../../src/api';

export const TEST_KEY = 'phx_test_secret_key_0123456789abcdef';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A tiny HTTP server for faults the local PostHog cannot produce on its own, recording what it saw. */
export async function startServer(handler: (req: SeenRequest, res: ServerResponse) => void) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      handler(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A client with recorded sleeps (resolved at once) and request events. */
export function testClient(host: string, extra: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const events: RequestEvent[] = [];
  const client = new PostHogClient({
    host,
    getApiKey: () => TEST_KEY,
    rateLimits: false,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { transportFailure: 'cancelled' });
    },
    onRequest: (e) => events.push(e),
    ...extra,
  });
  return { client, sleeps, events };
}

/** Runs `fn`, expecting it to reject, and returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}
