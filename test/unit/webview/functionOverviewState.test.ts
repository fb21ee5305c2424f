// The overview panel's state transitions (src/webview/functionOverview/state.ts) in plain Node: init from the host,
// data that arrives for a range or levels the user has left, errors per part, the level filter, hidden series, the
// chart's cursor under the keyboard, the buttons, and what a reload keeps. The UI test covers the painting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionHealth } from '../../../src/shared/hogFunctionHealth';
import type { FunctionData, MetricsData } from '../../../src/shared/protocol/functionOverview';
import * as s from '../../../src/webview/functionOverview/state';

const fn = (over: Partial<FunctionData> = {}): FunctionData => ({
  id: 'f1',
  name: 'Slack',
  type: 'destination',
  enabled: true,
  description: null,
  state: 1,
  health: functionHealth({ enabled: true, status: { state: 1 } }),
  template: 'Slack',
  createdBy: 'Ada',
  createdAt: null,
  updatedAt: null,
  ...over,
});
const metrics = (range: MetricsData['range'], buckets = 3): MetricsData => ({
  range,
  labels: Array.from({ length: buckets }, (_, i) => `2026-12-0${i + 1}`),
  series: [{ name: 'succeeded', values: Array(buckets).fill(1) }],
  loadedAt: '2026-12-01T10:00:00Z',
});
const error = { message: 'PostHog had a server error (HTTP 503)', kind: 'server', signIn: false };
const initial = (over: Partial<Extract<s.HostNotification, { type: 'init' }>> = {}) =>
  s.receive(s.restore(), {
    type: 'init',
    projectId: 1,
    functionId: 'f1',
    function: fn(),
    range: '24h',
    levels: [],
    metrics: null,
    logs: null,
    fresh: false,
    liveSeconds: 30,
    ...over,
  });

describe('overview state: init and data', () => {
  it('starts empty, then takes what the host knows', () => {
    assert.equal(s.restore().initialized, false);
    const state = initial({ range: '7d', levels: ['ERROR'] });
    assert.equal(state.initialized, true);
    assert.equal(state.fn?.name, 'Slack');
    assert.equal(state.range, '7d');
    assert.deepEqual(state.levels, ['ERROR']);
    assert.equal(state.liveSeconds, 30);
  });

  it('keeps for a reload which function, its name, the range and the levels', () => {
    const state = s.chooseRange(initial(), '30d');
    assert.deepEqual(s.persisted(state), { projectId: 1, functionId: 'f1', name: 'Slack', range: '30d', levels: [] });
    const restored = s.restore(s.persisted(state));
    assert.equal(restored.range, '30d');
    assert.equal(restored.functionId, 'f1');
  });

  it('drops metrics for a range the user has left, and logs for levels no longer chosen', () => {
    let state = s.chooseRange(initial(), '7d');
    state = s.receive(state, { type: 'metrics', metrics: metrics('24h') });
    assert.equal(state.metrics, null);
    state = s.receive(state, { type: 'metrics', metrics: metrics('7d', 8) });
    assert.equal(state.metrics?.labels.length, 8);
    state = s.toggleLevel(state, 'ERROR');
    state = s.receive(state, { type: 'logs', logs: { levels: [], entries: [], loadedAt: 'x' } });
    assert.equal(state.logs, null);
    state = s.receive(state, { type: 'logs', logs: { levels: ['ERROR'], entries: [], loadedAt: 'x' } });
    assert.deepEqual(state.logs?.levels, ['ERROR']);
  });

  it('shows an error where its part would be until that part loads again', () => {
    let state = s.receive(initial(), { type: 'loadError', target: 'metrics', error });
    state = s.receive(state, { type: 'loadError', target: 'logs', error });
    assert.deepEqual(Object.keys(state.errors).sort(), ['logs', 'metrics']);
    state = s.receive(state, { type: 'metrics', metrics: metrics('24h') });
    assert.deepEqual(Object.keys(state.errors), ['logs']);
    state = s.receive(state, { type: 'function', function: fn({ name: 'Renamed' }) });
    assert.equal(state.fn?.name, 'Renamed');
    assert.deepEqual(Object.keys(state.errors), ['logs']);
  });

  it('keeps a failed reply as the error when no loadError told it already', () => {
    const state = s.loadReplied(initial(), 'logs', { type: 'reply', id: 1, error });
    assert.deepEqual(state.errors.logs, error);
    const ok = s.loadReplied(initial(), 'logs', { type: 'reply', id: 2 });
    assert.deepEqual(ok.errors, {});
  });
});

describe('overview state: what the user chooses', () => {
  it('filters logs by levels; all five or none means all', () => {
    let state = s.toggleLevel(initial(), 'ERROR');
    state = s.toggleLevel(state, 'WARN');
    assert.deepEqual(state.levels, ['ERROR', 'WARN']);
    state = s.toggleLevel(state, 'ERROR');
    assert.deepEqual(state.levels, ['WARN']);
    for (const level of ['DEBUG', 'LOG', 'INFO', 'ERROR'] as const) state = s.toggleLevel(state, level);
    assert.deepEqual(state.levels, []);
    assert.deepEqual(s.showAllLevels(s.toggleLevel(initial(), 'INFO')).levels, []);
  });

  it('hides and shows series', () => {
    let state = s.toggleSeries(initial(), 'filtered');
    assert.equal(state.hidden.has('filtered'), true);
    state = s.toggleSeries(state, 'filtered');
    assert.equal(state.hidden.size, 0);
  });

  it('moves the chart cursor with the keyboard, starting at the newest bucket, within the chart', () => {
    let state = s.receive(initial(), { type: 'metrics', metrics: metrics('24h', 4) });
    state = s.moveCursor(state, 'previous');
    assert.equal(state.cursor, 3, 'the first key starts at the newest');
    state = s.moveCursor(state, 'previous');
    assert.equal(state.cursor, 2);
    state = s.moveCursor(s.moveCursor(state, 'next'), 'next');
    assert.equal(state.cursor, 3, 'stops at the last');
    state = s.moveCursor(state, 'first');
    assert.equal(state.cursor, 0);
    assert.equal(s.moveCursor(state, 'previous').cursor, 0, 'stops at the first');
    assert.equal(s.pointAt(state, null).cursor, null);
    assert.equal(s.pointAt(state, 99).cursor, 3);
    // Fewer buckets (another range) keep the cursor inside; choosing a range clears it.
    const shorter = s.receive(s.pointAt(state, 3), { type: 'metrics', metrics: metrics('24h', 2) });
    assert.equal(shorter.cursor, 1);
    assert.equal(s.chooseRange(shorter, '7d').cursor, null);
    assert.equal(s.moveCursor(initial(), 'next').cursor, null, 'no chart, no cursor');
  });

  it('runs one button at a time and keeps why it could not run, with the action to retry', () => {
    let state = s.actionStarted(initial(), 'toggle');
    assert.equal(state.running, 'toggle');
    state = s.actionReplied(state, 'toggle', { type: 'reply', id: 1, error });
    assert.equal(state.running, null);
    assert.deepEqual(state.actionError, { action: 'toggle', error });
    state = s.actionStarted(state, 'toggle');
    assert.equal(state.actionError, undefined);
    assert.equal(s.actionReplied(state, 'toggle', { type: 'reply', id: 2 }).actionError, undefined);
  });

  it('offers a test run only for the types PostHog can run', () => {
    assert.equal(s.canTest(fn()), true);
    assert.equal(s.canTest(fn({ type: 'transformation' })), true);
    assert.equal(s.canTest(fn({ type: 'site_app' })), false);
    assert.equal(s.canTest(fn({ type: 'source_webhook' })), false);
    assert.equal(s.canTest(null), false);
  });
});
