// `posthog-workbench test`, in-process with its own CliIO: the repository's examples pass (exit 0); fixtures that say
// something else fail with their expected and actual and the fixture's line (exit 1); --junit writes JUnit XML that a
// strict XML parser reads, a case per fixture and a failure for each failed one; usage errors exit 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

// xml2js (strict) is what @vscode/vsce and @vscode/l10n-dev read XML with: here it says whether the report is well-formed.
const { parseStringPromise } = require('xml2js') as {
  parseStringPromise(xml: string, options?: object): Promise<JUnit>;
};
interface JUnit {
  testsuites: {
    $: Record<string, string>;
    testsuite: {
      $: Record<string, string>;
      testcase: { $: Record<string, string>; failure?: { _: string; $: Record<string, string> }[] }[];
    }[];
  };
}

const root = path.resolve(__dirname, '../../..');
let dir: string;

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-test-'));
  const fn = path.join(dir, 'posthog/hog-functions/hook');
  fs.mkdirSync(path.join(fn, 'test-events'), { recursive: true });
  fs.writeFileSync(
    path.join(fn, 'hook.hog'),
    "let res := fetch(inputs.url, {'body': {'e': event.event}})\nif (res.status >= 400) {\n  throw Error(f'status {res.status}')\n}\n",
  );
  fs.writeFileSync(
    path.join(fn, 'function.json'),
    JSON.stringify(
      {
        ids: {},
        type: 'destination',
        name: 'Hook',
        inputs_schema: [{ key: 'url', type: 'string' }],
        inputs: { url: { value: 'https://hooks.test/a' } },
      },
      null,
      2,
    ),
  );
  const fixture = (name: string, value: unknown) =>
    fs.writeFileSync(path.join(fn, 'test-events', `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  fixture('old-style', { event: { event: 'signed_up', properties: {} } });
  fixture('wrong-url', {
    event: { event: 'signed_up', properties: {} },
    expect: { requests: [{ url: 'https://hooks.test/b' }] },
  });
  fixture('unexpected-500', { event: { event: 'signed_up', properties: {} }, responses: [{ status: 500 }] });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('posthog-workbench test', () => {
  it("passes the repository's examples (a transformation and a destination, its 500 branch included)", async () => {
    const out = await cli(['test', 'examples/hog-functions'], root);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /^pass {2}examples\/hog-functions\/signup-webhook\/test-events\/server-error-fails-the-run\.json/m,
    );
    assert.match(out.stdout, /^5 passed, 0 failed/m);
  });

  it('runs posthog/hog-functions by default: one line per fixture, failures with expected, actual and line, exit 1', async () => {
    const out = await cli(['test'], dir);
    assert.equal(out.code, 1);
    const lines = out.stdout
      .split('\n')
      .filter((l) => /^(pass|FAIL) /.test(l))
      .map((l) => l.replace(/ {2}\(\d+ ms\)$/, ''));
    assert.deepEqual(lines, [
      'pass  posthog/hog-functions/hook/test-events/old-style.json',
      'FAIL  posthog/hog-functions/hook/test-events/unexpected-500.json',
      'FAIL  posthog/hog-functions/hook/test-events/wrong-url.json',
    ]);
    assert.match(
      out.stdout,
      /wrong-url\.json:9: Request 1 differs at url\.\n\s+expected:\n[\s\S]*"url": "https:\/\/hooks\.test\/b"[\s\S]*actual:[\s\S]*"url": "https:\/\/hooks\.test\/a"/,
    );
    assert.match(out.stdout, /The run failed: status 500/);
    assert.match(out.stdout, /^1 passed, 2 failed/m);
  });

  it('writes JUnit XML: a suite per function folder, a case per fixture, a failure per failed one', async () => {
    const out = await cli(['test', 'posthog/hog-functions/hook', '--junit', 'reports/junit.xml'], dir);
    assert.equal(out.code, 1);
    const report = await parseStringPromise(fs.readFileSync(path.join(dir, 'reports/junit.xml'), 'utf8'), {
      strict: true,
    });
    assert.equal(report.testsuites.$.tests, '3');
    assert.equal(report.testsuites.$.failures, '2');
    const suite = report.testsuites.testsuite[0];
    assert.equal(suite?.$.name, 'posthog/hog-functions/hook');
    const cases = suite?.testcase ?? [];
    assert.deepEqual(
      cases.map((c) => [c.$.name, c.failure?.length ?? 0]),
      [
        ['old-style', 0],
        ['unexpected-500', 1],
        ['wrong-url', 1],
      ],
    );
    assert.match(cases[2]?.failure?.[0]?._ ?? '', /expected:\n[\s\S]*hooks\.test\/b/);
  });

  it('says what is wrong with its arguments (exit 2) or the folder (exit 1)', async () => {
    const missing = await cli(['test', 'nowhere'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nowhere: no such folder/);
    // --remote without a connection to PostHog (its runs: testRemote.test.ts).
    const remote = await cli(['test', '--remote'], dir);
    assert.equal(remote.code, 1);
    assert.match(remote.stderr, /Set POSTHOG_PERSONAL_API_KEY and POSTHOG_PROJECT_ID/);
    const empty = await cli(['test', '.'], fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-empty-')));
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /No fixtures under \./);
    const help = await cli(['test', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--junit FILE/);
  });
});
