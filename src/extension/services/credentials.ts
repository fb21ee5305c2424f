// The personal API key lives only in SecretStorage, one entry per PostHog host. Non-secret account details
// (who the key belongs to) are kept in globalState so the Accounts menu can name the account without a request.
import * as vscode from 'vscode';
import { apiKeySecret } from './constants';

const KEY_PREFIX = apiKeySecret('');
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
  /**
   * Each host's key as last read from SecretStorage, until it changes (here or in another window). Every request
   * asks for the key, and a SecretStorage read is a round trip to the workbench (in the browser, for VS Code on the
   * web): one per request, on the critical path of every save, push and export.
   */
  private readonly keys = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly globalState: vscode.Memento,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(KEY_PREFIX)) return;
      const host = e.key.slice(KEY_PREFIX.length);
      this.keys.delete(host);
      this.changed.fire(host);
    });
  }

  getApiKey(host: string): Promise<string | undefined> {
    let key = this.keys.get(host);
    if (!key) {
      key = Promise.resolve(this.secrets.get(KEY_PREFIX + host)).then((value) => value || undefined);
      this.keys.set(host, key);
      // A failed read is not remembered: the next request asks again.
      key.catch(() => this.keys.get(host) === key && this.keys.delete(host));
    }
    return key;
  }

  async store(host: string, apiKey: string, account: AccountInfo): Promise<void> {
    await this.globalState.update(ACCOUNT_PREFIX + host, account);
    this.keys.delete(host);
    await this.secrets.store(KEY_PREFIX + host, apiKey);
    this.keys.delete(host);
  }

  async delete(host: string): Promise<void> {
    this.keys.delete(host);
    await this.secrets.delete(KEY_PREFIX + host);
    this.keys.delete(host);
    await this.globalState.update(ACCOUNT_PREFIX + host, undefined);
  }

  account(host: string): AccountInfo | undefined {
    return this.globalState.get<AccountInfo>(ACCOUNT_PREFIX + host);
  }

  dispose(): void {
    this.keys.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
