// The overview panel's messages (src/shared/protocol/functionOverview.ts): what each end accepts and refuses, and a
// reply type for every request.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionHealth } from '../../../src/shared/hogFunctionHealth';
import {
  functionOverviewReplies,
  hostMessageSchema,
  overviewStateSchema,
  webviewMessageSchema,
} from '../../../src/shared/protocol/functionOverview';

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  assert.equal(schema.safeParse(v).success, true, `should accept ${JSON.stringify(v)}`);
const rejects = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  assert.equal(schema.safeParse(v).success, false, `should reject ${JSON.stringify(v)}`);

const fn = {
  id: 'f1',
  name: null,
  type: 'destination',
  enabled: true,
  description: null,
  state: 2,
  health: functionHealth({ enabled: true, status: { state: 2 } }),
  template: null,
  createdBy: null,
  createdAt: null,
  updatedAt: '2026-11-30T10:00:00Z',
};
const metrics = {
  range: '24h',
  labels: ['2026-12-01T10:00'],
  series: [{ name: 'failed', values: [3] }],
  loadedAt: '2026-12-01T10:30:00Z',
};

describe('overview: webview -> host', () => {
  it('accepts every well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'refresh', id: 1 },
      { type: 'loadMetrics', id: 2, range: '30d' },
      { type: 'loadLogs', id: 3, levels: [] },
      { type: 'loadLogs', id: 4, levels: ['ERROR', 'WARN'] },
      { type: 'action', id: 5, action: 'toggle' },
      { type: 'action', id: 6, action: 'showLogs', levels: ['ERROR'] },
      { type: 'signIn' },
      { type: 'showLog' },
      { type: 'invalidMessage', detail: 'x' },
    ])
      accepts(webviewMessageSchema, m);
  });

  it('refuses unknown ranges, levels and actions, and requests without an id', () => {
    for (const m of [
      { type: 'loadMetrics', id: 1, range: '1y' },
      { type: 'loadLogs', id: 1, levels: ['FATAL'] },
      { type: 'action', id: 1, action: 'delete' },
      { type: 'refresh' },
      { type: 'loadMetrics', id: -1, range: '24h' },
    ])
      rejects(webviewMessageSchema, m);
  });
});

describe('overview: host -> webview', () => {
  it('accepts init, data, errors and replies', () => {
    for (const m of [
      {
        type: 'init',
        projectId: 1,
        functionId: 'f1',
        function: fn,
        range: '7d',
        levels: [],
        metrics,
        logs: null,
        fresh: false,
        liveSeconds: 30,
      },
      {
        type: 'init',
        projectId: 1,
        functionId: 'f1',
        function: null,
        range: '24h',
        levels: ['ERROR'],
        metrics: null,
        logs: null,
        fresh: false,
        liveSeconds: 30,
      },
      { type: 'function', function: fn },
      { type: 'metrics', metrics },
      {
        type: 'logs',
        logs: {
          levels: [],
          entries: [{ timestamp: '2026-12-01T10:00:00Z', level: 'ERROR', message: 'boom' }],
          loadedAt: '2026-12-01T10:30:00Z',
        },
      },
      { type: 'loadError', target: 'metrics', error: { message: 'nope', kind: 'server', signIn: false } },
      { type: 'reply', id: 3 },
      { type: 'reply', id: 3, error: { message: 'nope', kind: 'protocol', signIn: false } },
    ])
      accepts(hostMessageSchema, m);
  });

  it('refuses metrics with a value that is not a number, and health without its words', () => {
    rejects(hostMessageSchema, {
      type: 'metrics',
      metrics: { ...metrics, series: [{ name: 'failed', values: ['3'] }] },
    });
    rejects(hostMessageSchema, { type: 'function', function: { ...fn, health: { label: 'Degraded' } } });
    rejects(hostMessageSchema, {
      type: 'loadError',
      target: 'group',
      error: { message: 'x', kind: 'server', signIn: false },
    });
  });

  it('answers every request with a reply, and keeps the state a reload needs', () => {
    assert.deepEqual(Object.keys(functionOverviewReplies).sort(), ['action', 'loadLogs', 'loadMetrics', 'refresh']);
    accepts(overviewStateSchema, { projectId: 1, functionId: 'f1', name: 'Slack', range: '7d', levels: ['ERROR'] });
    rejects(overviewStateSchema, { projectId: 1, range: '7d', levels: [] });
  });
});
