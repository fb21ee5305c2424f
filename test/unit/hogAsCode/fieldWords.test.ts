// What a push says it sent: the fields in words, not PostHog's field names ("hog").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldList, fieldWords } from '../../../src/core/functions/fieldWords';

test('fields read as words, joined as a sentence', () => {
  assert.equal(fieldList(['hog']), 'source code');
  assert.equal(fieldList(['hog', 'filters']), 'source code and filters');
  assert.equal(fieldList(['name', 'inputs_schema', 'execution_order']), 'name, input definitions and execution order');
  assert.equal(fieldWords('new_field'), 'new field');
});
