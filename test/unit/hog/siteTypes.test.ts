import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fromTyped,
  inputsDeclaration,
  readInputsSchema,
  toTyped,
  typedSource,
} from '../../../src/core/language/siteTypes';

const schema = readInputsSchema([
  { key: 'app_id', type: 'string', label: 'Intercom app id', required: true },
  {
    key: 'region',
    type: 'choice',
    choices: [
      { value: 'us', label: 'US' },
      { value: 'eu', label: 'EU' },
    ],
  },
  { key: 'debug', type: 'boolean', description: 'Log */ everything' },
  { key: 'odd-key', type: 'json' },
  { type: 'string' },
  'not an entry',
]);

test('inputs are typed from the inputs_schema: required or optional, choices as literals, odd keys quoted', () => {
  assert.deepEqual(
    schema.map((e) => e.key),
    ['app_id', 'region', 'debug', 'odd-key'],
  );
  const text = inputsDeclaration(schema);
  assert.match(text, /\/\*\* Intercom app id \*\/\n {2}app_id: string;/);
  assert.match(text, /region\?: "us" \| "eu";/);
  assert.match(text, /debug\?: boolean;/);
  assert.match(text, /"odd-key"\?: any;/);
  assert.ok(!text.includes('Log */'), 'text from PostHog cannot end the doc comment');
});

test("onLoad's and onEvent's first parameter get the type, whatever way the functions are declared", () => {
  const cases: [string, string][] = [
    [
      'export function onLoad({ inputs, posthog }) {}',
      'export function onLoad({ inputs, posthog }: PostHogOnLoadArgs) {}',
    ],
    [
      'export async function onEvent({ event, inputs }) {}',
      'export async function onEvent({ event, inputs }: PostHogOnEventArgs) {}',
    ],
    [
      'export const onLoad = async ({ inputs = {} } ) => {}',
      'export const onLoad = async ({ inputs = {} }: PostHogOnLoadArgs ) => {}',
    ],
    ['onEvent = function (args, extra) {}', 'onEvent = function (args: PostHogOnEventArgs, extra) {}'],
    ['function onLoad({ inputs }: Mine) {}', 'function onLoad({ inputs }: Mine) {}'],
    ['function onLoad() {}', 'function onLoad() {}'],
    ["function onLoad({ a = ')' /* ) */ }) {}", "function onLoad({ a = ')' /* ) */ }: PostHogOnLoadArgs) {}"],
  ];
  for (const [source, expected] of cases) {
    const typed = typedSource(source, schema);
    assert.equal(typed.text.slice(0, typed.text.indexOf('\n\n// Added by PostHog Workbench')), expected);
  }
});

test('offsets map both ways around the annotations; the appended declarations map to nothing', () => {
  const source = 'function onLoad({ inputs }) {\n  inputs.\n}\nfunction onEvent({ event }) { event. }\n';
  const typed = typedSource(source, schema);
  for (let offset = 0; offset <= source.length; offset++) {
    const there = toTyped(typed, offset);
    assert.equal(fromTyped(typed, there), offset, `offset ${offset}`);
    if (offset < source.length) assert.equal(typed.text[there], source[offset]);
  }
  const annotation = typed.text.indexOf(': PostHogOnLoadArgs');
  assert.equal(fromTyped(typed, annotation + 3), source.indexOf('})') + 1, 'inside the annotation: its place');
  assert.equal(fromTyped(typed, typed.text.length - 2), undefined);
});
