// Group panels: open() for Open Group, and restore() for the panels VS Code brings back after a reload (activation
// registered the serializer, src/extension/main.ts). The panels' code and their message schemas load on first use.
import type * as vscode from 'vscode';
import type { GroupsStore } from '../services/groupsStore';
import type { Session } from '../services/session';
import type { GroupPanel } from './groupPanel';
import type { GroupPanels } from './groupPanels';
import type { KeptEdits } from './keptEdits';

export interface GroupPanelOpener {
  /** A tree node or `{ groupTypeIndex, groupKey, group?, preview? }`; undefined when the argument is unusable. */
  open(arg: unknown): GroupPanel | undefined;
  /** Keep Open: pins `{ groupTypeIndex, groupKey }`'s panel, or the active group panel. */
  keepOpen(arg?: unknown): void;
  /** A panel VS Code restored after a reload, with the state its webview kept. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export function registerGroupPanels(
  context: vscode.ExtensionContext,
  session: Session,
  groups: GroupsStore,
  log: vscode.LogOutputChannel,
): GroupPanelOpener {
  let panels: GroupPanels | undefined;
  let keptEdits: KeptEdits | undefined;
  const load = (): GroupPanels => {
    if (panels) return panels;
    const { GroupPanels } = require('./groupPanels') as typeof import('./groupPanels');
    const { KeptEdits } = require('./keptEdits') as typeof import('./keptEdits');
    // Per workspace, like the panels VS Code restores; a window without a folder uses the global folder.
    keptEdits = new KeptEdits((context.storageUri ?? context.globalStorageUri).fsPath);
    panels = new GroupPanels({ session, groups, log, extensionUri: context.extensionUri, keptEdits });
    return panels;
  };
  // The panels stop first (keeping their edits for the reload), then what is kept is on disk before the host exits.
  context.subscriptions.push({
    dispose: () => {
      panels?.dispose();
      keptEdits?.dispose();
    },
  });
  return {
    open: (arg) => load().open(arg),
    keepOpen: (arg) => panels?.keepOpen(arg),
    async restore(webviewPanel, state) {
      // Panels restored at start-up refresh right away; the session must have read SecretStorage first.
      await session.ready;
      load().restore(webviewPanel, state);
    },
  };
}
