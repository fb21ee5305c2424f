// Logs as plain text, and errors that name a line as Problems positions (test results: testResults.test.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { errorPositions, formatLogLines, formatLogsHeader } from '../../../src/core/functions/report';

test('errors that name a line become 0-based positions; others are left out', () => {
  assert.deepEqual(errorPositions(['Syntax error at line 3, column 7: unexpected token', 'boom', 'Unexpected "}" at 12:4']), [
    { message: 'Syntax error at line 3, column 7: unexpected token', line: 2, column: 6 },
    { message: 'Unexpected "}" at 12:4', line: 11, column: 3 },
  ]);
  assert.deepEqual(errorPositions(['Error on line 5']), [{ message: 'Error on line 5', line: 4, column: 0 }]);
});

test('logs read oldest first under a header with the filter and 7-day totals', () => {
  assert.equal(
    formatLogLines([
      { level: 'INFO', timestamp: '2026-01-02T10:00:02Z', message: 'second' },
      { level: 'WARN', timestamp: '2026-01-02T10:00:01Z', message: 'first' },
    ]),
    '2026-01-02T10:00:01Z [WARN ] first\n2026-01-02T10:00:02Z [INFO ] second',
  );
  const header = formatLogsHeader({ name: 'Slack alert', levels: ['ERROR'], search: 'timeout', totals: { success: 120, failure: 3 }, following: true });
  assert.match(header, /levels ERROR, search "timeout" — following new entries/);
  assert.match(header, /Last 7 days: 120 success, 3 failure, 0 filtered\/other/);
  assert.match(formatLogsHeader({ name: 'x', totalsError: 'forbidden', following: false }), /metrics unavailable \(forbidden\)/);
});
