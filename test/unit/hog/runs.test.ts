// Test runs and fixtures in plain Node (src/core/testing/runs.ts, fixtures.ts), as the command line will run them:
// events one after another against the local PostHog, cancelled between events, stopped by PostHog's refusal, an
// unreadable fixture reported in its place; fixtures listed, read and written in a directory, never overwritten.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PostHogClient } from '../../../src/api';
import { nodeFiles } from '../../../src/core/functions/nodeFiles';
import { checkFixtureName, listFixtures, readFixture, writeFixture } from '../../../src/core/testing/fixtures';
import { runKind } from '../../../src/core/testing/outcome';
import { runEvents, type PlannedEvent, type Prepared } from '../../../src/core/testing/runs';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';

let fake: FakePostHog;
let client: PostHogClient;

before(async () => {
  fake = await startFakePostHog();
  client = new PostHogClient({
    host: fake.url,
    getApiKey: () => fake.apiKey,
    rateLimits: false,
    sleep: async () => undefined,
  });
});

after(async () => {
  await client.dispose();
  await fake.close();
});

async function prepared(hog: string): Promise<Prepared> {
  const summary = fake.state.hogFunctions.find((f) => f.name === 'Webhook: billing service');
  assert.ok(summary);
  const fn = await client.getHogFunction(fake.projectId, summary.id);
  const ref = { projectId: fake.projectId, functionId: fn.id };
  return {
    ref,
    fn,
    kind: runKind(fn.type),
    globals: 'event',
    client,
    config: { configuration: { type: fn.type, hog, inputs_schema: [], inputs: {}, filters: {} }, ranFrom: 'the test' },
    ctx: { host: fake.url, projectId: fake.projectId, functionId: fn.id, functionName: fn.name, globals: 'event' },
  };
}

const event = (name: string): PlannedEvent => ({
  title: name,
  origin: { kind: 'sample' },
  input: { event: { uuid: '0190', event: name, distinct_id: 'u1', properties: {}, timestamp: '2026-01-01T00:00:00Z' } },
});

describe('test runs', () => {
  test('runs each event in order, reporting progress, and an unreadable fixture as a failed result in its place', async () => {
    const reports: string[] = [];
    const run = await runEvents(
      await prepared("print(f'ran {event.event}')"),
      [event('first'), { title: 'broken', origin: { kind: 'sample' }, unreadable: 'not JSON' }, event('third')],
      {
        scope: 'fixtures',
        report: (message) => reports.push(message),
      },
    );
    assert.deepEqual(
      run.results.map((r) => r.status),
      ['success', 'error', 'success'],
    );
    assert.ok(
      run.results[0]?.logs.some((l) => l.message === 'ran first'),
      JSON.stringify(run.results[0]?.logs),
    );
    assert.deepEqual(run.results[1]?.errors, ['not JSON']);
    assert.equal(run.finished, true);
    assert.equal(reports.length, 3);
  });

  test('stops before the next event once cancelled, and says so', async () => {
    const abort = new AbortController();
    const run = await runEvents(await prepared('print(1)'), [event('a'), event('b'), event('c')], {
      scope: 'recent',
      signal: abort.signal,
      onProgress: (r) => r.results.length === 1 && abort.abort(),
    });
    assert.equal(run.results.length, 1);
    assert.equal(run.cancelled, true);
  });

  test("PostHog's refusal of the key stops the run and is thrown, after the result that met it", async () => {
    const ready = await prepared('print(1)');
    const revoked = fake.addKey(['hog_function:read']);
    fake.revokeKey(revoked);
    const refused = {
      ...ready,
      client: new PostHogClient({
        host: fake.url,
        getApiKey: () => revoked,
        rateLimits: false,
        sleep: async () => undefined,
      }),
    };
    let seen = 0;
    await assert.rejects(
      runEvents(refused, [event('a'), event('b')], { scope: 'recent', onProgress: (r) => (seen = r.results.length) }),
      (e: Error & { kind?: string }) => e.kind === 'unauthorized',
    );
    assert.equal(seen, 1, 'one result, then the run stopped');
    await refused.client.dispose();
  });
});

describe('fixtures on disk', () => {
  test('are listed by name, read as globals, and never overwritten', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-fixtures-'));
    try {
      const folder = path.join(dir, 'test-events');
      const uri = await writeFixture(nodeFiles, folder, 'pageview by ada', {
        event: { event: '$pageview', properties: {} },
      });
      assert.equal(uri, path.join(folder, 'pageview by ada.json'));
      await assert.rejects(writeFixture(nodeFiles, folder, 'pageview by ada', {}), /already exists/);
      await assert.rejects(writeFixture(nodeFiles, folder, '../escape', {}), /cannot be a fixture name/);
      fs.writeFileSync(path.join(folder, 'broken.json'), '{ not json');
      const listed = await listFixtures(nodeFiles, [folder, path.join(dir, 'not-there')]);
      assert.deepEqual(
        listed.map((f) => f.name),
        ['broken', 'pageview by ada'],
      );
      const read = await Promise.all(
        listed.map(async (f) => readFixture(f.name, await nodeFiles.readText(f.uri), 'event')),
      );
      assert.ok('unreadable' in read[0]! && /^broken\.json: /.test(read[0].unreadable));
      assert.ok('input' in read[1]! && (read[1].input.event as { event: string }).event === '$pageview');
      assert.equal(checkFixtureName('fine name-1.2'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
