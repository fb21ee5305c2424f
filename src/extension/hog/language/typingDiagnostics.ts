// Problems while typing. 300 ms after the last edit of a Hog document its text is checked on a worker thread by
// PostHog's own parser and the toolchain's copy of PostHog's compiler rules (src/core/toolchain): syntax errors in
// words, unknown functions and globals, with zero requests, source "Hog". Only when the text parses is PostHog's
// HogQLMetadata asked, for what only the server knows (fixes, functions newer than our copy of the standard
// library), at most once per SERVER_INTERVAL_MS per document, within the query gate and as the query pacer allows
// (under a sustained query budget these checks thin out, then stop, before completion does). For the text it answered
// about PostHog is the authority: its findings that the local check did not make are added with source "PostHog",
// and local findings it did not make (a function newer than our copy of the standard library) are dropped; a
// problem both found shows once, as the local one. An edit drops the work in flight for that document, and an answer
// about an older text is never shown.
import * as vscode from 'vscode';
import { isPostHogError } from '../../../api';
import type { Finding } from '../../../core/toolchain/check';
import type { HogParserClient } from '../../../core/toolchain/parserClient';
import type { DocumentGlobals, DocumentTarget } from './documentGlobals';
import { mergeProblems, problemsFrom, type Problem } from '../../../core/language/notices';
import { withoutTypeFunctionErrors } from '../../../core/language/typeFunctions';
import { explainUnknownGlobals, missingKeyHints } from '../../../core/language/hints';
import type { QueryGate } from '../../../core/language/queryGate';
import type { QueryPacer } from '../../../core/language/queryPacer';

export const DEBOUNCE_MS = 300;

/** What PostHog's check adds. */
export const SOURCE = 'PostHog';
/** What the local check finds (PostHog's parser and compiler rules, in the editor). */
export const LOCAL_SOURCE = 'Hog';

/** At most one HogQLMetadata check per document this often: an hour of typing sends at most 180. */
export const SERVER_INTERVAL_MS = 20_000;

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  /** The server check in flight. */
  controller?: AbortController;
  /** A server check put off until the interval has passed. */
  serverTimer?: ReturnType<typeof setTimeout>;
  /** When the last server check started. */
  serverAt?: number;
  /** The text PostHog last answered about, and what it found. */
  server?: { text: string; problems: Problem[] };
}

/** What the diagnostics need from the service around them. */
export interface CheckHost {
  readonly gate: QueryGate;
  readonly pacer: QueryPacer;
  readonly targets: DocumentGlobals;
  readonly log: vscode.LogOutputChannel;
  readonly parser: HogParserClient;
  /** `host#generation`: what the missing-scope verdict belongs to. */
  account(): string;
  missingScope(host: string): void;
  /** SERVER_INTERVAL_MS unless the extension's own tests shorten it. */
  readonly serverIntervalMs?: number;
}

function severity(problem: Problem): vscode.DiagnosticSeverity {
  if (problem.severity === 'error') return vscode.DiagnosticSeverity.Error;
  if (problem.severity === 'warning') return vscode.DiagnosticSeverity.Warning;
  // A notice with a fix is something to act on; without one it only says what a name is ("Global variable: event").
  return problem.fix !== undefined ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Hint;
}

const localProblem = (f: Finding): Problem => ({
  severity: f.severity,
  message: f.message,
  start: f.start,
  end: f.end,
});
export class HogDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('posthog-hog-check');
  private readonly pending = new Map<string, Pending>();
  /** The fixes of the diagnostics shown, for the quick fixes. */
  private readonly fixes = new Map<string, { range: vscode.Range; message: string; fix: string }[]>();

  constructor(private readonly host: CheckHost) {}

  /** The document changed (or opened): drop the work in flight, check again after the pause. */
  changed(document: vscode.TextDocument, delayMs = DEBOUNCE_MS): void {
    const key = document.uri.toString();
    const pending = this.pending.get(key) ?? {};
    pending.controller?.abort();
    pending.controller = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    if (pending.serverTimer) clearTimeout(pending.serverTimer);
    pending.serverTimer = undefined;
    pending.timer = setTimeout(() => void this.check(document), delayMs);
    this.pending.set(key, pending);
  }

  closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.pending.get(key);
    pending?.controller?.abort();
    if (pending?.timer) clearTimeout(pending.timer);
    if (pending?.serverTimer) clearTimeout(pending.serverTimer);
    this.pending.delete(key);
    this.fixes.delete(key);
    this.host.parser.forget(key);
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
    const version = document.version;
    const text = document.getText();
    let target: DocumentTarget;
    let local: Problem[];
    let parses: boolean;
    try {
      target = await this.host.targets.resolve(document);
      const answer = await this.host.parser.check(key, text, { globals: target.globals });
      // A newer text of this document is on its way: this answer is about old text.
      if (!answer || document.isClosed || document.version !== version) return;
      // The functions the type's worker adds (transformations' geoipLookup) run: neither check may flag them.
      local = withoutTypeFunctionErrors(answer.findings.map(localProblem), target.type);
      parses = !answer.findings.some((f) => f.source === 'syntax');
    } catch (error) {
      this.host.log.error(`Hog check failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // What PostHog answered still holds while the text is the one it answered about.
    this.show(document, local, pending.server?.text === text ? pending.server.problems : undefined, target.globals);
    if (parses && target.connection && pending.server?.text !== text)
      this.askServer(document, pending, text, version, target, local);
  }

  /** HogQLMetadata for text that parses: at most once per interval, never while the gate is closed. */
  private askServer(
    document: vscode.TextDocument,
    pending: Pending,
    text: string,
    version: number,
    target: DocumentTarget,
    local: Problem[],
  ): void {
    const gate = this.host.gate.state(this.host.account());
    if (!gate.open) {
      if (gate.reason === 'throttled') this.changed(document, gate.retryInMs);
      return;
    }
    const wait =
      pending.serverAt === undefined
        ? 0
        : pending.serverAt + (this.host.serverIntervalMs ?? SERVER_INTERVAL_MS) - Date.now();
    // Asked recently, or the query budget asks for a pause: ask about the text as it is then, if it still parses.
    const later = (ms: number) => {
      if (!pending.serverTimer)
        pending.serverTimer = setTimeout(() => {
          pending.serverTimer = undefined;
          if (!document.isClosed) this.changed(document, 0);
        }, ms);
    };
    if (wait > 0) {
      later(wait);
      return;
    }
    // The query budget is shared with completion and recent events: under a sustained budget checks thin out first.
    const pace = target.connection
      ? this.host.pacer.check(target.connection.client.rateBudget().query, Date.now())
      : { go: true as const, reserve: 0 };
    if (!pace.go) {
      later(pace.retryInMs);
      return;
    }
    pending.serverAt = Date.now();
    void this.serverCheck(document, pending, text, version, target, local, pace.reserve);
  }

  private async serverCheck(
    document: vscode.TextDocument,
    pending: Pending,
    text: string,
    version: number,
    target: DocumentTarget,
    local: Problem[],
    reserve: number,
  ): Promise<void> {
    const connection = target.connection;
    if (!connection) return;
    const controller = new AbortController();
    pending.controller = controller;
    try {
      const metadata = await connection.client.checkHog(
        connection.projectId,
        { source: text, globals: target.globals },
        { signal: controller.signal, reserve },
      );
      this.host.gate.succeeded();
      if (controller.signal.aborted || document.isClosed || document.version !== version) return;
      const problems = withoutTypeFunctionErrors(problemsFrom(text, metadata, { parses: true }), target.type);
      pending.server = { text, problems };
      this.show(document, local, problems, target.globals);
    } catch (error) {
      if (!isPostHogError(error)) {
        this.host.log.error(`Hog check failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (error.kind === 'cancelled') return;
      const outcome = this.host.gate.failed(this.host.account(), error);
      if (outcome.tellMissingScope) this.host.missingScope(error.scope ?? 'query:read');
      if (error.kind === 'rate_limited' && error.throttle === 'budget') {
        // Refused by the budget without being sent (another window or a burst took the room): ask again later.
        pending.serverAt = undefined;
        if (!controller.signal.aborted) this.changed(document, Math.max(1000, (error.retryAfterSeconds ?? 5) * 1000));
        return;
      }
      if (outcome.retryInMs !== undefined) {
        this.host.log.info(
          `Hog check of ${document.uri.path.split('/').pop()} throttled by PostHog; asking again in ${Math.ceil(outcome.retryInMs / 1000)} s`,
        );
        pending.serverAt = undefined;
        if (!controller.signal.aborted) this.changed(document, outcome.retryInMs);
        return;
      }
      if (error.kind !== 'missing_scope') this.host.log.warn(`Hog check failed: ${error.message}`);
    } finally {
      if (pending.controller === controller) pending.controller = undefined;
    }
  }

  /** `globals`: what the code is checked with, for the hints (a near miss of a global's name, a key the sample lacks). */
  private show(
    document: vscode.TextDocument,
    found: Problem[],
    answered: Problem[] | undefined,
    globals: Record<string, unknown>,
  ): void {
    const merged = mergeProblems(found, answered);
    const text = document.getText();
    const names = Object.keys(globals);
    const local = [...explainUnknownGlobals(merged.local, text, names), ...missingKeyHints(text, globals)];
    const server = explainUnknownGlobals(merged.server, text, names);
    const fixes: { range: vscode.Range; message: string; fix: string }[] = [];
    const diagnostic = (p: Problem, source: string) => {
      const range = new vscode.Range(document.positionAt(p.start), document.positionAt(p.end));
      const d = new vscode.Diagnostic(range, p.message, severity(p));
      d.source = source;
      if (p.fix !== undefined) fixes.push({ range, message: p.message, fix: p.fix });
      return d;
    };
    this.fixes.set(document.uri.toString(), fixes);
    this.collection.set(document.uri, [
      ...local.map((p) => diagnostic(p, LOCAL_SOURCE)),
      ...server.map((p) => diagnostic(p, SOURCE)),
    ]);
  }

  /** Checks every open Hog document again (after sign-in, a project switch, a key change): PostHog may know more. */
  recheck(documents: readonly vscode.TextDocument[]): void {
    for (const document of documents) {
      const pending = this.pending.get(document.uri.toString());
      if (pending) {
        pending.server = undefined;
        pending.serverAt = undefined;
      }
      this.changed(document, 0);
    }
  }

  dispose(): void {
    for (const pending of this.pending.values()) {
      pending.controller?.abort();
      if (pending.timer) clearTimeout(pending.timer);
      if (pending.serverTimer) clearTimeout(pending.serverTimer);
    }
    this.pending.clear();
    this.collection.dispose();
  }
}
