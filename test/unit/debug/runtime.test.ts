// The Hog debug runtime without DAP: the debug build stops where it should and replays faithfully (shared values stay
// shared, now() and random values repeat, output is not shown twice), limits as PostHog's worker has them, and the
// launch arguments (globals completed, inputs rendered, transformations without async functions).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { localHost } from '../../../src/core/debug/adapter';
import { debugBuild } from '../../../src/core/debug/build';
import { prepareLaunch } from '../../../src/core/debug/launch';
import { HogDebugRuntime, type OutputLine, type Stop } from '../../../src/core/debug/runtime';
import { hogRepr } from '../../../src/core/debug/values';
import { compile, loadParser } from '../../../src/core/toolchain';

interface Run {
  runtime: HogDebugRuntime;
  stops: Stop[];
  output: OutputLine[];
  ended: { result?: unknown; error?: { type: string; message: string } }[];
}

async function runtimeFor(
  source: string,
  options: { globals?: Record<string, unknown>; stopOnEntry?: boolean; asyncFunctions?: string[] } = {},
): Promise<Run> {
  const build = debugBuild(await localHost.parse(source, 'program'), source);
  const run: Run = { stops: [], output: [], ended: [] } as unknown as Run;
  run.runtime = new HogDebugRuntime(
    {
      build,
      globals: options.globals ?? { event: { event: '$pageview', properties: {} } },
      ...(options.stopOnEntry ? { stopOnEntry: true } : {}),
      ...(options.asyncFunctions ? { asyncFunctions: options.asyncFunctions } : {}),
    },
    { stopped: (s) => run.stops.push(s), output: (o) => run.output.push(o), ended: (e) => run.ended.push(e) },
  );
  return run;
}

const lineOf = (run: Run) => run.runtime.frames().find((f) => !f.library)?.site?.range.line;
const local = (run: Run, name: string) =>
  hogRepr(run.runtime.locals(run.runtime.frames().find((f) => !f.library)!)[name]);

before(async () => {
  await loadParser();
});

describe('Hog debug runtime', () => {
  it('keeps a dict shared by two variables shared across stops (it replays instead of resuming a copied state)', async () => {
    const run = await runtimeFor(['let a := {}', 'let b := a', 'b.x := 1', 'print(a)', 'return a'].join('\n'), {
      stopOnEntry: true,
    });
    run.runtime.start();
    for (let i = 0; i < 5; i++) run.runtime.resume('next');
    assert.deepEqual(
      run.output.map((o) => o.text),
      ['{"x":1}'],
    );
    assert.deepEqual(run.ended, [{ result: { x: 1 } }]);
  });

  it('replays now() and random values as the first run had them, and shows each print() once', async () => {
    const run = await runtimeFor(
      [
        'let t := now()',
        'let u := generateUUIDv4()',
        'print(u)',
        'let r := randomFloat()',
        'return [toString(t), u, r]',
      ].join('\n'),
      { stopOnEntry: true },
    );
    run.runtime.start();
    run.runtime.resume('next');
    run.runtime.resume('next');
    run.runtime.resume('next');
    const seen = local(run, 'u');
    run.runtime.resume('next');
    run.runtime.resume('continue');
    const result = run.ended[0]?.result as unknown[];
    assert.equal(`'${String(result[1])}'`, seen);
    assert.deepEqual(
      run.output.map((o) => o.text),
      [String(result[1])],
    );
    assert.ok(run.runtime.stats.runs >= 5, 'each step is a run');
  });

  it('steps into a lambda run by the standard library (arrayMap) and shows its library frame', async () => {
    const run = await runtimeFor(['let k := 10', 'let out := arrayMap(x -> x * k, [1, 2])', 'return out'].join('\n'));
    run.runtime.setBreakpoints([{ line: 2 }]);
    run.runtime.start();
    run.runtime.resume('stepIn');
    const frames = run.runtime.frames();
    assert.equal(frames[0]?.name, 'lambda');
    assert.equal(frames[0]?.site?.range.line, 2);
    assert.ok(
      frames.some((f) => f.library && f.name === 'arrayMap'),
      frames.map((f) => f.name).join(' < '),
    );
    assert.equal(hogRepr(run.runtime.closure(frames[0]!).k), '10');
    run.runtime.resume('continue');
    assert.deepEqual(run.ended[0]?.result, [10, 20]);
  });

  it('restarts from the beginning with breakpoints kept', async () => {
    const run = await runtimeFor(['let i := 0', 'i := i + 1', 'i := i + 1', 'return i'].join('\n'));
    run.runtime.setBreakpoints([{ line: 3 }]);
    run.runtime.start();
    assert.equal(lineOf(run), 3);
    run.runtime.restart();
    assert.equal(run.stops.length, 2);
    assert.equal(lineOf(run), 3);
    assert.equal(local(run, 'i'), '1');
  });

  it("stops at PostHog's 6th async call with its limit, and a transformation has no fetch at all", async () => {
    const fetches = await runtimeFor("for (let i := 0; i < 6; i := i + 1) { fetch('https://example.com') }");
    fetches.runtime.start();
    for (let i = 0; i < 5; i++) {
      assert.equal(fetches.stops.at(-1)?.reason, 'async');
      fetches.runtime.answer({ value: { status: 200, body: {} }, label: '200' });
      fetches.runtime.resume('continue');
    }
    assert.equal(fetches.stops.at(-1)?.reason, 'exception');
    assert.match(fetches.stops.at(-1)?.error?.message ?? '', /Exceeded maximum number of async steps: 5/);

    const transformation = await runtimeFor("fetch('https://example.com')\nreturn event", { asyncFunctions: [] });
    transformation.runtime.breakOnUncaught = false;
    transformation.runtime.start();
    assert.match(transformation.ended[0]?.error?.message ?? '', /fetch/);
  });

  it('pauses before postHogCapture with the event it would capture, and records it (nothing is sent)', async () => {
    const run = await runtimeFor(
      "let name := 'signed up'\npostHogCapture({'event': name, 'properties': {'plan': 'pro'}})\nreturn 1",
      { globals: { event: { event: 'x', distinct_id: 'd-1', properties: {} } } },
    );
    run.runtime.start();
    const stop = run.stops[0];
    assert.equal(stop?.reason, 'call');
    assert.equal(stop?.description, 'Paused on postHogCapture');
    assert.deepEqual(stop?.call, {
      name: 'postHogCapture',
      args: [{ event: 'signed up', properties: { plan: 'pro' } }],
    });
    assert.equal(lineOf(run), 2);
    run.runtime.resume('continue');
    assert.deepEqual(run.runtime.capturedEvents(), [
      { event: 'signed up', distinct_id: 'd-1', properties: { plan: 'pro' } },
    ]);
    assert.deepEqual(run.ended, [{ result: 1 }]);
  });

  it('evaluates in a frame without changing the run, and reports what does not evaluate', async () => {
    const run = await runtimeFor(
      ["let d := {'n': 1}", 'fn bump(x) { x.n := x.n + 1; return x.n }', 'print(d.n)', 'return d'].join('\n'),
    );
    run.runtime.setBreakpoints([{ line: 3 }]);
    run.runtime.start();
    const frame = run.runtime.frames()[0];
    const code = (text: string) =>
      compile({ node: 'ExprCall', expr: { node: 'Field', chain: ['bump'] }, args: [{ node: 'Field', chain: [text] }] })
        .bytecode;
    assert.equal(run.runtime.evaluateInFrame(code('d'), frame).value, 2);
    run.runtime.resume('continue');
    assert.deepEqual(
      run.output.map((o) => o.text),
      ['1'],
      'the evaluation changed a copy',
    );
    const missing = run.runtime.evaluateInFrame(compile({ node: 'Field', chain: ['nope'] }).bytecode, undefined);
    assert.match(missing.error ?? '', /nope/);
  });
});

describe('debug launch arguments', () => {
  it("completes the globals as the worker does, renders the inputs' templates, and redacts secret inputs from prints", async () => {
    const prepared = await prepareLaunch(
      {
        program: '/x.hog',
        source: 'print(inputs.auth)\nreturn inputs.greeting',
        globals: { event: { event: 'signed up', properties: { plan: 'pro' } } },
        inputs: [
          { key: 'greeting', type: 'string', secret: false, value: 'hi {event.properties.plan}' },
          { key: 'auth', type: 'string', secret: true, value: 'secret-input-auth' },
        ],
      },
      localHost,
    );
    assert.equal((prepared.globals.inputs as Record<string, unknown>).greeting, 'hi pro');
    assert.ok(
      prepared.globals.person === null &&
        typeof prepared.globals.project === 'object' &&
        typeof prepared.globals.source === 'object',
    );
    assert.deepEqual(prepared.secrets, ['secret-input-auth']);
    const output: string[] = [];
    const ended: unknown[] = [];
    const runtime = new HogDebugRuntime(
      { build: prepared.build, globals: prepared.globals, secrets: prepared.secrets },
      { stopped: () => undefined, output: (o) => output.push(o.text), ended: (e) => ended.push(e) },
    );
    runtime.start();
    assert.deepEqual(output, ['***REDACTED***']);
    assert.deepEqual(ended, [{ result: 'hi pro' }]);
  });

  it('says where a syntax error is, in words', async () => {
    await assert.rejects(
      prepareLaunch({ program: '/x.hog', source: "let x := {'a': 1" }, localHost),
      /^Error: Line 1, column \d+: /,
    );
  });
});
