// The `posthog-workbench` command line: compile, run and check, in-process (main() with its own IO) and as users run
// it (node dist/cli.js), with --help on each, clear errors for a missing file, unreadable JSON, a bad option or an
// unknown command, and `check --server` against the local PostHog.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { useFake } from '../fake/helpers';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-cli-'));
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  write(
    'hello.hog',
    "let who := event.properties.name ?? 'world'\nprint(f'hello {who}')\nprint((1, 'a'), {'k': [1, 2.5]})\nreturn {'ok': true}\n",
  );
  write('bad.hog', 'let total := 1\nlet x = total + 1\n');
  write(
    'hook.hog',
    "let res := fetch(inputs.url, {'method': 'POST', 'body': {'event': event.event}})\nif (res.status >= 400) {\n  throw Error(f'failed with {res.status}')\n}\nprint('sent', res.body.id)\n",
  );
  write(
    'globals.json',
    JSON.stringify({
      event: { event: 'signed_up', properties: { name: 'Ada' } },
      inputs: { url: 'https://hooks.test/a' },
    }),
  );
  write('ok.json', JSON.stringify([{ url: 'https://hooks.test/*', status: 201, body: { id: 42 } }]));
  write('down.json', JSON.stringify([{ status: 503 }]));
  write('broken.json', '{"event": ');
  write('unknown.hog', 'print(event.event)\nnotAFunction(1)\nprint(undefinedGlobal)\n');
  write('typo.hog', 'print(evnt.properties.company)\nprint(event.properties.company)\n');
  write('geo.hog', 'let geo := geoipLookup(event.properties.$ip)\nreturn cleanNullValues(event)\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs main() in-process with its own output. */
async function inProcess(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: dir };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs dist/cli.js as a user does. */
async function spawned(argv: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...argv], {
      cwd: dir,
      env: { PATH: process.env.PATH },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('posthog-workbench', () => {
  it('lists its commands with --help, and refuses an unknown command with the list (exit 2)', async () => {
    const help = await spawned(['--help']);
    assert.equal(help.code, 0);
    for (const name of ['compile', 'run', 'check']) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    const unknown = await inProcess(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"[\s\S]*Commands:/);
    for (const name of ['compile', 'run', 'check']) {
      const own = await inProcess([name, '--help']);
      assert.equal(own.code, 0);
      assert.match(own.stdout, new RegExp(`^Usage: posthog-workbench ${name} FILE\\.hog`));
    }
  });

  it("compile prints PostHog's bytecode in the .hoge layout, and a syntax error with its position (exit 1)", async () => {
    const ok = await spawned(['compile', 'hello.hog']);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /^\["_H", 1, 32, "name", 32, "properties", 32, "event", 1, 3, 47, /);
    assert.match(ok.stdout, /34, 2\.5/);
    const oneLine = await inProcess(['compile', '--json', 'hello.hog']);
    assert.deepEqual(JSON.parse(oneLine.stdout), JSON.parse(ok.stdout));
    const debug = JSON.parse((await inProcess(['compile', '--debug-info', 'hello.hog'])).stdout);
    assert.deepEqual(
      debug.statements.map((s: { line: number }) => s.line),
      [1, 2, 3, 4],
    );
    const bad = await spawned(['compile', 'bad.hog']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.equal(
      bad.stderr,
      "bad.hog:2:7: error: Unexpected '=': use ':=' to give a variable a value, and '==' to compare.\n",
    );
  });

  it("run prints one line per print(), as PostHog's VM prints values", async () => {
    const out = await spawned(['run', 'hello.hog', '--globals', 'globals.json', '--result']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "hello Ada\n(1, 'a') {'k': [1, 2.5]}\n{\"ok\":true}\n");
  });

  it('run answers fetch from --responses, and exits 1 with the error and where it happened', async () => {
    const ok = await inProcess(['run', 'hook.hog', '--globals', 'globals.json', '--responses', 'ok.json']);
    assert.deepEqual([ok.code, ok.stdout], [0, 'sent 42\n']);
    const down = await inProcess([
      'run',
      'hook.hog',
      '--globals',
      'globals.json',
      '--responses',
      'down.json',
      '--logs',
    ]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /^hook\.hog:3:3: error: Error: failed with 503$/m);
    assert.match(down.stderr, /\[error\] HTTP fetch failed on attempt 1 with status code 503\./);
  });

  it('says clearly what is wrong with a missing file, unreadable JSON, a bad option or a bad --type', async () => {
    const missing = await inProcess(['run', 'nope.hog']);
    assert.deepEqual([missing.code, missing.stderr], [1, 'posthog-workbench run: nope.hog: no such file.\n']);
    const broken = await inProcess(['run', 'hello.hog', '--globals', 'broken.json']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^posthog-workbench run: broken\.json is not valid JSON: /);
    const option = await inProcess(['compile', '--fast', 'hello.hog']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--fast'[\s\S]*posthog-workbench compile --help/);
    const type = await inProcess(['run', 'hello.hog', '--type', 'website']);
    assert.equal(type.code, 2);
    assert.match(type.stderr, /--type must be one of destination, /);
    const two = await inProcess(['check', 'a.hog', 'b.hog']);
    assert.equal(two.code, 2);
  });

  it('check prints FILE:LINE:COL: severity: message, offline, and exits 1 on errors', async () => {
    const out = await spawned(['check', 'unknown.hog']);
    assert.equal(out.code, 1);
    assert.equal(
      out.stdout,
      'unknown.hog:2:1: error: Hog function `notAFunction` is not implemented\nunknown.hog:3:7: warning: Unknown global variable: undefinedGlobal\n',
    );
    const clean = await inProcess(['check', 'hello.hog']);
    assert.deepEqual([clean.code, clean.stdout], [0, '']);
    const notes = await inProcess(['check', 'hello.hog', '--notes']);
    assert.match(notes.stdout, /^hello\.hog:1:12: note: Global variable: event$/m);
    // The functions a transformation's worker adds run, so they are no error there (and are one elsewhere).
    const geo = await inProcess(['check', 'geo.hog', '--type', 'transformation']);
    assert.deepEqual([geo.code, geo.stdout], [0, '']);
    assert.match(
      (await inProcess(['check', 'geo.hog'])).stdout,
      /error: Hog function `geoipLookup` is not implemented/,
    );
    // A near miss of a global says which one was meant; with --globals, a key they lack is a note.
    assert.equal(
      (await inProcess(['check', 'typo.hog'])).stdout,
      'typo.hog:1:7: warning: Unknown global variable: evnt. Did you mean `event`?\n',
    );
    const keys = await inProcess(['check', 'typo.hog', '--notes', '--globals', 'globals.json']);
    assert.match(
      keys.stdout,
      /^typo\.hog:2:24: note: `event\.properties` has no `company` in the sample event, so here it reads null\.$/m,
    );
  });

  describe('check --server', () => {
    const fake = useFake();

    it('also asks PostHog when the file parses, with the key from the environment and never printed', async () => {
      const env = {
        POSTHOG_HOST: fake().url,
        POSTHOG_PERSONAL_API_KEY: fake().apiKey,
        POSTHOG_PROJECT_ID: String(fake().projectId),
      };
      fake().clearRequests();
      const out = await inProcess(['check', '--server', 'unknown.hog'], env);
      assert.equal(out.code, 1);
      assert.match(out.stdout, /notAFunction/);
      assert.equal(fake().requests.filter((r) => r.path.includes('/query')).length, 1);
      assert.ok(!`${out.stdout}${out.stderr}`.includes(fake().apiKey));
      fake().clearRequests();
      const syntax = await inProcess(['check', '--server', 'bad.hog'], env);
      assert.equal(syntax.code, 1);
      assert.equal(fake().requests.length, 0, 'a file that does not parse is not sent');
    });

    it('names what is missing from the environment', async () => {
      const out = await inProcess(['check', '--server', 'hello.hog'], { POSTHOG_HOST: fake().url });
      assert.equal(out.code, 1);
      assert.match(out.stderr, /Set POSTHOG_PERSONAL_API_KEY and POSTHOG_PROJECT_ID/);
    });
  });
});
