// The generator itself, on a small hand-made fragment: what it produces for each schema feature it reads.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply, Generator, type OpenApiFragment } from './generate';

const fragment: OpenApiFragment = {
  paths: {
    '/x/': {
      get: {
        operationId: 'x',
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Page: {
        type: 'object',
        required: ['results'],
        properties: {
          next: { type: 'string', nullable: true, format: 'uri' },
          results: { type: 'array', items: { $ref: '#/components/schemas/Row' } },
        },
      },
      Row: {
        type: 'object',
        required: ['id', 'kind'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: {
            nullable: true,
            oneOf: [{ $ref: '#/components/schemas/KindEnum' }, { $ref: '#/components/schemas/NullEnum' }],
          },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], readOnly: true },
          secret: { type: 'string', writeOnly: true },
          anything: {},
          label: { type: 'string', maxLength: 5 },
        },
      },
      Owner: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
      KindEnum: { enum: ['a', 'b', 'c'], type: 'string' },
      NullEnum: { enum: [null] },
    },
  },
};

const generator = new Generator(fragment);
const cases = generator.cases(generator.responseSchema()!, {
  rowsAt: 'results',
  pin: { next: null },
  needed: ['id'],
  deviations: [{ component: 'Row', field: 'owner' }],
});
const names = cases.map((c) => c.name);

test('the base body has every readable field, distinct values per row, and leaves writeOnly fields out', () => {
  const body = cases[0]!.body as { next: unknown; results: Record<string, unknown>[] };
  assert.equal(body.next, null, 'pinned');
  assert.equal(body.results.length, 2);
  assert.notEqual(body.results[0]!.id, body.results[1]!.id);
  assert.deepEqual(Object.keys(body.results[0]!), ['id', 'kind', 'owner', 'anything', 'label']);
  assert.equal(body.results[0]!.kind, 'a');
  assert.match(String((body.results[0]!.owner as { email: string }).email), /@example\.com$/);
});

test('one variation per nullable, optional, enum value, string, untyped kind and array; none for pinned fields', () => {
  for (const expected of [
    'results.0.kind null',
    'results.0.kind = "b"',
    'results.0.kind = "c"',
    'results.0.owner null (server, not in the schema)',
    'results.0.owner absent',
    'results.0.anything absent',
    'results.0.anything holds an array',
    'results.0.anything holds string',
    'results.0.label long string',
    'results.0.label unicode string',
    'results empty',
    'unknown field results.0.unexpected_field_from_a_newer_posthog',
    'results.0.id null (needed)',
    'results.0.id absent (needed)',
  ])
    assert.ok(names.includes(expected), `missing: ${expected}`);
  assert.ok(!names.some((n) => n.startsWith('next')), 'next is pinned');
  assert.ok(!names.includes('results.0.id absent'), 'id is required');
  assert.ok(!names.some((n) => n.includes('secret')), 'writeOnly fields are never sent back');
});

test('strings respect maxLength; combined cases null and drop everything at once', () => {
  const long = cases.find((c) => c.name === 'results.0.label long string')!;
  assert.equal((long.body as { results: { label: string }[] }).results[0]!.label.length, 5);
  const allNull = cases.find((c) => c.name.startsWith('every nullable field null'))!;
  const row = (allNull.body as { results: Record<string, unknown>[] }).results[0]!;
  assert.equal(row.kind, null);
  assert.equal(row.owner, null);
  const allAbsent = cases.find((c) => c.name.startsWith('every optional field absent'))!;
  assert.deepEqual(Object.keys((allAbsent.body as { results: object[] }).results[0]!), ['id', 'kind']);
});

test('apply replaces the whole body for a root variation', () => {
  assert.deepEqual(apply([1, 2], { kind: 'empty', path: [], value: [] }), []);
});
