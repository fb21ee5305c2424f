// Export to CSV and JSON, streamed page by page from the local PostHog, and read back by the import unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Group } from '../../../src/api';
import {
  dryRun,
  exportGroups,
  exportGroupsToFile,
  keyColumnFor,
  openFile,
  openText,
  prepareRows,
  readSource,
  type ExportFormat,
} from '../../../src/core/groups';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { Writable } from 'node:stream';
import { clientFor, TYPE } from './helpers';

function sink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    out: new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

const group = (key: string, props: Record<string, unknown>): Group => ({
  group_type_index: 0,
  group_key: key,
  group_properties: props,
});

async function readBack(text: string, format: ExportFormat, mapping: Parameters<typeof prepareRows>[1]) {
  const { rows, problems } = await prepareRows(readSource(openText(text), { format }), mapping, format);
  assert.deepEqual(problems, []);
  return rows.map((r) => [r.key, Object.fromEntries(r.set)]);
}

describe('export', () => {
  it('writes CSV with RFC 4180 quoting and a BOM when asked, strings as they are and other values as JSON', async () => {
    const { out, text } = sink();
    const groups = [
      group('acme', { name: 'Acme, "the" Inc.', seats: 3, tags: ['a', 'b'], note: 'line 1\nline 2' }),
      group('beta', { name: 'Beta' }),
    ];
    const result = await exportGroups(groups, out, {
      format: 'csv',
      columns: ['name', 'seats', 'tags', 'note'],
      bom: true,
      delimiter: ';',
    });
    assert.equal(
      text(),
      '\uFEFFgroup_key;name;seats;tags;note\nacme;"Acme, ""the"" Inc.";3;"[""a"",""b""]";"line 1\nline 2"\nbeta;Beta;;;\n',
    );
    assert.equal(result.rows, 2);
    assert.deepEqual(result.types, { name: 'string', seats: 'number', tags: 'json', note: 'string' });
    assert.deepEqual(await readBack(text(), 'csv', result.mapping), [
      ['acme', { name: 'Acme, "the" Inc.', seats: 3, tags: ['a', 'b'], note: 'line 1\nline 2' }],
      ['beta', { name: 'Beta' }],
    ]);
  });

  it('writes JSON as an array of flat objects, every property kept with its type', async () => {
    const { out, text } = sink();
    const result = await exportGroups(
      [group('acme', { seats: 3, beta: true, meta: { a: 1 }, __proto__x: 1 }), group('b', {})],
      out,
      { format: 'json' },
    );
    assert.deepEqual(JSON.parse(text()), [
      { group_key: 'acme', seats: 3, beta: true, meta: { a: 1 }, __proto__x: 1 },
      { group_key: 'b' },
    ]);
    assert.deepEqual(result.columns, ['seats', 'beta', 'meta', '__proto__x']);
    const empty = sink();
    await exportGroups([], empty.out, { format: 'json' });
    assert.deepEqual(JSON.parse(empty.text()), []);
  });

  it('names the key column apart from a property called group_key', () => {
    assert.equal(keyColumnFor(['plan']), 'group_key');
    assert.equal(keyColumnFor(['group_key']), '$group_key');
  });

  it('round-trips any groups through CSV and JSON (property-based)', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const groupsArb = fc.uniqueArray(
      fc.record({
        key: fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k.trim() !== ''),
        props: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd e', 'f,g'), value),
      }),
      { selector: (g) => g.key, maxLength: 15 },
    );
    await fc.assert(
      fc.asyncProperty(groupsArb, fc.constantFrom<ExportFormat>('csv', 'json'), async (list, format) => {
        const groups = list.map((g) => group(g.key, JSON.parse(JSON.stringify(g.props)) as Record<string, unknown>));
        const { out, text } = sink();
        const result = await exportGroups(groups, out, { format, columns: ['a', 'b', 'c', 'd e', 'f,g'] });
        // A column of one type reads back exactly; a mixed one exactly from JSON (CSV has no types of its own).
        const exact = format === 'json' || Object.values(result.types).every((t) => t !== 'mixed');
        if (!exact) return;
        // An empty string in CSV is an empty cell, which the import leaves alone.
        const expected = groups.map((g) => [
          g.group_key,
          Object.fromEntries(Object.entries(g.group_properties).filter(([, v]) => format === 'json' || v !== '')),
        ]);
        const back = await readBack(text(), format, result.mapping);
        assert.deepEqual(
          back.map(([k, p]) => [k, Object.fromEntries(Object.entries(p as object).sort())]),
          expected.map(([k, p]) => [k, Object.fromEntries(Object.entries(p as object).sort())]),
        );
      }),
      { numRuns: 150 },
    );
  });

  describe('from the local PostHog', () => {
    let fake: FakePostHog;
    let dir: string;
    before(async () => {
      fake = await startFakePostHog({ seed: 'empty' });
      fake.seedGroups(TYPE, 1_234, { propertiesPerGroup: 4 });
      dir = mkdtempSync(path.join(tmpdir(), 'phwb-export-'));
    });
    after(async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('streams a group type page by page into a file, and a dry run of that file changes nothing', async () => {
      const client = clientFor(fake);
      for (const format of ['csv', 'json'] as const) {
        const file = path.join(dir, `groups.${format}`);
        fake.clearRequests();
        const result = await exportGroupsToFile(client.iterateGroups(fake.projectId, { groupTypeIndex: TYPE }), file, {
          format,
          columns: ['name', 'prop_0001', 'prop_0002', 'prop_0003'],
        });
        assert.equal(result.rows, 1_234);
        assert.equal(fake.requests.length, 13);
        assert.ok(readFileSync(file, 'utf8').length > 50_000);
        const { plan } = await dryRun({
          client,
          projectId: fake.projectId,
          groupTypeIndex: TYPE,
          open: openFile(file),
          format,
          mapping: result.mapping,
        });
        assert.deepEqual(
          {
            create: plan.totals.create,
            change: plan.totals.change,
            unchanged: plan.totals.unchanged,
            invalid: plan.totals.invalid,
          },
          { create: 0, change: 0, unchanged: 1_234, invalid: 0 },
        );
      }
      await client.dispose();
    });
  });
});
