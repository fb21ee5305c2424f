// The personal API key lives only in SecretStorage, one entry per PostHog host. Non-secret account details
// (who the key belongs to) are kept in globalState so the Accounts menu can name the account without a request.
import * as vscode from 'vscode';

const KEY_PREFIX = 'posthogWorkbench.apiKey:';
const ACCOUNT_PREFIX = 'posthogWorkbench.account:';

export interface AccountInfo {
  email: string;
  name: string;
}

export class Credentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the host whose key was stored or deleted, in this window or any other. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly globalState: vscode.Memento,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length));
    });
  }

  async getApiKey(host: string): Promise<string | undefined> {
    return (await this.secrets.get(KEY_PREFIX + host)) || undefined;
  }

  async store(host: string, apiKey: string, account: AccountInfo): Promise<void> {
    await this.globalState.update(ACCOUNT_PREFIX + host, account);
    await this.secrets.store(KEY_PREFIX + host, apiKey);
  }

  async delete(host: string): Promise<void> {
    await this.secrets.delete(KEY_PREFIX + host);
    await this.globalState.update(ACCOUNT_PREFIX + host, undefined);
  }

  account(host: string): AccountInfo | undefined {
    return this.globalState.get<AccountInfo>(ACCOUNT_PREFIX + host);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
