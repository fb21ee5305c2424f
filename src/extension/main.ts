// Activation: registers what VS Code asks the extension for (the two tree views, every command, the `posthog-hog:`
// file system, the authentication provider, document and decoration providers, panel serializers, the Hog language
// providers) as thin lazy providers, and nothing else. The first time any of them is used, the features load
// (src/extension/features.ts, dist/features.js: the session, the API client, the stores, the panels...). Activation then
// costs what registering costs, not what loading everything costs (measured by the bench: bench/README.md).
import * as vscode from 'vscode';
import {
  apiKeySecret,
  AUTH_PROVIDER_ID,
  DEBUG_TYPE,
  Scheme,
  SITE_DOCUMENTS,
  View,
  WebviewPanelType,
} from './services/constants';
import type { Features } from './features';
import { registerHogLanguage } from './hog/language/register';
import { mayHaveSyncBadge } from './functions/syncBadgeScope';
import { hostsThatMayBeSignedIn } from './services/signedOutHosts';
import { registerFixtureTests } from './testing/fixtureTestTree';
import {
  LazyAuthenticationProvider,
  LazyCompletionProvider,
  LazyContentProvider,
  LazyDecorationProvider,
  LazyDragAndDropController,
  LazyFileSystemProvider,
  LazyTreeProvider,
} from './lazyProviders';

export function activate(context: vscode.ExtensionContext) {
  let features: Features | undefined;
  const load = (): Features => {
    if (features) return features;
    // esbuild.mjs turns this require into one of the separate dist/features.js.
    const { createFeatures } = require('./features') as typeof import('./features');
    const loaded = createFeatures(context, { hogFunctionsView, groupsView, testResultsView });
    features = loaded;
    hogFunctionsTree.attach(loaded.hogFunctionsTree);
    hogFunctionsDrag.attach(loaded.hogFunctionsDrag);
    groupsTree.attach(loaded.groupsTree);
    testResultsTree.attach(loaded.testResultsTree);
    files.attach(loaded.files);
    serverVersions.attach(loaded.serverVersions);
    logs.attach(loaded.logs);
    siteTypes.attach(loaded.siteTypes);
    siteCompletion.attach(loaded.siteTypes);
    snapshots.attach(loaded.snapshots);
    testResults.attach(loaded.testResults);
    decorations.attach(loaded.decorations);
    authProvider.attach(loaded.authProvider);
    return loaded;
  };

  // Signed out (no key for the configured host, nor for the user's own, used while a workspace's host waits for
  // confirmation), the trees' first level is empty and the view shows its welcome content: opening it loads nothing.
  // The Test Results view has nothing before the features have run anything.
  const signedIn = async (): Promise<boolean> => {
    const setting = vscode.workspace.getConfiguration('posthogWorkbench');
    for (const host of hostsThatMayBeSignedIn(
      setting.get<string>('host'),
      setting.inspect<string>('host')?.globalValue,
    )) {
      if (await context.secrets.get(apiKeySecret(host))) return true;
    }
    return false;
  };
  const hogFunctionsTree = new LazyTreeProvider<unknown>(load, signedIn);
  const groupsTree = new LazyTreeProvider<unknown>(load, signedIn);
  const testResultsTree = new LazyTreeProvider<unknown>(load, () => features !== undefined);
  // A key stored in another window, or another host chosen, while nothing is loaded: the trees ask again.
  const signInMayHaveChanged = () => {
    hogFunctionsTree.refresh();
    groupsTree.refresh();
    authProvider.refresh();
  };
  // Transformations are reordered by dragging them within their type.
  const hogFunctionsMime = `application/vnd.code.tree.${View.hogFunctions.toLowerCase()}`;
  const hogFunctionsDrag = new LazyDragAndDropController<unknown>(load, [hogFunctionsMime], [hogFunctionsMime]);
  const hogFunctionsView = vscode.window.createTreeView(View.hogFunctions, {
    treeDataProvider: hogFunctionsTree,
    showCollapseAll: true,
    dragAndDropController: hogFunctionsDrag,
  });
  const groupsView = vscode.window.createTreeView(View.groups, { treeDataProvider: groupsTree, showCollapseAll: true });
  const testResultsView = vscode.window.createTreeView(View.testResults, {
    treeDataProvider: testResultsTree,
    showCollapseAll: true,
  });
  const files = new LazyFileSystemProvider(load);
  const serverVersions = new LazyContentProvider(load);
  const logs = new LazyContentProvider(load);
  const siteTypes = new LazyContentProvider(load);
  const siteCompletion = new LazyCompletionProvider(load);
  const snapshots = new LazyContentProvider(load);
  const testResults = new LazyContentProvider(load);
  const decorations = new LazyDecorationProvider(load, mayHaveSyncBadge);
  const authProvider = new LazyAuthenticationProvider(load, signedIn);
  // The Test Explorer lists fixtures at once; running one loads the features.
  const fixtureTests = registerFixtureTests(() => load().fixtureTests);
  context.subscriptions.push(
    hogFunctionsTree,
    hogFunctionsDrag,
    groupsTree,
    testResultsTree,
    hogFunctionsView,
    groupsView,
    testResultsView,
    files,
    serverVersions,
    logs,
    siteTypes,
    siteCompletion,
    snapshots,
    testResults,
    decorations,
    authProvider,
    vscode.workspace.registerFileSystemProvider(Scheme.hog, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(Scheme.serverVersion, serverVersions),
    vscode.workspace.registerTextDocumentContentProvider(Scheme.logs, logs),
    vscode.workspace.registerTextDocumentContentProvider(Scheme.siteTypes, siteTypes),
    vscode.workspace.registerTextDocumentContentProvider(Scheme.snapshot, snapshots),
    vscode.workspace.registerTextDocumentContentProvider(Scheme.testResult, testResults),
    vscode.languages.registerCompletionItemProvider(SITE_DOCUMENTS, siteCompletion, '.'),
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, vscode.l10n.t('PostHog'), authProvider),
    vscode.window.registerWebviewPanelSerializer(WebviewPanelType.group, {
      deserializeWebviewPanel: (panel, state) => load().restoreGroupPanel(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(WebviewPanelType.functionOverview, {
      deserializeWebviewPanel: (panel, state) => load().restoreOverview(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(WebviewPanelType.groupGrid, {
      deserializeWebviewPanel: (panel, state) => load().restoreGroupGrid(panel, state),
    }),
    ...registerHogLanguage(() => load().hogLanguage),
    fixtureTests,
    context.secrets.onDidChange((e) => e.key.startsWith(apiKeySecret('')) && signInMayHaveChanged()),
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration('posthogWorkbench.host') && signInMayHaveChanged(),
    ),
    // The `hog` debug type: configurations and its adapter come with the features, on the first debug session (new
    // launch.json files get package.json's initialConfigurations).
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      resolveDebugConfiguration: (f, c) => load().debug.configurations.resolveDebugConfiguration(f, c),
      resolveDebugConfigurationWithSubstitutedVariables: (f, c) =>
        load().debug.configurations.resolveDebugConfigurationWithSubstitutedVariables(f, c),
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (s, e) => load().debug.descriptors.createDebugAdapterDescriptor(s, e),
    }),
  );

  const test = context.extensionMode === vscode.ExtensionMode.Test;
  // Every command goes through the runner's one wrapper (src/extension/commands/runner.ts). The ids come from the
  // manifest rather than the Command constants, which would cost activation 2 KB of strings; the manifest test checks
  // that both list the same commands.
  const manifest = context.extension.packageJSON as { contributes: { commands: { command: string }[] } };
  for (const { command: id } of manifest.contributes.commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => load().commands.run(id, args)),
    );
  }

  // The extension's own tests drive the features directly, so they load now; nobody else gets anything.
  if (!test) return undefined;
  const run = load().fixtureTests;
  const cancel = new vscode.CancellationTokenSource();
  return {
    ...load().testExports,
    fixtureTests: {
      ...fixtureTests,
      run: (request: vscode.TestRunRequest) => run.local(fixtureTests.controller, request, cancel.token),
      runOnPostHog: (request: vscode.TestRunRequest) => run.remote(fixtureTests.controller, request, cancel.token),
      debug: (request: vscode.TestRunRequest) => run.debug(fixtureTests.controller, request, cancel.token),
    },
  };
}

export function deactivate(): void {}
