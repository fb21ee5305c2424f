// Typed wrappers for the local PostHog's admin API (`/_fake/`, see test/fake-posthog), for tests that
// run in another process than the local PostHog: the extension host and the Playwright UI tests. Plain fetch and no
// `vscode` import, so both can use it.

// Type-only: the shapes are the local PostHog's own; nothing of it is bundled into the extension host's tests.
import type { FaultSpec as InProcessFaultSpec } from '../../fake-posthog/faults';
import type { RecordedRequest } from '../../fake-posthog/index';
import type { RateLimits as FakeRateLimits } from '../../fake-posthog/types';

export type { RecordedRequest };

/** A fault as the admin API takes it: `path` is a regex source, since a RegExp does not survive JSON. */
export type FaultSpec = Omit<InProcessFaultSpec, 'path'> & { path: string };

export type RateLimits = FakeRateLimits | false;

export class FakeAdmin {
  constructor(
    /** The local PostHog's origin, e.g. http://127.0.0.1:8010 */
    readonly url: string,
    /** Its ready-made full-access personal API key. */
    readonly apiKey: string,
    readonly projectId: number,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_fake/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_fake/${path} -> ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Calls the project's API with the full-access key, the way another PostHog user would, outside the extension. */
  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/api/projects/${this.projectId}/${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}`);
    return (await response.json()) as T;
  }

  reset(seed: 'realistic' | 'empty' = 'realistic'): Promise<void> {
    return this.call('POST', 'reset', { seed });
  }
  requests(): Promise<RecordedRequest[]> {
    return this.call('GET', 'requests');
  }
  /**
   * The recorded requests to PostHog's API. Without `hogChecks`, the Hog language's checks and completions
   * (`POST query/`, sent 300 ms after any edit of an open Hog document) are left out: they are the language
   * features' own requests and land in between whatever a test counts.
   */
  async apiRequests(options: { hogChecks?: boolean } = {}): Promise<RecordedRequest[]> {
    return (await this.requests()).filter(
      (r) => r.path.startsWith('/api/') && (options.hogChecks || !/\/query\/?$/.test(r.path)),
    );
  }
  clearRequests(): Promise<void> {
    return this.call('DELETE', 'requests');
  }
  async addFault(fault: FaultSpec): Promise<string> {
    return (await this.call<{ id: string }>('POST', 'faults', fault)).id;
  }
  clearFaults(): Promise<void> {
    return this.call('DELETE', 'faults');
  }
  setLatency(ms: number): Promise<void> {
    return this.call('POST', 'latency', { ms });
  }
  setRateLimits(limits: RateLimits): Promise<void> {
    return this.call('POST', 'rate-limits', limits);
  }
  async addKey(scopes: string[], projects?: number[]): Promise<string> {
    return (await this.call<{ key: string }>('POST', 'keys', { scopes, ...(projects ? { projects } : {}) })).key;
  }
  revokeKey(key: string): Promise<void> {
    return this.call('POST', 'keys/revoke', { key });
  }
  /** Behave like an `older` self-hosted PostHog (ignores base_updated_at, no drafts) or the `newest` (the default). */
  setRelease(release: 'newest' | 'older'): Promise<void> {
    return this.call('POST', 'release', { release });
  }
  seedGroups(groupTypeIndex: number, count: number, propertiesPerGroup?: number): Promise<void> {
    return this.call('POST', 'seed-groups', {
      group_type_index: groupTypeIndex,
      count,
      ...(propertiesPerGroup === undefined ? {} : { properties_per_group: propertiesPerGroup }),
    });
  }
  /** Queries answered 202 and done after `polls` status polls (null: answered at once). */
  setAsyncQueries(polls: number | null): Promise<void> {
    return this.call('POST', 'async-queries', { polls });
  }
  /** Group writes show in the groups list this long after they happened (ClickHouse lag). */
  setGroupListLag(ms: number): Promise<void> {
    return this.call('POST', 'group-list-lag', { ms });
  }
  /** A busy project's ClickHouse memory limit: wide event reads of more rows fail (null: none). */
  setWideQueryRowLimit(rows: number | null): Promise<void> {
    return this.call('POST', 'wide-query-row-limit', { rows });
  }
  /** Turns one of PostHog's feature flags on or off (`logs-transformations` is on by default). */
  setFeatureFlag(flag: string, on: boolean): Promise<void> {
    return this.call('POST', 'feature-flags', { flag, on });
  }
  /** Adds runs PostHog counted for a function (app metrics rows). */
  addMetrics(
    metrics: {
      app_source_id: string;
      timestamp: string;
      metric_kind: 'success' | 'failure' | 'other' | 'email' | 'sms' | 'push' | 'billing' | 'fetch';
      metric_name: string;
      count: number;
    }[],
  ): Promise<void> {
    return this.call('POST', 'metrics', { metrics });
  }
  /** Stores events (and their people) in the project, as ingestion would; answers them with their uuids and timestamps. */
  async addEvents(
    events: {
      event: string;
      distinct_id: string;
      properties?: Record<string, unknown>;
      timestamp?: string;
      uuid?: string;
    }[],
    persons: { distinct_ids: string[]; properties?: Record<string, unknown>; uuid?: string }[] = [],
  ): Promise<{ uuid: string; event: string; timestamp: string; properties: Record<string, unknown> }[]> {
    return (
      await this.call<{
        events: { uuid: string; event: string; timestamp: string; properties: Record<string, unknown> }[];
      }>('POST', 'events', { events, persons })
    ).events;
  }
  /** Removes every event of the project (the seed's too), for tests that need to know exactly which events exist. */
  clearEvents(): Promise<void> {
    return this.call('DELETE', 'events');
  }
  /** Sets a hog function's `status.state`, as PostHog's watcher or its staff would. */
  setHogFunctionState(id: string, state: number): Promise<void> {
    return this.call('POST', 'hog-function-status', { id, state });
  }
  state<T = unknown>(): Promise<T> {
    return this.call('GET', 'state');
  }
  /** The stored group (with its pk), or undefined when there is none. */
  async group<T = Record<string, unknown>>(groupTypeIndex: number, groupKey: string): Promise<T | undefined> {
    const query = new URLSearchParams({ group_type_index: String(groupTypeIndex), group_key: groupKey });
    const response = await fetch(`${this.url}/_fake/group?${query}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /_fake/group -> ${response.status}`);
    return (await response.json()) as T;
  }
  /** The stored hog function row, including soft-deleted ones and raw secret input values. */
  async hogFunction<T = Record<string, unknown>>(id: string): Promise<T | undefined> {
    const response = await fetch(`${this.url}/_fake/hog-function?${new URLSearchParams({ id })}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /_fake/hog-function -> ${response.status}`);
    return (await response.json()) as T;
  }
}

/**
 * The local PostHog the test runner started for this run, from the environment the extension host inherits.
 * Throws when the runner did not start one, so a test that needs it fails with a clear reason.
 */
export function fakeFromEnv(): FakeAdmin {
  const { POSTHOG_FAKE_URL: url, POSTHOG_FAKE_KEY: apiKey, POSTHOG_FAKE_PROJECT_ID: projectId } = process.env;
  if (!url || !apiKey) {
    throw new Error('POSTHOG_FAKE_URL / POSTHOG_FAKE_KEY are not set: the test runner did not start the local PostHog');
  }
  return new FakeAdmin(url, apiKey, Number(projectId ?? 1));
}
