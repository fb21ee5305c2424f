// New functions from templates: which templates are offered, one prompt per required input, answers, create bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHogError } from '../../fake-posthog/hog';
import { templateCatalog } from '../../fake-posthog/templates';
import {
  blankCreateBody,
  filterEventNames,
  initialText,
  isOffered,
  parseAnswer,
  parseEventNames,
  templateCreateBody,
  templateDetail,
  templateInputs,
  templateName,
  triggeredByEvents,
  withEventNames,
  type InputPrompt,
} from '../../../src/core/functions/newFunction';

const catalog = templateCatalog();
const template = (id: string) => {
  const found = catalog.find((t) => t.id === id);
  assert.ok(found, id);
  return found;
};

describe('templates offered', () => {
  it("offers exactly what PostHog's chooser offers: no hidden, coming-soon or deprecated templates; a missing status is stable", () => {
    assert.equal(isOffered(template('template-posthog-capture')), false);
    assert.equal(isOffered(template('template-zapier')), false);
    assert.equal(isOffered(template('template-linear')), false, 'coming soon');
    assert.equal(isOffered(template('template-avo')), true);
    assert.equal(isOffered(template('template-customerio')), true);
  });

  it('describes a template by its categories and a non-stable status', () => {
    assert.equal(templateDetail(template('template-salesforce-create')), 'CRM, Customer Success · alpha');
    assert.equal(templateDetail(template('template-avo')), '');
    assert.equal(templateName({ id: 'template-x', name: null }), 'template-x');
  });
});

describe('inputs of a template', () => {
  it('asks once per required input, secrets in a password box, choices and booleans picked', () => {
    const { prompts, defaults, unsupported } = templateInputs(template('template-customerio').inputs_schema);
    assert.deepEqual(
      prompts.map((p) => [p.key, p.kind]),
      [
        ['site_id', 'secret'],
        ['token', 'secret'],
        ['host', 'choice'],
        ['action', 'choice'],
        ['include_all_properties', 'boolean'],
      ],
    );
    assert.deepEqual(
      prompts[2]?.choices?.map((c) => c.value),
      ['track.customer.io', 'track-eu.customer.io'],
    );
    assert.equal(prompts[2]?.initial, 'track.customer.io');
    assert.deepEqual(defaults, { identifiers: { value: { email: '{person.properties.email}' } } });
    assert.deepEqual(unsupported, []);
  });

  it('reports required inputs that need a PostHog integration instead of asking for them', () => {
    const { prompts, unsupported } = templateInputs(template('template-salesforce-create').inputs_schema);
    assert.deepEqual(unsupported, [{ key: 'oauth', label: 'Salesforce account', type: 'integration' }]);
    assert.deepEqual(
      prompts.map((p) => p.key),
      ['model'],
    );
  });

  it('skips malformed schema entries and tolerates a schema that is not a list', () => {
    assert.deepEqual(templateInputs(null), { prompts: [], defaults: {}, unsupported: [] });
    const { prompts } = templateInputs([
      { type: 'string', required: true },
      'x',
      { key: 'ok', type: 'string', required: true },
    ]);
    assert.deepEqual(
      prompts.map((p) => p.key),
      ['ok'],
    );
  });

  it('turns answers into values, and explains a wrong one', () => {
    const prompt = (kind: InputPrompt['kind'], extra: Partial<InputPrompt> = {}): InputPrompt => ({
      key: 'k',
      label: 'Thing',
      kind,
      ...extra,
    });
    assert.deepEqual(parseAnswer(prompt('text'), 'https://x'), { ok: true, value: 'https://x' });
    assert.deepEqual(parseAnswer(prompt('secret'), '  '), { ok: false, message: 'Thing is required.' });
    assert.deepEqual(parseAnswer(prompt('number'), '42'), { ok: true, value: 42 });
    assert.equal(parseAnswer(prompt('number'), 'many').ok, false);
    assert.deepEqual(parseAnswer(prompt('json'), '[1, 2]'), { ok: true, value: [1, 2] });
    assert.match((parseAnswer(prompt('json'), '{oops') as { message: string }).message, /^Not valid JSON/);
    assert.match((parseAnswer(prompt('dictionary'), '[1]') as { message: string }).message, /JSON object/);
    assert.deepEqual(parseAnswer(prompt('boolean'), 'false'), { ok: true, value: false });
    const choice = prompt('choice', { choices: [{ label: 'EU', value: 'eu.example' }] });
    assert.deepEqual(parseAnswer(choice, 'EU'), { ok: true, value: 'eu.example' });
    assert.equal(parseAnswer(choice, 'US').ok, false);
    assert.equal(initialText(prompt('json', { initial: { a: 1 } })), '{"a":1}');
    assert.equal(initialText(prompt('text')), '');
  });
});

describe('create bodies', () => {
  it("sends the template id, name, enabled and inputs; the template's filters, masking and default mappings", () => {
    const body = templateCreateBody(template('template-customerio'), {
      type: 'destination',
      name: 'CIO',
      enabled: false,
      inputs: { site_id: { value: 's' } },
    });
    assert.equal(body.template_id, 'template-customerio');
    assert.equal(body.enabled, false);
    assert.deepEqual(body.filters, template('template-customerio').filters);
    assert.deepEqual(
      (body.mappings as { name: string }[]).map((m) => m.name),
      ['Identify'],
    );
    assert.equal('masking' in body, false);
    assert.equal('hog' in body, false, 'PostHog fills the code from the template');
    const plain = templateCreateBody(template('template-avo'), {
      type: 'destination',
      name: 'Avo',
      enabled: true,
      inputs: {},
    });
    assert.deepEqual(plain.filters, {});
    assert.equal('mappings' in plain, false);
  });

  it('starts a blank function of every type with code the local PostHog accepts', () => {
    for (const type of ['destination', 'internal_destination', 'transformation', 'source_webhook']) {
      const body = blankCreateBody(type, 'Blank', false);
      assert.equal(findHogError(body.hog as string), null, type);
    }
    assert.match(blankCreateBody('site_app', 'Blank', false).hog as string, /export function onLoad/);
    assert.deepEqual(
      (blankCreateBody('destination', 'Blank', false).inputs_schema as { key: string }[]).map((e) => e.key),
      ['url'],
    );
  });
});

describe('which events trigger a new function', () => {
  it('asks only for the types events trigger', () => {
    assert.deepEqual(
      [
        'destination',
        'transformation',
        'site_destination',
        'site_app',
        'source_webhook',
        'internal_destination',
        'transformation_log',
      ].filter(triggeredByEvents),
      ['destination', 'transformation', 'site_destination'],
    );
  });

  it("reads a template's events, and replaces them with the names chosen, keeping its property filters", () => {
    const customerio = template('template-customerio');
    assert.deepEqual(filterEventNames(customerio.filters), ['$identify', '$pageview']);
    assert.deepEqual(parseEventNames(' signed_up, $pageview ,, signed_up'), ['signed_up', '$pageview']);
    const body = templateCreateBody(customerio, {
      type: 'destination',
      name: 'CIO',
      enabled: false,
      inputs: {},
      events: ['signed_up'],
    });
    assert.deepEqual(body.filters, {
      ...withoutEvents(customerio.filters),
      events: [{ id: 'signed_up', name: 'signed_up', type: 'events', order: 0 }],
    });
    // No names: every event (the template's events and actions go, nothing else).
    assert.deepEqual(withEventNames({ events: [{ id: 'x' }], actions: [{ id: 1 }], filter_test_accounts: true }, []), {
      filter_test_accounts: true,
    });
    assert.deepEqual(blankCreateBody('destination', 'Blank', false, ['a']).filters, {
      events: [{ id: 'a', name: 'a', type: 'events', order: 0 }],
    });
    assert.deepEqual(blankCreateBody('destination', 'Blank', false).filters, {});
  });
});

function withoutEvents(filters: unknown): Record<string, unknown> {
  const { events: _events, actions: _actions, ...rest } = (filters ?? {}) as Record<string, unknown>;
  return rest;
}
