// The network decisions on their own: which proxy, NO_PROXY matching, credential scrubbing, CA files,
// and the sentences for certificate and proxy failures.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  bypassesProxy,
  describeCertificateError,
  describeProxyRefusal,
  networkOptionsFrom,
  proxyAuthorization,
  proxyFor,
  proxyRefusalStatus,
  readCaFiles,
  scrubCredentials,
  type ProxyChoice,
} from '../../../src/api/proxyAndTls';

const HOST = 'https://posthog.corp.example';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('proxyFor', () => {
  test('no proxy anywhere: direct', () => {
    assert.equal(proxyFor(HOST, {}, {}), undefined);
  });

  test('the http.proxy option wins over the environment', () => {
    const choice = proxyFor(HOST, { proxy: 'http://setting:3128' }, { HTTPS_PROXY: 'http://env:3128' });
    assert.equal(choice?.display, 'http://setting:3128');
    assert.equal(choice?.source, 'the http.proxy setting');
  });

  test('environment: lower-case before upper-case, HTTPS_PROXY before HTTP_PROXY for https hosts', () => {
    assert.equal(
      proxyFor(HOST, {}, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' })?.display,
      'http://lower:1',
    );
    assert.equal(proxyFor(HOST, {}, { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:1' })?.source, 'HTTPS_PROXY');
    assert.equal(proxyFor(HOST, {}, { HTTP_PROXY: 'http://p:1' })?.source, 'HTTP_PROXY');
  });

  test('HTTPS_PROXY is not used for a plain http origin', () => {
    assert.equal(proxyFor('http://posthog.corp.example', {}, { HTTPS_PROXY: 'http://s:1' }), undefined);
  });

  test('a proxy without a scheme means http, as in curl', () => {
    assert.equal(proxyFor(HOST, { proxy: 'proxy.corp:3128' }, {})?.display, 'http://proxy.corp:3128');
  });

  test('credentials are kept in the URL for undici and left out of what is displayed', () => {
    const choice = proxyFor(HOST, { proxy: 'http://ada:p%40ss@proxy.corp:3128' }, {});
    assert.equal(choice?.display, 'http://proxy.corp:3128');
    assert.equal(choice?.hasCredentials, true);
    assert.equal(choice && proxyAuthorization(choice), `Basic ${Buffer.from('ada:p@ss').toString('base64')}`);
    assert.equal(proxyAuthorization(proxyFor(HOST, { proxy: 'http://proxy.corp:3128' }, {}) as ProxyChoice), undefined);
  });

  test('unusable proxy URLs are errors naming where they came from, without echoing them', () => {
    assert.throws(
      () => proxyFor(HOST, { proxy: 'http://ada:secret@proxy corp' }, {}),
      (e: Error) => {
        assert.match(e.message, /^The proxy in the http\.proxy setting is not a URL/);
        assert.doesNotMatch(e.message, /secret/);
        return true;
      },
    );
    assert.throws(
      () => proxyFor(HOST, {}, { HTTPS_PROXY: 'ftp://proxy:21' }),
      /The proxy in HTTPS_PROXY must be an http:\/\/ or https:\/\/ URL \(got ftp:\)/,
    );
  });

  test('NO_PROXY from the option and from the environment both apply', () => {
    assert.equal(proxyFor(HOST, { proxy: 'http://p:1', noProxy: 'corp.example' }, {}), undefined);
    assert.equal(proxyFor(HOST, { proxy: 'http://p:1' }, { no_proxy: '.corp.example' }), undefined);
    assert.equal(proxyFor(HOST, {}, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.example' })?.display, 'http://p:1');
  });

  test('direct (http.proxySupport off) ignores the setting and the environment', () => {
    assert.equal(
      proxyFor(HOST, { direct: true, proxy: 'http://p:1' }, { HTTPS_PROXY: 'http://p:2', HTTP_PROXY: 'http://p:3' }),
      undefined,
    );
  });

  test('loopback hosts never take the proxy, whatever NO_PROXY says', () => {
    for (const host of [
      'https://127.0.0.1:8443',
      'http://localhost:8000',
      'https://[::1]:8443',
      'https://app.localhost',
    ]) {
      assert.equal(
        proxyFor(host, { proxy: 'http://p:1' }, { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' }),
        undefined,
        host,
      );
    }
  });
});

describe('bypassesProxy', () => {
  const bypass = (origin: string, noProxy: string) => bypassesProxy(new URL(origin), noProxy);

  test('exact names, domain suffixes in every spelling, and *', () => {
    assert.equal(bypass(HOST, 'posthog.corp.example'), true);
    assert.equal(bypass(HOST, 'corp.example'), true);
    assert.equal(bypass(HOST, '.corp.example'), true);
    assert.equal(bypass(HOST, '*.corp.example'), true);
    assert.equal(bypass(HOST, '*'), true);
    assert.equal(bypass(HOST, 'POSTHOG.CORP.EXAMPLE'), true);
  });

  test('a suffix must match at a dot: notcorp.example does not cover corp.example hosts, nor the reverse', () => {
    assert.equal(bypass(HOST, 'p.corp.example'), false);
    assert.equal(bypass('https://notcorp.example', 'corp.example'), false);
    assert.equal(bypass(HOST, 'example.com'), false);
  });

  test('lists separated by commas and spaces, with empty entries', () => {
    assert.equal(bypass(HOST, ' intranet , ,corp.example '), true);
    assert.equal(bypass(HOST, 'intranet other.example'), false);
  });

  test('a port limits the entry to that port (443 is the https default)', () => {
    assert.equal(bypass(HOST, 'corp.example:443'), true);
    assert.equal(bypass(HOST, 'corp.example:8443'), false);
    assert.equal(bypass('https://posthog.corp.example:8443', 'corp.example:8443'), true);
  });

  test('CIDR ranges cover hosts given as IP addresses, IPv4 and IPv6, and never names', () => {
    assert.equal(bypass('https://10.1.2.3', '10.0.0.0/8'), true);
    assert.equal(bypass('https://10.1.2.3:8443', 'intranet, 10.1.2.0/24'), true);
    assert.equal(bypass('https://11.1.2.3', '10.0.0.0/8'), false);
    assert.equal(bypass('https://192.168.5.9', '192.168.4.0/23'), true);
    assert.equal(bypass('https://192.168.6.1', '192.168.4.0/23'), false);
    assert.equal(bypass('https://[fd00::1]', 'fd00::/8'), true);
    assert.equal(bypass('https://[fe80::1]', 'fd00::/8'), false);
    assert.equal(bypass('https://10.1.2.3', 'fd00::/8'), false, 'an IPv6 range does not cover an IPv4 host');
    assert.equal(bypass(HOST, '10.0.0.0/8'), false, 'a name is not resolved to match a range');
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', 'corp.example/8', '10.0.0.0/x'])
      assert.equal(bypass('https://10.1.2.3', bad), false, bad);
  });

  test('IP addresses, IPv6 bare or bracketed with a port', () => {
    assert.equal(bypass('https://10.1.2.3', '10.1.2.3'), true);
    assert.equal(bypass('https://10.1.2.3', '10.1.2.4'), false);
    assert.equal(bypass('https://[fd00::1]', 'fd00::1'), true);
    assert.equal(bypass('https://[fd00::1]:8443', '[fd00::1]:8443'), true);
    assert.equal(bypass('https://[fd00::1]', '[fd00::1]:8443'), false);
  });
});

describe('scrubCredentials', () => {
  test('removes userinfo from any URL and the proxy user and password in either spelling', () => {
    const proxy = new URL('http://ada:p%40ss@proxy:1');
    assert.equal(
      scrubCredentials('connect to http://ada:p%40ss@proxy:1 failed', proxy),
      'connect to http://***@proxy:1 failed',
    );
    assert.equal(scrubCredentials('bad password p@ss for ada', proxy), 'bad password *** for ***');
    assert.equal(scrubCredentials('see https://u:x@elsewhere/', undefined), 'see https://***@elsewhere/');
  });
});

describe('proxy refusals', () => {
  const choice = (proxy: string) => proxyFor(HOST, { proxy }, {}) as ProxyChoice;

  test("undici's tunnel and forward-proxy messages give the status", () => {
    assert.equal(proxyRefusalStatus('Proxy response (407) !== 200 when HTTP Tunneling'), 407);
    assert.equal(proxyRefusalStatus('Proxy Authentication Required (407)'), 407);
    assert.equal(proxyRefusalStatus('Proxy response (403) !== 200 when HTTP Tunneling'), 403);
    assert.equal(proxyRefusalStatus('connect ECONNREFUSED 127.0.0.1:443'), undefined);
  });

  test('407 without credentials says where to put them; with credentials says they were rejected', () => {
    assert.match(
      describeProxyRefusal(407, choice('http://proxy:3128')),
      /needs credentials \(HTTP 407\)\. Put them in the proxy URL/,
    );
    const rejected = describeProxyRefusal(407, choice('http://ada:hunter2@proxy:3128'));
    assert.match(rejected, /rejected the user name and password in its URL/);
    assert.doesNotMatch(rejected, /hunter2|ada/);
  });

  test('another status says the proxy refused', () => {
    assert.equal(
      describeProxyRefusal(403, choice('http://proxy:3128')),
      'the proxy http://proxy:3128 (from the http.proxy setting) refused to connect to PostHog (HTTP 403).',
    );
  });
});

describe('describeCertificateError', () => {
  test('every untrusted-chain code names the setting and NODE_EXTRA_CA_CERTS', () => {
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]) {
      const text = describeCertificateError(code, undefined) ?? '';
      assert.match(text, new RegExp(`^the server's certificate is not trusted \\(${code}\\)`));
      assert.match(text, /posthogWorkbench\.caCertificates setting \(or to NODE_EXTRA_CA_CERTS\)/);
    }
  });

  test('expired and wrong-name certificates are not blamed on a missing CA', () => {
    assert.match(describeCertificateError('CERT_HAS_EXPIRED', undefined) ?? '', /outside its validity dates.*clock/);
    assert.match(
      describeCertificateError('ERR_TLS_CERT_ALTNAME_INVALID', undefined) ?? '',
      /for a different host name/,
    );
  });

  test('through a proxy, the message mentions HTTPS inspection', () => {
    const proxy = proxyFor(HOST, { proxy: 'http://proxy:3128' }, {});
    assert.match(
      describeCertificateError('SELF_SIGNED_CERT_IN_CHAIN', proxy) ?? '',
      /through the proxy http:\/\/proxy:3128; if it inspects HTTPS/,
    );
  });

  test('other codes are not certificate errors', () => {
    assert.equal(describeCertificateError('ECONNREFUSED', undefined), undefined);
    assert.equal(describeCertificateError(undefined, undefined), undefined);
  });
});

describe('readCaFiles', () => {
  const files: Record<string, string> = {
    '/etc/corp/ca.pem': PEM,
    [join(homedir(), 'ca.pem')]: PEM,
    '/etc/corp/key.txt': 'not a cert',
  };
  const read = (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };

  test('reads PEM files, with ~/ as the home folder, skipping blank entries', () => {
    assert.deepEqual(readCaFiles(['/etc/corp/ca.pem', '~/ca.pem', '  '], read), { pems: [PEM, PEM], problems: [] });
  });

  test('a missing or non-PEM file is a problem naming the setting and the path as written', () => {
    const { pems, problems } = readCaFiles(['~/missing.pem', '/etc/corp/key.txt', '/etc/corp/ca.pem'], read);
    assert.deepEqual(pems, [PEM]);
    assert.deepEqual(problems, [
      'posthogWorkbench.caCertificates: can\'t read "~/missing.pem" (ENOENT).',
      'posthogWorkbench.caCertificates: "/etc/corp/key.txt" is not a PEM certificate file (no BEGIN CERTIFICATE line).',
    ]);
  });
});

describe('networkOptionsFrom', () => {
  test("VS Code's settings become the client's options", () => {
    const { options, problems } = networkOptionsFrom(
      {
        proxy: ' http://proxy:3128 ',
        noProxy: ['intranet', '.corp.example'],
        proxyStrictSSL: false,
        caCertificates: ['/ca.pem'],
      },
      () => PEM,
    );
    assert.deepEqual(options, {
      proxy: 'http://proxy:3128',
      noProxy: 'intranet,.corp.example',
      strictSSL: false,
      ca: [PEM],
    });
    assert.deepEqual(problems, []);
  });

  test('http.proxySupport "off" means direct; "on", "override" and "fallback" keep the proxy', () => {
    assert.equal(networkOptionsFrom({ proxySupport: 'off', proxy: 'http://proxy:3128' }).options.direct, true);
    for (const value of ['on', 'override', 'fallback', undefined]) {
      assert.equal(
        networkOptionsFrom({ proxySupport: value, proxy: 'http://proxy:3128' }).options.direct,
        undefined,
        String(value),
      );
    }
  });

  test('unset settings leave the options empty and strict', () => {
    assert.deepEqual(networkOptionsFrom({ proxy: '', noProxy: [] }).options, { strictSSL: true });
  });
});
