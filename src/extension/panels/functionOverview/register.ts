// Hog function overviews: open() for the command, and restore() for the panels VS Code brings back after a reload
// (activation registered the serializer, src/extension/main.ts). The panels' code and message schemas load on the first.
import type * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../../api';
import type { HogFileSystemProvider } from '../../hog/fileSystem';
import type { HogFunctionRef } from '../../../core/functions/paths';
import type { HogFunctionsStore } from '../../services/hogFunctionsStore';
import type { Session } from '../../services/session';
import type { FunctionOverviews } from './overviewPanels';

export interface FunctionOverviewOpener {
  open(ref: HogFunctionRef, known?: HogFunctionSummary): void;
  /** The open panels (loaded on first use); the extension's own tests reach them through its test exports. */
  panels(): FunctionOverviews;
  /** A panel VS Code restored after a reload, with the state its webview kept. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export function registerFunctionOverviews(
  context: vscode.ExtensionContext,
  deps: { session: Session; store: HogFunctionsStore; files: HogFileSystemProvider; log: vscode.LogOutputChannel },
): FunctionOverviewOpener {
  let panels: FunctionOverviews | undefined;
  const load = (): FunctionOverviews => {
    if (panels) return panels;
    const { FunctionOverviews } = require('./overviewPanels') as typeof import('./overviewPanels');
    panels = new FunctionOverviews({ ...deps, extensionUri: context.extensionUri });
    return panels;
  };
  context.subscriptions.push({ dispose: () => panels?.dispose() });
  return {
    open: (ref, known) => void load().open(ref, known),
    panels: load,
    async restore(webviewPanel, state) {
      // Panels restored at start-up load their data right away; the session must have read SecretStorage first.
      await deps.session.ready;
      load().restore(webviewPanel, state);
    },
  };
}
