// The group panel's state transitions (src/webview/groupPanel/state.ts) in plain Node: restore and init, staging,
// editors and the add form, saving with its outcomes and conflicts, delete and undo, activity, focus requests and
// what is kept across a reload. The same functions run in the webview; the UI tests cover the painting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasUnsavedWork, type GroupData, type PanelState } from '../../../src/shared/protocol/groupPanel';
import * as s from '../../../src/webview/groupPanel/state';

const group = (properties: Record<string, unknown>): GroupData => ({
  group_type_index: 0,
  group_key: 'org:1',
  group_properties: properties,
  created_at: null,
});
const initial = (
  properties: Record<string, unknown> = {
    name: 'Acme',
    plan: 'free',
    seats: 10,
    paying: true,
    address: { city: 'Oslo' },
  },
) =>
  s.receive(s.restore(undefined), {
    type: 'init',
    groupTypeIndex: 0,
    groupKey: 'org:1',
    groupTypeName: 'Organization',
    group: group(properties),
    activity: null,
    fresh: true,
  });
const staged = (
  state: s.PanelModel,
  key: string,
  text: string,
  valueType: 'string' | 'number' | 'boolean' | 'json' = 'string',
) => {
  const result = s.stage(state, key, { key, text, valueType });
  assert.ok('state' in result, `staging ${key} was refused: ${'error' in result ? result.error : ''}`);
  return result.state;
};
const error = { message: 'PostHog had a server error (HTTP 503)', kind: 'server', signIn: false };

describe('group panel state: start', () => {
  it('starts empty without saved state, and nothing is kept before the host says which group this is', () => {
    const state = s.restore(undefined);
    assert.equal(state.initialized, false);
    assert.equal(state.groupKey, '');
    assert.equal(state.group, null);
    assert.equal(state.tab, 'properties');
    assert.deepEqual(state.addDraft, { key: '', text: '', valueType: 'string' });
    assert.equal(state.staged.size, 0);
  });

  it('restores what VS Code kept: the group, the tab, the filter, staged edits, open editors and the add form', () => {
    const saved: PanelState = {
      groupTypeIndex: 1,
      groupKey: 'w:9',
      groupTypeName: 'Workspace',
      group: { ...group({ plan: 'pro' }), group_key: 'w:9' },
      tab: 'activity',
      filter: 'pl',
      staged: [{ key: 'plan', text: 'team', valueType: 'string', loaded: { present: true, value: 'pro' } }],
      drafts: [{ key: 'flag', text: 'yes', valueType: 'boolean' }],
      addDraft: { key: 'new', text: '1', valueType: 'number' },
    };
    const state = s.restore(saved);
    assert.equal(state.groupKey, 'w:9');
    assert.deepEqual(state.group?.group_properties, { plan: 'pro' });
    assert.equal(state.tab, 'activity');
    assert.equal(state.filter, 'pl');
    assert.equal(state.staged.get('plan')?.text, 'team');
    assert.deepEqual(
      state.drafts.get('flag'),
      { key: 'flag', text: 'yes', valueType: 'boolean' },
      'what was typed comes back as it was (the boolean choice shows neither until one is made)',
    );
    assert.deepEqual(state.addDraft, { key: 'new', text: '1', valueType: 'number' });
  });

  it("init names the group and takes the host's data; the host's kept edits win over the restored ones", () => {
    const restored = s.restore({
      groupTypeIndex: 0,
      groupKey: 'org:1',
      staged: [{ key: 'a', text: 'old', valueType: 'string', loaded: { present: false } }],
    });
    const state = s.receive(restored, {
      type: 'init',
      groupTypeIndex: 0,
      groupKey: 'org:1',
      groupTypeName: 'Organization',
      group: group({ a: 'x' }),
      fresh: false,
      activity: {
        page: 1,
        items: [
          {
            id: '1',
            who: 'Ada',
            createdAt: '2026-01-01T00:00:00Z',
            activity: 'update_property',
            property: 'a',
            changes: [],
          },
        ],
        hasMore: true,
        total: 40,
      },
      edits: { staged: [{ key: 'a', text: 'newer', valueType: 'string', loaded: { present: true, value: 'x' } }] },
    });
    assert.equal(state.initialized, true);
    assert.equal(state.groupTypeName, 'Organization');
    assert.equal(state.staged.get('a')?.text, 'newer');
    assert.deepEqual(
      { ...state.activity, items: state.activity.items.length },
      { items: 1, page: 1, hasMore: true, total: 40, loaded: true, loadingMore: false },
    );
  });

  it('an init without a group keeps the restored copy until the refresh brings one', () => {
    const restored = s.restore({ groupTypeIndex: 0, groupKey: 'org:1', group: group({ a: 1 }) });
    const state = s.receive(restored, {
      type: 'init',
      groupTypeIndex: 0,
      groupKey: 'org:1',
      groupTypeName: 'Organization',
      group: null,
      activity: null,
      fresh: false,
    });
    assert.deepEqual(state.group?.group_properties, { a: 1 });
  });
});

describe('group panel state: what the host sends', () => {
  it('a group replaces the shown one and clears its load error; a type name renames', () => {
    let state = s.receive(initial(), { type: 'loadError', target: 'group', error });
    assert.deepEqual(state.groupError, error);
    state = s.receive(state, { type: 'group', group: group({ plan: 'pro' }) });
    assert.equal(state.groupError, undefined);
    assert.deepEqual(s.properties(state), { plan: 'pro' });
    assert.equal(s.receive(state, { type: 'groupType', name: 'Company' }).groupTypeName, 'Company');
  });

  it('activity page 1 replaces the list, later pages append, and a page clears the activity error', () => {
    const item = (id: string) => ({
      id,
      who: 'Ada',
      createdAt: '2026-01-01T00:00:00Z',
      activity: 'update_property',
      property: 'a',
      changes: [],
    });
    let state = s.receive(initial(), { type: 'loadError', target: 'activity', error });
    assert.deepEqual(state.activity.error, error);
    assert.equal(state.groupError, undefined, 'an activity failure is not the group failing');
    state = s.receive(state, {
      type: 'activity',
      activity: { page: 1, items: [item('1'), item('2')], hasMore: true, total: 3 },
    });
    assert.equal(state.activity.error, undefined);
    state = s.receive(state, { type: 'activity', activity: { page: 2, items: [item('3')], hasMore: false, total: 3 } });
    assert.deepEqual(
      state.activity.items.map((i) => i.id),
      ['1', '2', '3'],
    );
    assert.equal(state.activity.hasMore, false);
    state = s.receive(state, { type: 'activity', activity: { page: 1, items: [item('4')], hasMore: true, total: 4 } });
    assert.deepEqual(
      state.activity.items.map((i) => i.id),
      ['4'],
    );
  });

  it('Load more shows as busy until its reply', () => {
    const busy = s.loadMoreActivityStarted(initial());
    assert.equal(busy.activity.loadingMore, true);
    assert.equal(s.loadMoreActivityFinished(busy).activity.loadingMore, false);
    assert.equal(s.loadingFinished(s.loadingStarted(initial())).loading, false);
  });
});

describe('group panel state: staging', () => {
  it('stages a change based on the loaded value, and a new key as not present', () => {
    let state = staged(initial(), 'plan', 'pro');
    state = staged(state, 'industry', 'retail');
    assert.deepEqual(state.staged.get('plan'), {
      key: 'plan',
      text: 'pro',
      valueType: 'string',
      loaded: { present: true, value: 'free' },
    });
    assert.deepEqual(state.staged.get('industry')?.loaded, { present: false });
  });

  it('staging a key again keeps what the first edit was based on, even if the group changed meanwhile', () => {
    let state = staged(initial(), 'plan', 'pro');
    state = s.receive(state, { type: 'group', group: group({ plan: 'theirs' }) });
    state = staged(state, 'plan', 'enterprise');
    assert.deepEqual(state.staged.get('plan')?.loaded, { present: true, value: 'free' });
  });

  it("typing back PostHog's value unstages the key, JSON compared without key order", () => {
    let state = staged(initial(), 'plan', 'pro');
    state = staged(state, 'plan', 'free');
    assert.equal(state.staged.has('plan'), false);
    state = staged(state, 'address', '{ "city": "Oslo" }', 'json');
    assert.equal(state.staged.has('address'), false);
  });

  it('refuses a value that does not parse, with the reason, and changes nothing', () => {
    const before = initial();
    assert.deepEqual(s.stage(before, 'seats', { key: 'seats', text: 'ten', valueType: 'number' }), {
      error: '"ten" is not a number. Use digits, an optional "-", "." and exponent, e.g. 42, -1.5 or 3e8.',
    });
    const big = s.stage(before, 'seats', { key: 'seats', text: '12345678901234567890', valueType: 'number' });
    assert.ok('error' in big && /larger than 2\^53/.test(big.error));
  });

  it('a new staged edit clears the last save report', () => {
    let state = s.saveReplied(s.prepareSave(staged(initial(), 'plan', 'pro')).state, {
      type: 'saveResult',
      id: 1,
      outcome: { kind: 'done', saved: ['plan'], notAttempted: [] },
    });
    assert.ok(state.report);
    state = staged(state, 'seats', '11', 'number');
    assert.equal(state.report, undefined);
  });

  it('Discard removes one staged edit and focuses its Edit button; Discard all removes every one with the report and conflicts', () => {
    let state = staged(staged(initial(), 'plan', 'pro'), 'seats', '12', 'number');
    state = s.discardStaged(state, 'plan');
    assert.deepEqual([...state.staged.keys()], ['seats']);
    assert.equal(state.focus, 'edit:plan');
    state = s.discardAll({ ...state, conflicts: [{ key: 'seats', current: { present: true, value: 11 } }] });
    assert.equal(state.staged.size, 0);
    assert.equal(state.conflicts, undefined);
  });
});

describe('group panel state: editors', () => {
  it("opens an editor with PostHog's value in its type, or with the staged text, and focuses its input", () => {
    let state = s.openEditor(initial(), 'address');
    assert.deepEqual(state.drafts.get('address'), {
      key: 'address',
      valueType: 'json',
      text: '{\n  "city": "Oslo"\n}',
    });
    assert.equal(state.focus, 'input:address');
    state = s.openEditor(staged(state, 'seats', '12', 'number'), 'seats');
    assert.deepEqual(state.drafts.get('seats'), { key: 'seats', valueType: 'number', text: '12' });
  });

  it('typing changes the draft only; Enter stages it and closes the editor, focusing its Edit button', () => {
    let state = s.editDraft(s.openEditor(initial(), 'plan'), 'plan', 'growth');
    assert.equal(state.drafts.get('plan')?.text, 'growth');
    const committed = s.commitEditor(state, 'plan');
    assert.ok('state' in committed);
    state = committed.state;
    assert.equal(state.drafts.has('plan'), false);
    assert.equal(state.staged.get('plan')?.text, 'growth');
    assert.equal(state.focus, 'edit:plan');
  });

  it('an editor whose value does not parse stays open with the reason', () => {
    const state = s.changeDraftType(s.openEditor(initial(), 'plan'), 'plan', 'number');
    const committed = s.commitEditor(state, 'plan');
    assert.ok('error' in committed);
    assert.match(committed.error, /is not a number/);
  });

  it('Escape closes an editor without staging', () => {
    const state = s.closeEditor(s.editDraft(s.openEditor(initial(), 'plan'), 'plan', 'nope'), 'plan');
    assert.equal(state.drafts.size, 0);
    assert.equal(state.staged.size, 0);
    assert.equal(state.focus, 'edit:plan');
  });

  it('changing the type never rewrites the text; the focus stays on the type control', () => {
    let state = s.openEditor(initial(), 'plan');
    state = s.editDraft(state, 'plan', 'abc');
    for (const to of ['json', 'number', 'boolean', 'string'] as const) {
      state = s.changeDraftType(state, 'plan', to);
      assert.equal(state.drafts.get('plan')?.text, 'abc', `as ${to}`);
      assert.equal(state.focus, 'type:plan');
    }
    // The add form: Number before anything is typed leaves the value empty (no `""`).
    const add = s.changeAddDraftType(initial(), 'number');
    assert.equal(add.addDraft.text, '');
    assert.equal(add.focus, 'add-type');
    assert.equal(
      s.changeAddDraftType(s.changeAddDraftType(s.editAddDraft(initial(), { text: 'abc' }), 'json'), 'string').addDraft
        .text,
      'abc',
    );
  });

  it('offers a conversion only for text that does not read as the chosen type', () => {
    const conversion = (text: string, valueType: 'string' | 'number' | 'boolean' | 'json') =>
      s.conversion({ key: 'k', text, valueType });
    assert.equal(conversion('abc', 'json'), '"abc"');
    assert.equal(conversion('"42"', 'number'), '42');
    assert.equal(conversion(' 42 ', 'number'), undefined, 'already a number');
    assert.equal(conversion('{"a":1}', 'json'), undefined, 'already JSON');
    assert.equal(conversion('abc', 'number'), undefined, 'nothing fits');
    assert.equal(conversion('anything', 'string'), undefined, 'any text is a string');
    assert.equal(conversion('maybe', 'boolean'), undefined, 'a boolean is chosen, not converted');
  });
});

describe('group panel state: the add form', () => {
  it('refuses a missing name or a value that does not parse, and says why', () => {
    let state = s.stageAddDraft(s.editAddDraft(initial(), { text: 'x' }));
    assert.equal(state.addError, 'A property needs a name.');
    state = s.stageAddDraft(
      s.editAddDraft(s.changeAddDraftType(s.editAddDraft(state, { key: 'n' }), 'json'), { text: '' }),
    );
    assert.match(state.addError ?? '', /Enter a JSON value/);
    assert.equal(state.staged.size, 0);
  });

  it('a new value clears the refusal, a new name does not, a new type does', () => {
    const refused = s.stageAddDraft(s.editAddDraft(initial(), { text: 'x' }));
    assert.ok(refused.addError);
    assert.ok(s.editAddDraft(refused, { key: 'k' }).addError);
    assert.equal(s.editAddDraft(refused, { text: 'y' }).addError, undefined);
    assert.equal(s.changeAddDraftType(refused, 'number').addError, undefined);
  });

  it('stages the new property, empties the form keeping its type, and focuses the name', () => {
    let state = s.changeAddDraftType(s.editAddDraft(initial(), { key: 'trial' }), 'boolean');
    state = s.stageAddDraft(s.editAddDraft(state, { text: 'false' }));
    assert.deepEqual(state.staged.get('trial'), {
      key: 'trial',
      text: 'false',
      valueType: 'boolean',
      loaded: { present: false },
    });
    assert.deepEqual(
      state.addDraft,
      { key: '', text: 'true', valueType: 'boolean' },
      'an empty boolean form still holds a value',
    );
    assert.equal(state.focus, 'add-key');
  });

  it('keeps value suggestions only for the name still in the form, at most 100', () => {
    const state = s.editAddDraft(initial(), { key: 'industry' });
    assert.equal(s.valueSuggestionsReceived(state, 'indus', ['x']), state);
    const values = Array.from({ length: 150 }, (_, i) => `v${i}`);
    assert.equal(s.valueSuggestionsReceived(state, 'industry', values).valueSuggestions.length, 100);
    assert.deepEqual(s.keySuggestionsReceived(state, ['a', 'b']).keySuggestions, ['a', 'b']);
  });
});

describe('group panel state: saving', () => {
  it('sends every staged edit with the value it was based on, shows Saving… and clears the last outcome', () => {
    const state = staged(staged(initial(), 'plan', 'pro'), 'seats', '12', 'number');
    const { state: saving, edits } = s.prepareSave({ ...state, report: { error }, conflicts: [] });
    assert.deepEqual(edits, [
      { key: 'plan', value: 'pro', loaded: { present: true, value: 'free' } },
      { key: 'seats', value: 12, loaded: { present: true, value: 10 } },
    ]);
    assert.equal(saving.saving, true);
    assert.equal(saving.report, undefined);
    assert.equal(saving.conflicts, undefined);
  });

  it('sends nothing when an edit no longer parses, and marks it', () => {
    const state = s.restore({
      groupTypeIndex: 0,
      groupKey: 'k',
      staged: [
        { key: 'ok', text: '1', valueType: 'number', loaded: { present: false } },
        { key: 'bad', text: 'x', valueType: 'number', loaded: { present: false } },
      ],
    });
    const { state: after, edits } = s.prepareSave(state);
    assert.deepEqual(edits, []);
    assert.equal(after.saving, false);
    assert.match(after.staged.get('bad')?.error ?? '', /is not a number/);
    assert.equal(after.staged.get('ok')?.error, undefined);
    assert.deepEqual(s.prepareSave(initial()).edits, [], 'nothing staged, nothing to send');
  });

  it('after a partial save: saved keys unstaged, the failed and not attempted ones kept with their reasons', () => {
    const state = s.prepareSave(staged(staged(staged(initial(), 'a', '1'), 'b', '2'), 'c', '3')).state;
    const after = s.saveReplied(state, {
      type: 'saveResult',
      id: 1,
      outcome: { kind: 'done', saved: ['a'], failed: { key: 'b', error }, notAttempted: ['c'] },
    });
    assert.equal(after.saving, false);
    assert.deepEqual([...after.staged.keys()], ['b', 'c']);
    assert.equal(after.staged.get('b')?.error, error.message);
    assert.equal(after.staged.get('c')?.error, s.notAttempted());
    assert.deepEqual(after.report?.outcome?.saved, ['a']);
  });

  it('a failed save keeps every edit staged with the reason and reports it', () => {
    const state = s.prepareSave(staged(staged(initial(), 'a', '1'), 'b', '2')).state;
    const after = s.saveReplied(state, { type: 'saveResult', id: 1, error });
    assert.equal(after.saving, false);
    assert.deepEqual(
      [...after.staged.values()].map((e) => e.error),
      [error.message, error.message],
    );
    assert.deepEqual(after.report, { error });
  });

  it("a conflict writes nothing: the edits stay, and Keep PostHog's values drops only the conflicting ones", () => {
    const state = s.prepareSave(staged(staged(initial(), 'plan', 'pro'), 'seats', '12', 'number')).state;
    const conflicts = [{ key: 'plan', current: { present: true, value: 'theirs' } }];
    const after = s.saveReplied(state, { type: 'saveResult', id: 1, outcome: { kind: 'conflict', conflicts } });
    assert.equal(after.saving, false);
    assert.deepEqual(after.conflicts, conflicts);
    assert.equal(after.staged.size, 2);
    const kept = s.keepTheirs(after);
    assert.deepEqual([...kept.staged.keys()], ['seats']);
    assert.equal(kept.conflicts, undefined);
  });
});

describe('group panel state: deletes are staged, Discard all can be undone', () => {
  it('a delete is staged (its editor closes), sent with Save, and kept (discarded) from the row', () => {
    let state = s.openEditor(initial(), 'plan');
    state = s.stageDelete(state, 'plan');
    assert.deepEqual(state.staged.get('plan'), {
      key: 'plan',
      text: '',
      valueType: 'string',
      loaded: { present: true, value: 'free' },
      delete: true,
    });
    assert.equal(state.drafts.has('plan'), false);
    assert.equal(state.focus, 'discard:plan');
    const { edits } = s.prepareSave(state);
    assert.deepEqual(edits, [{ key: 'plan', delete: true, loaded: { present: true, value: 'free' } }]);
    assert.equal(s.discardStaged(state, 'plan').staged.size, 0);
    // Editing it again replaces the delete, starting from PostHog's value.
    assert.equal(s.openEditor(state, 'plan').drafts.get('plan')?.text, 'free');
  });

  it('the delete of an edited property keeps what the edit was based on', () => {
    const state = s.stageDelete(staged(initial(), 'plan', 'pro'), 'plan');
    assert.deepEqual(state.staged.get('plan')?.loaded, { present: true, value: 'free' });
    assert.equal(state.staged.get('plan')?.delete, true);
  });

  it('Discard all keeps what it dropped for Undo, until dismissed or the next save', () => {
    const before = s.stageDelete(staged(initial(), 'plan', 'pro'), 'seats');
    const discarded = s.discardAll(before);
    assert.equal(discarded.staged.size, 0);
    assert.equal(discarded.focus, 'undo-discard');
    const again = staged(discarded, 'plan', 'enterprise');
    const undone = s.undoDiscard(again);
    assert.deepEqual([...undone.staged.keys()].sort(), ['plan', 'seats']);
    assert.equal(undone.staged.get('plan')?.text, 'enterprise', 'a newer change wins');
    assert.equal(undone.discarded, undefined);
    assert.equal(s.dismissDiscarded(discarded).discarded, undefined);
    assert.equal(s.prepareSave(staged(discarded, 'plan', 'x')).state.discarded, undefined);
  });
});

describe('group panel state: focus, tabs, filter and what a reload keeps', () => {
  it('a focus request lasts for one change', () => {
    const opened = s.openEditor(initial(), 'plan');
    assert.equal(opened.focus, 'input:plan');
    assert.equal(s.setFilter(opened, 'p').focus, undefined);
    assert.equal(s.selectTab(opened, 'activity').tab, 'activity');
  });

  it('keeps the unsaved work and the group, leaving large groups out of the state VS Code copies around', () => {
    let state = s.setFilter(staged(s.openEditor(initial(), 'seats'), 'plan', 'pro'), 'pl');
    state = s.editAddDraft(state, { key: 'n' });
    const { edits, state: kept } = s.persisted(state);
    assert.deepEqual(edits, {
      tab: 'properties',
      filter: 'pl',
      staged: [{ key: 'plan', text: 'pro', valueType: 'string', loaded: { present: true, value: 'free' } }],
      drafts: [{ key: 'seats', valueType: 'number', text: '10' }],
      addDraft: { key: 'n', text: '', valueType: 'string' },
    });
    assert.deepEqual(
      { ...kept, group: kept.group?.group_key },
      { ...edits, groupTypeIndex: 0, groupKey: 'org:1', groupTypeName: 'Organization', group: 'org:1', preview: false },
    );
    const large = initial(
      Object.fromEntries(Array.from({ length: s.MAX_PROPERTIES_IN_STATE + 1 }, (_, i) => [`p${i}`, i])),
    );
    assert.equal(s.persisted(large).state.group, null);
  });

  it('tells what a reload would lose from what it would not', () => {
    const state = initial();
    assert.equal(s.persistedChanged(s.setFilter(state, 'x'), state), true);
    assert.equal(s.persistedChanged(staged(state, 'plan', 'pro'), state), true);
    assert.equal(s.persistedChanged(s.loadingStarted(state), state), false);
    assert.equal(s.persistedChanged(s.loadMoreActivityStarted(state), state), false);
  });
});

describe('group panel state: a preview panel', () => {
  const init = (groupKey: string, preview: boolean) =>
    ({
      type: 'init',
      groupTypeIndex: 0,
      groupKey,
      groupTypeName: 'Organization',
      group: { ...group({ name: groupKey }), group_key: groupKey },
      activity: null,
      fresh: false,
      preview,
    }) as const;

  it('is a preview when the host says so, until the host says it is kept open', () => {
    const state = s.receive(s.restore(undefined), init('org:1', true));
    assert.equal(state.preview, true);
    assert.equal(s.receive(state, { type: 'keptOpen' }).preview, false);
    assert.equal(
      s.receive(s.restore(undefined), { ...init('org:1', true), preview: undefined }).preview,
      false,
      'no word from the host: kept open',
    );
  });

  it('reused for another group, starts over: nothing of the previous group stays', () => {
    let state = s.receive(s.restore(undefined), init('org:1', true));
    state = s.selectTab(s.setFilter(state, 'na'), 'activity');
    state = s.receive(state, {
      type: 'activity',
      activity: {
        page: 1,
        items: [{ id: '1', who: 'Ada', createdAt: null, activity: 'update_property', property: 'a', changes: [] }],
        hasMore: false,
        total: 1,
      },
    });
    state = s.keySuggestionsReceived(s.receive(state, { type: 'loadError', target: 'group', error }), ['plan']);
    const next = s.receive(state, init('org:2', true));
    assert.equal(next.groupKey, 'org:2');
    assert.equal(next.group?.group_properties.name, 'org:2');
    assert.deepEqual(
      [
        next.tab,
        next.filter,
        next.groupError,
        next.activity.items.length,
        next.activity.loaded,
        next.keySuggestions.length,
      ],
      ['properties', '', undefined, 0, false, 0],
    );
    assert.equal(next.initialized, true);
    // The same group again (a page reloaded when shown) keeps what the panel holds.
    assert.equal(s.receive(state, init('org:1', true)).filter, 'na');
  });

  it('stays a preview across a reload, and says when the panel holds work a replacement would lose', () => {
    const state = s.receive(s.restore(undefined), init('org:1', true));
    assert.equal(s.persisted(state).state.preview, true);
    assert.equal(s.restore(s.persisted(state).state).preview, true);
    assert.equal(hasUnsavedWork(s.editsOf(state)), false);
    assert.equal(hasUnsavedWork(s.editsOf(staged(state, 'plan', 'pro'))), true, 'a staged edit');
    assert.equal(hasUnsavedWork(s.editsOf(s.openEditor(state, 'name'))), true, 'an open editor');
    assert.equal(hasUnsavedWork(s.editsOf(s.editAddDraft(state, { key: 'n' }))), true, 'a name typed in Add property');
    assert.equal(
      hasUnsavedWork(s.editsOf(s.editAddDraft(state, { text: 'v' }))),
      true,
      'a value typed in Add property',
    );
    assert.equal(
      hasUnsavedWork(s.editsOf(s.changeAddDraftType(state, 'boolean'))),
      false,
      'a boolean form holds true before anything is typed',
    );
    assert.equal(
      hasUnsavedWork(s.editsOf(s.selectTab(s.setFilter(state, 'x'), 'activity'))),
      false,
      'the filter and the tab are not work',
    );
  });
});
