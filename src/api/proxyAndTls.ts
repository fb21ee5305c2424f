// Network decisions that need no HTTP stack: which proxy a request takes, which certificate authorities
// to trust, and what a proxy or certificate failure means in words. Shared by the lazily loaded transport
// (undiciTransport.ts) and the extension layer (src/extension/services/networkSettings.ts), and unit-testable on their own.
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { homedir } from 'node:os';
import { isLoopbackHostname, unbracket } from './host';
import type { NetworkOptions } from './transport';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyChoice {
  /** The proxy URL, credentials included: for undici only, never for messages. */
  url: URL;
  /** The proxy without credentials, for messages and logs: http://proxy.corp:3128. */
  display: string;
  /** Where the user set it, for messages: "the http.proxy setting" or "HTTPS_PROXY". */
  source: string;
  hasCredentials: boolean;
}

/**
 * The proxy for requests to `origin`, or undefined to connect directly. The http.proxy setting wins over
 * the environment (HTTPS_PROXY for https origins, then HTTP_PROXY, lower case first as curl does).
 * Loopback hosts and hosts matched by NO_PROXY (the http.noProxy setting and the environment) go direct.
 * Throws an Error with a readable message when the proxy URL cannot be used.
 */
export function proxyFor(
  origin: string,
  network: NetworkOptions = {},
  env: Env = process.env,
): ProxyChoice | undefined {
  if (network.direct) return undefined;
  const target = new URL(origin);
  const fromEnv = (name: string): { value: string; source: string } | undefined => {
    const value = env[name.toLowerCase()] || env[name];
    return value ? { value, source: name } : undefined;
  };
  const configured = network.proxy
    ? { value: network.proxy, source: l10n.t('the http.proxy setting') }
    : ((target.protocol === 'https:' ? fromEnv('HTTPS_PROXY') : undefined) ?? fromEnv('HTTP_PROXY'));
  if (!configured) return undefined;
  const noProxy = [network.noProxy, env.no_proxy ?? env.NO_PROXY].filter(Boolean).join(',');
  if (bypassesProxy(target, noProxy)) return undefined;

  // curl and VS Code accept "proxy.corp:3128" without a scheme and mean http.
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(configured.value) ? configured.value : `http://${configured.value}`;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    throw new Error(l10n.t('The proxy in {0} is not a URL; write it as http://host:port.', configured.source));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      l10n.t('The proxy in {0} must be an http:// or https:// URL (got {1}).', configured.source, url.protocol),
    );
  }
  return {
    url,
    display: `${url.protocol}//${url.host}`,
    source: configured.source,
    hasCredentials: url.username !== '' || url.password !== '',
  };
}

/**
 * NO_PROXY semantics as curl and undici read them: `*`, exact host names or IP addresses, domain suffixes
 * written `example.com`, `.example.com` or `*.example.com`, each optionally with `:port`, and (as curl 7.86+
 * and Go do) address ranges in CIDR notation such as `10.0.0.0/8` for a host given as an IP address. Loopback
 * always bypasses: a proxy elsewhere cannot reach this machine's 127.0.0.1.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  if (isLoopbackHostname(target.hostname)) return true;
  const host = unbracket(target.hostname.toLowerCase());
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((raw) => {
      if (raw === '*') return true;
      if (raw.includes('/')) return inCidr(host, raw);
      const withPort = raw.match(/^(.+):(\d+)$/);
      // A bare IPv6 address also ends in ":digits"; only a bracketed one can carry a port.
      const hasPort = withPort !== null && (withPort[1]?.endsWith(']') || !withPort[1]?.includes(':'));
      if (hasPort && Number(withPort?.[2]) !== port) return false;
      const entry = unbracket((hasPort ? (withPort?.[1] ?? '') : raw).toLowerCase()).replace(/^\*?\./, '');
      return entry !== '' && (host === entry || host.endsWith(`.${entry}`));
    });
}

/** Whether the IP address `host` lies in the range `cidr` (10.0.0.0/8, fd00::/8); false for names and bad ranges. */
function inCidr(host: string, cidr: string): boolean {
  const [network = '', bits = ''] = unbracket(cidr).split('/');
  const family = isIP(network);
  const prefix = Number(bits);
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return false;
  const range = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  range.addSubnet(network, prefix, type);
  return range.check(host, type);
}

/** Replaces any proxy credentials in `text` (as written in the URL or decoded) with ***. */
export function scrubCredentials(text: string, proxy: URL | undefined): string {
  let scrubbed = text.replace(/(\/\/)[^/\s@]+@/g, '$1***@');
  for (const secret of [proxy?.username, proxy?.password]) {
    if (!secret) continue;
    for (const form of new Set([secret, safeDecode(secret)])) scrubbed = scrubbed.split(form).join('***');
  }
  return scrubbed;
}

/** The Proxy-Authorization value for credentials written in the proxy URL (percent-encoded there). */
export function proxyAuthorization(proxy: ProxyChoice): string | undefined {
  if (!proxy.hasCredentials) return undefined;
  return `Basic ${Buffer.from(`${safeDecode(proxy.url.username)}:${safeDecode(proxy.url.password)}`).toString('base64')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The proxy's HTTP status when undici reports that it refused the tunnel or the request. */
export function proxyRefusalStatus(message: string): number | undefined {
  const m = message.match(/^Proxy response \((\d{3})\)/) ?? message.match(/^Proxy Authentication Required \((407)\)/);
  return m ? Number(m[1]) : undefined;
}

export function describeProxyRefusal(status: number, proxy: ProxyChoice): string {
  if (status === 407) {
    return proxy.hasCredentials
      ? l10n.t(
          'the proxy {0} (from {1}) rejected the user name and password in its URL (HTTP 407).',
          proxy.display,
          proxy.source,
        )
      : l10n.t(
          'the proxy {0} (from {1}) needs credentials (HTTP 407). Put them in the proxy URL: http://user:password@host:port.',
          proxy.display,
          proxy.source,
        );
  }
  return l10n.t(
    'the proxy {0} (from {1}) refused to connect to PostHog (HTTP {2}).',
    proxy.display,
    proxy.source,
    status,
  );
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const WRONG_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const REJECTED = new Set([
  'CERT_REVOKED',
  'CERT_REJECTED',
  'INVALID_PURPOSE',
  'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED',
]);

export const CA_SETTING = 'posthogWorkbench.caCertificates';

/** A sentence for a certificate failure (by Node's error code), or undefined when `code` is not one. */
export function describeCertificateError(code: string | undefined, proxy: ProxyChoice | undefined): string | undefined {
  if (code === undefined) return undefined;
  // A proxy that inspects HTTPS presents its own certificate authority's certificates instead of PostHog's.
  const viaProxy = proxy
    ? ` ${l10n.t('Requests go through the proxy {0}; if it inspects HTTPS, trust its certificate authority the same way.', proxy.display)}`
    : '';
  if (UNTRUSTED.has(code)) {
    return (
      l10n.t(
        "the server's certificate is not trusted ({0}). If PostHog is behind a private certificate authority, add the authority's PEM file to the {1} setting (or to NODE_EXTRA_CA_CERTS).",
        code,
        CA_SETTING,
      ) + viaProxy
    );
  }
  if (OUT_OF_DATE.has(code)) {
    return l10n.t(
      "the server's certificate is outside its validity dates ({0}). Check this machine's clock, or ask whoever runs the server to renew the certificate.",
      code,
    );
  }
  if (WRONG_NAME.has(code)) {
    return (
      l10n.t(
        "the server's certificate is for a different host name ({0}). Use the host name the certificate was issued for in posthogWorkbench.host.",
        code,
      ) + viaProxy
    );
  }
  if (REJECTED.has(code)) return l10n.t("the server's certificate was rejected ({0}).", code) + viaProxy;
  return undefined;
}

export interface CaFiles {
  /** PEM text of every readable file. */
  pems: string[];
  /** One sentence per file that could not be used, naming the setting. */
  problems: string[];
}

/** Reads the PEM files named in posthogWorkbench.caCertificates; `~/` means the home folder. */
export function readCaFiles(
  paths: readonly string[],
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): CaFiles {
  const pems: string[] = [];
  const problems: string[] = [];
  for (const written of paths) {
    const path = written.trim().replace(/^~(?=[/\\])/, homedir());
    if (!path) continue;
    try {
      const text = read(path);
      if (!text.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push(
          l10n.t('{0}: "{1}" is not a PEM certificate file (no BEGIN CERTIFICATE line).', CA_SETTING, written),
        );
        continue;
      }
      pems.push(text);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      problems.push(
        typeof code === 'string'
          ? l10n.t('{0}: can\'t read "{1}" ({2}).', CA_SETTING, written, code)
          : l10n.t('{0}: can\'t read "{1}".', CA_SETTING, written),
      );
    }
  }
  return { pems, problems };
}

/**
 * VS Code's settings as the extension reads them: http.proxySupport, http.proxy, http.noProxy,
 * http.proxyStrictSSL, posthogWorkbench.caCertificates.
 */
export interface NetworkSettings {
  /** "off" means no proxy for extensions; "on", "override" and "fallback" all mean the proxy settings apply. */
  proxySupport?: string | undefined;
  proxy?: string | undefined;
  noProxy?: readonly string[] | undefined;
  proxyStrictSSL?: boolean | undefined;
  caCertificates?: readonly string[] | undefined;
}

/** The client's network options from VS Code's settings, with the CA files read, and what was wrong with them. */
export function networkOptionsFrom(
  settings: NetworkSettings,
  read?: (path: string) => string,
): { options: NetworkOptions; problems: string[] } {
  const { pems, problems } = readCaFiles(settings.caCertificates ?? [], read);
  const proxy = settings.proxy?.trim();
  const noProxy = (settings.noProxy ?? []).join(',');
  return {
    options: {
      ...(settings.proxySupport === 'off' ? { direct: true } : {}),
      ...(proxy ? { proxy } : {}),
      ...(noProxy ? { noProxy } : {}),
      strictSSL: settings.proxyStrictSSL ?? true,
      ...(pems.length ? { ca: pems } : {}),
    },
    problems,
  };
}
