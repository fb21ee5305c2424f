// Protocol tests: the standalone Hog debug adapter, `node dist/hogDebugAdapter.js`, driven over stdin/stdout by
// @vscode/debugadapter-testsupport's DebugClient, as any DAP client drives it. The unit suite builds dist/ first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const root = path.resolve(__dirname, '../../..');
const adapter = path.join(root, 'dist/hogDebugAdapter.js');
const programs = path.join(__dirname, 'programs');
const DESTINATION = path.join(programs, 'destination.hog');
const THROWS = path.join(programs, 'throws.hog');
const launchArgs = {
  program: DESTINATION,
  globals: path.join(programs, 'globals.json'),
  responses: path.join(programs, 'responses.json'),
};

let dc: DebugClient;
let outputs: DebugProtocol.OutputEvent[] = [];

before(() => {
  assert.ok(fs.existsSync(adapter), 'dist/hogDebugAdapter.js is built (npm run build)');
});

beforeEach(async () => {
  dc = new DebugClient('node', adapter, 'hog');
  // Cold starts (process, bundle, the parser's WebAssembly) on a busy machine.
  dc.defaultTimeout = 20000;
  outputs = [];
  dc.on('output', (e) => outputs.push(e as DebugProtocol.OutputEvent));
  await dc.start();
});

afterEach(async () => {
  await dc.stop();
});

async function topFrames() {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

async function variables(reference: number): Promise<Record<string, DebugProtocol.Variable>> {
  const response = await dc.variablesRequest({ variablesReference: reference });
  return Object.fromEntries(response.body.variables.map((v) => [v.name, v]));
}

async function scopes(frameId: number): Promise<Record<string, DebugProtocol.Scope>> {
  const response = await dc.scopesRequest({ frameId });
  return Object.fromEntries(response.body.scopes.map((s) => [s.name, s]));
}

/** Sends a control request and waits for the stop it leads to. */
async function step(request: Promise<unknown>, reason: string, line: number): Promise<void> {
  await Promise.all([request, dc.assertStoppedLocation(reason, { line })]);
}

const printed = () =>
  outputs.filter((o) => o.body.category === 'stdout').map((o) => `${o.body.line}: ${o.body.output.trim()}`);

describe('Hog debug adapter over stdio', () => {
  it('stops at a breakpoint with the stack, locals and globals; steps into a function and out; evaluates; a conditional breakpoint; a fetch answered 500 by the script takes the error branch; terminates', async () => {
    await dc.hitBreakpoint(launchArgs, { path: DESTINATION, line: 3 });
    let frames = await topFrames();
    assert.deepEqual(
      frames.map((f) => [f.name, f.line]),
      [
        ['addTag', 3],
        ['<program>', 14],
      ],
    );
    assert.equal(frames[0]?.source?.path, DESTINATION);

    const addTagScopes = await scopes(frames[0]!.id);
    assert.deepEqual(Object.keys(addTagScopes), ['Locals', 'Globals']);
    const locals = await variables(addTagScopes.Locals!.variablesReference);
    assert.equal(locals.tag?.value, "'a'");
    assert.equal(locals.d?.value, "{'event': '$pageview', 'plan': 'pro', 'tags': []}");
    const globals = await variables(addTagScopes.Globals!.variablesReference);
    assert.ok(
      globals.event && globals.person && globals.inputs && globals.project,
      'event, person, inputs and project are globals',
    );
    const event = await variables(globals.event.variablesReference);
    const properties = await variables(event.properties!.variablesReference);
    assert.equal(properties.plan?.value, "'pro'");

    // Out of addTag: the caller's dict was changed through the argument, as without a debugger.
    await step(dc.stepOutRequest({ threadId: 1 }), 'step', 15);
    frames = await topFrames();
    const programLocals = await variables((await scopes(frames[0]!.id)).Locals!.variablesReference);
    assert.equal(programLocals.payload?.value, "{'event': '$pageview', 'plan': 'pro', 'tags': ['a']}");
    assert.equal(programLocals.alias?.value, programLocals.payload?.value);

    // Into the lambda: a closure with its captured variable.
    await step(dc.nextRequest({ threadId: 1 }), 'step', 16);
    await step(dc.stepInRequest({ threadId: 1 }), 'step', 9);
    frames = await topFrames();
    assert.deepEqual(
      frames.map((f) => [f.name, f.line]),
      [
        ['lambda', 9],
        ['<program>', 16],
      ],
    );
    const lambdaScopes = await scopes(frames[0]!.id);
    assert.deepEqual(Object.keys(lambdaScopes), ['Locals', 'Closure', 'Globals']);
    assert.equal((await variables(lambdaScopes.Closure!.variablesReference)).counter?.value, '1');
    const evaluated = await dc.evaluateRequest({
      expression: 'counter * 100 + length(event.properties.plan)',
      frameId: frames[0]!.id,
      context: 'watch',
    });
    assert.equal(evaluated.body.result, '103');
    // The program's own functions can be called from the caller's frame.
    const called = await dc.evaluateRequest({
      expression: "addTag({'tags': []}, 'x').tags",
      frameId: frames[1]!.id,
      context: 'repl',
    });
    assert.equal(called.body.result, "['x']");
    await step(dc.stepOutRequest({ threadId: 1 }), 'step', 17);

    // A conditional breakpoint in the loop stops on the third item only.
    await dc.setBreakpointsRequest({
      source: { path: DESTINATION },
      breakpoints: [{ line: 18, condition: 'x == 30' }],
    });
    await step(dc.continueRequest({ threadId: 1 }), 'breakpoint', 18);
    frames = await topFrames();
    assert.equal((await dc.evaluateRequest({ expression: 'i', frameId: frames[0]!.id })).body.result, '2');

    // fetch: its own stop, showing what would be sent; the scripted 500 sends the code into its error branch.
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: 1 });
    const onFetch = await stopped;
    assert.equal(onFetch.body.reason, 'fetch');
    assert.equal(onFetch.body.description, 'Paused on fetch');
    frames = await topFrames();
    assert.equal(frames[0]?.line, 20);
    const request = await variables((await scopes(frames[0]!.id))['fetch (not sent)']!.variablesReference);
    assert.equal(request.url?.value, "'https://example.com/hook'");
    assert.equal(request.method?.value, "'POST'");

    const ended = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await ended;
    assert.deepEqual(printed(), ['18: item 0 10', '18: item 1 20', '18: item 2 30', '22: failed, 500', '26: ["a"], 2']);
    assert.ok(outputs.some((o) => /POST https:\/\/example\.com\/hook answered: 500 \(scripted\)/.test(o.body.output)));
    assert.ok(outputs.some((o) => /Returned \{'event': '\$pageview'/.test(o.body.output)));
  });

  it('stops where an uncaught throw ends the run, with the Hog error type and message, then ends', async () => {
    await Promise.all([
      dc.configurationSequence(),
      dc.launch({ program: THROWS }),
      dc.assertStoppedLocation('exception', { line: 3 }),
    ]);
    const frames = await topFrames();
    assert.deepEqual(
      frames.map((f) => [f.name, f.line]),
      [
        ['check', 3],
        ['<program>', 9],
      ],
    );
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'Error');
    assert.equal(info.body.description, 'too big: 4');
    assert.equal(info.body.breakMode, 'unhandled');
    const locals = await variables((await scopes(frames[0]!.id)).Locals!.variablesReference);
    assert.equal(locals.n?.value, '4');
    const ended = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await ended;
    assert.ok(
      outputs.some((o) => o.body.category === 'stderr' && o.body.output.includes('Uncaught Error: too big: 4')),
    );
  });

  it('stops on entry, binds a breakpoint on a blank line to the next statement, leaves one past the end unverified with the reason, and terminates on request', async () => {
    const initialized = dc.waitForEvent('initialized');
    const launched = dc.launch({ program: THROWS, stopOnEntry: true });
    await initialized;
    const set = await dc.setBreakpointsRequest({ source: { path: THROWS }, breakpoints: [{ line: 6 }, { line: 40 }] });
    assert.deepEqual(
      set.body.breakpoints.map((b) => [b.verified, b.line]),
      [
        [true, 7],
        [false, 40],
      ],
    );
    assert.match(set.body.breakpoints[1]?.message ?? '', /No Hog statement starts on this line/);
    await Promise.all([dc.configurationDoneRequest(), launched, dc.assertStoppedLocation('entry', { line: 1 })]);
    await step(dc.continueRequest({ threadId: 1 }), 'breakpoint', 7);
    const ended = dc.waitForEvent('terminated');
    await dc.terminateRequest({});
    await ended;
  });

  it('logpoints print without stopping; hit counts stop on the nth hit; a variable can be changed and the run goes on with it', async () => {
    const initialized = dc.waitForEvent('initialized');
    const launched = dc.launch(launchArgs);
    await initialized;
    await dc.setBreakpointsRequest({
      source: { path: DESTINATION },
      breakpoints: [
        { line: 18, logMessage: 'x is {x}, i is {i}' },
        { line: 10, hitCondition: '2' },
      ],
    });
    await Promise.all([dc.configurationDoneRequest(), launched, dc.assertStoppedLocation('breakpoint', { line: 10 })]);
    const frames = await topFrames();
    assert.equal((await dc.evaluateRequest({ expression: 'counter', frameId: frames[0]!.id })).body.result, '2');
    const closure = (await scopes(frames[0]!.id)).Closure!;
    const set = await dc.setVariableRequest({
      variablesReference: closure.variablesReference,
      name: 'counter',
      value: '40',
    });
    assert.equal(set.body.value, '40');
    const ended = dc.waitForEvent('terminated');
    // The fetch stop is answered by the script; the run ends.
    const stopped = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    await stopped;
    await dc.continueRequest({ threadId: 1 });
    await ended;
    const logged = outputs
      .filter((o) => o.body.category === 'console' && o.body.output.startsWith('x is'))
      .map((o) => o.body.output.trim());
    assert.deepEqual(logged, ['x is 10, i is 0', 'x is 20, i is 1', 'x is 30, i is 2']);
    assert.ok(printed().includes('26: ["a"], 40'), `the edited counter went on: ${printed().join(' | ')}`);
  });

  it('asks the client for an answer when no script matches (hogAskResponse / hogAnswer), and stops at every throw when asked to', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hog-debug-'));
    const program = path.join(dir, 'ask.hog');
    fs.writeFileSync(
      program,
      [
        "let res := fetch('https://api.example.com/x', {'method': 'GET'})",
        'try {',
        "  if (res.status >= 400) { throw Error(f'status {res.status}') }",
        '} catch (e) {',
        "  print('caught', e.message)",
        '}',
        'print(res.body)',
      ].join('\n'),
    );
    try {
      const asked = dc.waitForEvent('hogAskResponse') as Promise<DebugProtocol.Event>;
      const initialized = dc.waitForEvent('initialized');
      const launched = dc.launch({ program, askForResponses: true } as DebugProtocol.LaunchRequestArguments);
      await initialized;
      await dc.setExceptionBreakpointsRequest({ filters: ['uncaught', 'all'] });
      await Promise.all([dc.configurationDoneRequest(), launched, dc.assertStoppedLocation('fetch', { line: 1 })]);
      await dc.continueRequest({ threadId: 1 });
      const question = await asked;
      assert.equal(question.body.name, 'fetch');
      assert.equal(question.body.request.method, 'GET');
      await Promise.all([
        dc.customRequest('hogAnswer', { id: question.body.id, preset: 'timeout' }),
        dc.assertStoppedLocation('exception', { line: 3 }),
      ]);
      const info = await dc.exceptionInfoRequest({ threadId: 1 });
      assert.equal(info.body.breakMode, 'always');
      assert.equal(info.body.description, 'status 500');
      const ended = dc.waitForEvent('terminated');
      await dc.continueRequest({ threadId: 1 });
      await ended;
      assert.deepEqual(printed(), [
        '5: caught, status 500',
        '7: TimeoutError: The operation was aborted due to timeout',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

after(() => undefined);
