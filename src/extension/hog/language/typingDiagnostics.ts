// Problems while typing: 300 ms after the last edit of a Hog document, one HogQLMetadata check of its text with its
// globals. An edit cancels the check in flight for that document (its answer would be about old text), an answer
// for an older version is dropped, and the findings land in the Problems panel with source "PostHog".
import * as vscode from 'vscode';
import { isPostHogError } from '../../../api';
import type { DocumentGlobals } from './documentGlobals';
import { problemsFrom, type Problem } from '../../../core/language/notices';
import type { QueryGate } from '../../../core/language/queryGate';

export const DEBOUNCE_MS = 300;

export const SOURCE = 'PostHog';

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  controller?: AbortController;
}

/** What the diagnostics need from the service around them. */
export interface CheckHost {
  readonly gate: QueryGate;
  readonly targets: DocumentGlobals;
  readonly log: vscode.LogOutputChannel;
  /** `host#generation`: what the missing-scope verdict belongs to. */
  account(): string;
  missingScope(host: string): void;
}

function severity(problem: Problem): vscode.DiagnosticSeverity {
  if (problem.severity === 'error') return vscode.DiagnosticSeverity.Error;
  if (problem.severity === 'warning') return vscode.DiagnosticSeverity.Warning;
  // A notice with a fix is something to act on; without one it only says what a name is ("Global variable: event").
  return problem.fix !== undefined ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Hint;
}

export class HogDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('posthog-hog-check');
  private readonly pending = new Map<string, Pending>();
  /** The fixes of the diagnostics shown, for the quick fixes. */
  private readonly fixes = new Map<string, { range: vscode.Range; message: string; fix: string }[]>();

  constructor(private readonly host: CheckHost) {}

  /** The document changed (or opened): drop the check in flight, check again after the pause. */
  changed(document: vscode.TextDocument, delayMs = DEBOUNCE_MS): void {
    const key = document.uri.toString();
    const pending = this.pending.get(key) ?? {};
    pending.controller?.abort();
    pending.controller = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = setTimeout(() => void this.check(document), delayMs);
    this.pending.set(key, pending);
  }

  closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.pending.get(key);
    pending?.controller?.abort();
    if (pending?.timer) clearTimeout(pending.timer);
    this.pending.delete(key);
    this.fixes.delete(key);
    this.collection.delete(document.uri);
  }

  fixesFor(document: vscode.TextDocument): { range: vscode.Range; message: string; fix: string }[] {
    return this.fixes.get(document.uri.toString()) ?? [];
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const pending = this.pending.get(key);
    if (!pending || document.isClosed) return;
    pending.timer = undefined;
    const controller = new AbortController();
    pending.controller = controller;
    const version = document.version;
    const text = document.getText();
    try {
      const target = await this.host.targets.resolve(document);
      if (controller.signal.aborted) return;
      if (!target.connection) {
        // Nothing can check it (signed out, another project): old findings would point at text that moved.
        this.show(document, []);
        return;
      }
      const account = this.host.account();
      const gate = this.host.gate.state(account);
      if (!gate.open) {
        if (gate.reason === 'throttled') this.changed(document, gate.retryInMs);
        else this.show(document, []);
        return;
      }
      const { client, projectId } = target.connection;
      const metadata = await client.checkHog(projectId, { source: text, globals: target.globals }, { signal: controller.signal });
      this.host.gate.succeeded();
      if (controller.signal.aborted || document.isClosed || document.version !== version) return;
      this.show(document, problemsFrom(text, metadata));
    } catch (error) {
      if (!isPostHogError(error)) {
        this.host.log.error(`Hog check failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (error.kind === 'cancelled') return;
      const outcome = this.host.gate.failed(this.host.account(), error);
      if (outcome.tellMissingScope) this.host.missingScope(error.scope ?? 'query:read');
      if (outcome.retryInMs !== undefined) {
        this.host.log.info(`Hog check of ${document.uri.path.split('/').pop()} throttled by PostHog; checking again in ${Math.ceil(outcome.retryInMs / 1000)} s`);
        if (!controller.signal.aborted) this.changed(document, outcome.retryInMs);
        return;
      }
      if (error.kind === 'missing_scope') {
        this.show(document, []);
        return;
      }
      this.host.log.warn(`Hog check failed: ${error.message}`);
    } finally {
      if (pending.controller === controller) pending.controller = undefined;
    }
  }

  private show(document: vscode.TextDocument, problems: Problem[]): void {
    const fixes: { range: vscode.Range; message: string; fix: string }[] = [];
    const diagnostics = problems.map((p) => {
      const range = new vscode.Range(document.positionAt(p.start), document.positionAt(p.end));
      const diagnostic = new vscode.Diagnostic(range, p.message, severity(p));
      diagnostic.source = SOURCE;
      if (p.fix !== undefined) fixes.push({ range, message: p.message, fix: p.fix });
      return diagnostic;
    });
    this.fixes.set(document.uri.toString(), fixes);
    this.collection.set(document.uri, diagnostics);
  }

  /** Checks every open Hog document again (after sign-in, a project switch, a key change). */
  recheck(documents: readonly vscode.TextDocument[]): void {
    for (const document of documents) this.changed(document, 0);
  }

  dispose(): void {
    for (const pending of this.pending.values()) {
      pending.controller?.abort();
      if (pending.timer) clearTimeout(pending.timer);
    }
    this.pending.clear();
    this.collection.dispose();
  }
}
