// The contract between the client core and the HTTP stack. It lives apart from undiciTransport.ts so
// the extension bundle can type-check against it without pulling undici in (esbuild.mjs loads the
// transport lazily as dist/http.js).

/** How to reach PostHog from this machine: proxy and TLS settings. */
export interface NetworkOptions {
  /** Proxy URL, e.g. http://user:pass@proxy.corp:3128. Never logged. */
  proxy?: string;
  /** True when VS Code's http.proxySupport is "off": connect directly, whatever the settings and environment say. */
  direct?: boolean;
  /** Comma-separated hosts that bypass the proxy, as in NO_PROXY. */
  noProxy?: string;
  /** false allows certificate errors on the proxy path (VS Code's http.proxyStrictSSL). */
  strictSSL?: boolean;
  /** Extra PEM certificate authorities to trust, in addition to Node's defaults. */
  ca?: string[];
  /** Told about settings that weaken or break TLS (strictSSL off, unreadable NODE_EXTRA_CA_CERTS), once per transport. */
  onWarning?: (message: string) => void;
}

export interface TransportRequest {
  method: string;
  /** Absolute URL on the transport's origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Whole-request budget: connecting, waiting for headers and reading the body. */
  timeoutMs: number;
  /** The largest body read; a bigger one fails with kind `too_large` and the rest is not read. */
  maxBodyBytes?: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | undefined>;
  bodyText: string;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export type TransportFactory = (origin: string, network: NetworkOptions | undefined) => Transport;

export type TransportFailureKind = 'network' | 'timeout' | 'cancelled' | 'too_large';

/**
 * A request that got no HTTP answer. Recognised by shape, not by class: the transport is bundled
 * separately (dist/http.js), so its copy of any class would not pass `instanceof` in the extension.
 */
export interface TransportFailure extends Error {
  transportFailure: TransportFailureKind;
  /** Node/undici error code, e.g. ECONNREFUSED, UND_ERR_SOCKET, SELF_SIGNED_CERT_IN_CHAIN. */
  code?: string;
  /** Trying again cannot help (an untrusted certificate, a proxy refusing us): report at once. */
  permanent?: boolean;
  /** `too_large`: the HTTP status of the answer, and its size as declared or as read before stopping. */
  status?: number;
  bytes?: number;
  /** `too_large`: `bytes` is the declared Content-Length, not a lower bound of what was read. */
  declared?: boolean;
}

export function transportFailure(
  kind: TransportFailureKind,
  message: string,
  code?: string,
  cause?: unknown,
): TransportFailure {
  const e = new Error(message, cause === undefined ? undefined : { cause }) as TransportFailure;
  e.transportFailure = kind;
  if (code !== undefined) e.code = code;
  return e;
}

export function isTransportFailure(e: unknown): e is TransportFailure {
  return e instanceof Error && typeof (e as Partial<TransportFailure>).transportFailure === 'string';
}
