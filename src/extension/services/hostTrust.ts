// Which PostHog the extension talks to when a workspace's settings name one (no vscode import, so it is unit-tested).
// A repository can put any address in `.vscode/settings.json`, and the key typed at sign-in goes to that address: so
// a host that comes from workspace (or folder) settings is used only once the user has confirmed that exact origin,
// in a prompt that says where the address comes from. Until then the user's own host (user settings, or the default)
// is used, the workspace's is never preselected at sign-in, and no key is sent to it. PostHog's clouds need no
// confirmation (a repository pinning EU Cloud is common, and sends the key nowhere else), nor does the host the user
// set in their own settings.
import { EU_CLOUD, normalizeHost, US_CLOUD } from '../../api';

/** `posthogWorkbench.host` as VS Code's inspect() reports it, each value as written in its settings file. */
export interface HostSettings {
  /** User settings, or undefined. */
  user?: string;
  /** Workspace or folder settings (undefined in Restricted Mode, where VS Code ignores them). */
  workspace?: string;
  /** The extension's default (US Cloud). */
  fallback?: string;
}

export interface ResolvedHost {
  /** The origin to talk to (or, when no setting is usable, the user's text as written, for the message). */
  host: string;
  /** The user's own host: user settings, else the default. */
  userHost: string;
  /** A workspace host that waits for the user's confirmation (and is not used until then). */
  unconfirmedWorkspaceHost?: string;
  /** A usable workspace host, confirmed or not needing confirmation. */
  workspaceHost?: string;
}

function origin(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const normalized = normalizeHost(value);
  return normalized.ok ? normalized.origin : undefined;
}

/** Whether a workspace's host may be used without asking: a PostHog cloud, or the host of the user's own settings. */
export function needsConfirmation(workspaceHost: string, userHost: string | undefined): boolean {
  return workspaceHost !== US_CLOUD && workspaceHost !== EU_CLOUD && workspaceHost !== userHost;
}

/** The host to use now, given the settings and the workspace origins the user confirmed. */
export function resolveHost(settings: HostSettings, confirmed: readonly string[]): ResolvedHost {
  const userText = settings.user ?? settings.fallback ?? US_CLOUD;
  const userHost = origin(userText) ?? userText;
  const workspace = origin(settings.workspace);
  if (settings.workspace !== undefined && settings.workspace !== '' && workspace === undefined) {
    // An unusable workspace value: said as it is (the session logs why), as before.
    return { host: settings.workspace, userHost };
  }
  if (workspace === undefined) return { host: userHost, userHost };
  if (needsConfirmation(workspace, origin(settings.user)) && !confirmed.includes(workspace)) {
    return { host: userHost, userHost, unconfirmedWorkspaceHost: workspace };
  }
  return { host: workspace, userHost, workspaceHost: workspace };
}
