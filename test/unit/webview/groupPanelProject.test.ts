// The group panel's page knows which project its group is in: it keeps it for a reload, shows the host's note while
// that project is not the selected one, and a preview page reused for the same key of another project starts over.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as s from '../../../src/webview/groupPanel/state';

const DEFAULT = { host: 'https://eu.posthog.com', projectId: 1 };
const STAGING = { host: 'https://eu.posthog.com', projectId: 2 };
const init = (project: { host: string; projectId: number }, projectNote: string | null = null) => ({
  type: 'init' as const,
  groupTypeIndex: 0,
  groupKey: 'org:1',
  groupTypeName: 'Organization',
  group: null,
  activity: null,
  fresh: false,
  project,
  projectNote,
});

describe('group panel page: its project', () => {
  it('keeps its project with its state, so a reload brings it back to the same project', () => {
    const state = s.receive(s.restore(undefined), init(DEFAULT));
    const { state: kept } = s.persisted(state);
    assert.equal(kept.host, DEFAULT.host);
    assert.equal(kept.projectId, 1);
    assert.deepEqual(s.restore(kept).project, DEFAULT);
  });

  it('shows what the host says while its project is not the selected one, and drops it when it is again', () => {
    let state = s.receive(s.restore(undefined), init(DEFAULT));
    assert.equal(state.projectNote, undefined);
    state = s.receive(state, {
      type: 'projectNote',
      note: 'This group is in project "Default project", not the selected project "Staging".',
    });
    assert.match(state.projectNote ?? '', /not the selected project/);
    state = s.receive(state, { type: 'projectNote', note: null });
    assert.equal(state.projectNote, undefined);
  });

  it('starts over when a reused page is given the same key of another project: no staged edit carries across', () => {
    let state = s.receive(s.restore(undefined), init(DEFAULT));
    state = s.applyEdits(state, {
      staged: [{ key: 'plan', text: 'pro', valueType: 'string', loaded: { present: true, value: 'free' } }],
    });
    assert.equal(state.staged.size, 1);
    const other = s.receive(state, init(STAGING));
    assert.equal(other.staged.size, 0);
    assert.deepEqual(other.project, STAGING);
    assert.equal(s.receive(state, init(DEFAULT)).staged.size, 1, 'the same group of the same project keeps them');
  });
});
