// The group panel's webview, checked where it is cheapest to check exhaustively: its source may not contain a
// way to turn text into markup or to reach the network, and its message protocol drops whatever does not fit.
// The CSP, command URIs and the live panel are checked in the extension host (test/integration/reliability).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { hostMessageSchema, webviewMessageSchema } from '../../src/shared/protocol/groupPanel';

const webviewDir = path.join(__dirname, '../../src/webview');
const sources = fs
  .readdirSync(webviewDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: fs.readFileSync(path.join(webviewDir, file), 'utf8').replace(/^\s*\/\/.*$/gm, '') }));

/** Sinks that parse a string as HTML or code, and every API a page can reach the network with. */
const forbidden: [string, RegExp][] = [
  ['innerHTML / outerHTML', /\b(inner|outer)HTML\b/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['document.write', /document\.write/],
  ['DOMParser / createContextualFragment', /DOMParser|createContextualFragment/],
  ['eval / new Function / string timers', /\beval\(|new Function\(|set(Timeout|Interval)\(\s*['"`]/],
  ['fetch', /\bfetch\(/],
  ['XMLHttpRequest', /XMLHttpRequest/],
  ['WebSocket / EventSource', /WebSocket|EventSource/],
  ['sendBeacon', /sendBeacon/],
  ['importScripts / dynamic import', /importScripts|\bimport\(/],
  ['links built from data (href/src attributes)', /['"](href|src|srcdoc|action|formaction)['"]\s*:/],
  ['window.open / location changes', /window\.open|location\.(href|assign|replace)/],
];

describe('webview', () => {
  it('has sources to check', () => {
    assert.ok(sources.length >= 3, `found ${sources.map((s) => s.file).join(', ')}`);
  });

  for (const [what, pattern] of forbidden) {
    it(`the webview's code uses no ${what}`, () => {
      for (const { file, text } of sources) {
        const line = text.split('\n').findIndex((l) => pattern.test(l));
        assert.equal(line, -1, `${file}:${line + 1} uses ${what}`);
      }
    });
  }

  it('messages from the webview that do not fit the protocol are dropped (property-based)', () => {
    const valid: Record<string, unknown>[] = [
      { type: 'ready' },
      { type: 'refresh', id: 1 },
      { type: 'loadActivity', id: 2, page: 1 },
      { type: 'delete', id: 3, key: 'plan' },
      { type: 'suggestValues', id: 4, key: 'plan' },
      { type: 'copy', text: 'org:1', what: 'key' },
      { type: 'keepOpen' },
    ];
    for (const message of valid) assert.deepEqual(webviewMessageSchema.parse(message), message);
    // Any field of a valid message replaced by anything: refused, or accepted exactly as sent (never coerced,
    // defaulted or dropped into something the host would act on differently).
    fc.assert(
      fc.property(
        fc.constantFrom(...valid.filter((m) => Object.keys(m).length > 1)),
        fc.anything(),
        (message, junk) => {
          for (const field of Object.keys(message).filter((k) => k !== 'type')) {
            const sent = { ...message, [field]: junk };
            const parsed = webviewMessageSchema.safeParse(sent);
            if (parsed.success)
              assert.deepEqual(parsed.data, sent, `${message.type}.${field} = ${JSON.stringify(junk)?.slice(0, 80)}`);
          }
        },
      ),
      { numRuns: 500 },
    );
    for (const junk of [
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'save', id: 1, overwrite: false, edits: [{ key: '', value: 1, loaded: { present: false } }] },
      { type: 'save', id: -1, overwrite: false, edits: [] },
      { type: 'restore', id: 2, key: 'a', value: null },
      { type: 'delete', id: 3, key: 'k'.repeat(401) },
      { type: 'copy', text: 1, what: 'key' },
    ]) {
      assert.equal(webviewMessageSchema.safeParse(junk).success, false, JSON.stringify(junk).slice(0, 80));
    }
  });

  it('messages from the host that do not fit are dropped by the webview', () => {
    for (const junk of [
      { type: 'group', group: { group_key: 1 } },
      { type: 'script', code: 'alert(1)' },
      null,
      'init',
    ]) {
      assert.equal(hostMessageSchema.safeParse(junk).success, false, JSON.stringify(junk));
    }
  });
});
