// The host side of one group panel: answers the webview's requests through the shared API client, keeps the
// tree's copy of the group up to date after each write, and never hands the webview anything but group data,
// activity and error messages.
import * as vscode from 'vscode';
import type { ActivityEntry, Group, GroupRef, UnreadableRow } from '../../api';
import { describeUnreadable, isPostHogError } from '../../api';
import type { Connection, Session } from '../services/session';
import type { GroupsStore } from '../services/groupsStore';
import { Command } from '../services/constants';
import { SignInRequired } from '../services/signInRequired';
import { groupLabel, singularGroupTypeLabel } from '../../shared/labels';
import {
  groupPanelReplies,
  hasUnsavedWork,
  webviewMessageSchema,
  type ActivityItem,
  type ActivityPage,
  type ErrorInfo,
  type GroupData,
  type HostMessage,
  type PanelEdits,
  type RelatedItem,
  type SaveOutcome,
  type StagedSave,
  type WebviewMessage,
  type WebviewRequest,
} from '../../shared/protocol/groupPanel';
import { loadedValue, sameValue } from '../../shared/propertyValue';
import { errorInfo } from './errorInfo';
import type { KeptEdits } from './keptEdits';
import { PanelHost } from './panelHost';

export const ACTIVITY_PAGE_SIZE = 20;

export interface GroupPanelDeps {
  session: Session;
  groups: GroupsStore;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  keptEdits: KeptEdits;
}

/**
 * The project a panel belongs to: the one selected when it was opened. It keeps it when another project is selected,
 * so its staged edits are never carried to another project. `projectId` is undefined for a panel opened with none.
 */
export interface PanelHome {
  host: string;
  projectId: number | undefined;
}

/** A panel's identity, and its kept edits' key: host, project, group type and key. */
export function panelId(ref: GroupRef, home: PanelHome): string {
  return [home.host, home.projectId ?? '', ref.groupTypeIndex, ref.groupKey].join('\u0000');
}

/** How kept edits were keyed before panels belonged to a project (type and key only): read once after an update. */
export function legacyPanelId(ref: GroupRef): string {
  return `${ref.groupTypeIndex}\u0000${ref.groupKey}`;
}

/** The project selected now, which a panel opened now belongs to. */
export function currentHome(session: Session): PanelHome {
  return { host: session.host, projectId: session.projectId };
}

/** A panel's project in words: its name when the session knows it, else its id. */
export function homeLabel(session: Session, home: PanelHome): string {
  const { projectId, host } = home;
  const name = projectId !== undefined && host === session.host ? session.projectName(projectId) : undefined;
  return name ? vscode.l10n.t('project "{0}"', name) : vscode.l10n.t('project {0}', projectId ?? '?');
}

/**
 * The connection to a panel's own project, whichever project is selected: a save goes where its edits were staged.
 * Signed out of that host or project: SignInRequired with `says.elsewhere(project, host)` when the panel's project is on
 * another host than the session's, else `says.signIn`.
 */
export function homeConnection(
  session: Session,
  home: PanelHome,
  says: { elsewhere: (project: string, host: string) => string; signIn: string },
): Connection {
  const { host, projectId } = home;
  const connection = projectId === undefined ? undefined : session.connectionTo(host, projectId);
  if (connection) return connection;
  throw new SignInRequired(
    projectId !== undefined && host !== session.host
      ? says.elsewhere(homeLabel(session, home), new URL(host).host)
      : says.signIn,
  );
}

export interface GroupPanelOptions {
  /** A preview panel: the next group opened from the tree replaces it, until something keeps it open. */
  preview?: boolean;
  /** After a reload: unsaved work the host kept, handed to the webview with its first init. */
  restoredEdits?: PanelEdits;
  /** A preview panel's page that showed another group: whether that page has loaded (sent `ready`). */
  adopted?: { pageReady: boolean };
  /** The project the panel belongs to; by default the one selected now. */
  home?: PanelHome;
}

export class GroupPanel extends PanelHost<WebviewMessage, HostMessage> {
  private group: Group | undefined;
  private activity: ActivityPage | undefined;
  /** True once this panel itself loaded the group (not just the tree's copy). */
  private fresh = false;
  private keySuggestions: string[] | undefined;
  private restoredEdits: PanelEdits | undefined;
  private _preview: boolean;
  /** The page holds staged changes (Save writes them): the title shows it. */
  private staged = false;
  /** Whether the webview last said it holds unsaved work (`keepEdits`). */
  private unsaved = false;
  /** The page sent `ready`: it can take `init` (again, for another group) without loading. */
  private pageReady: boolean;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  /** Fires when the panel stops being a preview, and when it becomes or stops being the active editor. */
  readonly onDidChangeState = this.stateChanged.event;
  /** The project this panel loads from and saves to, whichever project is selected later. */
  private _home: PanelHome;
  /** The connection the panel's data was last loaded with: a change of host or key means loading again. */
  private loadedWith: Connection | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    readonly ref: GroupRef,
    private readonly deps: GroupPanelDeps,
    initial: Group | undefined,
    private groupTypeName: string,
    options: GroupPanelOptions = {},
  ) {
    super(
      panel,
      {
        name: 'Group panel',
        script: 'groupPanel',
        title: vscode.l10n.t('Group'),
        schema: webviewMessageSchema,
        replies: groupPanelReplies,
        log: deps.log,
        extensionUri: deps.extensionUri,
      },
      options.adopted !== undefined,
    );
    this.restoredEdits = options.restoredEdits;
    this.unsaved = options.restoredEdits !== undefined && hasUnsavedWork(options.restoredEdits);
    this._preview = (options.preview ?? false) && !this.unsaved;
    this.pageReady = options.adopted?.pageReady ?? false;
    this._home = options.home ?? currentHome(deps.session);
    this.group =
      initial ?? (this.isSelectedProject() ? deps.groups.findLoaded(ref.groupTypeIndex, ref.groupKey) : undefined);
    this.updateTitle();
    this.disposables.push(
      this.stateChanged,
      panel.onDidChangeViewState(() => this.stateChanged.fire()),
      deps.session.onDidChange(() => {
        // A panel opened before any project was chosen takes the first one chosen (it has nothing of another yet).
        if (this._home.projectId === undefined && deps.session.projectId !== undefined)
          this._home = currentHome(deps.session);
        // Another project selected: this panel stays with its own, and says so. Another host or key: what it shows
        // may no longer be true, so it loads again (its unsaved edits stay).
        this.post({ type: 'projectNote', note: this.projectNote() ?? null });
        this.updateTitle();
        if (
          this.loadedWith &&
          this.deps.session.isCurrentAccount(this.loadedWith) &&
          this.loadedWith.projectId === this._home.projectId
        ) {
          // The trees' lists started over: the type's name for the title is read again.
          this.loadTypeName();
          return;
        }
        this.fresh = false;
        this.activity = undefined;
        this.keySuggestions = undefined;
        void this.refresh();
      }),
    );
    if (!options.adopted) this.loadPage();
    // A live page paints the new group at once from what the tree had; a hidden one reloads when shown and says `ready`.
    else if (this.pageReady && panel.visible) this.sendInit();
  }

  get preview(): boolean {
    return this._preview;
  }

  get home(): PanelHome {
    return this._home;
  }

  /** Host, project, group type and key: one panel each, and the key of its kept edits. */
  get id(): string {
    return panelId(this.ref, this._home);
  }

  /** Whether the panel's project is the one selected now (the trees show that one). */
  private isSelectedProject(): boolean {
    const { session } = this.deps;
    return (
      this._home.host === session.host &&
      this._home.projectId !== undefined &&
      this._home.projectId === session.projectId
    );
  }

  /** What to say when the panel's project is not the selected one: that it still loads from and saves to its own. */
  private projectNote(): string | undefined {
    const { session } = this.deps;
    const { host, projectId } = this._home;
    if (projectId === undefined || this.isSelectedProject()) return undefined;
    const own = this.projectLabel();
    if (host !== session.host) {
      return vscode.l10n.t(
        'This group is in {0} on {1}, not the PostHog you are signed in to now. It loads and saves only there: sign in to {1} again to save its edits.',
        own,
        new URL(host).host,
      );
    }
    const selected =
      session.projectId === undefined
        ? undefined
        : (session.projectName(session.projectId) ?? String(session.projectId));
    return selected === undefined
      ? vscode.l10n.t('This group is in {0}. It loads from and saves to {0} only.', own)
      : vscode.l10n.t(
          'This group is in {0}, not the selected project "{1}". It loads from and saves to {0} only.',
          own,
          selected,
        );
  }

  private projectLabel(): string {
    return homeLabel(this.deps.session, this._home);
  }

  /** Whether the next group opened from the tree may take this panel: a preview with no unsaved work. */
  get replaceable(): boolean {
    return this._preview && !this.unsaved;
  }

  /** Pins the panel: it is no longer a preview, and no group opened from the tree replaces it. */
  keepOpen(): void {
    if (!this._preview) return;
    this._preview = false;
    this.updateTitle();
    this.post({ type: 'keptOpen' });
    this.stateChanged.fire();
  }

  /**
   * Gives this panel, page and all, to `next` (another group): this host stops answering and forgets its kept
   * edits (a replaceable panel has none), and the panel stays open for the next group's host.
   */
  handOver(next: (panel: vscode.WebviewPanel, adopted: { pageReady: boolean }) => GroupPanel): GroupPanel {
    const pageReady = this.pageReady;
    void this.deps.keptEdits.delete(this.id);
    return next(this.release(), { pageReady });
  }

  /** Closed by the user (dispose() on deactivation unsubscribes first, so the edits stay for the reload). */
  protected override closed(): void {
    void this.deps.keptEdits.delete(this.id);
    super.closed();
  }

  /**
   * Brings the panel forward (keeping the focus where it is when `preserveFocus`, as a preview opened from the tree
   * does); a group handed over by the caller (e.g. Find Group) is newer than ours.
   */
  reveal(group?: Group, preserveFocus = false): void {
    if (group) this.acceptGroup(group);
    this.panel.reveal(undefined, preserveFocus);
  }

  // PanelHost answers the notifications every panel shares (sign in, show log, an unreadable message) itself.
  protected async notify(
    message: Exclude<WebviewMessage, WebviewRequest | { type: 'signIn' | 'showLog' | 'invalidMessage' }>,
  ): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        this.sendInit();
        return;
      case 'keepEdits':
        // Work a replacement would lose keeps a preview open, as an edit pins a preview editor.
        this.unsaved = hasUnsavedWork(message.edits);
        if (this.unsaved) this.keepOpen();
        if (this.staged !== (message.edits.staged?.length ?? 0) > 0) {
          this.staged = !this.staged;
          this.updateTitle();
        }
        await this.deps.keptEdits.set(this.id, message.edits);
        return;
      case 'keepOpen':
        this.keepOpen();
        return;
      case 'openRelated': {
        const { item } = message;
        if (item.kind === 'group' && item.groupTypeIndex !== undefined) {
          await vscode.commands.executeCommand(Command.openGroup, {
            groupTypeIndex: item.groupTypeIndex,
            groupKey: item.id,
          });
        } else if (item.kind === 'person') {
          const c = this.connection();
          // PostHog's web app addresses a person by uuid (frontend urls.personByUUID).
          await vscode.env.openExternal(
            vscode.Uri.parse(`${c.host}/project/${c.projectId}/persons/${encodeURIComponent(item.id)}`),
          );
        }
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', message.what), 2000);
        return;
    }
  }

  /** Whatever the host knows, so the page paints without a request (and asks for a refresh unless it is fresh). */
  private sendInit(): void {
    this.post({
      type: 'init',
      groupTypeIndex: this.ref.groupTypeIndex,
      groupKey: this.ref.groupKey,
      groupTypeName: this.groupTypeName,
      group: this.group ? groupData(this.group) : null,
      activity: this.activity ?? null,
      fresh: this.fresh,
      preview: this._preview,
      ...(this._home.projectId !== undefined
        ? { project: { host: this._home.host, projectId: this._home.projectId } }
        : {}),
      projectNote: this.projectNote() ?? null,
      ...(this.restoredEdits ? { edits: this.restoredEdits } : {}),
    });
    this.restoredEdits = undefined;
  }

  protected async answer(message: WebviewRequest): Promise<HostMessage> {
    const { id } = message;
    switch (message.type) {
      case 'refresh':
        return { type: 'reply', id, ...(await this.refresh()) };
      case 'loadActivity':
        await this.loadActivity(this.connection(), message.page);
        return { type: 'reply', id };
      case 'save':
        return { type: 'saveResult', id, outcome: await this.save(message.edits, message.overwrite) };
      case 'delete':
        await this.write((c) => c.client.deleteGroupProperty(c.projectId, this.ref, message.key));
        return { type: 'reply', id };
      case 'restore':
        await this.write((c) => c.client.updateGroupProperty(c.projectId, this.ref, message.key, message.value));
        return { type: 'reply', id };
      case 'suggestKeys':
        return { type: 'suggestions', id, values: await this.suggestKeys() };
      case 'loadRelated':
        return { type: 'related', id, items: await this.related() };
      case 'suggestValues': {
        const c = this.connection();
        const values = await c.client.listGroupPropertyValues(c.projectId, this.ref.groupTypeIndex, message.key);
        return { type: 'suggestions', id, values: values.map((v) => v.name) };
      }
    }
  }

  /** The group and the first activity page, in parallel; each failure is shown where its data would be. */
  private async refresh(): Promise<{ error?: ErrorInfo }> {
    let connection: Connection;
    try {
      connection = this.connection();
    } catch (error) {
      const info = errorInfo(error);
      this.post({ type: 'loadError', target: 'group', error: info });
      return { error: info };
    }
    this.loadTypeName();
    this.loadedWith = connection;
    const [group, activity] = await Promise.allSettled([
      connection.client.findGroup(connection.projectId, this.ref.groupTypeIndex, this.ref.groupKey),
      this.loadActivity(connection, 1),
    ]);
    if (!this.deps.session.isCurrentAccount(connection)) return {};
    if (group.status === 'fulfilled') {
      this.fresh = true;
      this.acceptGroup(group.value);
    } else {
      this.logFailure('find group', group.reason);
      this.post({ type: 'loadError', target: 'group', error: errorInfo(group.reason) });
    }
    if (activity.status === 'rejected') this.logFailure('load activity', activity.reason);
    const failed =
      group.status === 'rejected' ? group.reason : activity.status === 'rejected' ? activity.reason : undefined;
    return failed === undefined ? {} : { error: errorInfo(failed) };
  }

  private async loadActivity(connection: Connection, page: number): Promise<void> {
    try {
      const result = await connection.client.listGroupActivity(connection.projectId, this.ref, {
        page,
        limit: ACTIVITY_PAGE_SIZE,
      });
      if (!this.deps.session.isCurrentAccount(connection)) return;
      this.deps.session.reportUnreadable(`Activity of group "${this.ref.groupKey}"`, result.unreadable);
      const items = [...result.results.map(activityItem), ...result.unreadable.map(unreadableActivityItem)];
      const activity: ActivityPage = { page, items, hasMore: result.next !== null, total: result.total_count };
      // Keep every loaded page, so a hidden and re-shown panel paints the same list without requests.
      this.activity =
        page === 1 || !this.activity ? activity : { ...activity, items: [...this.activity.items, ...items] };
      this.post({ type: 'activity', activity });
    } catch (error) {
      if (this.deps.session.isCurrentAccount(connection))
        this.post({ type: 'loadError', target: 'activity', error: errorInfo(error) });
      throw error;
    }
  }

  /**
   * Re-reads the group first: a key whose value on PostHog is no longer the one the edit was based on is a
   * conflict, and nothing is written until the user chooses to overwrite it. New values are written first, then the
   * staged deletes one by one; the first failure stops the rest, which are reported as not attempted.
   */
  private async save(edits: StagedSave[], overwrite: boolean): Promise<SaveOutcome> {
    const connection = this.connection();
    let current: Group | undefined;
    if (!overwrite) {
      current = await connection.client.findGroup(connection.projectId, this.ref.groupTypeIndex, this.ref.groupKey);
      if (this.deps.session.isCurrentAccount(connection)) this.acceptGroup(current);
      const now = current.group_properties;
      const conflicts = edits.flatMap((edit) => {
        const value = loadedValue(now, edit.key);
        const unchanged =
          value.present === edit.loaded.present && (!value.present || sameValue(value.value, edit.loaded.value));
        const already = 'delete' in edit ? !value.present : value.present && sameValue(value.value, edit.value);
        return unchanged || already ? [] : [{ key: edit.key, current: value }];
      });
      if (conflicts.length) return { kind: 'conflict', conflicts };
    }
    const deletes = edits.filter((edit) => 'delete' in edit);
    // fromEntries defines own keys: assignment would turn a property named `__proto__` into the prototype.
    const properties: Record<string, unknown> = Object.fromEntries(
      edits.flatMap((edit) => ('delete' in edit ? [] : [[edit.key, edit.value]])),
    );
    const result = await connection.client.upsertGroupProperties(connection.projectId, this.ref, properties);
    const applied = [...result.applied];
    const notAttempted = [...result.notAttempted];
    let failed = result.failed;
    let group = result.group;
    for (const edit of deletes) {
      if (failed) {
        notAttempted.push(edit.key);
        continue;
      }
      // Gone already (checked just now): nothing to send.
      if (current && !Object.hasOwn(current.group_properties, edit.key)) {
        applied.push(edit.key);
        continue;
      }
      try {
        group = await connection.client.deleteGroupProperty(connection.projectId, this.ref, edit.key);
        applied.push(edit.key);
      } catch (error) {
        if (!isPostHogError(error)) throw error;
        failed = { key: edit.key, error };
      }
    }
    if (group && this.deps.session.isCurrentAccount(connection)) this.acceptGroup(group);
    if (failed) this.logFailure(`save "${failed.key}"`, failed.error);
    if (applied.length) void this.loadActivity(connection, 1).catch(() => undefined);
    return {
      kind: 'done',
      saved: applied,
      ...(failed ? { failed: { key: failed.key, error: errorInfo(failed.error) } } : {}),
      notAttempted,
    };
  }

  private async write(run: (connection: Connection) => Promise<Group>): Promise<void> {
    const connection = this.connection();
    const group = await run(connection);
    if (!this.deps.session.isCurrentAccount(connection)) return;
    this.acceptGroup(group);
    void this.loadActivity(connection, 1).catch(() => undefined);
  }

  /** Persons first, then groups of the other types, as PostHog lists them. */
  private async related(): Promise<RelatedItem[]> {
    const c = this.connection();
    const types = this.deps.groups.groupTypes();
    // The related groups' types by name; a panel opened without the tree may not have them yet.
    const [list] = await Promise.all([
      c.client.listRelatedActors(c.projectId, this.ref),
      types && !types.isLoaded ? types.load().catch(() => undefined) : undefined,
    ]);
    this.deps.session.reportUnreadable(`Related to group "${this.ref.groupKey}"`, list.unreadable);
    return list.results.map((a): RelatedItem => {
      if (a.type === 'person') {
        const email = a.properties.email;
        const label = a.name || (typeof email === 'string' ? email : '') || a.distinct_ids[0] || a.id;
        return { kind: 'person', id: a.id, label, detail: a.distinct_ids.slice(0, 3).join(', ') };
      }
      const type = this.deps.groups.groupType(a.group_type_index);
      return {
        kind: 'group',
        id: a.group_key,
        groupTypeIndex: a.group_type_index,
        label: groupLabel({ group_key: a.group_key, group_properties: a.properties }),
        detail: type ? singularGroupTypeLabel(type) : String(a.group_type_index),
      };
    });
  }

  private async suggestKeys(): Promise<string[]> {
    if (!this.keySuggestions) {
      const c = this.connection();
      const definitions = await c.client.listGroupPropertyDefinitions(c.projectId, this.ref.groupTypeIndex);
      // Suggestions have no row to flag: an unreadable definition is only logged.
      this.deps.session.reportUnreadable('Group property definitions', definitions.unreadable);
      if (definitions.cut) this.deps.session.reportCut(vscode.l10n.t('property suggestions'), definitions.cut);
      this.keySuggestions = [...new Set(definitions.results.map((d) => d.name))].sort();
    }
    return this.keySuggestions;
  }

  /** Opened without the tree (restored after a reload, or from a command): the title needs the type's name. */
  private loadTypeName(): void {
    if (!this.isSelectedProject()) return;
    const types = this.deps.groups.groupTypes();
    if (types && !types.isLoaded) void types.load().then(() => this.updateTitle());
  }

  private acceptGroup(group: Group): void {
    this.group = group;
    // The trees show the selected project: a group of another project must not appear there.
    if (this.isSelectedProject()) this.deps.groups.upsert(group);
    this.updateTitle();
    this.post({ type: 'group', group: groupData(group) });
  }

  /** The connection to the panel's own project, whichever project is selected: a save goes where its edits were staged. */
  private connection(): Connection {
    return homeConnection(this.deps.session, this._home, {
      elsewhere: (project, host) =>
        vscode.l10n.t(
          'This group is in {0} on {1}: sign in to {1} again to load or save it. Its unsaved edits are kept.',
          project,
          host,
        ),
      signIn: vscode.l10n.t('Sign in to PostHog and choose a project to load this group.'),
    });
  }

  private updateTitle(): void {
    // An answer for the group this panel showed before it was handed over must not rename it.
    if (!this.attached) return;
    // Group types are the selected project's: another project's panel keeps the name it was opened with.
    const type = this.isSelectedProject() ? this.deps.groups.groupType(this.ref.groupTypeIndex) : undefined;
    // The webview got the type's name with `init`; it hears again only when the name changes.
    if (type && singularGroupTypeLabel(type) !== this.groupTypeName) {
      this.groupTypeName = singularGroupTypeLabel(type);
      this.post({ type: 'groupType', name: this.groupTypeName });
    }
    const name = this.group ? groupLabel(this.group) : this.ref.groupKey;
    // A webview's tab shows its title as its tooltip too: the only place the tab can say it is a preview, and which
    // project the panel keeps when it is not the selected one.
    const base =
      this.projectNote() === undefined
        ? `${name} · ${this.groupTypeName}`
        : `${name} · ${this.groupTypeName} (${this.projectLabel()})`;
    const title = this._preview ? vscode.l10n.t('{0} (preview)', base) : base;
    // Staged changes mark the tab as a modified editor's dot does (a webview's tab has no dirty state of its own).
    this.panel.title = this.staged ? `● ${title}` : title;
  }
}

function groupData(group: Group): GroupData {
  return {
    group_type_index: group.group_type_index,
    group_key: group.group_key,
    group_properties: group.group_properties,
    created_at: group.created_at ?? null,
  };
}

export function activityItem(entry: ActivityEntry, index: number): ActivityItem {
  const user = entry.user;
  // PostHog's web app shows changes it made itself (user null, often is_system) as made by PostHog.
  const who =
    user?.is_system || entry.is_system || !user
      ? 'PostHog'
      : user.first_name || user.email || vscode.l10n.t('Unknown user');
  return {
    id: entry.id ?? `${entry.created_at ?? 'unknown'}#${index}`,
    who,
    createdAt: entry.created_at ?? null,
    activity: entry.activity,
    property: entry.detail?.name ?? null,
    changes: (entry.detail?.changes ?? []).map((c) => ({
      action: c.action ?? 'changed',
      before: c.before ?? null,
      after: c.after ?? null,
    })),
  };
}

/** An entry PostHog sent that could not be read, shown where it would have been listed. */
export function unreadableActivityItem(row: UnreadableRow): ActivityItem {
  return {
    id: `unreadable#${row.index}`,
    who: '',
    createdAt: null,
    activity: 'unreadable',
    property: null,
    changes: [],
    unreadable: vscode.l10n.t('An activity entry could not be read: {0}.', describeUnreadable(row)),
  };
}
