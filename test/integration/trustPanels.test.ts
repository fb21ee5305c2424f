// A group panel belongs to the project it was opened in: after Select Project it keeps loading from and saving to
// that project (and says it is not the selected one), so staged edits never land in another project, even for a key
// that also exists there. The same key opened in the newly selected project is another panel. A group type's grid
// keeps its project the same way, also when VS Code brings it back after a reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupGrid } from '../../src/extension/panels/groupGrid';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { GridHostMessage } from '../../src/shared/protocol/groupGrid';
import type { HostMessage } from '../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

interface Exports {
  session: { projectId: number | undefined; host: string };
  groupGrids: { restore(panel: vscode.WebviewPanel, state: unknown): GroupGrid | undefined };
}

describe('trust: group panels keep their project', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let exports: Exports;
  let nextId = 1;

  const open = async (groupKey: string): Promise<GroupPanel> => {
    const panel = await vscode.commands.executeCommand<GroupPanel | undefined>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey,
    });
    assert.ok(panel, `opening ${groupKey} returned no panel`);
    return panel;
  };
  const send = async (panel: GroupPanel, message: Record<string, unknown>): Promise<HostMessage> => {
    const reply = await panel.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    return reply;
  };
  /** A group as PostHog has it in one project. */
  const storedIn = async (projectId: number, groupKey: string): Promise<Record<string, unknown>> => {
    const query = new URLSearchParams({ group_type_index: '0', group_key: groupKey });
    const response = await fetch(`${fake.url}/api/projects/${projectId}/groups/find/?${query}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    assert.equal(response.status, 200, `group ${groupKey} in project ${projectId}`);
    return ((await response.json()) as { group_properties: Record<string, unknown> }).group_properties;
  };
  const selectProject = async (projectId: number) => {
    await vscode.workspace
      .getConfiguration('posthogWorkbench')
      .update('projectId', projectId, vscode.ConfigurationTarget.Global);
    await waitFor(() => exports.session.projectId === projectId, 5000, `project ${projectId} selected`);
  };

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    exports = (await activateExtension()).exports as Exports;
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
  });

  after(async () => {
    await selectProject(fake.projectId);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('saves staged edits to the project they were staged in after another project is selected, and says so', async () => {
    const key = 'org:1001';
    const panel = await open(key);
    assert.equal((await send(panel, { type: 'refresh' })).type, 'reply');
    const inDefault = await storedIn(1, key);
    const inStaging = await storedIn(2, key);
    const title = panel.panel.title;

    await selectProject(2);
    // The panel stays with its project: its title says which, and a refresh still reads that project's group.
    await waitFor(() => panel.panel.title !== title, 5000, "the title names the panel's own project");
    assert.match(panel.panel.title, /Default project/);
    assert.equal((await send(panel, { type: 'refresh' })).type, 'reply');

    const edits = [
      { key: 'plan', value: 'staged-in-default', loaded: { present: true, value: inDefault.plan } },
      // A key the group does not have yet: the conflict check must not wave it through into the other project.
      { key: 'added_in_default', value: 'yes', loaded: { present: false } },
    ];
    const reply = await send(panel, { type: 'save', edits, overwrite: false });
    assert.ok(reply.type === 'saveResult' && reply.outcome?.kind === 'done', JSON.stringify(reply));
    assert.deepEqual(reply.outcome.kind === 'done' ? reply.outcome.saved : [], ['plan', 'added_in_default']);

    const defaultAfter = await storedIn(1, key);
    assert.equal(defaultAfter.plan, 'staged-in-default');
    assert.equal(defaultAfter.added_in_default, 'yes');
    assert.deepEqual(await storedIn(2, key), inStaging, 'the selected project is untouched');

    // The same key opened now is the selected project's group: another panel.
    const staging = await open(key);
    assert.notEqual(staging, panel);
    assert.equal((await send(staging, { type: 'refresh' })).type, 'reply');
    assert.doesNotMatch(staging.panel.title, /Default project/);
  });

  it("saves a grid's staged cells to the project they were staged in after another project is selected, and says so", async () => {
    await selectProject(1);
    const key = 'org:1002';
    const grid = await vscode.commands.executeCommand<GroupGrid | undefined>('posthogWorkbench.openGroupGrid', {
      groupTypeIndex: 0,
    });
    assert.ok(grid, 'no grid');
    const ask = async (message: Record<string, unknown>): Promise<GridHostMessage> => {
      const reply = await grid.handleMessage({ ...message, id: nextId++ });
      assert.ok(reply, `no reply to ${String(message.type)}`);
      return reply;
    };
    const found = await ask({ type: 'load', more: false, search: key });
    assert.ok(found.type === 'page' && found.rows?.some((r) => r.group_key === key), JSON.stringify(found));
    const inDefault = await storedIn(1, key);
    const inStaging = await storedIn(2, key);
    const title = grid.panel.title;

    await selectProject(2);
    await waitFor(() => grid.panel.title !== title, 5000, "the title names the grid's own project");
    assert.match(grid.panel.title, /Default project/);
    const edits = [
      {
        groupKey: key,
        property: 'plan',
        value: 'grid-staged-in-default',
        loaded: { present: true, value: inDefault.plan },
      },
      { groupKey: key, property: 'grid_added_in_default', value: 'yes', loaded: { present: false } },
    ];
    const reply = await ask({ type: 'save', edits, overwrite: false });
    assert.ok(reply.type === 'saveResult' && !reply.error && reply.rows, JSON.stringify(reply));
    assert.deepEqual(
      reply.rows.map((o) => o.saved),
      [['plan', 'grid_added_in_default']],
    );
    const defaultAfter = await storedIn(1, key);
    assert.equal(defaultAfter.plan, 'grid-staged-in-default');
    assert.equal(defaultAfter.grid_added_in_default, 'yes');
    assert.deepEqual(await storedIn(2, key), inStaging, 'the selected project is untouched');

    // The same group type opened now is the selected project's: another grid.
    const staging = await vscode.commands.executeCommand<GroupGrid | undefined>('posthogWorkbench.openGroupGrid', {
      groupTypeIndex: 0,
    });
    assert.ok(staging && staging !== grid, 'a grid of the selected project');
    assert.doesNotMatch(staging.panel.title, /Default project/);
  });

  it('a grid VS Code brings back after a reload keeps its own project, not the selected one', async () => {
    // Project 2 is selected (the test before); the grid being restored was of project 1, where org:1002 has the plan
    // the test before saved.
    assert.equal(exports.session.projectId, 2);
    const state = {
      host: exports.session.host,
      projectId: 1,
      groupType: { group_type_index: 0, group_type: 'organization', name_plural: 'Organizations' },
    };
    const panel = () =>
      vscode.window.createWebviewPanel('posthogWorkbench.groupGrid', 'Organizations', vscode.ViewColumn.Active);
    // The test before left project 1's grid open: one grid per project and type, so the restored one is closed.
    const duplicate = panel();
    let closed = false;
    duplicate.onDidDispose(() => (closed = true));
    assert.equal(exports.groupGrids.restore(duplicate, state), undefined);
    assert.ok(closed, 'a second grid of the same project and type is closed');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    let grid: GroupGrid | undefined;
    await waitFor(() => (grid = exports.groupGrids.restore(panel(), state)), 5000, "project 1's grid closed first");
    assert.ok(grid);
    assert.equal(grid.home.projectId, 1);
    assert.match(grid.panel.title, /Default project/);
    const reply = await grid.handleMessage({ type: 'load', id: nextId++, more: false, search: 'org:1002' });
    assert.ok(reply?.type === 'page' && reply.rows, JSON.stringify(reply));
    assert.equal(reply.rows.find((r) => r.group_key === 'org:1002')?.group_properties.plan, 'grid-staged-in-default');

    const broken = panel();
    let brokenClosed = false;
    broken.onDidDispose(() => (brokenClosed = true));
    assert.equal(exports.groupGrids.restore(broken, { groupTypeIndex: 0 }), undefined);
    assert.ok(brokenClosed, 'a grid whose state cannot be read is closed');
  });
});
