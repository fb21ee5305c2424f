// Who we are talking to: the configured host, the signed-in state for it, the selected project and the one
// shared API client. Everything else asks the session for a Connection and re-renders on onDidChange.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { FallbackMemory, ListCut, PoolBudget, PostHogClient, RatePool, UnreadableRow } from '../../api';
import { describeCut, describeUnreadable, normalizeHost, US_CLOUD } from '../../api';
import { type Credentials } from './credentials';
import { Command, ContextKey } from './constants';
import { markDone, setContext } from './contextKeys';
import type { Prompts } from '../../core/prompts';
import { resolveHost, type HostSettings } from './hostTrust';
import { networkOptions } from './networkSettings';
import { SignInRequired } from './signInRequired';

export interface Connection {
  readonly host: string;
  readonly projectId: number;
  readonly client: PostHogClient;
  /** Changes whenever host, key or project change: results fetched under an older generation are dropped. */
  readonly generation: number;
}

const PROJECT_NAMES = 'posthogWorkbench.projectNames';
/** Endpoints each host was found to lack, and when (`"<origin> <fallback>"` → epoch ms), across windows and restarts. */
const MISSING_ENDPOINTS = 'posthogWorkbench.missingEndpoints';
/** Origins from workspace settings the user confirmed at sign-in (user-level state: a repository cannot set it). */
const CONFIRMED_WORKSPACE_HOSTS = 'posthogWorkbench.confirmedWorkspaceHosts';

export class Session implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly rejected = new vscode.EventEmitter<string>();
  private readonly budget = new vscode.EventEmitter<{ pool: RatePool; budget: PoolBudget }>();
  /** A throttle pool's budget changed (a request went out, PostHog asked for a pause): the status bar shows the query pool. */
  readonly onDidChangeBudget = this.budget.event;
  /** Fires with the host when PostHog rejects the stored key and the user is asked to sign in again. */
  readonly onDidRejectKey = this.rejected.event;
  private readonly disposables: vscode.Disposable[] = [];
  private client: PostHogClient | undefined;
  private _host = US_CLOUD;
  private _signedIn = false;
  private _generation = 0;
  /** Like _generation, but moves only with the host, the key and the client, not with the selected project. */
  private accountGeneration = 0;
  private accountAnnounced = '';
  private rejectedGeneration: number | undefined;
  /**
   * What views depend on, as of the last announced change. One sign-in reloads several times (the key is
   * stored, settings may be written, then an explicit reload), and every announced change re-renders the trees:
   * a re-render the user did not ask for retires the commands of the rows on screen, so a click landing just
   * then does nothing. reload() therefore announces only when this moved.
   */
  private announced = '';
  /** Bumped when the client is replaced (network settings) or the key is rejected: both must re-render. */
  private epoch = 0;
  /** Settled once the first read of settings and SecretStorage is done; views wait for it, activation does not. */
  readonly ready: Promise<void>;
  /** Unreadable rows already logged, so a list that is shown again does not log them again. */
  private readonly loggedRows = new Set<string>();

  constructor(
    readonly credentials: Credentials,
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Tells of a key PostHog rejects, and of network settings it cannot use (a CA file that does not read). */
    private readonly prompts: Prompts,
  ) {
    this.disposables.push(
      credentials.onDidChange((host) => {
        if (host === this._host) void this.reload();
      }),
      // Trusting the workspace makes its settings count, its host among them.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        const network = [
          'http',
          'posthogWorkbench.caCertificates',
          'posthogWorkbench.requestTimeoutSeconds',
          'posthogWorkbench.apiQueriesEnabled',
        ].some((s) => e.affectsConfiguration(s));
        if (network) this.replaceClient();
        if (
          network ||
          e.affectsConfiguration('posthogWorkbench.host') ||
          e.affectsConfiguration('posthogWorkbench.projectId')
        ) {
          void this.reload();
        }
      }),
    );
    this.ready = this.reload();
  }

  get host(): string {
    return this._host;
  }
  get signedIn(): boolean {
    return this._signedIn;
  }
  get generation(): number {
    return this._generation;
  }

  get projectId(): number | undefined {
    const configured = vscode.workspace.getConfiguration('posthogWorkbench').get<number | null>('projectId');
    return typeof configured === 'number' ? configured : undefined;
  }

  projectName(projectId = this.projectId): string | undefined {
    if (projectId === undefined) return undefined;
    return this.globalState.get<Record<string, string>>(PROJECT_NAMES)?.[`${this._host}#${projectId}`];
  }

  async rememberProjectNames(host: string, projects: { id: number; name: string }[]): Promise<void> {
    const names = { ...this.globalState.get<Record<string, string>>(PROJECT_NAMES) };
    for (const p of projects) names[`${host}#${p.id}`] = p.name;
    await this.globalState.update(PROJECT_NAMES, names);
  }

  /** Re-reads settings and SecretStorage; fires onDidChange when anything a view depends on moved. */
  async reload(): Promise<void> {
    // A host from workspace settings is used only once the user confirmed it (hostTrust.ts); until then, theirs is.
    const resolved = resolveHost(this.hostSettings(), this.confirmedWorkspaceHosts());
    if (resolved.unconfirmedWorkspaceHost) this.sayWorkspaceHostWaits(resolved.unconfirmedWorkspaceHost);
    const configured = resolved.host;
    const normalized = normalizeHost(configured);
    const host = normalized.ok ? normalized.origin : configured;
    if (!normalized.ok) this.log.warn(`posthogWorkbench.host is not usable: ${normalized.reason}`);
    const apiKey = normalized.ok ? await this.credentials.getApiKey(host) : undefined;
    if (host !== this._host) this.replaceClient();
    this._host = host;
    this._signedIn = apiKey !== undefined;
    // A digest, so the key itself is not kept in a second place.
    const keyId = apiKey === undefined ? null : createHash('sha256').update(apiKey).digest('hex');
    const account = JSON.stringify([host, keyId, this.epoch]);
    if (account !== this.accountAnnounced) {
      this.accountAnnounced = account;
      this.accountGeneration++;
    }
    const state = JSON.stringify([host, keyId, this.projectId ?? null, this.epoch]);
    if (state === this.announced) return;
    this.announced = state;
    this._generation++;
    await setContext(ContextKey.signedIn, this._signedIn);
    if (this._signedIn && this.projectId !== undefined) markDone(ContextKey.selectedProject);
    this.changed.fire();
  }

  /** `posthogWorkbench.host` by where it is set; workspace values only count in a trusted workspace, as VS Code does. */
  hostSettings(): HostSettings {
    const inspected = vscode.workspace.getConfiguration('posthogWorkbench').inspect<string>('host');
    const workspace = vscode.workspace.isTrusted
      ? (inspected?.workspaceFolderValue ?? inspected?.workspaceValue)
      : undefined;
    return {
      ...(inspected?.globalValue !== undefined ? { user: inspected.globalValue } : {}),
      ...(workspace !== undefined ? { workspace } : {}),
      fallback: inspected?.defaultValue ?? US_CLOUD,
    };
  }

  confirmedWorkspaceHosts(): string[] {
    return this.globalState.get<string[]>(CONFIRMED_WORKSPACE_HOSTS) ?? [];
  }

  /** The user confirmed, at sign-in, that this origin from a workspace's settings may receive their key. */
  async confirmWorkspaceHost(origin: string): Promise<void> {
    const confirmed = this.confirmedWorkspaceHosts();
    if (!confirmed.includes(origin)) await this.globalState.update(CONFIRMED_WORKSPACE_HOSTS, [...confirmed, origin]);
    await this.reload();
  }

  /** The user signed in to another host than the one this workspace names: from now on that one must be confirmed again. */
  async forgetWorkspaceHost(origin: string): Promise<void> {
    const confirmed = this.confirmedWorkspaceHosts();
    if (confirmed.includes(origin))
      await this.globalState.update(
        CONFIRMED_WORKSPACE_HOSTS,
        confirmed.filter((o) => o !== origin),
      );
  }

  /** Once per session and origin: the workspace names a PostHog that is not used until the user confirms it. */
  private sayWorkspaceHostWaits(origin: string): void {
    const line = `posthogWorkbench.host in this workspace's settings is ${origin}; it is not used (and gets no API key) until you confirm it at sign-in.`;
    if (this.loggedRows.has(line)) return;
    this.loggedRows.add(line);
    this.log.warn(line);
    const signIn = vscode.l10n.t('Sign In…');
    void this.prompts
      .info(
        vscode.l10n.t(
          "This workspace's settings point PostHog Workbench at {0}. It is not used, and gets no API key, until you choose it in Sign In and confirm it.",
          origin,
        ),
        signIn,
      )
      .then((choice) => choice && vscode.commands.executeCommand(Command.signIn));
  }

  /** Logs each row of `list` that PostHog sent and the extension could not read, once per session. */
  reportUnreadable(list: string, rows: readonly UnreadableRow[]): void {
    for (const row of rows) {
      const line = `${list}: skipped ${describeUnreadable(row)}`;
      if (this.loggedRows.has(line)) continue;
      this.loggedRows.add(line);
      this.log.warn(line);
    }
  }

  /**
   * A list PostHog kept sending pages of, or whose `next` link pointed back (api/paging.ts), stopped early: logged,
   * and said once per list in a warning, since what the user looks for may be among the rows left out.
   */
  reportCut(what: string, cut: ListCut): void {
    const line = describeCut(cut, what);
    this.log.warn(line);
    if (this.loggedRows.has(line)) return;
    this.loggedRows.add(line);
    void this.prompts.warn(line);
  }

  /** The connection views and commands use, or undefined when signed out or no project is chosen. */
  connection(): Connection | undefined {
    const projectId = this.projectId;
    if (!this._signedIn || projectId === undefined) return undefined;
    return { host: this._host, projectId, client: this.sharedClient(), generation: this._generation };
  }

  /** The connection, or a readable error when signed out or no project is chosen. */
  requireConnection(): Connection {
    const connection = this.connection();
    if (!connection) throw new SignInRequired(vscode.l10n.t('Sign in to PostHog and choose a project first.'));
    return connection;
  }

  /** The connection when it is to `projectId` (what a document or panel of that project may use), else undefined. */
  connectionFor(projectId: number): Connection | undefined {
    const connection = this.connection();
    return connection?.projectId === projectId ? connection : undefined;
  }

  /** The signed-in client whether or not a project is chosen yet (for the project list itself). */
  accountClient(): PostHogClient | undefined {
    return this._signedIn ? this.sharedClient() : undefined;
  }

  isCurrent(connection: Connection): boolean {
    return connection.generation === this._generation;
  }

  /**
   * A connection to one project of the signed-in host whichever project is selected: what a group panel uses for
   * the project it was opened in. Undefined when signed out or signed in to another host.
   */
  connectionTo(host: string, projectId: number): Connection | undefined {
    if (!this._signedIn || host !== this._host) return undefined;
    return { host, projectId, client: this.sharedClient(), generation: this.accountGeneration };
  }

  /** Whether a connectionTo() connection still goes to the same host with the same key (selecting a project keeps it). */
  isCurrentAccount(connection: Connection): boolean {
    return connection.generation === this.accountGeneration && connection.host === this._host;
  }

  /** A client for a host and key that are not (yet) the stored ones: used to validate a key while signing in. */
  createClient(host: string, apiKey: string): PostHogClient {
    return this.newClient(host, () => apiKey);
  }

  private sharedClient(): PostHogClient {
    this.client ??= this.newClient(
      this._host,
      () => this.credentials.getApiKey(this._host),
      () => this.keyRejected(),
    );
    return this.client;
  }

  /** The stored key stopped working (revoked, expired): say so once and offer to sign in again. */
  private keyRejected(): void {
    if (this.rejectedGeneration === this._generation) return;
    this.rejectedGeneration = this._generation;
    this.epoch++;
    this.rejected.fire(this._host);
    void this.prompts
      .warn(
        vscode.l10n.t(
          'PostHog ({0}) rejected your personal API key. It may have been revoked or expired.',
          new URL(this._host).host,
        ),
        vscode.l10n.t('Sign In Again'),
      )
      .then((choice) => choice && vscode.commands.executeCommand(Command.signIn));
  }

  /**
   * Which documented endpoints a host lacks (upsert_properties...), kept in globalState: a new window or a restart does
   * not spend a request on the 404 again; the client asks once more a day later.
   */
  private readonly fallbacks: FallbackMemory = {
    missingSince: (origin, fallback) =>
      this.globalState.get<Record<string, number>>(MISSING_ENDPOINTS)?.[`${origin} ${fallback}`],
    remember: (origin, fallback, at) => {
      const missing = { ...this.globalState.get<Record<string, number>>(MISSING_ENDPOINTS) };
      if (at === undefined) delete missing[`${origin} ${fallback}`];
      else missing[`${origin} ${fallback}`] = at;
      void this.globalState.update(MISSING_ENDPOINTS, missing);
    },
  };

  /** The shared client's budget of one throttle pool, for the status bar (undefined when signed out). */
  rateBudget(pool: RatePool): PoolBudget | undefined {
    return this.client?.rateBudget()[pool];
  }

  private newClient(
    host: string,
    getApiKey: () => string | undefined | Promise<string | undefined>,
    onUnauthorized?: () => void,
  ): PostHogClient {
    const settings = vscode.workspace.getConfiguration('posthogWorkbench');
    const timeoutSeconds = settings.get<number>('requestTimeoutSeconds') ?? 30;
    // The client (and zod with its schemas) loads with the first request, not at activation.
    const { PostHogClient } = require('../../api/client') as typeof import('../../api/client');
    return new PostHogClient({
      host,
      getApiKey,
      timeoutMs: timeoutSeconds * 1000,
      network: networkOptions(this.log, this.prompts),
      rateLimits: { apiQueriesEnabled: settings.get<boolean>('apiQueriesEnabled') === true },
      fallbacks: this.fallbacks,
      // Only the shared client's budget is the session's (a client made to check a key while signing in is not).
      ...(onUnauthorized
        ? { onRateBudget: (pool: RatePool, budget: PoolBudget) => this.budget.fire({ pool, budget }) }
        : {}),
      onRequest: (e) => {
        const outcome = e.error ? `failed: ${e.error}` : String(e.status);
        const retry = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
        this.log.info(`${e.method} ${e.url} ${outcome} ${Math.round(e.durationMs)} ms${retry}`);
        // A refusal's message is in words; what PostHog answered, as it came, is here.
        if (e.body) this.log.warn(`PostHog answered ${e.method} ${e.url} with ${e.status ?? ''}: ${e.body}`);
        if (e.status === 401) onUnauthorized?.();
      },
    });
  }

  private replaceClient(): void {
    this.epoch++;
    const old = this.client;
    this.client = undefined;
    void old?.dispose();
  }

  dispose(): void {
    this.replaceClient();
    this.changed.dispose();
    this.rejected.dispose();
    this.budget.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
