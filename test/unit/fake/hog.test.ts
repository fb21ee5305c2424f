// The local PostHog's Hog: the save-time syntax check, and programs compiled from PostHog's parser and run in PostHog's VM
// (src/core/toolchain through test/fake-posthog/hogRuntime.ts) with the worker's logs, mocked fetch and redaction.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { findHogError } from '../../fake-posthog/hog';
import {
  compileProgramSource,
  evaluateHogQL,
  execute,
  HogCompileError,
  renderInputs,
} from '../../fake-posthog/hogRuntime';
import { loadHogSupport } from '../../fake-posthog/hogProgram';
import type { JsonObject } from '../../fake-posthog/types';

const run = (code: string, globals: JsonObject = {}, secrets: string[] = []) =>
  execute(compileProgramSource(code), {
    globals,
    secrets,
    mockAsync: true,
    eventId: 'event-1',
    eventUrl: 'https://app/events/1',
  });
const prints = (code: string, globals: JsonObject = {}) =>
  run(code, globals)
    .logs.filter((l) => l.level === 'info')
    .map((l) => l.message);

describe('fake PostHog: Hog syntax check', () => {
  it('accepts valid Hog, including inline HogQL, f-strings, dicts and all comment styles', () => {
    for (const code of [
      'let x := (select count(*) from events)',
      'fun add(a, b) { return a + b }',
      "let a := {'x': [1, 2, 3]}; return a.x[1] ?? null",
      "if (a == 1) { print(f'x {event.event}') } else { return }",
      '-- sql comment\n// line comment\n/* block */ return event',
    ])
      assert.equal(findHogError(code), null, code);
  });

  it('refuses unbalanced brackets, unterminated strings and comments, stray characters and dangling operators', () => {
    for (const code of [
      'x = (1 + 2',
      'fetch(inputs.url]',
      'print(\'a")',
      '/* unclosed',
      'let x := 1 # 2',
      'a === b',
      'let := 1',
      'let x :=',
    ]) {
      assert.notEqual(findHogError(code), null, code);
    }
  });
});

describe("fake PostHog: Hog programs in PostHog's VM", () => {
  before(() => loadHogSupport());

  it('runs locals, functions, recursion, closures that capture and change variables, and lambdas', () => {
    assert.equal(
      run('fun fib(n) { if (n < 2) { return n } return fib(n - 1) + fib(n - 2) } return fib(10)').result,
      55,
    );
    assert.equal(run('let mk := (x) -> (y) -> x + y; let add5 := mk(5); return add5(3)').result, 8);
    assert.equal(run("let c := 0; let inc := () -> { print('inc'); c := c + 1 }; inc(); inc(); return c").result, 2);
    assert.deepEqual(run('return arrayMap(x -> x * 2, [1, 2, 3])').result, [2, 4, 6]);
    assert.equal(
      run('fun outer() { let a := 1; fun inner() { return a + 1 } return inner() } return outer()').result,
      2,
    );
  });

  it('runs every kind of loop and branch', () => {
    assert.equal(run('let s := 0; for (let i := 0; i < 5; i := i + 1) { s := s + i } return s').result, 10);
    assert.deepEqual(
      run("let out := []; for (let k, v in {'a': 1, 'b': 2}) { out := arrayPushBack(out, f'{k}={v}') } return out")
        .result,
      ['a=1', 'b=2'],
    );
    assert.equal(run('let out := 0; for (let v in [1, 2, 3]) { out := out + v } return out').result, 6);
    assert.equal(run('let i := 0; while (i < 3) { i := i + 1 } return i').result, 3);
    assert.deepEqual(
      prints("if (event.event == '$pageview') { print('pv') } else if (true) { print('else') }", {
        event: { event: 'x' },
      }),
      ['else'],
    );
    assert.equal(run("return multiIf(1 > 2, 'a', 2 > 3, 'b', 'c')").result, 'c');
    assert.equal(run("let a := null; return a?.b ?? 'default'").result, 'default');
    assert.deepEqual(run('let a := [1, 2]; a[1] := 9; return a').result, [9, 2], 'arrays start at 1');
  });

  it('catches errors by type, rethrows what no block takes, and reports uncaught ones as the worker does', () => {
    assert.equal(run("try { throw Error('boom') } catch (e) { return f'caught {e.message}' }").result, 'caught boom');
    assert.equal(
      run(
        "try { throw RetryError('x') } catch (err: RetryError) { return concat('retry ', err.message) } catch (e) { return 'other' }",
      ).result,
      'retry x',
    );
    assert.equal(
      run(
        "try { throw Error('x') } catch (e: RetryError) { return 'retry' } catch (e) { return concat('other ', e.type) }",
      ).result,
      'other Error',
    );
    // PostHog's compiler (exactly reproduced) jumps past a typed catch that names its own variable one instruction
    // too far when the type does not match: the VM runs the next jump's operand as an instruction, and `e` is lost.
    assert.equal(
      run(
        "try { throw Error('x') } catch (err: RetryError) { return 'retry' } catch (e) { return concat('other ', e.type) }",
      ).result,
      'other ',
    );
    const uncaught = run("print('before'); try { throw Error('inner') } catch (e: RetryError) { return 'no' }");
    assert.equal(uncaught.error, 'inner');
    assert.deepEqual(
      uncaught.logs.map((l) => l.level),
      ['debug', 'info', 'error'],
    );
    assert.equal(uncaught.logs[2]?.message, "Error executing function on event event-1: Error('inner')");
  });

  it("mocks fetch with the worker's two log lines and a 200, so code after it sees a success", () => {
    const outcome = run(
      `let res := fetch(inputs.url, {'method': 'POST', 'headers': {'Authorization': f'Bearer {inputs.token}'}, 'body': {'event': event.event}})
if (res.status >= 400) { throw Error('failed') }
print('status', res.status)`,
      { event: { event: '$pageview' }, inputs: { url: 'https://hooks.example.com/x', token: 't0k' } },
    );
    assert.equal(outcome.error, undefined);
    const info = outcome.logs.filter((l) => l.level === 'info').map((l) => l.message);
    assert.equal(info[0], "Async function 'fetch' was mocked with arguments:");
    assert.equal(
      info[1],
      `fetch('https://hooks.example.com/x', ${JSON.stringify({ method: 'POST', headers: { Authorization: 'Bearer t0k' }, body: { event: '$pageview' } }, null, 2)})`,
    );
    assert.equal(info[2], 'status, 200');
    assert.match(
      outcome.logs.at(-1)?.message ?? '',
      /^Function completed in [\d.]+ms\. Sync: [\d.]+ms\. Mem: [\d.]+kb\. Ops: \d+\. Event: 'https:\/\/app\/events\/1'$/,
    );
  });

  it('redacts secret values from print() and errors, but not from the mocked fetch log (as PostHog does)', () => {
    const outcome = run(
      "print('key is', inputs.key); fetch('https://x.test', {'headers': {'x-key': inputs.key}}); throw Error(f'bad {inputs.key}')",
      { inputs: { key: 's3cret' } },
      ['s3cret'],
    );
    assert.equal(outcome.logs[1]?.message, 'key is, ***REDACTED***');
    assert.match(outcome.logs[3]?.message ?? '', /"x-key": "s3cret"/);
    assert.equal(outcome.error, 'bad ***REDACTED***');
  });

  it("refuses what PostHog's compiler refuses", () => {
    assert.throws(
      () => compileProgramSource('x := 1'),
      (e: Error) => e instanceof HogCompileError && /Can not assign to globals/.test(e.message),
    );
    assert.throws(() => compileProgramSource('let a := 1; let a := 2'), /already declared in this scope/);
    assert.throws(() => compileProgramSource('let a := [1]; return a[0]'), /Array access starts from 1/);
    assert.throws(() => compileProgramSource('let a := (1'), HogCompileError);
  });

  it('renders inputs from templates in schema order, each seeing the inputs before it, and collects secret values', () => {
    const { inputs, secrets } = renderInputs(
      [
        { key: 'token', type: 'string', secret: true, value: 'tok-{event.properties.plan}' },
        { key: 'header', type: 'string', secret: false, value: 'Bearer {inputs.token}' },
        { key: 'body', type: 'json', secret: false, value: { who: '{person.properties.email}', n: 1 } },
        { key: 'raw', type: 'string', secret: false, value: 'Hi {{ person.name }}', templating: 'liquid' },
      ],
      { event: { properties: { plan: 'team' } }, person: { properties: { email: 'ada@example.com' } } },
    );
    assert.deepEqual(inputs, {
      token: 'tok-team',
      header: 'Bearer tok-team',
      body: { who: 'ada@example.com', n: 1 },
      raw: 'Hi {{ person.name }}',
    });
    assert.deepEqual(secrets, ['tok-team']);
  });

  it('evaluates HogQL filter expressions against an event', () => {
    const event = {
      event: '$pageview',
      properties: { $browser: 'Chrome' },
      person: { properties: { email: 'ada@example.com' } },
    };
    assert.equal(evaluateHogQL("event = '$pageview' and properties.$browser ilike '%chr%'", event), true);
    assert.equal(evaluateHogQL("person.properties.email = 'grace@example.com'", event), false);
    assert.equal(evaluateHogQL('matchesAction(7)', event, { matchesAction: (id) => id === 7 }), true);
  });
});
