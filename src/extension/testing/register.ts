// Wires test runs into the extension: the runner, the Test Results view with its `posthog-test:` documents and the
// workspace fixtures; returns their command table and, for the extension's tests, the results.
import * as vscode from 'vscode';
import { hogFunctionTestCommands } from '../commands/testRuns';
import type { CommandTable } from '../commands/runner';
import type { WorkspaceFunctions } from '../functions/workspaceFunctions';
import type { GroupsStore } from '../services/groupsStore';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { SampleEventFiles } from '../hog/sampleEventFiles';
import { Fixtures } from './fixtures';
import { TestResults } from './resultsView';
import { TestRunner } from './runner';

export interface TestRunFeatures {
  results: TestResults;
  commands: CommandTable;
}

export interface TestRunParts {
  session: Session;
  store: HogFunctionsStore;
  groups: GroupsStore;
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  workspace: WorkspaceFunctions;
  /** Where errors that name a line of the source are shown (shared with saves, which clear them). */
  diagnostics: vscode.DiagnosticCollection;
  /** The Test Results view activation created (its data and its `posthog-test:` documents come from `results`). */
  resultsView: vscode.TreeView<unknown>;
}

export function registerTestRuns(context: vscode.ExtensionContext, parts: TestRunParts): TestRunFeatures {
  const results = new TestResults();
  const output = vscode.window.createOutputChannel(vscode.l10n.t('PostHog: Test run'));
  const runner = new TestRunner(parts.session, parts.files, parts.diagnostics);
  context.subscriptions.push(
    results, output,
    // Results belong to a host, key and project: another one's results would be misleading.
    parts.session.onDidChange(() => results.clear()),
  );
  const commands = hogFunctionTestCommands({ ...parts, runner, results, fixtures: new Fixtures(parts.workspace), output });
  return { results, commands };
}
