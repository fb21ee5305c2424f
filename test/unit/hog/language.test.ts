// The pure parts of the Hog language features: offsets, PostHog's findings as ranges, the cursor's context, the
// standard library's signatures, globals, suggestions and the query gate.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { describeValue, globalsFor, inputValues, keysAt, valueAt } from '../../../src/core/language/globals';
import { mergeProblems, problemsFrom, shortenExpecting, type Problem } from '../../../src/core/language/notices';
import { codePointFromUtf16, utf16FromCodePoint, utf16FromParserOffset } from '../../../src/core/language/offsets';
import { QueryGate } from '../../../src/core/language/queryGate';
import { callAt, chainAt, wordAt } from '../../../src/core/language/scan';
import { argumentCount, HogStdlib, parameterLabels, signatureLabel } from '../../../src/core/language/stdlib';
import { declaredNames, mergeSuggestions, offlineSuggestions } from '../../../src/core/language/suggestions';

const metadata = (m: Partial<Parameters<typeof problemsFrom>[1]>) => ({ errors: [], warnings: [], notices: [], ...m });
let stdlib: HogStdlib;
// What esbuild.mjs writes to dist/hogStdlib.json, read from the installed @posthog/hogvm the same way.
before(async () => {
  stdlib = new HogStdlib((await import('../../../build/hogStdlib.mjs')).readHogStdlib());
});

describe('Hog language: offsets', () => {
  it('converts code points and UTF-16 both ways around astral characters', () => {
    const text = 'a😀b€c';
    assert.equal(utf16FromCodePoint(text, 2), 3);
    assert.equal(utf16FromCodePoint(text, 5), 6);
    assert.equal(utf16FromCodePoint(text, 99), text.length);
    assert.equal(codePointFromUtf16(text, 3), 2);
    assert.equal(codePointFromUtf16(text, text.length), 5);
  });

  it('reads a parser offset as bytes of whole lines before it plus code points in its line', () => {
    const text = "let a := '😀é'\nprint('😀', x y)";
    const bytesOfLine1 = Buffer.byteLength("let a := '😀é'\n");
    const inLine2 = [..."print('😀', x "].length;
    assert.equal(utf16FromParserOffset(text, bytesOfLine1 + inLine2), text.indexOf('y'));
  });
});

describe('Hog language: PostHog findings as ranges', () => {
  it('maps errors, warnings and notices to UTF-16 ranges, keeping fixes', () => {
    const text = "let s := '😀'\nprint(evnt)";
    const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
    const problems = problemsFrom(
      text,
      metadata({
        warnings: [{ message: 'Unknown global variable: evnt', start: cp('evnt'), end: cp('evnt') + 4 }],
        notices: [{ message: 'Did you mean event?', start: cp('evnt'), end: cp('evnt') + 4, fix: 'event' }],
      }),
    );
    assert.deepEqual(
      problems.map((p) => [p.severity, text.slice(p.start, p.end), p.fix]),
      [
        ['warning', 'evnt', undefined],
        ['notice', 'evnt', 'event'],
      ],
    );
  });

  it('narrows a syntax error (which PostHog ends at the byte length) to the word where the parser stopped', () => {
    const text = "let a := '😀'\nlet props := {'url': 1\nprint(props)";
    const start = Buffer.byteLength("let a := '😀'\n") + "let props := {'url': 1\n".length;
    const [problem] = problemsFrom(
      text,
      metadata({ errors: [{ message: "missing '}' at 'print'", start, end: Buffer.byteLength(text) }] }),
    );
    assert.equal(text.slice(problem!.start, problem!.end), 'print');
    const atEnd = problemsFrom(
      'fun f() {\n  return 1\n',
      metadata({ errors: [{ message: 'no viable alternative', start: 21, end: 21 }] }),
    );
    assert.deepEqual([atEnd[0]!.start, atEnd[0]!.end], [19, 20]);
  });

  it('reads a missing end as "to the end", and swaps a reversed range', () => {
    const text = 'return x';
    assert.deepEqual(
      problemsFrom(text, metadata({ warnings: [{ message: 'w', start: 7 }] })).map((p) => [p.start, p.end]),
      [[7, 8]],
    );
    assert.deepEqual(
      problemsFrom(text, metadata({ warnings: [{ message: 'w', start: 8, end: 7 }] })).map((p) => [p.start, p.end]),
      [[7, 8]],
    );
  });

  it('keeps a compiler error on a node that ends the text whole when the text is known to parse', () => {
    const text = "let size := lenght('abc')";
    const error = { message: 'Hog function `lenght` is not implemented', start: 12, end: text.length };
    const shown = (problems: Problem[]) => problems.map((p) => text.slice(p.start, p.end));
    assert.deepEqual(shown(problemsFrom(text, metadata({ errors: [error] }), { parses: true })), ["lenght('abc')"]);
    // Without that knowledge it reads as the parser's "to the end" and narrows to the word.
    assert.deepEqual(shown(problemsFrom(text, metadata({ errors: [error] }))), ['lenght']);
  });

  it('shows a problem found by both the local check and PostHog once, drops what PostHog does not find, adds its others', () => {
    const typo = {
      severity: 'error' as const,
      message: 'Hog function `lenght` is not implemented',
      start: 12,
      end: 25,
    };
    const newer = {
      severity: 'error' as const,
      message: 'Hog function `newFn` is not implemented',
      start: 30,
      end: 37,
    };
    const fix = { severity: 'notice' as const, message: 'Did you mean event?', start: 40, end: 44, fix: 'event' };
    assert.deepEqual(mergeProblems([typo, newer], undefined), { local: [typo, newer], server: [] });
    // PostHog ends the same node elsewhere (another reading of offsets): still the same problem.
    const merged = mergeProblems([typo, newer], [{ ...typo, end: 18 }, fix]);
    assert.deepEqual(merged, { local: [typo], server: [fix] });
  });

  it("shortens the parser's long lists of expected tokens", () => {
    assert.equal(
      shortenExpecting("mismatched input '=' expecting {ALL, AND, ANTI, ANY, ARRAY, AS, ASOF, BETWEEN}"),
      "mismatched input '=' expecting one of ALL, AND, ANTI, ANY, ARRAY, AS or 2 more",
    );
    assert.equal(shortenExpecting("missing '}' at 'print'"), "missing '}' at 'print'");
  });
});

describe("Hog language: the cursor's context", () => {
  it("finds the chain being typed, through dots, ?. and ['key']", () => {
    assert.deepEqual(chainAt('print(event.properties.$cu', 26), {
      path: ['event', 'properties'],
      prefix: '$cu',
      prefixStart: 23,
    });
    assert.deepEqual(chainAt('event.', 6), { path: ['event'], prefix: '', prefixStart: 6 });
    assert.deepEqual(chainAt("event?.properties['a b'].x", 26)?.path, ['event', 'properties', 'a b']);
    assert.deepEqual(chainAt('let x := con', 12), { path: [], prefix: 'con', prefixStart: 9 });
    assert.equal(chainAt("print('event.", 13), undefined, 'inside a string');
    assert.equal(chainAt('// event.', 9), undefined, 'inside a comment');
    assert.equal(chainAt('f().', 4), undefined, 'the chain starts with a call');
  });

  it('finds the word under the cursor with its chain, and whether it is called', () => {
    const text = 'print(event.properties.$current_url)';
    assert.deepEqual(wordAt(text, text.indexOf('$current') + 3), {
      word: '$current_url',
      start: 23,
      end: 35,
      path: ['event', 'properties'],
      isCall: false,
    });
    assert.equal(wordAt(text, 2)?.isCall, true);
    assert.equal(wordAt("print('event')", 9), undefined);
  });

  it('finds the innermost call and the argument the cursor is in', () => {
    assert.deepEqual(callAt("concat('a, b', [1, 2], ", 23), { name: 'concat', argument: 2 });
    assert.deepEqual(callAt('print(length(x', 14), { name: 'length', argument: 0 });
    assert.equal(callAt('print(x)', 8), undefined);
    assert.equal(callAt("let d := {'a': 1, ", 18), undefined);
  });
});

describe('Hog language: standard library', () => {
  it("reads descriptions, examples and argument counts from @posthog/hogvm, and names Hog-written functions' arguments", () => {
    const length = stdlib.get('length');
    assert.ok(length?.description && length.example);
    assert.equal(argumentCount(length), '1 argument');
    assert.equal(signatureLabel(stdlib.get('arrayMap')!), 'arrayMap(func, arr)');
    assert.equal(signatureLabel(stdlib.get('concat')!), 'concat(...args)');
    assert.deepEqual(parameterLabels({ name: 'f', minArgs: 1, maxArgs: 3 }), ['arg1', 'arg2?', 'arg3?']);
    assert.equal(argumentCount({ name: 'f', minArgs: 2, maxArgs: null }), 'at least 2 arguments');
    assert.equal(signatureLabel(stdlib.get('fetch')!), 'fetch(url, options?)');
  });
});

describe('Hog language: globals', () => {
  const ctx = { host: 'https://us.posthog.com', projectId: 7, functionId: 'f1', functionName: 'Slack' };
  it('shapes the globals by function type, with inputs by value and secrets without one', () => {
    const inputs = { url: { value: 'https://hooks.example.com' }, token: { secret: true } };
    const destination = globalsFor('destination', undefined, inputs, ctx);
    assert.deepEqual(Object.keys(destination.globals), ['event', 'person', 'groups', 'project', 'source', 'inputs']);
    assert.deepEqual(destination.globals.inputs, { url: 'https://hooks.example.com', token: null });
    assert.deepEqual(destination.secretInputs, ['token']);
    assert.deepEqual(Object.keys(globalsFor('transformation', undefined, {}, ctx).globals), [
      'project',
      'event',
      'inputs',
    ]);
    assert.deepEqual(Object.keys(globalsFor('source_webhook', undefined, {}, ctx).globals), ['request', 'inputs']);
    assert.deepEqual(Object.keys(globalsFor(null, undefined, {}, ctx).globals), [
      'event',
      'person',
      'groups',
      'project',
      'source',
      'inputs',
    ]);
    assert.deepEqual(inputValues(null), { values: {}, secrets: [] });
  });

  it("uses the function's own sample event", () => {
    const sample = { event: { event: 'signed_up', properties: { plan: 'team' } } };
    const { globals } = globalsFor('destination', sample, {}, ctx);
    assert.deepEqual(valueAt(globals, ['event', 'properties', 'plan']), { found: true, value: 'team' });
    assert.deepEqual(valueAt(globals, ['event', 'nope']), { found: false });
    assert.deepEqual(valueAt({ a: [10, 20] }, ['a', '1']), { found: true, value: 10 });
    assert.deepEqual(
      keysAt(globals, ['event']).map((k) => k.key),
      ['event', 'properties'],
    );
    assert.equal(describeValue({}), 'Object');
    assert.equal(describeValue([1, 2]), 'Array (2)');
    assert.equal(describeValue('x'.repeat(60)).length, 41);
  });
});

describe('Hog language: suggestions', () => {
  const globals = { event: { properties: { $current_url: 'u' } }, inputs: {} };
  it('offers declared names, globals and the standard library offline, and keys after a chain', () => {
    const top = offlineSuggestions(
      { path: [], prefix: '', prefixStart: 0 },
      'let total := 1\nfor (let k, v in x) {}\nfun send() {}',
      globals,
      stdlib,
    );
    const labels = top.map((s) => s.label);
    for (const label of ['total', 'k', 'v', 'send', 'event', 'inputs', 'length', 'fetch'])
      assert.ok(labels.includes(label), label);
    assert.equal(top.find((s) => s.label === 'length')?.insertText, 'length()');
    assert.deepEqual(
      offlineSuggestions({ path: ['event', 'properties'], prefix: '', prefixStart: 0 }, '', globals, stdlib).map(
        (s) => [s.label, s.kind],
      ),
      [['$current_url', 'Property']],
    );
    assert.deepEqual(declaredNames('let a := 1; let b:=2'), ['a', 'b']);
  });

  it("merges PostHog's items first and each label once", () => {
    const merged = mergeSuggestions(
      [
        { label: 'properties', insertText: 'properties', kind: 'Variable', detail: 'Object' },
        { label: 'properties', kind: 'Variable' },
      ],
      [
        { label: 'properties', kind: 'Property', insertText: 'properties' },
        { label: 'uuid', kind: 'Property', insertText: 'uuid' },
      ],
    );
    assert.deepEqual(
      merged.map((s) => [s.label, s.kind, s.detail]),
      [
        ['properties', 'Variable', 'Object'],
        ['uuid', 'Property', undefined],
      ],
    );
  });
});

describe('Hog language: when to ask PostHog', () => {
  it('stops for a key without query:read, says so once, and asks again for another key', () => {
    const gate = new QueryGate(() => 0);
    const missing = { kind: 'missing_scope' as const, scope: 'query:read' };
    assert.deepEqual(gate.failed('host#1', missing), { tellMissingScope: true });
    assert.deepEqual(gate.failed('host#1', missing), { tellMissingScope: false });
    assert.deepEqual(gate.state('host#1'), { open: false, reason: 'missing_scope' });
    assert.deepEqual(gate.state('host#2'), { open: true });
  });

  it('waits as long as PostHog says after a 429, else backs off doubling to a minute', () => {
    let now = 0;
    const gate = new QueryGate(() => now);
    assert.equal(gate.failed('a', { kind: 'rate_limited', retryAfterSeconds: 12 }).retryInMs, 12_000);
    assert.deepEqual(gate.state('a'), { open: false, reason: 'throttled', retryInMs: 12_000 });
    now = 12_000;
    assert.deepEqual(gate.state('a'), { open: true });
    const waits = [1, 2, 3, 4, 5].map(() => {
      const wait = gate.failed('a', { kind: 'rate_limited' }).retryInMs ?? 0;
      now += wait;
      return wait;
    });
    assert.deepEqual(waits, [10_000, 20_000, 40_000, 60_000, 60_000]);
    gate.succeeded();
    assert.equal(gate.failed('a', { kind: 'rate_limited' }).retryInMs, 5_000);
    assert.deepEqual(gate.failed('a', { kind: 'network' }), { tellMissingScope: false });
  });
});
