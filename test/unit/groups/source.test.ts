// Reading import files: CSV through csv-parse (RFC 4180 quoting, BOM, `;` and tab delimiters, bad rows reported per
// row) and JSON arrays read element by element, both streamed.
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  formatOf,
  openFile,
  openText,
  readColumns,
  readSource,
  sniffDelimiter,
  SourceError,
  type OpenSource,
  type SourceItem,
  type SourceOptions,
} from '../../../src/core/groups';

async function items(open: OpenSource, options: SourceOptions): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of readSource(open, options)) out.push(item);
  return out;
}

const rowsOf = (list: SourceItem[]) => list.flatMap((i) => (i.kind === 'row' ? [Object.fromEntries(i.row.cells)] : []));
const errorsOf = (list: SourceItem[]) => list.flatMap((i) => (i.kind === 'error' ? [i.error] : []));

describe('import files: CSV', () => {
  it('reads RFC 4180 quoting: delimiters, quotes and line breaks inside quoted fields', async () => {
    const text = 'group_key,name,notes\r\nacme,"Acme, Inc.","He said ""hi""\r\nthen left"\r\nbeta,Beta,\r\n';
    const list = await items(openText(text), { format: 'csv' });
    assert.deepEqual(list[0], { kind: 'header', columns: ['group_key', 'name', 'notes'] });
    assert.deepEqual(rowsOf(list), [
      { group_key: 'acme', name: 'Acme, Inc.', notes: 'He said "hi"\r\nthen left' },
      { group_key: 'beta', name: 'Beta', notes: '' },
    ]);
    const rows = list.filter((i) => i.kind === 'row');
    assert.deepEqual(
      rows.map((r) => r.kind === 'row' && [r.row.index, r.row.line]),
      [
        [1, 3],
        [2, 4],
      ],
    );
  });

  it('drops a byte order mark, so the first column keeps its name', async () => {
    const list = await items(openText('\uFEFFgroup_key;plan\nacme;pro\n'), { format: 'csv' });
    assert.deepEqual(list[0], { kind: 'header', columns: ['group_key', 'plan'] });
    assert.deepEqual(rowsOf(list), [{ group_key: 'acme', plan: 'pro' }]);
  });

  it('detects `;` and tab delimiters, and takes `,` for a file of one column', async () => {
    assert.equal(sniffDelimiter('a;b;c\n1;2;3\n'), ';');
    assert.equal(sniffDelimiter('a\tb\n1\t"x;y;z"\n'), '\t');
    assert.equal(sniffDelimiter('a,b\n"1;2;3;4",2\n'), ',');
    assert.equal(sniffDelimiter('group_key\nacme\n'), ',');
    assert.equal(sniffDelimiter('\uFEFFname;amount\n"Smith, J";"1,5"\n'), ';');
    const tabs = await items(openText('group_key\tplan\nacme\tpro, annual\n'), { format: 'csv' });
    assert.deepEqual(rowsOf(tabs), [{ group_key: 'acme', plan: 'pro, annual' }]);
  });

  it('a delimiter given wins over the sniffed one', async () => {
    const list = await items(openText('a;b\n1;2\n'), { format: 'csv', delimiter: ',' });
    assert.deepEqual(list[0], { kind: 'header', columns: ['a;b'] });
  });

  it('a row with too many or too few cells is reported on its own; the rows around it are read', async () => {
    const list = await items(openText('k,v\na,1\nb,2,3\nc\nd,4\n'), { format: 'csv' });
    assert.deepEqual(
      rowsOf(list).map((r) => r.k),
      ['a', 'd'],
    );
    const errors = errorsOf(list);
    assert.deepEqual(
      errors.map((e) => [e.index, e.line]),
      [
        [2, 3],
        [3, 4],
      ],
    );
    assert.match(errors[0]!.message, /3 cells.*2 columns/);
  });

  it('a stray quote inside an unquoted field fails that row only', async () => {
    const list = await items(openText('k,v\na,1\nb,x"y\nc,3\n'), { format: 'csv' });
    assert.deepEqual(
      rowsOf(list).map((r) => r.k),
      ['a', 'c'],
    );
    const errors = errorsOf(list);
    assert.deepEqual(
      errors.map((e) => [e.index, e.line]),
      [[2, 3]],
    );
    assert.match(errors[0]!.message, /quote/);
    assert.deepEqual(
      list.flatMap((i) => (i.kind === 'row' ? [i.row.index] : [])),
      [1, 3],
    );
  });

  it('bad rows are told in file order with their own line, also past the first chunk', async () => {
    const lines = ['k,v'];
    for (let i = 1; i <= 3000; i++) lines.push(i % 1000 === 0 ? `r${i},x"y` : `r${i},${i}`);
    const list = await items(openText(`${lines.join('\r\n')}\r\n`), { format: 'csv' });
    const errors = errorsOf(list);
    assert.deepEqual(
      errors.map((e) => [e.index, e.line]),
      [
        [1000, 1001],
        [2000, 2001],
        [3000, 3001],
      ],
    );
    const order = list.flatMap((i) => (i.kind === 'row' ? [i.row.index] : i.kind === 'error' ? [i.error.index] : []));
    assert.deepEqual(
      order,
      Array.from({ length: 3000 }, (_, i) => i + 1),
    );
    const rows = list.flatMap((i) => (i.kind === 'row' ? [i.row] : []));
    assert.ok(rows.every((r) => r.line === r.index + 1));
  });

  it('a quoted value that never closes refuses the file at the line it opens', async () => {
    await assert.rejects(
      items(openText('k,v\na,1\nb,"x"y\nc,3\n'), { format: 'csv' }),
      (e: unknown) => e instanceof SourceError && e.line === 3,
    );
  });

  it('refuses a file without a usable header', async () => {
    await assert.rejects(items(openText(''), { format: 'csv' }), SourceError);
    await assert.rejects(items(openText('a,,b\n1,2,3\n'), { format: 'csv' }), /Column 2 of the header has no name/);
    await assert.rejects(items(openText('a,b,a\n1,2,3\n'), { format: 'csv' }), /names the column "a" twice/);
  });

  it('an unclosed quote at the end of the file is an error with its line', async () => {
    await assert.rejects(
      items(openText('k,v\na,"open\nb,2\n'), { format: 'csv' }),
      (e: unknown) => e instanceof SourceError && /never closed/.test(e.message) && e.line === 2,
    );
  });

  it('keeps a column named __proto__ as a column', async () => {
    const list = await items(openText('group_key,__proto__\nacme,x\n'), { format: 'csv' });
    const row = list.find((i) => i.kind === 'row');
    assert.ok(row?.kind === 'row');
    assert.equal(row.row.cells.get('__proto__'), 'x');
  });

  it('streams a large file: 100,000 rows read without holding the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phwb-csv-'));
    try {
      const file = path.join(dir, 'big.csv');
      const out = createWriteStream(file);
      out.write('group_key,name,seats,active\n');
      for (let i = 0; i < 100_000; i++) out.write(`org:${i},"Org ${i}, Ltd",${i % 500},${i % 2 === 0}\n`);
      await new Promise<void>((resolve) => out.end(resolve));
      let rows = 0;
      let last: Record<string, unknown> | undefined;
      // What the reading holds, not the garbage it leaves for the next collection: measured after a full GC.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const retained = () => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const heapBefore = retained();
      let heapPeak = heapBefore;
      for await (const item of readSource(openFile(file), { format: 'csv' })) {
        if (item.kind !== 'row') continue;
        rows++;
        last = Object.fromEntries(item.row.cells);
        if (rows % 10_000 === 0) heapPeak = Math.max(heapPeak, retained());
      }
      assert.equal(rows, 100_000);
      assert.deepEqual(last, { group_key: 'org:99999', name: 'Org 99999, Ltd', seats: '499', active: 'false' });
      // The file is ~3.5 MB of text and far more as rows; streaming keeps what stays on the heap well below that.
      assert.ok(
        heapPeak - heapBefore < 20 * 1024 * 1024,
        `heap grew by ${Math.round((heapPeak - heapBefore) / 1024 / 1024)} MB`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('import files: JSON', () => {
  it('reads an array of objects element by element, with their JSON types', async () => {
    const text =
      '\uFEFF[\n  {"group_key": "acme", "seats": 12, "tags": ["a", "b]"], "meta": {"x": "}"}},\n  {"group_key": "beta", "active": true}\n]\n';
    const list = await items(openText(text), { format: 'json' });
    assert.deepEqual(rowsOf(list), [
      { group_key: 'acme', seats: 12, tags: ['a', 'b]'], meta: { x: '}' } },
      { group_key: 'beta', active: true },
    ]);
    const lines = list.flatMap((i) => (i.kind === 'row' ? [i.row.line] : []));
    assert.deepEqual(lines, [2, 3]);
  });

  it('reads elements split across chunks, escapes included', async () => {
    const text = '[{"group_key": "a\\"b", "n": "x\\\\"}, {"group_key": "c"}]';
    const chunks = text.split('').map((c) => Buffer.from(c));
    const open: OpenSource = () => Readable.from(chunks);
    assert.deepEqual(rowsOf(await items(open, { format: 'json' })), [
      { group_key: 'a"b', n: 'x\\' },
      { group_key: 'c' },
    ]);
  });

  it('an element that is not an object is reported on its own', async () => {
    const list = await items(openText('[{"group_key": "a"}, 42, "x", {"group_key": "b"}]'), { format: 'json' });
    assert.deepEqual(
      rowsOf(list).map((r) => r.group_key),
      ['a', 'b'],
    );
    assert.deepEqual(
      errorsOf(list).map((e) => e.index),
      [2, 3],
    );
  });

  it('refuses what is not an array of objects', async () => {
    await assert.rejects(items(openText('{"group_key": "a"}'), { format: 'json' }), /array of objects/);
    await assert.rejects(items(openText('[{"group_key": "a"'), { format: 'json' }), /not closed/);
    await assert.rejects(items(openText('[{"group_key": a}]'), { format: 'json' }), /not valid/);
    await assert.rejects(items(openText(''), { format: 'json' }), /empty/);
    assert.deepEqual(rowsOf(await items(openText('[]'), { format: 'json' })), []);
    assert.deepEqual(rowsOf(await items(openText('[{"k": 1},]'), { format: 'json' })), [{ k: 1 }]);
  });

  it('lists the columns of every object, in first-seen order', async () => {
    assert.deepEqual(await readColumns(openText('[{"a": 1}, {"b": 2, "a": 3}, {"c": null}]'), { format: 'json' }), [
      'a',
      'b',
      'c',
    ]);
    assert.deepEqual(await readColumns(openText('x;y\n1;2\n'), { format: 'csv' }), ['x', 'y']);
  });

  it('reads from a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phwb-json-'));
    try {
      const file = path.join(dir, 'groups.json');
      writeFileSync(file, JSON.stringify([{ group_key: 'acme', plan: 'pro' }]));
      assert.equal(formatOf(file), 'json');
      assert.equal(formatOf('x.CSV'), 'csv');
      assert.deepEqual(rowsOf(await items(openFile(file), { format: 'json' })), [{ group_key: 'acme', plan: 'pro' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
