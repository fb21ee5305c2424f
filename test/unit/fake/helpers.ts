// Helpers of the local PostHog's own tests: one local PostHog per file and a plain HTTP call to it.
import { after, before } from 'node:test';
import { type FakePostHog, type FakePostHogOptions, startFakePostHog } from '../../fake-posthog/index';

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect reply bodies freely
  body: any;
  text: string;
}

/** One fake per test file, closed afterwards. */
export function useFake(options: FakePostHogOptions = {}): () => FakePostHog {
  let fake: FakePostHog | undefined;
  before(async () => {
    fake = await startFakePostHog(options);
  });
  after(async () => {
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error('fake not started');
    return fake;
  };
}

export async function call(
  fake: FakePostHog,
  method: string,
  path: string,
  opts: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? fake.apiKey : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export const P = '/api/projects/1';
