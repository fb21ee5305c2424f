// Command results outside the extension's own tests: JSON-like data passes, anything holding a class instance (a
// panel, a store, the session with its key) does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainDataOnly } from '../../../src/extension/commands/plainData';

test('JSON-like results pass unchanged', () => {
  const created = {
    id: 'f1',
    name: 'Slack',
    enabled: false,
    inputs: { url: { value: 'https://x' } },
    filters: null,
    tags: ['a', 1, true],
  };
  assert.equal(plainDataOnly(created), created);
  const list = [created];
  assert.equal(plainDataOnly(list), list);
  for (const value of ['text', 3, true, null, undefined]) assert.equal(plainDataOnly(value), value);
  const bare = Object.create(null) as Record<string, unknown>;
  bare.ok = 1;
  assert.equal(plainDataOnly(bare), bare);
});

test('anything holding a class instance, at any depth, becomes undefined', () => {
  class Session {
    constructor(readonly apiKey: string) {}
  }
  class GroupPanel {
    readonly deps = { session: new Session('phx_secret') };
  }
  assert.equal(plainDataOnly(new GroupPanel()), undefined);
  assert.equal(plainDataOnly({ panel: new GroupPanel() }), undefined);
  assert.equal(plainDataOnly([{ ok: true }, { nested: [new Session('phx_secret')] }]), undefined);
  assert.equal(plainDataOnly(new Map([['session', 1]])), undefined);
  assert.equal(plainDataOnly({ run: () => 'phx_secret' }), undefined);
  assert.equal(plainDataOnly(new Date()), undefined);
});
