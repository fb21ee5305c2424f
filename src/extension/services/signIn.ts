// Sign-in: host -> personal API key -> validate with users/@me -> project. With arguments (the extension's own tests
// alone: commands/account.ts) it runs without prompts.
import * as vscode from 'vscode';
import type { PickItem, Prompts } from '../../core/prompts';
import type { Project, TolerantList, UnreadableRow, User } from '../../api';
import { describeCut, describeUnreadable, EU_CLOUD, isPostHogError, normalizeHost, US_CLOUD } from '../../api';
import { Command } from './constants';
import { hostChoices } from './hostChoices';
import { needsConfirmation } from './hostTrust';
import { type Session } from './session';
import { describeError } from './errors';

export interface SignInArgs {
  host?: string;
  apiKey?: string;
  projectId?: number;
}

/** Returns true when signed in, false when the user cancelled. Throws on a failure with arguments given. */
export async function signIn(session: Session, prompts: Prompts, args: SignInArgs = {}): Promise<boolean> {
  const automated = args.apiKey !== undefined;
  const configured = configuredHosts(session);
  const host = args.host !== undefined ? checkedHost(args.host) : await pickHost(session, prompts, configured);
  if (!host) return false;

  let user: User | undefined;
  let projects: TolerantList<Project> = { results: [], unreadable: [] };
  /** Checks a key with PostHog; undefined when it works, else why not (shown under the key box). */
  const check = async (key: string): Promise<string | undefined> => {
    try {
      const client = session.createClient(host, key);
      try {
        // Cancellable: a server that is slow to list its projects must not hold the sign-in hostage.
        [user, projects] = await prompts.progress(
          { location: 'notification', title: vscode.l10n.t('Checking your PostHog API key…'), cancellable: true },
          (signal) => Promise.all([client.getCurrentUser({ signal }), client.listProjects({ signal })]),
        );
      } finally {
        void client.dispose();
      }
      return undefined;
    } catch (error) {
      if (automated) throw error;
      // Cancelled while PostHog was asked: the sign-in ends (the box closes without a user, so nothing is stored).
      if (isPostHogError(error) && error.kind === 'cancelled') return undefined;
      return isPostHogError(error) && error.kind === 'unauthorized'
        ? vscode.l10n.t('PostHog rejected this key. Check that you copied the whole key.')
        : describeError(error);
    }
  };
  let apiKey = args.apiKey;
  if (apiKey !== undefined) {
    await check(apiKey);
  } else {
    apiKey = await askForKey(prompts, host, check);
  }
  if (apiKey === undefined || !user) return false;

  session.reportUnreadable('Projects', projects.unreadable);
  if (projects.cut) session.reportCut(vscode.l10n.t('projects'), projects.cut);
  const projectId = args.projectId ?? (await pickProject(prompts, projects, user.team?.id));
  if (projectId === undefined) return false;

  await session.rememberProjectNames(host, projects.results);
  await session.credentials.store(host, apiKey, {
    email: user.email,
    name: [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email,
  });
  const config = vscode.workspace.getConfiguration('posthogWorkbench');
  if (config.get<string>('host') !== host) await config.update('host', host, vscode.ConfigurationTarget.Global);
  // Signed in elsewhere than the host this workspace names: that one waits for a confirmation again, so the
  // session uses the host just chosen (hostTrust.ts).
  if (configured.workspace !== undefined && configured.workspace !== host)
    await session.forgetWorkspaceHost(configured.workspace);
  await setProjectId(projectId);
  await session.reload();
  return true;
}

/** Writes the project where it is currently decided: the workspace when a repo pins it, else the user settings. */
export async function setProjectId(projectId: number): Promise<void> {
  const config = vscode.workspace.getConfiguration('posthogWorkbench');
  const inspected = config.inspect<number | null>('projectId');
  const target =
    inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update('projectId', projectId, target);
}

/**
 * The hosts in the settings, read when the picker opens (the session reads settings asynchronously after
 * activation, so when Sign In is the first command after VS Code starts, its host may not be known yet): the
 * user's own, and one from this workspace's settings, which is offered but must be confirmed (hostTrust.ts).
 */
function configuredHosts(session: Session): { user?: string; workspace?: string } {
  const settings = session.hostSettings();
  const origin = (value: string | undefined) => {
    const normalized = value ? normalizeHost(value) : undefined;
    return normalized?.ok ? normalized.origin : undefined;
  };
  const user = origin(settings.user);
  const workspace = origin(settings.workspace);
  return { ...(user ? { user } : {}), ...(workspace ? { workspace } : {}) };
}

function checkedHost(input: string): string {
  const result = normalizeHost(input);
  if (!result.ok) throw new Error(vscode.l10n.t('Invalid PostHog host "{0}": {1}', input, result.reason));
  return result.origin;
}

async function pickHost(
  session: Session,
  prompts: Prompts,
  configured: { user?: string; workspace?: string },
): Promise<string | undefined> {
  const current = configured.user ?? US_CLOUD;
  const picked = await prompts.pick(hostChoices(configured.user, configured.workspace), {
    title: vscode.l10n.t('Sign in to PostHog (1/3): where is your PostHog?'),
    placeHolder: vscode.l10n.t('Choose your PostHog instance'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (
    picked.host &&
    picked.fromWorkspace &&
    needsConfirmation(picked.host, configured.user) &&
    !session.confirmedWorkspaceHosts().includes(picked.host)
  ) {
    return (await confirmWorkspaceHost(session, prompts, picked.host)) ? picked.host : undefined;
  }
  if (picked.host) return picked.host;
  const typed = await prompts.input({
    title: vscode.l10n.t('Sign in to PostHog (1/3): your PostHog URL'),
    prompt: vscode.l10n.t('For example https://posthog.example.com'),
    value: current !== US_CLOUD && current !== EU_CLOUD ? current : 'https://',
    ignoreFocusOut: true,
    validate: (value) => {
      const result = normalizeHost(value);
      return result.ok ? undefined : result.reason;
    },
  });
  return typed === undefined ? undefined : checkedHost(typed);
}

/**
 * Asks once per origin before a host from this workspace's settings may receive the user's key: a repository can
 * put any address there. The answer is kept in the user's own state, where no repository can set it.
 */
async function confirmWorkspaceHost(session: Session, prompts: Prompts, host: string): Promise<boolean> {
  const use = vscode.l10n.t('Use {0}', new URL(host).host);
  const answer = await prompts.confirm(vscode.l10n.t('Send your PostHog API key to {0}?', host), {
    detail: vscode.l10n.t(
      "This address comes from this workspace's settings (posthogWorkbench.host in .vscode/settings.json), not from your own settings. Anyone who can change this repository can put any address there, and the API key you type next goes to it. Continue only if {0} is your PostHog.",
      host,
    ),
    actions: [use],
  });
  if (answer !== use) return false;
  await session.confirmWorkspaceHost(host);
  return true;
}

/**
 * The key box: it stays open while PostHog checks the key, and a rejected key is a message under the box (the key
 * kept, to be corrected); its button opens the page where keys are created. The accepted key, or undefined.
 */
async function askForKey(
  prompts: Prompts,
  host: string,
  check: (key: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const keysPage = `${host}/settings/user-api-keys`;
  const key = await prompts.password({
    title: vscode.l10n.t('Sign in to PostHog (2/3): personal API key'),
    prompt: vscode.l10n.t('Create a personal API key at {0} (the button above opens it)', keysPage),
    placeHolder: 'phx_…',
    ignoreFocusOut: true,
    link: { url: keysPage, tooltip: vscode.l10n.t('Open {0} to create a personal API key', keysPage) },
    validate: (value) => {
      const trimmed = value.trim();
      if (!trimmed) return vscode.l10n.t('Paste your personal API key.');
      if (!trimmed.startsWith('phx_')) {
        return {
          message: vscode.l10n.t('Personal API keys start with "phx_". Is this a project API key (phc_) by mistake?'),
          severity: 'warning',
        };
      }
      return undefined;
    },
    accept: (value) => check(value.trim()),
  });
  return key?.trim() || undefined;
}

async function pickProject(
  prompts: Prompts,
  projects: TolerantList<Project>,
  currentTeamId: number | undefined,
): Promise<number | undefined> {
  if (projects.results.length === 1 && projects.unreadable.length === 0) return projects.results[0]?.id;
  type Item = PickItem & { id?: number; unreadable?: UnreadableRow; cut?: boolean };
  const items: Item[] = projects.results.map((p) => ({
    label: p.name || vscode.l10n.t('Project {0}', p.id),
    description: `#${p.id}`,
    detail: p.id === currentTeamId ? vscode.l10n.t('Your current project in PostHog') : undefined,
    id: p.id,
    picked: p.id === currentTeamId,
  }));
  items.sort((a, b) => Number(b.id === currentTeamId) - Number(a.id === currentTeamId));
  // A project PostHog sent that cannot be read stays visible, so the list is not silently short.
  const unreadable: Item[] = projects.unreadable.map((row) => ({
    label: `$(warning) ${row.hint ? vscode.l10n.t('Unreadable project "{0}"', row.hint) : vscode.l10n.t('Unreadable project')}`,
    detail: describeUnreadable(row),
    unreadable: row,
  }));
  // A list that stopped early says so in the list itself: the project looked for may be among those left out.
  if (projects.cut)
    unreadable.push({
      label: `$(warning) ${vscode.l10n.t('More projects were not loaded')}`,
      detail: describeCut(projects.cut, vscode.l10n.t('projects')),
      cut: true,
    });
  for (;;) {
    const picked = await prompts.pick([...items, ...unreadable], {
      title: vscode.l10n.t('Sign in to PostHog (3/3): project'),
      placeHolder: vscode.l10n.t('Choose the project to work on'),
      ignoreFocusOut: true,
    });
    if (picked?.cut) continue;
    if (!picked?.unreadable) return picked?.id;
    await prompts.warn(
      vscode.l10n.t(
        'This project cannot be opened: PostHog sent it without a usable id ({0}).',
        describeUnreadable(picked.unreadable),
      ),
    );
  }
}

export async function selectProject(session: Session, prompts: Prompts): Promise<void> {
  const client = session.accountClient();
  if (!client) {
    await vscode.commands.executeCommand(Command.signIn);
    return;
  }
  // The user's own team only matters as the preselected row when no project is chosen yet.
  const current = session.projectId;
  let user: User | undefined;
  let projects: TolerantList<Project>;
  try {
    [user, projects] = await prompts.progress(
      { location: 'notification', title: vscode.l10n.t('Loading PostHog projects…'), cancellable: true },
      (signal) =>
        Promise.all([
          current === undefined ? client.getCurrentUser({ signal }) : undefined,
          client.listProjects({ signal }),
        ]),
    );
  } catch (error) {
    if (isPostHogError(error) && error.kind === 'cancelled') return;
    throw error;
  }
  session.reportUnreadable('Projects', projects.unreadable);
  if (projects.cut) session.reportCut(vscode.l10n.t('projects'), projects.cut);
  const projectId = await pickProject(prompts, projects, current ?? user?.team?.id);
  if (projectId === undefined) return;
  await session.rememberProjectNames(session.host, projects.results);
  await setProjectId(projectId);
  await session.reload();
}
