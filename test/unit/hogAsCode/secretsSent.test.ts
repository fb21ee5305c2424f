// Secrets of a function pushed as new: any non-empty value is sent whatever its type (a dictionary or JSON secret
// too), a value typed in a prompt is read as its declared type, and the file loses only what was sent. And every
// secret input of a new function from a template is asked for in a password box, whatever its type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFunctionJson, withSecretsMasked } from '../../../src/core/functions/functionFiles';
import { parseSecretText, templateInputs } from '../../../src/core/functions/newFunction';
import { createBody } from '../../../src/core/functions/sync';

const file = parseFunctionJson(
  JSON.stringify({
    type: 'destination',
    inputs_schema: [
      { key: 'headers', type: 'dictionary', secret: true },
      { key: 'payload', type: 'json', secret: true },
      { key: 'port', type: 'number', secret: true },
      { key: 'token', type: 'string', secret: true },
      { key: 'url', type: 'string' },
    ],
    inputs: {
      headers: { value: { Authorization: 'Bearer typed-dict' } },
      payload: { value: [1, { a: 'b' }] },
      token: { value: '' },
      url: { value: 'https://x' },
    },
  }),
);

describe('a function pushed as new', () => {
  it('sends dictionary, JSON and number secrets as they are, and leaves out only empty ones', () => {
    assert.ok(file.ok);
    const config = file.value.config;
    const body = createBody(
      { source: '', config },
      {
        enabled: false,
        secrets: {
          headers: config.inputs.headers?.value,
          payload: config.inputs.payload?.value,
          port: 8443,
          token: '',
        },
      },
    );
    assert.deepEqual(body.inputs, {
      headers: { value: { Authorization: 'Bearer typed-dict' } },
      payload: { value: [1, { a: 'b' }] },
      port: { value: 8443 },
      url: { value: 'https://x' },
    });
  });

  it('reads a typed secret as its declared type', () => {
    assert.deepEqual(parseSecretText({ key: 'headers', type: 'dictionary' }, '{"X-Key": "k"}'), {
      ok: true,
      value: { 'X-Key': 'k' },
    });
    assert.deepEqual(parseSecretText({ key: 'port', type: 'number' }, '8443'), { ok: true, value: 8443 });
    assert.deepEqual(parseSecretText({ key: 'payload', type: 'json' }, '[1, 2]'), { ok: true, value: [1, 2] });
    assert.deepEqual(parseSecretText({ key: 'token', type: 'string' }, 'abc'), { ok: true, value: 'abc' });
    assert.equal(parseSecretText({ key: 'headers', type: 'dictionary', label: 'Headers' }, '[1]').ok, false);
    assert.equal(parseSecretText({ key: 'port', type: 'number' }, 'eighty').ok, false);
  });

  it('loses from the file only the secrets that were sent', () => {
    assert.ok(file.ok);
    const masked = withSecretsMasked(file.value.config, new Set(['headers']));
    assert.deepEqual(masked.inputs.headers, { secret: true });
    assert.deepEqual(masked.inputs.payload, { value: [1, { a: 'b' }] }, 'not sent, so kept');
    assert.deepEqual(masked.inputs.url, { value: 'https://x' });
  });
});

describe('a new function from a template', () => {
  it('asks for every secret input in a password box, whatever its type', () => {
    const { prompts } = templateInputs([
      { key: 'token', type: 'string', secret: true, required: true },
      { key: 'headers', type: 'dictionary', secret: true, required: true },
      { key: 'payload', type: 'json', secret: true, required: true },
      { key: 'pin', type: 'number', secret: true, required: true },
      { key: 'channel', type: 'string', required: true },
      { key: 'body', type: 'json', required: true },
    ]);
    assert.deepEqual(
      prompts.map((p) => [p.key, p.password === true]),
      [
        ['token', true],
        ['headers', true],
        ['payload', true],
        ['pin', true],
        ['channel', false],
        ['body', false],
      ],
    );
    assert.deepEqual(
      prompts.map((p) => p.kind),
      ['secret', 'dictionary', 'json', 'number', 'text', 'json'],
      'each still read as its type',
    );
  });
});
