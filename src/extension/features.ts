// Everything the extension does, wired together: loaded on first use, when activation's lazy providers (src/extension/main.ts)
// are first asked for something. esbuild.mjs bundles it as dist/features.js, so activation loads none of it.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { PostHogAuthenticationProvider } from './services/authProvider';
import { Credentials } from './services/credentials';
import { accountCommands } from './commands/account';
import { commonCommands } from './commands/common';
import * as path from 'node:path';
import { groupCommands } from './commands/groups';
import { groupImportCommands } from './commands/groupImport';
import { hogFunctionCommands } from './commands/hogFunctions';
import { hogFunctionsAsCodeCommands } from './commands/hogFunctionsAsCode';
import { newHogFunctionCommands } from './commands/newHogFunction';
import { debugCommands } from './commands/debug';
import { allCommands, commandRunner, type CommandRunner } from './commands/runner';
import { toolchainParser } from './debug/host';
import { registerDebugging, type DebugFeatures } from './debug/register';
import { hogFunctionTestCommands } from './commands/testRuns';
import { Command } from './services/constants';
import { errorReporter } from './services/errors';
import { SwitchablePrompts, vscodePrompts } from './services/prompts';
import type { HogLanguageDeps } from './hog/language/service';
import { registerHogFunctions } from './hog/register';
import { registerTestRuns } from './testing/register';
import { fixtureTestRunner } from './testing/fixtureTestRun';
import type { FixtureTestHandlers } from './testing/fixtureTestTree';
import { registerHogAsCode } from './functions/register';
import { GroupsStore } from './services/groupsStore';
import { HogFunctionsStore } from './services/hogFunctionsStore';
import { Session } from './services/session';
import { registerFunctionOverviews } from './panels/functionOverview/register';
import { registerGroupPanels } from './panels/register';
import { GroupGrids } from './panels/groupGrid';
import { groupGridEdits, KeptEdits } from './panels/keptEdits';
import { registerStatusBar } from './services/statusBar';
import { registerTrees, type TreeViews } from './views/register';
import { HogFunctionsDragAndDrop, TransformationOrder } from './views/transformationOrder';

/** What activation's lazy providers and registrations forward to. */
export interface Features {
  commands: CommandRunner;
  hogFunctionsTree: vscode.TreeDataProvider<unknown>;
  /** Dragging transformations within their type in the Hog Functions tree. */
  hogFunctionsDrag: vscode.TreeDragAndDropController<unknown>;
  groupsTree: vscode.TreeDataProvider<unknown>;
  testResultsTree: vscode.TreeDataProvider<unknown>;
  /** The `posthog-test:` documents of test results. */
  testResults: vscode.TextDocumentContentProvider;
  files: vscode.FileSystemProvider;
  serverVersions: vscode.TextDocumentContentProvider;
  logs: vscode.TextDocumentContentProvider;
  siteTypes: vscode.TextDocumentContentProvider & vscode.CompletionItemProvider;
  snapshots: vscode.TextDocumentContentProvider;
  decorations: vscode.FileDecorationProvider;
  authProvider: vscode.AuthenticationProvider;
  restoreGroupPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  restoreOverview(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  restoreGroupGrid(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  hogLanguage: HogLanguageDeps;
  /** The `hog` debug type: its configurations and its (inline) adapter. */
  debug: DebugFeatures;
  /** The Test Explorer's "Run locally" of fixtures (testing/fixtureTestTree.ts lists them). */
  fixtureTests: FixtureTestHandlers;
  /** Only while VS Code runs the extension's own tests (ExtensionMode.Test): what activate() returns to them. */
  testExports?: Record<string, unknown>;
}

export function createFeatures(
  context: vscode.ExtensionContext,
  views: TreeViews & { testResultsView: vscode.TreeView<unknown> },
): Features {
  // The code that cannot import vscode (src/api, src/shared, the plain-Node modules) translates with @vscode/l10n:
  // it reads the bundle VS Code loaded for the display language (none in English). One copy serves every bundle
  // (dist/l10n.js, esbuild.mjs), so this is the only place that configures it.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('PostHog Workbench', { log: true });
  const credentials = new Credentials(context.secrets, context.globalState);
  const test = context.extensionMode === vscode.ExtensionMode.Test;
  // Every question any feature asks goes through these; the extension's own tests (alone) can answer them with a script.
  const prompts = new SwitchablePrompts(vscodePrompts);
  const session = new Session(credentials, context.globalState, log, prompts);
  const hogFunctions = new HogFunctionsStore(session);
  const groups = new GroupsStore(session);
  const authProvider = new PostHogAuthenticationProvider(
    credentials,
    () => session.host,
    () => vscode.commands.executeCommand(Command.signIn),
  );
  context.subscriptions.push(
    log,
    credentials,
    session,
    hogFunctions,
    groups,
    authProvider,
    session.onDidChange(() => void authProvider.fireChange()),
  );

  const report = errorReporter({
    prompts,
    signIn: () => vscode.commands.executeCommand(Command.signIn),
    showLog: () => vscode.commands.executeCommand(Command.showLog),
    openUrl: (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
  });
  // Arguments that answer a command's questions (sign-in's host and key, a new function's settings) count only in the
  // extension's own tests; from anyone else, the dialogs show.
  const argumentsAnswer = test;

  const trees = registerTrees(context, session, hogFunctions, groups, views);
  const hog = registerHogFunctions(context, session, hogFunctions, prompts);
  const panels = registerGroupPanels(context, session, groups, log);
  // Per workspace, like the panels VS Code restores (as the group panels' edits are).
  const gridEdits = new KeptEdits((context.storageUri ?? context.globalStorageUri).fsPath, Date.now, groupGridEdits);
  const grids = new GroupGrids({
    session,
    groups,
    prompts,
    log,
    extensionUri: context.extensionUri,
    memento: context.globalState,
    keptEdits: gridEdits,
  });
  // The grids stop first (keeping their cells for the reload), then what is kept is on disk before the host exits.
  context.subscriptions.push(grids, gridEdits);
  const hogAsCode = registerHogAsCode(context, session, hogFunctions, hog.files, prompts);
  trees.hogFunctions.describeSync = (id) => hogAsCode.api.decorations.badgeWords(id);
  context.subscriptions.push(
    hogAsCode.api.decorations.onDidChangeFileDecorations(() => trees.hogFunctions.syncChanged()),
  );
  const overviews = registerFunctionOverviews(context, { session, store: hogFunctions, files: hog.files, log });
  const testRuns = registerTestRuns(context, {
    session,
    files: hog.files,
    workspace: hogAsCode.api.workspace,
    diagnostics: hog.diagnostics,
  });
  const debug = registerDebugging(context, {
    session,
    files: hog.files,
    samples: hog.samples,
    fixtures: testRuns.fixtures,
    prompts,
  });
  const statusBar = registerStatusBar(context, session);
  const order = new TransformationOrder(session, hogFunctions, hog.files, prompts);
  const hogFunctionsDrag = new HogFunctionsDragAndDrop(
    order,
    (error) => void report(vscode.l10n.t('Reorder transformations'), error, { host: session.host }),
  );
  // Any extension can run our commands and read what they return: outside our own tests, only plain data leaves.
  const commands = commandRunner(
    { results: test ? 'as-is' : 'plain-data', report, host: () => session.host },
    allCommands(
      accountCommands({ session, prompts, argumentsAnswer }),
      groupCommands({ session, prompts, groups, openPanel: panels.open, keepPanelOpen: panels.keepOpen }),
      groupImportCommands({
        session,
        prompts,
        groups,
        importsDir: path.join(context.globalStorageUri.fsPath, 'group-imports'),
        openGrid: (type) => grids.open(type),
        argumentsAnswer,
      }),
      hogFunctionCommands({
        session,
        prompts,
        report,
        store: hogFunctions,
        ...hog,
        openOverview: overviews.open,
        order,
      }),
      newHogFunctionCommands({
        session,
        store: hogFunctions,
        prompts,
        argumentsAnswer,
        reveal: async (id) => {
          const node = await trees.hogFunctions.nodeOf(id);
          if (node) await trees.hogFunctionsView.reveal(node, { select: true, focus: false, expand: false });
        },
      }),
      hogFunctionsAsCodeCommands({
        session,
        prompts,
        store: hogFunctions,
        sync: hogAsCode.api.sync,
        workspace: hogAsCode.api.workspace,
        snapshots: hogAsCode.snapshots,
        diagnostics: hog.diagnostics,
      }),
      hogFunctionTestCommands({
        session,
        prompts,
        store: hogFunctions,
        groups,
        files: hog.files,
        samples: hog.samples,
        workspace: hogAsCode.api.workspace,
        resultsView: views.testResultsView,
        ...testRuns,
      }),
      debugCommands({ session, prompts, store: hogFunctions, groups, files: hog.files }),
      commonCommands({ session, hogFunctions, groups, log }),
    ),
  );

  return {
    commands,
    hogFunctionsTree: trees.hogFunctions,
    hogFunctionsDrag,
    groupsTree: trees.groups,
    testResultsTree: testRuns.results,
    testResults: testRuns.results,
    files: hog.files,
    serverVersions: hog.files.serverVersions,
    logs: hog.logs,
    siteTypes: hog.siteCompletion,
    snapshots: hogAsCode.snapshots,
    decorations: hogAsCode.api.decorations,
    authProvider,
    restoreGroupPanel: panels.restore,
    restoreOverview: overviews.restore,
    async restoreGroupGrid(panel, state) {
      // A restored grid loads at once; the session must have read SecretStorage first.
      await session.ready;
      grids.restore(panel, state);
    },
    // The extension's own tests check the throttle of PostHog's check on a short clock.
    hogLanguage: {
      session,
      files: hog.files,
      samples: hog.samples,
      log,
      prompts,
      parser: toolchainParser(),
      ...(test ? { serverCheckIntervalMs: 1_500 } : {}),
    },
    debug,
    fixtureTests: fixtureTestRunner(session),
    // Any installed extension can read `exports`: handing it the session would hand out the API key without the
    // consent prompt the authentication provider's path shows. Only the extension's own tests get these hooks.
    ...(test
      ? {
          // `prompts.use(script)` answers every question with a script (test/support/scriptedPrompts.ts) until `use(undefined)`.
          testExports: {
            session,
            hogFunctions,
            groups,
            trees,
            authProvider,
            globalStorageUri: context.globalStorageUri,
            hogAsCode: hogAsCode.api,
            overviews: overviews.panels,
            groupGrids: grids,
            testResults: testRuns.results,
            commands,
            prompts,
            statusBar,
            globalState: context.globalState,
            hogFunctionsDrag,
            debugSessions: debug.sessions,
          },
        }
      : {}),
  };
}
