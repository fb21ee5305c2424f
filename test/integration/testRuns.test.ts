// Test runs in a real extension host against the local PostHog, whose invocations run the code in PostHog's VM: a
// transformation's diff and a dropped event, a destination's requests with secrets masked, recent events found by
// the function's filters (unsaved ones included), fixtures run as a suite, and a batch stopped by cancellation; and
// the same functions run locally (Run Hog Function Locally), offline, with a fixture's scripted fetch answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface FetchRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: { kind: string; value?: unknown; text?: string };
}
interface EventResult {
  title: string;
  responses?: { status: number; body: unknown; error?: string }[];
  status: string;
  errors: string[];
  logs: { message: string }[];
  result?: unknown;
  dropped: boolean;
  changes: { path: string; kind: string }[];
  requests: FetchRequest[];
  masked: string[];
  input: Record<string, unknown>;
  origin: { kind: string };
}
interface TestRun {
  id: number;
  results: EventResult[];
  planned: number;
  cancelled: boolean;
  finished: boolean;
  ranFrom: string;
  local?: boolean;
}
interface Results {
  all(): TestRun[];
  getChildren(node?: unknown): unknown[];
  getTreeItem(node: unknown): vscode.TreeItem;
  resultUri(run: TestRun, index: number): vscode.Uri;
  nodeOf(run: TestRun): unknown;
}
interface Exports {
  testResults: Results;
}

const GEOIP = 'GeoIP enrichment';
const BOTS = 'Drop bot events';
const SLACK = 'Slack: new paying customer';
const HUBSPOT = 'HubSpot: sync organizations';
const SEEDED_SECRETS = ['https://hooks.slack.com/services/T000/B000/seed-secret-value', 'pat-na1-seed-hubspot-token'];

describe('test runs: diffs, requests, recent events, fixtures', function () {
  this.timeout(90_000);
  let fake: FakeAdmin;
  let results: Results;
  const ids = new Map<string, string>();
  const idOf = (name: string): string => {
    const id = ids.get(name);
    assert.ok(id, `no seeded hog function named ${name}`);
    return id;
  };
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const replaceText = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const sampleDocument = async (name: string): Promise<vscode.TextDocument> => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.editSampleEvent', {
      id: idOf(name),
    });
    assert.ok(editor);
    return editor.document;
  };
  /** Replaces the sample event's properties (unsaved: the run reads the open document). */
  const sampleWith = async (name: string, properties: Record<string, unknown>): Promise<void> => {
    const doc = await sampleDocument(name);
    const sample = JSON.parse(doc.getText()) as { event: { properties: Record<string, unknown> } };
    sample.event.properties = properties;
    await replaceText(doc, JSON.stringify(sample, null, 2));
  };
  const invocations = async () => (await fake.apiRequests()).filter((r) => r.path.endsWith('/invocations/'));
  /** What this file added to the workspace, removed at the end (other test files may have exported functions too). */
  const created: vscode.Uri[] = [];
  const functionsDir = () => vscode.Uri.joinPath(root(), 'posthog', 'hog-functions');
  /** The workspace folders linked to a function (an earlier test file may have exported it). */
  const linkedFolders = async (id: string): Promise<vscode.Uri[]> => {
    const entries = await vscode.workspace.fs
      .readDirectory(functionsDir())
      .then(undefined, () => [] as [string, vscode.FileType][]);
    const linked: vscode.Uri[] = [];
    for (const [name] of entries) {
      const folder = vscode.Uri.joinPath(functionsDir(), name);
      const json = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'function.json')).then(
        (b) => new TextDecoder().decode(b),
        () => '{}',
      );
      if (Object.values((JSON.parse(json) as { ids?: Record<string, string> }).ids ?? {}).includes(id))
        linked.push(folder);
    }
    return linked;
  };
  const activeDiff = () =>
    waitFor(
      () => {
        const input = vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.isActive && t.input instanceof vscode.TabInputTextDiff)?.input;
        return input instanceof vscode.TabInputTextDiff ? input : undefined;
      },
      10_000,
      'the diff editor',
    );
  const text = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();
  const everything = async (run: TestRun): Promise<string> => {
    const docs = await Promise.all(run.results.map((_, i) => text(results.resultUri(run, i))));
    const items = results
      .getChildren(results.nodeOf(run))
      .flatMap((n) => [n, ...results.getChildren(n)])
      .map((n) => results.getTreeItem(n));
    return JSON.stringify({
      run,
      docs,
      items: items.map((i) => [
        i.label,
        i.description,
        i.tooltip instanceof vscode.MarkdownString ? i.tooltip.value : i.tooltip,
      ]),
    });
  };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    const extension = await activateExtension();
    results = (extension.exports as Exports).testResults;
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    const list = await fake.api<{ results: { id: string; name: string }[] }>('GET', 'hog_functions/?limit=100');
    for (const f of list.results) ids.set(f.name, f.id);
  });

  afterEach(async () => {
    await fake.setLatency(0);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const uri of [vscode.Uri.joinPath(root(), 'posthog', 'test-events'), ...created]) {
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
    await fake.reset('realistic');
  });

  it("runs a transformation's unsaved code and opens the diff: input ↔ returned event, the changed properties", async () => {
    await sampleWith(GEOIP, { $ip: '89.160.20.112', $browser: 'Chrome' });
    const source = (
      await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', { id: idOf(GEOIP) })
    ).document;
    await replaceText(
      source,
      source
        .getText()
        .replace('return returnEvent;', 'returnEvent.properties.tested_in_editor := true;\nreturn returnEvent;'),
    );
    const result = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', source.uri);
    assert.equal(result?.status, 'success', JSON.stringify(result?.errors));
    assert.deepEqual(result.changes.map((c) => `${c.path} ${c.kind}`).sort(), [
      'properties.$geoip_city_name added',
      'properties.$geoip_country_code added',
      'properties.tested_in_editor added',
    ]);
    const diff = await activeDiff();
    assert.equal(diff.original.scheme, 'posthog-test');
    const [left, right] = [await text(diff.original), await text(diff.modified)];
    assert.ok(!left.includes('$geoip_city_name') && left.includes('"$ip": "89.160.20.112"'), left);
    assert.match(right, /"\$geoip_city_name": "Linköping"/);
    assert.match(right, /"tested_in_editor": true/);
    assert.ok(!right.includes('"site_url"'), "what only PostHog's pipeline adds is left out");
    assert.equal(source.isDirty, true, 'a test run does not save');
    const run = results.all()[0] as TestRun;
    assert.match(run.ranFrom, /unsaved changes to the source/);
    assert.match(
      await text(results.resultUri(run, 0)),
      /^Test run of "GeoIP enrichment" on the sample event: success.*\nEvent: \$pageview by .*\nRan: the code and configuration in your editors, with unsaved changes to the source\./,
    );
  });

  it('says plainly when a transformation drops the event', async () => {
    await sampleWith(BOTS, { $raw_user_agent: 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
    const result = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', {
      id: idOf(BOTS),
    });
    assert.equal(result?.status, 'success');
    assert.equal(result.dropped, true);
    assert.equal(result.result, null);
    const diff = await activeDiff();
    assert.match(
      await text(diff.modified),
      /^\/\/ Dropped: Drop bot events returned null, so PostHog drops this event\.\nnull\n$/,
    );
    const run = results.all()[0] as TestRun;
    const [eventNode] = results.getChildren(results.nodeOf(run));
    assert.match(String(results.getTreeItem(eventNode).description), /^dropped · \d+ ms$/);
  });

  it("lists a destination's requests with method, URL, headers and body, its stored secrets masked", async () => {
    await fake.clearRequests();
    // The first run's sample is the newest recent event its filters match, so the first run sends its request.
    const slack = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', {
      id: idOf(SLACK),
    });
    assert.equal(slack?.status, 'success', JSON.stringify(slack?.errors));
    assert.match((await sampleDocument(SLACK)).getText(), /"event": "subscription_started"/);
    await sampleWith(SLACK, { plan: 'growth' });
    const run = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', {
      id: idOf(SLACK),
    });
    assert.equal(run?.status, 'success', JSON.stringify(run?.errors));
    assert.equal(run.requests.length, 1);
    const [request] = run.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, '••••••', 'the whole URL is the secret input webhook_url');
    assert.deepEqual(request?.headers, [['Content-Type', 'application/json']]);
    assert.equal(request?.body.kind, 'json');
    assert.match(JSON.stringify(request?.body.value), /upgraded to growth/);
    assert.ok(run.masked.includes('the secret input webhook_url'), run.masked.join());

    const hubspot = await vscode.commands
      .executeCommand<EventResult>('posthogWorkbench.testHogFunctionWithFixtures', { id: idOf(HUBSPOT) })
      .then(() => undefined);
    assert.equal(hubspot, undefined, 'no fixtures yet: nothing runs');
    const identify = {
      event: {
        uuid: '0190f7a4-0000-7000-8000-00000000cafe',
        event: '$groupidentify',
        distinct_id: 'ada-42',
        timestamp: new Date().toISOString(),
        elements_chain: '',
        url: '',
        properties: {},
      },
      person: { id: 'p', properties: {} },
      groups: {
        organization: {
          id: 'org:1000',
          type: 'organization',
          index: 0,
          url: '',
          properties: { name: 'Acme Labs', domain: 'acme.test', industry: 'retail' },
        },
      },
    };
    const hubDoc = await sampleDocument(HUBSPOT);
    await replaceText(hubDoc, JSON.stringify(identify, null, 2));
    const synced = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', {
      id: idOf(HUBSPOT),
    });
    assert.equal(synced?.status, 'success', JSON.stringify(synced?.errors));
    assert.deepEqual(
      synced.requests.map((r) => `${r.method} ${r.url}`),
      ['POST https://api.hubapi.com/crm/v3/objects/companies'],
    );
    assert.deepEqual(synced.requests[0]?.headers, [
      ['Authorization', 'Bearer ••••••'],
      ['Content-Type', 'application/json'],
    ]);
    assert.deepEqual(synced.requests[0]?.body.value, {
      properties: { name: 'Acme Labs', domain: 'acme.test', industry: 'retail' },
    });

    const doc = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'posthog-test')?.document,
      10_000,
      'the result document',
    );
    assert.match(
      doc.getText(),
      /Requests \(1\)\n {2}1\. POST https:\/\/api\.hubapi\.com\/crm\/v3\/objects\/companies\n {5}Headers\n {7}Authorization: Bearer ••••••\n {7}Content-Type: application\/json\n {5}Body \(JSON\)\n {7}\{\n {9}"properties": \{/,
    );
    for (const shown of [...results.all().slice(0, 3)]) {
      const all = await everything(shown);
      for (const secret of [...SEEDED_SECRETS, fake.apiKey])
        assert.ok(!all.includes(secret), `a stored secret or the API key is shown: ${secret.slice(0, 12)}…`);
    }
    // Three runs, one invocation each; the secret inputs ran with placeholders, never with PostHog's stored values.
    assert.equal((await invocations()).length, 3);
  });

  it("tests on recent events from PostHog's events query, found by the function's filters as the editor has them", async () => {
    await fake.clearEvents();
    const now = Date.now();
    const at = (minutes: number) => new Date(now - minutes * 60e3).toISOString();
    await fake.addEvents(
      [
        {
          event: 'subscription_started',
          distinct_id: 'grace-7',
          properties: { plan: 'enterprise', $groups: { organization: 'org:1001' } },
          timestamp: at(5),
        },
        {
          event: '$pageview',
          distinct_id: 'ada-42',
          properties: { $current_url: 'https://app.example.com/pricing' },
          timestamp: at(6),
        },
        { event: 'subscription_started', distinct_id: 'ada-42', properties: { plan: 'growth' }, timestamp: at(60) },
        {
          event: 'subscription_started',
          distinct_id: 'old',
          properties: { plan: 'free' },
          timestamp: at(60 * 24 * 40),
        },
      ],
      [{ distinct_ids: ['grace-7'], properties: { email: 'grace@example.com' } }],
    );
    await fake.clearRequests();
    const run = await vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithRecentEvents',
      { id: idOf(SLACK) },
      { pick: 'all' },
    );
    assert.ok(run);
    assert.deepEqual(
      run.results.map((r) => r.title),
      ['subscription_started by grace@example.com', 'subscription_started by ada@example.com'],
    );
    assert.deepEqual(
      run.results.map((r) => r.status),
      ['success', 'success'],
    );
    assert.deepEqual(
      run.results.map((r) => r.origin.kind),
      ['recent', 'recent'],
    );
    assert.match(
      JSON.stringify(run.results[0]?.requests[0]?.body.value),
      /at .+ upgraded to enterprise/,
      'the group of the event is in the globals',
    );
    const requests = await fake.apiRequests({ hogChecks: true });
    // As PostHog's web app reads them: ids and times over widening windows (here none has 10), then one wide query.
    const queries = requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/query/'))
      .map((r) => JSON.parse(r.body).query);
    assert.deepEqual(
      queries.filter((q) => q.select.join(',') === 'uuid,timestamp').map((q) => q.after),
      ['-1h', '-6h', '-24h', '-7d', '-30d'],
    );
    assert.equal(
      queries.filter((q) => q.select.includes('*')).length,
      1,
      'one wide query, for exactly the events found',
    );
    assert.equal(requests.filter((r) => r.path.endsWith('/invocations/')).length, 2, 'one invocation per event');

    // The filters as the editor has them, unsaved: the same command now finds page views.
    const filters = (
      await vscode.commands.executeCommand<vscode.TextEditor>(
        'posthogWorkbench.openHogFunctionField',
        { id: idOf(SLACK) },
        'filters',
      )
    ).document;
    const parsed = JSON.parse(filters.getText()) as { events: { id: string }[] };
    parsed.events = [{ id: '$pageview', name: '$pageview', type: 'events', order: 0 } as { id: string }];
    await replaceText(filters, JSON.stringify(parsed, null, 2));
    const pageviews = await vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithRecentEvents',
      { id: idOf(SLACK) },
      { pick: [0] },
    );
    assert.deepEqual(
      pageviews?.results.map((r) => r.title),
      ['$pageview by ada@example.com'],
    );
    assert.match(pageviews?.ranFrom ?? '', /unsaved changes to filters/);
  });

  it('saves events as fixtures next to the function and runs them as a suite with a result per event', async () => {
    // Not in the workspace: its fixtures go under posthog/test-events/<id>/.
    for (const folder of await linkedFolders(idOf(BOTS)))
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    await fake.clearEvents();
    await fake.addEvents([
      { event: '$pageview', distinct_id: 'crawler', properties: { $raw_user_agent: 'HeadlessChrome/120' } },
      { event: '$pageview', distinct_id: 'ada-42', properties: { $raw_user_agent: 'Mozilla/5.0 Safari' } },
    ]);
    const recent = await vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithRecentEvents',
      { id: idOf(BOTS) },
      { pick: 'all' },
    );
    assert.ok(recent);
    const [botNode, humanNode] = results.getChildren(results.nodeOf(recent));
    const saved = [
      await vscode.commands.executeCommand<vscode.Uri>('posthogWorkbench.saveTestFixture', botNode, {
        name: 'headless crawler',
      }),
      await vscode.commands.executeCommand<vscode.Uri>('posthogWorkbench.saveTestFixture', humanNode, {
        name: 'safari visitor',
      }),
    ];
    const folder = vscode.Uri.joinPath(root(), 'posthog', 'test-events', idOf(BOTS));
    assert.deepEqual(
      saved.map((u) => u?.toString()),
      ['headless crawler', 'safari visitor'].map((n) => vscode.Uri.joinPath(folder, `${n}.json`).toString()),
    );
    const again = await vscode.commands.executeCommand('posthogWorkbench.saveTestFixture', humanNode, {
      name: 'safari visitor',
    });
    assert.equal(again, undefined, 'an existing fixture is never replaced');
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder, 'broken.json'),
      new TextEncoder().encode('{"event": '),
    );

    const suite = await vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithFixtures',
      { id: idOf(BOTS) },
      { pick: 'all' },
    );
    assert.ok(suite);
    assert.deepEqual(
      suite.results.map((r) => [r.title, r.status]),
      [
        ['broken', 'error'],
        ['headless crawler', 'success'],
        ['safari visitor', 'success'],
      ],
    );
    assert.deepEqual(
      suite.results.map((r) => r.dropped),
      [false, true, false],
    );
    assert.match(suite.results[0]?.errors[0] ?? '', /^broken\.json: The sample event is not valid JSON/);
    const runItem = results.getTreeItem(results.nodeOf(suite));
    assert.equal(runItem.description, '2 passed, 1 error · fixtures');
  });

  it("runs a workspace function folder's files, unsaved edits included, and keeps its fixtures in that folder", async () => {
    const [exported] = await vscode.commands.executeCommand<{ status: string; folder: vscode.Uri }[]>(
      'posthogWorkbench.exportHogFunctions',
      { id: idOf(GEOIP) },
    );
    assert.ok(exported && ['exported', 'pulled', 'unchanged'].includes(exported.status), JSON.stringify(exported));
    created.push(
      exported.status === 'exported' ? exported.folder : vscode.Uri.joinPath(exported.folder, 'test-events'),
    );
    const folderName = exported.folder.path.split('/').pop() as string;
    const sourceUri = vscode.Uri.joinPath(exported.folder, `${folderName}.hog`);
    const source = await vscode.workspace.openTextDocument(sourceUri);
    await vscode.window.showTextDocument(source);
    await replaceText(
      source,
      source
        .getText()
        .replace('return returnEvent;', 'returnEvent.properties.from_folder := true;\nreturn returnEvent;'),
    );
    await sampleWith(GEOIP, { $ip: '81.2.69.142' });
    const result = await vscode.commands.executeCommand<EventResult>('posthogWorkbench.testHogFunction', sourceUri);
    assert.deepEqual(result?.changes.map((c) => c.path).sort(), [
      'properties.$geoip_city_name',
      'properties.$geoip_country_code',
      'properties.from_folder',
    ]);
    assert.equal(
      (results.all()[0] as TestRun).ranFrom,
      `the files of posthog/hog-functions/${folderName}/ in your editors, with unsaved changes to ${folderName}.hog`,
    );

    const fixture = await vscode.commands.executeCommand<vscode.Uri>('posthogWorkbench.saveTestFixture', sourceUri, {
      name: 'london visitor',
    });
    assert.equal(
      fixture?.toString(),
      vscode.Uri.joinPath(exported.folder, 'test-events', 'london visitor.json').toString(),
    );
    const suite = await vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithFixtures',
      sourceUri,
      { pick: 'all' },
    );
    assert.deepEqual(
      suite?.results.map((r) => [r.title, r.status, r.changes.length]),
      [['london visitor', 'success', 3]],
    );
  });

  it('runs a transformation locally, offline: its unsaved code on the sample event, the diff, labelled local', async () => {
    await sampleWith(BOTS, { $raw_user_agent: 'Mozilla/5.0 Safari', plan: 'team' });
    const source = (
      await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', { id: idOf(BOTS) })
    ).document;
    await replaceText(
      source,
      source
        .getText()
        .replace('return event;', 'let kept := event;\nkept.properties.checked_locally := true;\nreturn kept;'),
    );
    await fake.clearRequests();
    const result = await vscode.commands.executeCommand<EventResult>(
      'posthogWorkbench.runHogFunctionLocally',
      source.uri,
      { on: 'sample' },
    );
    assert.equal(result?.status, 'success', JSON.stringify(result?.errors));
    assert.deepEqual(
      result.changes.map((c) => `${c.path} ${c.kind}`),
      ['properties.checked_locally added'],
    );
    const diff = await activeDiff();
    assert.match(await text(diff.modified), /"checked_locally": true/);
    const run = results.all()[0] as TestRun;
    assert.equal(run.local, true);
    assert.match(String(results.getTreeItem(results.nodeOf(run)).description), /^1 passed · sample event · local$/);
    assert.match(
      await text(results.resultUri(run, 0)),
      /^Local run of "Drop bot events" on the sample event: success, \d+ ms\n.*\nRan: the code and configuration in your editors, with unsaved changes to the source, in PostHog's VM on this machine\./,
    );
    assert.equal((await invocations()).length, 0, 'nothing was sent to PostHog');
  });

  it("runs a destination locally on a fixture whose scripted answer is a 500: the request, the answer, and the code's error branch", async () => {
    const folder = vscode.Uri.joinPath(root(), 'posthog', 'test-events', idOf(SLACK));
    const fixture = {
      event: {
        uuid: '0190f7a4-0000-7000-8000-0000000000aa',
        event: 'subscription_started',
        distinct_id: 'ada-42',
        timestamp: new Date().toISOString(),
        elements_chain: '',
        url: '',
        properties: { plan: 'growth' },
      },
      person: { id: 'p', name: 'Ada', properties: { email: 'ada@example.com' } },
      // Its inputs' templates read the organization group.
      groups: {
        organization: { id: 'acme', type: 'organization', index: 0, url: '', properties: { name: 'Acme Inc.' } },
      },
      responses: [{ status: 500, body: { error: 'slack is down' } }],
    };
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder, 'slack down.json'),
      new TextEncoder().encode(JSON.stringify(fixture, null, 2)),
    );
    await fake.clearRequests();
    const result = await vscode.commands.executeCommand<EventResult>(
      'posthogWorkbench.runHogFunctionLocally',
      { id: idOf(SLACK) },
      { on: { fixture: 'slack down' } },
    );
    assert.equal(result?.status, 'error');
    assert.equal(result.requests.length, 1, result.errors.join(' | '));
    assert.equal(result.requests[0]?.url, '••••••', 'the secret webhook URL ran as a masked placeholder');
    assert.deepEqual(
      result.responses?.map((r) => r.status),
      [500],
    );
    assert.ok(
      result.errors.some((e) => /Slack returned 500/.test(e)),
      result.errors.join(' | '),
    );
    const run = results.all()[0] as TestRun;
    const doc = await text(results.resultUri(run, 0));
    assert.match(
      doc,
      /Requests \(1\)\n {2}1\. POST ••••••\n[\s\S]*Answered: status 500\n[\s\S]*"error": "slack is down"/,
    );
    const [eventNode] = results.getChildren(results.nodeOf(run));
    const [requestNode] = results.getChildren(eventNode);
    assert.equal(results.getTreeItem(requestNode).description, 'JSON body → 500');
    assert.equal((await invocations()).length, 0, 'nothing was sent to PostHog');
    for (const secret of SEEDED_SECRETS) assert.ok(!(await everything(run)).includes(secret));
  });

  it('stops a batch when it is cancelled, and keeps the results it has', async () => {
    await fake.clearEvents();
    await fake.addEvents(
      Array.from({ length: 8 }, (_, i) => ({ event: '$pageview', distinct_id: `visitor-${i}`, properties: { n: i } })),
    );
    await fake.setLatency(300);
    await fake.clearRequests();
    const source = new vscode.CancellationTokenSource();
    const running = vscode.commands.executeCommand<TestRun>(
      'posthogWorkbench.testHogFunctionWithRecentEvents',
      { id: idOf(BOTS) },
      { pick: 'all', token: source.token },
    );
    await waitFor(async () => (await invocations()).length >= 2, 20_000, 'two invocations');
    source.cancel();
    const cancelledAt = Date.now();
    const run = await running;
    assert.ok(run);
    assert.equal(run.cancelled, true);
    assert.ok(run.results.length >= 1 && run.results.length < 8, `${run.results.length} of 8 ran`);
    // The local PostHog records a request when it has answered it: the one aborted in flight shows up late, with its start.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = (await invocations()).map((r) => r.at);
    assert.deepEqual(
      started.filter((at) => at > cancelledAt + 50),
      [],
      'nothing is sent after the cancellation',
    );
    assert.ok(
      started.length <= run.results.length + 2,
      `${started.length} invocations for ${run.results.length} results`,
    );
    assert.match(
      String(results.getTreeItem(results.nodeOf(run)).description),
      new RegExp(`cancelled after ${run.results.length} of 8`),
    );
  });
});
