// The stand-in's Hog syntax check and its simulation of invocations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHogError, simulateHog } from '../../fake-posthog/hog';

describe('fake PostHog: Hog syntax check and invocation simulation', () => {
  it('accepts valid Hog, including inline HogQL, f-strings, dicts and all comment styles', () => {
    for (const code of [
      "let x := (select count(*) from events)",
      'fun add(a, b) { return a + b }',
      "let a := {'x': [1, 2, 3]}; return a.x[1] ?? null",
      "if (a == 1) { print(f'x {event.event}') } else { return }",
      "-- sql comment\n// line comment\n/* block */ return event",
    ]) assert.equal(findHogError(code), null, code);
  });

  it('refuses unbalanced brackets, unterminated strings and comments, stray characters and dangling operators', () => {
    for (const code of ['x = (1 + 2', 'fetch(inputs.url]', "print('a\")", '/* unclosed', 'let x := 1 # 2', 'a === b', 'let := 1', 'let x :=']) {
      assert.notEqual(findHogError(code), null, code);
    }
  });

  it('runs top-level statements only: branches are not taken, return stops the run', () => {
    const run = simulateHog("print('top');\nif (inputs.debug) { print('branch') }\nreturn null;\nprint('after')", 'destination', { event: { uuid: 'u' } }, { debug: true });
    assert.deepEqual(run.logs.filter((l) => l.level === 'info').map((l) => l.message), ['top']);
  });

  it('renders fetch arguments with inputs and event values resolved', () => {
    const run = simulateHog("fetch(inputs.url, {'body': event.properties})", 'destination', { event: { properties: { a: 1 } } }, { url: 'https://x.test' });
    assert.equal(run.logs[1]?.message, `Async function 'fetch' was mocked with arguments: fetch("https://x.test", {'body': {"a":1}})`);
  });
});
