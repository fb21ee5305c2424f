// A local fake of PostHog's REST API (groups, group types, hog functions, auth, throttles),
// faithful to PostHog's server as documented in the project's API notes, with switchable faults for
// tests. In-process: `startFakePostHog()`; other processes: `npm run fake-posthog` and the `/_fake/` admin API.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { handleAdmin } from './admin';
import { loadHogSupport } from './hogProgram';
import { createKey } from './auth';
import { type FaultSpec, Faults, RateLimiter, faultResponse } from './faults';
import type { FakeResponse } from './http';
import { handleApi } from './router';
import { buildState, seedBulkGroups } from './seed';
import type { FakeState, RateLimits, SeedKind, ServerRelease } from './types';
import { sleep } from './util';

export type { FakeState, RateLimits, SeedKind, ServerRelease } from './types';
export { POSTHOG_RATE_LIMITS } from './types';
export type { FaultSpec } from './faults';

export interface FakePostHogOptions {
  port?: number;
  seed?: SeedKind;
  rateLimits?: RateLimits | false;
  latencyMs?: number;
  /** PEM key and certificate: serve HTTPS instead of plain HTTP (proxy and private-CA tests). */
  tls?: { key: string; cert: string };
  /** Which PostHog to behave like; by default the newest (drafts, revisions, `base_updated_at` conflicts). */
  release?: ServerRelease;
  /** The time hog function runs are seeded back from (default: when the state is built). */
  now?: number;
  /** The throttles' clock (default Date.now): a bench replays an hour of requests on a clock of its own. */
  clock?: () => number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** The request body as sent (empty when there was none). */
  body: string;
  status: number;
  at: number;
  durationMs: number;
  hadAuthorization: boolean;
}

export interface FakePostHog {
  url: string;
  apiKey: string;
  projectId: number;
  addKey(scopes: string[], opts?: { projects?: number[] }): string;
  revokeKey(key: string): void;
  addFault(f: FaultSpec): string;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimits(r: RateLimits | false): void;
  /** Behave like the newest PostHog or an older self-hosted release (no drafts or revisions; ignores `base_updated_at`). */
  setRelease(release: ServerRelease): void;
  /** Answer queries 202 and complete them after `polls` status polls (`Infinity`: never); null answers them at once. */
  setAsyncQueries(mode: { polls: number } | null): void;
  /** ClickHouse lag of the groups list: writes show there only this long after they happened (0: at once). */
  setGroupListLag(ms: number): void;
  /** A busy project's memory limit: wide EventsQuery reads of more events than this fail (null: none). */
  setWideQueryRowLimit(rows: number | null): void;
  /** Turns a PostHog feature flag on or off for the organization (`logs-transformations` is on by default). */
  setFeatureFlag(flag: string, on: boolean): void;
  requests: RecordedRequest[];
  clearRequests(): void;
  state: FakeState;
  seedGroups(groupTypeIndex: number, count: number, opts?: { propertiesPerGroup?: number }): void;
  reset(seed?: SeedKind): void;
  close(): Promise<void>;
}

const MAIN_PROJECT_ID = 1;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Like Django's parsers: JSON by default, form bodies as strings. Parse errors surface only when a view reads the body. */
function parseBody(text: string, contentType: string | undefined): { body: unknown; error: string | null } {
  if (text === '') return { body: undefined, error: null };
  if (contentType?.startsWith('application/x-www-form-urlencoded'))
    return { body: Object.fromEntries(new URLSearchParams(text)), error: null };
  try {
    return { body: JSON.parse(text), error: null };
  } catch (e) {
    return { body: undefined, error: `JSON parse error - ${(e as Error).message}` };
  }
}

function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.text !== undefined) {
    payload = response.text;
    headers['Content-Type'] = response.contentType ?? 'text/plain';
  } else if (response.body !== undefined && response.status !== 204) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

export async function startFakePostHog(options: FakePostHogOptions = {}): Promise<FakePostHog> {
  let seed: SeedKind = options.seed ?? 'realistic';
  let latencyMs = options.latencyMs ?? 0;
  const faults = new Faults();
  const limiter = new RateLimiter(options.rateLimits ?? false, options.clock);
  const sockets = new Set<Socket>();
  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
  const scheme = options.tls ? 'https' : 'http';

  const fake: FakePostHog = {
    url: '',
    apiKey: '',
    projectId: MAIN_PROJECT_ID,
    state: buildState(seed, options.now),
    requests: [],
    addKey: (scopes, opts) => createKey(fake.state, scopes, opts?.projects),
    revokeKey: (key) => {
      const stored = fake.state.keys.get(key);
      if (stored) stored.revoked = true;
    },
    addFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setRateLimits: (r) => limiter.set(r),
    setRelease: (release) => {
      fake.state.release = release;
    },
    setAsyncQueries: (mode) => {
      fake.state.settings.asyncQueries = mode;
    },
    setGroupListLag: (ms) => {
      fake.state.settings.groupListLagMs = ms;
    },
    setWideQueryRowLimit: (rows) => {
      fake.state.settings.wideQueryRowLimit = rows;
    },
    setFeatureFlag: (flag, on) => {
      fake.state.settings.featureFlags[flag] = on;
    },
    clearRequests: () => {
      fake.requests.length = 0;
    },
    seedGroups: (index, count, opts) =>
      seedBulkGroups(fake.state, MAIN_PROJECT_ID, index, count, opts?.propertiesPerGroup),
    reset: (nextSeed) => {
      seed = nextSeed ?? seed;
      const { keys, release, settings } = fake.state;
      fake.state = buildState(seed, options.now);
      // Keys outlive a reset so a running extension stays signed in; the server's version and settings do not change either.
      fake.state.keys = keys;
      fake.state.release = release;
      fake.state.settings = settings;
      // Latency and rate limits are server settings and stay; faults are per test and go.
      faults.clear();
      fake.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  fake.apiKey = createKey(fake.state, ['*']);
  if (options.release) fake.setRelease(options.release);

  async function onApi(req: IncomingMessage, res: ServerResponse, url: URL, rawQuery: string): Promise<void> {
    const started = Date.now();
    let text = '';
    const record = (status: number) =>
      fake.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: rawQuery,
        body: text,
        status,
        at: started,
        durationMs: Date.now() - started,
        hadAuthorization: req.headers.authorization !== undefined,
      });
    text = await readBody(req);
    // The query endpoint, test invocations and hog function writes (the save-time rules of §10.2) parse Hog with
    // PostHog's parser (WebAssembly), loaded on first use.
    if (
      /\/(query|invocations)\/?$/.test(url.pathname) ||
      (/\/hog_functions\//.test(url.pathname) && req.method !== 'GET')
    )
      await loadHogSupport();
    const fault = faults.take(req.method ?? 'GET', url.pathname, text);
    await sleep(latencyMs + (fault?.delayMs ?? 0));
    if (fault?.kind === 'hang') {
      // Never answered; close() destroys the socket.
      record(0);
      return;
    }
    if (fault?.kind === 'reset') {
      record(0);
      req.socket.resetAndDestroy();
      return;
    }
    let response: FakeResponse;
    if (fault?.kind === 'lost') {
      // Applied as usual, then the answer is lost on the way back (a timeout or a dropped connection after the write).
      const { body, error } = parseBody(text, req.headers['content-type']);
      handleApi(
        fake.state,
        { method: req.method ?? 'GET', url, rawQuery, headers: req.headers, body, bodyParseError: error },
        (key) => limiter.check(key.key),
      );
      record(0);
      req.socket.resetAndDestroy();
      return;
    }
    if (fault) {
      response = faultResponse(fault);
    } else {
      const { body, error } = parseBody(text, req.headers['content-type']);
      response = handleApi(
        fake.state,
        { method: req.method ?? 'GET', url, rawQuery, headers: req.headers, body, bodyParseError: error },
        (key, kind) => limiter.check(key.key, kind),
      );
    }
    send(res, response);
    record(response.status);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? new URL(fake.url).host;
    const url = new URL(req.url ?? '/', `${scheme}://${host}`);
    const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
    const work = url.pathname.startsWith('/_fake/')
      ? readBody(req).then((text) =>
          send(res, handleAdmin(fake, req.method ?? 'GET', url, parseBody(text, 'application/json').body)),
        )
      : url.pathname.startsWith('/api/') || url.pathname === '/api'
        ? onApi(req, res, url, rawQuery)
        : Promise.resolve(send(res, { status: 404, text: 'Not found', contentType: 'text/plain' }));
    work.catch((error: unknown) => {
      console.error('fake PostHog: request failed', error);
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null },
        });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake PostHog: no TCP address');
  fake.url = `${scheme}://127.0.0.1:${address.port}`;
  return fake;
}
