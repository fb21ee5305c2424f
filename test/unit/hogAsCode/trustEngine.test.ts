// Writes of the functions-as-code engine land only where they belong, in plain Node on the local PostHog: a folder
// that takes the chosen name after export chose it is never written into, a folder whose function.json links another
// function is never written over, push as new creates nothing it could not link and links (never duplicates) what an
// interrupted push created, and on a server that ignores base_updated_at push reads the function again right before
// its update.
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
import type { Files, FunctionFolders } from '../../../src/core/functions/folders';
import { projectKey } from '../../../src/core/functions/layout';
import { DirectoryFolders, nodeFiles } from '../../../src/core/functions/nodeFiles';
import { SyncRecords } from '../../../src/core/functions/syncRecords';
import type { Prompts } from '../../../src/core/prompts';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { ScriptedPrompts } from '../../support/scriptedPrompts';

const SLACK = 'Slack: new paying customer';
const WEBHOOK = 'Webhook: billing service';
const SLACK_DIR = 'slack-new-paying-customer';

let fake: FakePostHog;
let client: PostHogClient;
let dir: string;
let connection: SyncConnection;

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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-trust-engine-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const root = () => path.join(dir, 'posthog/hog-functions');
const file = (...parts: string[]) => path.join(root(), ...parts);
const read = (...parts: string[]) => fs.readFileSync(file(...parts), 'utf8');
const write = (text: string, ...parts: string[]) => {
  fs.mkdirSync(path.dirname(file(...parts)), { recursive: true });
  fs.writeFileSync(file(...parts), text);
};
const key = () => projectKey(fake.url, fake.projectId);
const stored = (name: string) => {
  const fn = fake.state.hogFunctions.find((f) => f.name === name && !f.deleted);
  assert.ok(fn, `no function named ${name}`);
  return fn as unknown as HogFunction;
};
const named = (name: string) => fake.state.hogFunctions.filter((f) => f.name === name && !f.deleted);
const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.status}`);

function engine(
  prompts: Prompts,
  options: { files?: Files<string>; folders?: FunctionFolders<string> } = {},
): FunctionSync<string> {
  const files = options.files ?? nodeFiles;
  const host: SyncHost<string> = {
    files,
    folders: options.folders ?? new DirectoryFolders(root(), files),
    records: new SyncRecords(path.join(dir, 'records')),
    prompts,
    connection: () => connection,
    projectLabel: (c) => `project ${c.projectId}`,
    unsavedIn: () => false,
    saveAll: async () => false,
    showDifference: async () => undefined,
    functionChanged: () => undefined,
  };
  return new FunctionSync(host);
}

/** A folder for push as new, as a user would write it. */
function newFolder(name: string, functionName: string): string {
  write("print('new');\n", name, `${name}.hog`);
  write(
    `${JSON.stringify({ ids: {}, type: 'destination', name: functionName, enabled: false }, null, 2)}\n`,
    name,
    'function.json',
  );
  return file(name);
}

describe('trust: the engine writes only where it belongs', () => {
  test('export never writes into a folder that took the chosen name after it was chosen: the next free name is used', async () => {
    // Someone else's folder (not a function folder the index knows), made while the export was choosing names: the
    // listing the export read does not show it yet.
    write('my notes\n', SLACK_DIR, 'notes.txt');
    write('{"ids": {}, "type": "destination", "name": "Mine"}\n', SLACK_DIR, 'function.json');
    const lagging: Files<string> = {
      ...nodeFiles,
      readDirectory: async (location) => (location === root() ? [] : nodeFiles.readDirectory(location)),
    };
    const empty: FunctionFolders<string> = {
      all: async () => [],
      linked: async () => [],
      refresh: (f) => new DirectoryFolders(root()).refresh(f),
      exportRoot: async () => root(),
    };
    const slack = await client.getHogFunction(fake.projectId, stored(SLACK).id);
    const [result] = await engine(new ScriptedPrompts(), { files: lagging, folders: empty }).export(
      [slack],
      connection,
    );
    assert.equal(result?.status, 'exported');
    const folder = (result as Extract<SyncResult<string>, { folder: string }>).folder;
    assert.notEqual(path.basename(folder), SLACK_DIR);
    assert.match(path.basename(folder), new RegExp(`^${SLACK_DIR}-[a-z0-9]{1,8}$`));
    assert.deepEqual(
      fs.readdirSync(file(SLACK_DIR)).sort(),
      ['function.json', 'notes.txt'],
      'nothing was added to the other folder',
    );
    assert.equal(read(SLACK_DIR, 'function.json'), '{"ids": {}, "type": "destination", "name": "Mine"}\n');
    assert.equal(JSON.parse(fs.readFileSync(path.join(folder, 'function.json'), 'utf8')).ids[key()], slack.id);
  });

  test('export never writes over a folder whose function.json was changed to link another function since it was indexed', async () => {
    const slack = await client.getHogFunction(fake.projectId, stored(SLACK).id);
    const [first] = await engine(new ScriptedPrompts()).export([slack], connection);
    assert.equal(first?.status, 'exported');
    const indexed = await new DirectoryFolders(root()).all();
    // The folder now says it is the webhook's (a checkout, a copy, a hand edit); the index has not seen that yet.
    const relinked = { ...JSON.parse(read(SLACK_DIR, 'function.json')), ids: { [key()]: stored(WEBHOOK).id } };
    write(`${JSON.stringify(relinked, null, 2)}\n`, SLACK_DIR, 'function.json');
    const before = { json: read(SLACK_DIR, 'function.json'), source: read(SLACK_DIR, `${SLACK_DIR}.hog`) };
    const lagging: FunctionFolders<string> = {
      all: async () => indexed,
      linked: async () => indexed,
      refresh: (f) => new DirectoryFolders(root()).refresh(f),
      exportRoot: async () => root(),
    };
    await client.updateHogFunction(fake.projectId, slack.id, { hog: "print('changed in PostHog');\n" });
    const again = await client.getHogFunction(fake.projectId, slack.id);
    await assert.rejects(
      engine(new ScriptedPrompts(), { folders: lagging }).export([again], connection),
      /is linked to another hog function/,
    );
    assert.deepEqual(
      { json: read(SLACK_DIR, 'function.json'), source: read(SLACK_DIR, `${SLACK_DIR}.hog`) },
      before,
      'the folder is as it was',
    );
  });

  test('push as new creates nothing when function.json cannot take the link (read-only)', async () => {
    const folder = newFolder('read-only', 'Read only');
    const readOnly: Files<string> = {
      ...nodeFiles,
      canWrite: async (location) => location !== path.join(folder, 'function.json'),
    };
    fake.clearRequests();
    await assert.rejects(
      engine(new ScriptedPrompts([{ confirm: 'Create "Read only"', answer: 'Create Disabled' }]), {
        files: readOnly,
      }).push(folder),
      /cannot be written \(read-only\?\), so nothing was created/,
    );
    assert.deepEqual(writes(), []);
    assert.equal(named('Read only').length, 0);
  });

  test('push as new whose link could not be written links the created function on the next push, without a second create', async () => {
    const folder = newFolder('link-fails', 'Link fails');
    const json = path.join(folder, 'function.json');
    let failures = 1;
    const flaky: Files<string> = {
      ...nodeFiles,
      writeText: async (location, text) => {
        if (location === json && failures-- > 0)
          throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        return nodeFiles.writeText(location, text);
      },
    };
    fake.clearRequests();
    await assert.rejects(
      engine(new ScriptedPrompts([{ confirm: 'Create "Link fails"', answer: 'Create Disabled' }]), {
        files: flaky,
      }).push(folder),
      /EROFS/,
    );
    assert.equal(named('Link fails').length, 1, 'created in PostHog');
    assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')).ids, {}, 'not linked yet');
    // The next push asks nothing (the user chose already) and links that function.
    const again = await engine(new ScriptedPrompts()).push(folder);
    assert.deepEqual(again, { status: 'created', functionId: named('Link fails')[0]?.id });
    assert.equal(named('Link fails').length, 1, 'no second function');
    assert.deepEqual(writes(), ['POST 201']);
    assert.equal(JSON.parse(fs.readFileSync(json, 'utf8')).ids[key()], named('Link fails')[0]?.id);
    assert.equal((await engine(new ScriptedPrompts()).push(folder)).status, 'unchanged');
  });

  test('on a server that ignores base_updated_at, a save made while push waits on its question is seen before the update, not overwritten', async () => {
    fake.setRelease('older');
    const slack = await client.getHogFunction(fake.projectId, stored(SLACK).id);
    await engine(new ScriptedPrompts()).export([slack], connection);
    await client.updateHogFunction(fake.projectId, slack.id, { hog: "print('theirs, first');\n" });
    write("print('mine');\n", SLACK_DIR, `${SLACK_DIR}.hog`);
    const script = new ScriptedPrompts();
    const asked: string[] = [];
    // While the first question waits, a colleague saves: this server would accept our stale update without a word.
    const prompts: Prompts = Object.assign(Object.create(script) as ScriptedPrompts, {
      confirm: async <A extends string>(message: string, options: { detail?: string; actions: readonly A[] }) => {
        asked.push(message);
        if (asked.length === 1)
          await client.updateHogFunction(fake.projectId, slack.id, { hog: "print('theirs, second');\n" });
        return options.actions.find((a) => a === 'Push Mine');
      },
    });
    const result = await engine(prompts).push(file(SLACK_DIR));
    assert.equal(asked.length, 2, 'the question is asked again about the version saved meanwhile');
    assert.equal(result.status, 'pushed');
    assert.equal(stored(SLACK).hog, "print('mine');\n");
  });
});
