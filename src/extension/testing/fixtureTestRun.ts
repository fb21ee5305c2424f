// The Test Explorer's "Run locally": each requested fixture runs through the same core as Run Hog Function Locally
// and `posthog-workbench test` (core/testing/fixtureRun.ts), on the files as the editors have them (unsaved edits
// included). A failed expectation is a TestMessage at its line in the fixture file, with expected and actual as a
// diff; the requests a destination sent and its print() lines go to the test's output.
import * as vscode from 'vscode';
import { readFunctionFolder } from '../../core/functions/folders';
import {
  evaluateFixture,
  folderFunction,
  prepareFunction,
  type FixtureVerdict,
  type PreparedFunction,
} from '../../core/testing/fixtureRun';
import { currentText, workspaceFiles } from '../functions/workspaceFiles';
import type { Session } from '../services/session';
import { loadToolchain } from './localRunner';

/** The fixtures a request names (a function folder stands for all its fixtures), less those it excludes. */
function requested(controller: vscode.TestController, request: vscode.TestRunRequest): vscode.TestItem[] {
  const excluded = new Set((request.exclude ?? []).map((i) => i.id));
  const roots: vscode.TestItem[] = request.include ? [...request.include] : [];
  if (!request.include) controller.items.forEach((i) => void roots.push(i));
  const out: vscode.TestItem[] = [];
  const visit = (item: vscode.TestItem) => {
    if (excluded.has(item.id)) return;
    if (item.children.size === 0) {
      if (item.uri?.path.endsWith('.json')) out.push(item);
      return;
    }
    item.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

function messages(item: vscode.TestItem, verdict: FixtureVerdict): vscode.TestMessage[] {
  return verdict.failures.map((f) => {
    const message =
      f.expected !== undefined && f.actual !== undefined
        ? vscode.TestMessage.diff(f.message, f.expected, f.actual)
        : new vscode.TestMessage(f.message);
    if (item.uri)
      message.location = new vscode.Location(item.uri, new vscode.Position(Math.max(0, (f.line ?? 1) - 1), 0));
    return message;
  });
}

function output(verdict: FixtureVerdict): string {
  const lines = [`${verdict.passed ? '✓' : '✗'} ${verdict.name}`];
  for (const r of verdict.requests) {
    lines.push(`  ${r.method} ${r.url}`);
    for (const [k, v] of Object.entries(r.headers)) lines.push(`    ${k}: ${v}`);
    if (r.body !== undefined) lines.push(`    ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`);
  }
  for (const p of verdict.prints) lines.push(`  print: ${p}`);
  for (const f of verdict.failures) lines.push(`  ${f.message}`);
  return crlf(`${lines.join('\n')}\n`);
}

/** What a run reported for each fixture (what the Test Explorer shows; the extension's tests read it). */
export interface FixtureTestOutcome {
  id: string;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: { message: string; expected?: string; actual?: string; line?: number }[];
  output?: string;
}

export function fixtureTestRunner(session: Session) {
  return async (
    controller: vscode.TestController,
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
  ): Promise<FixtureTestOutcome[]> => {
    const run = controller.createTestRun(request);
    const items = requested(controller, request);
    items.forEach((i) => run.enqueued(i));
    const outcomes: FixtureTestOutcome[] = [];
    try {
      const tc = await loadToolchain();
      const functions = new Map<string, PreparedFunction | string>();
      for (const item of items) {
        if (token.isCancellationRequested) {
          run.skipped(item);
          outcomes.push({ id: item.id, state: 'skipped', messages: [] });
          continue;
        }
        const uri = item.uri as vscode.Uri;
        const folder = vscode.Uri.joinPath(uri, '..', '..');
        run.started(item);
        let fn = functions.get(folder.toString());
        if (fn === undefined) {
          fn = await prepare(tc, folder, session.host);
          functions.set(folder.toString(), fn);
        }
        if (typeof fn === 'string') {
          run.errored(item, new vscode.TestMessage(fn));
          outcomes.push({ id: item.id, state: 'errored', messages: [{ message: fn }] });
          continue;
        }
        const name = decodeURIComponent(uri.path.split('/').pop() ?? '').replace(/\.json$/, '');
        const verdict = await evaluateFixture(tc, fn, {
          name,
          text: (await currentText(uri)) ?? '',
          origin: { kind: 'fixture', name, uri: uri.toString() },
        });
        const text = output(verdict);
        run.appendOutput(text, undefined, item);
        if (verdict.passed) run.passed(item, verdict.durationMs);
        else run.failed(item, messages(item, verdict), verdict.durationMs);
        outcomes.push({
          id: item.id,
          state: verdict.passed ? 'passed' : 'failed',
          messages: verdict.failures,
          output: text,
        });
      }
    } finally {
      run.end();
    }
    return outcomes;
  };
}

/** The function folder's files as the editors have them, compiled; or why they cannot run. */
async function prepare(
  tc: Awaited<ReturnType<typeof loadToolchain>>,
  folder: vscode.Uri,
  host: string,
): Promise<PreparedFunction | string> {
  const files = { ...workspaceFiles, readText: (uri: vscode.Uri) => currentText(uri) };
  const local = await readFunctionFolder(files, folder);
  if (!local.state) return local.problem ?? vscode.l10n.t('The function folder cannot be read.');
  try {
    const { configuration, ctx } = folderFunction(
      local.state,
      folder.path.split('/').pop() ?? '',
      local.file?.ids ?? {},
      host,
    );
    return prepareFunction(tc, configuration, ctx);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
