// Retries, timeouts, cancellation and odd bodies, against small servers that misbehave on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPostHogError } from '../../../src/api';
import { json, rejection, startServer, testClient, TEST_KEY } from './helpers';

const GROUP = { group_type_index: 0, group_key: 'org:1', group_properties: {}, created_at: '2024-01-01T00:00:00Z' };
const ref = { groupTypeIndex: 0, groupKey: 'org:1' };

for (const status of [502, 503, 504]) {
  test(`GET retries ${status} with exponential backoff and then succeeds`, async () => {
    let calls = 0;
    const server = await startServer((_req, res) =>
      ++calls < 4 ? json(res, status, { detail: 'down' }) : json(res, 200, []),
    );
    const { client, sleeps, events } = testClient(server.url);
    try {
      assert.deepEqual((await client.listGroupTypes(1)).results, []);
      assert.equal(server.requests.length, 4);
      assert.equal(sleeps.length, 3);
      // 300 ms base doubling each time, with up to half of each delay random.
      for (const [i, ms] of sleeps.entries())
        assert.ok(ms >= 150 * 2 ** i && ms <= 300 * 2 ** i, `retry ${i} slept ${ms}`);
      assert.deepEqual(
        events.map((e) => [e.attempt, e.status]),
        [
          [1, status],
          [2, status],
          [3, status],
          [4, 200],
        ],
      );
    } finally {
      await client.dispose();
      await server.close();
    }
  });

  test(`POST is not retried after ${status}`, async () => {
    const server = await startServer((_req, res) =>
      json(res, status, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null }),
    );
    const { client, sleeps } = testClient(server.url);
    try {
      const e = await rejection(() => client.updateGroupProperty(1, ref, 'plan', 'pro'));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, status);
      assert.equal(
        e.message,
        `Couldn't update group property: PostHog had a server error (HTTP ${status}). Try again later.`,
      );
      assert.equal(server.requests.length, 1);
      assert.deepEqual(sleeps, []);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
}

test('GET gives up after maxRetries and reports the server error', async () => {
  const server = await startServer((_req, res) => json(res, 503, {}));
  const { client } = testClient(server.url, { retry: { maxRetries: 2 } });
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'server');
    assert.equal(server.requests.length, 3);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('429 waits the seconds PostHog states in detail, then retries (POST too)', async () => {
  let calls = 0;
  const server = await startServer((_req, res) =>
    ++calls === 1
      ? json(res, 429, {
          type: 'throttled_error',
          code: 'throttled',
          detail: 'Request was throttled. Expected available in 37 seconds.',
          attr: null,
        })
      : json(res, 200, GROUP),
  );
  const { client, sleeps } = testClient(server.url);
  try {
    await client.updateGroupProperty(1, ref, 'plan', 'pro');
    assert.deepEqual(sleeps, [37_000]);
    assert.equal(server.requests.length, 2);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('429 honours a Retry-After header when detail has no number', async () => {
  let calls = 0;
  const server = await startServer((_req, res) =>
    ++calls === 1 ? json(res, 429, { detail: 'Slow down.' }, { 'retry-after': '5' }) : json(res, 200, []),
  );
  const { client, sleeps } = testClient(server.url);
  try {
    await client.listGroupTypes(1);
    assert.deepEqual(sleeps, [5_000]);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('429 asking for more than a minute fails at once as rate_limited with the seconds', async () => {
  const server = await startServer((_req, res) =>
    json(res, 429, {
      type: 'throttled_error',
      code: 'throttled',
      detail: 'Request was throttled. Expected available in 3120 seconds.',
      attr: null,
    }),
  );
  const { client, sleeps } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'rate_limited');
    assert.equal(e.retryAfterSeconds, 3120);
    assert.equal(
      e.message,
      "Couldn't list group types: PostHog is rate limiting this API key. Try again in 3120 seconds.",
    );
    assert.deepEqual(sleeps, []);
    assert.equal(server.requests.length, 1);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('429 retries are bounded', async () => {
  const server = await startServer((_req, res) =>
    json(res, 429, { detail: 'Request was throttled. Expected available in 2 seconds.' }),
  );
  const { client, sleeps } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'rate_limited');
    assert.deepEqual(sleeps, [2000, 2000, 2000]);
    assert.equal(server.requests.length, 4);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a write that timed out is reported, never retried', async () => {
  const server = await startServer(() => undefined);
  const { client } = testClient(server.url, { timeoutMs: 200 });
  try {
    const e = await rejection(() => client.updateGroupProperty(1, ref, 'plan', 'pro'));
    assert.equal(e.kind, 'timeout');
    assert.match(
      e.message,
      /^Couldn't update group property: PostHog didn't answer within 0\.2 seconds\. The change may or may not have been applied/,
    );
    assert.equal(server.requests.length, 1);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a read that timed out is retried once', async () => {
  let calls = 0;
  const server = await startServer((_req, res) => (++calls === 1 ? undefined : json(res, 200, [])));
  const { client } = testClient(server.url, { timeoutMs: 150 });
  try {
    assert.deepEqual((await client.listGroupTypes(1)).results, []);
    assert.equal(server.requests.length, 2);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a reset connection is retried for GET and reported as network for POST', async () => {
  let resets = 1;
  const server = await startServer((_req, res) => (resets-- > 0 ? res.socket?.destroy() : json(res, 200, [])));
  const { client } = testClient(server.url);
  try {
    assert.deepEqual((await client.listGroupTypes(1)).results, []);
    assert.equal(server.requests.length, 2);
    resets = 1;
    const e = await rejection(() => client.deleteGroupProperty(1, ref, 'plan'));
    assert.equal(e.kind, 'network');
    assert.match(e.message, new RegExp(`^Couldn't delete group property: couldn't reach ${server.url}: `));
    assert.equal(server.requests.length, 3);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a refused connection is a network error naming the host', async () => {
  const server = await startServer(() => undefined);
  const url = server.url;
  await server.close();
  const { client } = testClient(url, { retry: { maxRetries: 1 } });
  try {
    const e = await rejection(() => client.getCurrentUser());
    assert.equal(e.kind, 'network');
    assert.match(e.message, /ECONNREFUSED/);
  } finally {
    await client.dispose();
  }
});

test('AbortSignal cancels an in-flight request', async () => {
  const server = await startServer(() => undefined);
  const { client } = testClient(server.url);
  const controller = new AbortController();
  try {
    const pending = rejection(() => client.listGroupTypes(1, { signal: controller.signal }));
    while (!server.requests.length) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const e = await pending;
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.message, "Couldn't list group types: the request was cancelled.");
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('AbortSignal interrupts a retry wait (real sleep)', async () => {
  const server = await startServer((_req, res) =>
    json(res, 429, { detail: 'Request was throttled. Expected available in 30 seconds.' }),
  );
  const { client } = testClient(server.url, { sleep: undefined });
  const controller = new AbortController();
  try {
    const started = Date.now();
    const pending = rejection(() => client.listGroupTypes(1, { signal: controller.signal }));
    while (!server.requests.length) await new Promise((r) => setTimeout(r, 5));
    setTimeout(() => controller.abort(), 20);
    const e = await pending;
    assert.equal(e.kind, 'cancelled');
    assert.ok(Date.now() - started < 5000);
    assert.equal(server.requests.length, 1);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('an already aborted signal sends nothing', async () => {
  const server = await startServer((_req, res) => json(res, 200, []));
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroupTypes(1, { signal: AbortSignal.abort() }));
    assert.equal(e.kind, 'cancelled');
    assert.equal(server.requests.length, 0);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('an HTML page with status 200 is invalid_response, with a short message', async () => {
  const html = '<!DOCTYPE html><html><body>' + 'Sign in to your proxy '.repeat(500) + '</body></html>';
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'invalid_response');
    assert.equal(
      e.message,
      "Couldn't list group types: PostHog's answer to GET groups_types was not what this extension expects: it sent an HTML page instead of JSON.",
    );
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('invalid JSON with status 200 is invalid_response', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"results": [');
  });
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroups(1, { groupTypeIndex: 0 }));
    assert.equal(e.kind, 'invalid_response');
    assert.match(e.message, /its answer was not valid JSON\.$/);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test("a test run's worker crash shows the worker's message, not a generic server error", async () => {
  const server = await startServer((_req, res) =>
    json(res, 500, { status: 'error', errors: ["TypeError: Cannot read properties of undefined (reading 'url')"] }),
  );
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.invokeHogFunction(1, 'f', { configuration: {}, globals: {} }));
    assert.equal(e.kind, 'server');
    assert.equal(
      e.message,
      `Couldn't test hog function: PostHog had a server error (HTTP 500): "TypeError: Cannot read properties of undefined (reading 'url')"`,
    );
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('an HTML 502 page from a load balancer is a server error without the page in the message', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });
  const { client } = testClient(server.url, { retry: { maxRetries: 0 } });
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'server');
    assert.equal(e.message, "Couldn't list group types: PostHog had a server error (HTTP 502). Try again later.");
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a page that fails validation names the endpoint and the field path; one bad row is reported, not thrown', async () => {
  let body: unknown = { next: null, results: 'not a list' };
  const server = await startServer((_req, res) => json(res, 200, body));
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroups(1, { groupTypeIndex: 0 }));
    assert.ok(isPostHogError(e));
    assert.equal(e.kind, 'invalid_response');
    assert.equal(e.fieldPath, 'results');
    assert.equal(e.endpoint, 'GET groups');
    assert.match(e.message, /GET groups .*field "results"/);

    body = { next: null, results: [GROUP, { ...GROUP, group_key: 42 }] };
    const page = await client.listGroups(1, { groupTypeIndex: 0 });
    assert.deepEqual(
      page.results.map((g) => g.group_key),
      [GROUP.group_key],
    );
    assert.deepEqual(
      page.unreadable.map((r) => [r.index, r.field, r.value]),
      [[1, 'group_key', '42']],
    );
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('redirects are not followed: the key stays on the configured host', async () => {
  const other = await startServer((_req, res) => json(res, 200, []));
  const server = await startServer((_req, res) => {
    res.writeHead(302, { location: `${other.url}/api/projects/1/groups_types/` });
    res.end();
  });
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'config');
    assert.match(e.message, new RegExp(`redirected the request to ${other.url}`));
    assert.equal(other.requests.length, 0);
  } finally {
    await client.dispose();
    await server.close();
    await other.close();
  }
});

test('requests carry the key only as a Bearer header, never in the URL or in events', async () => {
  const server = await startServer((_req, res) =>
    json(res, 401, {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API key found in request Authorization header is invalid.',
      attr: null,
    }),
  );
  const { client, events } = testClient(server.url);
  try {
    const e = await rejection(() => client.findGroup(1, 0, 'org:1'));
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.ok(!server.requests[0]!.url.includes(TEST_KEY));
    assert.ok(!/token=|api_key=/.test(server.requests[0]!.url));
    assert.ok(!JSON.stringify(events).includes(TEST_KEY));
    assert.ok(!e.message.includes(TEST_KEY) && !String(e.stack).includes(TEST_KEY));
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('no key: unauthorized before anything is sent', async () => {
  const server = await startServer((_req, res) => json(res, 200, []));
  const { client } = testClient(server.url, { getApiKey: async () => undefined });
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.message, "Couldn't list group types: you're not signed in to PostHog. Sign in first.");
    assert.equal(server.requests.length, 0);
  } finally {
    await client.dispose();
    await server.close();
  }
});
