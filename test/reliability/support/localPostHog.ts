// Shared by the plain-Node reliability tests: one local PostHog per file and a client against it whose waits
// (backoff, PostHog's "Expected available in N seconds") are recorded and skipped, so a suite of faults runs in
// seconds while still going through the real client, the real HTTP stack and the local PostHog's real handlers.
import { after, before } from 'node:test';
import type { ClientOptions } from '../../../src/api';
import { rejection, testClient } from '../../unit/api/helpers';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';

export function useLocalPostHog(): () => FakePostHog {
  let fake: FakePostHog | undefined;
  before(async () => {
    fake = await startFakePostHog({ seed: 'realistic' });
  });
  after(async () => {
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error('the local PostHog has not started');
    return fake;
  };
}

/** A client for the local PostHog with its real key, whose waits are recorded and skipped (see testClient). */
export function clientFor(fake: FakePostHog, extra: Partial<ClientOptions> = {}) {
  return testClient(fake.url, { getApiKey: () => fake.apiKey, timeoutMs: 400, ...extra });
}

export { rejection };

export function storedGroup(fake: FakePostHog, groupTypeIndex: number, groupKey: string) {
  return fake.state.groups.find(
    (g) => g.project_id === fake.projectId && g.group_type_index === groupTypeIndex && g.group_key === groupKey,
  );
}
