// The Activity tab: PostHog records a group's creation as one `create_group` entry per property; it reads as one row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActivityItem } from '../../../src/shared/protocol/groupPanel';
import { activityRows } from '../../../src/webview/groupPanel/views/activity';

const entry = (
  id: string,
  activity: string,
  property: string,
  who = 'Ada',
  createdAt = '2026-01-01T00:00:00Z',
): ActivityItem => ({
  id,
  who,
  createdAt,
  activity,
  property,
  changes: [{ action: 'created', before: null, after: id }],
});

test('one "created group" row per creation, however many properties it set', () => {
  const rows = activityRows([
    entry('1', 'update_property', 'plan', 'Ada', '2026-01-02T00:00:00Z'),
    entry('2', 'create_group', 'name'),
    entry('3', 'create_group', 'plan'),
    entry('4', 'create_group', 'seats'),
    entry('5', 'create_group', 'name', 'Grace'),
  ]);
  assert.deepEqual(
    rows.map((r) => r.parts.map((p) => p.id)),
    [['1'], ['2', '3', '4'], ['5']],
  );
});
