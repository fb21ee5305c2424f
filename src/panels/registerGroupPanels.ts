// posthogWorkbench.openGroup and the serializer that brings group panels back after a reload. One panel per
// group: opening a group that already has a panel reveals it.
import * as vscode from 'vscode';
// Namespace import: esbuild tree-shakes it; `import { z }` drags in every zod locale (~400 KB).
import * as z from 'zod/mini';
import type { Group, GroupRef } from '../api';
import type { GroupsStore } from '../model/groupsStore';
import type { Session } from '../model/session';
import { GroupNode } from '../views/groupsTree';
import { GroupPanel, panelId, type GroupPanelDeps } from './groupPanel';
import { describeIssues, GROUP_PANEL_VIEW_TYPE, panelStateSchema } from './groupPanelProtocol';

const openArgsSchema = z.object({
  groupTypeIndex: z.number().check(z.int()),
  groupKey: z.string().check(z.minLength(1)),
  group: z.optional(z.looseObject({ group_type_index: z.number(), group_key: z.string(), group_properties: z.record(z.string(), z.unknown()) })),
});

export function registerGroupPanels(
  context: vscode.ExtensionContext,
  session: Session,
  groups: GroupsStore,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const deps: GroupPanelDeps = { session, groups, log, extensionUri: context.extensionUri };
  const panels = new Map<string, GroupPanel>();

  const track = (panel: GroupPanel): GroupPanel => {
    const id = panelId(panel.ref);
    panels.set(id, panel);
    panel.onDidDispose(() => {
      if (panels.get(id) === panel) panels.delete(id);
    });
    return panel;
  };

  const typeName = (index: number): string => {
    const type = groups.groupType(index);
    return type ? type.name_singular || type.group_type : `group type ${index}`;
  };

  const open = (ref: GroupRef, group?: Group): GroupPanel => {
    const existing = panels.get(panelId(ref));
    if (existing) {
      existing.reveal(group);
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(GROUP_PANEL_VIEW_TYPE, ref.groupKey, vscode.ViewColumn.Active, {
      enableFindWidget: true,
    });
    return track(new GroupPanel(webviewPanel, ref, deps, group, typeName(ref.groupTypeIndex)));
  };

  return [
    // Returns the panel: extension-host tests drive it through `handleMessage`, as the webview does.
    vscode.commands.registerCommand('posthogWorkbench.openGroup', (arg?: unknown): GroupPanel | undefined => {
      if (arg instanceof GroupNode) {
        return open({ groupTypeIndex: arg.group.group_type_index, groupKey: arg.group.group_key }, arg.group);
      }
      const parsed = openArgsSchema.safeParse(arg);
      if (!parsed.success) {
        log.warn(`posthogWorkbench.openGroup needs { groupTypeIndex, groupKey } (${describeIssues(parsed.error)})`);
        return undefined;
      }
      const { groupTypeIndex, groupKey, group } = parsed.data;
      return open({ groupTypeIndex, groupKey }, group as Group | undefined);
    }),
    vscode.window.registerWebviewPanelSerializer(GROUP_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // Panels restored at start-up refresh right away; the session must have read SecretStorage first.
        await deps.session.ready;
        const parsed = panelStateSchema.safeParse(state);
        if (!parsed.success || panels.has(panelId(parsed.data))) {
          if (!parsed.success) log.warn(`Closed a restored group panel with unreadable state (${describeIssues(parsed.error)})`);
          webviewPanel.dispose();
          return;
        }
        const { groupTypeIndex, groupKey, groupTypeName } = parsed.data;
        track(new GroupPanel(webviewPanel, { groupTypeIndex, groupKey }, deps, undefined, groupTypeName ?? typeName(groupTypeIndex)));
      },
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  ];
}
