// The functions-as-code engine (src/core/functions/functionSync.ts) in plain Node, as the command line will run it:
// function folders in a temporary directory (node:fs), the local PostHog, and every question answered by a script.
// Export, pull and push, and the conflict rules: base_updated_at, a 409 that starts the push over (asking again),
// PostHog's changes found from the sync record on servers that ignore base_updated_at, push as new, secrets.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { PostHogClient, type HogFunction } from '../../../src/api';
import {
  FunctionSync,
  type SyncConnection,
  type SyncHost,
  type SyncResult,
} from '../../../src/core/functions/functionSync';
import type { FunctionFolders } from '../../../src/core/functions/folders';
import { projectKey } from '../../../src/core/functions/layout';
import { DirectoryFolders, nodeFiles } from '../../../src/core/functions/nodeFiles';
import { SyncRecords } from '../../../src/core/functions/syncRecords';
import type { ConfirmOptions, Prompts } from '../../../src/core/prompts';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { ScriptedPrompts, type Expectation } from '../../support/scriptedPrompts';

const SLACK = 'Slack: new paying customer';
const WEBHOOK = 'Webhook: billing service';
const SLACK_DIR = 'slack-new-paying-customer';

let fake: FakePostHog;
let client: PostHogClient;
let dir: string;
let connection: SyncConnection;
let differences: string[];
let changed: (string | undefined)[];

before(async () => {
  fake = await startFakePostHog();
  client = new PostHogClient({
    host: fake.url,
    getApiKey: () => fake.apiKey,
    rateLimits: false,
    sleep: async () => undefined,
  });
  connection = { client, host: fake.url, projectId: fake.projectId };
});

after(async () => {
  await client.dispose();
  await fake.close();
});

beforeEach(() => {
  fake.reset('realistic');
  fake.setRelease('newest');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-engine-'));
  differences = [];
  changed = [];
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const root = () => path.join(dir, 'posthog/hog-functions');
const file = (...parts: string[]) => path.join(root(), ...parts);
const read = (...parts: string[]) => fs.readFileSync(file(...parts), 'utf8');
const write = (text: string, ...parts: string[]) => fs.writeFileSync(file(...parts), text);
const json = (...parts: string[]) =>
  JSON.parse(read(...parts)) as Record<string, unknown> & {
    ids: Record<string, string>;
    inputs: Record<string, unknown>;
  };

/** The engine on the temporary directory, its questions answered by `prompts`. */
function engine(
  prompts: Prompts,
  records = new SyncRecords(path.join(dir, 'records')),
  folders: FunctionFolders<string> = new DirectoryFolders(root()),
): FunctionSync<string> {
  const host: SyncHost<string> = {
    files: nodeFiles,
    folders,
    records,
    prompts,
    connection: () => connection,
    projectLabel: (c) => `project ${c.projectId}`,
    unsavedIn: () => false,
    saveAll: async () => false,
    showDifference: async (serverText, local) => {
      if ((await nodeFiles.readText(local)) !== serverText) differences.push(path.basename(local));
    },
    functionChanged: (_c, fn) => changed.push(fn?.id),
  };
  return new FunctionSync(host);
}

/** Runs `action` with the engine's questions answered by `expectations`; every answer must be used. */
async function answering<T>(
  expectations: Expectation[],
  action: (sync: FunctionSync<string>) => Promise<T>,
  records?: SyncRecords,
): Promise<T> {
  const prompts = new ScriptedPrompts(expectations);
  const result = await action(engine(prompts, records));
  prompts.assertDone();
  return result;
}

const stored = (name: string) => {
  const fn = fake.state.hogFunctions.find((f) => f.name === name && !f.deleted);
  assert.ok(fn, `no function named ${name}`);
  return fn as unknown as HogFunction & { encrypted_inputs?: Record<string, { value?: unknown }>; project_id: number };
};
const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.status}`);

async function exportSlack(records?: SyncRecords): Promise<string> {
  const [result] = await answering(
    [],
    async (sync) => sync.export([await client.getHogFunction(fake.projectId, stored(SLACK).id)], connection),
    records,
  );
  assert.equal(result?.status, 'exported');
  return (result as Extract<SyncResult<string>, { folder: string }>).folder;
}

describe('functions as code, the engine', () => {
  test('exports a function into its folder: the source, and function.json linked to it, with no secret value', async () => {
    const folder = await exportSlack();
    assert.equal(folder, file(SLACK_DIR));
    assert.deepEqual(fs.readdirSync(folder).sort(), ['function.json', `${SLACK_DIR}.hog`]);
    assert.equal(read(SLACK_DIR, `${SLACK_DIR}.hog`), stored(SLACK).hog);
    const written = json(SLACK_DIR, 'function.json');
    assert.deepEqual(written.ids, { [projectKey(fake.url, fake.projectId)]: stored(SLACK).id });
    assert.deepEqual(written.inputs.webhook_url, { secret: true });
    assert.doesNotMatch(read(SLACK_DIR, 'function.json'), /seed-secret-value|hooks\.slack\.com\/services\/T0/);
  });

  test("a folder deleted behind the folder index's back is exported again, not skipped as having local changes", async () => {
    await exportSlack();
    // The editor's index is kept by a file watcher, which can miss a deletion: it still lists the folder.
    const folders = new DirectoryFolders(root());
    const stale = await folders.all();
    fs.rmSync(file(SLACK_DIR), { recursive: true, force: true });
    const lagging: FunctionFolders<string> = {
      all: async () => stale,
      linked: async () => stale,
      refresh: (f) => folders.refresh(f),
      exportRoot: () => folders.exportRoot(),
    };
    const sync = engine(new ScriptedPrompts([]), undefined, lagging);
    const [result] = await sync.export([await client.getHogFunction(fake.projectId, stored(SLACK).id)], connection, {
      bulk: true,
    });
    assert.equal(result?.status, 'exported');
    assert.equal(read(SLACK_DIR, `${SLACK_DIR}.hog`), stored(SLACK).hog, 'written again under its own name');
  });

  test('pushes only what changed, with base_updated_at, and asks nothing when PostHog did not change', async () => {
    await exportSlack();
    const edited = `print('from the repo');\n${read(SLACK_DIR, `${SLACK_DIR}.hog`)}`;
    write(edited, SLACK_DIR, `${SLACK_DIR}.hog`);
    fake.clearRequests();
    const result = await answering([], (sync) => sync.push(file(SLACK_DIR)));
    assert.deepEqual(result, { status: 'pushed', functionId: stored(SLACK).id, fields: ['hog'] });
    // No read first: this PostHog refuses a stale base_updated_at itself, and the PATCH is based on the last sync.
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.status}`),
      ['PATCH 200'],
    );
    assert.equal(stored(SLACK).hog, edited);
    assert.deepEqual(await answering([], (sync) => sync.push(file(SLACK_DIR))), {
      status: 'unchanged',
      functionId: stored(SLACK).id,
      folder: file(SLACK_DIR),
    });
  });

  test('when PostHog changed too, push shows the differences and asks; Cancel writes nothing, Push Mine sends the files', async () => {
    await exportSlack();
    const theirs = "print('a colleague saved this');\n";
    await client.updateHogFunction(fake.projectId, stored(SLACK).id, { hog: theirs });
    const mine = "print('mine');\n";
    write(mine, SLACK_DIR, `${SLACK_DIR}.hog`);
    fake.clearRequests();
    // Asked beside the diff it is about (`beside`: the editor shows a notification, a modal dialog would cover the diff).
    const conflict = { confirm: 'changed in PostHog since it was last pulled or pushed here' };
    assert.deepEqual(await answering([{ ...conflict, answer: undefined }], (sync) => sync.push(file(SLACK_DIR))), {
      status: 'cancelled',
    });
    // PostHog refused the PATCH based on the last sync (its version moved); the push then read it to show the diff.
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.status}`),
      ['PATCH 409', 'GET 200'],
      'nothing was written',
    );
    assert.equal(stored(SLACK).hog, theirs);
    assert.deepEqual(differences, [`${SLACK_DIR}.hog`], 'the source differs; function.json does not');
    const pushed = await answering([{ ...conflict, answer: 'Push Mine' }], (sync) => sync.push(file(SLACK_DIR)));
    assert.equal(pushed.status, 'pushed');
    assert.equal(stored(SLACK).hog, mine);
  });

  test('a save that lands while push waits on its question makes PostHog refuse (409): push starts over and asks again', async () => {
    await exportSlack();
    await client.updateHogFunction(fake.projectId, stored(SLACK).id, { hog: "print('theirs, first');\n" });
    write("print('mine');\n", SLACK_DIR, `${SLACK_DIR}.hog`);
    const script = new ScriptedPrompts();
    let asked = 0;
    // While the first question waits, someone saves again: the answer given was about a version that is gone.
    const prompts: Prompts = Object.assign(Object.create(script) as ScriptedPrompts, {
      confirm: async <A extends string>(_message: string, options: ConfirmOptions<A>) => {
        asked++;
        assert.equal(options.beside, true, 'asked beside the diff');
        if (asked === 1)
          await client.updateHogFunction(fake.projectId, stored(SLACK).id, { hog: "print('theirs, second');\n" });
        return options.actions.find((a) => a === 'Push Mine');
      },
    });
    fake.clearRequests();
    const result = await engine(prompts).push(file(SLACK_DIR));
    assert.equal(result.status, 'pushed');
    assert.equal(asked, 2, 'the question is asked again about the newer version');
    assert.deepEqual(
      writes(),
      ['PATCH 409', 'PATCH 200', 'PATCH 409', 'PATCH 200'],
      "ours based on the last sync refused, the colleague's save while we ask, ours refused as stale, ours after the second answer",
    );
    assert.equal(stored(SLACK).hog, "print('mine');\n");
  });

  test('on a server that ignores base_updated_at, a change made in PostHog since the last sync is still found before any write', async () => {
    fake.setRelease('older');
    await exportSlack();
    await client.updateHogFunction(fake.projectId, stored(SLACK).id, { hog: "print('theirs');\n" });
    write("print('mine');\n", SLACK_DIR, `${SLACK_DIR}.hog`);
    fake.clearRequests();
    const result = await answering(
      [{ confirm: 'changed in PostHog since it was last pulled or pushed here', answer: undefined }],
      (sync) => sync.push(file(SLACK_DIR)),
    );
    assert.deepEqual(result, { status: 'cancelled' });
    assert.deepEqual(writes(), []);
    assert.equal(stored(SLACK).hog, "print('theirs');\n");
  });

  test('a folder whose only change came from PostHog is behind: push sends nothing, pull brings it without a question', async () => {
    await exportSlack();
    await client.updateHogFunction(fake.projectId, stored(SLACK).id, { name: 'Slack: paying customers' });
    fake.clearRequests();
    const sync = engine(new ScriptedPrompts());
    assert.deepEqual(await sync.push(file(SLACK_DIR)), {
      status: 'behind',
      functionId: stored('Slack: paying customers').id,
    });
    assert.deepEqual(writes(), []);
    const local = await new DirectoryFolders(root()).refresh(file(SLACK_DIR));
    assert.equal((await answering([], (s) => s.pull(local))).status, 'pulled');
    assert.equal(json(SLACK_DIR, 'function.json').name, 'Slack: paying customers');
    assert.deepEqual(changed, [stored('Slack: paying customers').id]);
  });

  test('pull over local changes asks first; Cancel keeps the files', async () => {
    await exportSlack();
    await client.updateHogFunction(fake.projectId, stored(SLACK).id, { hog: "print('theirs');\n" });
    write("print('mine');\n", SLACK_DIR, `${SLACK_DIR}.hog`);
    const local = () => new DirectoryFolders(root()).refresh(file(SLACK_DIR));
    const question = { confirm: `Pulling "${SLACK}" replaces the changes in ${SLACK_DIR}.` };
    assert.deepEqual(await answering([{ ...question, answer: undefined }], async (s) => s.pull(await local())), {
      status: 'cancelled',
    });
    assert.equal(read(SLACK_DIR, `${SLACK_DIR}.hog`), "print('mine');\n");
    assert.equal(
      (await answering([{ ...question, answer: 'Replace My Files' }], async (s) => s.pull(await local()))).status,
      'pulled',
    );
    assert.equal(read(SLACK_DIR, `${SLACK_DIR}.hog`), "print('theirs');\n");
  });

  test('push as new asks how to create it and for each secret in a password box; the secret reaches PostHog, never the file', async () => {
    const copy = 'slack-copy';
    fs.mkdirSync(file(copy), { recursive: true });
    const exported = await exportSlack();
    const original = JSON.parse(fs.readFileSync(path.join(exported, 'function.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    write(read(SLACK_DIR, `${SLACK_DIR}.hog`), copy, `${copy}.hog`);
    write(
      `${JSON.stringify({ ...original, ids: {}, name: 'Slack copy', enabled: true }, null, 2)}\n`,
      copy,
      'function.json',
    );
    const secret = 'https://hooks.slack.com/services/T0/B0/typed-in-the-password-box';
    fake.clearRequests();
    const result = await answering(
      [
        { confirm: 'Create "Slack copy" in project 1?', answer: 'Create Disabled' },
        { password: 'of the new function', answer: secret },
      ],
      (sync) => sync.push(file(copy)),
    );
    assert.equal(result.status, 'created');
    const created = stored('Slack copy');
    assert.equal(created.enabled, false, 'created disabled although the file says enabled');
    assert.equal(created.encrypted_inputs?.webhook_url?.value, secret);
    assert.deepEqual(json(copy, 'function.json').ids, { [projectKey(fake.url, fake.projectId)]: created.id });
    assert.doesNotMatch(read(copy, 'function.json'), /typed-in-the-password-box/);
    assert.deepEqual(writes(), ['POST 201']);
  });

  test('a secret value typed into function.json is sent only after a question, then replaced by the marker', async () => {
    await exportSlack();
    const typed = json(SLACK_DIR, 'function.json');
    const value = 'https://hooks.slack.com/services/T0/B0/typed-into-the-file';
    write(
      `${JSON.stringify({ ...typed, inputs: { ...typed.inputs, webhook_url: { value } } }, null, 2)}\n`,
      SLACK_DIR,
      'function.json',
    );
    const question = { confirm: 'function.json holds the value of secret input inputs.webhook_url.' };
    fake.clearRequests();
    assert.deepEqual(await answering([{ ...question, answer: undefined }], (sync) => sync.push(file(SLACK_DIR))), {
      status: 'cancelled',
    });
    assert.deepEqual(writes(), []);
    assert.match(read(SLACK_DIR, 'function.json'), /typed-into-the-file/, 'the file is as the user left it');
    assert.equal(
      (await answering([{ ...question, answer: 'Push and Remove from File' }], (sync) => sync.push(file(SLACK_DIR))))
        .status,
      'pushed',
    );
    assert.equal(stored(SLACK).encrypted_inputs?.webhook_url?.value, value);
    assert.deepEqual(json(SLACK_DIR, 'function.json').inputs.webhook_url, { secret: true });
  });

  test('enabling a destination from the file asks first', async () => {
    const webhook = await client.getHogFunction(fake.projectId, stored(WEBHOOK).id);
    assert.equal(webhook.enabled, false);
    const [exported] = await answering([], (sync) => sync.export([webhook], connection));
    const folder = (exported as { folder: string }).folder;
    const config = JSON.parse(fs.readFileSync(path.join(folder, 'function.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(folder, 'function.json'), `${JSON.stringify({ ...config, enabled: true }, null, 2)}\n`);
    const question = { confirm: `Push enables "${WEBHOOK}".` };
    assert.deepEqual(await answering([{ ...question, answer: undefined }], (sync) => sync.push(folder)), {
      status: 'cancelled',
    });
    assert.equal(stored(WEBHOOK).enabled, false);
    assert.equal(
      (await answering([{ ...question, answer: 'Push and Enable' }], (sync) => sync.push(folder))).status,
      'pushed',
    );
    assert.equal(stored(WEBHOOK).enabled, true);
  });

  test('two folders linked to one function are refused, and a folder that is not a function folder says why', async () => {
    await exportSlack();
    fs.cpSync(file(SLACK_DIR), file('slack-copy'), { recursive: true });
    await assert.rejects(
      answering([], (sync) => sync.push(file('slack-copy'))),
      /are linked to the same hog function/,
    );
    fs.rmSync(file('slack-copy', `${SLACK_DIR}.hog`));
    write('{"type": "destination", "enabled": "yes"}', 'slack-copy', 'function.json');
    await assert.rejects(
      answering([], (sync) => sync.push(file('slack-copy'))),
      /"enabled" must be true or false/,
    );
  });
});
