// `npm start` and `npm test` on a machine without the Debian packages they need: when they may not use apt, they stop
// with the one command that installs every missing package (the install itself was checked in a chroot; see the
// README's *Running it*).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const module = path.resolve(__dirname, '../../harness/prerequisites.mjs');

/** Runs ensurePrerequisites(needs) in a Node whose PATH holds only `sh` and `tools`. */
function ensureWith(needs: string[], tools: string[] = []): { status: number | null; output: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-prereq-'));
  for (const tool of ['sh', ...tools])
    fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  const script = `import(${JSON.stringify(module)}).then((m) => m.ensurePrerequisites(${JSON.stringify(needs)}, { log: () => {} })).catch((e) => { console.log(e.message); process.exit(3); });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { PATH: bin, PHWB_NO_APT: '1', CHROMIUM_PATH: path.join(bin, 'no-chromium') },
  });
  fs.rmSync(bin, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('without apt, a missing package stops the run with the one command that installs them all', () => {
  const { status, output } = ensureWith(['chromium', 'codeServer', 'openssl']);
  assert.equal(status, 3, output);
  assert.match(
    output,
    /apt-get update && (sudo )?apt-get install -y --no-install-recommends chromium ripgrep python3 make g\+\+ openssl\n/,
  );
  assert.equal(output.match(/apt-get install/g)?.length, 1, 'one command, not one per package');
});

test('only what is missing is named, and nothing is asked for when everything is there', () => {
  const some = ensureWith(['codeServer', 'openssl'], ['python3', 'make']);
  assert.match(some.output, /--no-install-recommends ripgrep g\+\+ openssl\n/);
  const none = ensureWith(['openssl'], ['openssl']);
  assert.equal(none.status, 0, none.output);
});
