// The Hog language features behind the providers register.ts installs: problems while typing, quick fixes,
// completion, hover and signature help. Bundled on its own (dist/hogLanguage.js) and loaded when a Hog document
// first needs it; the standard library comes from dist/hogStdlib.json, written at build time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompletionItem } from '../../../api';
import { isPostHogError } from '../../../api';
import type { Prompts } from '../../../core/prompts';
import type { Connection, Session } from '../../services/session';
import type { HogFileSystemProvider } from '../fileSystem';
import type { SampleEventFiles } from '../sampleEventFiles';
import { HogDiagnostics, type CheckHost } from './typingDiagnostics';
import { HogParserClient } from '../../../core/toolchain/parserClient';
import { DocumentGlobals } from './documentGlobals';
import { describeValue, valueAt } from '../../../core/language/globals';
import { codePointFromUtf16 } from '../../../core/language/offsets';
import { QueryGate } from '../../../core/language/queryGate';
import { QueryPacer } from '../../../core/language/queryPacer';
import { callAt, chainAt, wordAt } from '../../../core/language/scan';
import {
  functionMarkdown,
  HogStdlib,
  parameterLabels,
  signatureLabel,
  type HogFunctionDoc,
} from '../../../core/language/stdlib';
import {
  declaredNames,
  mergeSuggestions,
  offlineSuggestions,
  type Suggestion,
} from '../../../core/language/suggestions';
import { allTypeFunctions, typeFunctions } from '../../../core/language/typeFunctions';

export interface HogLanguageDeps {
  session: Session;
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  log: vscode.LogOutputChannel;
  prompts: Prompts;
  /** How often PostHog is asked about one document while typing (the extension's own tests shorten it). */
  serverCheckIntervalMs?: number;
  /** The parser worker the debugger shares (one WebAssembly parser for both); its owner disposes it. */
  parser?: HogParserClient;
}

/** How long completion waits for PostHog before showing what it knows offline (and asking again on the next key). */
const COMPLETION_WAIT_MS = 1_000;
const MAX_HOVER_LINES = 30;
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

const KINDS: Record<string, vscode.CompletionItemKind> = Object.fromEntries(
  Object.entries(vscode.CompletionItemKind).filter(
    ([name, value]) => typeof value === 'number' && Number.isNaN(Number(name)),
  ),
) as Record<string, vscode.CompletionItemKind>;

function loadStdlib(): HogStdlib {
  const file = path.join(__dirname, 'hogStdlib.json');
  return new HogStdlib(JSON.parse(fs.readFileSync(file, 'utf8')) as HogFunctionDoc[]);
}

export class HogLanguageService implements vscode.Disposable, CheckHost {
  readonly gate = new QueryGate();
  readonly pacer = new QueryPacer();
  readonly targets: DocumentGlobals;
  readonly log: vscode.LogOutputChannel;
  /** PostHog's parser on a worker thread (dist/hogParserWorker.js): it never runs on the extension host's thread. */
  readonly parser: HogParserClient;
  readonly serverIntervalMs: number | undefined;
  private readonly stdlib = loadStdlib();
  /** The standard library and the functions of every type's worker: what names are looked up in. */
  private readonly known = new HogStdlib([...this.stdlib.all(), ...allTypeFunctions()]);
  private readonly byType = new Map<string, HogStdlib>();
  private readonly diagnostics: HogDiagnostics;

  constructor(private readonly deps: HogLanguageDeps) {
    this.log = deps.log;
    this.serverIntervalMs = deps.serverCheckIntervalMs;
    this.parser = deps.parser ?? new HogParserClient();
    this.targets = new DocumentGlobals(deps.session, deps.files, deps.samples);
    this.diagnostics = new HogDiagnostics(this);
  }

  account(): string {
    return `${this.deps.session.host}#${this.deps.session.generation}`;
  }

  missingScope(scope: string): void {
    const host = this.deps.session.host;
    const message = vscode.l10n.t(
      "Your PostHog personal API key is missing the '{0}' scope, so Hog code is not checked as you type and completion offers only the standard library and the globals. Add the scope to the key in PostHog, then save or edit the code again.",
      scope,
    );
    void this.deps.prompts.warn(message, vscode.l10n.t('Edit API Key')).then((choice) => {
      if (choice) void vscode.env.openExternal(vscode.Uri.parse(`${host}/settings/user-api-keys`));
    });
  }

  documentChanged(document: vscode.TextDocument): void {
    if (this.targets.applies(document)) this.diagnostics.changed(document);
  }

  documentClosed(document: vscode.TextDocument): void {
    this.diagnostics.closed(document);
  }

  /** Signed in or out, another project or key: every open Hog document is checked again. */
  connectionChanged(): void {
    this.diagnostics.recheck(
      vscode.workspace.textDocuments.filter((d) => d.languageId === 'hog' && this.targets.applies(d)),
    );
  }

  // ---- quick fixes ----

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const wanted = context.diagnostics.filter((d) => d.source === 'PostHog');
    return this.diagnostics
      .fixesFor(document)
      .filter(
        (f) =>
          f.range.intersection(range) !== undefined ||
          wanted.some((d) => d.range.isEqual(f.range) && d.message === f.message),
      )
      .map((f) => {
        const action = new vscode.CodeAction(vscode.l10n.t('Replace with: {0}', f.fix), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, f.range, f.fix);
        action.diagnostics = wanted.filter((d) => d.range.isEqual(f.range) && d.message === f.message);
        action.isPreferred = true;
        return action;
      });
  }

  // ---- completion ----

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    if (!this.targets.applies(document)) return undefined;
    const text = document.getText();
    const offset = document.offsetAt(position);
    const chain = chainAt(text, offset);
    if (!chain) return undefined;
    const target = await this.targets.resolve(document);
    const offline = offlineSuggestions(chain, text, target.globals, this.forType(target.type));
    const server = target.connection
      ? await this.serverSuggestions(target.connection, text, chain.prefixStart, offset, target.globals, token)
      : undefined;
    const merged = mergeSuggestions(server?.items ?? [], offline);
    const replace = new vscode.Range(document.positionAt(chain.prefixStart), position);
    const dot =
      chain.path.length > 0 && text[chain.prefixStart - 1] === '.'
        ? document.positionAt(chain.prefixStart - 1)
        : undefined;
    return new vscode.CompletionList(
      merged.map((s) => this.completionItem(s, replace, dot)),
      server?.incomplete ?? false,
    );
  }

  private async serverSuggestions(
    connection: Connection,
    text: string,
    start: number,
    end: number,
    globals: Record<string, unknown>,
    token: vscode.CancellationToken,
  ): Promise<{ items: CompletionItem[]; incomplete: boolean } | undefined> {
    if (!this.gate.state(this.account()).open) return undefined;
    // Under a sustained query budget completion is paced too (later than checks): the offline items come at once.
    const pace = this.pacer.complete(connection.client.rateBudget().query, Date.now());
    if (!pace.go) return undefined;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = connection.client.completeHog(
      connection.projectId,
      {
        source: text,
        startPosition: codePointFromUtf16(text, start),
        endPosition: codePointFromUtf16(text, end),
        globals,
      },
      // Completion keeps a smaller reserve than checks: it goes on when checks have stopped.
      { signal: controller.signal, reserve: pace.reserve },
    );
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), COMPLETION_WAIT_MS);
    });
    try {
      const answer = await Promise.race([request, slow]);
      if (answer === 'slow') {
        controller.abort();
        // What is known offline now; VS Code asks again on the next key.
        return { items: [], incomplete: true };
      }
      this.gate.succeeded();
      return { items: answer.suggestions, incomplete: answer.incomplete_list ?? false };
    } catch (error) {
      if (isPostHogError(error) && error.kind !== 'cancelled') {
        const outcome = this.gate.failed(this.account(), error);
        if (outcome.tellMissingScope) this.missingScope(error.scope ?? 'query:read');
        else if (error.kind !== 'missing_scope' && error.kind !== 'rate_limited')
          this.log.warn(`Hog completion failed: ${error.message}`);
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      cancel.dispose();
      request.catch(() => undefined);
    }
  }

  private completionItem(
    s: Suggestion,
    replace: vscode.Range,
    dot: vscode.Position | undefined,
  ): vscode.CompletionItem {
    const item = new vscode.CompletionItem(s.label, KINDS[s.kind] ?? vscode.CompletionItemKind.Text);
    const fn = s.kind === 'Function' ? this.known.get(s.label) : undefined;
    if (s.detail) item.detail = s.detail;
    // A function's documentation is added when the item is focused (resolveCompletionItem): 140 of them would
    // otherwise travel to the workbench with every list.
    if (fn) item.detail = signatureLabel(fn);
    else if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
    if (s.sortText) item.sortText = s.sortText;
    if (s.insertText.endsWith('()')) {
      // `name()` as PostHog sends it: the cursor goes between the parentheses, with the signature shown.
      item.insertText = new vscode.SnippetString(`${s.insertText.slice(0, -2)}($0)`);
      item.command = { command: 'editor.action.triggerParameterHints', title: vscode.l10n.t('Signature') };
      item.range = replace;
    } else if (dot && !IDENTIFIER.test(s.insertText)) {
      // A key that is not a name (`my key`) is read as ['my key'], replacing the dot.
      item.insertText = `[${JSON.stringify(s.insertText).replace(/^"|"$/g, "'")}]`;
      item.filterText = `.${s.label}`;
      item.range = new vscode.Range(dot, replace.end);
    } else {
      item.insertText = s.insertText;
      item.range = replace;
    }
    return item;
  }

  resolveCompletionItem(item: vscode.CompletionItem): vscode.CompletionItem {
    const fn =
      item.kind === vscode.CompletionItemKind.Function
        ? this.known.get(typeof item.label === 'string' ? item.label : item.label.label)
        : undefined;
    if (fn && !item.documentation)
      item.documentation = new vscode.MarkdownString(functionMarkdown(fn, { signature: false }));
    return item;
  }

  // ---- hover ----

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.targets.applies(document)) return undefined;
    const text = document.getText();
    const word = wordAt(text, document.offsetAt(position));
    if (!word) return undefined;
    const range = new vscode.Range(document.positionAt(word.start), document.positionAt(word.end));
    if (word.path.length === 0 && declaredNames(text).includes(word.word)) return undefined;
    const target = await this.targets.resolve(document);
    const fn = word.path.length === 0 ? this.forType(target.type).get(word.word) : undefined;
    // A call, or a name that is not also a global: the standard library's function.
    if (fn && (word.isCall || !Object.hasOwn(target.globals, word.word))) {
      return new vscode.Hover(new vscode.MarkdownString(functionMarkdown(fn)), range);
    }
    const fullPath = [...word.path, word.word];
    const { found, value } = valueAt(target.globals, fullPath);
    if (!found) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(this.valueMarkdown(fullPath, value, target.secretInputs)), range);
  }

  private valueMarkdown(fullPath: string[], value: unknown, secretInputs: string[]): string {
    const name = `\`${fullPath.join('.')}\``;
    if (fullPath[0] === 'inputs' && fullPath.length === 2 && secretInputs.includes(fullPath[1] as string)) {
      return vscode.l10n.t('{0}: a secret input. PostHog keeps its value and never sends it back.', name);
    }
    const json = JSON.stringify(value ?? null, null, 2).split('\n');
    const shown = json.length > MAX_HOVER_LINES ? [...json.slice(0, MAX_HOVER_LINES), '…'] : json;
    const source =
      fullPath[0] === 'inputs'
        ? vscode.l10n.t("From the function's inputs.")
        : vscode.l10n.t('From the sample event of test runs ("Edit Sample Event for Test Run" changes it).');
    return [`${name}: ${describeValue(value)}`, `\`\`\`json\n${shown.join('\n')}\n\`\`\``, source].join('\n\n');
  }

  // ---- signature help ----

  provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    if (!this.targets.applies(document)) return undefined;
    const call = callAt(document.getText(), document.offsetAt(position));
    const fn = call && this.known.get(call.name);
    if (!call || !fn) return undefined;
    const labels = parameterLabels(fn);
    const signature = new vscode.SignatureInformation(
      signatureLabel(fn),
      new vscode.MarkdownString(functionMarkdown(fn, { signature: false })),
    );
    signature.parameters = labels.map((label) => new vscode.ParameterInformation(label));
    const help = new vscode.SignatureHelp();
    help.signatures = [signature];
    help.activeSignature = 0;
    help.activeParameter = Math.min(call.argument, Math.max(0, labels.length - 1));
    return help;
  }

  /** The standard library with the functions a function of `type` also has (transformations' geoipLookup…). */
  private forType(type: string): HogStdlib {
    let found = this.byType.get(type);
    if (!found) {
      const extra = typeFunctions(type);
      found = extra.length ? new HogStdlib([...this.stdlib.all(), ...extra]) : this.stdlib;
      this.byType.set(type, found);
    }
    return found;
  }

  dispose(): void {
    this.diagnostics.dispose();
    if (!this.deps.parser) this.parser.dispose();
    this.targets.dispose();
  }
}

export function createHogLanguageService(deps: HogLanguageDeps): HogLanguageService {
  return new HogLanguageService(deps);
}
