// The column mapping: types inferred per column, overridable, saved and read back; each row checked against it with
// a message per bad row (no key, a value that does not fit, a duplicated key) that leaves the other rows alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkMapping,
  convertCell,
  describeProblem,
  inspectSource,
  mappingToJson,
  MappingError,
  openText,
  parseMapping,
  prepareRows,
  readSource,
  suggestMapping,
  withColumn,
  type ImportMapping,
  type SourceFormat,
} from '../../../src/core/groups';

async function prepare(text: string, format: SourceFormat, mapping?: ImportMapping) {
  const open = openText(text);
  const info = await inspectSource(open, format);
  const m = mapping ?? info.suggested;
  return { info, mapping: m, ...(await prepareRows(readSource(open, { format }), m, format)) };
}

describe('import mapping: inference', () => {
  it('infers boolean, number, JSON and text per column from CSV text', async () => {
    const csv = [
      'id,active,seats,score,meta,zip,name,big,mixed',
      'a,true,12,1.5,"{""tier"": 1}",00123,Acme,9007199254740993,1',
      'b,FALSE,0,-2e3,[1],04567,Beta,1,x',
      'c,,,,,,,,',
    ].join('\n');
    const info = await inspectSource(openText(csv), 'csv');
    const types = Object.fromEntries(info.profiles.map((p) => [p.column, p.inferred]));
    assert.deepEqual(types, {
      id: 'string',
      active: 'boolean',
      seats: 'number',
      score: 'number',
      meta: 'json',
      zip: 'string',
      name: 'string',
      // Beyond 2^53 a number would be rounded: the column stays text.
      big: 'string',
      mixed: 'string',
    });
    assert.equal(info.rows, 3);
    assert.equal(info.profiles.find((p) => p.column === 'seats')?.filled, 2);
    assert.deepEqual(info.profiles.find((p) => p.column === 'name')?.samples, ['Acme', 'Beta']);
    assert.equal(info.suggested.keyColumn, 'id');
    assert.deepEqual(
      info.suggested.properties.map((p) => p.column),
      ['active', 'seats', 'score', 'meta', 'zip', 'name', 'big', 'mixed'],
    );
  });

  it('takes JSON values at their type: a string stays a string even when it reads as a number', async () => {
    const info = await inspectSource(
      openText(
        '[{"k": "a", "n": 1, "s": "42", "b": true, "o": {"x": 1}, "m": 1}, {"k": "b", "n": 2.5, "s": "x", "b": null, "o": [1], "m": "one"}]',
      ),
      'json',
    );
    const types = Object.fromEntries(info.profiles.map((p) => [p.column, p.inferred]));
    assert.deepEqual(types, { k: 'string', n: 'number', s: 'string', b: 'boolean', o: 'json', m: 'string' });
    assert.equal(info.suggested.keyColumn, 'k');
  });

  it('picks the key column by name, else the first column', () => {
    const profile = (column: string) => ({ column, inferred: 'string' as const, filled: 1, samples: [] });
    assert.equal(suggestMapping([profile('name'), profile('Group_Key')]).keyColumn, 'Group_Key');
    assert.equal(suggestMapping([profile('name'), profile('plan')]).keyColumn, 'name');
  });

  it('converts CSV cells by their column type, and says why a cell does not fit', () => {
    assert.deepEqual(convertCell(' TRUE ', 'boolean', 'csv'), { kind: 'value', value: true });
    assert.deepEqual(convertCell('0012', 'string', 'csv'), { kind: 'value', value: '0012' });
    assert.deepEqual(convertCell('12', 'number', 'csv'), { kind: 'value', value: 12 });
    assert.deepEqual(convertCell('', 'number', 'csv'), { kind: 'empty' });
    assert.equal(convertCell('twelve', 'number', 'csv').kind, 'invalid');
    assert.equal(convertCell('yes', 'boolean', 'csv').kind, 'invalid');
    assert.equal(convertCell('{bad', 'json', 'csv').kind, 'invalid');
    assert.equal(convertCell('null', 'json', 'csv').kind, 'invalid');
    assert.deepEqual(convertCell(12, 'string', 'json'), { kind: 'value', value: '12' });
    assert.deepEqual(convertCell({ a: 1 }, 'string', 'json'), { kind: 'value', value: '{"a":1}' });
    assert.deepEqual(convertCell('', 'string', 'json'), { kind: 'value', value: '' });
    assert.deepEqual(convertCell(null, 'string', 'json'), { kind: 'empty' });
    assert.equal(convertCell('12', 'boolean', 'json').kind, 'invalid');
    assert.deepEqual(convertCell('12', 'number', 'json'), { kind: 'value', value: 12 });
  });
});

describe('import mapping: saved and reused', () => {
  const mapping: ImportMapping = {
    keyColumn: 'id',
    properties: [
      { column: 'Plan', property: 'plan', type: 'string' },
      { column: 'Seats', property: 'seats', type: 'number', empty: 'remove' },
    ],
  };

  it('round-trips through its file', () => {
    const text = mappingToJson(mapping);
    assert.match(text, /"format": "posthog-workbench.group-import-mapping"/);
    assert.deepEqual(parseMapping(text), mapping);
  });

  it('round-trips any mapping (property-based)', () => {
    const column = fc.string({ minLength: 1, maxLength: 20 });
    const arb = fc.record({
      keyColumn: column,
      properties: fc.array(
        fc.record({
          column,
          property: column,
          type: fc.constantFrom('string', 'number', 'boolean', 'json' as const),
          empty: fc.constantFrom('empty-string', 'remove' as const),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(fc.property(arb, (m) => assert.deepEqual(parseMapping(mappingToJson(m)), JSON.parse(JSON.stringify(m)))));
  });

  it('refuses a file that is not a mapping, saying why', () => {
    assert.throws(() => parseMapping('{'), MappingError);
    assert.throws(() => parseMapping('{"format": "other"}'), /not one this extension wrote/);
    assert.throws(
      () =>
        parseMapping(
          JSON.stringify({
            format: 'posthog-workbench.group-import-mapping',
            version: 1,
            keyColumn: 'k',
            properties: [{ column: 'a', property: 'a', type: 'date' }],
          }),
        ),
      MappingError,
    );
  });

  it('checks a saved mapping against the columns of a new file', () => {
    assert.deepEqual(checkMapping(mapping, ['id', 'Plan', 'Seats']), []);
    const problems = checkMapping(
      { ...mapping, properties: [...mapping.properties, { column: 'Tier', property: 'plan', type: 'string' }] },
      ['key', 'Plan'],
    );
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /key column "id"/);
    assert.match(problems.join('\n'), /"Seats" is not in the file/);
    assert.match(problems.join('\n'), /both set the property "plan"/);
  });

  it("takes the user's overrides column by column", () => {
    let m = withColumn(mapping, 'Seats', { type: 'string' });
    assert.deepEqual(m.properties[1], { column: 'Seats', property: 'seats', type: 'string', empty: 'remove' });
    m = withColumn(m, 'Plan', 'leave-out');
    assert.deepEqual(
      m.properties.map((p) => p.column),
      ['Seats'],
    );
    m = withColumn(m, 'Tier', { property: 'tier', type: 'number' });
    assert.deepEqual(
      m.properties.map((p) => p.property),
      ['seats', 'tier'],
    );
  });
});

describe('import rows: checked one by one', () => {
  it('refuses only the bad rows, each with its own message', async () => {
    const csv = ['id,plan,seats', 'a,pro,3', ',free,1', 'c,pro,three', 'd,team,4', 'e,pro,'].join('\n');
    const mapping: ImportMapping = {
      keyColumn: 'id',
      properties: [
        { column: 'plan', property: 'plan', type: 'string' },
        { column: 'seats', property: 'seats', type: 'number' },
      ],
    };
    const { rows, problems, total } = await prepare(csv, 'csv', mapping);
    assert.equal(total, 5);
    assert.deepEqual(
      rows.map((r) => [r.key, Object.fromEntries(r.set)]),
      [
        ['a', { plan: 'pro', seats: 3 }],
        ['d', { plan: 'team', seats: 4 }],
        ['e', { plan: 'pro' }],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.index, p.line, p.key]),
      [
        [2, 3, undefined],
        [3, 4, 'c'],
      ],
    );
    assert.match(describeProblem(problems[0]!), /^Row 2 \(line 3\): The row has no group key\.$/);
    assert.match(
      describeProblem(problems[1]!),
      /Row 3 \(line 4, key "c"\): Column "seats" \(number\): "three" is not a number/,
    );
  });

  it('refuses every row of a key that appears twice, naming the other rows', async () => {
    const { rows, problems } = await prepare('id,plan\na,pro\nb,free\na,team\nc,pro\na,pro\n', 'csv');
    assert.deepEqual(
      rows.map((r) => r.key),
      ['b', 'c'],
    );
    assert.deepEqual(
      problems.map((p) => p.index),
      [1, 3, 5],
    );
    assert.match(problems[0]!.messages[0]!, /"a" is also on row 3, 5/);
  });

  it('empty cells leave the property alone, or set "", or remove it, as the column says', async () => {
    const mapping: ImportMapping = {
      keyColumn: 'id',
      properties: [
        { column: 'a', property: 'a', type: 'string' },
        { column: 'b', property: 'b', type: 'string', empty: 'empty-string' },
        { column: 'c', property: 'c', type: 'number', empty: 'remove' },
      ],
    };
    const { rows } = await prepare('id,a,b,c\nx,,,\n', 'csv', mapping);
    assert.deepEqual(Object.fromEntries(rows[0]!.set), { b: '' });
    assert.deepEqual(rows[0]!.remove, ['c']);
  });

  it('refuses a key that is not text or too long, and takes an integer key from JSON as text', async () => {
    const long = 'k'.repeat(401);
    const { rows, problems } = await prepare(
      JSON.stringify([{ id: 7, p: 1 }, { id: true }, { id: long }, { id: '  ' }, { id: 1.5 }]),
      'json',
    );
    assert.deepEqual(
      rows.map((r) => r.key),
      ['7'],
    );
    assert.equal(problems.length, 4);
    assert.match(problems[1]!.messages[0]!, /401 characters/);
    assert.match(problems[2]!.messages[0]!, /no group key/);
  });

  it('reports rows the reader could not read among the others', async () => {
    const { rows, problems } = await prepare('id,plan\na,pro\nb,pro,extra\nc,free\n', 'csv');
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a', 'c'],
    );
    assert.deepEqual(
      problems.map((p) => p.index),
      [2],
    );
  });
});
