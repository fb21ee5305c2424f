// Sign-in: host -> personal API key -> validate with users/@me -> project. With arguments (the extension's own tests
// alone: commands/account.ts) it runs without prompts.
import * as vscode from 'vscode';
import type { PickItem, Prompts } from '../../core/prompts';
import type { Project, TolerantList, UnreadableRow, User } from '../../api';
import { describeUnreadable, EU_CLOUD, isPostHogError, normalizeHost, US_CLOUD } from '../../api';
import { Command } from './constants';
import { hostChoices } from './hostChoices';
import { Session } from './session';
import { describeError } from './errors';

export interface SignInArgs {
  host?: string;
  apiKey?: string;
  projectId?: number;
}

/** Returns true when signed in, false when the user cancelled. Throws on a failure with arguments given. */
export async function signIn(session: Session, prompts: Prompts, args: SignInArgs = {}): Promise<boolean> {
  const automated = args.apiKey !== undefined;
  const host = args.host !== undefined ? checkedHost(args.host) : await pickHost(prompts, configuredHost());
  if (!host) return false;

  let user: User | undefined;
  let projects: TolerantList<Project> = { results: [], unreadable: [] };
  /** Checks a key with PostHog; undefined when it works, else why not (shown under the key box). */
  const check = async (key: string): Promise<string | undefined> => {
    try {
      const client = session.createClient(host, key);
      try {
        [user, projects] = await Promise.all([client.getCurrentUser(), client.listProjects()]);
      } finally {
        void client.dispose();
      }
      return undefined;
    } catch (error) {
      if (automated) throw error;
      return isPostHogError(error) && error.kind === 'unauthorized'
        ? vscode.l10n.t('PostHog rejected this key. Check that you copied the whole key.')
        : describeError(error);
    }
  };
  let apiKey = args.apiKey;
  if (apiKey !== undefined) {
    const key = apiKey;
    await prompts.progress({ location: 'notification', title: vscode.l10n.t('Checking your PostHog API key…') }, () => check(key));
  } else {
    apiKey = await askForKey(prompts, host, check);
  }
  if (apiKey === undefined || !user) return false;

  session.reportUnreadable('Projects', projects.unreadable);
  const projectId = args.projectId ?? (await pickProject(prompts, projects, user.team?.id));
  if (projectId === undefined) return false;

  await session.rememberProjectNames(host, projects.results);
  await session.credentials.store(host, apiKey, {
    email: user.email,
    name: [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email,
  });
  const config = vscode.workspace.getConfiguration('posthogWorkbench');
  if (config.get<string>('host') !== host) await config.update('host', host, vscode.ConfigurationTarget.Global);
  await setProjectId(projectId);
  await session.reload();
  return true;
}

/** Writes the project where it is currently decided: the workspace when a repo pins it, else the user settings. */
export async function setProjectId(projectId: number): Promise<void> {
  const config = vscode.workspace.getConfiguration('posthogWorkbench');
  const inspected = config.inspect<number | null>('projectId');
  const target = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update('projectId', projectId, target);
}

/**
 * The host in the settings, read when the picker opens: the session reads settings asynchronously after
 * activation, so when Sign In is the first command after VS Code starts, its host may not be known yet.
 */
function configuredHost(): string | undefined {
  const configured = vscode.workspace.getConfiguration('posthogWorkbench').get<string>('host');
  const normalized = configured ? normalizeHost(configured) : undefined;
  return normalized?.ok ? normalized.origin : undefined;
}

function checkedHost(input: string): string {
  const result = normalizeHost(input);
  if (!result.ok) throw new Error(vscode.l10n.t('Invalid PostHog host "{0}": {1}', input, result.reason));
  return result.origin;
}

async function pickHost(prompts: Prompts, configured: string | undefined): Promise<string | undefined> {
  const current = configured ?? US_CLOUD;
  const picked = await prompts.pick(hostChoices(configured), {
    title: vscode.l10n.t('Sign in to PostHog (1/3): where is your PostHog?'),
    placeHolder: vscode.l10n.t('Choose your PostHog instance'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
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
 * The key box: it stays open while PostHog checks the key, and a rejected key is a message under the box (the key
 * kept, to be corrected); its button opens the page where keys are created. The accepted key, or undefined.
 */
async function askForKey(prompts: Prompts, host: string, check: (key: string) => Promise<string | undefined>): Promise<string | undefined> {
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
        return { message: vscode.l10n.t('Personal API keys start with "phx_". Is this a project API key (phc_) by mistake?'), severity: 'warning' };
      }
      return undefined;
    },
    accept: (value) => check(value.trim()),
  });
  return key?.trim() || undefined;
}

async function pickProject(prompts: Prompts, projects: TolerantList<Project>, currentTeamId: number | undefined): Promise<number | undefined> {
  if (projects.results.length === 1 && projects.unreadable.length === 0) return projects.results[0]?.id;
  type Item = PickItem & { id?: number; unreadable?: UnreadableRow };
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
  for (;;) {
    const picked = await prompts.pick([...items, ...unreadable], {
      title: vscode.l10n.t('Sign in to PostHog (3/3): project'),
      placeHolder: vscode.l10n.t('Choose the project to work on'),
      ignoreFocusOut: true,
    });
    if (!picked?.unreadable) return picked?.id;
    await prompts.warn(vscode.l10n.t('This project cannot be opened: PostHog sent it without a usable id ({0}).', describeUnreadable(picked.unreadable)));
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
  const [user, projects] = await prompts.progress(
    { title: vscode.l10n.t('Loading PostHog projects…') },
    () => Promise.all([current === undefined ? client.getCurrentUser() : undefined, client.listProjects()]),
  );
  session.reportUnreadable('Projects', projects.unreadable);
  const projectId = await pickProject(prompts, projects, current ?? user?.team?.id);
  if (projectId === undefined) return;
  await session.rememberProjectNames(session.host, projects.results);
  await setProjectId(projectId);
  await session.reload();
}
