// Fixtures with expectations, run for real through the toolchain (PostHog's parser, compiler and VM): a transformation's
// returned event (subset, exact, dropped), a destination's requests against scripted answers (its error branch on a
// 500), print() lines, an expected error; each failure with expected and actual and the line of the expectation in
// the fixture file. Old fixtures (no "expect") pass when the run does not fail. And the fixture file's schema.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as toolchain from '../../../src/core/toolchain';
import {
  evaluateFixture,
  folderFunction,
  prepareFunction,
  splitFixture,
  withInputOverrides,
  type PreparedFunction,
} from '../../../src/core/testing/fixtureRun';
import { firstDifference } from '../../../src/core/testing/expectations';
import { fixtureJsonSchema, parseFixtureFile } from '../../../src/core/testing/fixtureSchema';
import { jsonLines } from '../../../src/core/testing/jsonLocations';

before(() => toolchain.loadParser());

const ctx = { host: 'https://us.posthog.com', projectId: 1, functionId: 'f1', functionName: 'Under test' };

const transformation = (): PreparedFunction =>
  prepareFunction(
    toolchain,
    {
      type: 'transformation',
      hog: "if (event.properties.drop) {\n  return null\n}\nlet e := event\ne.properties.tier := inputs.tier\nprint('tier', inputs.tier)\nreturn e\n",
      inputs_schema: [{ key: 'tier', type: 'string' }],
      inputs: { tier: { value: 'gold' } },
    },
    ctx,
  );

const destination = (): PreparedFunction =>
  prepareFunction(
    toolchain,
    {
      type: 'destination',
      hog: "let res := fetch(inputs.url, {'method': 'POST', 'headers': {'Authorization': f'Bearer {inputs.token}'}, 'body': {'event': event.event}})\nif (res.status >= 400) {\n  print('refused', res.status)\n  throw Error(f'refused with {res.status}')\n}\nprint('ok')\n",
      inputs_schema: [
        { key: 'url', type: 'string' },
        { key: 'token', type: 'string', secret: true },
      ],
      inputs: { url: { value: 'https://hooks.test/in' }, token: { secret: true } },
    },
    ctx,
  );

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const run = (fn: PreparedFunction, fixture: unknown) =>
  evaluateFixture(toolchain, fn, { name: 'case', text: text(fixture) });

describe('fixtures with expectations', () => {
  it('passes an old fixture (no expect) that runs, and fails it when the run fails', async () => {
    const ok = await run(destination(), { event: { event: 'signed_up', properties: {} } });
    assert.equal(ok.passed, true, JSON.stringify(ok.failures));
    const broken = await run(destination(), {
      event: { event: 'signed_up', properties: {} },
      responses: [{ status: 500 }],
    });
    assert.equal(broken.passed, false);
    assert.equal(broken.failures[0]?.field, 'expect.error');
    assert.match(broken.failures[0]?.message ?? '', /refused with 500/);
  });

  it("checks a transformation's returned event as a subset, exactly, and dropped", async () => {
    const event = { event: '$pageview', distinct_id: 'ada', properties: { plan: 'team' } };
    const subset = await run(transformation(), {
      event,
      expect: { event: { properties: { tier: 'gold' } }, prints: ['tier, gold'] },
    });
    assert.equal(subset.passed, true, JSON.stringify(subset.failures));

    const wrong = await run(transformation(), { event, expect: { event: { properties: { tier: 'silver' } } } });
    assert.equal(wrong.passed, false);
    const failure = wrong.failures[0];
    assert.equal(failure?.field, 'expect.event');
    assert.match(failure?.message ?? '', /differs at properties\.tier/);
    assert.equal(failure?.line, 12, 'the line of "tier": "silver" in the fixture file');
    assert.match(failure?.expected ?? '', /"tier": "silver"/);
    assert.match(failure?.actual ?? '', /"tier": "gold"/);

    const whole = { ...event, properties: { plan: 'team', tier: 'gold' } };
    const exact = await run(transformation(), { event, expect: { match: 'exact', event: whole } });
    assert.equal(exact.passed, true, JSON.stringify(exact.failures));
    const { distinct_id: _left, ...partial } = whole;
    const notWhole = await run(transformation(), { event, expect: { match: 'exact', event: partial } });
    assert.match(notWhole.failures[0]?.message ?? '', /differs at distinct_id/);

    const dropped = await run(transformation(), {
      event: { ...event, properties: { drop: true } },
      expect: { event: null },
    });
    assert.equal(dropped.passed, true, JSON.stringify(dropped.failures));
    const notDropped = await run(transformation(), { event, expect: { event: null } });
    assert.match(notDropped.failures[0]?.message ?? '', /Expected the event to be dropped/);
  });

  it("checks a destination's requests (header names whatever their case, secrets as placeholders) and its error branch on a 500", async () => {
    const sent = await run(destination(), {
      event: { event: 'signed_up', properties: {} },
      responses: [{ url: 'https://hooks.test/*', status: 201 }],
      expect: {
        requests: [
          {
            method: 'post',
            url: 'https://hooks.test/in',
            headers: { authorization: 'Bearer secret-input-token' },
            body: { event: 'signed_up' },
          },
        ],
        prints: ['ok'],
      },
    });
    assert.equal(sent.passed, true, JSON.stringify(sent.failures));
    assert.deepEqual(
      sent.requests.map((r) => r.body),
      [{ event: 'signed_up' }],
    );

    const errorBranch = await run(destination(), {
      event: { event: 'signed_up', properties: {} },
      inputs: { url: 'https://staging.test/in' },
      responses: [{ status: 500, body: 'down' }],
      expect: { requests: [{ url: 'https://staging.test/in' }], prints: ['refused, 500'], error: 'refused with 500' },
    });
    assert.equal(errorBranch.passed, true, JSON.stringify(errorBranch.failures));

    const wrongBody = await run(destination(), {
      event: { event: 'signed_up', properties: {} },
      expect: { requests: [{ body: { event: 'other' } }] },
    });
    assert.equal(wrongBody.failures[0]?.field, 'expect.requests[0]');
    assert.match(wrongBody.failures[0]?.message ?? '', /Request 1 differs at body\.event/);
    assert.equal(wrongBody.failures[0]?.line, 10, 'the line of "event": "other"');

    const count = await run(destination(), { event: { event: 'x', properties: {} }, expect: { requests: [] } });
    assert.match(count.failures[0]?.message ?? '', /Expected 0 request\(s\); the code sent 1/);
  });

  it('fails on an expected error that does not come, or another error, and on print lines that differ', async () => {
    const none = await run(destination(), { event: { event: 'x', properties: {} }, expect: { error: 'boom' } });
    assert.match(none.failures[0]?.message ?? '', /did not fail/);
    const other = await run(destination(), {
      event: { event: 'x', properties: {} },
      responses: [{ status: 503 }],
      expect: { error: 'boom' },
    });
    assert.match(other.failures[0]?.actual ?? '', /refused with 503/);
    const prints = await run(destination(), {
      event: { event: 'x', properties: {} },
      expect: { prints: ['ok', 'more'] },
    });
    assert.equal(prints.failures[0]?.field, 'expect.prints');
    assert.equal(prints.failures[0]?.actual, 'ok');
  });

  it('fails a fixture that does not read, with the field and its line, and code that does not compile', async () => {
    const bad = await evaluateFixture(toolchain, destination(), {
      name: 'bad',
      text: text({ event: { event: 'x' }, expect: { match: 'roughly' } }),
    });
    assert.equal(bad.passed, false);
    assert.match(bad.failures[0]?.message ?? '', /bad\.json: "expect\.match" must be "subset" or "exact"/);
    assert.equal(bad.failures[0]?.line, 6);
    const notJson = await evaluateFixture(toolchain, destination(), { name: 'broken', text: '{"event": ' });
    assert.match(notJson.failures[0]?.message ?? '', /not valid JSON/);
    const noCompile = await run(prepareFunction(toolchain, { type: 'destination', hog: 'let x = 1' }, ctx), {
      event: { event: 'x' },
    });
    assert.equal(noCompile.passed, false);
  });
});

describe('expectation matching and the fixture file', () => {
  it('compares subsets and whole values, naming the first difference', () => {
    assert.equal(firstDifference({ a: 1 }, { a: 1, b: 2 }, 'subset'), undefined);
    assert.deepEqual(firstDifference({ a: 1 }, { a: 1, b: 2 }, 'exact'), ['b']);
    assert.deepEqual(firstDifference({ a: [1, { c: 2 }] }, { a: [1, { c: 3, d: 1 }] }, 'subset'), ['a', 1, 'c']);
    assert.deepEqual(firstDifference([1], [1, 2], 'subset'), []);
  });

  it('finds the line of each value', () => {
    const lines = jsonLines('{\n  "a": {\n    "b": [\n      1,\n      "x"\n    ]\n  }\n}\n');
    assert.equal(lines.get('a.b[1]'), 5);
    assert.equal(lines.get('a'), 2);
  });

  it("reads today's fixtures (no expect, responses) and has a JSON Schema with the expectations", () => {
    assert.equal(
      parseFixtureFile(
        'old.json',
        text({ event: { event: 'x', properties: {} }, person: { id: 1 }, responses: [{ status: 500 }] }),
      ).ok,
      true,
    );
    assert.equal(parseFixtureFile('old.json', text({ record: { body: 'GET /' } })).ok, true);
    const schema = fixtureJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(schema.properties.expect?.properties ?? {}).sort(), [
      'error',
      'event',
      'match',
      'prints',
      'requests',
    ]);
  });

  it('keeps what the function is given apart from answers, input values and expectations; a run on PostHog takes the input values', () => {
    const split = splitFixture({
      $schema: 's',
      event: { event: 'x' },
      responses: [],
      inputs: { url: 'u' },
      expect: { error: null },
    });
    assert.deepEqual(split, {
      globals: { event: { event: 'x' } },
      responses: [],
      inputs: { url: 'u' },
      expect: { error: null },
    });
    const configuration = { inputs: { url: { value: 'a', templating: 'hog' }, token: { secret: true } } };
    assert.deepEqual(withInputOverrides(configuration, { url: 'b', token: 't' }).inputs, {
      url: { value: 'b', templating: 'hog' },
      token: { value: 't' },
    });
    assert.equal(withInputOverrides(configuration, undefined), configuration);
  });

  it("runs a folder's function in the project of the host it is linked to", () => {
    const state = {
      source: 'return 1',
      config: { type: 'destination', name: 'Hook', inputs_schema: [], inputs: {}, mappings: null },
    };
    const ids = { 'https://eu.posthog.com/project/7': 'id-eu', 'https://us.posthog.com/project/3': 'id-us' };
    assert.deepEqual(folderFunction(state, 'hook', ids, 'https://us.posthog.com').ctx, {
      host: 'https://us.posthog.com',
      projectId: 3,
      functionId: 'id-us',
      functionName: 'Hook',
    });
    assert.deepEqual(folderFunction(state, 'hook', ids).ctx.projectId, 7);
    assert.deepEqual(folderFunction(state, 'hook', {}).ctx, {
      host: 'https://us.posthog.com',
      projectId: 1,
      functionId: 'hook',
      functionName: 'Hook',
    });
  });
});
