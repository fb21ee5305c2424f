// Import Groups and Export Groups in a real extension host against the local PostHog: the dry run first (nothing
// written), then the apply with its report; a resume after a stop; an export read back. Answers are passed as
// arguments (automation) or, as a person gives them, to the dialogs, which a script answers (ScriptedPrompts); the
// local PostHog's stored groups are the judge.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportResult } from '../../src/extension/commands/groupImport';
import type { ExportResult } from '../../src/core/groups';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension, waitFor } from './support/vscode';

interface StoredGroup {
  group_properties: Record<string, unknown>;
}

describe('group import and export', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let dir: string;
  let importsDir: string;

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    const { globalStorageUri } = (await activateExtension()).exports as { globalStorageUri: vscode.Uri };
    importsDir = path.join(globalStorageUri.fsPath, 'group-imports');
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    dir = mkdtempSync(path.join(tmpdir(), 'phwb-import-it-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    await fake.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const stored = async (key: string) => (await fake.group<StoredGroup>(0, key))?.group_properties;

  it('shows the dry run without writing, then applies it and reports what it did', async () => {
    const before1001 = await stored('org:1001');
    assert.ok(before1001);
    const file = path.join(dir, 'orgs.csv');
    writeFileSync(file, `group_key,plan,seats\norg:1001,import-plan,42\nimported:1,starter,3\n,nokey,1\n`);
    await fake.clearRequests();
    const dry = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
      groupTypeIndex: 0,
      file,
      apply: false,
    });
    assert.ok(dry?.plan && dry.dryRunFile);
    assert.deepEqual(
      dry.plan.groups.map((g) => [g.key, g.status]),
      [
        ['org:1001', 'change'],
        ['imported:1', 'create'],
      ],
    );
    assert.equal(dry.plan.totals.invalid, 1);
    const markdown = readFileSync(dry.dryRunFile, 'utf8');
    assert.match(markdown, /\| \*\*org:1001\*\* \| plan \|/);
    assert.match(markdown, /Row 3 \(line 4\): The row has no group key/);
    assert.ok(
      (await fake.apiRequests()).every((r) => r.method === 'GET'),
      'the dry run only reads',
    );
    assert.equal(await stored('imported:1'), undefined);

    const done = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
      groupTypeIndex: 0,
      file,
      apply: true,
    });
    assert.deepEqual(done?.report?.outcome, { status: 'completed' });
    assert.equal(done.report.totals.applied, 3);
    assert.deepEqual(await stored('imported:1'), { plan: 'starter', seats: 3 });
    const after1001 = await stored('org:1001');
    assert.equal(after1001?.plan, 'import-plan');
    assert.equal(after1001?.seats, 42);
    assert.equal(after1001?.name, before1001.name, 'properties the file does not name are left alone');
    assert.ok(done.journalDir);
    assert.equal(JSON.parse(readFileSync(path.join(done.journalDir, 'report.json'), 'utf8')).totals.applied, 3);
  });

  it('resumes an import that stopped, applying only what was left', async () => {
    const file = path.join(dir, 'more.csv');
    writeFileSync(file, `group_key,tier\nresume:1,a\nresume:2,b\nresume:3,c\n`);
    await fake.addFault({
      method: 'POST',
      path: '/groups/?$',
      kind: 'status',
      status: 403,
      skip: 1,
      times: 1,
      body: {
        type: 'authentication_error',
        code: 'permission_denied',
        detail: "API key missing required scope 'group:write'",
        attr: null,
      },
    });
    const first = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
      groupTypeIndex: 0,
      file,
      apply: true,
    });
    assert.equal(first?.report?.outcome.status, 'stopped');
    assert.ok(first.journalDir);
    await fake.clearFaults();
    await fake.clearRequests();
    const second = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
      resume: first.journalDir,
    });
    assert.deepEqual(second?.report?.outcome, { status: 'completed' });
    assert.equal(second.report.totals.applied, 3);
    const writes = (await fake.apiRequests()).filter((r) => r.method === 'POST');
    assert.equal(writes.length, 3 - first.report.totals.applied, 'only what was left is sent');
    for (const [key, tier] of [
      ['resume:1', 'a'],
      ['resume:2', 'b'],
      ['resume:3', 'c'],
    ] as const)
      assert.deepEqual(await stored(key), { tier });
  });

  it('exports a group type to CSV and JSON that read back as the same groups', async () => {
    const csv = path.join(dir, 'orgs-export.csv');
    const result = await vscode.commands.executeCommand<ExportResult>('posthogWorkbench.exportGroups', {
      groupTypeIndex: 0,
      file: csv,
      format: 'csv',
    });
    assert.ok(result && result.rows > 100, `exported ${result?.rows}`);
    assert.match(readFileSync(csv, 'utf8').split('\n')[0]!, /^group_key,/);
    const json = path.join(dir, 'orgs-export.json');
    const jsonResult = await vscode.commands.executeCommand<ExportResult>('posthogWorkbench.exportGroups', {
      groupTypeIndex: 0,
      file: json,
      format: 'json',
    });
    const rows = JSON.parse(readFileSync(json, 'utf8')) as { group_key: string }[];
    assert.equal(rows.length, jsonResult?.rows);
    // Importing the export changes nothing.
    const again = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
      groupTypeIndex: 0,
      file: json,
      mapping: jsonResult!.mapping,
      apply: false,
    });
    assert.equal(again?.plan?.totals.writes, 0);
    assert.equal(again?.plan?.totals.unchanged, rows.length);
  });

  describe('asked through the dialogs', () => {
    // An unfinished import is offered before anything else: each test starts with none.
    beforeEach(() => rmSync(importsDir, { recursive: true, force: true }));

    it('imports the file and columns chosen, with a changed type, after the dry run; saves the mapping and the report', async () => {
      const file = path.join(dir, 'dialog.csv');
      writeFileSync(file, `group_key,plan,seats,note\ndialog:1,pro,42,x\ndialog:2,free,7,y\n`);
      const mappingFile = path.join(dir, 'dialog-saved.mapping.json');
      const reportFile = path.join(dir, 'dialog-saved.report.json');
      const result = await withPrompts(
        [
          { pick: 'Group type', answer: 'Organizations' },
          { openFile: 'Import Organizations', answer: file },
          { pick: 'Import Organizations', answer: 'Map the columns' },
          { pick: 'Which column holds the group key?', answer: 'group_key' },
          { pickMany: 'The columns to import as properties', answer: ['plan', 'seats'] },
          { pick: "Change a column's type, or continue", answer: 'seats' },
          { pick: 'seats', answer: 'string' },
          { pick: "Change a column's type, or continue", answer: /Continue with these types/ },
          {
            info: 'Dry run of dialog.csv: 2 groups to create, 0 to change, 0 unchanged, 0 rows refused.',
            answer: 'Save Mapping…',
          },
          { saveFile: /dialog\.mapping\.json$/, answer: mappingFile },
          { info: 'Dry run of dialog.csv', answer: 'Apply 2 Changes' },
          { info: 'Import finished.', answer: 'Save Report…' },
          { saveFile: /dialog\.csv\.report\.json$/, answer: reportFile },
        ],
        async (scripted) => {
          const done = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups');
          await waitFor(() => scripted.remaining.length === 0, 10_000, 'the report saved');
          assert.deepEqual(scripted.shown('error'), []);
          return done;
        },
      );
      assert.deepEqual(result?.report?.outcome, { status: 'completed' });
      assert.deepEqual(
        await stored('dialog:1'),
        { plan: 'pro', seats: '42' },
        'only the columns chosen, seats as a string',
      );
      assert.deepEqual(await stored('dialog:2'), { plan: 'free', seats: '7' });
      assert.equal(JSON.parse(readFileSync(mappingFile, 'utf8')).keyColumn, 'group_key');
      const report = await waitFor(
        () => {
          try {
            return JSON.parse(readFileSync(reportFile, 'utf8')) as { totals: { applied: number } };
          } catch {
            return undefined;
          }
        },
        10_000,
        'the report file',
      );
      assert.equal(report.totals.applied, 2);
    });

    it('offers an unfinished import first and resumes the one picked', async () => {
      const file = path.join(dir, 'unfinished.csv');
      writeFileSync(file, `group_key,tier\nunfinished:1,a\nunfinished:2,b\n`);
      const dry = await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups', {
        groupTypeIndex: 0,
        file,
        apply: false,
      });
      assert.equal(dry?.plan?.totals.writes, 2);
      const { result, shown } = await withPrompts(
        [{ pick: 'Import groups', answer: 'Resume unfinished.csv' }],
        async (scripted) => ({
          result: await vscode.commands.executeCommand<ImportResult>('posthogWorkbench.importGroups'),
          shown: scripted.shown('info'),
        }),
      );
      assert.equal(result?.journalDir, dry.journalDir);
      assert.deepEqual(result?.report?.outcome, { status: 'completed' });
      assert.match(shown[0] ?? '', /^Import finished\. 2 of 2 changes applied/);
      for (const [key, tier] of [
        ['unfinished:1', 'a'],
        ['unfinished:2', 'b'],
      ] as const)
        assert.deepEqual(await stored(key), { tier });
    });

    it('exports to the format and file chosen', async () => {
      const out = path.join(dir, 'dialog-export.json');
      const { result, shown } = await withPrompts(
        [
          { pick: 'Group type', answer: 'Organizations' },
          { pick: 'Export Organizations', answer: 'JSON' },
          { saveFile: '', answer: out },
        ],
        async (scripted) => ({
          result: await vscode.commands.executeCommand<ExportResult>('posthogWorkbench.exportGroups'),
          shown: scripted.shown('info'),
        }),
      );
      const rows = JSON.parse(readFileSync(out, 'utf8')) as unknown[];
      assert.ok(result && rows.length === result.rows && result.rows > 100, `exported ${result?.rows}`);
      assert.deepEqual(shown, [`Exported ${result.rows} groups to dialog-export.json.`]);
    });
  });
});
