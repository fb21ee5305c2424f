// Sync state as file decorations: a badge and colour on hog functions in the tree that are linked to workspace
// folders, and on those folders in the Explorer (in sync ✓, local changes ↑, PostHog changes ↓, both ⇅).
import * as vscode from 'vscode';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { projectKey } from '../../core/functions/layout';
import { mayHaveSyncBadge } from './syncBadgeScope';
import { syncState, type SyncState } from '../../core/functions/sync';
import type { SyncRecords } from '../../core/functions/syncRecords';
import type { LocalFunction, WorkspaceFunctions } from './workspaceFunctions';
import { Scheme } from '../services/constants';

export const FUNCTION_RESOURCE_SCHEME = Scheme.functionResource;

/** The resource a tree item of a hog function carries, so decorations can find it. */
export function functionResourceUri(projectId: number, functionId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FUNCTION_RESOURCE_SCHEME, path: `/${projectId}/${encodeURIComponent(functionId)}` });
}

const looks = (): Record<SyncState, { badge: string; tooltip: string; color?: string }> => ({
  'in-sync': { badge: '✓', tooltip: vscode.l10n.t('Workspace files in sync with PostHog') },
  'local-changes': {
    badge: '↑',
    tooltip: vscode.l10n.t('Workspace files changed: push to update PostHog'),
    color: 'gitDecoration.modifiedResourceForeground',
  },
  'server-changes': {
    badge: '↓',
    tooltip: vscode.l10n.t('Changed in PostHog: pull to update the workspace files'),
    color: 'gitDecoration.addedResourceForeground',
  },
  'both-changed': {
    badge: '⇅',
    tooltip: vscode.l10n.t('Changed in the workspace and in PostHog: pull or push (each shows the diff first)'),
    color: 'gitDecoration.conflictingResourceForeground',
  },
  'not-synced': {
    badge: '?',
    tooltip: vscode.l10n.t('Linked to workspace files not synced here yet: pull or push to compare them'),
  },
  invalid: { badge: '!', tooltip: vscode.l10n.t('Workspace files cannot be read'), color: 'list.errorForeground' },
});

export class SyncDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly session: Session,
    private readonly store: HogFunctionsStore,
    private readonly workspace: WorkspaceFunctions,
    private readonly records: SyncRecords,
    changes: vscode.Event<unknown>[],
  ) {
    this.subscriptions = changes.map((event) => event(() => this.schedule()));
  }

  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Changes come in bursts (an export indexes and records each folder; a save updates the store): the badges are asked
   * for again once per burst, a moment after it, not while a save or an export is still finishing.
   */
  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, 50);
  }

  /** The state of a linked function, or undefined when no folder of the workspace is linked to it in this project. */
  async stateOf(functionId: string): Promise<{ state: SyncState; folder: vscode.Uri; problem?: string } | undefined> {
    const connection = this.session.connection();
    if (!connection) return undefined;
    const key = projectKey(connection.host, connection.projectId);
    const local = (await this.workspace.linked(key, functionId))[0];
    return local && this.describe(local, key, functionId);
  }

  /** The badge of a linked function and what it means ("✓ Workspace files in sync with PostHog"), for tooltips. */
  async badgeWords(functionId: string): Promise<string | undefined> {
    const found = await this.stateOf(functionId);
    if (!found) return undefined;
    const look = looks()[found.state];
    const folder = vscode.workspace.asRelativePath(found.folder);
    return `${look.badge} ${look.tooltip} (${folder})${found.problem ? `: ${found.problem}` : ''}`;
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    // Asked for every file VS Code shows: anything that is not ours is turned away before any work.
    if (!mayHaveSyncBadge(uri)) return undefined;
    const connection = this.session.connection();
    if (!connection) return undefined;
    let found: { state: SyncState; folder: vscode.Uri; problem?: string } | undefined;
    if (uri.scheme === FUNCTION_RESOURCE_SCHEME) {
      const [projectId, id] = uri.path.split('/').slice(1);
      if (Number(projectId) !== connection.projectId || !id) return undefined;
      found = await this.stateOf(decodeURIComponent(id));
    } else {
      const local = (await this.workspace.all()).find((f) => f.folder.toString() === uri.toString());
      const key = projectKey(connection.host, connection.projectId);
      const id = local?.file?.ids[key];
      if (local && id) found = this.describe(local, key, id);
      else if (local?.problem) found = { state: 'invalid', folder: local.folder, problem: local.problem };
    }
    if (!found) return undefined;
    const look = looks()[found.state];
    return new vscode.FileDecoration(
      look.badge,
      found.problem ? `${look.tooltip}: ${found.problem}` : look.tooltip,
      look.color ? new vscode.ThemeColor(look.color) : undefined,
    );
  }

  private describe(
    local: LocalFunction,
    key: string,
    functionId: string,
  ): { state: SyncState; folder: vscode.Uri; problem?: string } {
    const state = syncState(
      local.state,
      this.records.get(key, functionId),
      this.store.find(functionId)?.updated_at ?? undefined,
    );
    return { state, folder: local.folder, ...(local.problem ? { problem: local.problem } : {}) };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
