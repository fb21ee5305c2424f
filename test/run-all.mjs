// `npm test`: unit tests (plain Node), the extension-host suite inside code-server, then the UI tests.
//   node test/run-all.mjs [unit|integration|e2e] [--grep PATTERN] [--self-test] [FILE_FRAGMENT...]
// --grep filters test titles (node:test name pattern / mocha grep); file fragments pick test files by path.
// --self-test (integration only) runs just the runner's own check that a broken activation fails the suite.
// The last line of output is always `N passed, N failed`; the exit code is non-zero when anything failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerNeeds, ensureCodeServer, repoRoot } from './harness/codeServer.mjs';
import { buildExtension } from './harness/extension.mjs';
import { integrationTestFiles, runIntegrationSuite } from './harness/integration.mjs';
import { ensurePrerequisites } from './harness/prerequisites.mjs';
import { runSelfTest } from './harness/selfTest.mjs';

const suites = ['unit', 'integration', 'e2e'];

function parseArgs(argv) {
  const options = { suites, grep: undefined, only: [], selfTest: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (i === 0 && suites.includes(arg)) options.suites = [arg];
    else if (arg === '--grep') options.grep = argv[++i];
    else if (arg.startsWith('--grep=')) options.grep = arg.slice('--grep='.length);
    else if (arg === '--self-test') options.selfTest = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.only.push(arg);
  }
  return options;
}

/** *.test.ts under the given folders (relative to the repo), skipping harness/support helper folders. */
function testFiles(folders, only) {
  return folders
    .map((folder) => path.join(repoRoot, folder))
    .filter((folder) => fs.existsSync(folder))
    .flatMap((folder) => fs.readdirSync(folder, { recursive: true }).map((file) => path.join(folder, file)))
    .filter((file) => file.endsWith('.test.ts') && !/[\\/](harness|support)[\\/]/.test(path.relative(repoRoot, file)))
    .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
    .sort();
}

/**
 * Runs files with node's test runner: the spec reporter on stdout for people, TAP into a file for the counts.
 * A non-zero exit without a failed test (a crash before any test ran) counts as one failure.
 */
function nodeTestRunner(files, { grep, extraArgs = [], env = {} }) {
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-tap-')), 'results.tap');
  const args = [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...extraArgs,
    ...(grep ? [`--test-name-pattern=${grep}`] : []),
    ...files,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('exit', (code) => {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      fs.rmSync(path.dirname(tap), { recursive: true, force: true });
      const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      const result = {
        passed: count('pass'),
        failed: count('fail') + count('cancelled'),
        pending: count('skipped') + count('todo'),
        // Failed tests by name (subtests indented under their file), so the summary can repeat them.
        failures: [...text.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((match) => match[1]),
      };
      if (code !== 0 && result.failed === 0) {
        console.log(`  ✖ node --test exited with code ${code}`);
        result.failed = 1;
        result.failures.push(`node --test exited with code ${code}`);
      }
      resolve(result);
    });
  });
}

async function unitSuite({ grep, only }) {
  const files = testFiles(['test/unit', 'test/reliability', 'test/contract', 'test/conformance'], only);
  if (files.length === 0) return { passed: 0, failed: 0, pending: 0 };
  // The package test lists what the .vsix would ship, and the bundles are part of that: on a fresh clone
  // nothing has built them yet.
  buildExtension();
  return nodeTestRunner(files, { grep });
}

async function integrationSuite({ grep, only, selfTest }) {
  if (selfTest) return runSelfTest();
  const runs = [];
  // The extension loaded for development (ExtensionMode.Test), then installed as users have it (Production).
  if (integrationTestFiles(only).length > 0) runs.push(await runIntegrationSuite({ grep, only }));
  if (integrationTestFiles(only, { packaged: true }).length > 0) {
    runs.push(await runIntegrationSuite({ grep, only, packaged: true, label: 'installed extension' }));
  }
  if (runs.length === 0) throw new Error(`no extension-host test file matches ${only.join(', ')}`);
  // The self-test is the runner's own regression test; a filtered run (one developer's file) skips it.
  if (!grep && only.length === 0) runs.push(await runSelfTest());
  return runs.reduce((sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed,
    pending: sum.pending + r.pending,
    failures: [...(sum.failures ?? []), ...(r.failures ?? [])],
  }));
}

async function e2eSuite({ grep, only }) {
  const files = testFiles(['test/e2e'], only);
  if (files.length === 0) return { passed: 0, failed: 0, pending: 0 };
  await ensureCodeServer();
  buildExtension();
  // One workbench at a time: each test drives a whole code-server + Chromium, and the machine has 2 cores.
  return nodeTestRunner(files, { grep, extraArgs: ['--test-concurrency=1'], env: { PHWB_E2E_BUILT: '1' } });
}

const runners = { unit: unitSuite, integration: integrationSuite, e2e: e2eSuite };

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Every Debian package the chosen suites need, installed at once before any suite starts (or the command to run).
  const needs = [
    ...(options.suites.includes('unit') ? ['openssl'] : []),
    ...(options.suites.some((suite) => suite !== 'unit') ? codeServerNeeds() : []),
  ];
  try {
    ensurePrerequisites(needs);
  } catch (error) {
    console.log(error.message);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  const results = [];
  for (const suite of options.suites) {
    console.log(`\n=== ${suite} tests ===`);
    const started = Date.now();
    let result;
    try {
      result = await runners[suite](options);
    } catch (error) {
      console.log(`  ✖ the ${suite} suite could not run: ${error.stack ?? error}`);
      result = { passed: 0, failed: 1, pending: 0, failures: [`the ${suite} suite could not run`] };
    }
    results.push({ suite, ...result, seconds: Math.round((Date.now() - started) / 1000) });
  }

  console.log('\n=== summary ===');
  for (const r of results) {
    const pending = r.pending ? `, ${r.pending} skipped` : '';
    console.log(`  ${r.suite.padEnd(12)} ${r.passed} passed, ${r.failed} failed${pending} (${r.seconds} s)`);
  }
  // A long run's log is often read from its end only: name what failed where the counts are.
  const failures = results.flatMap((r) => (r.failures ?? []).map((title) => `${r.suite}: ${title}`));
  if (failures.length > 0) {
    console.log('  failed:');
    for (const title of failures) console.log(`    ✖ ${title}`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
