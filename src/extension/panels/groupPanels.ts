// The open group panels: one per group (opening a group that already has a panel reveals it), opened from the
// tree or a command, or brought back after a reload. Loaded on first use by register.ts.
// Opened from the tree (a single click, `preview: true`), a group goes into the preview panel of the active editor
// group, replacing the group it showed, as a file clicked in the Explorer goes into the preview editor (and only
// when `workbench.editor.enablePreview` is on). A double click on the row (a second open of the same group within
// DOUBLE_CLICK_MS), Keep Open (or a double click on the panel's heading) and any unsaved work keep a panel open.
// VS Code creates every webview panel pinned and offers no way to mark one as a preview, so its tab title cannot
// be in italics: the panel's heading is.
import * as vscode from 'vscode';
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';
import type { Group, GroupRef } from '../../api';
import { jsonObject } from '../../api/schemas';
import { singularGroupTypeLabel } from '../../shared/labels';
import { GroupNode } from '../views/groupsTree';
import { currentHome, GroupPanel, legacyPanelId, panelId, type GroupPanelDeps, type PanelHome } from './groupPanel';
import { describeIssues, panelStateSchema } from '../../shared/protocol/groupPanel';
import { ContextKey, WebviewPanelType } from '../services/constants';
import { markDone, setContext } from '../services/contextKeys';

/**
 * Two opens of the same group from the tree this close together are a double click. VS Code's tree runs a row's
 * command once per click and tells the extension nothing more; 500 ms is the usual double-click time.
 */
export const DOUBLE_CLICK_MS = 500;

const refSchema = z.object({
  groupTypeIndex: z.number().check(z.int()),
  groupKey: z.string().check(z.minLength(1)),
});
const openArgsSchema = z.extend(refSchema, {
  group: z.optional(
    z.looseObject({ group_type_index: z.number(), group_key: z.string(), group_properties: jsonObject }),
  ),
  /** Opened the way a single click in the tree opens it: into the preview panel. */
  preview: z.optional(z.boolean()),
  /** The project of the signed-in host the group is in (a grid of another project opens its rows there); else the selected one. */
  projectId: z.optional(z.number().check(z.int())),
});

const previewEnabled = (): boolean =>
  vscode.workspace.getConfiguration('workbench.editor').get<boolean>('enablePreview', true);

export class GroupPanels implements vscode.Disposable {
  /** The open panels; each is one group of one project (GroupPanel.id), looked up with find(). */
  private readonly panels = new Set<GroupPanel>();
  /** The last open from the tree, to tell a double click from two clicks. */
  private lastTreeOpen: { id: string; at: number } | undefined;
  private previewContext: boolean | undefined;

  constructor(private readonly deps: GroupPanelDeps) {}

  /** Open Group's argument: a tree node, or `{ groupTypeIndex, groupKey, group?, preview? }`. */
  open(arg: unknown): GroupPanel | undefined {
    if (arg instanceof GroupNode) {
      return this.openRef(
        { groupTypeIndex: arg.group.group_type_index, groupKey: arg.group.group_key },
        arg.group,
        false,
      );
    }
    const parsed = openArgsSchema.safeParse(arg);
    if (!parsed.success) {
      this.deps.log.warn(
        `posthogWorkbench.openGroup needs { groupTypeIndex, groupKey } (${describeIssues(parsed.error)})`,
      );
      return undefined;
    }
    const { groupTypeIndex, groupKey, group, preview, projectId } = parsed.data;
    const home = projectId === undefined ? undefined : { host: this.deps.session.host, projectId };
    return this.openRef({ groupTypeIndex, groupKey }, group as Group | undefined, preview ?? false, home);
  }

  /** Keep Open: the panel of `{ groupTypeIndex, groupKey }`, or else the active group panel. */
  keepOpen(arg?: unknown): void {
    const parsed = refSchema.safeParse(arg);
    // Keep Open applies to a preview: a pinned panel still marked active for a moment after another took its place is skipped.
    const panel = parsed.success
      ? this.find(panelId(parsed.data, currentHome(this.deps.session)))
      : [...this.panels].find((p) => p.panel.active && p.preview);
    panel?.keepOpen();
  }

  /** A panel VS Code brings back after a reload, with the state its webview saved. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const parsed = panelStateSchema.safeParse(state);
    // Its own project, kept with its state; a panel from before panels kept their project belonged to the selected one.
    const home: PanelHome =
      parsed.success && parsed.data.host !== undefined && parsed.data.projectId !== undefined
        ? { host: parsed.data.host, projectId: parsed.data.projectId }
        : currentHome(this.deps.session);
    if (!parsed.success || this.find(panelId(parsed.data, home))) {
      if (!parsed.success)
        this.deps.log.warn(`Closed a restored group panel with unreadable state (${describeIssues(parsed.error)})`);
      webviewPanel.dispose();
      return;
    }
    const { groupTypeIndex, groupKey, groupTypeName, preview } = parsed.data;
    const ref = { groupTypeIndex, groupKey };
    const legacy = parsed.data.host === undefined;
    const restoredEdits =
      this.deps.keptEdits.get(panelId(ref, home)) ?? (legacy ? this.deps.keptEdits.get(legacyPanelId(ref)) : undefined);
    if (legacy) void this.deps.keptEdits.delete(legacyPanelId(ref));
    this.track(
      new GroupPanel(webviewPanel, ref, this.deps, undefined, groupTypeName ?? this.typeName(groupTypeIndex), {
        preview,
        restoredEdits,
        home,
      }),
    );
  }

  /** `fromTree`: a single click on the group's row (preview), or the second of a double click (kept open). */
  private openRef(ref: GroupRef, group: Group | undefined, fromTree: boolean, of?: PanelHome): GroupPanel {
    // A group opened now is the selected project's (unless said otherwise): a panel of the same key in another project is another panel.
    const home = of ?? currentHome(this.deps.session);
    const id = panelId(ref, home);
    const now = Date.now();
    const doubleClick = fromTree && this.lastTreeOpen?.id === id && now - this.lastTreeOpen.at <= DOUBLE_CLICK_MS;
    this.lastTreeOpen = fromTree && !doubleClick ? { id, at: now } : undefined;
    // Like a single click on a file: the focus stays in the tree, so the next row is one more click away.
    const preview = fromTree && !doubleClick && previewEnabled();

    const existing = this.find(id);
    if (existing) {
      if (!preview) existing.keepOpen();
      existing.reveal(group, preview);
      return existing;
    }
    const typeName = this.typeName(ref.groupTypeIndex);
    const column = vscode.window.tabGroups.activeTabGroup.viewColumn;
    const reusable = preview ? [...this.panels].find((p) => p.replaceable && p.panel.viewColumn === column) : undefined;
    if (reusable) {
      // The page is already loaded, so the next group paints from the tree's data without creating a webview.
      const panel = this.track(
        reusable.handOver(
          (webviewPanel, adopted) =>
            new GroupPanel(webviewPanel, ref, this.deps, group, typeName, { preview, adopted, home }),
        ),
      );
      panel.reveal(undefined, true);
      return panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      WebviewPanelType.group,
      ref.groupKey,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: preview },
      {
        enableFindWidget: true,
      },
    );
    return this.track(new GroupPanel(webviewPanel, ref, this.deps, group, typeName, { preview, home }));
  }

  private find(id: string): GroupPanel | undefined {
    return [...this.panels].find((p) => p.id === id);
  }

  private track(panel: GroupPanel): GroupPanel {
    markDone(ContextKey.openedGroup);
    this.panels.add(panel);
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      this.updatePreviewContext();
    });
    panel.onDidChangeState(() => this.updatePreviewContext());
    this.updatePreviewContext();
    return panel;
  }

  /** Keep Open shows (editor title, palette, Ctrl+K Enter) while the active editor is a preview group panel. */
  private updatePreviewContext(): void {
    const preview = [...this.panels].some((p) => p.preview && p.panel.active);
    if (preview === this.previewContext) return;
    this.previewContext = preview;
    void setContext(ContextKey.groupPanelPreview, preview);
  }

  private typeName(index: number): string {
    const type = this.deps.groups.groupType(index);
    return type ? singularGroupTypeLabel(type) : vscode.l10n.t('group type {0}', index);
  }

  dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
  }
}
