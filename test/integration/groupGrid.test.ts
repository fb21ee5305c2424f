// A group type's grid in a real extension host against the local PostHog, driven through `handleMessage` (the door the
// webview's messages use): cursor pages, PostHog's search, a cell edit, a bulk set and remove on several rows, the
// changed-since-loaded check, the columns kept per project and group type, and an export of the rows shown.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupGrid } from '../../src/extension/panels/groupGrid';
import type { GridHostMessage, RowOutcome } from '../../src/shared/protocol/groupGrid';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { withPrompts } from './support/prompts';
import { activateExtension } from './support/vscode';

interface StoredGroup {
  group_properties: Record<string, unknown>;
}

describe('group grid', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let nextId = 1;

  const open = async (): Promise<GroupGrid> => {
    const grid = await vscode.commands.executeCommand<GroupGrid | undefined>('posthogWorkbench.openGroupGrid', {
      groupTypeIndex: 0,
    });
    assert.ok(grid, 'no grid');
    return grid;
  };
  const send = async (grid: GroupGrid, message: Record<string, unknown>): Promise<GridHostMessage> => {
    const reply = await grid.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    return reply;
  };
  const page = async (grid: GroupGrid, more: boolean, search?: string) => {
    const reply = await send(grid, { type: 'load', more, ...(search !== undefined ? { search } : {}) });
    assert.ok(reply.type === 'page' && !reply.error && reply.rows, `load failed: ${JSON.stringify(reply)}`);
    return { rows: reply.rows, hasMore: reply.hasMore };
  };
  const saved = async (grid: GroupGrid, edits: unknown[], overwrite = false): Promise<RowOutcome[]> => {
    const reply = await send(grid, { type: 'save', edits, overwrite });
    assert.ok(reply.type === 'saveResult' && !reply.error && reply.rows, `save failed: ${JSON.stringify(reply)}`);
    return reply.rows;
  };
  const stored = async (key: string) => (await fake.group<StoredGroup>(0, key))?.group_properties ?? {};
  const loaded = (props: Record<string, unknown>, key: string) =>
    Object.hasOwn(props, key) ? { present: true, value: props[key] } : { present: false };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("pages through the type with PostHog's cursor and searches on the server", async () => {
    const grid = await open();
    assert.equal(await open(), grid, 'one grid per group type');
    const first = await page(grid, false);
    assert.equal(first.rows.length, 100);
    assert.equal(first.hasMore, true);
    const second = await page(grid, true);
    assert.ok(second.rows.length > 0);
    assert.equal(
      new Set([...first.rows, ...second.rows].map((r) => r.group_key)).size,
      first.rows.length + second.rows.length,
    );
    const found = await page(grid, false, 'org:1001');
    assert.deepEqual(
      found.rows.map((r) => r.group_key),
      ['org:1001'],
    );
  });

  it('saves a cell edit and sets and removes a property on several rows, with a report per row', async () => {
    const grid = await open();
    const rows = (await page(grid, false)).rows.slice(0, 3);
    const [a, b, c] = rows.map((r) => r.group_key) as [string, string, string];
    const cell = await saved(grid, [
      { groupKey: a, property: 'plan', value: 'grid-plan', loaded: loaded(rows[0]!.group_properties, 'plan') },
    ]);
    assert.deepEqual(
      cell.map((o) => [o.groupKey, o.saved]),
      [[a, ['plan']]],
    );
    assert.equal((await stored(a)).plan, 'grid-plan');

    const bulk = await saved(
      grid,
      rows.map((r) => ({
        groupKey: r.group_key,
        property: 'bulk_flag',
        value: true,
        loaded: loaded(r.group_properties, 'bulk_flag'),
      })),
    );
    assert.deepEqual(
      bulk.map((o) => o.saved),
      [['bulk_flag'], ['bulk_flag'], ['bulk_flag']],
    );
    for (const key of [a, b, c]) assert.equal((await stored(key)).bulk_flag, true);
    const removed = await saved(
      grid,
      [a, b].map((k) => ({ groupKey: k, property: 'bulk_flag', loaded: { present: true, value: true } })),
    );
    assert.deepEqual(
      removed.map((o) => o.saved),
      [['bulk_flag'], ['bulk_flag']],
    );
    assert.equal(Object.hasOwn(await stored(a), 'bulk_flag'), false);
    assert.equal((await stored(c)).bulk_flag, true);
  });

  it('writes nothing of a row changed on PostHog since it was loaded, until told to overwrite', async () => {
    const grid = await open();
    const row = (await page(grid, false, 'org:1002')).rows[0]!;
    await fake.api('POST', `groups/update_property/?group_type_index=0&group_key=org%3A1002`, {
      key: 'plan',
      value: 'changed-elsewhere',
    });
    const [conflict] = await saved(grid, [
      { groupKey: 'org:1002', property: 'plan', value: 'mine', loaded: loaded(row.group_properties, 'plan') },
    ]);
    assert.deepEqual(conflict?.conflicts, [
      { property: 'plan', current: { present: true, value: 'changed-elsewhere' } },
    ]);
    assert.equal((await stored('org:1002')).plan, 'changed-elsewhere');
    const [done] = await saved(
      grid,
      [{ groupKey: 'org:1002', property: 'plan', value: 'mine', loaded: loaded(row.group_properties, 'plan') }],
      true,
    );
    assert.deepEqual(done?.saved, ['plan']);
    assert.equal((await stored('org:1002')).plan, 'mine');
  });

  it('keeps the chosen columns per project and group type', async () => {
    const grid = await open();
    await grid.handleMessage({ type: 'setColumns', columns: ['name', 'plan'] });
    grid.dispose();
    const again = await open();
    const posted: GridHostMessage[] = [];
    const original = again.panel.webview.postMessage.bind(again.panel.webview);
    again.panel.webview.postMessage = (m: GridHostMessage) => {
      posted.push(m);
      return original(m);
    };
    await again.handleMessage({ type: 'ready' });
    const init = posted.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.deepEqual(init.columns, ['name', 'plan']);
    const columns = await send(again, { type: 'suggestColumns' });
    assert.ok(columns.type === 'columns' && columns.names?.includes('name'));
  });

  it('exports the rows shown, in their order and with their columns, to the file chosen', async () => {
    const grid = await open();
    const { rows } = await page(grid, false);
    const keys = rows
      .slice(0, 3)
      .map((r) => r.group_key)
      .reverse();
    const dir = mkdtempSync(path.join(tmpdir(), 'phwb-grid-it-'));
    try {
      const file = path.join(dir, 'shown.json');
      const shown = await withPrompts([{ saveFile: 'Export the rows shown', answer: file }], async (scripted) => {
        await grid.handleMessage({ type: 'exportShown', groupKeys: keys, columns: ['name'] });
        return scripted.shown('info');
      });
      assert.deepEqual(
        (JSON.parse(readFileSync(file, 'utf8')) as { group_key: string }[]).map((r) => r.group_key),
        keys,
      );
      assert.deepEqual(shown, ['Exported 3 groups to shown.json.']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
