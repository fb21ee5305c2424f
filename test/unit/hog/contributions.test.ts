// The Hog language configuration and snippets the manifest contributes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { IGrammar } from 'vscode-textmate';
import { loadHogGrammar, repoRoot, tokenize } from './tokenize';

/** VS Code reads both files as JSON with comments; TypeScript's tsconfig reader accepts the same dialect. */
function readJsonc(relativePath: string): unknown {
  const file = path.join(repoRoot, relativePath);
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
  assert.equal(
    error,
    undefined,
    `${relativePath}: ${error ? ts.flattenDiagnosticMessageText(error.messageText, '\n') : ''}`,
  );
  return config;
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  folding: { markers: { start: string; end: string } };
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

describe('Hog language configuration', () => {
  const config = readJsonc('language-configuration.json') as LanguageConfiguration;

  it('declares Hog comments and brackets', () => {
    assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    assert.deepEqual(config.brackets, [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
  });

  it('auto-closes brackets everywhere and quotes only outside strings and comments', () => {
    const pair = (open: string) => config.autoClosingPairs.find((p) => p.open === open);
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      assert.equal(pair(open)?.close, close, open);
    }
    for (const quote of ["'", "f'", '"']) {
      assert.deepEqual(pair(quote)?.notIn, ['string', 'comment'], quote);
    }
    assert.ok(config.surroundingPairs.some(([open, close]) => open === "'" && close === "'"));
  });

  it('indents after an opening brace and outdents a closing one, ignoring braces in comments', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test("if (event.event != '$pageview') {"));
    assert.ok(increase.test('let payload := {'));
    assert.ok(increase.test('let res := fetch(inputs.url, {  // request'));
    assert.ok(!increase.test('let empty := {}'));
    assert.ok(!increase.test('// if (x) {'));
    assert.ok(!increase.test('-- let d := {'));
    assert.ok(decrease.test('  }'));
    assert.ok(decrease.test('} else {'));
    assert.ok(!decrease.test('  return {}'));
  });

  it('treats $ as part of a word, so $current_url selects as one word', () => {
    const words = 'event.properties.$current_url'.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words, ['event', 'properties', '$current_url']);
  });

  it('folds region markers in either comment style', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('// region Build payload'));
    assert.ok(start.test('-- #region'));
    assert.ok(end.test('  // endregion'));
    assert.ok(!start.test('let region := 1'));
  });
});

/** Replaces snippet placeholders with their defaults (innermost first) and drops tab stops. */
function expandSnippet(body: string): string {
  let text = body;
  const placeholder = /\$\{\d+:((?:\\.|[^\\$}])*)\}/g;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(placeholder, '$1');
  }
  return text.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

describe('Hog snippets', () => {
  const snippets = readJsonc('snippets/hog.code-snippets') as Record<string, Snippet>;
  let grammar: IGrammar;

  before(async () => {
    grammar = await loadHogGrammar();
  });

  it('gives every snippet a prefix, a body and a description', () => {
    const entries = Object.entries(snippets);
    assert.ok(entries.length >= 10, `only ${entries.length} snippets`);
    for (const [name, snippet] of entries) {
      const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.length > 0), name);
      const body = Array.isArray(snippet.body) ? snippet.body : [snippet.body];
      assert.ok(body.length > 0 && body.every((line) => typeof line === 'string'), name);
      assert.equal(typeof snippet.description, 'string', name);
      assert.ok(snippet.description.length > 0, name);
    }
  });

  it('covers the common hog function idioms', () => {
    const bodies = Object.values(snippets).map((s) => expandSnippet(([] as string[]).concat(s.body).join('\n')));
    const some = (needle: string) => bodies.some((b) => b.includes(needle));
    assert.ok(some('fetch(inputs.url, payload)'), 'webhook fetch from inputs');
    assert.ok(some("if (event.event != '$pageview') {\n\treturn\n}"), 'early return filter');
    assert.ok(some('fetch(inputs.slack_webhook_url'), 'Slack incoming webhook');
    assert.ok(some("fetch('https://slack.com/api/chat.postMessage'"), 'Slack API');
    assert.ok(some('let returnEvent := event') && some('return returnEvent'), 'transformation');
    assert.ok(some('postHogCapture({'), 'postHogCapture');
    assert.ok(some('} catch (err) {'), 'try/catch');
    assert.ok(some('for (let key, value in event.properties)'), 'for over a dictionary');
  });

  it('expands to Hog that the grammar reads without errors or unclosed strings', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const code = expandSnippet(([] as string[]).concat(snippet.body).join('\n'));
      const lines = tokenize(grammar, code);
      lines.forEach((tokens, index) => {
        const illegal = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
        assert.deepEqual(illegal, [], `${name}, line ${index + 1}`);
        const opened = tokens.filter((t) => t.scopes.includes('punctuation.definition.string.begin.hog')).length;
        const closed = tokens.filter((t) => t.scopes.includes('punctuation.definition.string.end.hog')).length;
        assert.equal(
          closed,
          opened,
          `${name}, line ${index + 1}: unclosed string in ${JSON.stringify(code.split('\n')[index])}`,
        );
      });
      // Quotes in Hog are single; a double-quoted word would be an identifier, almost surely a mistake here.
      assert.ok(!lines.flat().some((t) => t.scopes.includes('variable.other.quoted.hog')), name);
    }
  });
});
