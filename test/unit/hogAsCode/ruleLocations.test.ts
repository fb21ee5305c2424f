// Where a save-time rule of PostHog points in a function's text (src/core/functions/ruleLocations.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeOnly, locateInCode, locateInJson, type TextRange } from '../../../src/core/functions/ruleLocations';

const at = (text: string, ranges: TextRange[]) => ranges.map((r) => text.slice(r.start, r.end));

describe('where a save-time rule points', () => {
  it('finds the calls of a reserved function in code, not in strings or comments', () => {
    const code =
      "// sendEmail() is not for us\nlet x := 'sendEmail(1)'\nsendEmail({'to': inputs.to})\nlet y := mySendEmail(1)\nsendEmail ({})";
    assert.equal(codeOnly("a 'b' // c").length, "a 'b' // c".length);
    const ranges = locateInCode({ id: 'reserved_function', names: ['sendEmail'] }, code);
    assert.deepEqual(at(code, ranges), ['sendEmail', 'sendEmail']);
    assert.equal(code.slice(0, ranges[0]!.start).split('\n').length, 3, 'on line 3');
  });

  it('finds the hyphenated name as written', () => {
    const code = 'let source := event.properties.utm-source\nreturn source';
    assert.deepEqual(
      at(
        code,
        locateInCode(
          {
            id: 'hyphenated_identifier',
            hyphenated: 'event.properties.utm-source',
            fix: "event.properties['utm-source']",
          },
          code,
        ),
      ),
      ['event.properties.utm-source'],
    );
  });

  it('finds the input in an inputs document, narrowed to the template part it concerns', () => {
    const json = JSON.stringify(
      { url: { value: 'https://x' }, who: { value: 'for {person.properties.email} of {groups.org.name}' } },
      null,
      2,
    );
    assert.deepEqual(
      at(json, locateInJson({ id: 'transformation_globals', names: ['groups', 'person'], inputKey: 'who' }, json)),
      ['groups', 'person'],
    );
    const hyphen = JSON.stringify({ src: { value: '{event.properties.utm-source}' } }, null, 2);
    assert.deepEqual(
      at(
        hyphen,
        locateInJson(
          { id: 'hyphenated_identifier', hyphenated: 'event.properties.utm-source', inputKey: 'src' },
          hyphen,
        ),
      ),
      ['event.properties.utm-source'],
    );
  });

  it("finds the input among function.json's fields, and names the key when nothing narrower is found", () => {
    const json = JSON.stringify(
      {
        name: 'who',
        inputs_schema: [{ key: 'who', type: 'string' }],
        inputs: { other: { value: 1 }, who: { value: '{x}' } },
      },
      null,
      2,
    );
    const ranges = locateInJson({ id: 'transformation_globals', names: ['person'], inputKey: 'who' }, json);
    assert.deepEqual(at(json, ranges), ['"who"']);
    assert.ok(ranges[0]!.start > json.indexOf('"inputs"'), 'the input, not the name or the schema');
    assert.deepEqual(locateInJson({ id: 'enabled_limit', limit: 20 }, json), []);
  });
});
