// The Hog TextMate grammar scopes Hog as PostHog's lexer reads it.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { IGrammar } from 'vscode-textmate';
import { loadHogGrammar, tokenize as tokenizeWith, type Token } from './tokenize';

let grammar: IGrammar;

before(async () => {
  grammar = await loadHogGrammar();
});

function tokenize(source: string): Token[][] {
  return tokenizeWith(grammar, source);
}

/** The innermost scope of the n-th token (0-based) whose text is exactly `text`, across all lines. */
function scopeOf(lines: Token[][], text: string, nth = 0): string {
  return scopesOf(lines, text, nth).at(-1) ?? '';
}

function scopesOf(lines: Token[][], text: string, nth = 0): string[] {
  const matches = lines.flat().filter((t) => t.text === text);
  const token = matches[nth];
  assert.ok(token, `no token #${nth} with text ${JSON.stringify(text)}; tokens: ${describeTokens(lines)}`);
  return token.scopes;
}

function describeTokens(lines: Token[][]): string {
  return lines
    .flat()
    .map((t) => `${JSON.stringify(t.text)}=${t.scopes.at(-1)}`)
    .join(' ');
}

describe('Hog grammar', () => {
  it('scopes statement keywords, in any letter case like the Hog lexer', () => {
    const lines = tokenize(
      [
        'let url := inputs.url',
        'if (not url) {',
        '  return',
        '} else {',
        "  while (true) { throw Error('x') }",
        '}',
        'for (let key, value in event.properties) { print(key) }',
        'try { print(1) } catch (e) { print(e) } finally { print(2) }',
        'IF (x AND y OR z) { RETURN null }',
      ].join('\n'),
    );
    assert.equal(scopeOf(lines, 'let'), 'storage.type.hog');
    assert.equal(scopeOf(lines, 'if'), 'keyword.control.conditional.hog');
    assert.equal(scopeOf(lines, 'else'), 'keyword.control.conditional.hog');
    assert.equal(scopeOf(lines, 'not'), 'keyword.operator.logical.hog');
    assert.equal(scopeOf(lines, 'return'), 'keyword.control.flow.hog');
    assert.equal(scopeOf(lines, 'while'), 'keyword.control.loop.hog');
    assert.equal(scopeOf(lines, 'throw'), 'keyword.control.flow.hog');
    assert.equal(scopeOf(lines, 'for'), 'keyword.control.loop.hog');
    assert.equal(scopeOf(lines, 'in'), 'keyword.operator.expression.in.hog');
    assert.equal(scopeOf(lines, 'try'), 'keyword.control.trycatch.hog');
    assert.equal(scopeOf(lines, 'catch'), 'keyword.control.trycatch.hog');
    assert.equal(scopeOf(lines, 'e'), 'variable.parameter.hog');
    assert.equal(scopeOf(lines, 'finally'), 'keyword.control.trycatch.hog');
    assert.equal(scopeOf(lines, 'true'), 'constant.language.boolean.hog');
    assert.equal(scopeOf(lines, 'null'), 'constant.language.null.hog');
    assert.equal(scopeOf(lines, 'IF'), 'keyword.control.conditional.hog');
    assert.equal(scopeOf(lines, 'AND'), 'keyword.operator.logical.hog');
    assert.equal(scopeOf(lines, 'OR'), 'keyword.operator.logical.hog');
    assert.equal(scopeOf(lines, 'RETURN'), 'keyword.control.flow.hog');
    // The loop variables are plain variables, not keywords.
    assert.equal(scopeOf(lines, 'key'), 'variable.other.readwrite.hog');
  });

  it('highlights f-string interpolations as code, not as string text', () => {
    const lines = tokenize("print(f'Hello {person.properties.name ?? 'there'}, you sent {event.event}!')");
    assert.equal(scopeOf(lines, 'f'), 'storage.type.string.hog');
    assert.deepEqual(scopesOf(lines, 'Hello '), ['source.hog', 'string.interpolated.hog']);
    const person = scopesOf(lines, 'person');
    assert.equal(person.at(-1), 'variable.language.global.hog');
    assert.ok(person.includes('meta.embedded.line.hog'), person.join(' '));
    assert.equal(scopeOf(lines, '??'), 'keyword.operator.nullish.hog');
    // A plain string nested inside the interpolation is a string again.
    assert.equal(scopeOf(lines, 'there'), 'string.quoted.single.hog');
    assert.equal(scopeOf(lines, 'event'), 'variable.language.global.hog');
    assert.equal(scopeOf(lines, 'event', 1), 'variable.other.property.hog');
    assert.deepEqual(scopesOf(lines, '!'), ['source.hog', 'string.interpolated.hog']);
    // The call's closing parenthesis is back in code: the f-string ended at its quote.
    assert.deepEqual(scopesOf(lines, ')'), ['source.hog', 'punctuation.section.parens.end.hog']);
  });

  it('keeps a dictionary inside an interpolation from ending it early, and honours \\{ escapes', () => {
    const lines = tokenize("let s := f'\\{literal} {jsonStringify({'a': 1})} done'\nlet after := 1");
    assert.equal(scopeOf(lines, '\\{'), 'constant.character.escape.hog');
    assert.equal(scopeOf(lines, 'jsonStringify'), 'support.function.hog');
    assert.equal(scopeOf(lines, 'a'), 'string.quoted.single.hog');
    assert.deepEqual(scopesOf(lines, ' done'), ['source.hog', 'string.interpolated.hog']);
    assert.equal(scopeOf(lines, 'after'), 'variable.other.readwrite.hog');
  });

  it('recognises all three comment styles', () => {
    const lines = tokenize(
      ['// slash comment', '-- dash comment', '/* block', '   comment */ let x := 1 - 2 // tail'].join('\n'),
    );
    assert.equal(scopeOf(lines, ' slash comment'), 'comment.line.double-slash.hog');
    assert.equal(scopeOf(lines, ' dash comment'), 'comment.line.double-dash.hog');
    assert.equal(scopeOf(lines, ' block'), 'comment.block.hog');
    assert.equal(scopeOf(lines, '   comment '), 'comment.block.hog');
    assert.equal(scopeOf(lines, 'let'), 'storage.type.hog');
    assert.equal(scopeOf(lines, '-'), 'keyword.operator.arithmetic.hog');
    assert.equal(scopeOf(lines, ' tail'), 'comment.line.double-slash.hog');
  });

  it('scopes numbers: integers, floats, exponents, hex and binary, and tuple indexes', () => {
    const lines = tokenize('let n := [42, 3.14, .5, 1e6, 2.5E-3, 0xFF, 0b1010]\nprint(myTuple.2)');
    for (const text of ['42', '3.14', '.5', '1e6', '2.5E-3']) {
      assert.equal(scopeOf(lines, text), 'constant.numeric.decimal.hog', text);
    }
    assert.equal(scopeOf(lines, '0xFF'), 'constant.numeric.hex.hog');
    assert.equal(scopeOf(lines, '0b1010'), 'constant.numeric.binary.hog');
    assert.equal(scopeOf(lines, 'myTuple'), 'variable.other.readwrite.hog');
    assert.equal(scopeOf(lines, '.'), 'punctuation.accessor.hog');
    assert.equal(scopeOf(lines, '2'), 'constant.numeric.decimal.hog');
  });

  it('scopes the hog function globals, but not properties that share their names', () => {
    const lines = tokenize(
      'print(event, person, groups, inputs, project, source)\nlet x := inputs.event ?? groups.organization.source',
    );
    for (const name of ['event', 'person', 'groups', 'inputs', 'project', 'source']) {
      assert.equal(scopeOf(lines, name), 'variable.language.global.hog', name);
    }
    assert.equal(scopeOf(lines, 'event', 1), 'variable.other.property.hog');
    assert.equal(scopeOf(lines, 'source', 1), 'variable.other.property.hog');
  });

  it('scopes builtin calls, user function declarations, user calls and lambdas', () => {
    const lines = tokenize(
      [
        'fun sendToSlack(text, channel) {',
        "  let res := fetch(inputs.url, {'method': 'POST'})",
        '  return res.status',
        '}',
        "sendToSlack(toString(now()), 'c')",
        'let doubled := arrayMap((x) -> x * 2, [1, 2])',
        'let ids := arrayFilter(y -> notEmpty(y), keys(event.properties))',
        'postHogCapture({})',
        'let fetcher := 1',
      ].join('\n'),
    );
    assert.equal(scopeOf(lines, 'fun'), 'storage.type.function.hog');
    assert.equal(scopeOf(lines, 'sendToSlack'), 'entity.name.function.hog');
    assert.equal(scopeOf(lines, 'text'), 'variable.parameter.hog');
    assert.equal(scopeOf(lines, 'channel'), 'variable.parameter.hog');
    for (const name of ['fetch', 'toString', 'now', 'arrayMap', 'arrayFilter', 'notEmpty', 'keys', 'postHogCapture']) {
      assert.equal(scopeOf(lines, name), 'support.function.hog', name);
    }
    assert.equal(scopeOf(lines, 'sendToSlack', 1), 'entity.name.function.call.hog');
    assert.equal(scopeOf(lines, 'x'), 'variable.parameter.hog');
    assert.equal(scopeOf(lines, 'y'), 'variable.parameter.hog');
    assert.equal(scopeOf(lines, '->'), 'storage.type.function.arrow.hog');
    assert.equal(scopeOf(lines, 'status'), 'variable.other.property.hog');
    // A builtin's name inside a longer identifier is not a builtin.
    assert.equal(scopeOf(lines, 'fetcher'), 'variable.other.readwrite.hog');
  });

  it('scopes Hog operators, and flags the C operators Hog rejects', () => {
    const lines = tokenize(
      "x := a == b or a = b or a != b or s =~ 'a' or s !~ 'b' or s =~* 'c' or s !~* 'd' or a <= 1 or f'{a}' || 'b' or obj?.key && !ok",
    );
    assert.equal(scopeOf(lines, ':='), 'keyword.operator.assignment.hog');
    for (const op of ['==', '=', '!=', '<=']) assert.equal(scopeOf(lines, op), 'keyword.operator.comparison.hog', op);
    for (const op of ['=~', '!~', '=~*', '!~*']) assert.equal(scopeOf(lines, op), 'keyword.operator.regex.hog', op);
    assert.equal(scopeOf(lines, '||'), 'keyword.operator.concatenation.hog');
    assert.equal(scopeOf(lines, '?.'), 'punctuation.accessor.optional.hog');
    assert.equal(scopeOf(lines, 'key'), 'variable.other.property.hog');
    assert.equal(scopeOf(lines, '&&'), 'invalid.illegal.operator.hog');
    assert.equal(scopeOf(lines, '!'), 'invalid.illegal.operator.hog');
  });

  it('scopes strings with escapes and doubled quotes, and double quotes as identifiers', () => {
    const lines = tokenize("let s := 'it''s a \\'quote\\'\\n\\x41' || \"my column\"");
    assert.equal(scopeOf(lines, "''"), 'constant.character.escape.quote.hog');
    assert.equal(scopeOf(lines, "\\'"), 'constant.character.escape.hog');
    assert.equal(scopeOf(lines, '\\n'), 'constant.character.escape.hog');
    assert.equal(scopeOf(lines, '\\x41'), 'constant.character.escape.hog');
    assert.equal(scopeOf(lines, 'it'), 'string.quoted.single.hog');
    assert.equal(scopeOf(lines, 'my column'), 'variable.other.quoted.hog');
    assert.equal(scopeOf(lines, '||'), 'keyword.operator.concatenation.hog');
  });

  it('ends an unterminated string at the end of its line', () => {
    const lines = tokenize(
      "let broken := 'no closing quote\nlet next := fetch(inputs.url)\nlet also := f'{event\nlet last := 2",
    );
    assert.equal(scopeOf(lines, 'no closing quote'), 'string.quoted.single.hog');
    assert.equal(scopeOf(lines, 'let', 1), 'storage.type.hog');
    assert.equal(scopeOf(lines, 'fetch'), 'support.function.hog');
    assert.equal(scopeOf(lines, 'also'), 'variable.other.readwrite.hog');
    // An f-string left open inside an interpolation does not run on either.
    assert.deepEqual(scopesOf(lines, 'last'), ['source.hog', 'variable.other.readwrite.hog']);
  });
});
