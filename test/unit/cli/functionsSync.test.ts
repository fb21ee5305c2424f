// `posthog-workbench diff|push|pull`, in-process against the local PostHog (realistic seed): diff reports per
// function and field without writing, push --dry-run sends nothing (the local PostHog's request log), push then diff
// and pull then diff report nothing, a conflict the sync record proves is refused even with --yes, CI without --yes
// refuses before writing, and a missing key, a wrong project and an unreachable host fail clearly without the key.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { PostHogClient } from '../../../src/api';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';

const SLACK = 'slack-new-paying-customer';
const GEOIP = 'geoip-enrichment';

describe('CLI: diff, push and pull of function folders', () => {
  let fake: FakePostHog;
  let dir: string;
  const printed: string[] = [];
  before(async () => {
    fake = await startFakePostHog({ seed: 'realistic' });
  });
  after(async () => {
    // Whatever ran, the key never reached the output.
    for (const text of printed) assert.ok(!text.includes(fake.apiKey), 'the API key was printed');
    await fake.close();
  });
  beforeEach(() => {
    fake.reset('realistic');
    fake.setRelease('newest');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-clisync-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = () => ({
    POSTHOG_HOST: fake.url,
    POSTHOG_PERSONAL_API_KEY: fake.apiKey,
    POSTHOG_PROJECT_ID: String(fake.projectId),
  });
  async function run(argv: string[], extra: Partial<CliIO> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: env(),
      cwd: dir,
      ...extra,
    };
    const code = await main(argv, io);
    printed.push(stdout, stderr);
    return { code, stdout, stderr };
  }
  const fnDir = (...parts: string[]) => path.join(dir, 'posthog/hog-functions', ...parts);
  const read = (...parts: string[]) => fs.readFileSync(fnDir(...parts), 'utf8');
  const write = (text: string, ...parts: string[]) => fs.writeFileSync(fnDir(...parts), text);
  /** Every file under the folders, path → text. */
  const snapshot = () =>
    Object.fromEntries(
      (fs.readdirSync(fnDir(), { recursive: true }) as string[])
        .filter((f) => fs.statSync(fnDir(f)).isFile())
        .map((f) => [f, read(f)]),
    );
  const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  const stored = (name: string) => {
    const fn = fake.state.hogFunctions.find((f) => f.name === name && !f.deleted);
    assert.ok(fn);
    return fn;
  };
  /** Someone changes the function in PostHog (through the API, so its updated_at moves). */
  async function changeInPostHog(name: string, patch: Record<string, unknown>) {
    const client = new PostHogClient({ host: fake.url, getApiKey: () => fake.apiKey, rateLimits: false });
    try {
      await client.updateHogFunction(fake.projectId, stored(name).id, patch);
    } finally {
      await client.dispose();
    }
  }

  async function changeInPostHogProject(projectId: number, id: string, patch: Record<string, unknown>) {
    const client = new PostHogClient({ host: fake.url, getApiKey: () => fake.apiKey, rateLimits: false });
    try {
      await client.updateHogFunction(projectId, id, patch);
    } finally {
      await client.dispose();
    }
  }

  it('pull writes every function of the project (no secret value), then diff reports nothing', async () => {
    const pulled = await run(['pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.ok(fs.existsSync(fnDir(SLACK, `${SLACK}.hog`)));
    assert.deepEqual(JSON.parse(read(SLACK, 'function.json')).inputs.webhook_url, { secret: true });
    for (const text of Object.values(snapshot())) assert.doesNotMatch(text, /seed-secret-value/);
    fake.clearRequests();
    const diff = await run(['diff']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    assert.match(diff.stdout, / 0 differ, 0 only in the files, 0 only in PostHog/);
    assert.deepEqual(writes(), []);
    const dry = await run(['pull', 'elsewhere', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /15 new, 0 to update, 0 unchanged\. Dry run: nothing was written\./);
    assert.ok(!fs.existsSync(path.join(dir, 'elsewhere')));
    const again = await run(['pull']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 new, 0 to update/);
  });

  it('never writes through a symbolic link that leads out of the folder it was given', async () => {
    assert.equal((await run(['pull'])).code, 0);
    // A cloned repository links one function's source to a file elsewhere on the disk.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-outside-'));
    try {
      const target = path.join(outside, 'settings.json');
      const linked = fnDir(SLACK, 'function.json');
      const before = read(SLACK, 'function.json');
      fs.writeFileSync(target, before);
      fs.rmSync(linked);
      fs.symlinkSync(target, linked);
      await changeInPostHog('Slack: new paying customer', { hog: "print('theirs');\n" });
      const pulled = await run(['pull', '--yes']);
      assert.equal(pulled.code, 1, pulled.stdout + pulled.stderr);
      assert.match(pulled.stdout + pulled.stderr, /leads outside .* through a symbolic link/);
      assert.equal(fs.readFileSync(target, 'utf8'), before, 'the file the link leads to is untouched');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('diff reports per function and field and push --dry-run sends nothing; push --yes then diff reports nothing', async () => {
    assert.equal((await run(['pull'])).code, 0);
    write(`${read(SLACK, `${SLACK}.hog`)}\nprint('extra')\n`, SLACK, `${SLACK}.hog`);
    const json = JSON.parse(read(SLACK, 'function.json'));
    write(JSON.stringify({ ...json, description: 'Changed here' }, null, 2), SLACK, 'function.json');
    // A new folder: a copy of another function without its id.
    fs.cpSync(fnDir(GEOIP), fnDir('geoip-copy'), { recursive: true });
    fs.renameSync(fnDir('geoip-copy', `${GEOIP}.hog`), fnDir('geoip-copy', 'geoip-copy.hog'));
    const copy = JSON.parse(read('geoip-copy', 'function.json'));
    write(JSON.stringify({ ...copy, ids: {}, name: 'GeoIP copy' }, null, 2), 'geoip-copy', 'function.json');
    const before = snapshot();
    fake.clearRequests();

    const diff = await run(['diff']);
    assert.equal(diff.code, 2, diff.stderr);
    assert.match(
      diff.stdout,
      new RegExp(
        `~ ${SLACK} {2}"Slack: new paying customer" \\([^)]+\\)\\n {4}description: "Posts to #revenue[^"]*" → "Changed here"\\n {4}hog: line \\d+\\n`,
      ),
    );
    assert.match(diff.stdout, /\+ geoip-copy: only in the files/);
    assert.match(diff.stdout, /1 differ, 1 only in the files, 0 only in PostHog/);

    const dry = await run(['push', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`~ ${SLACK}: send description, hog\\n`));
    assert.match(dry.stdout, /\+ geoip-copy: create "GeoIP copy" \(enabled\)\n {4}asks: creates the function/);
    assert.match(dry.stdout, /Dry run: nothing was sent or written/);

    // CI without --yes: the creation has nobody to answer it, so nothing is pushed, the update either.
    const refused = await run(['push']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /Nothing pushed: these questions have nobody to answer them\.\n {2}geoip-copy: creates the function\nRun again with --yes/,
    );
    assert.deepEqual(writes(), []);
    assert.deepEqual(snapshot(), before);

    const pushed = await run(['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, new RegExp(`Pushed ${SLACK}: description, hog`));
    assert.match(pushed.stdout, /Created geoip-copy as /);
    assert.deepEqual(
      writes()
        .map((w) => w.split(' ')[0])
        .sort(),
      ['PATCH', 'POST'],
    );
    assert.equal(stored('GeoIP copy').enabled, true, 'created enabled, as function.json says');
    assert.equal(stored('Slack: new paying customer').description, 'Changed here');

    const after = await run(['diff']);
    assert.equal(after.code, 0, after.stdout);
  });

  it("says PostHog's refusal of a push in words, with PostHog's own answer under it", async () => {
    assert.equal((await run(['pull'])).code, 0);
    write(`${read(SLACK, `${SLACK}.hog`)}\nlet x := (1 + \n`, SLACK, `${SLACK}.hog`);
    const pushed = await run(['push', '--yes']);
    assert.equal(pushed.code, 1, pushed.stdout);
    assert.match(pushed.stderr, new RegExp(`Not pushed ${SLACK}: .*\\n {2}PostHog answered: \\{.*"attr": ?"hog"`));
  });

  it('refuses a conflict the sync record proves (changed in PostHog since the last sync) even with --yes; a person at a terminal may push', async () => {
    assert.equal((await run(['pull'])).code, 0);
    await changeInPostHog('Slack: new paying customer', { description: 'Changed in PostHog' });
    write(`${read(SLACK, `${SLACK}.hog`)}\n// mine\n`, SLACK, `${SLACK}.hog`);
    fake.clearRequests();
    const refused = await run(['push', '--yes']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(`${SLACK}: changed in PostHog since the last sync here, and in the files: pull it first`),
    );
    assert.doesNotMatch(refused.stderr, /--yes/);
    assert.deepEqual(writes(), []);
    assert.equal(stored('Slack: new paying customer').description, 'Changed in PostHog');

    const asked: string[] = [];
    const answered = await run(['push'], {
      confirm: async (q) => {
        asked.push(q);
        return true;
      },
    });
    assert.equal(answered.code, 0, answered.stderr);
    assert.match(asked.join('\n'), /changed in PostHog since it was last pulled or pushed here\. Push Mine\?/);
    assert.match(stored('Slack: new paying customer').hog, /\/\/ mine/);
  });

  for (const release of ['newest', 'older'] as const) {
    it(`refuses a change made in PostHog between push's plan and its write (${release} PostHog)`, async () => {
      fake.setRelease(release);
      assert.equal((await run(['pull'])).code, 0);
      write(`${read(SLACK, `${SLACK}.hog`)}\n// mine\n`, SLACK, `${SLACK}.hog`);
      fake.clearRequests();
      let raced = false;
      // Someone saves in PostHog right after push printed its plan (as the engine starts writing).
      const stdout = (t: string) => {
        printed.push(t);
        if (raced || !/to update/.test(t)) return;
        raced = true;
        const fn = stored('Slack: new paying customer') as unknown as { description: string; updated_at: string };
        fn.description = 'Saved in PostHog meanwhile';
        fn.updated_at = new Date(Date.parse(fn.updated_at) + 60_000).toISOString();
      };
      const r = await run(['push', '--yes'], { stdout });
      assert.ok(raced);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(
          `Not pushed ${SLACK}: "Slack: new paying customer" changed in PostHog since it was last pulled or pushed here\\.`,
        ),
      );
      assert.deepEqual(
        fake.requests.filter((q) => q.method === 'PATCH' && q.status < 300),
        [],
      );
      assert.equal(stored('Slack: new paying customer').description, 'Saved in PostHog meanwhile');
      assert.doesNotMatch(stored('Slack: new paying customer').hog, /\/\/ mine/);
    });
  }

  it("without a sync record (a fresh clone in CI) --yes pushes the files' version; pull --yes takes PostHog's", async () => {
    assert.equal((await run(['pull'])).code, 0);
    fs.rmSync(path.join(dir, '.posthog-workbench'), { recursive: true });
    await changeInPostHog('Slack: new paying customer', { description: 'Changed in PostHog' });
    const refused = await run(['push']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`${SLACK}: replaces PostHog's version, never synced here`));
    const pushed = await run(['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal(
      stored('Slack: new paying customer').description,
      'Posts to #revenue when an organization starts paying',
    );
    assert.equal((await run(['diff'])).code, 0);

    fs.rmSync(path.join(dir, '.posthog-workbench'), { recursive: true });
    await changeInPostHog('GeoIP enrichment', { description: 'Changed in PostHog' });
    assert.equal((await run(['pull'])).code, 1);
    const pulled = await run(['pull', '--yes']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(JSON.parse(read(GEOIP, 'function.json')).description, 'Changed in PostHog');
    assert.equal((await run(['diff'])).code, 0);
  });

  it('a secret typed into function.json is never printed by diff, and push --yes sends it and leaves only the marker in the file', async () => {
    assert.equal((await run(['pull'])).code, 0);
    const typed = 'https://hooks.slack.com/services/T1/B1/typed-secret';
    const json = JSON.parse(read(SLACK, 'function.json'));
    write(
      JSON.stringify({ ...json, inputs: { ...json.inputs, webhook_url: { value: typed } } }, null, 2),
      SLACK,
      'function.json',
    );
    const diff = await run(['diff']);
    assert.equal(diff.code, 2);
    assert.match(diff.stdout, /\n {4}inputs\.webhook_url\n/);
    assert.ok(!diff.stdout.includes(typed));
    const dry = await run(['push', '--dry-run']);
    assert.match(dry.stdout, /asks: sends a secret value from function\.json and removes it from the file/);
    assert.ok(!dry.stdout.includes(typed));
    const pushed = await run(['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.ok(![pushed.stdout, pushed.stderr].join('').includes(typed));
    assert.deepEqual(JSON.parse(read(SLACK, 'function.json')).inputs.webhook_url, { secret: true });
    assert.equal(
      (stored('Slack: new paying customer') as unknown as { encrypted_inputs: Record<string, { value: string }> })
        .encrypted_inputs.webhook_url?.value,
      typed,
    );
    assert.equal((await run(['diff'])).code, 0);
  });

  it("promotes a folder to another project with that project's inputs (project-inputs.json), a secret from an environment variable", async () => {
    assert.equal((await run(['pull'])).code, 0);
    const promote = (...parts: string[]) => path.join(dir, 'promote', SLACK, ...parts);
    fs.cpSync(fnDir(SLACK), promote(), { recursive: true });
    const baseJson = fs.readFileSync(promote('function.json'), 'utf8');
    const inputsFile = JSON.stringify(
      {
        staging: {
          project: '2',
          inputs: {
            text: { value: 'staging: {event.event}', templating: 'hog' },
            webhook_url: { env: 'STAGING_SLACK_WEBHOOK' },
          },
        },
      },
      null,
      2,
    );
    fs.writeFileSync(promote('project-inputs.json'), inputsFile);
    const staging = { ...env(), POSTHOG_PROJECT_ID: '2' };
    const secret = 'https://hooks.slack.com/services/T2/B2/staging-secret';
    const inStaging = () =>
      fake.state.hogFunctions.find(
        (f) => f.project_id === 2 && f.name === 'Slack: new paying customer' && !f.deleted,
      ) as unknown as
        | {
            id: string;
            inputs: Record<string, { value: unknown }>;
            encrypted_inputs: Record<string, { value: unknown }>;
          }
        | undefined;

    assert.equal(
      (await run(['diff', 'promote', '--linked-only'])).code,
      0,
      "project 1 is compared with function.json's own values",
    );
    const unset = await run(['push', 'promote', '--yes'], { env: staging });
    assert.equal(unset.code, 1);
    assert.match(
      unset.stderr,
      /environment variable STAGING_SLACK_WEBHOOK \(named in project-inputs\.json\) is not set/,
    );
    assert.equal(inStaging(), undefined);

    const pushed = await run(['push', 'promote', '--yes'], { env: { ...staging, STAGING_SLACK_WEBHOOK: secret } });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.ok(!(pushed.stdout + pushed.stderr).includes(secret));
    assert.equal(inStaging()?.inputs.text?.value, 'staging: {event.event}');
    assert.equal(inStaging()?.encrypted_inputs.webhook_url?.value, secret);
    const linked = JSON.parse(fs.readFileSync(promote('function.json'), 'utf8'));
    assert.equal(Object.keys(linked.ids).length, 2);
    assert.deepEqual(
      { ...linked, ids: undefined },
      { ...JSON.parse(baseJson), ids: undefined },
      'function.json keeps its own values',
    );
    for (const text of [
      fs.readFileSync(promote('function.json'), 'utf8'),
      fs.readFileSync(promote('project-inputs.json'), 'utf8'),
    ])
      assert.ok(!text.includes(secret));
    assert.equal((await run(['diff', 'promote', '--linked-only'], { env: staging })).code, 0);
    assert.equal((await run(['diff', 'promote', '--linked-only'])).code, 0);

    // Changed in the staging project, pulled: the staging entry takes the value, function.json keeps project 1's.
    await changeInPostHogProject(2, inStaging()!.id, { inputs: { text: { value: 'changed in staging' } } });
    const pulled = await run(['pull', 'promote', '--linked-only'], { env: staging });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(promote('project-inputs.json'), 'utf8')).staging.inputs.text, {
      value: 'changed in staging',
    });
    assert.equal(
      JSON.parse(fs.readFileSync(promote('function.json'), 'utf8')).inputs.text.value,
      JSON.parse(baseJson).inputs.text.value,
    );
    assert.equal((await run(['diff', 'promote', '--linked-only'], { env: staging })).code, 0);
    assert.equal((await run(['diff', 'promote', '--linked-only'])).code, 0);
  });

  it('fails clearly (exit 1) for a missing key, a wrong project, a rejected key and an unreachable PostHog, never printing the key', async () => {
    fs.mkdirSync(fnDir(), { recursive: true });
    const missing = await run(['diff'], { env: { POSTHOG_HOST: fake.url, POSTHOG_PROJECT_ID: '1' } });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Set POSTHOG_PERSONAL_API_KEY/);
    const wrong = await run(['diff'], { env: { ...env(), POSTHOG_PROJECT_ID: '999' } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Project 999 at http:\/\/127\.0\.0\.1:\d+ was not found or the key has no access to it/);
    const restricted = await run(['push', '--dry-run'], { env: { ...env(), POSTHOG_PROJECT_ID: '3' } });
    assert.equal(restricted.code, 1);
    assert.match(restricted.stderr, /Project 3 at .* was not found or the key has no access to it/);
    const rejected = await run(['push', '--yes'], {
      env: { ...env(), POSTHOG_PERSONAL_API_KEY: 'phx_not_a_key_0123456789' },
    });
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /rejected POSTHOG_PERSONAL_API_KEY/);
    assert.doesNotMatch(rejected.stderr, /phx_not_a_key/);
    const down = await run(['pull'], { env: { ...env(), POSTHOG_HOST: 'http://127.0.0.1:9' } });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /Could not reach PostHog at http:\/\/127\.0\.0\.1:9/);
    const noDir = await run(['diff', 'nowhere']);
    assert.equal(noDir.code, 1);
    assert.match(noDir.stderr, /nowhere: no such folder/);
    const usage = await run(['push', 'a', 'b']);
    assert.equal(usage.code, 2);
  });
});
