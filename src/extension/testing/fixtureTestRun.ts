// The Test Explorer's profiles. "Run locally": each requested fixture runs through the same core as Run Hog Function
// Locally and `posthog-workbench test` (core/testing/fixtureRun.ts); "Run on PostHog": through the same core as
// `posthog-workbench test --remote` (core/testing/remoteFixtureRun.ts), as the function the folder is linked to in the
// selected project; both on the files as the editors have them (unsaved edits included). A failed expectation is a
// TestMessage at its line in the fixture file, with expected and actual as a diff; the requests a destination sent and
// its print() lines go to the test's output. "Debug": the Hog debugger runs the folder's source on the fixture (its
// input values, secret inputs as placeholders, its scripted responses), then the fixture is checked locally.
import * as vscode from 'vscode';
import { readFunctionFolder, type LocalFunction } from '../../core/functions/folders';
import { projectKey } from '../../core/functions/layout';
import { isJsonObject } from '../../shared/json';
import {
  evaluateFixture,
  folderFunction,
  inputSpecs,
  prepareFunction,
  splitFixture,
  type FixtureVerdict,
} from '../../core/testing/fixtureRun';
import { evaluateFixtureOnPostHog, prepareRemoteFunction } from '../../core/testing/remoteFixtureRun';
import { currentText, workspaceFiles } from '../functions/workspaceFiles';
import { withSecretPlaceholders } from '../../core/testing/secretPlaceholders';
import { DEBUG_TYPE } from '../services/constants';
import type { Session } from '../services/session';
import type { FixtureTestHandlers } from './fixtureTestTree';
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

/** One fixture of a folder run and checked (its file's text, as the editors have it). */
type RunFixture = (fixture: { name: string; text: string; uri: vscode.Uri }) => Promise<FixtureVerdict>;
/** Prepares a function folder once for all its requested fixtures: how to run one, or why none can run. */
type Preparer = (folder: vscode.Uri) => Promise<RunFixture | string>;

const fixtureName = (uri: vscode.Uri) => decodeURIComponent(uri.path.split('/').pop() ?? '').replace(/\.json$/, '');
const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

function runWith(prepareFolder: Preparer) {
  return async (
    controller: vscode.TestController,
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
  ): Promise<FixtureTestOutcome[]> => {
    const run = controller.createTestRun(request);
    const items = requested(controller, request);
    items.forEach((i) => run.enqueued(i));
    const outcomes: FixtureTestOutcome[] = [];
    /** Why the rest cannot run (PostHog refused the key, the project is gone, the network is down). */
    let stopped: string | undefined;
    try {
      const functions = new Map<string, RunFixture | string>();
      for (const item of items) {
        if (token.isCancellationRequested) {
          run.skipped(item);
          outcomes.push({ id: item.id, state: 'skipped', messages: [] });
          continue;
        }
        const uri = item.uri as vscode.Uri;
        const folder = vscode.Uri.joinPath(uri, '..', '..');
        run.started(item);
        let fn = stopped ?? functions.get(folder.toString());
        if (fn === undefined) {
          fn = await prepareFolder(folder).catch(describeError);
          functions.set(folder.toString(), fn);
        }
        if (typeof fn === 'string') {
          run.errored(item, new vscode.TestMessage(fn));
          outcomes.push({ id: item.id, state: 'errored', messages: [{ message: fn }] });
          continue;
        }
        const name = fixtureName(uri);
        let verdict: FixtureVerdict;
        try {
          verdict = await fn({ name, text: (await currentText(uri)) ?? '', uri });
        } catch (error) {
          stopped = describeError(error);
          run.errored(item, new vscode.TestMessage(stopped));
          outcomes.push({ id: item.id, state: 'errored', messages: [{ message: stopped }] });
          continue;
        }
        if (verdict.skipped !== undefined) {
          const text = crlf(`- ${verdict.name}: ${verdict.skipped}\n`);
          run.appendOutput(text, undefined, item);
          run.skipped(item);
          outcomes.push({ id: item.id, state: 'skipped', messages: [{ message: verdict.skipped }], output: text });
          continue;
        }
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

/** The function folder as the editors have it. */
async function readFolder(folder: vscode.Uri): Promise<LocalFunction<vscode.Uri>> {
  const files = { ...workspaceFiles, readText: (uri: vscode.Uri) => currentText(uri) };
  return readFunctionFolder(files, folder);
}

const folderNameOf = (folder: vscode.Uri) => folder.path.split('/').pop() ?? '';

/** The three profiles' handlers (fixtureTestTree.ts creates the profiles at activation). */
export function fixtureTestRunner(session: Session): FixtureTestHandlers {
  const prepareLocal: Preparer = async (folder) => {
    const tc = await loadToolchain();
    const fn = await readFolder(folder);
    if (!fn.state) return fn.problem ?? vscode.l10n.t('The function folder cannot be read.');
    const { configuration, ctx } = folderFunction(fn.state, folderNameOf(folder), fn.file?.ids ?? {}, session.host);
    const prepared = prepareFunction(tc, configuration, ctx);
    return (fixture) =>
      evaluateFixture(tc, prepared, {
        name: fixture.name,
        text: fixture.text,
        origin: { kind: 'fixture', name: fixture.name, uri: fixture.uri.toString() },
      });
  };
  const local = runWith(prepareLocal);

  const remote = runWith(async (folder) => {
    const connection = session.connection();
    if (!connection) return vscode.l10n.t('Sign in to PostHog and choose a project first.');
    const fn = await readFolder(folder);
    if (!fn.state) return fn.problem ?? vscode.l10n.t('The function folder cannot be read.');
    const functionId = fn.file?.ids[projectKey(connection.host, connection.projectId)];
    if (!functionId)
      return vscode.l10n.t(
        '{0} is not in project {1} yet, so it cannot run on PostHog: push it first, or run it locally.',
        folderNameOf(folder),
        connection.projectId,
      );
    const { configuration, ctx } = folderFunction(fn.state, folderNameOf(folder), fn.file?.ids ?? {}, connection.host);
    const target = { client: connection.client, projectId: connection.projectId, functionId };
    const remoteFn = prepareRemoteFunction(target, configuration, {
      ...ctx,
      host: connection.host,
      projectId: connection.projectId,
      functionId,
      projectName: session.projectName(connection.projectId),
    });
    return (fixture) =>
      evaluateFixtureOnPostHog(remoteFn, {
        name: fixture.name,
        text: fixture.text,
        origin: { kind: 'fixture', name: fixture.name, uri: fixture.uri.toString() },
      });
  });

  // Debug: each fixture in the debugger (one session after another), then checked locally for its result.
  const debug = runWith(async (folder) => {
    const check = await prepareLocal(folder);
    const fn = await readFolder(folder);
    if (!fn.state || !fn.sourceUri) return fn.problem ?? vscode.l10n.t('The function folder cannot be read.');
    const sourceUri = fn.sourceUri;
    if (typeof check === 'string') return check;
    const { configuration } = folderFunction(fn.state, folderNameOf(folder), fn.file?.ids ?? {}, session.host);
    const placed = withSecretPlaceholders(configuration);
    return async (fixture) => {
      let input: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(fixture.text);
        if (isJsonObject(parsed)) input = parsed;
      } catch {
        // A fixture that is not JSON: the check below says so; the session runs on the default sample.
      }
      const { globals, responses, inputs } = splitFixture(input);
      await debugOnce(folder, {
        type: DEBUG_TYPE,
        request: 'launch',
        name: vscode.l10n.t('Debug {0}', fixture.name),
        program: sourceUri.scheme === 'file' ? sourceUri.fsPath : sourceUri.toString(),
        kind: String(configuration.type ?? 'destination'),
        inputs: inputSpecs(placed.configuration, undefined, undefined, inputs),
        secrets: placed.secrets.map((s) => s.value),
        globals,
        ...(Array.isArray(responses) ? { responses } : {}),
        // Breakpoints stop it; async calls run on (the fixture's responses, else 200 with an empty body).
        stopOnAsync: false,
        askForResponses: false,
      });
      return check(fixture);
    };
  });
  return { local, remote, debug };
}

/** Starts a `hog` debug session and waits until it ends. */
async function debugOnce(folder: vscode.Uri, config: vscode.DebugConfiguration): Promise<void> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
  let started: vscode.DebugSession | undefined;
  let resolveEnd!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnd = resolve));
  const listeners = [
    vscode.debug.onDidStartDebugSession((s) => {
      if (!started && s.type === DEBUG_TYPE && s.name === config.name) started = s;
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s === started || (s.type === DEBUG_TYPE && s.name === config.name)) resolveEnd();
    }),
  ];
  try {
    // The source is never saved by starting a session: the editor's text runs.
    const ok = await vscode.debug.startDebugging(workspaceFolder, config, { suppressSaveBeforeStart: true });
    if (!ok) throw new Error(vscode.l10n.t('The debugger did not start.'));
    await ended;
  } finally {
    listeners.forEach((l) => l.dispose());
  }
}
