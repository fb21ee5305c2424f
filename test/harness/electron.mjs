// `npm run test:electron`: the same extension-host suite as `npm run test:integration`, in VS Code desktop via
// @vscode/test-electron, for machines that can download VS Code (or have one: VSCODE_EXECUTABLE_PATH).
//   node test/harness/electron.mjs [--grep PATTERN] [FILE_FRAGMENT...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './codeServer.mjs';
import { buildExtension } from './extension.mjs';
import { fakeAvailable, startFake } from './fake.mjs';
import { bundleIntegrationTests, printTest, sourceMapper } from './integration.mjs';

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const only = argv.filter((arg, i) => !arg.startsWith('--') && i !== grepAt + 1);

buildExtension();
const bundleDir = path.join(repoRoot, 'out/integration/electron');
const extensionTestsPath = await bundleIntegrationTests(bundleDir, only);
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-electron-'));
const workspace = path.join(runDir, 'workspace');
const userDataDir = path.join(runDir, 'user-data');
fs.mkdirSync(workspace);
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
const resultsFile = path.join(runDir, 'results.jsonl');

const fake = fakeAvailable() ? await startFake() : undefined;
if (fake) {
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ 'posthogWorkbench.host': fake.url }));
}

let exitCode = 1;
try {
  // runTests resolves with VS Code's exit code, non-zero when run() in test/integration/index.ts rejected.
  exitCode = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
    launchArgs: [
      workspace,
      '--user-data-dir',
      userDataDir,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: { PHWB_RESULTS_FILE: resultsFile, ...(grep ? { PHWB_GREP: grep } : {}), ...(fake?.env ?? {}) },
  });
} catch (error) {
  console.error(error);
} finally {
  await fake?.stop();
}

const events = fs.existsSync(resultsFile)
  ? fs
      .readFileSync(resultsFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
const mapStack = sourceMapper(bundleDir);
for (const event of events.filter((e) => e.type === 'test')) printTest(event, console.log, mapStack);
const end = events.find((e) => e.type === 'end');
if (end) console.log(`${end.passed} passed, ${end.failed} failed`);
else console.log(`0 passed, 1 failed (the suite did not finish: exit code ${exitCode})`);
fs.rmSync(runDir, { recursive: true, force: true });
process.exitCode = end && end.failed === 0 && exitCode === 0 ? 0 : 1;
