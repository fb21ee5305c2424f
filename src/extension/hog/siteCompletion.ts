// Completion for site functions (TypeScript documents in the `posthog-hog:` file system). VS Code's TypeScript
// support gives documents of other schemes than `file:` only syntax-level features (highlighting, syntax errors,
// outline), and `onLoad({ inputs, posthog })` leaves `inputs` untyped anyway. So when the cursor is on a member
// of `inputs`, `posthog`, `event` or `person`, this asks TypeScript itself for completions in a typed copy of the
// document (siteTypes.ts: the same text, the handler's parameter annotated, the declarations appended), served by
// a content provider, and maps the answers back. The copy holds the text only while a completion is computed.
import * as vscode from 'vscode';
import { refOf, type HogFileSystemProvider } from './fileSystem';
import { fromTyped, readInputsSchema, toTyped, typedSource, type TypedSource } from '../../core/language/siteTypes';
import { Scheme } from '../services/constants';

export const SITE_TYPES_SCHEME = Scheme.siteTypes;

/** A member access on one of the globals PostHog passes (`inputs.`, `posthog.cap`, `event.properties.`). */
const MEMBER_OF_GLOBAL = /\b(?:inputs|posthog|event|person)(?:\s*\??\.\s*[\w$]+)*\s*\??\.\s*[\w$]*$/;
const SYNC_TIMEOUT_MS = 5000;

export class SiteCompletion
  implements vscode.CompletionItemProvider, vscode.TextDocumentContentProvider, vscode.Disposable
{
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly files: HogFileSystemProvider) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): Promise<vscode.CompletionList | undefined> {
    if (!MEMBER_OF_GLOBAL.test(document.lineAt(position.line).text.slice(0, position.character))) return undefined;
    const ref = refOf(document.uri);
    if (!ref) return undefined;
    const fn = this.files.cached(ref) ?? (await this.files.get(ref));
    const typed = typedSource(document.getText(), readInputsSchema(fn.inputs_schema));
    const copyUri = document.uri.with({ scheme: SITE_TYPES_SCHEME });
    try {
      const copy = await this.show(copyUri, typed.text);
      if (token.isCancellationRequested) return undefined;
      const list = await vscode.commands.executeCommand<vscode.CompletionList | undefined>(
        'vscode.executeCompletionItemProvider',
        copyUri,
        copy.positionAt(toTyped(typed, document.offsetAt(position))),
        context.triggerCharacter,
      );
      if (!list) return undefined;
      const items = list.items.flatMap((item) => mapItem(item, document, copy, typed) ?? []);
      return new vscode.CompletionList(items, list.isIncomplete);
    } finally {
      // Emptied again, so the copy never shows its (the user's) syntax errors a second time in Problems.
      this.set(copyUri, '');
    }
  }

  /** Gives the typed copy its text and waits until VS Code (and so TypeScript) has it. */
  private async show(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
    this.set(uri, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() === text) return doc;
    return new Promise<vscode.TextDocument>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        reject(new Error(vscode.l10n.t('The typed copy of the site function did not update in time.')));
      }, SYNC_TIMEOUT_MS);
      const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== uri.toString() || e.document.getText() !== text) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(e.document);
      });
    });
  }

  private set(uri: vscode.Uri, text: string): void {
    if (this.texts.get(uri.toString()) === text) return;
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** An item of the typed copy, with its ranges in the user's document; items whose edits fall outside it are dropped. */
function mapItem(
  item: vscode.CompletionItem,
  document: vscode.TextDocument,
  copy: vscode.TextDocument,
  typed: TypedSource,
): vscode.CompletionItem | undefined {
  const range = (r: vscode.Range): vscode.Range | undefined => {
    const start = fromTyped(typed, copy.offsetAt(r.start));
    const end = fromTyped(typed, copy.offsetAt(r.end));
    return start === undefined || end === undefined
      ? undefined
      : new vscode.Range(document.positionAt(start), document.positionAt(end));
  };
  if (item.range) {
    if (item.range instanceof vscode.Range) {
      const mapped = range(item.range);
      if (!mapped) return undefined;
      item.range = mapped;
    } else {
      const inserting = range(item.range.inserting);
      const replacing = range(item.range.replacing);
      if (!inserting || !replacing) return undefined;
      item.range = { inserting, replacing };
    }
  }
  if (item.additionalTextEdits?.length) {
    const edits = item.additionalTextEdits.map((e) => ({ e, r: range(e.range) }));
    item.additionalTextEdits = edits.every((x) => x.r)
      ? edits.map((x) => new vscode.TextEdit(x.r as vscode.Range, x.e.newText))
      : undefined;
  }
  // Commands of TypeScript's items name the copy's document.
  item.command = undefined;
  return item;
}
