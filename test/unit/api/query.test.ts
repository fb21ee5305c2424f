// The client's query calls for Hog against the local PostHog: request shape, tolerant answers, and a 429 reported at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { json, rejection, startServer, testClient } from './helpers';

describe('API client: Hog checks and completions (POST query/)', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog({ seed: 'empty' });
  });
  after(() => fake.close());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;

  it('checks Hog with its globals and reads errors, warnings and notices', async () => {
    const result = await client().checkHog(1, {
      source: 'print(event.event, nope)\nlenght(1)',
      globals: { event: { event: '$pageview' } },
    });
    assert.equal(result.isValid, false);
    assert.deepEqual(
      result.errors.map((e) => e.message),
      ['Hog function `lenght` is not implemented'],
    );
    assert.deepEqual(
      result.warnings.map((e) => [e.message, e.start, e.end]),
      [['Unknown global variable: nope', 19, 23]],
    );
    assert.deepEqual(
      result.notices.map((e) => e.message),
      ['Global variable: event'],
    );
    const sent = fake.requests.at(-1);
    assert.equal(sent?.path, '/api/projects/1/query/');
    assert.equal(sent?.method, 'POST');
  });

  it('completes at code point positions', async () => {
    const source = 'print(event.)';
    const result = await client().completeHog(1, {
      source,
      startPosition: 12,
      endPosition: 12,
      globals: { event: { event: 'x', properties: {} } },
    });
    assert.deepEqual(
      result.suggestions.map((s) => s.label),
      ['event', 'properties'],
    );
  });

  it('tolerates missing lists and optional fields, and leaves out a row it cannot read', async () => {
    const server = await startServer((req, res) => {
      const kind = JSON.parse(req.body).query.kind;
      if (kind === 'HogQLMetadata')
        json(res, 200, {
          isValid: true,
          errors: null,
          notices: [{ message: 'Did you mean `length`?', start: 0, end: 6, fix: 'length' }, { start: 1 }],
        });
      else
        json(res, 200, {
          suggestions: [{ label: 'length', insertText: 'length()', kind: 'Function' }, { label: 42 }, { label: 'x' }],
        });
    });
    try {
      const { client: c } = testClient(server.url);
      const check = await c.checkHog(1, { source: 'lenght', globals: {} });
      assert.deepEqual(check.errors, []);
      assert.deepEqual(check.warnings, []);
      assert.deepEqual(check.notices, [{ message: 'Did you mean `length`?', start: 0, end: 6, fix: 'length' }]);
      const complete = await c.completeHog(1, { source: 'le', startPosition: 0, endPosition: 2, globals: {} });
      assert.deepEqual(
        complete.suggestions.map((s) => s.label),
        ['length', 'x'],
      );
      assert.equal(JSON.parse(server.requests[0]?.body ?? '{}').query.language, 'hog');
    } finally {
      await server.close();
    }
  });

  it("reports a 429 at once with PostHog's wait instead of sleeping and retrying", async () => {
    const server = await startServer((_req, res) =>
      json(res, 429, {
        type: 'throttled_error',
        code: 'throttled',
        detail: 'Request was throttled. Expected available in 12 seconds.',
        attr: null,
      }),
    );
    try {
      const { client: c, sleeps } = testClient(server.url);
      const error = await rejection(() => c.checkHog(1, { source: 'return 1', globals: {} }));
      assert.equal(error.kind, 'rate_limited');
      assert.equal(error.retryAfterSeconds, 12);
      assert.deepEqual(sleeps, []);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  it('names the missing scope', async () => {
    const key = fake.addKey(['hog_function:read']);
    const { client: c } = testClient(fake.url, { getApiKey: () => key });
    const error = await rejection(() =>
      c.completeHog(1, { source: '', startPosition: 0, endPosition: 0, globals: {} }),
    );
    assert.equal(error.kind, 'missing_scope');
    assert.equal(error.scope, 'query:read');
  });
});
