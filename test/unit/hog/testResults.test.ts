// Test results read from PostHog's answer (src/core/testing/): mocked calls, masking, the transformation diff, the
// recent-events filter and the run's summary and result text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChanges, eventChanges, eventJson, returnedEvent } from '../../../src/core/testing/eventDiff';
import { Masking, MASK } from '../../../src/core/testing/masking';
import { fetchRequest, mockedCalls, reportedDuration } from '../../../src/core/testing/mockedCalls';
import { eventResult, resultText, shortOutcome, summary, type TestRun } from '../../../src/core/testing/outcome';
import {
  ago,
  eventTitle,
  globalsFromRecentEvent,
  hogqlString,
  matchingFilters,
} from '../../../src/core/testing/recentEvents';
import { withSecretPlaceholders } from '../../../src/core/testing/secretPlaceholders';
import { formatDateTime } from '../../../src/shared/format';

const info = (message: string) => ({ level: 'info', timestamp: '2026-12-01T10:00:00.000+00:00', message });
const fetchLogs = (url: string, options: unknown) => [
  info("Async function 'fetch' was mocked with arguments:"),
  info(`fetch('${url}', ${JSON.stringify(options, null, 2)})`),
];

describe('test results: mocked calls', () => {
  it("reads each fetch PostHog logged, with PostHog's defaults (POST, a JSON content type)", () => {
    const logs = [
      { level: 'debug', message: 'Executing function' },
      ...fetchLogs('https://api.example.com/v1/track?x=1', {
        method: 'put',
        headers: { 'X-Id': '7', Count: 3 },
        body: { event: 'signed up' },
      }),
      ...fetchLogs("https://odd.example.com/it', 'has/quotes", undefined),
      info("Async function 'sendEmail' was mocked with arguments:"),
      info(`sendEmail(${JSON.stringify({ to: 'ada@example.com' }, null, 2)})`),
      { level: 'debug', message: 'Function completed in 4.2ms. Sync: 1ms. Mem: 0.1kb. Ops: 9.' },
    ];
    const calls = mockedCalls(logs);
    assert.deepEqual(calls.requests, [
      {
        method: 'PUT',
        url: 'https://api.example.com/v1/track?x=1',
        headers: [['X-Id', '7']],
        body: { kind: 'json', value: { event: 'signed up' } },
        bodyDropped: false,
      },
      {
        method: 'POST',
        url: "https://odd.example.com/it', 'has/quotes",
        headers: [['Content-Type', 'application/json']],
        body: { kind: 'none' },
        bodyDropped: false,
      },
    ]);
    assert.deepEqual(calls.others, [{ name: 'sendEmail', argument: { to: 'ada@example.com' } }]);
    assert.deepEqual([...calls.callLines.keys()], [2, 4, 6]);
    assert.equal(reportedDuration(logs), 4.2);
  });

  it('drops the body of a GET, as PostHog does, and keeps a text body as text', () => {
    assert.deepEqual(fetchRequest('https://x.test', { method: 'GET', body: { a: 1 } }), {
      method: 'GET',
      url: 'https://x.test',
      headers: [['Content-Type', 'application/json']],
      body: { kind: 'none' },
      bodyDropped: true,
    });
    assert.deepEqual(fetchRequest('https://x.test', { body: 'a=1&b=2', headers: {} }).body, {
      kind: 'text',
      text: 'a=1&b=2',
    });
  });
});

describe('test results: secret inputs run with placeholders', () => {
  it('replaces stored and typed secrets by placeholders of their type (numbers too), keeps the rest, and masks the placeholders', () => {
    const configuration = {
      hog: 'fetch(inputs.url)',
      inputs_schema: [
        { key: 'url', type: 'string', secret: true },
        { key: 'token', type: 'string', secret: true },
        { key: 'headers', type: 'dictionary', secret: true },
        { key: 'typed_headers', type: 'dictionary', secret: true },
        { key: 'port', type: 'number', secret: true },
        { key: 'channel', type: 'string' },
      ],
      inputs: {
        url: { secret: true },
        token: { value: 'typed-in-the-editor', templating: 'hog' },
        typed_headers: { value: { Authorization: 'Bearer abc', Retries: 3 } },
        port: { secret: true },
        channel: { value: '#general' },
      },
    };
    const { configuration: sent, secrets } = withSecretPlaceholders(configuration);
    assert.deepEqual(sent.inputs, {
      url: { value: 'secret-input-url' },
      token: { value: 'secret-input-token', templating: 'hog' },
      headers: { value: { 'secret-input-headers': 'secret-input-headers' } },
      typed_headers: { value: { Authorization: 'secret-input-typed_headers.Authorization', Retries: 3 } },
      // A number has no text to replace: a distinctive number stands in for it.
      port: { value: 800000001 },
      channel: { value: '#general' },
    });
    assert.equal(sent.hog, configuration.hog);
    assert.ok(!JSON.stringify(sent).includes('typed-in-the-editor') && !JSON.stringify(sent).includes('Bearer abc'));
    const m = new Masking(secrets);
    assert.equal(
      m.text('POST secret-input-url?t=secret-input-token, secret-input-typed_headers.Authorization'),
      `POST ${MASK}?t=${MASK}, ${MASK}`,
    );
    assert.equal(m.text('port 800000001'), `port ${MASK}`);
    assert.deepEqual(m.notes().sort(), [
      'the secret input port',
      'the secret input token',
      'the secret input typed_headers',
      'the secret input url',
    ]);
    assert.deepEqual(withSecretPlaceholders({ hog: 'return event' }), {
      configuration: { hog: 'return event' },
      secrets: [],
    });
  });
});

describe('test results: masking', () => {
  it('masks secret input values everywhere, credential headers by name (keeping the scheme), URL credentials and credential fields', () => {
    const m = new Masking([
      { key: 'webhook_url', value: 'https://hooks.slack.com/services/T0/B0/xyz' },
      { key: 'token', value: 'tok-123' },
    ]);
    const r = m.request(
      fetchRequest('https://hooks.slack.com/services/T0/B0/xyz', {
        headers: {
          Authorization: 'Bearer abc.def',
          'X-Api-Key': 'k',
          'Content-Type': 'application/json',
          'X-Trace': 'id tok-123',
        },
        body: { text: 'hello', password: 'hunter2', nested: { note: 'uses tok-123' } },
      }),
    );
    assert.equal(r.url, MASK);
    assert.deepEqual(r.headers, [
      ['Authorization', `Bearer ${MASK}`],
      ['X-Api-Key', MASK],
      ['Content-Type', 'application/json'],
      ['X-Trace', `id ${MASK}`],
    ]);
    assert.deepEqual(r.body, {
      kind: 'json',
      value: { text: 'hello', password: MASK, nested: { note: `uses ${MASK}` } },
    });
    assert.equal(
      m.url('https://user:pw@api.example.com/x?api_key=abc&page=2'),
      `https://user:${MASK}@api.example.com/x?api_key=${MASK}&page=2`,
    );
    assert.deepEqual(m.notes().sort(), [
      'the "api_key" query parameter',
      'the "password" field',
      'the Authorization header',
      'the X-Api-Key header',
      'the password in the URL',
      'the secret input token',
      'the secret input webhook_url',
    ]);
    assert.equal(m.text('nothing secret'), 'nothing secret');
  });

  it('masks the log lines and the result of a run, not only its request list', () => {
    const m = new Masking([{ key: 'salt', value: 'pepper' }]);
    const result = eventResult(
      { title: 't', origin: { kind: 'sample' }, input: { event: { event: 'e', properties: {} } }, durationMs: 12 },
      {
        status: 'error',
        errors: ['bad pepper'],
        result: { event: 'e', properties: { salted: 'pepper!' } },
        logs: [info('saw pepper'), ...fetchLogs('https://x.test/pepper', { headers: { authorization: 'Basic zzz' } })],
      },
      'transformation',
      m,
    );
    assert.deepEqual(result.errors, [`bad ${MASK}`]);
    assert.equal(result.logs[0]?.message, `saw ${MASK}`);
    assert.equal(
      result.logs[2]?.message,
      `fetch('https://x.test/${MASK}', ${JSON.stringify({ headers: { authorization: `Basic ${MASK}` } }, null, 2)})`,
    );
    assert.deepEqual(result.result, { event: 'e', properties: { salted: `${MASK}!` } });
    assert.ok(!JSON.stringify(result).includes('pepper'));
  });
});

describe('test results: the transformation diff', () => {
  const input = {
    uuid: 'u',
    event: '$pageview',
    distinct_id: 'd',
    timestamp: 't',
    properties: { $browser: 'Chrome', email: 'a@b.c', $ip: '1.2.3.4' },
  };

  it("drops what only PostHog's pipeline adds, lists the changes, and writes both sides in one key order", () => {
    const returned = returnedEvent(input, {
      ...input,
      ip: '1.2.3.4',
      site_url: 'x',
      team_id: 1,
      now: '',
      properties: { email: 'hash', $browser: 'Chrome', $geoip_city_name: 'London' },
    });
    assert.deepEqual(Object.keys(returned as object), ['uuid', 'event', 'distinct_id', 'timestamp', 'properties']);
    const changes = eventChanges(input, returned);
    assert.deepEqual(changes, [
      { path: 'properties.email', kind: 'changed' },
      { path: 'properties.$ip', kind: 'removed' },
      { path: 'properties.$geoip_city_name', kind: 'added' },
    ]);
    assert.equal(describeChanges(changes), '3 changes: email changed, $ip removed, $geoip_city_name added');
    assert.equal(describeChanges([]), 'no changes');
    const text = eventJson(returned);
    assert.ok(
      text.indexOf('"event"') < text.indexOf('"uuid"') && text.indexOf('"uuid"') < text.indexOf('"properties"'),
    );
    assert.ok(
      text.indexOf('"$browser"') < text.indexOf('"$geoip_city_name"') &&
        text.indexOf('"$geoip_city_name"') < text.indexOf('"email"'),
    );
    assert.equal(eventJson({ b: 1, a: { d: 1, c: 2 } }), eventJson({ a: { c: 2, d: 1 }, b: 1 }));
  });

  it('says when a transformation dropped the event', () => {
    const r = eventResult(
      { title: 't', origin: { kind: 'sample' }, input: { event: input }, durationMs: 1 },
      { status: 'success', errors: [], result: null, logs: [] },
      'transformation',
      new Masking([]),
    );
    assert.equal(r.dropped, true);
    assert.equal(shortOutcome(r, 'transformation'), 'dropped');
  });
});

describe('test results: recent events', () => {
  it("turns a function's filters into PostHog's property group: events, actions, mappings, global properties", () => {
    const { fixedProperties, filterTestAccounts } = matchingFilters(
      {
        events: [{ id: "it's", properties: [{ key: 'plan', value: 'team', type: 'event' }] }, { id: null }],
        actions: [{ id: '12' }],
        properties: [{ key: 'email', operator: 'is_set', type: 'person' }],
        filter_test_accounts: true,
      },
      [{ filters: { events: [{ id: 'signed up' }] } }],
    );
    assert.equal(filterTestAccounts, true);
    assert.deepEqual(fixedProperties, [
      {
        type: 'AND',
        values: [
          {
            type: 'OR',
            values: [
              {
                type: 'AND',
                values: [
                  { key: 'plan', value: 'team', type: 'event' },
                  { type: 'hogql', key: "event = 'it\\'s'" },
                ],
              },
              { type: 'AND', values: [{ type: 'hogql', key: 'true' }] },
              { type: 'AND', values: [{ type: 'hogql', key: "event = 'signed up'" }] },
              { type: 'AND', values: [{ type: 'hogql', key: 'matchesAction(12)' }] },
            ],
          },
          { type: 'AND', values: [{ key: 'email', operator: 'is_set', type: 'person' }] },
        ],
      },
    ]);
    assert.deepEqual(
      matchingFilters({ events: [{ id: 'x' }] }, [])?.fixedProperties,
      [{ type: 'AND', values: [{ type: 'AND', values: [{ type: 'hogql', key: 'false' }] }] }],
      'mappings, but none: nothing',
    );
    assert.equal(hogqlString('a\\b\n'), "'a\\\\b\\n'");
  });

  it('builds the globals of a run from a queried event, its person and its groups', () => {
    const globals = globalsFromRecentEvent(
      {
        event: {
          uuid: 'e1',
          event: '$pageview',
          distinct_id: 'ada',
          timestamp: '2026-12-01T10:00:00.000000+00:00',
          properties: { a: 1 },
          elements_chain: null,
        },
        person: { uuid: 'p1', distinct_id: 'ada', properties: { email: 'ada@example.com' } },
        groups: { organization: { index: 0, key: 'org:1', properties: { name: 'Acme' } } },
      },
      { host: 'https://us.posthog.com', projectId: 3 },
    );
    assert.deepEqual(globals, {
      event: {
        uuid: 'e1',
        event: '$pageview',
        distinct_id: 'ada',
        timestamp: '2026-12-01T10:00:00.000000+00:00',
        elements_chain: '',
        url: 'https://us.posthog.com/project/3/events/e1/2026-12-01T10%3A00%3A00.000000%2B00%3A00',
        properties: { a: 1 },
      },
      groups: {
        organization: {
          id: 'org:1',
          type: 'organization',
          index: 0,
          url: 'https://us.posthog.com/project/3/groups/0/org%3A1',
          properties: { name: 'Acme' },
        },
      },
      person: {
        id: 'p1',
        properties: { email: 'ada@example.com' },
        name: 'ada@example.com',
        url: 'https://us.posthog.com/project/3/person/ada',
      },
    });
    assert.equal(eventTitle(globals), '$pageview by ada@example.com');
    assert.equal(ago('2026-12-01T10:00:00Z', Date.parse('2026-12-01T10:05:30Z')), '5 minutes ago');
    assert.equal(ago('2026-12-01T10:00:00Z', Date.parse('2026-12-02T11:00:00Z')), '1 day ago');
  });
});

describe('test results: summary and text', () => {
  const run = (statuses: ('success' | 'error' | 'skipped')[], extra: Partial<TestRun> = {}): TestRun => ({
    id: 1,
    ref: { projectId: 1, functionId: 'f' },
    functionName: 'Slack',
    functionType: 'destination',
    scope: 'fixtures',
    startedAt: '',
    ranFrom: 'the code as saved in PostHog',
    results: statuses.map((status) => ({
      title: 'e',
      origin: { kind: 'sample' },
      input: {},
      status,
      errors: status === 'error' ? ['x'] : [],
      logs: [],
      dropped: false,
      changes: [],
      requests: [],
      otherCalls: [],
      durationMs: 5,
      masked: [],
    })),
    planned: statuses.length,
    cancelled: false,
    finished: true,
    ...extra,
  });

  it('counts like a test suite, and says when a run was cancelled', () => {
    assert.equal(summary(run(['success', 'success', 'success', 'error'])), '3 passed, 1 error');
    assert.equal(summary(run(['success', 'skipped', 'error', 'error'])), '1 passed, 1 skipped, 2 errors');
    assert.equal(summary(run(['success'], { planned: 10, cancelled: true })), '1 passed, cancelled after 1 of 10');
  });

  it('writes what ran, the requests with headers and pretty bodies, and the logs', () => {
    const r = eventResult(
      { title: '$pageview by ada', origin: { kind: 'sample' }, input: {}, durationMs: 184.4 },
      {
        status: 'success',
        errors: [],
        logs: [
          ...fetchLogs('https://x.test/hook', {
            method: 'POST',
            headers: { Authorization: 'Bearer s' },
            body: '{"a":1}',
          }),
          { level: 'debug', message: 'Function completed in 3ms.' },
        ],
      },
      'destination',
      new Masking([]),
    );
    const text = resultText(run([]), r);
    assert.match(
      text,
      /^Test run of "Slack" on the sample event: success, 184 ms \(PostHog: the function ran in 3 ms\)\n/,
    );
    assert.match(text, /Ran: the code as saved in PostHog\. Async functions were mocked/);
    assert.match(
      text,
      /Requests \(1\)\n {2}1\. POST https:\/\/x\.test\/hook\n {5}Headers\n {7}Authorization: Bearer ••••••\n {5}Body\n {7}\{\n {9}"a": 1\n {7}\}/,
    );
    assert.match(text, /Masked: the Authorization header\.\n$/);
    assert.ok(!text.includes('Bearer s'));
  });

  it("reads logs in local time, a fetch() call's options as JSON just under its line (not behind ~35 columns of indent)", () => {
    const r = eventResult(
      { title: 'e', origin: { kind: 'sample' }, input: {}, durationMs: 1 },
      {
        status: 'success',
        errors: [],
        logs: fetchLogs('https://x.test/hook', { method: 'POST', body: { a: { b: 1 } } }),
      },
      'destination',
      new Masking([]),
    );
    const text = resultText(run([]), r, 'en-US');
    const logs = text.slice(text.indexOf('Logs (2)'));
    const time = formatDateTime('2026-12-01T10:00:00.000+00:00', 'en-US');
    assert.ok(
      logs.includes(
        `\n  ${time} [INFO ] fetch('https://x.test/hook', {\n        "method": "POST",\n        "body": {\n          "a": {\n            "b": 1`,
      ),
      logs,
    );
    assert.ok(!logs.includes('2026-12-01T10'), 'no ISO UTC time');
    assert.ok(
      Math.max(
        ...logs
          .split('\n')
          .slice(1)
          .map((l) => /^ */.exec(l)![0].length),
      ) <= 12,
      logs,
    );
  });
});
