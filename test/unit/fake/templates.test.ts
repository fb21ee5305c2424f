import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHogError } from '../../fake-posthog/hog';
import { templateCatalog } from '../../fake-posthog/templates';
import { P, call, useFake } from './helpers';

describe('fake PostHog: hog function templates', () => {
  const fake = useFake();

  it('lists destinations by default, most used first, without deprecated templates but with hidden ones', async () => {
    const r = await call(fake(), 'GET', `${P}/hog_function_templates/`);
    assert.equal(r.status, 200);
    assert.equal(r.body.count, r.body.results.length);
    const ids: string[] = r.body.results.map((t: { id: string }) => t.id);
    assert.ok(r.body.results.every((t: { type: string }) => t.type === 'destination'));
    assert.ok(!ids.includes('template-zapier'), 'deprecated templates are not listed');
    assert.ok(ids.includes('template-posthog-capture'), 'the project mount keeps hidden templates');
    // Slack and HTTP Webhook each back one enabled seeded function (the billing webhook is disabled, the Zendesk one
    // enabled), so they come first, tied and by name; the rest by name.
    assert.deepEqual(ids.slice(0, 2), ['template-webhook', 'template-slack']);
    const rest = r.body.results.slice(2).map((t: { name: string }) => t.name.toLowerCase());
    assert.deepEqual(rest, [...rest].sort());
  });

  it('filters by type and types, and pages with limit/offset', async () => {
    const one = await call(fake(), 'GET', `${P}/hog_function_templates/?type=transformation`);
    assert.deepEqual(one.body.results.map((t: { id: string }) => t.id).sort(), [
      'template-geoip',
      'template-pii-hashing',
    ]);
    const many = await call(fake(), 'GET', `${P}/hog_function_templates/?types=site_app,site_destination`);
    assert.deepEqual(many.body.results.map((t: { type: string }) => t.type).sort(), ['site_app', 'site_destination']);
    const page = await call(fake(), 'GET', `${P}/hog_function_templates/?limit=2`);
    assert.equal(page.body.results.length, 2);
    assert.equal(page.body.next, `${fake().url}${P}/hog_function_templates/?limit=2&offset=2`);
  });

  it('keeps the nullable and optional fields PostHog does not promise', async () => {
    const r = await call(fake(), 'GET', `${P}/hog_function_templates/template-avo/`);
    assert.equal(r.status, 200);
    assert.equal(r.body.description, null);
    assert.equal(r.body.icon_url, null);
    for (const field of ['status', 'category', 'free']) assert.equal(field in r.body, false, field);
  });

  it('retrieves any template by id, deprecated and hidden included; 404 for an unknown one', async () => {
    assert.equal((await call(fake(), 'GET', `${P}/hog_function_templates/template-zapier/`)).body.status, 'deprecated');
    assert.equal(
      (await call(fake(), 'GET', `${P}/hog_function_templates/template-posthog-capture`)).body.status,
      'hidden',
    );
    const missing = await call(fake(), 'GET', `${P}/hog_function_templates/template-nope/`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'invalid_request');
  });

  it('needs hog_function:read', async () => {
    const key = fake().addKey(['group:read']);
    const r = await call(fake(), 'GET', `${P}/hog_function_templates/`, { key });
    assert.equal(r.status, 403);
    assert.match(r.body.detail, /hog_function:read/);
  });

  it('creates a function from a template: the server fills code, schema, name, description and icon', async () => {
    const r = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: {
        type: 'destination',
        template_id: 'template-webhook',
        inputs: { url: { value: 'https://example.com/hook' } },
        enabled: false,
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const template = templateCatalog().find((t) => t.id === 'template-webhook');
    assert.equal(r.body.hog, template?.code);
    assert.deepEqual(
      r.body.inputs_schema.map((s: { key: string }) => s.key),
      ['url', 'method', 'body', 'headers', 'debug'],
    );
    assert.equal(r.body.name, 'HTTP Webhook');
    assert.equal(r.body.description, template?.description);
    assert.equal(r.body.icon_url, template?.icon_url);
    assert.equal(r.body.template.id, 'template-webhook');
    assert.equal(r.body.enabled, false);
    assert.equal(r.body.inputs.url.value, 'https://example.com/hook');
  });

  it('refuses a hidden template, an unknown one, and a missing required input with PostHog 400s', async () => {
    const hidden = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: { type: 'destination', template_id: 'template-posthog-capture', inputs: { event: { value: 'x' } } },
    });
    assert.equal(hidden.status, 400);
    assert.deepEqual(hidden.body, {
      type: 'validation_error',
      code: 'invalid_input',
      attr: 'template_id',
      detail: "Template 'template-posthog-capture' is internal and cannot be used to create a function.",
    });
    const unknown = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: { type: 'destination', template_id: 'template-nope' },
    });
    assert.equal(unknown.body.detail, "No template found for id 'template-nope'");
    const missing = await call(fake(), 'POST', `${P}/hog_functions/`, {
      body: { type: 'destination', template_id: 'template-discord', inputs: {} },
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.attr, 'inputs__webhookUrl');
  });

  it('keeps template code valid Hog for the local PostHog', () => {
    for (const t of templateCatalog()) {
      if (!t.type.startsWith('site_')) assert.equal(findHogError(t.code), null, t.id);
    }
  });
});
