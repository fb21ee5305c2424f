// The local PostHog's query endpoint answers Hog checks and completions the way PostHog's server does (§9.4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, P, useFake } from './helpers';

const globals = {
  event: { event: '$pageview', properties: { $current_url: 'https://shop.example.com/' } },
  inputs: { url: 'https://hooks.example.com' },
};
const check = (query: string, extra: Record<string, unknown> = {}) => ({
  query: { kind: 'HogQLMetadata', language: 'hog', query, globals, ...extra },
});

describe('fake PostHog: POST query/', () => {
  const fake = useFake({ seed: 'empty' });

  it('needs query:read (a read action, even though it is a POST) and is served under both prefixes', async () => {
    const readOnly = fake().addKey(['hog_function:write']);
    const refused = await call(fake(), 'POST', `${P}/query/`, { key: readOnly, body: check('return 1') });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.detail, "API key missing required scope 'query:read'");
    const allowed = fake().addKey(['query:read']);
    assert.equal((await call(fake(), 'POST', `${P}/query/`, { key: allowed, body: check('return 1') })).status, 200);
    assert.equal((await call(fake(), 'POST', '/api/environments/1/query', { body: check('return 1') })).status, 200);
    assert.equal((await call(fake(), 'GET', `${P}/query/`)).status, 405);
  });

  it('reports valid code with a notice per global it reads and a warning per unknown global', async () => {
    const { status, body } = await call(fake(), 'POST', `${P}/query/`, {
      body: check('let url := inputs.url\nprint(event.properties.$current_url, person.name, url)'),
    });
    assert.equal(status, 200);
    assert.equal(body.isValid, true);
    assert.equal(body.query, 'let url := inputs.url\nprint(event.properties.$current_url, person.name, url)');
    assert.deepEqual(body.errors, []);
    assert.deepEqual(
      body.notices.map((n: { message: string }) => n.message),
      ['Global variable: inputs', 'Global variable: event'],
    );
    assert.deepEqual(body.notices[0], { message: 'Global variable: inputs', start: 11, end: 21, fix: null });
    assert.deepEqual(body.warnings, [{ message: 'Unknown global variable: person', start: 59, end: 70, fix: null }]);
  });

  it("gives syntax errors the parser's offsets: bytes of earlier lines plus the column, up to the byte length", async () => {
    const source = "let a := '😀'\nlet props := {'url': 1\nprint(props)";
    const { body } = await call(fake(), 'POST', `${P}/query/`, { body: check(source) });
    assert.equal(body.isValid, false);
    assert.equal(body.errors.length, 1);
    assert.equal(body.errors[0].message, "missing '}' at 'print'");
    // "let a := '😀'\n" is 13 code points but 16 bytes; 'print' starts the third line.
    assert.equal(body.errors[0].start, 16 + "let props := {'url': 1\n".length);
    assert.equal(body.errors[0].end, Buffer.byteLength(source));
    const eof = await call(fake(), 'POST', `${P}/query/`, { body: check('let x := (1 + ') });
    assert.match(eof.body.errors[0].message, /^(Unexpected end of query|no viable alternative|mismatched input)/);
  });

  it('reports calls to functions that do not exist, and stops at a variable declared twice', async () => {
    const unknown = await call(fake(), 'POST', `${P}/query/`, {
      body: check("let n := lenght('abc')\nfetch(inputs.url)\nreturn arrayMap(x -> x * 2, [n])"),
    });
    assert.equal(unknown.body.isValid, false);
    assert.deepEqual(unknown.body.errors, [
      { message: 'Hog function `lenght` is not implemented', start: 9, end: 22, fix: null },
    ]);
    const twice = await call(fake(), 'POST', `${P}/query/`, { body: check('let x := 1\nlet x := 2\nprint(nope)') });
    assert.deepEqual(twice.body.errors, [
      { message: 'Variable `x` already declared in this scope', start: 11, end: 21, fix: null },
    ]);
    assert.deepEqual(twice.body.warnings, []);
  });

  it('sees locals, function parameters, lambda arguments, loop and catch variables as locals', async () => {
    const code =
      "fun f(a) { return a }\nlet g := (b) -> b\nfor (let k, v in [1]) { print(k, v) }\ntry { throw Error('x') } catch (e) { print(e.message) }";
    const { body } = await call(fake(), 'POST', `${P}/query/`, { body: check(code) });
    assert.deepEqual([body.isValid, body.errors, body.warnings, body.notices], [true, [], [], []]);
  });

  it('completes the keys of a global after a dot, and locals, functions and globals elsewhere', async () => {
    const source = 'let total := 1\nprint(event.)';
    const dot = source.indexOf('.') + 1;
    const keys = await call(fake(), 'POST', `${P}/query/`, {
      body: {
        query: {
          kind: 'HogQLAutocomplete',
          language: 'hog',
          query: source,
          startPosition: dot,
          endPosition: dot,
          globals,
        },
      },
    });
    assert.equal(keys.status, 200);
    assert.deepEqual(
      keys.body.suggestions.map((s: { label: string }) => s.label),
      ['event', 'properties'],
    );
    assert.deepEqual(keys.body.suggestions[1], {
      label: 'properties',
      insertText: 'properties',
      kind: 'Variable',
      detail: 'Object',
      documentation: null,
      sortText: null,
    });
    const bare = 'let total := 1\nprint(to)';
    const all = await call(fake(), 'POST', `${P}/query/`, {
      body: {
        query: {
          kind: 'HogQLAutocomplete',
          language: 'hog',
          query: bare,
          startPosition: bare.length - 3,
          endPosition: bare.length - 1,
          globals,
        },
      },
    });
    const labels = all.body.suggestions.map((s: { label: string }) => s.label);
    for (const label of ['total', 'toString', 'event', 'inputs']) assert.ok(labels.includes(label), label);
    assert.equal(all.body.suggestions.find((s: { label: string }) => s.label === 'toString').insertText, 'toString()');
    assert.equal(all.body.incomplete_list, false);
  });

  it("answers a body that is not a query the way PostHog's pydantic validation does", async () => {
    const unknown = await call(fake(), 'POST', `${P}/query/`, { body: { query: { kind: 'NopeQuery' } } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.type, 'invalid_request');
    assert.equal(unknown.body.code, 'parse_error');
    assert.match(
      unknown.body.detail,
      /^JSON parse error - 1 validation error for QueryRequest\nquery\n {2}Input tag 'NopeQuery' found using 'kind' does not match any of the expected tags: 'EventsNode'/,
    );
    const missing = await call(fake(), 'POST', `${P}/query/`, {
      body: { query: { kind: 'HogQLMetadata', language: 'hog' } },
    });
    assert.match(missing.body.detail, /query\.HogQLMetadata\.query\n {2}Field required \[type=missing/);
    const noQuery = await call(fake(), 'POST', `${P}/query/`, { body: {} });
    assert.match(noQuery.body.detail, /\nquery\n {2}Field required/);
    const language = await call(fake(), 'POST', `${P}/query/`, { body: check('1', { language: 'python' }) });
    assert.match(
      language.body.detail,
      /Input should be 'hogQL', 'hogQLExpr', 'hog', 'hogTemplate', 'hogJson' or 'liquid'/,
    );
  });
});
