// Composition root: activate() wires the pieces together and nothing else.
import * as vscode from 'vscode';
import { PostHogAuthenticationProvider } from './auth/authProvider';
import { Credentials } from './auth/credentials';
import { accountCommands } from './commands/account';
import { commonCommands } from './commands/common';
import { groupCommands } from './commands/groups';
import { hogFunctionCommands } from './commands/hogFunctions';
import { registerCommands } from './commands/register';
import { testCommands } from './commands/testing';
import { AUTH_PROVIDER_ID, Command } from './constants';
import { registerHogFunctions } from './hog/register';
import { registerTestRuns } from './hog/testing/register';
import { registerHogAsCode } from './hogAsCode/register';
import { GroupsStore } from './model/groupsStore';
import { HogFunctionsStore } from './model/hogFunctionsStore';
import { Session } from './model/session';
import { registerFunctionOverviews } from './panels/functionOverview/register';
import { registerGroupPanels } from './panels/register';
import { registerStatusBar } from './ui/statusBar';
import { registerTrees } from './views/register';

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('PostHog Workbench', { log: true });
  const credentials = new Credentials(context.secrets, context.globalState);
  const session = new Session(credentials, context.globalState, log);
  const hogFunctions = new HogFunctionsStore(session);
  const groups = new GroupsStore(session);
  const authProvider = new PostHogAuthenticationProvider(credentials, () => session.host, () =>
    vscode.commands.executeCommand(Command.signIn));
  context.subscriptions.push(
    log, credentials, session, hogFunctions, groups, authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'PostHog', authProvider),
    session.onDidChange(() => void authProvider.fireChange()),
  );

  const trees = registerTrees(context, session, hogFunctions, groups);
  const hog = registerHogFunctions(context, session, hogFunctions, log);
  const panels = registerGroupPanels(context, session, groups, log);
  const hogAsCode = registerHogAsCode(context, session, hogFunctions, hog.files);
  const overviews = registerFunctionOverviews(context, { session, store: hogFunctions, files: hog.files, log });
  const testRuns = registerTestRuns(context, { session, store: hogFunctions, groups, files: hog.files, samples: hog.samples, workspace: hogAsCode.api.workspace, diagnostics: hog.diagnostics });
  registerStatusBar(context, session);
  registerCommands(context, session, [
    accountCommands(session),
    groupCommands({ session, groups, openPanel: panels.open }),
    hogFunctionCommands({ session, store: hogFunctions, ...hog, openOverview: overviews.open }),
    ...hogAsCode.commands,
    testRuns.commands,
    commonCommands({ session, hogFunctions, groups, log }),
  ]);

  // Any installed extension can read `exports`: handing it the session would hand out the API key without the
  // consent prompt the authentication provider's path shows. Only the extension's own tests get these hooks.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  registerCommands(context, session, [testCommands(hog.conflicts)]);
  return { session, hogFunctions, groups, trees, authProvider, globalStorageUri: context.globalStorageUri, hogAsCode: hogAsCode.api, overviews: overviews.panels, testResults: testRuns.results };
}

export function deactivate(): void {}
