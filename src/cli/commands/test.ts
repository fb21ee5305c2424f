// `posthog-workbench test [DIR]`: runs every fixture of every function folder under DIR (default posthog/hog-functions)
// on this machine, through the same core as the editor's Run Locally (core/testing/fixtureRun.ts), and checks what
// each expects. One line per fixture, the failures' expected and actual under it, then "N passed, N failed"; exit 1
// on any failure. `--junit FILE` writes the results as JUnit XML for CI systems. `--remote` runs them on PostHog's
// invocations endpoint instead (core/testing/remoteFixtureRun.ts), paced by the client's rate limiter, each folder as
// the function it is linked to in POSTHOG_PROJECT_ID (project-inputs.json applied, as push applies it).
import * as l10n from '@vscode/l10n';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readFunctionFolder, type LocalFunction } from '../../core/functions/folders';
import { FUNCTION_JSON, FUNCTIONS_DIR, projectKey, TEST_EVENTS_DIR } from '../../core/functions/layout';
import { DirectoryFolders, nodeFiles } from '../../core/functions/nodeFiles';
import { ProjectInputFolders } from '../../core/functions/projectInputs';
import { evaluateFixtureOnPostHog, prepareRemoteFunction } from '../../core/testing/remoteFixtureRun';
import { listFixtures } from '../../core/testing/fixtures';
import { evaluateFixture, folderFunction, prepareFunction, type FixtureVerdict } from '../../core/testing/fixtureRun';
import * as toolchain from '../../core/toolchain';
import { CliError, parseCommandArgs } from '../args';
import { connect, type Connection } from '../connection';
import { explain } from './functions';
import { loadToolchain } from '../hog';
import type { CliCommand, CliIO } from '../io';

const usage = () =>
  l10n.t(
    `Usage: posthog-workbench test [DIR] [options]

Runs every fixture (test-events/*.json in each function folder) under DIR, default {0}, on this
machine in PostHog's VM, as the editor's Run Locally does, and checks what each fixture expects
("expect": the returned event, the requests sent, print() lines, the error). A fixture without
"expect" passes when the run does not fail. DIR may also be one function folder.

Options:
  --junit FILE   also write the results as JUnit XML (for CI systems)
  --remote       run them on PostHog instead (its test invocations, async functions mocked), each
                 folder as the function it is linked to in POSTHOG_PROJECT_ID (push it first);
                 needs POSTHOG_HOST, POSTHOG_PERSONAL_API_KEY and POSTHOG_PROJECT_ID. A fixture
                 with scripted "responses" runs only locally and is skipped
  -h, --help     show this help

Exit codes: 0 every fixture passed, 1 a fixture failed (or none was found), 2 usage error.
`,
    FUNCTIONS_DIR,
  );

/** One fixture's outcome, with where it is. */
interface Case {
  folder: string;
  file: string;
  verdict: FixtureVerdict;
}

async function isDirectory(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The function folders to test: DIR itself when it is one, else the folders directly under it. */
async function functionFolders(dir: string): Promise<LocalFunction<string>[]> {
  if (await nodeFiles.exists(path.join(dir, FUNCTION_JSON))) return [await readFunctionFolder(nodeFiles, dir)];
  return new DirectoryFolders(dir).all();
}

/** Runs one fixture of a folder (its file's text), or why none of the folder's fixtures can run. */
type FolderRunner = (
  fn: LocalFunction<string>,
) => Promise<((fixture: { name: string; text: string }) => Promise<FixtureVerdict>) | string>;

const localRunner: FolderRunner = async (fn) => {
  if (!fn.state) return fn.problem ?? l10n.t('The function folder cannot be read.');
  await loadToolchain();
  try {
    const { configuration, ctx } = folderFunction(fn.state, path.basename(fn.folder), fn.file?.ids ?? {});
    const prepared = prepareFunction(toolchain, configuration, ctx);
    return (fixture) => evaluateFixture(toolchain, prepared, fixture);
  } catch (error) {
    return (error as Error).message;
  }
};

/** Each folder as the function it is in the connection's project, with that project's input values. */
function remoteRunner(c: Connection, root: string): FolderRunner {
  const key = projectKey(c.host, c.projectId);
  const forProject = new ProjectInputFolders(new DirectoryFolders(root), nodeFiles, {
    projectKey: key,
    projectId: c.projectId,
  });
  return async (read) => {
    const fn = await forProject.refresh(read.folder);
    if (!fn.state) return fn.problem ?? l10n.t('The function folder cannot be read.');
    const functionId = fn.file?.ids[key];
    if (!functionId)
      return l10n.t(
        'Not in project {0} at {1} yet, so it cannot run on PostHog: push it first (posthog-workbench push), or run without --remote.',
        c.projectId,
        c.host,
      );
    try {
      const { configuration, ctx } = folderFunction(fn.state, path.basename(fn.folder), fn.file?.ids ?? {}, c.host);
      const remote = prepareRemoteFunction({ client: c.client, projectId: c.projectId, functionId }, configuration, {
        ...ctx,
        host: c.host,
        projectId: c.projectId,
        functionId,
      });
      return (fixture) => evaluateFixtureOnPostHog(remote, fixture);
    } catch (error) {
      return (error as Error).message;
    }
  };
}

async function testFolder(runner: FolderRunner, fn: LocalFunction<string>, shown: string): Promise<Case[]> {
  const fixtures = await listFixtures(nodeFiles, [path.join(fn.folder, TEST_EVENTS_DIR)]);
  if (!fixtures.length) return [];
  const run = await runner(fn);
  const cases: Case[] = [];
  for (const fixture of fixtures) {
    const file = `${TEST_EVENTS_DIR}/${fixture.name}.json`;
    if (typeof run === 'string') {
      cases.push({
        folder: shown,
        file,
        verdict: {
          name: fixture.name,
          passed: false,
          failures: [{ field: 'function', message: run }],
          requests: [],
          prints: [],
          durationMs: 0,
        },
      });
      continue;
    }
    const text = (await nodeFiles.readText(fixture.uri)) ?? '';
    cases.push({ folder: shown, file, verdict: await run({ name: fixture.name, text }) });
  }
  return cases;
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

function report(io: CliIO, c: Case): void {
  const ms = `${Math.round(c.verdict.durationMs)} ms`;
  if (c.verdict.skipped !== undefined) {
    io.stdout(`skip  ${c.folder}/${c.file}  (${c.verdict.skipped})\n`);
    return;
  }
  io.stdout(`${c.verdict.passed ? 'pass' : 'FAIL'}  ${c.folder}/${c.file}  (${ms})\n`);
  for (const f of c.verdict.failures) {
    const where = f.line !== undefined ? `${c.folder}/${c.file}:${f.line}: ` : '';
    io.stdout(`      ${where}${f.message}\n`);
    if (f.expected !== undefined && f.actual !== undefined && (f.expected !== '' || f.actual !== '')) {
      io.stdout(
        `      ${l10n.t('expected:')}\n${indent(f.expected, '        ')}\n      ${l10n.t('actual:')}\n${indent(f.actual, '        ')}\n`,
      );
    }
  }
}

const xml = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex -- XML 1.0 cannot hold these characters at all
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** The results as JUnit XML: a suite per function folder, a case per fixture, a failure with expected and actual. */
export function junitXml(cases: readonly Case[], seconds: number): string {
  const suites = new Map<string, Case[]>();
  for (const c of cases) suites.set(c.folder, [...(suites.get(c.folder) ?? []), c]);
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failed = cases.filter((c) => !c.verdict.passed).length;
  lines.push(
    `<testsuites name="posthog-workbench test" tests="${cases.length}" failures="${failed}" errors="0" time="${seconds.toFixed(3)}">`,
  );
  for (const [folder, list] of suites) {
    const time = list.reduce((sum, c) => sum + c.verdict.durationMs, 0);
    lines.push(
      `  <testsuite name="${xml(folder)}" tests="${list.length}" failures="${list.filter((c) => !c.verdict.passed).length}" errors="0" skipped="${list.filter((c) => c.verdict.skipped !== undefined).length}" time="${secs(time)}">`,
    );
    for (const c of list) {
      const open = `    <testcase classname="${xml(folder)}" name="${xml(c.verdict.name)}" file="${xml(`${folder}/${c.file}`)}" time="${secs(c.verdict.durationMs)}"`;
      if (c.verdict.skipped !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${xml(c.verdict.skipped)}"/>`, '    </testcase>');
        continue;
      }
      if (c.verdict.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      for (const f of c.verdict.failures) {
        const body = [
          f.line !== undefined ? `${folder}/${c.file}:${f.line}` : '',
          f.message,
          f.expected !== undefined ? `expected:\n${f.expected}` : '',
          f.actual !== undefined ? `actual:\n${f.actual}` : '',
        ]
          .filter(Boolean)
          .join('\n');
        lines.push(`      <failure message="${xml(f.message)}" type="${xml(f.field)}">${xml(body)}</failure>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

export const testCommand: CliCommand = {
  name: 'test',
  get summary() {
    return l10n.t('Run the fixtures of hog functions (locally, or on PostHog) and check what they expect');
  },
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('test', argv, {
      junit: { type: 'string' },
      remote: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(usage());
      return 0;
    }
    if (positionals.length > 1)
      throw new CliError(
        l10n.t(
          'test takes one folder, got {0}.\nRun "posthog-workbench test --help" for its usage.',
          positionals.length,
        ),
        2,
      );
    const shownDir = positionals[0] ?? FUNCTIONS_DIR;
    const dir = path.resolve(io.cwd, shownDir);
    if (!(await isDirectory(dir))) throw new CliError(l10n.t('{0}: no such folder.', shownDir));
    const started = performance.now();
    const c = values.remote ? connect(io) : undefined;
    const runner = c ? remoteRunner(c, dir) : localRunner;
    const cases: Case[] = [];
    try {
      for (const fn of await functionFolders(dir)) {
        const shown = path.relative(io.cwd, fn.folder).split(path.sep).join('/') || '.';
        for (const one of await testFolder(runner, fn, shown)) {
          report(io, one);
          cases.push(one);
        }
      }
    } catch (error) {
      throw c ? explain(error, c) : error;
    } finally {
      await c?.client.dispose();
    }
    const seconds = (performance.now() - started) / 1000;
    if (typeof values.junit === 'string') {
      const target = path.resolve(io.cwd, values.junit);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, junitXml(cases, seconds), 'utf8');
    }
    if (!cases.length) {
      io.stderr(
        l10n.t(
          "No fixtures under {0}: a fixture is a JSON file in a function folder's {1}/.",
          shownDir,
          TEST_EVENTS_DIR,
        ) + '\n',
      );
      return 1;
    }
    const failed = cases.filter((one) => !one.verdict.passed).length;
    const skipped = cases.filter((one) => one.verdict.skipped !== undefined).length;
    const counts = l10n.t('{0} passed, {1} failed', cases.length - failed - skipped, failed);
    const skips = skipped ? `, ${l10n.t('{0} skipped (run only locally)', skipped)}` : '';
    io.stdout(`${counts}${skips} (${seconds.toFixed(2)} s)\n`);
    return failed ? 1 : 0;
  },
};
