// Property values as typed: parsing keeps JSON types, refuses null and unsafe integers, round-trips, compares values.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatValue,
  MAX_PROPERTY_KEY_LENGTH,
  nullRefused,
  parseValue,
  sameValue,
  unsafeIntegerLiteral,
  validateKey,
  valueTypeOf,
  type Parsed,
} from '../../../src/shared/propertyValue';

function value(parsed: Parsed): unknown {
  assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.message);
  return parsed.ok ? parsed.value : undefined;
}
function refusal(parsed: Parsed): string {
  assert.equal(parsed.ok, false, 'expected the value to be refused');
  return parsed.ok ? '' : parsed.message;
}

describe('parseValue keeps JSON types', () => {
  it('strings stay strings, even when they look like numbers or JSON', () => {
    assert.equal(value(parseValue('42', 'string')), '42');
    assert.equal(value(parseValue('true', 'string')), 'true');
    assert.equal(value(parseValue('null', 'string')), 'null');
    assert.equal(value(parseValue('<img src=x onerror=alert(1)>', 'string')), '<img src=x onerror=alert(1)>');
  });

  it('numbers', () => {
    assert.equal(value(parseValue('42', 'number')), 42);
    assert.equal(value(parseValue(' -1.5e3 ', 'number')), -1500);
    assert.match(refusal(parseValue('12abc', 'number')), /not a number/);
    assert.match(refusal(parseValue('', 'number')), /not a number/);
    assert.match(refusal(parseValue('NaN', 'number')), /not a number/);
  });

  it('booleans', () => {
    assert.equal(value(parseValue('true', 'boolean')), true);
    assert.equal(value(parseValue('false', 'boolean')), false);
    assert.match(refusal(parseValue('yes', 'boolean')), /true or false/);
  });

  it('objects and arrays', () => {
    assert.deepEqual(value(parseValue('{"plan": "pro", "seats": [1, 2], "nested": {"x": null}}', 'json')), {
      plan: 'pro',
      seats: [1, 2],
      nested: { x: null },
    });
    assert.deepEqual(value(parseValue('[]', 'json')), []);
    assert.equal(value(parseValue('"text"', 'json')), 'text');
  });

  it('invalid JSON is refused with the parser message', () => {
    assert.match(refusal(parseValue('{"a": 1,}', 'json')), /^Not valid JSON: /);
    assert.match(refusal(parseValue('   ', 'json')), /Enter a JSON value/);
  });

  it("null is refused with PostHog's reason, at the top level only", () => {
    assert.equal(refusal(parseValue('null', 'json')), nullRefused());
    assert.match(nullRefused(), /update_property rejects/);
    assert.deepEqual(value(parseValue('[null]', 'json')), [null]);
  });

  it('integers beyond 2^53 are refused instead of silently rounded', () => {
    assert.match(
      refusal(parseValue('9007199254740993', 'number')),
      /9007199254740993 is larger than 2\^53 and would be rounded to 9007199254740992/,
    );
    assert.match(refusal(parseValue('{"id": 12345678901234567890}', 'json')), /12345678901234567890/);
    assert.match(refusal(parseValue('[-9007199254740993]', 'json')), /-9007199254740993/);
    assert.equal(value(parseValue('9007199254740991', 'number')), 9007199254740991);
    // Digits inside strings are text, and decimals are floats by nature.
    assert.deepEqual(value(parseValue('{"id": "12345678901234567890"}', 'json')), { id: '12345678901234567890' });
    assert.equal(value(parseValue('1.2345678901234567890', 'number')), 1.2345678901234567);
  });

  it('an escaped quote does not end a string early', () => {
    assert.equal(unsafeIntegerLiteral('"a\\" 12345678901234567890"'), undefined);
    assert.equal(unsafeIntegerLiteral('["\\\\", 12345678901234567890]'), '12345678901234567890');
  });
});

describe('formatting and comparing', () => {
  it('round-trips every type through its editor text', () => {
    for (const v of ['x', '', 0, -2.5, true, false, { a: [1, { b: 'c' }] }, [1, 'two']]) {
      const type = valueTypeOf(v);
      assert.deepEqual(value(parseValue(formatValue(v, type), type)), v);
    }
  });

  it('compares JSON values ignoring key order', () => {
    assert.equal(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
    assert.equal(sameValue({ a: 1 }, { a: '1' }), false);
    assert.equal(sameValue([1, 2], [2, 1]), false);
    assert.equal(sameValue({ a: undefined }, { b: undefined }), false);
    assert.equal(sameValue(1, '1'), false);
  });

  it('property names: non-empty, at most 400 characters', () => {
    assert.equal(validateKey('a'.repeat(MAX_PROPERTY_KEY_LENGTH)), undefined);
    assert.match(validateKey('a'.repeat(MAX_PROPERTY_KEY_LENGTH + 1)) ?? '', /at most 400/);
    assert.match(validateKey('  ') ?? '', /needs a name/);
    assert.equal(validateKey('__proto__'), undefined);
  });
});
