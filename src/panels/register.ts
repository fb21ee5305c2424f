// posthogWorkbench.openGroup and the serializer that brings group panels back after a reload. The panels'
// code and their message schemas load on first use, so activation stays cheap.
import * as vscode from 'vscode';
import type { GroupsStore } from '../model/groupsStore';
import type { Session } from '../model/session';
import type { GroupPanels } from './groupPanels';
import { GROUP_PANEL_VIEW_TYPE } from './viewType';

export function registerGroupPanels(
  context: vscode.ExtensionContext,
  session: Session,
  groups: GroupsStore,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  let panels: GroupPanels | undefined;
  const load = (): GroupPanels => {
    if (panels) return panels;
    const { GroupPanels } = require('./groupPanels') as typeof import('./groupPanels');
    const { KeptEdits } = require('./keptEdits') as typeof import('./keptEdits');
    // Per workspace, like the panels VS Code restores; a window without a folder uses the global folder.
    const keptEdits = new KeptEdits((context.storageUri ?? context.globalStorageUri).fsPath);
    panels = new GroupPanels({ session, groups, log, extensionUri: context.extensionUri, keptEdits });
    return panels;
  };
  return [
    // Returns the panel: extension-host tests drive it through `handleMessage`, as the webview does.
    vscode.commands.registerCommand('posthogWorkbench.openGroup', (arg?: unknown) => load().openCommand(arg)),
    vscode.window.registerWebviewPanelSerializer(GROUP_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // Panels restored at start-up refresh right away; the session must have read SecretStorage first.
        await session.ready;
        load().restore(webviewPanel, state);
      },
    }),
    { dispose: () => panels?.dispose() },
  ];
}
