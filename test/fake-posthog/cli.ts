// `npm run fake-posthog [-- --port N --seed empty|realistic --latency ms --rate-limits posthog --group-list-lag ms --json]`
// `--rate-limits posthog` enforces PostHog Cloud's throttles (480/min and 4,800/h; queries 240/min and 1,200/h);
// `--group-list-lag` makes group writes show in the groups list that long after they happened, as ClickHouse does.
import { parseArgs } from 'node:util';
import { POSTHOG_RATE_LIMITS, startFakePostHog } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string', default: 'realistic' },
      latency: { type: 'string', default: '0' },
      'rate-limits': { type: 'string', default: 'off' },
      'group-list-lag': { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed;
  if (seed !== 'realistic' && seed !== 'empty') {
    console.error(`--seed must be 'realistic' or 'empty', not '${seed}'`);
    process.exit(2);
  }

  const limits = values['rate-limits'];
  if (limits !== 'off' && limits !== 'posthog') {
    console.error(`--rate-limits must be 'posthog' or 'off', not '${limits}'`);
    process.exit(2);
  }
  const fake = await startFakePostHog({
    port: Number(values.port),
    seed,
    latencyMs: Number(values.latency),
    rateLimits: limits === 'posthog' ? POSTHOG_RATE_LIMITS : false,
  });
  fake.setGroupListLag(Number(values['group-list-lag']) || 0);
  if (values.json) {
    console.log(JSON.stringify({ url: fake.url, apiKey: fake.apiKey, projectId: fake.projectId }));
  } else {
    console.log(`Local PostHog running (seed: ${seed}).

  Host:            ${fake.url}
  Personal key:    ${fake.apiKey}   (all scopes)
  Project id:      ${fake.projectId}
  Admin API:       ${fake.url}/_fake/info

Sign in to PostHog Workbench with the host and key above. Ctrl+C stops it.`);
  }

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void fake.close().then(() => process.exit(0));
    });
  }
}

void main();
