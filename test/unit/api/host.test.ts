// The client refuses hosts the API key must not be sent to before making any request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EU_CLOUD, normalizeHost, PostHogClient, US_CLOUD } from '../../../src/api';

const accepted: [string, string][] = [
  ['https://us.posthog.com', US_CLOUD],
  ['https://eu.posthog.com/', EU_CLOUD],
  ['  HTTPS://EU.PostHog.com//project/1/insights?x=1#y ', EU_CLOUD],
  ['https://posthog.example.com:8443/', 'https://posthog.example.com:8443'],
  ['https://posthog.example.com:443', 'https://posthog.example.com'],
  ['http://localhost:8000/', 'http://localhost:8000'],
  ['http://127.0.0.1:8010', 'http://127.0.0.1:8010'],
  ['http://127.5.6.7', 'http://127.5.6.7'],
  ['http://[::1]:8000', 'http://[::1]:8000'],
];

const refused: [string, RegExp][] = [
  ['', /Enter the PostHog host/],
  ['us.posthog.com', /not a URL/],
  ['us', /not a URL/],
  ['ftp://posthog.example.com', /https:\/\//],
  ['file:///etc/passwd', /https:\/\//],
  ['https://user:pw@posthog.example.com', /user name or password/],
  ['https://user@posthog.example.com', /user name or password/],
  ['http://posthog.example.com', /unencrypted.*https:\/\/posthog\.example\.com/],
  ['http://10.0.0.5:8000', /unencrypted/],
  ['http://128.0.0.1', /unencrypted/],
  ['http://localhost.evil.com', /unencrypted/],
];

for (const [input, origin] of accepted) {
  test(`normalizeHost accepts ${JSON.stringify(input)}`, () => {
    assert.deepEqual(normalizeHost(input), { ok: true, origin });
  });
}

for (const [input, reason] of refused) {
  test(`normalizeHost refuses ${JSON.stringify(input)}`, () => {
    const result = normalizeHost(input);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, reason);
  });
}

test('the client refuses a plain http:// host that is not loopback, before any request', () => {
  assert.throws(
    () => new PostHogClient({ host: 'http://posthog.example.com', getApiKey: () => 'phx_x' }),
    (e: unknown) => (e as { kind?: string }).kind === 'config' && /unencrypted/.test((e as Error).message),
  );
});

test('the client wants an already normalised origin', () => {
  assert.throws(
    () => new PostHogClient({ host: 'https://us.posthog.com/', getApiKey: () => 'phx_x' }),
    (e: unknown) =>
      (e as { kind?: string }).kind === 'config' &&
      /bare origin such as https:\/\/us\.posthog\.com/.test((e as Error).message),
  );
});
