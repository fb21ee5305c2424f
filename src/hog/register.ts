// Wires hog function development into the extension: the `posthog-hog:` file system, the conflict diff's
// read-only side, the logs documents, Problems from saves, completion in site functions, and the Hog language
// features. Returns what the commands act on (test runs are wired by testing/register.ts).
import * as vscode from 'vscode';
import type { HogFunctionsStore } from '../model/hogFunctionsStore';
import type { Session } from '../model/session';
import { ConflictPrompt } from './conflicts';
import { HogFileSystemProvider, refOf, SERVER_VERSION_SCHEME } from './fileSystem';
import { LOGS_SCHEME, LogsView } from './logsView';
import { registerHogLanguage } from './language/register';
import { HOG_SCHEME } from './paths';
import { errorPositions } from './report';
import { SampleEventFiles } from './sampleEventFiles';
import { SITE_DOCUMENTS, SITE_TYPES_SCHEME, SiteCompletion } from './siteCompletion';
import { positionDiagnostic } from './diagnostics';

export interface HogFunctionFeatures {
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  /** Problems PostHog reported at a line of a function's source. */
  diagnostics: vscode.DiagnosticCollection;
  logs: LogsView;
  conflicts: ConflictPrompt;
}

export function registerHogFunctions(context: vscode.ExtensionContext, session: Session, store: HogFunctionsStore, log: vscode.LogOutputChannel): HogFunctionFeatures {
  const conflicts = new ConflictPrompt();
  const files = new HogFileSystemProvider(session, conflicts);
  const diagnostics = vscode.languages.createDiagnosticCollection('posthog-hog');
  const samples = new SampleEventFiles(context.globalStorageUri);
  const logs = new LogsView(session);
  const siteCompletion = new SiteCompletion(files);

  context.subscriptions.push(
    files, diagnostics, logs, siteCompletion,
    vscode.workspace.registerFileSystemProvider(HOG_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SERVER_VERSION_SCHEME, files.serverVersions),
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, logs),
    vscode.workspace.registerTextDocumentContentProvider(SITE_TYPES_SCHEME, siteCompletion),
    vscode.languages.registerCompletionItemProvider(SITE_DOCUMENTS, siteCompletion, '.'),
    // Another host, key or project may reuse ids: nothing fetched before is trusted after a switch.
    session.onDidChange(() => files.clear()),
    files.onDidUpdateFunction((fn) => store.replace(fn)),
    files.onDidSave(({ uri, error }) => {
      if (refOf(uri)?.field !== 'hog') return;
      if (!error) {
        diagnostics.delete(uri);
        return;
      }
      const at = errorPositions([error])[0] ?? { message: error, line: 0, column: 0 };
      diagnostics.set(uri, [positionDiagnostic(at, 'PostHog')]);
    }),
    ...registerHogLanguage({ session, files, samples, log }),
  );
  return { files, samples, diagnostics, logs, conflicts };
}
