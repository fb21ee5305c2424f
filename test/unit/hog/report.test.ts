// Logs as plain text, and errors that name a line as Problems positions (test results: testResults.test.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { errorPositions, formatLogLines, formatLogsHeader } from '../../../src/core/functions/report';
import { formatDateTime } from '../../../src/shared/format';
import { runsSentence } from '../../../src/shared/hogFunctionMetrics';

test('errors that name a line become 0-based positions; others are left out', () => {
  assert.deepEqual(
    errorPositions(['Syntax error at line 3, column 7: unexpected token', 'boom', 'Unexpected "}" at 12:4']),
    [
      { message: 'Syntax error at line 3, column 7: unexpected token', line: 2, column: 6 },
      { message: 'Unexpected "}" at 12:4', line: 11, column: 3 },
    ],
  );
  assert.deepEqual(errorPositions(['Error on line 5']), [{ message: 'Error on line 5', line: 4, column: 0 }]);
});

test('logs read oldest first in local time, levels aligned, a message of several lines indented under its line', () => {
  const entries = [
    { level: 'INFO', timestamp: '2026-01-02T10:00:02Z', message: 'second' },
    { level: 'WARN', timestamp: '2026-01-02T10:00:01Z', message: 'first' },
    {
      level: 'DEBUG',
      timestamp: '2026-01-12T10:00:03Z',
      message: 'fetch(\'https://x.test\', {\n  "method": "POST"\n})',
    },
  ];
  const at = (iso: string) => formatDateTime(iso, 'en-US');
  const width = Math.max(...entries.map((e) => at(e.timestamp).length));
  assert.equal(
    formatLogLines(entries, 'en-US'),
    [
      `${at('2026-01-02T10:00:01Z').padEnd(width)} [WARN ] first`,
      `${at('2026-01-02T10:00:02Z').padEnd(width)} [INFO ] second`,
      `${at('2026-01-12T10:00:03Z').padEnd(width)} [DEBUG] fetch('https://x.test', {`,
      '      "method": "POST"',
      '    })',
    ].join('\n'),
  );
  assert.ok(!formatLogLines(entries, 'en-US').includes('2026-01-02T'), 'no ISO UTC times');
  assert.match(formatLogLines(entries, 'de-DE'), /02\.01\.2026/);
});

test("the logs' header says the last 7 days' runs as the overview does: disabled runs are not failures", () => {
  const runs = [
    { name: 'succeeded', values: [5000, 423] },
    { name: 'failed', values: [700, 35] },
    { name: 'disabled_temporarily', values: [24, 0] },
    { name: 'filtered', values: [10, 0] },
  ];
  const header = formatLogsHeader({
    name: 'Slack alert',
    levels: ['ERROR'],
    search: 'timeout',
    runs,
    locale: 'en-US',
    following: true,
  });
  assert.match(header, /levels ERROR, search "timeout" — following new entries/);
  assert.match(
    header,
    /\nLast 7 days: 735 of 6,158 runs failed \(11\.9%\); 24 events were not run because PostHog throttled, limited or disabled the function\.\n/,
  );
  assert.equal(
    header.split('\n')[1],
    runsSentence(runs, 'Last 7 days', undefined, 'en-US'),
    'the same sentence as the overview',
  );
  assert.match(
    formatLogsHeader({ name: 'x', runs, locale: 'de-DE', following: false }),
    /735 of 6\.158 runs failed \(11,9\s%\)/,
  );
  assert.match(
    formatLogsHeader({ name: 'x', runsError: 'forbidden', following: false }),
    /metrics unavailable \(forbidden\)/,
  );
});
