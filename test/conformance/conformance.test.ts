// Conformance: Hog programs of our own (programs/*.hog), one construct of the language each, with what they must
// print (*.out) and the bytecode PostHog's compiler produces for them (*.hoge, the .hoge layout of PostHog's `hoge`).
// Each runs twice: through the toolchain module (as the editor and the local PostHog use it) and through the command
// line as users run it (node dist/cli.js run / compile). A program's *.json can give its globals, scripted fetch
// answers, and the exit code and error it must end with.
//
// To add one: write programs/NAME.hog (and NAME.json if it needs globals, responses or fails), then its NAME.out and
// NAME.hoge from `node dist/cli.js run programs/NAME.hog > programs/NAME.out` and `... compile ... > NAME.hoge`,
// and read both before committing them: they are the expectation, not a snapshot to accept blindly.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  compileSource,
  completeGlobals,
  executeAsync,
  formatHoge,
  HOG_FUNCTION_COMPILE,
  loadParser,
  parseResponses,
  sourceAt,
} from '../../src/core/toolchain';

const root = path.resolve(__dirname, '../..');
const programs = path.join(__dirname, 'programs');
const cli = path.join(root, 'dist/cli.js');

interface Spec {
  globals?: Record<string, unknown>;
  responses?: unknown;
  /** The exit code the command line ends with (default 0). */
  exit?: number;
  /** What the command line writes to stderr, exactly (default: nothing). */
  stderr?: string;
}

const names = fs
  .readdirSync(programs)
  .filter((f) => f.endsWith('.hog'))
  .map((f) => f.slice(0, -4))
  .sort();
const read = (name: string, ext: string) => fs.readFileSync(path.join(programs, `${name}${ext}`), 'utf8');
const spec = (name: string): Spec =>
  fs.existsSync(path.join(programs, `${name}.json`)) ? (JSON.parse(read(name, '.json')) as Spec) : {};

type Ran = { code: number; stdout: string; stderr: string };
let scratch: string;
/** Each program's `run` and `compile` through the command line, started up front two at a time (each is a process). */
const cliResults = new Map<string, Promise<{ ran: Ran; compiled: Ran }>>();

before(async () => {
  await loadParser();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-conformance-'));
  const lanes: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  names.forEach((name, index) => {
    const lane = index % lanes.length;
    const result = (lanes[lane] as Promise<unknown>).then(() => runThroughCli(name));
    lanes[lane] = result.catch(() => undefined);
    cliResults.set(name, result);
  });
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function runThroughCli(name: string): Promise<{ ran: Ran; compiled: Ran }> {
  const { globals, responses } = spec(name);
  const args = ['run', `${name}.hog`];
  if (globals) {
    const file = path.join(scratch, `${name}.globals.json`);
    fs.writeFileSync(file, JSON.stringify(globals));
    args.push('--globals', file);
  }
  if (responses) {
    const file = path.join(scratch, `${name}.responses.json`);
    fs.writeFileSync(file, JSON.stringify(responses));
    args.push('--responses', file);
  }
  return { ran: await cliRun(args), compiled: await cliRun(['compile', `${name}.hog`]) };
}

async function cliRun(args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: programs,
      env: { PATH: process.env.PATH },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('conformance', () => {
  it('covers every construct the issue names', () => {
    for (const name of [
      'variables',
      'functions',
      'closures',
      'recursion',
      'loops',
      'exceptions',
      'strings',
      'collections',
      'nulls',
      'operators',
      'stdlib',
      'json',
    ]) {
      assert.ok(names.includes(name), `programs/${name}.hog is missing`);
    }
    for (const name of names) {
      assert.ok(fs.existsSync(path.join(programs, `${name}.out`)), `${name}.out is missing`);
      assert.ok(fs.existsSync(path.join(programs, `${name}.hoge`)), `${name}.hoge is missing`);
    }
  });

  for (const name of names) {
    describe(name, () => {
      const expected = () => ({ out: read(name, '.out'), hoge: read(name, '.hoge'), ...spec(name) });

      it("through the toolchain module: PostHog's bytecode, and what it prints", async () => {
        const { out, hoge, globals, responses, exit = 0, stderr } = expected();
        const source = read(name, '.hog');
        const compiled = compileSource(source, 'program', HOG_FUNCTION_COMPILE);
        assert.equal(formatHoge(compiled.bytecode, compiled.floats), hoge);
        const run = await executeAsync(compiled.bytecode, {
          globals: completeGlobals('destination', globals ?? {}),
          asyncMode: 'script',
          printMode: 'vm',
          responses: responses ? parseResponses(responses) : [],
        });
        assert.equal(run.prints.map((line) => `${line}\n`).join(''), out);
        assert.equal(run.error === undefined ? 0 : 1, exit, run.error);
        if (stderr !== undefined && run.error !== undefined) {
          const at = run.errorIp === undefined ? undefined : sourceAt(compiled.debugInfo, run.errorIp);
          assert.ok(stderr.includes(run.error), `${stderr} names ${run.error}`);
          if (at)
            assert.ok(
              stderr.startsWith(`${name}.hog:${at.line}:${at.column}: `),
              `${stderr} is at ${at.line}:${at.column}`,
            );
        }
      });

      it('through the command line: run prints the same, compile prints the same bytecode', async () => {
        const { out, hoge, exit = 0, stderr = '' } = expected();
        const { ran, compiled } = await (cliResults.get(name) as Promise<{ ran: Ran; compiled: Ran }>);
        assert.equal(ran.stdout, out);
        assert.equal(ran.stderr, stderr);
        assert.equal(ran.code, exit);
        assert.equal(compiled.code, 0, compiled.stderr);
        assert.equal(compiled.stdout, hoge);
      });
    });
  }
});
