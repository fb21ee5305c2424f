// Shared by the plain-Node reliability tests: one local PostHog per file and a client against it whose waits
// (backoff, PostHog's "Expected available in N seconds") are recorded and skipped, so a suite of faults runs in
// seconds while still going through the real client, the real HTTP stack and the stand-in's real handlers.
import { after, before } from 'node:test';
import { PostHogClient, type ClientOptions, type RequestEvent } from '../../src/api';
import { startFakePostHog, type FakePostHog } from '../fake-posthog/index';

export function useStandIn(): () => FakePostHog {
  let fake: FakePostHog | undefined;
  before(async () => {
    fake = await startFakePostHog({ seed: 'realistic' });
  });
  after(async () => {
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error('the stand-in has not started');
    return fake;
  };
}

export function clientFor(fake: FakePostHog, extra: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const events: RequestEvent[] = [];
  const client = new PostHogClient({
    host: fake.url,
    getApiKey: () => fake.apiKey,
    rateLimits: false,
    timeoutMs: 400,
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

export function storedGroup(fake: FakePostHog, groupTypeIndex: number, groupKey: string) {
  return fake.state.groups.find((g) => g.project_id === fake.projectId && g.group_type_index === groupTypeIndex && g.group_key === groupKey);
}
