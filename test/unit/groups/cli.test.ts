// `posthog-workbench groups import|export`, run in-process against the local PostHog: the dry run, the apply with
// its report, a resume, the export, and the exit codes (0 done, 1 failure or refused rows, 2 usage).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { groupsCommand } from '../../../src/cli/commands/groups';
import type { CliIO } from '../../../src/cli/io';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { addGroupType, groupOf, putGroup } from './helpers';

describe('CLI: groups import and export', () => {
  let fake: FakePostHog;
  let dir: string;
  before(async () => {
    fake = await startFakePostHog({ seed: 'empty' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset('empty');
    addGroupType(fake, 0, 'company');
    dir = mkdtempSync(path.join(tmpdir(), 'phwb-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[], extra: Partial<CliIO> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      env: {
        POSTHOG_HOST: fake.url,
        POSTHOG_PERSONAL_API_KEY: fake.apiKey,
        POSTHOG_PROJECT_ID: String(fake.projectId),
      },
      cwd: dir,
      ...extra,
    };
    const code = await groupsCommand.run(args, io);
    return { code, stdout, stderr };
  }

  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };

  it('--dry-run shows each change and the totals, and writes nothing', async () => {
    putGroup(fake, 'acme', { plan: 'free' });
    const name = file('groups.csv', 'group_key,plan,seats\nacme,pro,3\nbeta,free,1\n');
    fake.clearRequests();
    const r = await run(['import', name, '--type', 'company', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /~ acme\n {4}plan: "free" → "pro"\n {4}seats: \(absent\) → 3\n\+ beta\n/);
    assert.match(r.stdout, /2 rows: 1 groups to create, 1 to change/);
    assert.ok(fake.requests.every((q) => q.method === 'GET'));
    assert.equal(groupOf(fake, 'beta'), undefined);
  });

  it('applies with --yes, saves the report and the mapping; without --yes and nobody to ask, applies nothing', async () => {
    const name = file('groups.csv', 'group_key,plan\nacme,pro\n');
    const refused = await run(['import', name, '--type', '0']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    assert.equal(groupOf(fake, 'acme'), undefined);
    const r = await run([
      'import',
      name,
      '--type',
      '0',
      '--yes',
      '--report',
      'report.json',
      '--save-mapping',
      'mapping.json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Import finished\.\n1 of 1 changes applied/);
    assert.deepEqual(groupOf(fake, 'acme'), { plan: 'pro' });
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).totals.applied, 1);
    assert.match(readFileSync(path.join(dir, 'mapping.json'), 'utf8'), /"keyColumn": "group_key"/);
    // The saved mapping reads the next file (whose key column has another name only through the mapping).
    const asked: string[] = [];
    const next = await run(
      ['import', file('next.csv', 'group_key,plan\nbeta,team\n'), '--type', 'company', '--mapping', 'mapping.json'],
      {
        confirm: async (q) => {
          asked.push(q);
          return true;
        },
      },
    );
    assert.equal(next.code, 0, next.stderr);
    assert.match(asked[0]!, /Apply 1 changes to company on http:\/\/127\.0\.0\.1/);
    assert.deepEqual(groupOf(fake, 'beta'), { plan: 'team' });
  });

  it('refused rows make the exit code 1 while the others are applied', async () => {
    const r = await run([
      'import',
      file('g.json', JSON.stringify([{ group_key: 'a', n: 1 }, { n: 2 }, { group_key: 'c', n: 3 }])),
      '--type',
      'company',
      '--yes',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Row 2 \(line 1\): The row has no group key/);
    assert.deepEqual(groupOf(fake, 'c'), { n: 3 });
  });

  it('an import that stopped is continued with --resume, and only with it', async () => {
    const name = file('groups.csv', 'group_key,plan\na,pro\nb,pro\nc,pro\n');
    fake.addFault({
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
    const first = await run(['import', name, '--type', 'company', '--yes']);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /Import stopped: .*group:write/);
    assert.match(first.stderr, /--resume/);
    const again = await run(['import', name, '--type', 'company', '--yes']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /unfinished import of groups\.csv exists \([12] changes left\)/);
    const resumed = await run(['import', name, '--type', 'company', '--resume']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => groupOf(fake, k)),
      [{ plan: 'pro' }, { plan: 'pro' }, { plan: 'pro' }],
    );
    assert.ok(existsSync(path.join(dir, '.posthog-workbench', 'imports')));
  });

  it('exports a group type to CSV on standard output, and to a JSON file', async () => {
    putGroup(fake, 'acme', { name: 'Acme, Inc.', seats: 3 });
    putGroup(fake, 'beta', { name: 'Beta' });
    const csv = await run(['export', '--type', 'company']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, 'group_key,name,seats\nbeta,Beta,\nacme,"Acme, Inc.",3\n');
    assert.match(csv.stderr, /Exported 2 groups of company/);
    const json = await run(['export', '--type', 'company', '--format', 'json', '--out', 'out.json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')), [
      { group_key: 'beta', name: 'Beta' },
      { group_key: 'acme', name: 'Acme, Inc.', seats: 3 },
    ]);
  });

  it('usage errors exit 2; a missing connection or type exits 1 without printing the key', async () => {
    assert.equal((await run(['import'])).code, 2);
    assert.equal((await run(['import', 'x.csv', '--nope'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['export', '--type', 'company', '--format', 'xml'])).code, 2);
    const noEnv = await run(['export', '--type', 'company'], { env: { POSTHOG_PERSONAL_API_KEY: 'phx_secret_key' } });
    assert.equal(noEnv.code, 1);
    assert.match(noEnv.stderr, /Set POSTHOG_PROJECT_ID to talk to PostHog/);
    assert.doesNotMatch(noEnv.stderr, /phx_secret_key/);
    const noType = await run(['export', '--type', 'workspace']);
    assert.equal(noType.code, 1);
    assert.match(noType.stderr, /no group type "workspace"\. Its group types: company \(0\)/);
    const badFile = await run(['import', file('bad.csv', 'a,a\n1,2\n'), '--type', 'company', '--dry-run']);
    assert.equal(badFile.code, 1);
    assert.match(badFile.stderr, /bad\.csv: The header names the column "a" twice/);
  });
});
