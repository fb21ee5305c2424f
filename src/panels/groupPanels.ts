// The open group panels: one per group (opening a group that already has a panel reveals it), opened from the
// tree or a command, or brought back after a reload. Loaded on first use by register.ts.
import * as vscode from 'vscode';
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';
import type { Group, GroupRef } from '../api';
import { jsonObject } from '../api/schemas';
import { singularGroupTypeLabel } from '../shared/labels';
import { GroupNode } from '../views/groupsTree';
import { GroupPanel, panelId, type GroupPanelDeps } from './groupPanel';
import { describeIssues, panelStateSchema } from '../shared/protocol/groupPanel';
import { WebviewPanelType } from '../constants';

const openArgsSchema = z.object({
  groupTypeIndex: z.number().check(z.int()),
  groupKey: z.string().check(z.minLength(1)),
  group: z.optional(z.looseObject({ group_type_index: z.number(), group_key: z.string(), group_properties: jsonObject })),
});

export class GroupPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GroupPanel>();

  constructor(private readonly deps: GroupPanelDeps) {}

  /** Open Group's argument: a tree node, or `{ groupTypeIndex, groupKey, group? }`. */
  open(arg: unknown): GroupPanel | undefined {
    if (arg instanceof GroupNode) {
      return this.openRef({ groupTypeIndex: arg.group.group_type_index, groupKey: arg.group.group_key }, arg.group);
    }
    const parsed = openArgsSchema.safeParse(arg);
    if (!parsed.success) {
      this.deps.log.warn(`posthogWorkbench.openGroup needs { groupTypeIndex, groupKey } (${describeIssues(parsed.error)})`);
      return undefined;
    }
    const { groupTypeIndex, groupKey, group } = parsed.data;
    return this.openRef({ groupTypeIndex, groupKey }, group as Group | undefined);
  }

  /** A panel VS Code brings back after a reload, with the state its webview saved. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const parsed = panelStateSchema.safeParse(state);
    if (!parsed.success || this.panels.has(panelId(parsed.data))) {
      if (!parsed.success) this.deps.log.warn(`Closed a restored group panel with unreadable state (${describeIssues(parsed.error)})`);
      webviewPanel.dispose();
      return;
    }
    const { groupTypeIndex, groupKey, groupTypeName } = parsed.data;
    const ref = { groupTypeIndex, groupKey };
    const edits = this.deps.keptEdits.get(panelId(ref));
    this.track(new GroupPanel(webviewPanel, ref, this.deps, undefined, groupTypeName ?? this.typeName(groupTypeIndex), edits));
  }

  private openRef(ref: GroupRef, group?: Group): GroupPanel {
    const existing = this.panels.get(panelId(ref));
    if (existing) {
      existing.reveal(group);
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(WebviewPanelType.group, ref.groupKey, vscode.ViewColumn.Active, {
      enableFindWidget: true,
    });
    return this.track(new GroupPanel(webviewPanel, ref, this.deps, group, this.typeName(ref.groupTypeIndex)));
  }

  private track(panel: GroupPanel): GroupPanel {
    const id = panelId(panel.ref);
    this.panels.set(id, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(id) === panel) this.panels.delete(id);
    });
    return panel;
  }

  private typeName(index: number): string {
    const type = this.deps.groups.groupType(index);
    return type ? singularGroupTypeLabel(type) : `group type ${index}`;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
