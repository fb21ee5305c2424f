// Hog function configuration fields as JSON documents: rendering, parsing back and refusals.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fieldValue, parseField, renderField } from '../../../src/core/functions/fields';

const fn = {
  inputs: {
    url: { value: 'https://example.com', bytecode: ['_H', 1], order: 0, transpiled: null },
    token: { secret: true },
    body: { value: { event: '{event}' }, templating: 'hog', order: 1 },
  },
  inputs_schema: [{ key: 'url', type: 'string', required: true }],
  filters: {
    source: 'events',
    events: [{ id: '$pageview', type: 'events' }],
    bytecode: ['_H', 1, 29],
    transpiled: null,
    bytecode_error: null,
  },
  mappings: [{ name: 'Signed up', inputs: { a: { value: 1, bytecode: [] } }, filters: { events: [], bytecode: [] } }],
  masking: { ttl: 3600, hash: '{person.id}', threshold: null, bytecode: ['_H'] },
};

test('fields drop what PostHog derives but keep secrets masked and templating', () => {
  assert.deepEqual(fieldValue(fn, 'inputs'), {
    url: { value: 'https://example.com' },
    token: { secret: true },
    body: { value: { event: '{event}' }, templating: 'hog' },
  });
  assert.deepEqual(fieldValue(fn, 'filters'), { source: 'events', events: [{ id: '$pageview', type: 'events' }] });
  assert.deepEqual(fieldValue(fn, 'mappings'), [
    { name: 'Signed up', inputs: { a: { value: 1 } }, filters: { events: [] } },
  ]);
  assert.deepEqual(fieldValue(fn, 'masking'), { ttl: 3600, hash: '{person.id}', threshold: null });
  assert.deepEqual(fieldValue(fn, 'inputs_schema'), fn.inputs_schema);
});

test('missing fields render as their empty forms', () => {
  assert.equal(renderField({}, 'inputs'), '{}\n');
  assert.equal(renderField({}, 'inputs_schema'), '[]\n');
  assert.equal(renderField({ filters: null }, 'filters'), '{}\n');
  assert.equal(renderField({ mappings: null }, 'mappings'), 'null\n');
  assert.equal(renderField({}, 'masking'), 'null\n');
});

test('a rendered field parses back to the same value', () => {
  for (const field of ['inputs', 'inputs_schema', 'filters', 'mappings', 'masking'] as const) {
    const parsed = parseField(field, renderField(fn, field));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, fieldValue(fn, field));
  }
});

test('JSON syntax errors are refused with the place and a promise that nothing was sent', () => {
  const parsed = parseField('inputs', '{\n  "url": {"value": "x"\n');
  assert.equal(parsed.ok, false);
  assert.match(
    !parsed.ok ? parsed.message : '',
    /^inputs is not valid JSON: .*line \d+.*Nothing was sent to PostHog\.$/s,
  );
});

test('shapes PostHog would reject are refused before sending', () => {
  const refused = (field: Parameters<typeof parseField>[0], text: string) => {
    const r = parseField(field, text);
    return r.ok ? undefined : r.message;
  };
  assert.match(refused('inputs', '[]') ?? '', /must be an object/);
  assert.match(refused('inputs', '{"url": "https://x"}') ?? '', /inputs\.url must be an object/);
  assert.match(refused('inputs_schema', '{}') ?? '', /array/);
  assert.match(refused('inputs_schema', '[{"key": "url"}]') ?? '', /inputs_schema\[0\]/);
  assert.match(refused('filters', '[]') ?? '', /object/);
  assert.match(refused('mappings', '[1]') ?? '', /every mapping/);
  assert.match(refused('masking', '"yes"') ?? '', /object/);
  assert.equal(refused('filters', 'null'), undefined);
  assert.equal(refused('mappings', 'null'), undefined);
  assert.equal(refused('masking', 'null'), undefined);
  assert.equal(refused('inputs', '{"token": {"secret": true}}'), undefined);
});
