// The only module that imports undici. esbuild.mjs bundles it as dist/http.js, loaded on the first request.
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Dispatcher, Pool as PoolClass, ProxyAgent as ProxyAgentClass } from 'undici';
// undici's index also loads fetch, WebSocket, caches, mocks and interceptors we never use; requiring the three
// pieces we use keeps dist/http.js (parsed on the first request) to a fraction of the size.
// As undici's own index does, the request/connect API is mixed into every dispatcher (ProxyAgent needs connect).
Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));
const Pool: typeof PoolClass = require('undici/lib/dispatcher/pool');
const ProxyAgent: typeof ProxyAgentClass = require('undici/lib/dispatcher/proxy-agent');
import {
  describeCertificateError,
  describeProxyRefusal,
  proxyAuthorization,
  proxyFor,
  proxyRefusalStatus,
  scrubCredentials,
  type Env,
  type ProxyChoice,
} from './proxyAndTls';
import {
  isTransportFailure,
  transportFailure,
  type NetworkOptions,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport';

/** How requests reach the origin: the dispatcher, and the proxy it goes through (for messages). */
export interface Route {
  dispatcher: Dispatcher;
  proxy: ProxyChoice | undefined;
}

/**
 * A keep-alive pool to the origin, or a proxy agent that tunnels to it (HTTP CONNECT), per the network
 * options and the environment (HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS), read now, once per client.
 * Throws an Error with a readable message when the proxy setting is not usable.
 */
export function createRoute(origin: string, network: NetworkOptions = {}, env: Env = process.env): Route {
  const proxy = proxyFor(origin, network, env);
  const ca = trustedCertificates(network, env);
  const tls = ca ? { ca } : {};
  if (!proxy) return { dispatcher: new Pool(origin, { connections: 8, connect: tls }), proxy };
  if (network.strictSSL === false) {
    network.onWarning?.(
      l10n.t(
        'http.proxyStrictSSL is off: certificates are not checked on requests through the proxy {0}, so whoever can see that path could read your PostHog API key.',
        proxy.display,
      ),
    );
  }
  const proxyTls = { ...tls, ...(network.strictSSL === false ? { rejectUnauthorized: false } : {}) };
  // undici gets the proxy without its credentials and the credentials as a header value, so no URL it
  // could put in an error message carries them.
  const token = proxyAuthorization(proxy);
  return {
    dispatcher: new ProxyAgent({ uri: proxy.display, ...(token ? { token } : {}), requestTls: proxyTls, proxyTls }),
    proxy,
  };
}

/**
 * Node replaces its whole root store when `ca` is given, NODE_EXTRA_CA_CERTS included (Node adds that
 * file only to the default store), so extra authorities are passed together with the public roots.
 */
export function trustedCertificates(network: NetworkOptions, env: Env): string[] | undefined {
  const extra = [...environmentCertificates(network, env), ...(network.ca ?? [])];
  return extra.length ? [...rootCertificates, ...extra] : undefined;
}

function environmentCertificates(network: NetworkOptions, env: Env): string[] {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch (e) {
    const code = errorCode(e);
    network.onWarning?.(
      code
        ? l10n.t(
            'NODE_EXTRA_CA_CERTS names "{0}", which can\'t be read ({1}); its certificates are not trusted.',
            path,
            code,
          )
        : l10n.t('NODE_EXTRA_CA_CERTS names "{0}", which can\'t be read; its certificates are not trusted.', path),
    );
    return [];
  }
}

export function createTransport(origin: string, network?: NetworkOptions): Transport {
  let route: Route;
  try {
    route = createRoute(origin, network);
  } catch (e) {
    // A bad proxy setting fails each request with the reason, like any other unreachable network.
    const message = e instanceof Error ? e.message : String(e);
    return { request: () => Promise.reject(transportFailure('network', message)), close: () => Promise.resolve() };
  }
  return {
    request: (req) => send(route, req),
    close: () => route.dispatcher.close(),
  };
}

async function send(route: Route, req: TransportRequest): Promise<TransportResponse> {
  const url = new URL(req.url);
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
  try {
    const res = await route.dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal,
      // Our own timer covers the whole exchange; undici's own timeouts would only see parts of it.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const bodyText = await readBody(res.body, res.statusCode, headers['content-length'], req.maxBodyBytes);
    return { status: res.statusCode, headers, bodyText };
  } catch (e) {
    if (isTransportFailure(e)) throw e;
    if (req.signal?.aborted) throw transportFailure('cancelled', l10n.t('The request was cancelled.'), undefined, e);
    if (timer.signal.aborted)
      throw transportFailure(
        'timeout',
        l10n.t('No answer within {0} seconds.', Math.round(req.timeoutMs / 1000)),
        undefined,
        e,
      );
    const code = errorCode(e);
    const { message, permanent } = classifyNetworkError(e, code, route.proxy);
    const failure = transportFailure('network', message, code, e);
    failure.permanent = permanent;
    throw failure;
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * The body as text, read only up to `limit` bytes: a declared length over it fails before reading, and a body that
 * grows past it is dropped at that point (the connection is closed), so memory never holds more than the limit.
 */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  status: number,
  contentLength: string | undefined,
  limit: number | undefined,
): Promise<string> {
  if (limit === undefined) return body.text();
  const tooLarge = (bytes: number, declared: boolean) => {
    body.destroy();
    return Object.assign(transportFailure('too_large', l10n.t('The answer was larger than {0} bytes.', limit)), {
      status,
      bytes,
      declared,
      permanent: true,
    });
  };
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, true);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(size, false);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
  }
  return undefined;
}

/**
 * What a network failure means in words, and whether retrying is pointless: a proxy that refused and a
 * certificate that is not trusted stay that way until the user changes something.
 */
function classifyNetworkError(
  e: unknown,
  code: string | undefined,
  proxy: ProxyChoice | undefined,
): { message: string; permanent: boolean } {
  const message = e instanceof Error ? e.message : String(e);
  const refusal = proxy ? proxyRefusalStatus(message) : undefined;
  if (proxy && refusal !== undefined) return { message: describeProxyRefusal(refusal, proxy), permanent: true };
  const certificate = describeCertificateError(code, proxy);
  if (certificate) return { message: certificate, permanent: true };
  const plain = code && !message.includes(code) ? `${message} (${code})` : message;
  return {
    message: scrubCredentials(
      proxy ? l10n.t('{0} (through the proxy {1} from {2})', plain, proxy.display, proxy.source) : plain,
      proxy?.url,
    ),
    permanent: false,
  };
}
