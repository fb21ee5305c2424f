// The API key at the client level: only ever in the Authorization header to the configured origin. Not in URLs,
// request events (what the log channel prints), error messages or stacks, whatever fails; and pagination links,
// redirects and other hosts never receive it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { FaultSpec } from '../fake-posthog/index';
import { clientFor, rejection, useLocalPostHog } from './support/localPostHog';

const fakeOf = useLocalPostHog();

/** Another origin that records whatever reaches it: it must never see the key. */
async function otherOrigin() {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ next: null, results: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const faultKinds: Omit<FaultSpec, 'path'>[] = [
  { kind: 'status', status: 500 },
  {
    kind: 'status',
    status: 401,
    body: {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API key found in request Authorization header is invalid.',
      attr: null,
    },
  },
  {
    kind: 'status',
    status: 403,
    body: {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: "API key missing required scope 'group:write'",
      attr: null,
    },
  },
  { kind: 'throttle', seconds: 3600 },
  { kind: 'reset' },
  { kind: 'hang' },
  { kind: 'invalid-json' },
  { kind: 'html', status: 200 },
  { kind: 'body', body: { unexpected: true } },
];

describe('the API key at the client level', () => {
  it('appears in no URL, request event, error message, stack or cause, whatever fails', async () => {
    const fake = fakeOf();
    fake.reset('realistic');
    const { client, events } = clientFor(fake, { retry: { maxRetries: 1 } });
    const texts: string[] = [];
    try {
      for (const fault of faultKinds) {
        fake.clearFaults();
        fake.addFault({ path: '.', ...fault });
        for (const run of [
          () => client.findGroup(fake.projectId, 0, 'org:1001'),
          () => client.updateGroupProperty(fake.projectId, { groupTypeIndex: 0, groupKey: 'org:1001' }, 'plan', 'x'),
          () => client.listHogFunctions(fake.projectId, { search: 'x' }),
        ]) {
          const e = await rejection(run);
          texts.push(e.message, String(e.stack), inspect(e, { depth: 10 }), JSON.stringify(e));
        }
      }
      texts.push(JSON.stringify(events));
      assert.ok(events.length >= faultKinds.length * 3);
      for (const text of texts) assert.ok(!text.includes(fake.apiKey), `the key leaked: ${text.slice(0, 300)}`);
      for (const r of fake.requests)
        assert.ok(!`${r.path}?${r.query}`.includes(fake.apiKey), `the key is in a URL: ${r.path}`);
      assert.ok(
        fake.requests.every((r) => r.hadAuthorization),
        'every request carried the Authorization header',
      );
    } finally {
      fake.clearFaults();
      await client.dispose();
    }
  });

  it('a `next` link to another origin is refused and that origin receives nothing', async () => {
    const fake = fakeOf();
    fake.reset('realistic');
    const other = await otherOrigin();
    fake.addFault({
      method: 'GET',
      path: '/groups/$',
      kind: 'body',
      body: { next: `${other.url}/api/projects/1/groups/?cursor=x`, results: [] },
      times: 1,
    });
    const { client } = clientFor(fake);
    try {
      const e = await rejection(async () => {
        for await (const group of client.iterateGroups(fake.projectId, { groupTypeIndex: 0 })) void group;
      });
      assert.equal(e.kind, 'config', e.message);
      assert.match(e.message, /refusing to follow a pagination link to another origin/);
      assert.deepEqual(other.seen, []);
    } finally {
      fake.clearFaults();
      await client.dispose();
      await other.close();
    }
  });

  for (const status of [301, 302, 307, 308]) {
    it(`a ${status} redirect to another origin is not followed and that origin receives nothing`, async () => {
      const fake = fakeOf();
      fake.reset('realistic');
      const other = await otherOrigin();
      fake.addFault({ path: '.', kind: 'body', status, body: {}, times: 1 });
      // The local PostHog has no way to set Location, so the client meets the redirect without knowing where to:
      // it must stop either way. A Location to the other origin is covered in the API client's own tests.
      const { client } = clientFor(fake);
      try {
        const e = await rejection(() =>
          client.updateGroupProperty(fake.projectId, { groupTypeIndex: 0, groupKey: 'org:1001' }, 'plan', 'x'),
        );
        assert.equal(e.kind, 'config');
        assert.match(e.message, /PostHog redirected the request/);
        assert.deepEqual(other.seen, []);
        assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1);
      } finally {
        fake.clearFaults();
        fake.clearRequests();
        await client.dispose();
        await other.close();
      }
    });
  }
});
