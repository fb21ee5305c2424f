// The Hog debugger in a real extension host: Debug Hog Function on a hog function's unsaved source (a breakpoint, the
// fetch stop answered through the extension's question, variables, the uncaught throw), Debug This Run on an event
// read from PostHog, the logs view's Debug This Run lenses, and nothing written to PostHog by a session.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface Message {
  type: string;
  event?: string;
  command?: string;
  body?: Record<string, unknown>;
}

const SLACK = 'Slack: new paying customer';
const SEEDED_SLACK_SECRET = 'seed-secret-value';

describe('debugger: Debug Hog Function, Debug This Run', function () {
  this.timeout(120_000);
  let fake: FakeAdmin;
  const ids = new Map<string, string>();
  const messages: Message[] = [];
  let tracker: vscode.Disposable;

  const stops = () => messages.filter((m) => m.type === 'event' && m.event === 'stopped');
  const outputs = () =>
    messages.filter((m) => m.type === 'event' && m.event === 'output').map((m) => String(m.body?.output ?? ''));
  const waitForStop = async (count: number) =>
    waitFor(() => (stops().length >= count ? stops()[count - 1] : undefined), 30_000, `stop #${count}`);
  const session = () => {
    const s = vscode.debug.activeDebugSession;
    assert.equal(s?.type, 'hog');
    return s;
  };
  const topFrame = async () => {
    const trace = (await session().customRequest('stackTrace', { threadId: 1 })) as {
      stackFrames: { id: number; name: string; line: number; source?: { path?: string } }[];
    };
    return trace.stackFrames;
  };
  const variablesOf = async (frameId: number, scope: string): Promise<Record<string, string>> => {
    const { scopes } = (await session().customRequest('scopes', { frameId })) as {
      scopes: { name: string; variablesReference: number }[];
    };
    const ref = scopes.find((s) => s.name === scope)?.variablesReference;
    assert.ok(ref, `scope ${scope} in ${scopes.map((s) => s.name).join(', ')}`);
    const { variables } = (await session().customRequest('variables', { variablesReference: ref })) as {
      variables: { name: string; value: string }[];
    };
    return Object.fromEntries(variables.map((v) => [v.name, v.value]));
  };
  const terminated = () =>
    waitFor(
      () => messages.some((m) => m.type === 'event' && m.event === 'terminated') && !vscode.debug.activeDebugSession,
      20_000,
      'the session to end',
    );

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    const list = await fake.api<{ results: { id: string; name: string }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('hog', {
      createDebugAdapterTracker: () => ({ onDidSendMessage: (m: Message) => void messages.push(m) }),
    });
  });

  beforeEach(() => {
    messages.length = 0;
  });

  afterEach(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    tracker.dispose();
    await fake.reset('realistic');
  });

  it("debugs a hog function's unsaved source: breakpoint, the fetch it would send answered by the user, locals, the uncaught throw; nothing written to PostHog", async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: ids.get(SLACK),
    });
    const doc = editor.document;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(
      doc.uri,
      new vscode.Position(0, 0),
      "let greeting := f'debugging {event.event}'\nprint(greeting, inputs.webhook_url)\n",
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    // `if (res.status >= 400)` is line 9 of the edited text.
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(8, 0)))]);
    const before = (await fake.apiRequests()).length;

    assert.equal(await vscode.commands.executeCommand('posthogWorkbench.debugHogFunction', doc.uri), true);
    const onFetch = await waitForStop(1);
    assert.equal(onFetch.body?.reason, 'fetch');
    let frames = await topFrame();
    assert.equal(frames[0]?.line, 3);
    assert.equal(frames[0]?.source?.path, doc.uri.toString());
    const request = await variablesOf(frames[0]!.id, 'fetch (not sent)');
    assert.equal(request.method, "'POST'");
    assert.ok(!JSON.stringify(request).includes(SEEDED_SLACK_SECRET), 'the secret input runs as a placeholder');

    // Continue: nothing scripted answers the fetch, so the extension asks; the user answers a status and a body.
    const onBreakpoint = await withPrompts(
      [
        { pick: 'Answer POST', answer: 'Status and body…' },
        { input: 'HTTP status', answer: '503' },
        { input: 'Body', answer: '{"error": "down"}' },
      ],
      async () => {
        void session().customRequest('continue', { threadId: 1 });
        await waitFor(() => messages.find((m) => m.event === 'hogAskResponse'), 10_000, 'the question about fetch');
        return waitForStop(2);
      },
    );
    assert.equal(onBreakpoint.body?.reason, 'breakpoint');
    frames = await topFrame();
    assert.equal(frames[0]?.line, 9);
    const locals = await variablesOf(frames[0]!.id, 'Locals');
    // The function's first sample passes its filters (Slack's: subscription_started), as a test run's does.
    assert.equal(locals.greeting, "'debugging subscription_started'");
    assert.equal(locals.res, "{'status': 503, 'body': {'error': 'down'}}");
    const evaluated = (await session().customRequest('evaluate', {
      expression: 'res.body.error',
      frameId: frames[0]!.id,
      context: 'watch',
    })) as { result: string };
    assert.equal(evaluated.result, "'down'");

    void session().customRequest('continue', { threadId: 1 });
    const onThrow = await waitForStop(3);
    assert.equal(onThrow.body?.reason, 'exception');
    assert.match(String(onThrow.body?.text ?? onThrow.body?.description), /Slack returned 503/);
    void session().customRequest('continue', { threadId: 1 });
    await terminated();

    const printed = outputs().join('');
    assert.match(printed, /debugging subscription_started/);
    assert.ok(!printed.includes(SEEDED_SLACK_SECRET), 'no secret in the output');
    assert.match(printed, /Uncaught Error: Slack returned 503/);
    // The session read the function (already open) and nothing else; it never wrote.
    const requests = (await fake.apiRequests()).slice(before);
    assert.deepEqual(
      requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
      [],
    );
    assert.equal(doc.isDirty, true, 'debugging does not save');
  });

  it('Debug This Run reads the event the log names and runs the function on it', async () => {
    const [added] = await fake.addEvents([
      { event: 'upgraded plan', distinct_id: 'debug-run-user', properties: { plan: 'scale' } },
    ]);
    assert.ok(added);
    const before = (await fake.apiRequests({ hogChecks: true })).length;
    const started = await vscode.commands.executeCommand('posthogWorkbench.debugThisRun', {
      functionId: ids.get(SLACK),
      eventId: added.uuid,
    });
    assert.equal(started, true);
    const stop = await waitForStop(1);
    assert.equal(stop.body?.reason, 'fetch', outputs().join(''));
    const frames = await topFrame();
    const evaluate = async (expression: string) => {
      try {
        return (
          (await session().customRequest('evaluate', { expression, frameId: frames[0]!.id, context: 'repl' })) as {
            result: string;
          }
        ).result;
      } catch (error) {
        throw new Error(`${expression}: ${(error as Error).message}; output: ${outputs().join('')}`);
      }
    };
    assert.equal(await evaluate('event.uuid'), `'${added.uuid}'`);
    assert.equal(await evaluate('event.event'), "'upgraded plan'");
    assert.equal(await evaluate('event.properties.plan'), "'scale'");
    await vscode.debug.stopDebugging();
    await terminated();
    const requests = (await fake.apiRequests({ hogChecks: true })).slice(before);
    const query = requests.find((r) => r.method === 'POST' && /\/query\/$/.test(r.path));
    assert.ok(query, `the event was read with a query: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    assert.deepEqual(
      requests
        .filter((r) => r.method !== 'GET' && r !== query && !/\/query\/$/.test(r.path))
        .map((r) => `${r.method} ${r.path}`),
      [],
    );
  });

  it("offers Debug This Run on the logs view's failed runs that name their event", async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'posthogWorkbench.showHogFunctionLogs',
      { id: ids.get('HubSpot: sync organizations') },
      { levels: ['ERROR'] },
    );
    const logs = doc ?? vscode.window.activeTextEditor?.document;
    assert.ok(logs);
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          logs.uri,
        );
        return found?.length ? found : undefined;
      },
      10_000,
      'Debug This Run lenses',
    );
    const lens = lenses[0]!;
    assert.equal(lens.command?.command, 'posthogWorkbench.debugThisRun');
    const [arg] = lens.command?.arguments as [{ functionId: string; eventId: string }];
    assert.equal(arg.functionId, ids.get('HubSpot: sync organizations'));
    assert.match(logs.lineAt(lens.range.start.line).text, new RegExp(`event ${arg.eventId}`));
  });
});
