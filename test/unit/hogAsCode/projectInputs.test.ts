// Input values per project (src/core/functions/projectInputs.ts) and the field differences diff prints
// (projectDiff.ts): which entry a project gets, what a bad file says, env secrets compared as markers and never
// shown, and the split after a pull (function.json keeps its values, the entry takes PostHog's).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FunctionState } from '../../../src/core/functions/functionFiles';
import { fieldDifferences } from '../../../src/core/functions/projectDiff';
import {
  parseProjectInputs,
  secretsFromEnv,
  selectInputs,
  splitPulledInputs,
  withProjectInputs,
} from '../../../src/core/functions/projectInputs';

const KEY = 'https://us.posthog.com/project/12';
const state = (inputs: Record<string, Record<string, unknown>>, source = 'print(1)'): FunctionState => ({
  source,
  config: {
    type: 'destination',
    name: 'Hook',
    description: '',
    enabled: false,
    execution_order: null,
    template_id: null,
    inputs_schema: [
      { key: 'url', type: 'string' },
      { key: 'token', type: 'string', secret: true, required: true },
    ],
    inputs,
    filters: {},
    mappings: null,
    masking: null,
  },
});

describe('input values per project', () => {
  test('an entry is chosen by its "project", by its own name being the project, or by name when asked', () => {
    const parsed = parseProjectInputs(
      JSON.stringify({
        prod: { project: `${KEY}/`, inputs: { url: { value: 'p' } } },
        '34': { inputs: { url: { value: 's' } } },
      }),
    );
    assert.ok(parsed.ok);
    assert.equal(selectInputs(parsed.value, { projectKey: KEY, projectId: 12 })?.name, 'prod');
    assert.equal(
      selectInputs(parsed.value, { projectKey: 'https://us.posthog.com/project/34', projectId: 34 })?.name,
      '34',
    );
    assert.equal(selectInputs(parsed.value, { projectKey: 'x', projectId: 56 }), undefined);
    assert.equal(selectInputs(parsed.value, { projectKey: 'x', projectId: 56, name: 'prod' })?.name, 'prod');
  });

  test('a bad file says which entry and input is wrong', () => {
    assert.match((parseProjectInputs('[]') as { message: string }).message, /must hold one object/);
    assert.match(
      (parseProjectInputs('{"prod": {"inputs": {"url": 3}}}') as { message: string }).message,
      /"prod"\.inputs\.url must be an object/,
    );
    assert.match(
      (parseProjectInputs('{"prod": {}}') as { message: string }).message,
      /"prod" must be an object with "inputs"/,
    );
    // The schema the editor validates with (schemas/project-inputs.schema.json) is the one entries are checked with.
    assert.match(
      (parseProjectInputs('{"prod": {"inputs": {"token": {"env": ""}}}}') as { message: string }).message,
      /"prod"\.inputs\.token must be an object like/,
    );
    assert.match(
      (parseProjectInputs('{"prod": {"project": 12, "inputs": {}}}') as { message: string }).message,
      /"prod" must be an object with "inputs"/,
    );
    const named = parseProjectInputs(
      '{"$schema": "../../../schemas/project-inputs.schema.json", "prod": {"inputs": {"url": {"value": "u"}}}}',
    );
    assert.deepEqual(named.ok && named.value, { prod: { inputs: { url: { value: 'u' } } } });
  });

  test("the entry replaces function.json's inputs; an env secret reads as the marker; env on a plain input is refused", () => {
    const applied = withProjectInputs(state({ url: { value: 'base' }, token: { secret: true } }), {
      inputs: { url: { value: 'p' }, token: { env: 'TOKEN' } },
    });
    assert.ok(!('problem' in applied));
    assert.deepEqual(applied.config.inputs, { url: { value: 'p' }, token: { secret: true } });
    assert.match(
      (withProjectInputs(state({}), { inputs: { url: { env: 'URL' } } }) as { problem: string }).problem,
      /only a secret input may/,
    );
    assert.deepEqual(
      secretsFromEnv({ inputs: { token: { env: 'TOKEN' }, url: { value: 'x' } } }, { TOKEN: 's3cret' }),
      { values: { token: 's3cret' }, missing: [] },
    );
    assert.deepEqual(secretsFromEnv({ inputs: { token: { env: 'TOKEN' } } }, {}), { values: {}, missing: ['TOKEN'] });
  });

  test("after a pull, function.json keeps its own values for the inputs the entry overrides, and the entry takes PostHog's", () => {
    const split = splitPulledInputs(
      { url: { value: 'from posthog' }, token: { secret: true } },
      { url: { value: 'base' }, token: { secret: true } },
      { project: '12', inputs: { url: { value: 'old' }, token: { env: 'TOKEN' } } },
    );
    assert.deepEqual(split.fileInputs, { url: { value: 'base' }, token: { secret: true } });
    assert.deepEqual(split.entry, {
      project: '12',
      inputs: { url: { value: 'from posthog' }, token: { env: 'TOKEN' } },
    });
  });

  test("diff names each differing field and input, shows short values, and never a secret's", () => {
    const server = state({ url: { value: 'a' }, token: { secret: true } }, 'print(1)\nprint(2)');
    const local = state({ url: { value: 'b' }, token: { value: 'typed-secret' } }, 'print(1)\nprint(3)');
    const differences = fieldDifferences(local, server);
    assert.deepEqual(
      differences.map((d) => d.path),
      ['hog', 'inputs.token', 'inputs.url'],
    );
    assert.equal(differences[0]?.detail, 'line 2');
    assert.equal(differences[1]?.detail, undefined);
    assert.equal(differences[2]?.detail, '{"value":"a"} → {"value":"b"}');
  });
});
