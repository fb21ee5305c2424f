// The only module that imports undici. esbuild.mjs bundles it as dist/http.js, loaded on the first request.
import { rootCertificates } from 'node:tls';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { isLoopbackHostname } from './host';
import { transportFailure, type NetworkOptions, type Transport, type TransportRequest, type TransportResponse } from './transport';

/** Turns the network options into an undici dispatcher: a keep-alive pool to the origin, or a proxy agent. */
export function createDispatcher(origin: string, network: NetworkOptions = {}): Dispatcher {
  // Node replaces its root store when `ca` is given; keep the public roots so cloud hosts still verify.
  const ca = network.ca?.length ? { ca: [...rootCertificates, ...network.ca] } : {};
  if (network.proxy && !bypassesProxy(new URL(origin).hostname, network.noProxy)) {
    const proxyTls = { ...ca, ...(network.strictSSL === false ? { rejectUnauthorized: false } : {}) };
    return new ProxyAgent({ uri: network.proxy, requestTls: proxyTls, proxyTls });
  }
  return new Pool(origin, { connections: 8, connect: ca });
}

/** NO_PROXY semantics: `*`, exact host names, and domain suffixes written `example.com`, `.example.com` or `*.example.com`. */
function bypassesProxy(hostname: string, noProxy: string | undefined): boolean {
  if (isLoopbackHostname(hostname)) return true;
  const host = hostname.toLowerCase();
  return (noProxy ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, ''))
    .some((entry) => entry === '*' || (entry !== '' && (host === entry || host.endsWith(`.${entry}`))));
}

export function createTransport(origin: string, network?: NetworkOptions): Transport {
  const dispatcher = createDispatcher(origin, network);
  return {
    request: (req) => send(dispatcher, req),
    close: () => dispatcher.close(),
  };
}

async function send(dispatcher: Dispatcher, req: TransportRequest): Promise<TransportResponse> {
  const url = new URL(req.url);
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
  try {
    const res = await dispatcher.request({
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
    const bodyText = await res.body.text();
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: res.statusCode, headers, bodyText };
  } catch (e) {
    if (req.signal?.aborted) throw transportFailure('cancelled', 'The request was cancelled.', undefined, e);
    if (timer.signal.aborted) throw transportFailure('timeout', `No answer within ${Math.round(req.timeoutMs / 1000)} seconds.`, undefined, e);
    const code = errorCode(e);
    throw transportFailure('network', describeNetworkError(e, code), code, e);
  } finally {
    clearTimeout(timeout);
  }
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
  }
  return undefined;
}

function describeNetworkError(e: unknown, code: string | undefined): string {
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
