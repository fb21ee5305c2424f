// The first sign-in step's choices (no vscode import, so it is unit-tested): a configured self-hosted PostHog is
// offered as a one-step choice before the clouds, so signing in to it is not a matter of typing its URL again. A host
// from the workspace's settings is offered after them and must be confirmed (hostTrust.ts).
import * as l10n from '@vscode/l10n';
import { EU_CLOUD, US_CLOUD } from '../../api';

export interface HostChoice {
  label: string;
  description?: string;
  detail?: string;
  /** Undefined for the row that asks for a URL. */
  host?: string;
  /** The host comes from this workspace's settings: using it asks the user to confirm it first (hostTrust.ts). */
  fromWorkspace?: boolean;
}

/**
 * `configured`: the host of the user's own settings, offered first. `workspace`: a host from this workspace's
 * settings, offered after the clouds (never preselected: the first row is), saying where it comes from.
 */
export function hostChoices(configured: string | undefined, workspace?: string): HostChoice[] {
  const selfHosted =
    configured !== undefined && configured !== US_CLOUD && configured !== EU_CLOUD ? configured : undefined;
  const fromWorkspace =
    workspace !== undefined && workspace !== selfHosted && workspace !== US_CLOUD && workspace !== EU_CLOUD
      ? workspace
      : undefined;
  return [
    ...(selfHosted
      ? [
          {
            label: new URL(selfHosted).host,
            description: selfHosted,
            detail: l10n.t('Your configured PostHog (posthogWorkbench.host)'),
            host: selfHosted,
          },
        ]
      : []),
    { label: l10n.t('US Cloud'), description: US_CLOUD, host: US_CLOUD },
    { label: l10n.t('EU Cloud'), description: EU_CLOUD, host: EU_CLOUD },
    ...(fromWorkspace
      ? [
          {
            label: new URL(fromWorkspace).host,
            description: fromWorkspace,
            detail: l10n.t(
              "From this workspace's settings (.vscode/settings.json), not yours: you will be asked to confirm it",
            ),
            host: fromWorkspace,
            fromWorkspace: true,
          },
        ]
      : []),
    { label: l10n.t('Self-hosted or other URL…') },
  ];
}
