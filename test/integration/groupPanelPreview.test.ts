// Preview group panels in a real extension host against the local PostHog: a group opened from the tree (as its
// row's command does, `preview: true`) goes into one preview panel that the next group reuses, page and all; a
// double click, Keep Open, the heading's double click or unsaved work keeps a panel open, and a kept panel is never
// replaced. The panel's webview is real: a reused page asks for its refresh without loading again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import { DOUBLE_CLICK_MS } from '../../src/extension/panels/groupPanels';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

describe('group panel previews', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;

  /** Opens a group as a click on its row in the Groups tree does. */
  const click = async (groupKey: string): Promise<GroupPanel> => {
    const panel = await vscode.commands.executeCommand<GroupPanel | undefined>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey,
      preview: true,
    });
    assert.ok(panel, `opening ${groupKey} returned no panel`);
    return panel;
  };
  /** The messages the panel's page sends from now on. */
  const listen = (panel: GroupPanel): string[] => {
    const types: string[] = [];
    panel.panel.webview.onDidReceiveMessage((m: { type?: string }) => void types.push(m.type ?? '?'));
    return types;
  };
  const groupTabs = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('posthogWorkbench.group'));
  /** The group panels' tabs, once VS Code's tab model has caught up with `count`. */
  const tabCount = async (count: number) => {
    await waitFor(() => groupTabs().length === count, 5_000, `${count} group panel tabs`).catch(() => undefined);
    return groupTabs().length;
  };
  const nameOf = async (groupKey: string) =>
    (await fake.group<{ group_properties: { name: string } }>(0, groupKey))?.group_properties.name;

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    await activateExtension();
    await vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });
    // Panels other test files left open would be revealed instead of opened.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await vscode.workspace
      .getConfiguration('workbench.editor')
      .update('enablePreview', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reuses one preview panel for the next group clicked in the tree: its loaded page paints the new group', async () => {
    const first = await click('org:1001');
    const firstMessages = listen(first);
    assert.equal(first.preview, true);
    // The page says `ready`, and once it has painted the host's `init` it hands over its (empty) edits.
    await waitFor(() => firstMessages.includes('keepEdits'), 20_000, 'the first page to load and paint').catch(
      (error: Error) => {
        throw new Error(
          `${error.message}; the page sent: ${firstMessages.join(', ') || 'nothing'}; panel visible: ${first.panel.visible}, active: ${first.panel.active}`,
        );
      },
    );

    const second = await click('org:1002');
    const secondMessages = listen(second);
    assert.notEqual(second, first, 'a host of its own for the new group');
    assert.equal(second.panel, first.panel, 'the same webview panel');
    assert.equal(second.preview, true);
    assert.equal(await tabCount(1), 1, 'one group panel open');
    await waitFor(
      () => secondMessages.includes('refresh'),
      10_000,
      'the reused page to paint org:1002 and ask for its refresh',
    );
    assert.ok(!secondMessages.includes('ready'), `the page was not loaded again (${secondMessages.join(', ')})`);
    const name = await nameOf('org:1002');
    // The tab's title (its tooltip too) says it is a preview.
    await waitFor(
      () => second.panel.title === `${name} · Organization (preview)`,
      5_000,
      `the title of org:1002, got "${second.panel.title}"`,
    );

    // The previous group's host answers no more; opening that group again is a new open, into the same preview.
    const again = await click('org:1001');
    assert.equal(again.panel, first.panel);
    assert.notEqual(again, first);
  });

  it('a double click keeps the panel open, and the next group then opens a preview of its own', async () => {
    const clicked = await click('org:1003');
    const doubleClicked = await click('org:1003');
    assert.equal(doubleClicked, clicked);
    assert.equal(clicked.preview, false, `kept open by a second click within ${DOUBLE_CLICK_MS} ms`);

    const next = await click('org:1004');
    assert.notEqual(next.panel, clicked.panel, 'a kept panel is never replaced');
    assert.equal(next.preview, true);
    assert.equal(await tabCount(2), 2);

    // Two clicks further apart than a double click are two clicks: the preview stays a preview.
    await new Promise((resolve) => setTimeout(resolve, DOUBLE_CLICK_MS + 100));
    assert.equal((await click('org:1004')).preview, true);
  });

  it('staged edits keep a preview open, so the next group never replaces them; the heading and Keep Open do too', async () => {
    const edited = await click('org:1005');
    // What the webview sends the moment an edit is staged.
    await edited.handleMessage({
      type: 'keepEdits',
      edits: { staged: [{ key: 'plan', text: 'pro', valueType: 'string', loaded: { present: false } }] },
    });
    assert.equal(edited.preview, false);
    const next = await click('org:1006');
    assert.notEqual(next.panel, edited.panel);
    assert.equal(await tabCount(2), 2, 'the panel with the staged edit is still open');

    // A double click on the preview's heading.
    await next.handleMessage({ type: 'keepOpen' });
    assert.equal(next.preview, false);

    // Keep Open (palette, editor title, Ctrl+K Enter) on the active preview panel.
    const third = await click('org:1007');
    assert.notEqual(third.panel, next.panel);
    third.panel.reveal();
    await waitFor(() => third.panel.active, 5_000, 'the preview panel to be the active editor');
    await vscode.commands.executeCommand('posthogWorkbench.keepGroupPanelOpen');
    assert.equal(third.preview, false);
    assert.equal(await tabCount(3), 3);
  });

  it('with workbench.editor.enablePreview off, every group opens a panel that stays', async () => {
    await vscode.workspace
      .getConfiguration('workbench.editor')
      .update('enablePreview', false, vscode.ConfigurationTarget.Global);
    const first = await click('org:1008');
    const second = await click('org:1009');
    assert.equal(first.preview, false);
    assert.notEqual(second.panel, first.panel);
    assert.equal(await tabCount(2), 2);
  });

  it('opened otherwise than from the tree (Find Group, automation, a menu), a group opens kept, and pins its preview', async () => {
    const previewed = await click('org:1010');
    assert.equal(previewed.preview, true);
    const opened = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: 'org:1010',
    });
    assert.equal(opened, previewed);
    assert.equal(previewed.preview, false);
    const other = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: 'org:1011',
    });
    assert.equal(other.preview, false);
  });
});
