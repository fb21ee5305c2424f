// A throwaway certificate authority and a server certificate it signed, made with the openssl CLI for
// one test run: the private CA a self-hosted PostHog behind a company's own authority would use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** The authority's certificate (PEM), what a user would list in posthogWorkbench.caCertificates. */
  caPem: string;
  /** The same, as a file. */
  caPath: string;
  /** Another authority that signed nothing here: trusting it must not make the server trusted. */
  otherCaPem: string;
  /** The server's key and certificate, for `startFakePostHog({ tls })`. */
  server: { key: string; cert: string };
  remove(): void;
}

/** The names the server certificate is issued for. Not `localhost`, so a wrong-name case exists. */
export const SERVER_NAMES = { dns: 'posthog.corp.invalid', ip: '127.0.0.1' };

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'phwb-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string, cn: string) =>
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  ca('ca', 'PostHog Workbench Test CA');
  ca('other-ca', 'Unrelated Test CA');
  openssl(
    'req',
    ...ecKey,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    `/CN=${SERVER_NAMES.dns}`,
  );
  writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=DNS:${SERVER_NAMES.dns},IP:${SERVER_NAMES.ip}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  );
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return {
    caPem: read('ca.pem'),
    caPath: file('ca.pem'),
    otherCaPem: read('other-ca.pem'),
    server: { key: read('server.key'), cert: read('server.pem') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
