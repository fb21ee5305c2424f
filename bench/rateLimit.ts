// P7 in plain Node: saving 500 staged properties through the API client against the local PostHog enforcing its
// throttle. PostHog allows 480 requests a minute per personal API key; to keep the run short both sides are scaled
// the same way: the local PostHog allows LIMIT requests per WINDOW_MS of real time, and the client's own limiter is
// configured to LIMIT per minute on a clock (its `now` and `sleep` options) running 60_000 / WINDOW_MS times
// faster. The client code is unchanged; only time is compressed. Prints one JSON line per run.
import { PostHogClient } from '../src/api';
import { startFakePostHog } from '../test/fake-posthog';

const PROPERTIES = 500;
const LIMIT = 60;
const WINDOW_MS = 1_000;
const SCALE = 60_000 / WINDOW_MS;

async function once(sample: number): Promise<Record<string, unknown>> {
  const fake = await startFakePostHog({
    seed: 'realistic',
    rateLimits: {
      burst: { limit: LIMIT, windowMs: WINDOW_MS },
      sustained: { limit: LIMIT * 10, windowMs: 60 * WINDOW_MS },
    },
  });
  try {
    const origin = performance.now();
    const epoch = Date.now();
    const client = new PostHogClient({
      host: fake.url,
      getApiKey: () => fake.apiKey,
      rateLimits: { perMinute: LIMIT, perHour: LIMIT * 10 * 60 },
      now: () => epoch + (performance.now() - origin) * SCALE,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms / SCALE);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('cancelled'));
          });
        }),
    });
    const properties = Object.fromEntries(
      Array.from({ length: PROPERTIES }, (_, i) => [`bench_${String(i).padStart(3, '0')}`, i]),
    );
    fake.clearRequests();
    const result = await client.upsertGroupProperties(
      fake.projectId,
      { groupTypeIndex: 0, groupKey: 'org:1001' },
      properties,
    );
    await client.dispose();
    const requests = fake.requests.filter((r) => r.path.startsWith('/api/'));
    const throttled = requests.filter((r) => r.status === 429).length;
    const first = requests[0]!.at;
    const last = requests.at(-1)!.at;
    // The earliest the last request may go out under a LIMIT-per-WINDOW_MS window: one full window per LIMIT requests.
    const idealMs = Math.floor((requests.length - 1) / LIMIT) * WINDOW_MS;
    return {
      type: 'p7',
      sample,
      saved: result.applied.length,
      failed: result.failed ? result.failed.error.message : undefined,
      requests: requests.length,
      throttled,
      elapsedMs: last - first,
      idealMs,
      throughputPerSecond: (requests.length - 1) / ((last - first) / 1000),
      allowedPerSecond: (requests.length - 1) / (idealMs / 1000),
      ratio: idealMs / (last - first),
    };
  } finally {
    await fake.close();
  }
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 3);
  for (let i = 0; i < samples; i++) console.log(JSON.stringify(await once(i)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
