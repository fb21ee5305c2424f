// Before the features load, the PostHog view is signed in when a key exists for the host in use: a host from the
// workspace's settings waits for the user's confirmation and the user's own host is used meanwhile, so a repository
// naming a host cannot make the view look signed out (its key is looked up for the user's host too).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostsThatMayBeSignedIn } from '../../../src/extension/services/signedOutHosts';

describe('the hosts whose key means signed in before the features load', () => {
  it("are the merged host and the user's own, as origins, each once", () => {
    assert.deepEqual(hostsThatMayBeSignedIn('https://posthog.repo.example/some/path', 'https://eu.posthog.com'), [
      'https://posthog.repo.example',
      'https://eu.posthog.com',
    ]);
    assert.deepEqual(hostsThatMayBeSignedIn('https://eu.posthog.com/', 'https://eu.posthog.com'), [
      'https://eu.posthog.com',
    ]);
  });
  it('take US Cloud where a setting is empty, and skip what is not a URL', () => {
    assert.deepEqual(hostsThatMayBeSignedIn('https://posthog.repo.example', undefined), [
      'https://posthog.repo.example',
      'https://us.posthog.com',
    ]);
    assert.deepEqual(hostsThatMayBeSignedIn('not a url', ''), ['https://us.posthog.com']);
  });
});
