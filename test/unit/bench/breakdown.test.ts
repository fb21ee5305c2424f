// The bench's breakdown of a write path (bench/extensionHost/breakdown.ts) and its summary rows (bench/summary.mjs):
// pure code, so its arithmetic is checked here rather than trusted from a noisy run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakdown } from '../../../bench/extensionHost/breakdown';
import type { Span, TracedRequest } from '../../../bench/extensionHost/trace';

const request = (start: number, end: number, path = '/api/projects/1/hog_functions/x/'): TracedRequest => ({
  method: 'PATCH',
  path,
  start,
  end,
});
const span = (kind: Span['kind'], start: number, end: number, label: string = kind): Span => ({
  kind,
  label,
  start,
  end,
});

test('a save: VS Code before the provider, the provider split into network and JS, VS Code after', () => {
  const b = breakdown(
    { spans: [span('call', 2, 3, 'stat'), span('handler', 10, 80, 'writeFile')], requests: [request(15, 75)] },
    0,
    100,
  );
  assert.equal(b.totalMs, 100);
  assert.equal(b.beforeMs, 10);
  assert.equal(b.networkMs, 60);
  assert.equal(b.jsMs, 10);
  assert.equal(b.afterMs, 20);
  assert.deepEqual(b.callsBefore, ['stat']);
  assert.equal(b.requests, 1);
});

test('without a handler span the extension window runs from its first traced event to its last', () => {
  const b = breakdown(
    { spans: [span('fs', 5, 15), span('records', 70, 72), span('code', 20, 90)], requests: [request(16, 66)] },
    0,
    95,
  );
  assert.equal(b.beforeMs, 5);
  assert.equal(b.fsMs, 10);
  assert.equal(b.networkMs, 50);
  assert.equal(b.recordsMs, 2);
  assert.equal(b.jsMs, 85 - 10 - 50 - 2);
  assert.equal(b.afterMs, 5);
});

test('overlapping work counts once, for the first of network, records, fs that is in flight', () => {
  const b = breakdown(
    {
      spans: [span('fs', 0, 40), span('fs', 10, 50), span('records', 30, 60)],
      requests: [request(20, 35), request(25, 45)],
    },
    0,
    60,
  );
  // 0-20 fs, 20-45 network, 45-60 records.
  assert.equal(b.fsMs, 20);
  assert.equal(b.networkMs, 25);
  assert.equal(b.recordsMs, 15);
  assert.equal(b.jsMs, 0);
});

test('requests outside the API, outside the window or left out by the filter do not count', () => {
  const b = breakdown(
    {
      spans: [span('handler', 10, 50)],
      requests: [
        request(12, 20, '/_fake/latency'),
        request(20, 30, '/api/projects/1/query/'),
        request(-50, -10),
        request(30, 40),
      ],
    },
    0,
    60,
    { request: (r) => r.path.startsWith('/api/') && !r.path.includes('/query/') },
  );
  assert.equal(b.requests, 1);
  assert.equal(b.networkMs, 10);
});

test('nothing traced: all of it is VS Code before', () => {
  const b = breakdown({ spans: [], requests: [] }, 0, 30);
  assert.equal(b.beforeMs, 30);
  assert.equal(b.afterMs, 0);
});
