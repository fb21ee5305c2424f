// A transformation may call geoipLookup and cleanNullValues (its worker provides them): PostHog's check, which knows
// only the standard library and fetch/postHogCapture, reports them as not implemented; that report is dropped for
// transformations and kept for every other type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Problem } from '../../../src/core/language/notices';
import { typeFunctions, withoutTypeFunctionErrors } from '../../../src/core/language/typeFunctions';

const problem = (message: string, severity: Problem['severity'] = 'error'): Problem => ({
  severity,
  message,
  start: 0,
  end: 1,
});

test("a transformation's worker functions are not problems; the same call elsewhere is", () => {
  const problems = [
    problem('Hog function `geoipLookup` is not implemented'),
    problem('Hog function `cleanNullValues` is not implemented'),
    problem('Hog function `lenght` is not implemented'),
  ];
  assert.deepEqual(
    withoutTypeFunctionErrors(problems, 'transformation').map((p) => p.message),
    ['Hog function `lenght` is not implemented'],
  );
  assert.equal(withoutTypeFunctionErrors(problems, 'destination').length, 3);
  assert.equal(withoutTypeFunctionErrors(problems, null).length, 3);
  assert.deepEqual(
    typeFunctions('transformation').map((f) => f.name),
    ['geoipLookup', 'cleanNullValues'],
  );
  assert.deepEqual(typeFunctions('destination'), []);
});
