// A local run's results as the Test Results view shows them: from the toolchain's outcome to the same result PostHog's
// runs give (masked, a transformation's changes, a destination's requests) plus what each request got back, and the
// result's text labelled local.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  compileSource,
  completeGlobals,
  invokeHogFunctionAsync,
  loadParser,
  parseResponses,
} from '../../../src/core/toolchain';
import { localEventResult, readResponses, splitResponses } from '../../../src/core/testing/localRun';
import { Masking } from '../../../src/core/testing/masking';
import { resultText, type TestRun } from '../../../src/core/testing/outcome';

before(() => loadParser());

const ran = (input: Record<string, unknown>) => ({
  title: 'signed_up by ada',
  origin: { kind: 'sample' as const },
  input,
  durationMs: 3,
});

describe('local runs as test results', () => {
  it("keeps a fixture's scripted answers apart from what the function is given", () => {
    assert.deepEqual(splitResponses({ event: { event: 'x' }, responses: [{ status: 500 }] }), {
      globals: { event: { event: 'x' } },
      responses: [{ status: 500 }],
    });
    assert.deepEqual(readResponses(undefined, parseResponses), { ok: true, responses: [] });
    const bad = readResponses([{ status: 'nope' }], parseResponses);
    assert.equal(bad.ok, false);
  });

  it("shows a destination's requests with what each got back, secrets masked, and labels the text local", async () => {
    const input = { event: { event: 'signed_up', properties: {} } };
    const code =
      "let res := fetch(f'https://hooks.test/{inputs.token}', {'headers': {'Authorization': f'Bearer {inputs.token}'}, 'body': {'a': 1}})\nif (res.status >= 400) { throw Error(f'failed {res.status}') }";
    const outcome = await invokeHogFunctionAsync(compileSource(code).bytecode, {
      kind: 'destination',
      globals: completeGlobals('destination', input),
      asyncMode: 'script',
      inputs: [{ key: 'token', type: 'string', secret: true, value: 'secret-input-token' }],
      responses: [{ status: 503, body: { down: true } }],
    });
    const result = localEventResult(
      ran(input),
      [outcome],
      'destination',
      new Masking([{ key: 'token', value: 'secret-input-token' }]),
      1.5,
    );
    assert.equal(result.status, 'error');
    assert.deepEqual(
      result.requests.map((r) => `${r.method} ${r.url}`),
      ['POST https://hooks.test/••••••'],
    );
    assert.deepEqual(result.requests[0]?.headers, [['Authorization', 'Bearer ••••••']]);
    assert.deepEqual(
      result.responses?.map((r) => [r.status, r.body]),
      [[503, { down: true }]],
    );
    const run: TestRun = {
      id: 1,
      ref: { projectId: 1, functionId: 'f' },
      functionName: 'Webhook',
      functionType: 'destination',
      scope: 'sample',
      startedAt: new Date().toISOString(),
      ranFrom: 'the code in your editor',
      results: [result],
      planned: 1,
      cancelled: false,
      finished: true,
      local: true,
    };
    const text = resultText(run, result);
    assert.match(text, /^Local run of "Webhook" on the sample event: error, 3 ms\n/);
    assert.match(text, /1\. POST https:\/\/hooks\.test\/••••••\n[\s\S]*Answered: status 503\n {7}\{\n {9}"down": true/);
    assert.ok(!text.includes('secret-input-token'));
  });

  it("gives a transformation's changes, and a dropped event as dropped", async () => {
    const input = { event: { event: 'pv', properties: { a: 1 } } };
    const globals = completeGlobals('transformation', input);
    const changed = await invokeHogFunctionAsync(
      compileSource('let e := event; e.properties.b := 2; return e').bytecode,
      { kind: 'transformation', globals, inputs: [] },
    );
    const result = localEventResult(ran(input), [changed], 'transformation', new Masking([]), 1, globals);
    assert.deepEqual(
      result.changes.map((c) => `${c.path} ${c.kind}`),
      ['properties.b added'],
    );
    const dropped = await invokeHogFunctionAsync(compileSource('return null').bytecode, {
      kind: 'transformation',
      globals,
      inputs: [],
    });
    assert.equal(localEventResult(ran(input), [dropped], 'transformation', new Masking([]), 1).dropped, true);
  });
});
