// `posthog-workbench test --remote`, in-process against the local PostHog with PostHog's rate limits on: each fixture
// runs on the invocations endpoint as the function its folder is linked to, and what PostHog's answer tells is checked
// by the same rules as a local run (a transformation's event, print() lines, the requests fetch() would send, the
// error); a fixture with scripted responses is skipped (runs only locally); a folder not pushed fails clearly; no 429;
// JUnit marks the skipped; missing configuration and a rejected key exit 1 without printing the key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { POSTHOG_RATE_LIMITS, startFakePostHog, type FakePostHog } from '../../fake-posthog/index';

const { parseStringPromise } = require('xml2js') as {
  parseStringPromise(
    xml: string,
    options?: object,
  ): Promise<{
    testsuites: { testsuite: { testcase: { $: Record<string, string>; skipped?: unknown[] }[] }[] };
  }>;
};

describe('posthog-workbench test --remote', () => {
  let fake: FakePostHog;
  let dir: string;
  const printed: string[] = [];
  const fnDir = (...parts: string[]) => path.join(dir, 'posthog/hog-functions', ...parts);

  function folder(name: string, source: string, json: Record<string, unknown>, fixtures: Record<string, unknown>) {
    fs.mkdirSync(fnDir(name, 'test-events'), { recursive: true });
    fs.writeFileSync(fnDir(name, `${name}.hog`), source);
    fs.writeFileSync(fnDir(name, 'function.json'), `${JSON.stringify({ ids: {}, ...json }, null, 2)}\n`);
    for (const [fixture, value] of Object.entries(fixtures))
      fs.writeFileSync(fnDir(name, 'test-events', `${fixture}.json`), `${JSON.stringify(value, null, 2)}\n`);
  }

  async function run(argv: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {
        POSTHOG_HOST: fake.url,
        POSTHOG_PERSONAL_API_KEY: fake.apiKey,
        POSTHOG_PROJECT_ID: String(fake.projectId),
        ...env,
      },
      cwd: dir,
    };
    const code = await main(argv, io);
    printed.push(stdout, stderr);
    return { code, stdout, stderr };
  }
  const lines = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => /^(pass|FAIL|skip) /.test(l))
      .map((l) => l.replace(/ {2}\(\d+ ms\)$/, '').replace(/ {2}\(runs only locally.*\)$/, '  (runs only locally)'));

  before(async () => {
    fake = await startFakePostHog({ seed: 'empty', rateLimits: POSTHOG_RATE_LIMITS });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-remote-'));
    const event = { event: 'signed_up', distinct_id: 'ada-42', properties: { plan: 'team' } };
    folder(
      'tagger',
      "let returnEvent := event\nreturnEvent.properties.tagged := inputs.tag\nprint(f'tagged {event.event}')\nreturn returnEvent\n",
      {
        type: 'transformation',
        name: 'Tagger',
        inputs_schema: [{ key: 'tag', type: 'string', required: true }],
        inputs: { tag: { value: 'yes' } },
      },
      {
        tags: {
          event,
          expect: { event: { properties: { plan: 'team', tagged: 'yes' } }, prints: ['tagged signed_up'] },
        },
        'input-override': { event, inputs: { tag: 'other' }, expect: { event: { properties: { tagged: 'other' } } } },
        'wrong-tag': { event, expect: { event: { properties: { tagged: 'no' } } } },
      },
    );
    folder(
      'hook',
      "if (event.event == 'boom') {\n  throw Error('boom!')\n}\nfetch(inputs.url, {'method': 'POST', 'body': {'e': event.event}})\nprint('sent')\n",
      {
        type: 'destination',
        name: 'Hook',
        inputs_schema: [{ key: 'url', type: 'string', required: true }],
        inputs: { url: { value: 'https://hooks.test/a' } },
      },
      {
        sends: {
          event,
          expect: {
            requests: [{ method: 'post', url: 'https://hooks.test/a', body: { e: 'signed_up' } }],
            prints: ['sent'],
          },
        },
        'wrong-url': { event, expect: { requests: [{ url: 'https://hooks.test/b' }] } },
        boom: { event: { ...event, event: 'boom' }, expect: { error: 'boom!' } },
        scripted: { event, responses: [{ status: 500 }], expect: { error: 'status 500' } },
      },
    );
    const pushed = await run(['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stdout + pushed.stderr);
  });
  after(async () => {
    for (const text of printed) assert.ok(!text.includes(fake.apiKey), 'the API key was printed');
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs each fixture on PostHog and checks what its answer tells; scripted responses are skipped', async () => {
    fake.clearRequests();
    const out = await run(['test', '--remote', '--junit', 'junit.xml']);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.deepEqual(lines(out.stdout), [
      'pass  posthog/hog-functions/hook/test-events/boom.json',
      'skip  posthog/hog-functions/hook/test-events/scripted.json  (runs only locally)',
      'pass  posthog/hog-functions/hook/test-events/sends.json',
      'FAIL  posthog/hog-functions/hook/test-events/wrong-url.json',
      'pass  posthog/hog-functions/tagger/test-events/input-override.json',
      'pass  posthog/hog-functions/tagger/test-events/tags.json',
      'FAIL  posthog/hog-functions/tagger/test-events/wrong-tag.json',
    ]);
    assert.match(out.stdout, /wrong-url\.json:\d+: Request 1 differs at url\./);
    assert.match(out.stdout, /wrong-tag\.json:\d+: The returned event differs at properties\.tagged\./);
    assert.match(out.stdout, /^4 passed, 2 failed, 1 skipped \(run only locally\)/m);
    // One invocation per fixture run, through the limiter: nothing throttled.
    const invocations = fake.requests.filter((r) => r.path.endsWith('/invocations/'));
    assert.equal(invocations.length, 6);
    assert.equal(fake.requests.filter((r) => r.status === 429).length, 0);
    // The folder's own code ran (not PostHog's copy), with the fixture's input values.
    assert.ok(invocations.every((r) => (JSON.parse(r.body) as { configuration: { hog: string } }).configuration.hog));
    const report = await parseStringPromise(fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8'), { strict: true });
    const cases = report.testsuites.testsuite.flatMap((s) => s.testcase);
    assert.deepEqual(
      cases.filter((c) => c.skipped).map((c) => c.$.name),
      ['scripted'],
    );
  });

  it('passes (exit 0) when every fixture run on PostHog does what it says', async () => {
    const out = await run(['test', 'posthog/hog-functions/tagger', '--remote']);
    assert.equal(lines(out.stdout).length, 3);
    fs.rmSync(fnDir('tagger', 'test-events', 'wrong-tag.json'));
    try {
      const ok = await run(['test', 'posthog/hog-functions/tagger', '--remote']);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^2 passed, 0 failed \(/m);
    } finally {
      fs.writeFileSync(
        fnDir('tagger', 'test-events', 'wrong-tag.json'),
        JSON.stringify({ event: { event: 'x', properties: {} }, expect: { event: { properties: { tagged: 'no' } } } }),
      );
    }
  });

  it('says a folder not pushed to the project cannot run on PostHog', async () => {
    folder('fresh', 'print(1)\n', { type: 'destination', name: 'Fresh' }, { one: { event: { event: 'x' } } });
    try {
      const out = await run(['test', 'posthog/hog-functions/fresh', '--remote']);
      assert.equal(out.code, 1);
      assert.match(out.stdout, /^FAIL {2}posthog\/hog-functions\/fresh\/test-events\/one\.json/m);
      assert.match(out.stdout, /Not in project \d+ at http:\/\/[^ ]+ yet, so it cannot run on PostHog: push it first/);
    } finally {
      fs.rmSync(fnDir('fresh'), { recursive: true, force: true });
    }
  });

  it('exits 1 with a clear message for missing configuration or a rejected key', async () => {
    const missing = await run(['test', '--remote'], { POSTHOG_PERSONAL_API_KEY: '' });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Set POSTHOG_PERSONAL_API_KEY/);
    const rejected = await run(['test', '--remote'], { POSTHOG_PERSONAL_API_KEY: 'phx_not_a_key_000000000000' });
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /rejected POSTHOG_PERSONAL_API_KEY/);
  });
});
