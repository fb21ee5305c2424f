// The live group panel's webview settings (CSP, command URIs, no data in the HTML, invalid messages dropped and
// logged), and concurrency: two panels on one group, the same key edited in two places, and a project switch
// while a request is in flight.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupPanel } from '../../../src/extension/panels/groupPanel';
import type { HostMessage } from '../../../src/shared/protocol/groupPanel';
import { L10N_ELEMENT_ID } from '../../../src/shared/protocol/common';
import { fakeFromEnv, type FakeAdmin } from '../support/fake';
import { activateExtension, waitFor } from '../support/vscode';

interface Tree {
  getChildren(node?: unknown): Promise<unknown[]>;
}
interface Exports {
  trees: { groups: Tree };
  globalStorageUri: vscode.Uri;
}
interface StoredGroup {
  group_properties: Record<string, unknown>;
}

const HOSTILE_KEY = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;

describe('reliability: webview and concurrency', function () {
  this.timeout(60_000);
  let fake: FakeAdmin;
  let ext: Exports;
  let nextId = 1;
  const config = () => vscode.workspace.getConfiguration('posthogWorkbench');

  const open = async (groupKey: string): Promise<GroupPanel> => {
    const panel = await vscode.commands.executeCommand<GroupPanel>('posthogWorkbench.openGroup', {
      groupTypeIndex: 0,
      groupKey,
    });
    assert.ok(panel);
    return panel;
  };
  const send = async (panel: GroupPanel, message: Record<string, unknown>): Promise<HostMessage> => {
    const reply = await panel.handleMessage({ ...message, id: nextId++ });
    assert.ok(reply, `no reply to ${String(message.type)}`);
    return reply;
  };
  const stored = async (groupKey: string) => (await fake.group<StoredGroup>(0, groupKey))?.group_properties ?? {};
  const signIn = () =>
    vscode.commands.executeCommand('posthogWorkbench.signIn', {
      host: fake.url,
      apiKey: fake.apiKey,
      projectId: fake.projectId,
    });

  before(async () => {
    fake = fakeFromEnv();
    await fake.reset('realistic');
    ext = (await activateExtension()).exports as Exports;
    await signIn();
  });

  afterEach(async () => {
    await fake.clearFaults();
    await fake.setLatency(0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the panel runs only its own nonce script, reaches no network, has command URIs off and no data in its HTML', async () => {
    const created = await fetch(`${fake.url}/api/projects/${fake.projectId}/groups/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        group_type_index: 0,
        group_key: HOSTILE_KEY,
        group_properties: { [HOSTILE_KEY]: HOSTILE_KEY },
      }),
    });
    assert.equal(created.status, 201);
    const panel = await open(HOSTILE_KEY);
    const { html, options } = panel.panel.webview;
    assert.equal(options.enableCommandUris, false);
    assert.equal(options.enableScripts, true);
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values] as const),
    );
    assert.deepEqual(
      directives.get('default-src'),
      ["'none'"],
      'everything not listed is blocked, connect-src (fetch, XHR, WebSocket) included',
    );
    assert.equal(directives.has('connect-src'), false, 'the webview may not connect anywhere');
    const scripts = directives.get('script-src') ?? [];
    assert.equal(scripts.length, 1);
    assert.match(
      scripts[0]!,
      /^'nonce-[A-Za-z0-9+/=]{16,}'$/,
      'only the nonce: no unsafe-inline, unsafe-eval, hosts or schemes',
    );
    for (const [name, values] of directives) {
      for (const v of values)
        assert.ok(!/^(https?:|\*|'unsafe-)/.test(v) || v.startsWith('https://*.vscode-cdn.net'), `${name} allows ${v}`);
    }
    const nonce = scripts[0]!.slice("'nonce-".length, -1);
    // One script runs; the only other <script> is the translations' JSON data block, which a browser never executes
    // and which holds the extension's own strings, not the group's (CONTRIBUTING.md, "Localisation").
    const allTags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    const dataBlocks = allTags.filter((t) => /\btype="application\/json"/.test(t));
    assert.deepEqual(dataBlocks, [`<script type="application/json" id="${L10N_ELEMENT_ID}">`]);
    const tags = allTags.filter((t) => !dataBlocks.includes(t));
    assert.equal(tags.length, 1);
    assert.ok(tags[0]!.includes(`nonce="${nonce}"`) && / src="[^"]+groupPanel\.js"/.test(tags[0]!), tags[0]);
    assert.ok(
      !html.includes('onerror') && !html.includes('alert('),
      'group data went into the HTML instead of a message',
    );
    // Two loads give two nonces: a value echoed into one page cannot guess the next.
    const again = await open('org:1040');
    assert.notEqual(again.panel.webview.html.match(/nonce-([^']+)/)?.[1], nonce);
  });

  it('messages that fail validation are dropped and logged, and nothing is sent', async () => {
    const panel = await open('org:1041');
    // The extension's log channel, as written to disk under this run's user data folder.
    const runDir = path.resolve(ext.globalStorageUri.fsPath, '../../../..');
    const logText = () =>
      fs
        .readdirSync(runDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('PostHog Workbench.log'))
        .map((f) => fs.readFileSync(path.join(runDir, f), 'utf8'))
        .join('\n');
    const dropsSoFar = logText().match(/dropped a malformed message from the webview/g)?.length ?? 0;
    await fake.clearRequests();
    for (const junk of [
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'save', id: 1, overwrite: true, edits: [{ key: 'k'.repeat(401), value: 1, loaded: { present: false } }] },
      { type: 'delete', id: 2, key: '' },
      { type: 'restore', id: 3, key: 'a', value: null },
      'save',
      null,
    ]) {
      assert.equal(await panel.handleMessage(junk), undefined, JSON.stringify(junk));
    }
    assert.deepEqual(
      (await fake.requests()).filter((r) => r.path.startsWith('/api/')),
      [],
    );
    await waitFor(
      () => (logText().match(/dropped a malformed message from the webview/g)?.length ?? 0) - dropsSoFar >= 6,
      5000,
      'six drops in the log',
    );
  });

  it('two editors saving different keys of one group at once both land; the same key edited in both is a conflict', async () => {
    const groupKey = 'org:1042';
    const first = await open(groupKey);
    await send(first, { type: 'refresh' });
    // Opening the group again reveals the same panel, so the second editor (another window or person) is a
    // second save from the same loaded snapshot, sent while the first is still in flight.
    const before = await stored(groupKey);
    const loaded = (k: string) => (Object.hasOwn(before, k) ? { present: true, value: before[k] } : { present: false });
    const [a, b] = await Promise.all([
      send(first, { type: 'save', overwrite: false, edits: [{ key: 'left', value: 'L', loaded: loaded('left') }] }),
      send(first, { type: 'save', overwrite: false, edits: [{ key: 'right', value: 'R', loaded: loaded('right') }] }),
    ]);
    for (const reply of [a, b])
      assert.ok(
        reply.type === 'saveResult' && reply.outcome?.kind === 'done' && !reply.outcome.failed,
        JSON.stringify(reply),
      );
    const after = await stored(groupKey);
    assert.deepEqual([after.left, after.right], ['L', 'R']);
    for (const k of Object.keys(before)) assert.deepStrictEqual(after[k], before[k], `untouched ${k}`);
    const writes = (await fake.requests()).filter((r) => r.method === 'POST').map((r) => r.path);
    assert.ok(
      writes.every((p) => /(update_property|upsert_properties)\/$/.test(p)),
      `per-key writes only: ${writes.join(', ')}`,
    );

    // The same key, edited from the same loaded value in two places: the second save is a conflict.
    const base = loaded('industry');
    const mine = await send(first, {
      type: 'save',
      overwrite: false,
      edits: [{ key: 'industry', value: 'mine', loaded: base }],
    });
    assert.ok(mine.type === 'saveResult' && mine.outcome?.kind === 'done');
    const theirs = await send(first, {
      type: 'save',
      overwrite: false,
      edits: [{ key: 'industry', value: 'theirs', loaded: base }],
    });
    assert.deepEqual(theirs.type === 'saveResult' ? theirs.outcome : undefined, {
      kind: 'conflict',
      conflicts: [{ key: 'industry', current: { present: true, value: 'mine' } }],
    });
    assert.equal((await stored(groupKey)).industry, 'mine', 'nothing overwritten before the user chose');
  });

  it("a project switch while a request is in flight shows only the new project's data", async () => {
    for (const groupKey of ['staging:1', 'staging:2']) {
      const created = await fetch(`${fake.url}/api/projects/2/groups/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ group_type_index: 0, group_key: groupKey, group_properties: { name: groupKey } }),
      });
      assert.equal(created.status, 201);
    }
    const state = await fake.state<{ groups: { project_id: number; group_type_index: number; group_key: string }[] }>();
    const keysOf = (projectId: number) =>
      new Set(
        state.groups.filter((g) => g.project_id === projectId && g.group_type_index === 0).map((g) => g.group_key),
      );
    const project1 = keysOf(1);
    const project2 = keysOf(2);
    // Both projects have org:1000..1011; the rest of project 1's groups must never appear under project 2.
    const project1Only = new Set([...project1].filter((k) => !project2.has(k)));
    assert.ok(project1Only.size > 0 && project2.has('staging:1'), 'the two projects hold different groups');
    const label = (node: unknown) => (node as { group?: { group_key: string } }).group?.group_key;

    await vscode.commands.executeCommand('posthogWorkbench.refresh');
    const [type1] = await ext.trees.groups.getChildren();
    await fake.setLatency(1500);
    const inFlight = ext.trees.groups.getChildren(type1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await config().update('projectId', 2, vscode.ConfigurationTarget.Global);
    try {
      await fake.setLatency(0);
      await inFlight.catch(() => undefined);
      const [type2] = await ext.trees.groups.getChildren();
      const shown = (await ext.trees.groups.getChildren(type2)).map(label).filter(Boolean) as string[];
      assert.ok(shown.length > 0, 'groups of project 2');
      assert.ok(shown.includes('staging:1'), `project 2's groups: ${shown.join(', ')}`);
      assert.deepEqual(
        shown.filter((k) => project1Only.has(k) || !project2.has(k)),
        [],
        'groups from project 1 shown in project 2',
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const later = (await ext.trees.groups.getChildren(type2)).map(label).filter(Boolean) as string[];
      assert.deepEqual(
        later.filter((k) => project1Only.has(k) || !project2.has(k)),
        [],
        'the late answer for project 1 leaked into project 2',
      );
    } finally {
      await config().update('projectId', fake.projectId, vscode.ConfigurationTarget.Global);
    }
  });
});
