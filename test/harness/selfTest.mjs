// Proves the extension-host runner fails when the extension cannot activate: it runs the smoke test against a
// throwaway extension (same id as ours) whose activate() throws, and expects a failed test carrying that error.
// A runner that reported success here would also hide a broken activation of the real extension.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { runIntegrationSuite } from './integration.mjs';

const brokenMessage = 'activation broken on purpose by the runner self-test';

export async function runSelfTest({ log = console.log } = {}) {
  const title = 'runner self-test: a throwing activate() fails the extension-host suite';
  const { publisher, name } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-broken-extension-'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      publisher,
      version: '0.0.0',
      engines: { vscode: '^1.96.0' },
      main: './extension.js',
      activationEvents: [],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    `exports.activate = () => { throw new Error(${JSON.stringify(brokenMessage)}); };\n`,
  );
  try {
    const inner = [];
    const result = await runIntegrationSuite({
      extensionPath: dir,
      build: false,
      only: ['smoke.test.ts'],
      grep: 'activates without throwing',
      artifactsDir: false,
      label: 'self-test',
      log: (line) => inner.push(line),
    });
    const caught = result.tests.some((test) => test.state === 'failed' && test.error?.message.includes(brokenMessage));
    if (caught && result.passed === 0) {
      log(`  ✔ ${title}`);
      return { passed: 1, failed: 0, pending: 0 };
    }
    log(`  ✖ ${title}`);
    log('      the runner did not report the broken activation; its output was:');
    for (const line of inner) log(`      | ${line}`);
    return { passed: 0, failed: 1, pending: 0, failures: [title] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
