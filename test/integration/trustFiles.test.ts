// What the extension writes into the workspace lands where it belongs, on any disk: export never writes into a folder
// that is another function's on a case-insensitive disk, nothing is written through a symbolic link that leads out of
// the workspace, Windows device names get a suffix, and a push as new whose answer was lost does not create the
// function twice.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface Result {
  status: string;
  functionId?: string;
  folder?: vscode.Uri;
}
interface Exports {
  hogAsCode: {
    sync: {
      push(folder: vscode.Uri): Promise<Result>;
      export(functions: unknown[], connection: unknown, options?: object): Promise<Result[]>;
    };
  };
  session: { requireConnection(): { client: { getHogFunction(projectId: number, id: string): Promise<unknown> } } };
}
interface StoredFunction {
  id: string;
  name: string;
  project_id: number;
  deleted: boolean;
}

describe('trust: files the extension writes', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let exports: Exports;
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const uri = (rel: string) => vscode.Uri.joinPath(root(), ...rel.split('/'));
  const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
  const run = <T = Result>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
  const projectKey = () => `${fake.url}/project/${fake.projectId}`;
  const create = (name: string, type = 'destination') =>
    fake.api<{ id: string }>('POST', 'hog_functions/', { name, type, hog: "print('hi');\n", enabled: false });
  const functionsNamed = async (name: string) =>
    (await fake.state<{ hogFunctions: StoredFunction[] }>()).hogFunctions.filter(
      (f) => f.name === name && !f.deleted && f.project_id === fake.projectId,
    );
  const exportOne = async (id: string) => (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id }))?.[0];
  const outside: string[] = [];

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await fake.setRelease('newest');
    exports = (await activateExtension()).exports as Exports;
    await run('posthogWorkbench.signIn', { host: fake.url, apiKey: fake.apiKey, projectId: fake.projectId });
    await vscode.workspace.fs
      .delete(uri('posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  after(async () => {
    await fake.clearFaults();
    await vscode.workspace.fs
      .delete(uri('posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
    for (const dir of outside) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('export never writes into a folder whose name differs only in case (another function renamed it so)', async () => {
    const a = await create('Slack alert');
    const first = await exportOne(a.id);
    assert.equal(first?.status, 'exported');
    // The user renames A's folder; on macOS or Windows "Slack-Alert" and "slack-alert" are one folder.
    await vscode.workspace.fs.rename(
      uri('posthog/hog-functions/slack-alert'),
      uri('posthog/hog-functions/Slack-Alert'),
    );
    const b = await create('Slack: Alert');
    const second = await exportOne(b.id);
    assert.equal(second?.status, 'exported');
    const name = second?.folder?.path.split('/').pop() ?? '';
    assert.notEqual(
      name.toLowerCase(),
      'slack-alert',
      `B went into ${name}, which is A's folder on a case-insensitive disk`,
    );
    assert.equal(
      name,
      `slack-alert-${b.id
        .replace(/[^a-z0-9]/gi, '')
        .slice(0, 8)
        .toLowerCase()}`,
    );
    const aFile = JSON.parse(await read('posthog/hog-functions/Slack-Alert/function.json')) as {
      ids: Record<string, string>;
      name: string;
    };
    assert.deepEqual(aFile.ids, { [projectKey()]: a.id });
    assert.equal(aFile.name, 'Slack alert');
  });

  it('gives Windows device names (CON, NUL...) a suffix as folder and fixture names', async () => {
    const con = await create('CON', 'transformation');
    const exported = await exportOne(con.id);
    assert.equal(exported?.folder?.path.split('/').pop(), 'con_');
    assert.ok(fs.existsSync(path.join(uri('posthog/hog-functions/con_').fsPath, 'con_.hog')));
    const fixture = await run<vscode.Uri>(
      'posthogWorkbench.saveTestFixture',
      uri('posthog/hog-functions/con_/con_.hog'),
      { name: 'NUL' },
    );
    assert.equal(fixture?.path.split('/').pop(), 'NUL_.json');
  });

  it('writes nothing through a symbolic link that leads out of the workspace', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-outside-'));
    outside.push(elsewhere);
    await vscode.workspace.fs
      .delete(uri('posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
    fs.mkdirSync(uri('posthog').fsPath, { recursive: true });
    fs.symlinkSync(elsewhere, uri('posthog/hog-functions').fsPath, 'dir');
    fs.symlinkSync(elsewhere, uri('posthog/test-events').fsPath, 'dir');
    const fn = await create('Through the link');
    const connection = exports.session.requireConnection();
    const full = await connection.client.getHogFunction(fake.projectId, fn.id);
    await assert.rejects(exports.hogAsCode.sync.export([full], connection), /outside the workspace/);
    assert.equal(await exportOne(fn.id), undefined, 'the command reports the refusal');
    // A function not in the workspace keeps its fixtures under posthog/test-events/<id>/: the link again.
    const fixture = await run<vscode.Uri>('posthogWorkbench.saveTestFixture', { id: fn.id }, { name: 'sample' });
    assert.equal(fixture, undefined);
    assert.deepEqual(fs.readdirSync(elsewhere, { recursive: true }), [], 'nothing was written outside the workspace');
    fs.unlinkSync(uri('posthog/hog-functions').fsPath);
    fs.unlinkSync(uri('posthog/test-events').fsPath);
  });

  it('a push as new whose answer was lost links the function it created on the next push, instead of creating it twice', async () => {
    const dir = 'posthog/hog-functions/lost-answer';
    await vscode.workspace.fs.createDirectory(uri(dir));
    await write(`${dir}/lost-answer.hog`, "print('created once');\n");
    await write(
      `${dir}/function.json`,
      `${JSON.stringify({ ids: {}, type: 'destination', name: 'Lost answer', enabled: false }, null, 2)}\n`,
    );
    await fake.addFault({ method: 'POST', path: '/hog_functions/?$', kind: 'lost', times: 1 });
    try {
      await assert.rejects(
        withPrompts([{ confirm: 'Create "Lost answer"', answer: 'Create Disabled' }], () =>
          exports.hogAsCode.sync.push(uri(dir)),
        ),
      );
    } finally {
      await fake.clearFaults();
    }
    const created = await functionsNamed('Lost answer');
    assert.equal(created.length, 1, 'PostHog created it although its answer was lost');
    assert.deepEqual((JSON.parse(await read(`${dir}/function.json`)) as { ids: object }).ids, {}, 'not linked yet');

    // Nothing is asked again: the function was created as the user chose the first time.
    const again = await withPrompts([], () => exports.hogAsCode.sync.push(uri(dir)));
    assert.equal(again.status, 'created');
    assert.equal(again.functionId, created[0]?.id);
    assert.equal((await functionsNamed('Lost answer')).length, 1, 'no second function');
    await waitFor(
      async () =>
        (JSON.parse(await read(`${dir}/function.json`)) as { ids: Record<string, string> }).ids[projectKey()] ===
        created[0]?.id,
      5000,
      'the folder linked',
    );
    assert.equal((await withPrompts([], () => exports.hogAsCode.sync.push(uri(dir))))?.status, 'unchanged');
  });
});
