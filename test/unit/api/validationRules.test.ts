// The client turns each save-time rule of PostHog's newest server (posthog-api.md §10.2) into its own message, with the
// place it concerns, against the fake PostHog that applies the rules with PostHog's bodies.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { parseErrorBody } from '../../../src/api/errors';
import { rejection, testClient } from './helpers';

describe('API client: validation PostHog applies on save, in words', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  afterEach(() => fake.reset());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey }).client;
  const save = (body: Record<string, unknown>) => rejection(() => client().createHogFunction(1, body));

  it('the cap on enabled transformations: how many, and what to do', async () => {
    const running = fake.state.hogFunctions.filter(
      (f) => f.project_id === 1 && f.type === 'transformation' && f.enabled && !f.deleted,
    ).length;
    for (let n = running; n < 20; n++)
      await client().createHogFunction(1, {
        type: 'transformation',
        name: `T${n}`,
        hog: 'return event',
        enabled: true,
      });
    const e = await save({ type: 'transformation', name: 'One more', hog: 'return event', enabled: true });
    assert.equal(e.kind, 'validation');
    assert.deepEqual(e.rule, { id: 'enabled_limit', limit: 20, functionType: 'transformation' });
    assert.equal(e.attr, 'type');
    assert.match(e.message, /at most 20 enabled transformations per project.*Disable or delete one first/);
  });

  it('reserved function names, with the names for the editor to mark', async () => {
    const e = await save({ type: 'destination', name: 'Mailer', hog: "sendEmail({'to': 'a@b.c'})" });
    assert.deepEqual(e.rule, { id: 'reserved_function', names: ['sendEmail'] });
    assert.equal(e.fieldPath, 'hog');
    assert.match(e.message, /sendEmail is reserved for PostHog's own workflows/);
  });

  it('log transformations behind a feature flag', async () => {
    fake.setFeatureFlag('logs-transformations', false);
    try {
      const e = await save({ type: 'transformation_log', name: 'Logs', hog: 'return record' });
      assert.deepEqual(e.rule, { id: 'log_transformations_disabled' });
      assert.match(e.message, /log transformations are not enabled for this PostHog project yet/);
    } finally {
      fake.setFeatureFlag('logs-transformations', true);
    }
  });

  it('enabling a function that has an open draft', async () => {
    const fn = fake.state.hogFunctions.find(
      (f) => f.project_id === 1 && f.type === 'destination' && !f.enabled && !f.deleted,
    )!;
    fn.draft = { hog: 'return 2' };
    const e = await rejection(() => client().updateHogFunction(1, fn.id, { enabled: true }));
    assert.deepEqual(e.rule, { id: 'open_draft' });
    assert.equal(e.attr, 'enabled');
    assert.match(e.message, /Publish or discard the draft first, then enable the function/);
  });

  it('hyphenated identifiers: the name as written, and what to write, in code or in an input', async () => {
    const code = await save({ type: 'destination', name: 'H', hog: 'return event.properties.utm-source' });
    assert.deepEqual(code.rule, {
      id: 'hyphenated_identifier',
      fix: "event.properties['utm-source']",
      hyphenated: 'event.properties.utm-source',
    });
    assert.match(
      code.message,
      /reads the hyphen in event\.properties\.utm-source as a minus sign\. Write event\.properties\['utm-source'\] instead/,
    );
    const input = await save({
      type: 'destination',
      name: 'H',
      hog: 'return 1',
      inputs_schema: [{ key: 'src', type: 'string', label: 'Source' }],
      inputs: { src: { value: '{event.properties.utm-source}' } },
    });
    assert.deepEqual(input.rule, {
      id: 'hyphenated_identifier',
      fix: "event.properties['utm-source']",
      hyphenated: 'event.properties.utm-source',
      inputKey: 'src',
    });
    assert.equal(input.fieldPath, 'inputs.src');
  });

  it('transformation inputs that use person or groups: which input, and what to read instead', async () => {
    const e = await save({
      type: 'transformation',
      name: 'T',
      hog: 'return event',
      inputs_schema: [{ key: 'who', type: 'string', label: 'Who' }],
      inputs: { who: { value: '{person.properties.email}' } },
    });
    assert.deepEqual(e.rule, { id: 'transformation_globals', names: ['person'], inputKey: 'who' });
    assert.match(
      e.message,
      /input "who" uses person, which transformations do not have: they run before PostHog processes persons and groups.*\{event\.properties\.\$email\}/,
    );
  });

  it('reads non_field_errors as no field: attr null at the top, the object it belongs to when nested', () => {
    assert.deepEqual(
      parseErrorBody({
        type: 'validation_error',
        code: 'invalid_input',
        detail: 'Invalid data.',
        attr: 'non_field_errors',
      }),
      { detail: 'Invalid data.', code: 'invalid_input', attr: null },
    );
    assert.deepEqual(parseErrorBody({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }), {
      detail: 'Invalid data. Expected a dictionary, but got list.',
      attr: null,
    });
    assert.deepEqual(parseErrorBody({ configuration: { non_field_errors: ['Bad.'] } }), {
      detail: 'Bad.',
      attr: 'configuration',
    });
  });
});
