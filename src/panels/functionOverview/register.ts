// Hog function overviews: the serializer that brings them back after a reload, and open() for the command. The
// panels' code and message schemas load on the first panel, so activation stays cheap.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../api';
import { WebviewPanelType } from '../../constants';
import type { HogFileSystemProvider } from '../../hog/fileSystem';
import type { HogFunctionRef } from '../../hog/paths';
import type { HogFunctionsStore } from '../../model/hogFunctionsStore';
import type { Session } from '../../model/session';
import type { FunctionOverviews } from './overviewPanels';

export interface FunctionOverviewOpener {
  open(ref: HogFunctionRef, known?: HogFunctionSummary): void;
  /** The open panels (loaded on first use); the extension's own tests reach them through its test exports. */
  panels(): FunctionOverviews;
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
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(WebviewPanelType.functionOverview, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // Panels restored at start-up load their data right away; the session must have read SecretStorage first.
        await deps.session.ready;
        load().restore(webviewPanel, state);
      },
    }),
    { dispose: () => panels?.dispose() },
  );
  return { open: (ref, known) => void load().open(ref, known), panels: load };
}
