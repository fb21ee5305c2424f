// The host side of a group type's grid: pages through the type's groups with PostHog's cursor (and its server-side
// search), keeps the chosen columns per project and group type, and writes staged cell edits row by row the way the
// group panel saves: the row re-read first (a value changed since it was loaded is a conflict, nothing of that row is
// written until the user overwrites), then one write per property at the client's pace, with a per-key report.
// Like a group panel, a grid belongs to the project it was opened in: after Select Project it keeps loading from and
// saving to that project (its title says which), so staged cells never land in another project.
// After a window reload VS Code brings a grid back through its serializer (GroupGrids.restore): same host, project and
// group type, with its columns and staged cells, which the host keeps on disk as they change (keptEdits.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Group, GroupType } from '../../api';
import { exportGroupsToFile } from '../../core/groups';
import type { Prompts } from '../../core/prompts';
import { groupTypeLabel } from '../../shared/labels';
import {
  gridWebviewMessageSchema,
  groupGridReplies,
  type CellEdit,
  gridPanelStateSchema,
  type GridEdits,
  type GridHostMessage,
  type GridPanelState,
  type GridWebviewMessage,
  type RowOutcome,
} from '../../shared/protocol/groupGrid';
import { loadedValue, sameValue } from '../../shared/propertyValue';
import { Command, WebviewPanelType } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { Connection, Session } from '../services/session';
import { errorInfo } from './errorInfo';
import type { KeptEdits } from './keptEdits';
import { describeIssues } from '../../shared/protocol/common';
import { currentHome, homeConnection, homeLabel, type PanelHome } from './groupPanel';
import { PanelHost } from './panelHost';

type Request = Extract<GridWebviewMessage, { id: number }>;

export interface GroupGridDeps {
  session: Session;
  groups: GroupsStore;
  prompts: Prompts;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  /** Where the chosen columns are kept (the extension's global state). */
  memento: vscode.Memento;
  /** The open grids' columns and staged cells, on disk at once: a reload brings them back. */
  keptEdits: KeptEdits<GridEdits>;
}

const groupData = (g: Group) => ({
  group_type_index: g.group_type_index,
  group_key: g.group_key,
  group_properties: g.group_properties,
  created_at: g.created_at ?? null,
});

/** The project a grid belongs to: the one selected when it was opened (PanelHome, as group panels have). */
export type GridHome = PanelHome;

/** One grid per host, project and group type. */
export function gridId(home: GridHome, groupTypeIndex: number): string {
  return [home.host, home.projectId ?? '', groupTypeIndex].join('\u0000');
}

export class GroupGrid extends PanelHost<GridWebviewMessage, GridHostMessage> {
  /** The project this grid loads from and saves to, whichever project is selected later. */
  private _home: GridHome;
  private next: string | null = null;
  private search: string | undefined;
  /** The rows loaded, by key: what Open Group and Export start from. */
  private readonly loaded = new Map<string, Group>();

  /** `home`: the project of a grid brought back after a reload (else the selected one, as for a grid opened now). */
  constructor(
    panel: vscode.WebviewPanel,
    readonly groupType: GroupType,
    private readonly deps: GroupGridDeps,
    home?: GridHome,
  ) {
    super(panel, {
      name: 'Group grid',
      script: 'groupGrid',
      title: vscode.l10n.t('Groups'),
      schema: gridWebviewMessageSchema,
      replies: groupGridReplies,
      log: deps.log,
      extensionUri: deps.extensionUri,
    });
    this._home = home ?? currentHome(deps.session);
    // A grid opened now starts clean: cells kept for a grid that never came back are not this one's.
    if (!home) void deps.keptEdits.delete(this.id);
    this.updateTitle();
    this.disposables.push(
      deps.session.onDidChange(() => {
        // A grid opened before any project was chosen takes the first one chosen (it has nothing of another yet).
        if (this._home.projectId === undefined && deps.session.projectId !== undefined)
          this._home = currentHome(deps.session);
        this.updateTitle();
      }),
    );
    this.loadPage();
  }

  get home(): GridHome {
    return this._home;
  }

  get id(): string {
    return gridId(this._home, this.groupType.group_type_index);
  }

  /** Whether the grid's project is the one selected now (the trees show that one). */
  private isSelectedProject(): boolean {
    const { session } = this.deps;
    return (
      this._home.host === session.host &&
      this._home.projectId !== undefined &&
      this._home.projectId === session.projectId
    );
  }

  private projectLabel(): string {
    return homeLabel(this.deps.session, this._home);
  }

  /** The type's name, and the grid's own project when it is not the selected one. */
  private updateTitle(): void {
    const label = groupTypeLabel(this.groupType);
    this.panel.title =
      this._home.projectId === undefined || this.isSelectedProject() ? label : `${label} (${this.projectLabel()})`;
  }

  /** What the serializer needs to bring this grid back: its project and its group type. */
  private panelState(): GridPanelState {
    const { group_type_index, group_type, name_singular, name_plural } = this.groupType;
    return {
      host: this._home.host,
      ...(this._home.projectId !== undefined ? { projectId: this._home.projectId } : {}),
      groupType: { group_type_index, group_type, name_singular, name_plural },
    };
  }

  /** Closed by the user: its staged cells are dropped on purpose (dispose() on deactivation keeps them for the reload). */
  protected override closed(): void {
    void this.deps.keptEdits.delete(this.id);
    super.closed();
  }

  private columnsKey(): string {
    return `groupGrid.columns:${this._home.host}:${this._home.projectId ?? ''}:${this.groupType.group_type_index}`;
  }

  /** The connection to the grid's own project, whichever project is selected: a save goes where its cells were staged. */
  private connection(): Connection {
    return homeConnection(this.deps.session, this._home, {
      elsewhere: (project, host) =>
        vscode.l10n.t(
          'These groups are in {0} on {1}: sign in to {1} again to load or save them. Staged cells are kept.',
          project,
          host,
        ),
      signIn: vscode.l10n.t('Sign in to PostHog and choose a project to load these groups.'),
    });
  }

  protected async notify(
    message: Exclude<GridWebviewMessage, { id: number } | { type: 'signIn' | 'showLog' | 'invalidMessage' }>,
  ): Promise<void> {
    switch (message.type) {
      case 'ready': {
        // Also when the page loads again (a tab shown again after it was hidden): what it held comes back with it.
        const kept = this.deps.keptEdits.get(this.id);
        this.post({
          type: 'init',
          groupTypeIndex: this.groupType.group_type_index,
          groupTypeName: groupTypeLabel(this.groupType),
          columns: kept?.columns ?? this.deps.memento.get<string[]>(this.columnsKey()) ?? [],
          panelState: this.panelState(),
          ...(kept?.staged ? { staged: kept.staged } : {}),
        });
        return;
      }
      case 'keepEdits':
        await this.deps.keptEdits.set(this.id, message.edits);
        return;
      case 'setColumns':
        await this.deps.memento.update(this.columnsKey(), message.columns);
        return;
      case 'openGroup':
        // In the grid's own project, which may no longer be the selected one.
        await vscode.commands.executeCommand(Command.openGroup, {
          groupTypeIndex: this.groupType.group_type_index,
          groupKey: message.groupKey,
          group: this.loaded.get(message.groupKey),
          ...(this._home.projectId !== undefined ? { projectId: this._home.projectId } : {}),
        });
        return;
      case 'import':
        await vscode.commands.executeCommand(Command.importGroups, { groupTypeIndex: this.groupType.group_type_index });
        return;
      case 'exportShown': {
        const file = await this.deps.prompts.saveFile({
          filters: { CSV: ['csv'], JSON: ['json'] },
          title: vscode.l10n.t('Export the rows shown'),
        });
        if (!file) return;
        const rows = message.groupKeys.flatMap((k) => this.loaded.get(k) ?? []);
        const result = await exportGroupsToFile(rows, file, {
          format: /\.json$/i.test(file) ? 'json' : 'csv',
          columns: message.columns,
        });
        void this.deps.prompts.info(vscode.l10n.t('Exported {0} groups to {1}.', result.rows, path.basename(file)));
        return;
      }
    }
  }

  protected async answer(message: Request): Promise<GridHostMessage> {
    const { id } = message;
    switch (message.type) {
      case 'load': {
        const c = this.connection();
        if (!message.more) {
          this.search = message.search?.trim() || undefined;
          this.next = null;
          this.loaded.clear();
        } else if (!this.next) {
          return { type: 'page', id, rows: [], hasMore: false };
        }
        const page = await c.client.listGroups(
          c.projectId,
          { groupTypeIndex: this.groupType.group_type_index, ...(this.search ? { search: this.search } : {}) },
          message.more && this.next ? { pageUrl: this.next } : undefined,
        );
        this.deps.session.reportUnreadable(`Groups of type ${this.groupType.group_type_index}`, page.unreadable);
        this.next = page.next;
        for (const g of page.results) this.loaded.set(g.group_key, g);
        return { type: 'page', id, rows: page.results.map(groupData), hasMore: page.next !== null };
      }
      case 'suggestColumns': {
        const c = this.connection();
        const definitions = await c.client.listGroupPropertyDefinitions(c.projectId, this.groupType.group_type_index);
        this.deps.session.reportUnreadable('Group property definitions', definitions.unreadable);
        return { type: 'columns', id, names: [...new Set(definitions.results.map((d) => d.name))].sort() };
      }
      case 'save':
        return { type: 'saveResult', id, rows: await this.save(message.edits, message.overwrite) };
    }
  }

  /** Row by row, in the order staged; each row's writes go one after another (see the group panel's save). */
  private async save(edits: CellEdit[], overwrite: boolean): Promise<RowOutcome[]> {
    const c = this.connection();
    const byRow = new Map<string, CellEdit[]>();
    for (const e of edits) byRow.set(e.groupKey, [...(byRow.get(e.groupKey) ?? []), e]);
    const outcomes: RowOutcome[] = [];
    for (const [groupKey, rowEdits] of byRow) {
      const ref = { groupTypeIndex: this.groupType.group_type_index, groupKey };
      const outcome: RowOutcome = { groupKey, saved: [], notAttempted: [] };
      try {
        if (!overwrite) {
          const current = await c.client.findGroup(c.projectId, ref.groupTypeIndex, groupKey);
          this.accept(current);
          outcome.group = groupData(current);
          const conflicts = rowEdits.flatMap((e) => {
            const now = loadedValue(current.group_properties, e.property);
            const unchanged =
              now.present === e.loaded.present && (!now.present || sameValue(now.value, e.loaded.value));
            const alreadyThere = e.value === undefined ? !now.present : now.present && sameValue(now.value, e.value);
            return unchanged || alreadyThere ? [] : [{ property: e.property, current: now }];
          });
          if (conflicts.length) {
            outcomes.push({ ...outcome, conflicts });
            continue;
          }
        }
        const sets = rowEdits.filter((e) => e.value !== undefined);
        const removes = rowEdits.filter((e) => e.value === undefined);
        if (sets.length) {
          const result = await c.client.upsertGroupProperties(
            c.projectId,
            ref,
            Object.fromEntries(sets.map((e) => [e.property, e.value])),
          );
          outcome.saved.push(...result.applied);
          if (result.group) this.accept(result.group, outcome);
          if (result.failed) {
            this.logFailure(`save "${result.failed.key}" of ${groupKey}`, result.failed.error);
            outcome.failed = { property: result.failed.key, error: errorInfo(result.failed.error) };
            outcome.notAttempted.push(...result.notAttempted, ...removes.map((e) => e.property));
            outcomes.push(outcome);
            continue;
          }
        }
        for (const [i, e] of removes.entries()) {
          try {
            this.accept(await c.client.deleteGroupProperty(c.projectId, ref, e.property), outcome);
            outcome.saved.push(e.property);
          } catch (error) {
            this.logFailure(`remove "${e.property}" of ${groupKey}`, error);
            outcome.failed = { property: e.property, error: errorInfo(error) };
            outcome.notAttempted.push(...removes.slice(i + 1).map((r) => r.property));
            break;
          }
        }
      } catch (error) {
        // The re-read or a write failed as a whole (signed out, offline): this row and the rest are reported so.
        this.logFailure(`save ${groupKey}`, error);
        const first = rowEdits[0]!;
        outcome.failed = { property: first.property, error: errorInfo(error) };
        outcome.notAttempted.push(
          ...rowEdits
            .slice(1)
            .map((e) => e.property)
            .filter((p) => !outcome.saved.includes(p)),
        );
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private accept(group: Group, outcome?: RowOutcome): void {
    this.loaded.set(group.group_key, group);
    // The tree and any open group panel see the new values too; the trees show the selected project only.
    if (this.isSelectedProject()) this.deps.groups.upsert(group);
    if (outcome) outcome.group = groupData(group);
  }

  reveal(): void {
    this.panel.reveal();
  }
}

/** One grid per project and group type (of the selected project when opened), from the tree or the palette. */
export class GroupGrids implements vscode.Disposable {
  private readonly grids = new Set<GroupGrid>();

  constructor(private readonly deps: GroupGridDeps) {}

  open(groupType: GroupType): GroupGrid {
    const existing = this.find(gridId(currentHome(this.deps.session), groupType.group_type_index));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      WebviewPanelType.groupGrid,
      groupTypeLabel(groupType),
      vscode.ViewColumn.Active,
      { enableFindWidget: true },
    );
    return this.track(new GroupGrid(panel, groupType, this.deps));
  }

  /** A grid VS Code brought back after a reload, with the state its webview kept: its own project, never the selected one. */
  restore(panel: vscode.WebviewPanel, state: unknown): GroupGrid | undefined {
    const parsed = gridPanelStateSchema.safeParse(state);
    if (!parsed.success) {
      this.deps.log.warn(`Closed a restored group grid with unreadable state (${describeIssues(parsed.error)})`);
      panel.dispose();
      return undefined;
    }
    const { host, projectId, groupType } = parsed.data;
    const home: GridHome = { host, projectId };
    if (this.find(gridId(home, groupType.group_type_index))) {
      panel.dispose();
      return undefined;
    }
    return this.track(new GroupGrid(panel, groupType, this.deps, home));
  }

  private find(id: string): GroupGrid | undefined {
    return [...this.grids].find((g) => g.id === id);
  }

  private track(grid: GroupGrid): GroupGrid {
    this.grids.add(grid);
    grid.onDidDispose(() => this.grids.delete(grid));
    return grid;
  }

  dispose(): void {
    for (const grid of [...this.grids]) grid.dispose();
    this.grids.clear();
  }
}
