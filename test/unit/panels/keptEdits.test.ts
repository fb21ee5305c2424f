// The file that keeps group panels' unsaved work through a window reload: what one window writes, the next
// reads; closing a panel or having nothing unsaved forgets it; old, broken or foreign content is ignored.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { PanelEdits } from '../../../src/shared/protocol/groupPanel';
import { groupGridEdits, hasUnsavedWork, KeptEdits } from '../../../src/extension/panels/keptEdits';

const STAGED: PanelEdits = {
  tab: 'properties',
  filter: 'pl',
  staged: [{ key: 'plan', text: 'enterprise', valueType: 'string', loaded: { present: true, value: 'free' } }],
  drafts: [{ key: 'seats', text: '1', valueType: 'number' }],
  addDraft: { key: '', text: '', valueType: 'string' },
};
const NOTHING: PanelEdits = {
  tab: 'activity',
  filter: 'x',
  staged: [],
  drafts: [],
  addDraft: { key: '', text: '', valueType: 'string' },
};
const DAY = 24 * 60 * 60 * 1000;

describe('KeptEdits', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'phwb-kept-')), 'storage');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('what one window keeps, the next window reads (the folder is created on first write)', async () => {
    await new KeptEdits(dir).set('0\u0000acme', STAGED);
    assert.deepEqual(new KeptEdits(dir).get('0\u0000acme'), STAGED);
    assert.equal(new KeptEdits(dir).get('0\u0000other'), undefined);
  });

  it('the newest of several quick changes is the one on disk', async () => {
    const kept = new KeptEdits(dir);
    const writes = [1, 2, 3, 4, 5].map((n) => kept.set('g', { ...STAGED, filter: String(n) }));
    await Promise.all(writes);
    assert.equal(new KeptEdits(dir).get('g')?.filter, '5');
  });

  // The extension host exits right after deactivation without waiting for file writes in flight: an edit staged just
  // before a reload is on disk only if stopping writes it at once.
  it('stopping writes at once what is still on its way to the file, and nothing when all is written', async () => {
    const kept = new KeptEdits(dir);
    const writing = kept.set('g', STAGED);
    void kept.delete('gone');
    kept.dispose();
    assert.deepEqual(new KeptEdits(dir).get('g'), STAGED, 'the staged edit is not on disk when the host stops');
    await writing;
    assert.deepEqual(new KeptEdits(dir).get('g'), STAGED);

    // All written: stopping leaves the file as it is (another window may have written it since).
    writeFileSync(join(dir, 'group-panel-edits.json'), '{}');
    kept.dispose();
    assert.equal(new KeptEdits(dir).get('g'), undefined);
  });

  it('a write still on its way when the host stops does not land over what stopping wrote', async () => {
    const kept = new KeptEdits(dir);
    const older = kept.set('g', { ...STAGED, filter: 'older' });
    // The write above has read what to write (filter "older") and is on its way to the disk.
    await Promise.resolve();
    void kept.set('g', { ...STAGED, filter: 'newer' });
    kept.dispose();
    await older;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(new KeptEdits(dir).get('g')?.filter, 'newer');
  });

  it('a panel forgotten while a write is on its way is forgotten on disk too', async () => {
    const kept = new KeptEdits(dir);
    await kept.set('a', STAGED);
    const first = kept.set('b', STAGED);
    // Asked while the write above has read the file and not yet renamed it.
    await Promise.resolve();
    const second = kept.delete('a');
    await Promise.all([first, second]);
    assert.equal(new KeptEdits(dir).get('a'), undefined);
    assert.deepEqual(new KeptEdits(dir).get('b'), STAGED);
  });

  it('closing a panel, or having nothing unsaved, forgets it and leaves other panels alone', async () => {
    const kept = new KeptEdits(dir);
    await kept.set('a', STAGED);
    await kept.set('b', STAGED);
    await kept.delete('a');
    await kept.set('b', NOTHING);
    await kept.set('c', NOTHING);
    const onDisk = () => Object.keys(JSON.parse(readFileSync(join(dir, 'group-panel-edits.json'), 'utf8')) as object);
    assert.deepEqual(onDisk(), []);
    await kept.set('d', STAGED);
    assert.deepEqual(onDisk(), ['d']);
  });

  it('entries older than 30 days are dropped when the file is read', async () => {
    let now = 1_000 * DAY;
    await new KeptEdits(dir, () => now).set('old', STAGED);
    now += 10 * DAY;
    await new KeptEdits(dir, () => now).set('recent', STAGED);
    now += 25 * DAY;
    const later = new KeptEdits(dir, () => now);
    assert.equal(later.get('old'), undefined);
    assert.deepEqual(later.get('recent'), STAGED);
  });

  it('a corrupt file, or an entry from an older shape, reads as nothing kept', async () => {
    await new KeptEdits(dir).set('g', STAGED);
    writeFileSync(
      join(dir, 'group-panel-edits.json'),
      '{"g": {"savedAt": 1e15, "edits": {"staged": "not a list"}}, "h": 3}',
    );
    assert.equal(new KeptEdits(dir).get('g'), undefined);
    assert.equal(new KeptEdits(dir).get('h'), undefined);
    writeFileSync(join(dir, 'group-panel-edits.json'), '{ not json');
    assert.equal(new KeptEdits(dir).get('g'), undefined);
    await new KeptEdits(dir).set('g', STAGED);
    assert.deepEqual(new KeptEdits(dir).get('g'), STAGED, 'a corrupt file is replaced by the next change');
  });

  it('a folder it cannot write does not break editing', async () => {
    const file = join(dir, '..', 'a-file');
    writeFileSync(file, '');
    const kept = new KeptEdits(join(file, 'storage'));
    await kept.set('g', STAGED);
    assert.deepEqual(kept.get('g'), STAGED, 'still kept for this window');
  });

  it('unsaved work is staged edits, open editors or a started Add property form', () => {
    assert.equal(hasUnsavedWork(NOTHING), false);
    assert.equal(hasUnsavedWork({}), false);
    assert.equal(hasUnsavedWork({ staged: STAGED.staged }), true);
    assert.equal(hasUnsavedWork({ drafts: STAGED.drafts }), true);
    assert.equal(hasUnsavedWork({ addDraft: { key: 'plan', text: '', valueType: 'string' } }), true);
    assert.equal(hasUnsavedWork({ addDraft: { key: '', text: 'x', valueType: 'string' } }), true);
  });
});

describe('KeptEdits of several windows sharing one folder (windows without a folder share the global one)', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'phwb-kept-shared-')), 'storage');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it("never overwrite each other's kept edits", async () => {
    const first = new KeptEdits(dir);
    const second = new KeptEdits(dir);
    // Both windows have read the file before either writes.
    assert.equal(first.get('a'), undefined);
    assert.equal(second.get('b'), undefined);
    await first.set('a', STAGED);
    await second.set('b', { ...STAGED, filter: 'second' });
    await first.set('a', { ...STAGED, filter: 'first, later' });
    const reader = new KeptEdits(dir);
    assert.equal(reader.get('a')?.filter, 'first, later');
    assert.equal(reader.get('b')?.filter, 'second');
  });

  it("closing a panel in one window forgets only that panel, not another window's", async () => {
    const first = new KeptEdits(dir);
    const second = new KeptEdits(dir);
    await first.set('a', STAGED);
    await second.set('b', STAGED);
    await first.delete('a');
    const reader = new KeptEdits(dir);
    assert.equal(reader.get('a'), undefined);
    assert.deepEqual(reader.get('b'), STAGED);
    // And what one window keeps later, the other reads when it restores a panel.
    await second.set('c', STAGED);
    assert.deepEqual(first.get('c'), STAGED);
  });

  it("a group grid's cells and columns go to a file of their own, read with the grid's schema", async () => {
    const cells = {
      columns: ['plan'],
      staged: [
        { groupKey: 'acme', property: 'plan', text: 'pro', type: 'string' as const, loaded: { present: false } },
      ],
    };
    await new KeptEdits(dir, Date.now, groupGridEdits).set('grid', cells);
    await new KeptEdits(dir).set('panel', STAGED);
    assert.deepEqual(new KeptEdits(dir, Date.now, groupGridEdits).get('grid'), cells);
    assert.equal(new KeptEdits(dir, Date.now, groupGridEdits).get('panel'), undefined);
    assert.equal(new KeptEdits(dir).get('grid'), undefined);
    await new KeptEdits(dir, Date.now, groupGridEdits).set('grid', { columns: [], staged: [] });
    assert.equal(new KeptEdits(dir, Date.now, groupGridEdits).get('grid'), undefined, 'nothing worth keeping');
  });
});
