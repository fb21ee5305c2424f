// `posthog-workbench test [DIR]`: runs every fixture of every function folder under DIR (default posthog/hog-functions)
// on this machine, through the same core as the editor's Run Locally (core/testing/fixtureRun.ts), and checks what
// each expects. One line per fixture, the failures' expected and actual under it, then "N passed, N failed"; exit 1
// on any failure. `--junit FILE` writes the results as JUnit XML for CI systems.
import * as l10n from '@vscode/l10n';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readFunctionFolder, type LocalFunction } from '../../core/functions/folders';
import { FUNCTION_JSON, FUNCTIONS_DIR, TEST_EVENTS_DIR } from '../../core/functions/layout';
import { DirectoryFolders, nodeFiles } from '../../core/functions/nodeFiles';
import { listFixtures } from '../../core/testing/fixtures';
import {
  evaluateFixture,
  folderFunction,
  prepareFunction,
  type FixtureVerdict,
  type PreparedFunction,
  type Toolchain,
} from '../../core/testing/fixtureRun';
import * as toolchain from '../../core/toolchain';
import { CliError, parseCommandArgs } from '../args';
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
  --remote       run on PostHog instead (not available yet)
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

async function testFolder(tc: Toolchain, fn: LocalFunction<string>, shown: string): Promise<Case[]> {
  const fixtures = await listFixtures(nodeFiles, [path.join(fn.folder, TEST_EVENTS_DIR)]);
  if (!fixtures.length) return [];
  const fail = (message: string): Case[] =>
    fixtures.map((f) => ({
      folder: shown,
      file: `${TEST_EVENTS_DIR}/${f.name}.json`,
      verdict: {
        name: f.name,
        passed: false,
        failures: [{ field: 'function', message }],
        requests: [],
        prints: [],
        durationMs: 0,
      },
    }));
  if (!fn.state) return fail(fn.problem ?? l10n.t('The function folder cannot be read.'));
  let prepared: PreparedFunction;
  try {
    const { configuration, ctx } = folderFunction(fn.state, path.basename(fn.folder), fn.file?.ids ?? {});
    prepared = prepareFunction(tc, configuration, ctx);
  } catch (error) {
    return fail((error as Error).message);
  }
  const cases: Case[] = [];
  for (const fixture of fixtures) {
    const text = (await nodeFiles.readText(fixture.uri)) ?? '';
    cases.push({
      folder: shown,
      file: `${TEST_EVENTS_DIR}/${fixture.name}.json`,
      verdict: await evaluateFixture(tc, prepared, { name: fixture.name, text }),
    });
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
      `  <testsuite name="${xml(folder)}" tests="${list.length}" failures="${list.filter((c) => !c.verdict.passed).length}" errors="0" skipped="0" time="${secs(time)}">`,
    );
    for (const c of list) {
      const open = `    <testcase classname="${xml(folder)}" name="${xml(c.verdict.name)}" file="${xml(`${folder}/${c.file}`)}" time="${secs(c.verdict.durationMs)}"`;
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
    return l10n.t('Run the fixtures of hog functions locally and check what they expect');
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
    if (values.remote) {
      throw new CliError(
        l10n.t('--remote (running the fixtures on PostHog) is not available yet. Run without it to run them locally.'),
        2,
      );
    }
    const shownDir = positionals[0] ?? FUNCTIONS_DIR;
    const dir = path.resolve(io.cwd, shownDir);
    if (!(await isDirectory(dir))) throw new CliError(l10n.t('{0}: no such folder.', shownDir));
    const started = performance.now();
    await loadToolchain();
    const cases: Case[] = [];
    for (const fn of await functionFolders(dir)) {
      const shown = path.relative(io.cwd, fn.folder).split(path.sep).join('/') || '.';
      for (const c of await testFolder(toolchain, fn, shown)) {
        report(io, c);
        cases.push(c);
      }
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
    const failed = cases.filter((c) => !c.verdict.passed).length;
    io.stdout(`${l10n.t('{0} passed, {1} failed', cases.length - failed, failed)} (${seconds.toFixed(2)} s)\n`);
    return failed ? 1 : 0;
  },
};
