// The group panel's Related tab in a real extension host against the local PostHog: the persons and groups seen on
// the same events as the group (`groups/related/`), and a related group opening its own panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../src/extension/panels/groupPanel';
import type { RelatedItem } from '../../src/shared/protocol/groupPanel';
import { fakeFromEnv, type FakeAdmin } from './support/fake';
import { activateExtension, waitFor } from './support/vscode';

describe('group panel: related people and groups', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;

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

  it('lists the persons and groups seen with the group, and opens a related group', async () => {
    const workspaces = await fake.api<{ results: { group_key: string }[] }>('GET', 'groups/?group_type_index=1');
    const workspace = workspaces.results[0]!.group_key;
    await fake.addEvents(
      [
        {
          event: 'pageview',
          distinct_id: 'related-ada',
          properties: { $groups: { organization: 'org:1001', workspace } },
        },
      ],
      [{ distinct_ids: ['related-ada'], properties: { email: 'ada@related.example' } }],
    );
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey: 'org:1001',
    });
    assert.ok(panel);
    const reply = await panel.handleMessage({ type: 'loadRelated', id: 1 });
    assert.ok(reply?.type === 'related' && !reply.error && reply.items, `loadRelated failed: ${JSON.stringify(reply)}`);
    const items: RelatedItem[] = reply.items;
    // The seed's own events relate others too; ours are among them.
    const person = items.find((i) => i.kind === 'person' && i.label === 'ada@related.example');
    assert.ok(person, `no related person ada@related.example in ${JSON.stringify(items.map((i) => i.label))}`);
    assert.equal(person.detail, 'related-ada');
    assert.ok(
      items.findIndex((i) => i.kind === 'group') > items.findIndex((i) => i.kind === 'person'),
      'persons first',
    );
    const group = items.find((i) => i.kind === 'group' && i.id === workspace);
    assert.deepEqual(
      { id: group?.id, type: group?.groupTypeIndex, detail: group?.detail },
      { id: workspace, type: 1, detail: 'Workspace' },
    );

    await panel.handleMessage({ type: 'openRelated', item: group });
    await waitFor(
      () =>
        vscode.window.tabGroups.all.some((g) =>
          g.tabs.some(
            (t) => t.input instanceof vscode.TabInputWebview && t.isActive && t.label.endsWith('· Workspace'),
          ),
        ),
      10_000,
      "the workspace's panel to open",
    );
  });
});
