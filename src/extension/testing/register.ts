// Wires test runs into the extension: the runner, the Test Results view with its `posthog-test:` documents and the
// workspace fixtures; returns them for the test-run commands (the composition root builds their table) and, for the
// extension's tests, the results.
import * as vscode from 'vscode';
import type { WorkspaceFunctions } from '../functions/workspaceFunctions';
import type { Session } from '../services/session';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import { Fixtures } from './fixtures';
import { TestResults } from './resultsView';
import { LocalRunner } from './localRunner';
import { TestRunner } from './runner';

export interface TestRunFeatures {
  results: TestResults;
  runner: TestRunner;
  /** Runs on this machine (Run Hog Function Locally). */
  localRunner: LocalRunner;
  fixtures: Fixtures;
  /** Where a finished run's text goes. */
  output: vscode.OutputChannel;
}

export interface TestRunParts {
  session: Session;
  files: HogFileSystemProvider;
  workspace: WorkspaceFunctions;
  /** Where errors that name a line of the source are shown (shared with saves, which clear them). */
  diagnostics: vscode.DiagnosticCollection;
}

export function registerTestRuns(context: vscode.ExtensionContext, parts: TestRunParts): TestRunFeatures {
  const results = new TestResults();
  const output = vscode.window.createOutputChannel(vscode.l10n.t('PostHog: Test run'));
  const runner = new TestRunner(parts.session, parts.files, parts.diagnostics);
  context.subscriptions.push(
    results,
    output,
    // Results belong to a host, key and project: another one's results would be misleading.
    parts.session.onDidChange(() => results.clear()),
  );
  return {
    results,
    runner,
    localRunner: new LocalRunner(parts.session, parts.files),
    fixtures: new Fixtures(parts.workspace),
    output,
  };
}
