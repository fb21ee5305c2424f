// The first sign-in step's choices (no vscode import, so it is unit-tested): a configured self-hosted PostHog is
// offered as a one-step choice before the clouds, so signing in to it is not a matter of typing its URL again.
import * as l10n from '@vscode/l10n';
import { EU_CLOUD, US_CLOUD } from '../../api';

export interface HostChoice {
  label: string;
  description?: string;
  detail?: string;
  /** Undefined for the row that asks for a URL. */
  host?: string;
}

export function hostChoices(configured: string | undefined): HostChoice[] {
  const selfHosted = configured !== undefined && configured !== US_CLOUD && configured !== EU_CLOUD ? configured : undefined;
  return [
    ...(selfHosted ? [{ label: new URL(selfHosted).host, description: selfHosted, detail: l10n.t('Your configured PostHog (posthogWorkbench.host)'), host: selfHosted }] : []),
    { label: l10n.t('US Cloud'), description: US_CLOUD, host: US_CLOUD },
    { label: l10n.t('EU Cloud'), description: EU_CLOUD, host: EU_CLOUD },
    { label: l10n.t('Self-hosted or other URL…') },
  ];
}
