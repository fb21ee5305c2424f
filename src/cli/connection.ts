// The PostHog client the command line talks through, configured from the environment: POSTHOG_HOST (default US
// Cloud), POSTHOG_PERSONAL_API_KEY and POSTHOG_PROJECT_ID. The key is only ever handed to the client, never printed.
import * as l10n from '@vscode/l10n';
import { normalizeHost, PostHogClient, US_CLOUD } from '../api';
import { CliError } from './args';
import type { CliIO } from './io';

export interface Connection {
  client: PostHogClient;
  projectId: number;
  host: string;
}

export function connect(io: CliIO): Connection {
  const host = normalizeHost(io.env.POSTHOG_HOST?.trim() || US_CLOUD);
  if (!host.ok) throw new CliError(l10n.t('POSTHOG_HOST: {0}', host.reason));
  const apiKey = io.env.POSTHOG_PERSONAL_API_KEY?.trim();
  const missing = [
    ...(apiKey ? [] : ['POSTHOG_PERSONAL_API_KEY']),
    ...(io.env.POSTHOG_PROJECT_ID?.trim() ? [] : ['POSTHOG_PROJECT_ID']),
  ];
  if (missing.length > 0) {
    throw new CliError(
      l10n.t(
        'Set {0} to talk to PostHog (a personal API key from {1}/settings/user-api-keys and the id of the project).',
        missing.join(l10n.t(' and ')),
        host.origin,
      ),
    );
  }
  const projectId = Number(io.env.POSTHOG_PROJECT_ID?.trim());
  if (!Number.isInteger(projectId) || projectId <= 0)
    throw new CliError(
      l10n.t('POSTHOG_PROJECT_ID must be a project id (a whole number), got "{0}".', io.env.POSTHOG_PROJECT_ID ?? ''),
    );
  return { client: new PostHogClient({ host: host.origin, getApiKey: () => apiKey }), projectId, host: host.origin };
}
