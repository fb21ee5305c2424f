// Problems found without PostHog: syntax errors from PostHog's parser in words a person understands, on the range
// they are about, and the compiler's findings; and the parser worker that checks off the caller's thread, dropping
// stale work and answering repeated texts from its cache.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkSource, formatFinding, loadParser } from '../../../src/core/toolchain';
import { HogParserClient } from '../../../src/core/toolchain/parserClient';

before(() => loadParser());

const problem = (text: string) => {
  const [finding] = checkSource(text, { globals: ['event', 'inputs'] });
  assert.ok(finding, text);
  return {
    message: finding.message,
    at: text.slice(finding.start, finding.end),
    line: finding.line,
    column: finding.column,
  };
};

describe('toolchain check: syntax errors in words', () => {
  it('names the bracket or string that is never closed, at that bracket', () => {
    assert.deepEqual(problem("print('a'"), {
      message: "This '(' is never closed: add a ')'.",
      at: '(',
      line: 1,
      column: 6,
    });
    assert.deepEqual(problem("let x := {'a': [1, 2]"), {
      message: "This '{' is never closed: add a '}'.",
      at: '{',
      line: 1,
      column: 10,
    });
    assert.deepEqual(problem("let s := 'abc\nprint(s)"), {
      message: "This string is never closed: add a ' at its end.",
      at: "'",
      line: 1,
      column: 10,
    });
    assert.equal(
      problem("print(f'abc {x')").message,
      "This '{' in the f-string is never closed: add a '}' before the string ends.",
    );
  });

  it('says what is wrong where the parser stopped, never with its list of 180 tokens', () => {
    assert.deepEqual(problem('let x = 1'), {
      message: "Unexpected '=': use ':=' to give a variable a value, and '==' to compare.",
      at: '=',
      line: 1,
      column: 7,
    });
    assert.deepEqual(problem('print(1));'), {
      message: "Unexpected ')': there is no '(' for it to close.",
      at: ')',
      line: 1,
      column: 9,
    });
    assert.deepEqual(problem('fun f(a b) {}'), {
      message: "Unexpected 'b': expected ')'.",
      at: 'b',
      line: 1,
      column: 9,
    });
    assert.deepEqual(problem('if (x {\n  print(1)\n}'), {
      message: "Unexpected '{': the '(' at line 1, column 4 is not closed yet.",
      at: '{',
      line: 1,
      column: 7,
    });
    assert.deepEqual(problem('let x := 1\nlet y := x +\n'), {
      message: "The code ends too early: something is missing after '+'.",
      at: '+',
      line: 2,
      column: 12,
    });
    assert.equal(problem('let 1x := 2').message, "'1x' is not a valid name: names cannot start with a digit.");
    assert.match(problem('let ä := 1').message, /^Unexpected character 'ä'/);
    for (const text of ['let x = 1', 'return event ==', 'x := (', 'let := 1']) {
      const { message } = problem(text);
      assert.doesNotMatch(message, /expecting|\{ALL|ANTI/, text);
    }
  });

  it("reports the compiler's findings on their nodes, errors first, as FILE:LINE:COL lines", () => {
    const findings = checkSource('let a := 1\nnope(a)\nprint(undefinedThing)', { globals: ['event'] });
    assert.deepEqual(
      findings.map((f) => formatFinding('f.hog', f)),
      [
        'f.hog:2:1: error: Hog function `nope` is not implemented',
        'f.hog:3:7: warning: Unknown global variable: undefinedThing',
      ],
    );
    assert.deepEqual(
      checkSource('fetch(inputs.url)', { globals: ['inputs'] }).map((f) => f.severity),
      ['notice'],
    );
  });
});

describe('toolchain parser worker', () => {
  const client = new HogParserClient({
    workerPath: path.resolve(__dirname, 'support/parserWorker.cjs'),
    cacheSize: 10,
  });
  after(() => client.dispose());

  it('checks on a worker thread and answers a text it has seen from its cache', async () => {
    const first = await client.check('doc', 'let x = 1');
    assert.equal(first?.cached, false);
    assert.match(first?.findings[0]?.message ?? '', /use ':='/);
    const again = await client.check('doc', 'let x = 1');
    assert.equal(again?.cached, true);
    assert.deepEqual(again?.findings, first?.findings);
  });

  it('drops stale work: only the newest text of a document gets an answer', async () => {
    const [a, b, c, other] = await Promise.all([
      client.check('doc2', 'let a := 1'),
      client.check('doc2', 'let a := 1 +'),
      client.check('doc2', 'let a := (1'),
      client.check('doc3', 'print(1)'),
    ]);
    // The first was already on its way when the others came: its answer is about old text.
    assert.equal(a, undefined);
    assert.equal(b, undefined);
    assert.match(c?.findings[0]?.message ?? '', /never closed/);
    assert.deepEqual(other?.findings, []);
  });

  it("keeps the caller's thread free while a large text is parsed", async () => {
    const big = Array.from(
      { length: 200 },
      (_, i) => `let v${i} := {'n': ${i}, 'list': [${i}, ${i + 1}], 's': 'text ${i}'}`,
    ).join('\n');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const answer = await client.check('big', big);
    clearInterval(timer);
    assert.deepEqual(answer?.findings, []);
    assert.ok(ticks > 3, `the event loop ran ${ticks} times while parsing`);
  });
});
