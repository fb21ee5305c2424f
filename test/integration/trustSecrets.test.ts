// Secrets in a real extension host against the local PostHog: a mapping's secret inputs (typed into function.json or
// kept by PostHog) never reach a test run or its result, and a push as new sends a dictionary secret and a typed
// number secret as what they are, then removes from function.json only what it sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension } from './support/vscode';

interface Result {
  status: string;
  functionId?: string;
  folder?: vscode.Uri;
}
interface Exports {
  hogAsCode: { sync: { push(folder: vscode.Uri): Promise<Result> } };
  testResults: { all(): unknown[] };
}
interface StoredFunction {
  id: string;
  encrypted_inputs: Record<string, { value?: unknown }>;
  mappings?: { inputs?: Record<string, { value?: unknown }> }[] | null;
}

const STORED = 'stored-mapping-secret-4417';
const TYPED = 'typed-mapping-secret-9921';

describe('trust: secrets', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let exports: Exports;
  const root = () => (vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder).uri;
  const uri = (rel: string) => vscode.Uri.joinPath(root(), ...rel.split('/'));
  const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
  const run = <T = Result>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

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
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs
      .delete(uri('posthog'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  it("runs a mapping's secret inputs with placeholders, typed into function.json or kept by PostHog, and shows none of them", async () => {
    const created = await fake.api<{ id: string }>('POST', 'hog_functions/', {
      name: 'Mapped secret',
      type: 'destination',
      enabled: false,
      hog: "fetch('https://hooks.example/in', {'method': 'POST', 'body': {'sent': inputs.token}});\n",
      inputs_schema: [],
      inputs: {},
      mappings: [
        {
          name: 'Every event',
          inputs_schema: [{ key: 'token', type: 'string', secret: true, required: false }],
          inputs: { token: { value: STORED } },
          filters: {},
        },
      ],
    });
    const [exported] = (await run<Result[]>('posthogWorkbench.exportHogFunctions', { id: created.id })) ?? [];
    assert.equal(exported?.status, 'exported');
    const dir = `posthog/hog-functions/${exported?.folder?.path.split('/').pop()}`;
    const source = uri(`${dir}/${exported?.folder?.path.split('/').pop()}.hog`);
    const file = JSON.parse(await read(`${dir}/function.json`)) as { mappings: { inputs: Record<string, unknown> }[] };
    assert.deepEqual(file.mappings[0]?.inputs.token, { secret: true });

    // Kept by PostHog: the run must not use (and so cannot show) the stored value.
    const stored = await run<unknown>('posthogWorkbench.testHogFunction', source);
    assert.ok(stored, 'the run has a result');
    const storedText = JSON.stringify(stored);
    assert.ok(!storedText.includes(STORED), `the stored mapping secret is in the result: ${storedText}`);

    // Typed into function.json: the same.
    file.mappings[0] = { ...file.mappings[0], inputs: { token: { value: TYPED } } };
    await write(`${dir}/function.json`, `${JSON.stringify(file, null, 2)}\n`);
    const typed = await run<{ requests: unknown[] }>('posthogWorkbench.testHogFunction', source);
    assert.ok(typed && typed.requests.length === 1, JSON.stringify(typed));
    const typedText = JSON.stringify(typed);
    assert.ok(!typedText.includes(TYPED), `the typed mapping secret is in the result: ${typedText}`);
    assert.ok(typedText.includes('••••••'), 'the placeholder is masked where it shows');
    assert.ok(
      !JSON.stringify(exports.testResults.all()).includes(TYPED) &&
        !JSON.stringify(exports.testResults.all()).includes(STORED),
      'nor in the kept results',
    );
  });

  it('pushes as new a dictionary secret from function.json and a typed number secret as what they are, then masks only those', async () => {
    const dir = 'posthog/hog-functions/dict-secret';
    await vscode.workspace.fs.createDirectory(uri(dir));
    await write(`${dir}/dict-secret.hog`, "print('hello');\n");
    await write(
      `${dir}/function.json`,
      `${JSON.stringify(
        {
          ids: {},
          type: 'destination',
          name: 'Dict secret',
          enabled: false,
          inputs_schema: [
            { key: 'headers', type: 'dictionary', secret: true },
            { key: 'port', type: 'number', secret: true },
            { key: 'note', type: 'string' },
          ],
          inputs: { headers: { value: { Authorization: 'Bearer typed-dict-secret' } }, note: { value: 'kept' } },
        },
        null,
        2,
      )}\n`,
    );
    const result = await withPrompts(
      [
        { confirm: 'Create "Dict secret"', answer: 'Create Disabled' },
        {
          confirm: 'function.json holds the value of secret input inputs.headers',
          answer: 'Push and Remove from File',
        },
        // Typed as text, sent as the number it declares.
        { password: 'Secret input "port"', answer: '8443' },
      ],
      () => exports.hogAsCode.sync.push(uri(dir)),
    );
    assert.equal(result.status, 'created');
    const row = (await fake.hogFunction<StoredFunction>(result.functionId as string)) as StoredFunction;
    assert.deepEqual(
      row.encrypted_inputs.headers?.value,
      { Authorization: 'Bearer typed-dict-secret' },
      'the dictionary secret was sent',
    );
    assert.equal(row.encrypted_inputs.port?.value, 8443, 'the typed number was sent as a number');
    const after = JSON.parse(await read(`${dir}/function.json`)) as { inputs: Record<string, unknown> };
    assert.deepEqual(after.inputs.headers, { secret: true });
    assert.deepEqual(after.inputs.note, { value: 'kept' });
  });
});
