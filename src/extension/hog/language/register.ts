// Installs the Hog language features at activation without loading them: the providers and document listeners
// here are thin; the first Hog document (or the first request of a provider) loads the extension's features (for
// the session and the hog function files the service needs) and dist/hogLanguage.js.
import * as vscode from 'vscode';
import type { HogLanguageDeps, HogLanguageService } from './service';

const SELECTOR: vscode.DocumentSelector = { language: 'hog' };
const isHog = (document: vscode.TextDocument) => document.languageId === 'hog';

export function registerHogLanguage(deps: () => HogLanguageDeps): vscode.Disposable[] {
  let service: HogLanguageService | undefined;
  let connection: vscode.Disposable | undefined;
  const load = (): HogLanguageService => {
    if (service) return service;
    const loaded = deps();
    // esbuild.mjs turns this require into one of the separate dist/hogLanguage.js.
    const created = (require('./service') as typeof import('./service')).createHogLanguageService(loaded);
    connection = loaded.session.onDidChange(() => created.connectionChanged());
    return (service = created);
  };

  // Documents already open when the extension starts (restored editors) are checked once activation is over.
  const restored = setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) if (isHog(document)) load().documentChanged(document);
  }, 0);

  return [
    new vscode.Disposable(() => clearTimeout(restored)),
    vscode.workspace.onDidOpenTextDocument((document) => isHog(document) && load().documentChanged(document)),
    vscode.workspace.onDidChangeTextDocument(
      (e) => isHog(e.document) && e.contentChanges.length > 0 && load().documentChanged(e.document),
    ),
    vscode.workspace.onDidCloseTextDocument((document) => service?.documentClosed(document)),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      {
        provideCompletionItems: (d, p, t) => load().provideCompletionItems(d, p, t),
        resolveCompletionItem: (item) => load().resolveCompletionItem(item),
      },
      '.',
      '{',
      ' ',
      ',',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p) => load().provideHover(d, p) }),
    vscode.languages.registerSignatureHelpProvider(
      SELECTOR,
      { provideSignatureHelp: (d, p) => load().provideSignatureHelp(d, p) },
      '(',
      ',',
    ),
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      { provideCodeActions: (d, r, c) => load().provideCodeActions(d, r, c) },
      {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      },
    ),
    new vscode.Disposable(() => {
      connection?.dispose();
      service?.dispose();
    }),
  ];
}
