// Composition root: activate() wires the pieces together and nothing else.
import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, PostHogAuthenticationProvider } from './auth/authProvider';
import { Credentials } from './auth/credentials';
import { registerAccountCommands } from './commands/account';
import { registerTreeCommands } from './commands/tree';
import { registerHogFunctionFeatures } from './hog/register';
import { registerHogAsCode } from './hogAsCode/register';
import { GroupsStore } from './model/groupsStore';
import { HogFunctionsStore } from './model/hogFunctionsStore';
import { Session } from './model/session';
import { registerGroupPanels } from './panels/registerGroupPanels';
import { createStatusBar } from './ui/statusBar';
import { registerTrees } from './views/register';

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('PostHog Workbench', { log: true });
  const credentials = new Credentials(context.secrets, context.globalState);
  const session = new Session(credentials, context.globalState, log);
  const hogFunctions = new HogFunctionsStore(session);
  const groups = new GroupsStore(session);
  const authProvider = new PostHogAuthenticationProvider(credentials, () => session.host, () =>
    vscode.commands.executeCommand('posthogWorkbench.signIn'));
  const hog = registerHogFunctionFeatures(context, session, hogFunctions);
  const hogAsCode = registerHogAsCode(context, session, hogFunctions, hog.files);

  context.subscriptions.push(
    log, credentials, session, hogFunctions, groups, authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'PostHog', authProvider),
    session.onDidChange(() => void authProvider.fireChange()),
    vscode.commands.registerCommand('posthogWorkbench.showLog', () => log.show()),
    ...registerAccountCommands(session),
    ...registerTreeCommands(session, hogFunctions, groups),
    ...hog.disposables,
    ...hogAsCode.disposables,
    ...registerGroupPanels(context, session, groups, log),
    createStatusBar(session),
  );
  const trees = registerTrees(session, hogFunctions, groups, context.subscriptions);

  // Handed to the extension-host tests (and to other extensions) through `extension.exports`.
  return { session, hogFunctions, groups, trees, authProvider, globalStorageUri: context.globalStorageUri, hogAsCode: hogAsCode.api };
}

export function deactivate(): void {}
