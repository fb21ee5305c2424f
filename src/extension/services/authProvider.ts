// Exposes the stored key as a VS Code authentication session so the account shows in the Accounts menu and
// other extensions (or our own commands) can ask for it. Sign-in and sign-out go through our own commands.
import * as vscode from 'vscode';
import { type Credentials } from './credentials';

export class PostHogAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private last: vscode.AuthenticationSession | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly currentHost: () => string,
    private readonly signIn: () => Thenable<unknown>,
  ) {}

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const host = this.currentHost();
    const key = await this.credentials.getApiKey(host);
    if (!key) return [];
    const account = this.credentials.account(host);
    const label = account ? `${account.email} (${new URL(host).host})` : new URL(host).host;
    return [{ id: host, accessToken: key, account: { id: host, label }, scopes: [] }];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await this.signIn();
    const [session] = await this.getSessions();
    if (!session) throw new Error(vscode.l10n.t('Sign-in to PostHog was cancelled.'));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.credentials.delete(sessionId);
  }

  /**
   * Called whenever the session changes (key stored or deleted in any window, host changed): the session shown
   * is the one for the current host.
   */
  async fireChange(): Promise<void> {
    const [now] = await this.getSessions();
    const before = this.last;
    this.last = now;
    if (before?.id === now?.id && before?.accessToken === now?.accessToken) return;
    this.changed.fire({
      added: now && !before ? [now] : [],
      removed: before && !now ? [before] : before && now && before.id !== now.id ? [before] : [],
      changed: before && now && before.id === now.id ? [now] : [],
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
