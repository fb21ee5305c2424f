// JSON nested far deeper than any real configuration or event (PostHog's JSON fields take whatever is sent): every
// walk over it the extension does (comparing and writing function.json, masking test results, secret placeholders,
// the result documents) finishes instead of throwing "Maximum call stack size exceeded".
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { canonicalJson, stableJson } from '../../../src/core/functions/stableJson';
import { writeJson } from '../../../src/shared/deepJson';
import { changedFields } from '../../../src/core/functions/sync';
import { eventJson } from '../../../src/core/testing/eventDiff';
import { Masking, MASK } from '../../../src/core/testing/masking';
import { eventResult, resultText, type TestRun } from '../../../src/core/testing/outcome';
import { withSecretPlaceholders } from '../../../src/core/testing/secretPlaceholders';

/** The depth the issue found failing; JSON.stringify itself fails there too. */
const DEPTH = 5_000;

/** `{"a": [{"a": [... leaf ...]}]}`, `depth` levels of objects and arrays, built without recursion. */
function deep(leaf: unknown, depth = DEPTH): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value, z: i } : [value];
  return value;
}

const info = (message: string) => ({ level: 'info', timestamp: '2026-12-01T10:00:00.000+00:00', message });

describe('values nested 5,000 deep', () => {
  it('compare and write as function.json text, and read back to the same text', () => {
    const value = deep('bottom');
    const text = stableJson(value);
    assert.equal(canonicalJson(JSON.parse(text)), canonicalJson(value));
    assert.ok(text.includes('"bottom"'));
    assert.notEqual(canonicalJson(deep('bottom')), canonicalJson(deep('other')));
    const config = {
      type: 'destination',
      name: 'n',
      description: '',
      enabled: false,
      execution_order: null,
      template_id: null,
      inputs_schema: [],
      inputs: {},
      filters: {},
      mappings: null,
      masking: null,
    };
    assert.deepEqual(
      changedFields(
        { source: '', config: { ...config, filters: { deep: deep(1) } } },
        { source: '', config: { ...config, filters: { deep: deep(2) } } },
      ),
      ['filters'],
    );
  });

  it('mask a test result and write its documents, the secret included, without overflowing', () => {
    const masking = new Masking([{ key: 'token', value: 'tok-secret-123' }]);
    const body = { password: 'hunter2', nested: deep('tok-secret-123') };
    const result = eventResult(
      { title: 't', origin: { kind: 'sample' }, input: { event: { event: 'e', properties: {} } }, durationMs: 1 },
      {
        status: 'success',
        errors: [],
        result: { event: 'e', properties: { deep: deep('tok-secret-123') } },
        logs: [
          info("Async function 'fetch' was mocked with arguments:"),
          info(`fetch('https://x.test', ${writeJson({ body: writeJson(body) }, { indent: '  ' })})`),
        ],
      },
      'transformation',
      masking,
    );
    const run: TestRun = {
      id: 1,
      ref: { projectId: 1, functionId: 'f' },
      functionName: 'f',
      functionType: 'transformation',
      scope: 'sample',
      startedAt: '',
      ranFrom: 'x',
      results: [result],
      planned: 1,
      cancelled: false,
      finished: true,
    };
    const text = resultText(run, result) + eventJson(result.result);
    assert.ok(!text.includes('tok-secret-123') && !text.includes('hunter2'), 'the secret is masked at any depth');
    assert.ok(text.includes(MASK));
    assert.deepEqual(result.changes, [{ path: 'properties.deep', kind: 'added' }]);
  });

  it('give a deep typed secret its placeholders', () => {
    const { configuration, secrets } = withSecretPlaceholders({
      inputs_schema: [{ key: 'headers', type: 'json', secret: true }],
      inputs: { headers: { value: deep('real-secret') } },
    });
    assert.ok(!canonicalJson(configuration).includes('real-secret'));
    assert.ok(secrets.length > 0);
  });
});

describe('the walks without recursion', () => {
  it('write exactly what JSON.stringify writes, compact and indented, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(writeJson(value), JSON.stringify(value));
        assert.equal(writeJson(value, { indent: '  ' }), JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('copy keys named __proto__ as keys, in their order', () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"x": "secret"}, "a": ["secret"]}') as unknown;
    const masked = new Masking([{ key: 's', value: 'secret' }]).json(value);
    assert.equal(writeJson(masked), `{"b":1,"__proto__":{"x":"${MASK}"},"a":["${MASK}"]}`);
  });
});
