// `npm run fake-posthog [-- --port N --seed empty|realistic --latency ms --json]`
import { parseArgs } from 'node:util';
import { startFakePostHog } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string', default: 'realistic' },
      latency: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed;
  if (seed !== 'realistic' && seed !== 'empty') {
    console.error(`--seed must be 'realistic' or 'empty', not '${seed}'`);
    process.exit(2);
  }

  const fake = await startFakePostHog({ port: Number(values.port), seed, latencyMs: Number(values.latency) });
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
