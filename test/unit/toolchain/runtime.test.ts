// The toolchain's runs: PostHog's VM with the CDP worker's limits, logs and redaction, async functions answered by a
// script (order, URL pattern, status, headers, body, delay, error, the default), postHogCapture, the VM's own print
// format, and invocations by function type.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  compileSource,
  completeGlobals,
  execute,
  executeAsync,
  invokeHogFunction,
  invokeHogFunctionAsync,
  loadParser,
  parseResponses,
  ResponseScriptError,
  type RunOptions,
} from '../../../src/core/toolchain';

before(() => loadParser());

const run = (source: string, options: Partial<RunOptions> = {}) =>
  execute(compileSource(source).bytecode, { globals: {}, asyncMode: 'script', ...options });
const runAsync = (source: string, options: Partial<RunOptions> = {}) =>
  executeAsync(compileSource(source).bytecode, { globals: {}, asyncMode: 'script', ...options });

describe('toolchain runtime: scripted async functions', () => {
  it('answers fetch with 200 and an empty JSON body by default, and records the request the worker would send', () => {
    const outcome = run("let res := fetch('https://x.test/hook', {'body': {'a': 1}}); print(res.status, res.body)");
    assert.equal(outcome.error, undefined);
    assert.deepEqual(outcome.prints, ['200, {}']);
    assert.deepEqual(outcome.calls[0]?.request, {
      url: 'https://x.test/hook',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
  });

  it('answers by URL pattern first, then in order, each ordered answer once', () => {
    const responses = parseResponses([
      { url: 'https://api.test/*', status: 201, body: '{"id": 7}' },
      { status: 500, body: 'boom' },
      { status: 202 },
    ]);
    const outcome = run(
      "print(fetch('https://other.test/a').status); print(fetch('https://api.test/users').body.id); print(fetch('https://other.test/b').status); print(fetch('https://other.test/c').status)",
      { responses },
    );
    assert.deepEqual(outcome.prints, ['500', '7', '202', '200']);
    // A failed request is logged as the worker logs it and fails the run, though the code went on.
    assert.ok(
      outcome.logs.some(
        (l) => l.level === 'error' && l.message === 'HTTP fetch failed on attempt 1 with status code 500.',
      ),
    );
    assert.equal(outcome.error, 'HTTP fetch failed on attempt 1 with status code 500.');
  });

  it('lets the code handle a thrown error as the worker does: status 500 with the error as body', () => {
    const outcome = run(
      "let res := fetch('https://x.test', {'method': 'get'}); if (res.status >= 400) { print(f'failed: {res.body}') }",
      {
        responses: [{ error: 'connect ECONNREFUSED' }],
      },
    );
    assert.deepEqual(outcome.prints, ['failed: Error: connect ECONNREFUSED']);
    assert.equal(outcome.calls[0]?.request?.method, 'GET');
    assert.equal(outcome.calls[0]?.error, 'connect ECONNREFUSED');
  });

  it('waits out a delay when run asynchronously, and keeps headers for display only (the code gets status and body)', async () => {
    const started = Date.now();
    const outcome = await runAsync(
      "let res := fetch('https://x.test'); print(res.headers ?? 'no headers', res.status)",
      {
        responses: [{ status: 204, headers: { 'x-id': '1' }, delay: 60 }],
      },
    );
    assert.ok(Date.now() - started >= 50);
    assert.deepEqual(outcome.prints, ['no headers, 204']);
    assert.deepEqual(outcome.calls[0]?.response?.headers, { 'x-id': '1' });
    assert.equal(outcome.calls[0]?.delayMs, 60);
  });

  it('refuses a script with clear messages', () => {
    assert.throws(() => parseResponses({}), ResponseScriptError);
    assert.throws(() => parseResponses([{ status: 'ok' }]), /answer 1: "status" must be an HTTP status/);
    assert.throws(() => parseResponses([{ colour: 'red' }]), /answer 1 has an unknown field "colour"/);
    assert.throws(() => parseResponses([{ url: '/(/' }]), /not a valid regular expression/);
  });

  it('captures one event with postHogCapture, as the worker does', () => {
    const outcome = run("postHogCapture({'event': 'signed_up', 'properties': {'plan': 'team'}})", {
      globals: { event: { distinct_id: 'ada', properties: {} } },
    });
    assert.deepEqual(outcome.captured, [
      { event: 'signed_up', distinct_id: 'ada', properties: { plan: 'team', $hog_function_execution_count: 1 } },
    ]);
    const twice = run("postHogCapture({'event': 'a'}); postHogCapture({'event': 'b'})", {
      globals: { event: { distinct_id: 'ada' } },
    });
    assert.equal(twice.error, 'postHogCapture was called more than once. Only one call is allowed per function');
  });
});

describe("toolchain runtime: the worker's limits and logs", () => {
  it("stops after PostHog's async step limit", () => {
    const outcome = run("for (let i in [1, 2, 3, 4, 5, 6]) { fetch('https://x.test') }");
    assert.match(outcome.error ?? '', /Exceeded maximum number of async steps: 5/);
  });

  it('times out and runs out of memory as the VM does with the limits it is given', () => {
    assert.match(
      run('while (true) { }', { limits: { timeoutMs: 50 } }).error ?? '',
      /Execution timed out after 0\.05 seconds/,
    );
    assert.match(
      run("let a := []; while (true) { a := arrayPushBack(a, 'xxxxxxxxxxxxxxxx') }", {
        limits: { memoryBytes: 64 * 1024 },
      }).error ?? '',
      /Memory limit of 65536 bytes exceeded/,
    );
  });

  it('keeps 25 print() lines, redacts secrets (JSON-escaped too) and ends with the summary', () => {
    const outcome = run(
      "for (let i in range(30)) { print(i) } print({'k': inputs.key}); throw Error(f'bad {inputs.key}')",
      {
        globals: { inputs: { key: 'se"cret' } },
        secrets: ['se"cret'],
        eventId: 'e-1',
      },
    );
    const info = outcome.logs.filter((l) => l.level === 'info');
    assert.equal(info.length, 24);
    assert.ok(outcome.logs.some((l) => l.level === 'warn' && /maximum log entries/.test(l.message)));
    assert.equal(outcome.error, 'bad ***REDACTED***');
    assert.equal(outcome.logs.at(-1)?.message, "Error executing function on event e-1: Error('bad ***REDACTED***')");
    const fine = run("print('ok')", { eventUrl: 'https://app/e/1' });
    assert.match(
      fine.logs.at(-1)?.message ?? '',
      /^Function completed in [\d.]+ms\. Sync: [\d.]+ms\. Mem: [\d.]+kb\. Ops: \d+\. Event: 'https:\/\/app\/e\/1'$/,
    );
    assert.equal(run("print({'a': 1}, 'x')").prints[0], '{"a":1}, x');
  });

  it("prints as PostHog's VM prints to a terminal in vm mode (tuples, dicts, quoted nested strings)", () => {
    const outcome = run("print((1, 'a'), {'b': [1, 'c']}, 'plain', null)", { printMode: 'vm' });
    assert.deepEqual(outcome.prints, ["(1, 'a') {'b': [1, 'c']} plain null"]);
  });

  it('matches regular expressions as RE2 patterns (inline flags)', () => {
    assert.deepEqual(
      run("print('Test' =~* 'tes', 'abc' =~ '^a.c$', match('x', '(?i)X'))", { printMode: 'vm' }).prints,
      ['true true true'],
    );
  });
});

describe('toolchain runtime: invocations by function type', () => {
  const specs = [
    { key: 'url', type: 'string', secret: false, value: 'https://hooks.test/{event.event}' },
    { key: 'token', type: 'string', secret: true, value: 's3cret' },
  ];

  it('renders inputs first and runs a destination with scripted answers', async () => {
    const globals = completeGlobals('destination', { event: { event: 'signed_up' } });
    const outcome = await invokeHogFunctionAsync(
      compileSource(
        "let res := fetch(inputs.url, {'headers': {'Authorization': f'Bearer {inputs.token}'}}); print(inputs.token, res.status)",
      ).bytecode,
      {
        kind: 'destination',
        globals,
        inputs: specs,
        asyncMode: 'script',
        responses: [{ status: 200, body: { ok: true } }],
      },
    );
    assert.equal(outcome.status, 'success');
    assert.equal(outcome.execution?.calls[0]?.request?.url, 'https://hooks.test/signed_up');
    assert.ok(outcome.logs.some((l) => l.message === '***REDACTED***, 200'));
  });

  it("applies a transformation's returned event (and drops it on null); a transformation cannot fetch", () => {
    const globals = completeGlobals('transformation', {
      event: { event: 'pv', properties: { a: 1, $transformations_failed: [] } },
    });
    const changed = invokeHogFunction(compileSource('let e := event; e.properties.b := 2; return e').bytecode, {
      kind: 'transformation',
      globals,
      inputs: [],
    });
    assert.deepEqual((changed.result as { properties: unknown }).properties, { a: 1, b: 2 });
    assert.equal(
      invokeHogFunction(compileSource('return null').bytecode, { kind: 'transformation', globals, inputs: [] }).result,
      null,
    );
    const fetching = invokeHogFunction(compileSource("fetch('https://x.test')").bytecode, {
      kind: 'transformation',
      globals,
      inputs: [],
    });
    assert.equal(fetching.status, 'error');
  });

  it('reports an input template that fails as the worker does, without running the code', () => {
    const outcome = invokeHogFunction(compileSource("print('never')").bytecode, {
      kind: 'destination',
      globals: completeGlobals('destination'),
      inputs: [{ key: 'x', type: 'string', secret: false, value: '{event.properties.a.b.c(}' }],
    });
    assert.equal(outcome.status, 'error');
    assert.match(outcome.logs[0]?.message ?? '', /^Error building inputs: /);
  });
});
