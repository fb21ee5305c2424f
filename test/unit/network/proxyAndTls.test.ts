// The client on company networks: the local PostHog served over HTTPS with a certificate from a
// throwaway CA, reached directly or through a CONNECT proxy started here, with the proxy taken from the
// option (VS Code's http.proxy) or the environment. Everything listens on 127.0.0.1; the proxy tunnels
// every CONNECT to the local PostHog, so `https://posthog.corp.invalid` (a name no DNS resolves) is reachable
// only through it, while a direct request to that name fails at DNS.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { PostHogClient, type ClientOptions, type NetworkOptions, type PostHogError } from '../../../src/api';
import { networkOptionsFrom } from '../../../src/api/proxyAndTls';
import { trustedCertificates } from '../../../src/api/undiciTransport';
import { rejection } from '../api/helpers';
import { makeCertificates, SERVER_NAMES, type TestCertificates } from './support/certificates';
import { startProxy, type TestProxy } from './support/proxy';

const PROXIED_HOST = `https://${SERVER_NAMES.dns}`;
const PROXY_ENV = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
];

let certs: TestCertificates;
let fake: FakePostHog;
let proxy: TestProxy;
let authProxy: TestProxy;
const clients: PostHogClient[] = [];
const savedEnv: Record<string, string | undefined> = {};

function clientFor(host: string, network: NetworkOptions, extra: Partial<ClientOptions> = {}): PostHogClient {
  const client = new PostHogClient({
    host,
    getApiKey: () => fake.apiKey,
    rateLimits: false,
    // A network failure is final here: the cases are about what it says, not about retrying it.
    retry: { maxRetries: 0 },
    timeoutMs: 5_000,
    network,
    ...extra,
  });
  clients.push(client);
  return client;
}

async function failure(fn: () => Promise<unknown>): Promise<PostHogError> {
  return (await rejection(fn)) as unknown as PostHogError;
}

before(async () => {
  certs = makeCertificates();
  fake = await startFakePostHog({ tls: certs.server, rateLimits: false });
  const targetPort = Number(new URL(fake.url).port);
  proxy = await startProxy({ targetPort });
  authProxy = await startProxy({ targetPort, credentials: { user: 'ada', password: 's3cret p@ss:word' } });
});

after(async () => {
  await Promise.all([fake.close(), proxy.close(), authProxy.close()]);
  certs.remove();
});

beforeEach(() => {
  // The environment may hold the machine's real proxy; every case starts without one.
  for (const name of PROXY_ENV) {
    savedEnv[name] = process.env[name];
    delete process.env[name];
  }
  proxy.reset();
  authProxy.reset();
  fake.clearRequests();
});

afterEach(async () => {
  for (const name of PROXY_ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

describe('direct', () => {
  test('reaches an https host whose private CA is trusted through the ca option', async () => {
    const user = await clientFor(fake.url, { ca: [certs.caPem] }).getCurrentUser();
    assert.equal(user.email, 'ada@example.com');
    assert.equal(fake.requests.length, 1);
    assert.equal(proxy.tunnels(), 0);
  });

  test('an untrusted private CA fails with a message that names the setting that fixes it', async () => {
    const e = await failure(() => clientFor(fake.url, {}).getCurrentUser());
    assert.equal(e.kind, 'network');
    assert.match(e.message, /certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.match(e.message, /posthogWorkbench\.caCertificates/);
    assert.match(e.message, /NODE_EXTRA_CA_CERTS/);
    assert.equal(fake.requests.length, 0);
  });

  test('trusting an unrelated CA does not make the server trusted', async () => {
    const e = await failure(() => clientFor(fake.url, { ca: [certs.otherCaPem] }).getCurrentUser());
    assert.match(e.message, /certificate is not trusted/);
  });

  test('a certificate for another name says so instead of blaming the CA', async () => {
    const localhost = fake.url.replace('127.0.0.1', 'localhost');
    const e = await failure(() => clientFor(localhost, { ca: [certs.caPem] }).getCurrentUser());
    assert.match(e.message, /certificate is for a different host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    assert.doesNotMatch(e.message, /caCertificates/);
  });

  test("NODE_EXTRA_CA_CERTS is trusted, also next to the ca option (which replaces Node's default store)", async () => {
    process.env.NODE_EXTRA_CA_CERTS = certs.caPath;
    assert.equal((await clientFor(fake.url, {}).getCurrentUser()).email, 'ada@example.com');
    assert.equal((await clientFor(fake.url, { ca: [certs.otherCaPem] }).getCurrentUser()).email, 'ada@example.com');
  });

  test('an unreadable NODE_EXTRA_CA_CERTS is a warning, not a crash', async () => {
    process.env.NODE_EXTRA_CA_CERTS = join(certs.caPath, '..', 'missing.pem');
    const warnings: string[] = [];
    const e = await failure(() => clientFor(fake.url, { onWarning: (m) => warnings.push(m) }).getCurrentUser());
    assert.match(e.message, /not trusted/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /NODE_EXTRA_CA_CERTS names ".*missing\.pem", which can't be read \(ENOENT\)/);
  });

  test('the public roots stay trusted when a private CA is added', () => {
    const trusted = trustedCertificates({ ca: [certs.caPem] }, {});
    assert.ok(trusted);
    assert.ok(rootCertificates.every((root) => trusted.includes(root)));
    assert.ok(trusted.includes(certs.caPem));
    assert.equal(
      trustedCertificates({}, {}),
      undefined,
      "without extra authorities Node's default store is used as is",
    );
  });
});

describe('through a proxy', () => {
  test('from the proxy option: every request goes through a tunnel to the named host', async () => {
    const client = clientFor(PROXIED_HOST, { proxy: proxy.url, ca: [certs.caPem] });
    assert.equal((await client.getCurrentUser()).email, 'ada@example.com');
    assert.ok((await client.listProjects()).results.length > 0);
    assert.equal(fake.requests.length, 2);
    // Keep-alive usually carries both in one tunnel; undici's pool may open a second when the first is not yet idle.
    assert.ok(proxy.tunnels() >= 1 && proxy.tunnels() <= 2);
    assert.ok(proxy.connects.every((c) => c.target === `${SERVER_NAMES.dns}:443`));
  });

  test('from HTTPS_PROXY in the environment', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    assert.equal((await clientFor(PROXIED_HOST, { ca: [certs.caPem] }).getCurrentUser()).email, 'ada@example.com');
    assert.equal(proxy.tunnels(), 1);
  });

  test('from HTTP_PROXY when no HTTPS_PROXY is set, as curl does', async () => {
    process.env.http_proxy = proxy.url;
    await clientFor(PROXIED_HOST, { ca: [certs.caPem] }).getCurrentUser();
    assert.equal(proxy.tunnels(), 1);
  });

  test('the option wins over the environment', async () => {
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    await clientFor(PROXIED_HOST, { proxy: proxy.url, ca: [certs.caPem] }).getCurrentUser();
    assert.equal(proxy.tunnels(), 1);
  });

  test('the API key travels only inside the TLS tunnel', async () => {
    await clientFor(PROXIED_HOST, { proxy: proxy.url, ca: [certs.caPem] }).getCurrentUser();
    assert.equal(fake.requests[0]?.hadAuthorization, true, 'PostHog got the key');
    const [seen] = proxy.connects;
    assert.ok(seen);
    assert.equal(seen.headers.authorization, undefined);
    const clear = proxy.bytesFromClients();
    assert.ok(clear.length > 500, 'the proxy relayed the TLS handshake and the request');
    assert.equal(clear.indexOf(fake.apiKey), -1, 'the key is not in any byte the proxy saw');
    assert.equal(clear.indexOf('Bearer'), -1);
    assert.equal(clear.indexOf('/api/users/@me'), -1, 'not even the path is in clear');
    assert.match(
      clear.toString('latin1'),
      new RegExp(`^CONNECT ${SERVER_NAMES.dns.replace(/\./g, '\\.')}:443 HTTP/1\\.1\r\n`),
    );
  });

  test('an untrusted certificate is reported at once, not retried like a flaky network', async () => {
    const attempts: number[] = [];
    const sleeps: number[] = [];
    const client = clientFor(
      fake.url,
      {},
      {
        retry: { maxRetries: 3, baseDelayMs: 1 },
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        onRequest: (e) => attempts.push(e.attempt),
      },
    );
    const e = await failure(() => client.getCurrentUser());
    assert.match(e.message, /certificate is not trusted/);
    assert.deepEqual(attempts, [1]);
    assert.deepEqual(sleeps, []);
  });

  test('an untrusted certificate behind the proxy names the setting and the proxy', async () => {
    const e = await failure(() => clientFor(PROXIED_HOST, { proxy: proxy.url }).getCurrentUser());
    assert.match(e.message, /certificate is not trusted/);
    assert.match(e.message, /posthogWorkbench\.caCertificates/);
    assert.match(e.message, new RegExp(`through the proxy ${proxy.url.replace(/\./g, '\\.')}`));
  });

  test('strictSSL false accepts the untrusted certificate on the proxy path, with one warning', async () => {
    const warnings: string[] = [];
    const client = clientFor(PROXIED_HOST, { proxy: proxy.url, strictSSL: false, onWarning: (m) => warnings.push(m) });
    assert.equal((await client.getCurrentUser()).email, 'ada@example.com');
    await client.listProjects();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /http\.proxyStrictSSL is off/);
    assert.ok(proxy.tunnels() >= 1);
  });

  test('strictSSL false does not loosen a direct connection', async () => {
    const warnings: string[] = [];
    const e = await failure(() =>
      clientFor(fake.url, { strictSSL: false, onWarning: (m) => warnings.push(m) }).getCurrentUser(),
    );
    assert.match(e.message, /not trusted/);
    assert.deepEqual(warnings, []);
  });

  test('a proxy URL that is not a URL is reported against the setting', async () => {
    const e = await failure(() => clientFor(PROXIED_HOST, { proxy: 'http://proxy corp:80' }).getCurrentUser());
    assert.equal(e.kind, 'network');
    assert.match(e.message, /The proxy in the http\.proxy setting is not a URL/);
  });

  test('a proxy that is down is named in the error, without its credentials', async () => {
    const e = await failure(() =>
      clientFor(PROXIED_HOST, { proxy: 'http://ada:hunter2@127.0.0.1:9' }).getCurrentUser(),
    );
    assert.match(e.message, /ECONNREFUSED/);
    assert.match(e.message, /through the proxy http:\/\/127\.0\.0\.1:9 from the http\.proxy setting/);
    assert.doesNotMatch(allText(e), /hunter2/);
  });
});

describe('bypassing the proxy', () => {
  test('loopback hosts go direct even with a proxy option', async () => {
    await clientFor(fake.url, { proxy: proxy.url, ca: [certs.caPem] }).getCurrentUser();
    assert.equal(fake.requests.length, 1);
    assert.equal(proxy.tunnels(), 0);
    assert.equal(proxy.connects.length, 0);
  });

  test('loopback hosts go direct with HTTPS_PROXY set and NO_PROXY empty', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    await clientFor(fake.url, { ca: [certs.caPem] }).getCurrentUser();
    assert.equal(proxy.connects.length, 0);
  });

  // A direct request to the .invalid name fails at DNS: that failure, with nothing at the proxy, shows the bypass.
  test('NO_PROXY in the environment sends a matching host direct', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'localhost, .corp.invalid';
    const e = await failure(() => clientFor(PROXIED_HOST, { ca: [certs.caPem] }).getCurrentUser());
    assert.equal(e.kind, 'network');
    assert.doesNotMatch(e.message, /through the proxy/);
    assert.equal(proxy.connects.length, 0);
  });

  test('the noProxy option (http.noProxy) sends a matching host direct', async () => {
    const e = await failure(() =>
      clientFor(PROXIED_HOST, { proxy: proxy.url, noProxy: SERVER_NAMES.dns, ca: [certs.caPem] }).getCurrentUser(),
    );
    assert.equal(e.kind, 'network');
    assert.equal(proxy.connects.length, 0);
  });

  test('http.proxySupport "off" sends every request direct, whatever http.proxy and HTTPS_PROXY say', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const { options } = networkOptionsFrom({ proxySupport: 'off', proxy: proxy.url });
    const e = await failure(() => clientFor(PROXIED_HOST, { ...options, ca: [certs.caPem] }).getCurrentUser());
    assert.equal(e.kind, 'network');
    assert.doesNotMatch(e.message, /through the proxy/);
    assert.equal(proxy.connects.length, 0);
  });
});

describe('proxy authentication', () => {
  test('a proxy that wants credentials and got none: a 407 message that says where they go', async () => {
    const e = await failure(() =>
      clientFor(PROXIED_HOST, { proxy: authProxy.url, ca: [certs.caPem] }).getCurrentUser(),
    );
    assert.equal(e.kind, 'network');
    assert.match(
      e.message,
      /the proxy http:\/\/127\.0\.0\.1:\d+ \(from the http\.proxy setting\) needs credentials \(HTTP 407\)/,
    );
    assert.match(e.message, /http:\/\/user:password@host:port/);
    assert.equal(authProxy.tunnels(), 0);
    assert.equal(fake.requests.length, 0);
  });

  test('credentials in the proxy URL are sent as Proxy-Authorization, percent-decoded', async () => {
    const client = clientFor(PROXIED_HOST, { proxy: authProxy.urlWith('ada', 's3cret p@ss:word'), ca: [certs.caPem] });
    assert.equal((await client.getCurrentUser()).email, 'ada@example.com');
    assert.equal(authProxy.tunnels(), 1);
    assert.equal(
      authProxy.connects[0]?.headers['proxy-authorization'],
      `Basic ${Buffer.from('ada:s3cret p@ss:word').toString('base64')}`,
    );
  });

  test('credentials from HTTPS_PROXY work too', async () => {
    process.env.HTTPS_PROXY = authProxy.urlWith('ada', 's3cret p@ss:word');
    await clientFor(PROXIED_HOST, { ca: [certs.caPem] }).getCurrentUser();
    assert.equal(authProxy.tunnels(), 1);
  });

  test('wrong credentials: the 407 message says they were rejected and never repeats them', async () => {
    const events: string[] = [];
    const e = await failure(() =>
      clientFor(
        PROXIED_HOST,
        { proxy: authProxy.urlWith('ada', 'wrong-pass'), ca: [certs.caPem] },
        { onRequest: (ev) => events.push(JSON.stringify(ev)) },
      ).getCurrentUser(),
    );
    assert.match(e.message, /rejected the user name and password in its URL \(HTTP 407\)/);
    assert.doesNotMatch(allText(e), /wrong-pass/);
    assert.doesNotMatch(events.join('\n'), /wrong-pass/);
    assert.equal(events.length, 1);
  });
});

describe('options from VS Code settings', () => {
  test('http.proxy with credentials, http.noProxy and a caCertificates file reach the client as one working route', async () => {
    const { options, problems } = networkOptionsFrom({
      proxy: authProxy.urlWith('ada', 's3cret p@ss:word'),
      noProxy: ['intranet.example'],
      proxyStrictSSL: true,
      caCertificates: [certs.caPath],
    });
    assert.deepEqual(problems, []);
    assert.equal((await clientFor(PROXIED_HOST, options).getCurrentUser()).email, 'ada@example.com');
    assert.equal(authProxy.tunnels(), 1);
  });

  test('a caCertificates file that is not PEM is a problem naming the setting, and the server stays untrusted', async () => {
    const notPem = join(certs.caPath, '..', 'not-a-cert.txt');
    writeFileSync(notPem, 'hello');
    const { options, problems } = networkOptionsFrom({ caCertificates: [notPem] });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? '',
      /^posthogWorkbench\.caCertificates: ".*not-a-cert\.txt" is not a PEM certificate file/,
    );
    const e = await failure(() => clientFor(fake.url, options).getCurrentUser());
    assert.match(e.message, /not trusted/);
  });
});

/** The message and every cause's message and code: where a leaked secret would show up in a log. */
function allText(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e; cur instanceof Error; cur = cur.cause)
    parts.push(cur.message, String((cur as { code?: unknown }).code ?? ''), cur.stack ?? '');
  return parts.join('\n');
}
