// Wires hog function development into the extension: the `posthog-hog:` file system, the conflict diff's
// read-only side, the logs documents, test runs with their Problems, and the commands.
import * as vscode from 'vscode';
import { registerHogFunctionCommands } from '../commands/hogFunctions';
import type { HogFunctionsStore } from '../model/hogFunctionsStore';
import type { Session } from '../model/session';
import { ConflictPrompt } from './conflicts';
import { HogFileSystemProvider, SERVER_VERSION_SCHEME } from './fileSystem';
import { LOGS_SCHEME, LogsView } from './logsView';
import { HOG_SCHEME } from './paths';
import { errorPositions } from './report';
import { SampleEvents } from './sampleEvents';
import { positionDiagnostic, TestRunner } from './testRun';

export function registerHogFunctionFeatures(context: vscode.ExtensionContext, session: Session, store: HogFunctionsStore): { files: HogFileSystemProvider; disposables: vscode.Disposable[] } {
  const conflicts = new ConflictPrompt();
  const files = new HogFileSystemProvider(session, conflicts);
  const diagnostics = vscode.languages.createDiagnosticCollection('posthog-hog');
  const samples = new SampleEvents(context.globalStorageUri);
  const testRunner = new TestRunner(session, files, samples, diagnostics);
  const logs = new LogsView(session);

  return { files, disposables: [
    files, diagnostics, testRunner, logs,
    vscode.workspace.registerFileSystemProvider(HOG_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SERVER_VERSION_SCHEME, files.serverVersions),
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, logs),
    // Another host, key or project may reuse ids: nothing fetched before is trusted after a switch.
    session.onDidChange(() => files.clear()),
    files.onDidUpdateFunction((fn) => store.replace(fn)),
    files.onDidSave(({ uri, error }) => {
      if (!uri.path.endsWith('.hog')) return;
      if (!error) {
        diagnostics.delete(uri);
        return;
      }
      const at = errorPositions([error])[0] ?? { message: error, line: 0, column: 0 };
      diagnostics.set(uri, [positionDiagnostic(at, 'PostHog')]);
    }),
    ...registerHogFunctionCommands({ session, store, files, testRunner, samples, logs, conflicts }),
  ] };
}
