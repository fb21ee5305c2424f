// The group panel's messages: what each end accepts and refuses.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostMessageSchema, panelStateSchema, webviewMessageSchema } from '../../../src/shared/protocol/groupPanel';

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  assert.equal(schema.safeParse(v).success, true, `should accept ${JSON.stringify(v)}`);
const rejects = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  assert.equal(schema.safeParse(v).success, false, `should reject ${JSON.stringify(v)}`);

describe('webview -> host messages', () => {
  it('accepts every well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'refresh', id: 1 },
      { type: 'loadActivity', id: 2, page: 3 },
      {
        type: 'save',
        id: 3,
        overwrite: false,
        edits: [{ key: 'plan', value: { tier: 'pro' }, loaded: { present: true, value: 'free' } }],
      },
      { type: 'save', id: 4, overwrite: true, edits: [{ key: 'new', value: 0, loaded: { present: false } }] },
      { type: 'delete', id: 5, key: 'industry' },
      { type: 'restore', id: 6, key: 'industry', value: false },
      { type: 'suggestKeys', id: 7 },
      { type: 'suggestValues', id: 8, key: 'industry' },
      { type: 'copy', text: '{}', what: 'all properties' },
      { type: 'signIn' },
      { type: 'showLog' },
      { type: 'invalidMessage', detail: 'type: Invalid input' },
      { type: 'keepEdits', edits: {} },
      { type: 'keepOpen' },
      {
        type: 'keepEdits',
        edits: {
          tab: 'properties',
          staged: [{ key: 'plan', text: 'pro', valueType: 'string', loaded: { present: false } }],
        },
      },
    ])
      accepts(webviewMessageSchema, m);
  });

  it('rejects unknown types, missing ids and malformed fields', () => {
    for (const m of [
      null,
      'ready',
      {},
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'refresh' },
      { type: 'refresh', id: -1 },
      { type: 'refresh', id: 1.5 },
      { type: 'loadActivity', id: 1, page: 0 },
      { type: 'save', id: 1, overwrite: false, edits: [] },
      { type: 'save', id: 1, overwrite: false, edits: [{ key: 'a', value: null, loaded: { present: false } }] },
      { type: 'save', id: 1, overwrite: false, edits: [{ key: '', value: 1, loaded: { present: false } }] },
      {
        type: 'save',
        id: 1,
        overwrite: false,
        edits: [{ key: 'k'.repeat(401), value: 1, loaded: { present: false } }],
      },
      { type: 'save', id: 1, edits: [{ key: 'a', value: 1, loaded: { present: false } }] },
      { type: 'restore', id: 1, key: 'a', value: null },
      { type: 'restore', id: 1, key: 'a' },
      { type: 'delete', id: 1, key: 42 },
      { type: 'copy', text: 1, what: 'x' },
      { type: 'keepEdits' },
      {
        type: 'keepEdits',
        edits: { staged: [{ key: 'plan', text: 'pro', valueType: 'date', loaded: { present: false } }] },
      },
    ])
      rejects(webviewMessageSchema, m);
  });

  it('accepts a 400-character key', () => {
    accepts(webviewMessageSchema, { type: 'delete', id: 1, key: 'k'.repeat(400) });
  });
});

describe('host -> webview messages', () => {
  const group = {
    group_type_index: 0,
    group_key: 'org:1',
    group_properties: { name: 'Acme', seats: 3 },
    created_at: '2024-01-01T00:00:00Z',
  };
  it('accepts the messages the host sends', () => {
    for (const m of [
      {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'organization',
        group,
        activity: null,
        fresh: false,
      },
      {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'organization',
        group: null,
        activity: null,
        fresh: false,
        edits: { drafts: [{ key: 'seats', text: '4', valueType: 'number' }] },
      },
      {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'organization',
        group: null,
        activity: { page: 1, items: [], hasMore: false, total: 0 },
        fresh: true,
      },
      {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'organization',
        group,
        activity: null,
        fresh: false,
        preview: true,
      },
      { type: 'keptOpen' },
      { type: 'group', group },
      {
        type: 'activity',
        activity: {
          page: 1,
          hasMore: true,
          total: 11,
          items: [
            {
              id: 'a',
              who: 'Jane',
              createdAt: '2024-01-01T00:00:00Z',
              activity: 'update_property',
              property: 'industry',
              changes: [{ action: 'changed', before: 'finance', after: 'tech' }],
            },
          ],
        },
      },
      {
        type: 'loadError',
        target: 'activity',
        error: { message: "Couldn't load group activity: …", kind: 'missing_scope', signIn: false },
      },
      { type: 'reply', id: 1 },
      { type: 'reply', id: 1, error: { message: 'x', kind: 'unauthorized', signIn: true } },
      {
        type: 'saveResult',
        id: 2,
        outcome: {
          kind: 'done',
          saved: ['a'],
          failed: { key: 'b', error: { message: 'm', kind: 'server', signIn: false } },
          notAttempted: ['c'],
        },
      },
      {
        type: 'saveResult',
        id: 2,
        outcome: { kind: 'conflict', conflicts: [{ key: 'a', current: { present: true, value: 2 } }] },
      },
      { type: 'suggestions', id: 3, values: ['industry', 'name'] },
    ])
      accepts(hostMessageSchema, m);
  });

  it('rejects malformed ones', () => {
    for (const m of [
      { type: 'init', groupKey: 'org:1' },
      {
        type: 'init',
        groupTypeIndex: 0,
        groupKey: 'org:1',
        groupTypeName: 'organization',
        group,
        activity: null,
        fresh: false,
        preview: 'yes',
      },
      { type: 'group', group: { group_key: 'org:1' } },
      { type: 'group', group: { ...group, group_properties: null } },
      { type: 'loadError', target: 'everything', error: { message: 'x', kind: 'server', signIn: false } },
      { type: 'saveResult', id: 1, outcome: { kind: 'partial' } },
      { type: 'suggestions', id: 1, values: [1] },
      { type: 'html', html: '<img src=x onerror=alert(1)>' },
    ])
      rejects(hostMessageSchema, m);
  });
});

describe('persisted panel state', () => {
  it('restores a group reference with staged edits and drafts', () => {
    const parsed = panelStateSchema.safeParse({
      groupTypeIndex: 1,
      groupKey: 'proj 1',
      tab: 'activity',
      filter: 'ind',
      staged: [
        { key: 'seats', text: '4', valueType: 'number', loaded: { present: true, value: 3 }, error: 'Not attempted' },
      ],
      drafts: [{ key: 'plan', text: '{"a"', valueType: 'json' }],
      addDraft: { key: 'new', text: 'x', valueType: 'string' },
      group: null,
      preview: true,
    });
    assert.equal(parsed.success, true);
  });

  it('refuses state without a group reference', () => {
    rejects(panelStateSchema, { groupKey: 'x' });
    rejects(panelStateSchema, { groupTypeIndex: 0, groupKey: 'x', tab: 'settings' });
  });
});
