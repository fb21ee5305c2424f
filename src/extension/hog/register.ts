// Hog function development: the `posthog-hog:` file system, the conflict diff's read-only side, the logs
// documents, Problems from saves and completion in site functions. Activation registered lazy providers for the providers
// (src/extension/main.ts); this returns the real ones, what the commands act on and what the Hog language features need
// (test runs are wired by extension/testing/register.ts).
import * as vscode from 'vscode';
import type { Prompts } from '../../core/prompts';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { ConflictPrompt } from './conflicts';
import { ContextKey } from '../services/constants';
import { markDone } from '../services/contextKeys';
import { HogFileSystemProvider, refOf } from './fileSystem';
import { LogsView } from './logsView';
import { errorPositions } from '../../core/functions/report';
import { SampleEventFiles } from './sampleEventFiles';
import { SiteCompletion } from './siteCompletion';
import { positionDiagnostic } from './positionDiagnostics';
import { ruleDiagnostics } from '../services/ruleDiagnostics';

/** The source of a refused save's error. */
const SAVE_SOURCE = 'PostHog';

export interface HogFunctionFeatures {
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  /** Problems PostHog reported at a line of a function's source. */
  diagnostics: vscode.DiagnosticCollection;
  logs: LogsView;
  conflicts: ConflictPrompt;
  siteCompletion: SiteCompletion;
}

export function registerHogFunctions(
  context: vscode.ExtensionContext,
  session: Session,
  store: HogFunctionsStore,
  prompts: Prompts,
): HogFunctionFeatures {
  const conflicts = new ConflictPrompt(prompts);
  const files = new HogFileSystemProvider(session, conflicts);
  const diagnostics = vscode.languages.createDiagnosticCollection('posthog-hog');
  const samples = new SampleEventFiles(context.globalStorageUri);
  const logs = new LogsView(session);
  const siteCompletion = new SiteCompletion(files);

  // The walkthrough's "open a hog function" step: its source in an editor, however it was opened.
  const opened = (document: vscode.TextDocument) =>
    refOf(document.uri)?.field === 'hog' && markDone(ContextKey.openedHogFunction);
  vscode.workspace.textDocuments.forEach(opened);

  context.subscriptions.push(
    files,
    diagnostics,
    logs,
    siteCompletion,
    vscode.workspace.onDidOpenTextDocument(opened),
    // Another host, key or project may reuse ids: nothing fetched before is trusted after a switch.
    session.onDidChange(() => files.clear()),
    files.onDidUpdateFunction((fn) => store.replace(fn)),
    // A refused save's error is about the text that was saved: once the text changes (an edit, a revert) the checks
    // while typing speak for it. (A test run's errors stay until the next run.)
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      const shown = contentChanges.length ? diagnostics.get(document.uri) : undefined;
      if (shown?.some((d) => d.source === SAVE_SOURCE))
        diagnostics.set(
          document.uri,
          shown.filter((d) => d.source !== SAVE_SOURCE),
        );
    }),
    files.onDidSave(({ uri, error, rule, text }) => {
      const field = refOf(uri)?.field;
      if (!error) {
        // Only when there is one to clear: every delete is a message to the workbench, which then redraws the editor
        // while it is finishing the save.
        if (diagnostics.get(uri)?.length) diagnostics.delete(uri);
        return;
      }
      // A save-time rule with a place in this text (the reserved call, the hyphenated name, the input): marked there.
      const placed =
        rule && text !== undefined ? ruleDiagnostics(rule, text, field === 'hog' ? 'code' : 'json', error) : [];
      if (placed.length) {
        diagnostics.set(uri, placed);
        return;
      }
      if (field !== 'hog') return;
      const at = errorPositions([error])[0] ?? { message: error, line: 0, column: 0 };
      diagnostics.set(uri, [positionDiagnostic(at, SAVE_SOURCE)]);
    }),
  );
  return { files, samples, diagnostics, logs, conflicts, siteCompletion };
}
