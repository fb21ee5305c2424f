// The fake PostHog answers as PostHog's server does where an audit found it differed (posthog-api.md §10.1): 404
// bodies, test invocation bodies, metrics/totals' window, non_field_errors, update_property's order and words, and a
// groups list that shows writes late, as ClickHouse does.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { call, P, useFake } from './helpers';

const notFound = { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null };

describe('fake PostHog: parity with the server (§10.1)', () => {
  const fake = useFake();
  afterEach(() => fake().reset());
  const fnNamed = (name: string) => fake().state.hogFunctions.find((f) => f.name === name && f.project_id === 1)!;

  it('answers a missing hog function and template with "Not found.", as drf-exceptions-hog writes any Http404', async () => {
    const fn = await call(fake(), 'GET', `${P}/hog_functions/0190a3c4-0000-4000-8000-000000000000/`);
    assert.deepEqual([fn.status, fn.body], [404, notFound]);
    const template = await call(fake(), 'GET', `${P}/hog_function_templates/template-nope/`);
    assert.deepEqual([template.status, template.body], [404, notFound]);
  });

  it("test invocations: a missing configuration is a standard error body, use_draft runs the draft, a non-UUID invocation id is the worker's error", async () => {
    const slack = fnNamed('Slack: new paying customer');
    const path = `${P}/hog_functions/${slack.id}/invocations/`;
    const globals = {
      event: { uuid: '0190a3c4-0000-4000-8000-000000000001', event: '$pageview', distinct_id: 'd', properties: {} },
      person: { properties: {} },
    };
    const missing = await call(fake(), 'POST', path, { body: { globals } });
    assert.deepEqual(
      [missing.status, missing.body],
      [
        400,
        {
          type: 'validation_error',
          code: 'invalid_input',
          detail: 'Required unless use_draft is true.',
          attr: 'configuration',
        },
      ],
    );
    const noDraft = await call(fake(), 'POST', path, { body: { use_draft: true, globals } });
    assert.deepEqual(
      [noDraft.status, noDraft.body],
      [
        400,
        {
          type: 'validation_error',
          code: 'invalid_input',
          detail: 'This function has no staged draft to test.',
          attr: 'use_draft',
        },
      ],
    );
    slack.draft = { hog: "print('from the draft')\nreturn 1", filters: {}, inputs_schema: [], inputs: {} };
    const draft = await call(fake(), 'POST', path, { body: { use_draft: true, globals } });
    assert.equal(draft.status, 200);
    assert.ok(
      draft.body.logs.some((l: { message: string }) => l.message === 'from the draft'),
      JSON.stringify(draft.body.logs),
    );
    const badId = await call(fake(), 'POST', path, { body: { configuration: {}, globals, invocation_id: 'run-1' } });
    assert.deepEqual([badId.status, badId.body], [400, { status: 'error', errors: ['Invalid invocation ID'] }]);
    const goodId = await call(fake(), 'POST', path, {
      body: { configuration: {}, globals, invocation_id: '0190a3c4-0000-4000-8000-0000000000aa' },
    });
    assert.equal(goodId.status, 200);
  });

  it('older servers know no use_draft: the configuration is required, as a raw serializer error', async () => {
    fake().setRelease('older');
    try {
      const slack = fnNamed('Slack: new paying customer');
      const r = await call(fake(), 'POST', `${P}/hog_functions/${slack.id}/invocations/`, {
        body: { use_draft: true, globals: {} },
      });
      assert.deepEqual([r.status, r.body], [400, { configuration: ['This field is required.'] }]);
    } finally {
      fake().setRelease('newest');
    }
  });

  it('metrics/totals counts the last 7 days unless told otherwise', async () => {
    const slack = fnNamed('Slack: new paying customer');
    const sum = (totals: Record<string, number>) => Object.values(totals).reduce((a, b) => a + b, 0);
    const defaulted = (await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/totals/`)).body.totals;
    const week = (await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/totals/?after=-7d`)).body.totals;
    const month = (await call(fake(), 'GET', `${P}/hog_functions/${slack.id}/metrics/totals/?after=-30d`)).body.totals;
    assert.deepEqual(defaulted, week);
    assert.ok(sum(month) > sum(week), 'the seed has runs older than a week');
  });

  it('non_field_errors come back with attr null', async () => {
    const r = await call(fake(), 'POST', `${P}/hog_functions/`, { body: ['not', 'an', 'object'] });
    assert.deepEqual(
      [r.status, r.body],
      [
        400,
        {
          type: 'validation_error',
          code: 'invalid_input',
          detail: 'Invalid data. Expected a dictionary, but got list.',
          attr: null,
        },
      ],
    );
  });

  it('update_property looks the group up first (404 wins), and a null value is "This field is required."', async () => {
    const missing = await call(fake(), 'POST', `${P}/groups/update_property/?group_type_index=0&group_key=org:nope`, {
      body: { key: 'plan', value: null },
    });
    assert.deepEqual([missing.status, missing.body], [404, notFound]);
    const nullValue = await call(fake(), 'POST', `${P}/groups/update_property/?group_type_index=0&group_key=org:1000`, {
      body: { key: 'plan', value: null },
    });
    assert.deepEqual(
      [nullValue.status, nullValue.body],
      [400, { type: 'validation_error', code: 'invalid_input', detail: 'This field is required.', attr: 'value' }],
    );
  });

  it('shows group writes in the groups list only after a lag, as ClickHouse does; find and the write itself are current', async () => {
    fake().setGroupListLag(300);
    try {
      const list = async () =>
        (await call(fake(), 'GET', `${P}/groups/?group_type_index=3&search=lagging`)).body.results as {
          group_key: string;
          group_properties: Record<string, unknown>;
        }[];
      const created = await call(fake(), 'POST', `${P}/groups/`, {
        body: { group_type_index: 3, group_key: 'proj:lagging', group_properties: { stage: 'new', tag: 'lagging' } },
      });
      assert.equal(created.status, 201);
      assert.deepEqual(await list(), [], 'not listed yet');
      assert.equal(
        (await call(fake(), 'GET', `${P}/groups/find/?group_type_index=3&group_key=proj:lagging`)).status,
        200,
        'find reads Postgres',
      );
      await new Promise((r) => setTimeout(r, 350));
      assert.deepEqual(
        (await list()).map((g) => g.group_properties.stage),
        ['new'],
      );
      const updated = await call(
        fake(),
        'POST',
        `${P}/groups/update_property/?group_type_index=3&group_key=proj:lagging`,
        { body: { key: 'stage', value: 'live' } },
      );
      assert.equal(updated.body.group_properties.stage, 'live', 'the write answers the new value');
      assert.deepEqual(
        (await list()).map((g) => g.group_properties.stage),
        ['new'],
        'the list still has the old one',
      );
      await new Promise((r) => setTimeout(r, 350));
      assert.deepEqual(
        (await list()).map((g) => g.group_properties.stage),
        ['live'],
      );
    } finally {
      fake().setGroupListLag(0);
    }
  });
});
