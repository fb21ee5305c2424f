// Hog as a language in a real extension host against the local PostHog: problems while typing, found offline by
// PostHog's parser on a worker thread (syntax errors in words, no request) and by PostHog's check only for text
// that parses (debounced, throttled, superseded checks dropped), quick fixes, completion, hover, signature help,
// and what is left when the key lacks `query:read` or PostHog throttles.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { ScriptedPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

const WEBHOOK = 'Webhook: billing service';

describe('Hog language features', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let functionId: string;

  const signIn = (apiKey: string) =>
    vscode.commands.executeCommand('posthogWorkbench.signIn', { host: fake.url, apiKey, projectId: fake.projectId });
  const open = async (): Promise<vscode.TextDocument> => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: functionId,
    });
    return editor.document;
  };
  const setText = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const problems = (doc: vscode.TextDocument, severity?: vscode.DiagnosticSeverity, source?: 'Hog' | 'PostHog') =>
    vscode.languages
      .getDiagnostics(doc.uri)
      .filter(
        (d) =>
          ['Hog', 'PostHog'].includes(d.source ?? '') &&
          (source === undefined || d.source === source) &&
          (severity === undefined || d.severity === severity),
      );
  const checks = async () => (await fake.requests()).filter((r) => r.method === 'POST' && /\/query\/?$/.test(r.path));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /**
   * Until the local PostHog has seen no new request for two seconds: long enough for the check of a document just
   * opened (a 300 ms pause, a parse on the worker, which loads PostHog's parser the first time) to have been sent.
   */
  const quiet = async () => {
    let seen = -1;
    for (let stable = 0; stable < 4; await sleep(500)) {
      const now = (await fake.requests()).length;
      stable = now === seen ? stable + 1 : 0;
      seen = now;
    }
  };
  // Resolves every item, as focusing each in the list would (documentation is added on resolve).
  const completions = async (doc: vscode.TextDocument, position: vscode.Position, trigger?: string) =>
    (
      await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        position,
        trigger,
        1_000,
      )
    ).items;
  const label = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
  const hoverText = async (doc: vscode.TextDocument, position: vscode.Position) =>
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position))
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await signIn(fake.apiKey);
    const list = (await (
      await fetch(`${fake.url}/api/projects/${fake.projectId}/hog_functions/?limit=100`, {
        headers: { authorization: `Bearer ${fake.apiKey}` },
      })
    ).json()) as { results: { id: string; name: string }[] };
    functionId = list.results.find((f) => f.name === WEBHOOK)?.id ?? '';
    assert.ok(functionId, `no seeded ${WEBHOOK}`);
  });

  afterEach(async () => {
    await fake.clearFaults();
    await fake.setLatency(0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows an unbalanced brace as one error in words on the right range while typing, without asking PostHog, and clears it once fixed', async () => {
    const doc = await open();
    // Opening a function for the first time looks for a recent event its filters match (a query of its own): let that
    // finish, so what is counted below is what the typing sent.
    await quiet();
    await fake.clearRequests();
    await setText(doc, "let props := {'url': event.properties.$current_url\nprint(props)\n");
    const [error, ...others] = await waitFor(
      () => {
        const errors = problems(doc, vscode.DiagnosticSeverity.Error);
        return errors.length ? errors : undefined;
      },
      10_000,
      'a syntax error',
    );
    assert.equal(others.length, 0, others.map((d) => d.message).join(' | '));
    // PostHog's parser stops at `print`, the first token that cannot continue the dict; the message says why.
    assert.equal(error!.message, "Unexpected 'print': the '{' at line 1, column 14 is not closed yet.");
    assert.equal(error!.source, 'Hog');
    assert.deepEqual(
      [error!.range.start.line, error!.range.start.character, error!.range.end.line, error!.range.end.character],
      [1, 0, 1, 5],
    );
    assert.equal(doc.isDirty, true, 'nothing was saved');
    assert.equal((await checks()).length, 0, 'text that does not parse is not sent to PostHog');

    await setText(doc, "let props := {'url': event.properties.$current_url}\nprint(props)\n");
    await waitFor(() => problems(doc, vscode.DiagnosticSeverity.Error).length === 0, 10_000, 'the error to clear');
    assert.ok(
      problems(doc).every((d) => d.severity === vscode.DiagnosticSeverity.Hint),
      'globals the code reads are hints only',
    );
  });

  it('places ranges after astral characters on the right text (UTF-16)', async () => {
    const doc = await open();
    await setText(doc, "let greeting := '👋 😀'\nprint(greeting, nope)\n");
    const [warning] = await waitFor(
      () => {
        const warnings = problems(doc, vscode.DiagnosticSeverity.Warning);
        return warnings.length ? warnings : undefined;
      },
      10_000,
      'a PostHog warning',
    );
    assert.equal(warning!.message, 'Unknown global variable: nope');
    assert.equal(doc.getText(warning!.range), 'nope');
  });

  it('says which global a misspelt name meant, with the fix, and hints at a key the sample event lacks', async () => {
    const doc = await open();
    await setText(doc, 'print(evnt.properties.$browser)\nprint(event.properties.no_such_key_here)\n');
    // The problems of the text before (another test's) may still be shown for a moment: wait for this text's.
    const typo = await waitFor(
      () => problems(doc, vscode.DiagnosticSeverity.Warning).find((w) => w.message.includes('evnt')),
      10_000,
      'the unknown global',
    );
    assert.equal(typo!.message, 'Unknown global variable: evnt. Did you mean `event`?');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      typo!.range,
    );
    assert.ok(
      actions.some((a) => a.title === 'Replace with: event.properties.$browser'),
      `actions: ${actions.map((a) => a.title).join(', ')}`,
    );
    const hint = await waitFor(
      () => problems(doc, vscode.DiagnosticSeverity.Hint).find((d) => d.message.includes('no_such_key_here')),
      10_000,
      'the missing key hint',
    );
    assert.equal(doc.getText(hint.range), 'no_such_key_here');
    assert.equal(
      hint.message,
      '`event.properties` has no `no_such_key_here` in the sample event, so here it reads null.',
    );
  });

  it('asks PostHog only about text that parses, at most once per interval, and never shows an answer about older text', async () => {
    const doc = await open();
    await setText(doc, 'return 1\n');
    await waitFor(
      async () => (await checks()).length > 0 && problems(doc, vscode.DiagnosticSeverity.Error).length === 0,
      10_000,
      'the first check',
    );
    await fake.clearRequests();
    // Typed quickly: every prefix but the last does not parse, and the local check follows each pause.
    for (const ch of "print('typed quickly')") {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, ch);
      await vscode.workspace.applyEdit(edit);
      await sleep(40);
    }
    await waitFor(
      () => problems(doc, vscode.DiagnosticSeverity.Error).length === 0,
      10_000,
      'the local check of the finished line',
    );
    // The extension's own tests ask PostHog at most every 1.5 s per document (20 s when installed).
    await sleep(2_500);
    assert.equal((await checks()).length, 1, 'one check, once the interval had passed');
    await fake.clearRequests();
    for (const text of ['print(1)\n', 'print(12)\n', 'print(123)\n']) {
      await setText(doc, text);
      await sleep(400);
    }
    await sleep(2_500);
    assert.ok((await checks()).length <= 2, `at most one check per interval: ${(await checks()).length}`);

    // A slow answer about older text must not land once the text has changed.
    await sleep(1_600);
    await fake.setLatency(800);
    await fake.addFault({
      method: 'POST',
      path: '/query/?$',
      kind: 'body',
      times: 1,
      body: {
        isValid: true,
        query: '',
        errors: [],
        warnings: [],
        notices: [{ message: 'About the old text', start: 0, end: 5, fix: 'print' }],
      },
    });
    const seen: string[] = [];
    const listener = vscode.languages.onDidChangeDiagnostics(() =>
      seen.push(...problems(doc, undefined, 'PostHog').map((d) => d.message)),
    );
    try {
      await setText(doc, 'print(1)\n');
      await sleep(600);
      await setText(doc, 'return 2\n');
      await sleep(3_000);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(seen, [], 'an answer about the superseded text was shown');
    assert.equal(problems(doc, vscode.DiagnosticSeverity.Error).length, 0);
  });

  it("offers PostHog's fix of a notice as a quick fix that changes the text", async () => {
    const doc = await open();
    const source = "print(lenght('abc'))\n";
    // PostHog's Hog compiler sends no fixes today (its HogQL printer does); the answer is PostHog's documented shape.
    // Only for the check of this source: the check of the text the editor opened with may still be on its way.
    await fake.addFault({
      method: 'POST',
      path: '/query/?$',
      bodyIncludes: "print(lenght('abc'))",
      kind: 'body',
      times: 1,
      body: {
        isValid: false,
        query: source,
        warnings: [],
        errors: [{ message: 'Hog function `lenght` is not implemented', start: 6, end: 19, fix: null }],
        notices: [{ message: 'Did you mean `length`?', start: 6, end: 12, fix: 'length' }],
      },
    });
    await setText(doc, source);
    const [notice] = await waitFor(
      () => {
        const found = problems(doc, vscode.DiagnosticSeverity.Information, 'PostHog');
        return found.length ? found : undefined;
      },
      10_000,
      'the notice',
    );
    // The local check found the unknown function itself, PostHog confirmed it (listed once) and added what it alone
    // knows, the fix.
    assert.deepEqual(
      problems(doc, vscode.DiagnosticSeverity.Error).map((d) => [d.source, d.message]),
      [['Hog', 'Hog function `lenght` is not implemented']],
    );
    assert.equal(doc.getText(notice!.range), 'lenght');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      notice!.range,
    );
    const fix = actions.find((a) => a.title === 'Replace with: length');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), "print(length('abc'))\n");
  });

  it('drops a local finding PostHog does not make: a function newer than the local standard library', async () => {
    const doc = await open();
    const source = "print(newerThanOurs('abc'))\n";
    // Only for the check of this source, not of the text the editor opened with.
    await fake.addFault({
      method: 'POST',
      path: '/query/?$',
      bodyIncludes: 'newerThanOurs',
      kind: 'body',
      times: 1,
      body: { isValid: true, query: source, errors: [], warnings: [], notices: [] },
    });
    await setText(doc, source);
    await waitFor(
      () => problems(doc, vscode.DiagnosticSeverity.Error, 'Hog').length > 0 || undefined,
      10_000,
      'the local error',
    );
    await waitFor(
      () => problems(doc, vscode.DiagnosticSeverity.Error).length === 0 || undefined,
      10_000,
      "PostHog's answer to clear it",
    );
  });

  it('completes `event.` with its keys from PostHog, and the standard library with its documentation', async () => {
    const doc = await open();
    await setText(doc, 'print(event.)\n');
    await fake.clearRequests();
    const keys = await completions(doc, new vscode.Position(0, 12), '.');
    assert.ok(keys.map(label).includes('properties'), keys.map(label).join(', '));
    assert.ok((await checks()).length >= 1, 'PostHog was asked');

    await setText(doc, 'print(len)\n');
    const items = await completions(doc, new vscode.Position(0, 9));
    const length = items.find((i) => label(i) === 'length');
    assert.ok(length, items.map(label).join(', '));
    assert.equal(length.kind, vscode.CompletionItemKind.Function);
    assert.match((length.documentation as vscode.MarkdownString).value, /Returns the length of a string or array/);
    assert.equal((length.insertText as vscode.SnippetString).value, 'length($0)');
  });

  it("shows a standard-library function's description and a global's sample value on hover, and the signature while typing arguments", async () => {
    const doc = await open();
    await setText(doc, "print(length('abc'), event.properties.$current_url, inputs.url)\nconcat('a', \n");
    assert.match(
      await hoverText(doc, new vscode.Position(0, 8)),
      /Returns the length of a string or array[\s\S]*Takes 1 argument/,
    );
    const url = await hoverText(doc, new vscode.Position(0, 45));
    assert.match(url, /event\.properties\.\$current_url/);
    assert.match(url, /https:\/\/shop\.example\.com\/pricing\?plan=team/);
    assert.match(
      await hoverText(doc, new vscode.Position(0, 60)),
      /billing\.internal\.example\.com\/hooks\/posthog[\s\S]*inputs/,
    );
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>(
      'vscode.executeSignatureHelpProvider',
      doc.uri,
      new vscode.Position(1, 12),
      ',',
    );
    assert.equal(help.signatures[0]?.label, 'concat(...args)');
    assert.equal(help.activeParameter, 0);
  });

  it('backs off while PostHog throttles and checks again when it said to', async () => {
    const doc = await open();
    await setText(doc, 'return 1\n');
    await waitFor(async () => (await checks()).length > 0, 10_000, 'the first check');
    await fake.clearRequests();
    await fake.addFault({ method: 'POST', path: '/query/?$', kind: 'throttle', seconds: 2, times: 1 });
    await setText(doc, 'print(nope)\n');
    await waitFor(async () => (await checks()).some((r) => r.status === 429), 10_000, 'the 429');
    for (const text of ['print(nope1)\n', 'print(nope12)\n', 'print(nope123)\n']) {
      await setText(doc, text);
      await sleep(150);
    }
    // The local check carries on meanwhile; PostHog is asked again once the wait it named is over.
    await waitFor(
      () =>
        problems(doc, vscode.DiagnosticSeverity.Warning).some((d) => d.message === 'Unknown global variable: nope123'),
      10_000,
      'the local check',
    );
    await waitFor(async () => (await checks()).length === 2, 10_000, 'the check after the wait');
    assert.deepEqual(
      (await checks()).map((r) => r.status),
      [429, 200],
      'nothing was sent while throttled',
    );
  });

  it('without query:read says so once, naming the scope, and keeps the offline completion', async () => {
    const key = await fake.addKey(['hog_function:write', 'user:read', 'project:read']);
    const { prompts } = (await activateExtension()).exports as {
      prompts: { use(p: ScriptedPrompts | undefined): void };
    };
    // No question is expected: the notification is recorded (and dismissed) by the script.
    const scripted = new ScriptedPrompts();
    const warnings = () => scripted.shown('warn');
    prompts.use(scripted);
    try {
      await signIn(key);
      const doc = await open();
      // Text that parses is the first to reach PostHog, which refuses the key.
      await setText(doc, 'print(event.properties)\n');
      await waitFor(() => warnings().some((w) => w.includes("'query:read'")), 10_000, 'the missing-scope message');
      await setText(doc, 'print(event.properties.$browser)\n');
      await sleep(2_000);
      await setText(doc, 'print(event.)\n');
      const keys = await completions(doc, new vscode.Position(0, 12), '.');
      assert.ok(keys.map(label).includes('properties'), keys.map(label).join(', '));
      const functions = await completions(doc, new vscode.Position(0, 6));
      assert.ok(functions.map(label).includes('toString'));
      assert.equal(warnings().filter((w) => w.includes("'query:read'")).length, 1, warnings().join(' | '));
      assert.equal(problems(doc, undefined, 'PostHog').length, 0);
      // The offline check is unaffected by the key.
      await waitFor(
        () => problems(doc, vscode.DiagnosticSeverity.Error, 'Hog').length === 1,
        10_000,
        'the syntax error, found offline',
      );
      scripted.assertDone();
    } finally {
      prompts.use(undefined);
      await signIn(fake.apiKey);
    }
  });
});
