// A hog function save or test run PostHog refused, in words: which part of the function, what PostHog said, what to
// do; PostHog's answer kept as it came (for the log). Pure wording first, then against the local PostHog, which
// answers with the bodies PostHog's server sends (drf-exceptions-hog for saves, raw DRF dicts for test runs).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog';
import { errorFromStatus, parseErrorBody } from '../../../src/api/errors';
import { plainDetail, refusalInWords, refusedField } from '../../../src/api/validationWords';
import { rejection, testClient } from './helpers';

describe('refusals of a hog function, in words', () => {
  it("names the part of the function from PostHog's attr", () => {
    const words = (attr: string) => refusedField(attr).words;
    assert.equal(words('inputs__url'), 'input "url"');
    assert.equal(refusedField('inputs__url').inputKey, 'url');
    assert.equal(words('configuration__inputs__url'), 'input "url"', "a test run's configuration is the function's");
    assert.equal(words('hog'), 'the code');
    assert.equal(words('configuration__hog'), 'the code');
    assert.equal(words('filters'), 'the filters');
    assert.equal(words('inputs_schema__0__type'), 'input definition 1 (type)');
    assert.equal(words('mappings__1__inputs__channel'), 'input "channel" of mapping 2');
    assert.equal(words('masking__ttl'), 'the masking setting "ttl"');
    assert.equal(words('enabled'), 'the "enabled" setting');
    assert.equal(words('configuration'), "the test run's configuration");
    assert.equal(words('something__else'), 'the field "something.else"');
  });

  it('says which part, what PostHog said and what to do', () => {
    assert.equal(
      refusalInWords({ detail: 'This field is required.', code: 'invalid_input', attr: 'inputs__url' })?.reason,
      'in input "url", PostHog says "This field is required." Give input "url" a value in the function\'s inputs, then try again.',
    );
    assert.equal(
      refusalInWords({ detail: 'Hog code has errors.', attr: 'hog' })?.reason,
      'in the code, PostHog says "Hog code has errors." Fix the code (Problems shows what the check finds), then try again.',
    );
    assert.equal(
      refusalInWords({ detail: 'Invalid filter configuration: no viable alternative', attr: 'filters' })?.reason,
      'in the filters, PostHog says "Invalid filter configuration: no viable alternative". Correct the function\'s filters, then try again.',
    );
    assert.equal(refusalInWords({ detail: 'Missing event', attr: null })?.reason, 'PostHog says "Missing event"');
    assert.equal(refusalInWords({ attr: 'hog' }), undefined);
  });

  it("reads Python's repr of DRF messages as the words inside it", () => {
    assert.equal(
      plainDetail("[ErrorDetail(string='This field is required.', code='invalid')]"),
      'This field is required.',
    );
    assert.equal(
      plainDetail(`{'url': [ErrorDetail(string="Value can't be empty.", code='required')]}`),
      "Value can't be empty.",
    );
    assert.equal(plainDetail('  Plain words. '), 'Plain words.');
  });

  it('words a hog function refusal, keeps the raw answer, and leaves other endpoints as they were', () => {
    const raw =
      '{"type":"validation_error","code":"invalid_input","detail":"This field is required.","attr":"inputs__url"}';
    const body = parseErrorBody(JSON.parse(raw));
    const e = errorFromStatus(400, body, {
      operation: 'update hog function',
      endpoint: 'PATCH hog_functions/:id',
      origin: 'https://us.posthog.com',
      raw,
    });
    assert.equal(e.kind, 'validation');
    assert.equal(
      e.message,
      'Couldn\'t update hog function: in input "url", PostHog says "This field is required." Give input "url" a value in the function\'s inputs, then try again.',
    );
    assert.equal(e.raw, raw);
    assert.equal(e.attr, 'inputs__url');
    assert.deepEqual(e.rule, { id: 'input_value', inputKey: 'url' });
    const group = errorFromStatus(
      400,
      { detail: 'Bad key.', attr: 'key' },
      {
        operation: 'create group',
        endpoint: 'POST groups',
        origin: 'https://us.posthog.com',
      },
    );
    assert.equal(group.message, `Couldn't create group: PostHog says "Bad key." (key)`);
    assert.equal(group.rule, undefined);
  });
});

describe('refusals of a hog function from the local PostHog, in words', () => {
  let fake: FakePostHog;
  before(async () => {
    fake = await startFakePostHog();
  });
  after(() => fake.close());
  afterEach(() => fake.reset());
  const client = () => testClient(fake.url, { getApiKey: () => fake.apiKey });
  const webhook = {
    type: 'destination',
    name: 'Hook',
    hog: 'fetch(inputs.url)',
    inputs_schema: [{ key: 'url', type: 'string', label: 'URL', required: true }],
  };

  it('a save that leaves a required input empty: the input, the words, the raw body in the log', async () => {
    const { client: c, events } = client();
    const e = await rejection(() => c.createHogFunction(1, { ...webhook, inputs: { url: { value: '' } } }));
    assert.match(e.message, /^Couldn't create hog function: in input "url", PostHog says "This field is required\."/);
    assert.match(e.message, /Give input "url" a value/);
    assert.deepEqual(JSON.parse(String(e.raw)), {
      type: 'validation_error',
      code: 'invalid_input',
      detail: 'This field is required.',
      attr: 'inputs__url',
    });
    const logged = events.find((r) => r.status === 400);
    assert.equal(logged?.body, e.raw, 'the log gets the body as it came');
  });

  it('a template that does not parse, and filters that do not compile', async () => {
    const { client: c } = client();
    const template = await rejection(() =>
      c.createHogFunction(1, { ...webhook, inputs: { url: { value: 'https://x/{event.event' } } }),
    );
    assert.match(
      template.message,
      /in input "url", PostHog says "Invalid template: .+"\. Correct the value of input "url"/,
    );
    const filters = await rejection(() =>
      c.createHogFunction(1, {
        ...webhook,
        inputs: { url: { value: 'https://x' } },
        filters: { properties: [{ key: 'properties.plan = ', type: 'hogql' }] },
      }),
    );
    assert.equal(filters.attr, 'filters', 'attr filters__non_field_errors is the filters');
    assert.match(
      filters.message,
      /in the filters, PostHog says "Invalid filter configuration: .+Correct the function's filters/,
    );
    const notADict = await rejection(() =>
      c.createHogFunction(1, { ...webhook, inputs: { url: { value: 'https://x' } }, filters: 'all' }),
    );
    assert.match(
      notADict.message,
      /in the filters, PostHog says "Invalid data\. Expected a dictionary, but got str\."/,
    );
  });

  it('a test run refused with the raw DRF dict: the same words, the raw dict kept', async () => {
    const { client: c } = client();
    const fn = fake.state.hogFunctions.find((f) => f.project_id === 1 && f.type === 'destination' && !f.deleted)!;
    const e = await rejection(() =>
      c.invokeHogFunction(1, fn.id, {
        configuration: { ...webhook, inputs: {} },
        globals: { event: { event: '$pageview', properties: {} } },
      }),
    );
    assert.match(e.message, /^Couldn't test hog function: in input "url", PostHog says "This field is required\."/);
    assert.deepEqual(JSON.parse(String(e.raw)), { configuration: { inputs: { url: ['This field is required.'] } } });
  });
});
