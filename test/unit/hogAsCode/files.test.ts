// The workspace form of a hog function: folder layout, stable JSON, function.json rendering and parsing, secrets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  folderSlug,
  functionFolderPath,
  isSourceFileName,
  projectKey,
  sourceExtension,
  uniqueFolderName,
} from '../../../src/core/functions/layout';
import { canonicalJson, stableJson } from '../../../src/core/functions/stableJson';
import {
  parseFunctionJson,
  renderFunctionJson,
  sameState,
  secretInputs,
  secretValuesInFile,
  stateFromServer,
  withSecretsMasked,
  type ServerFunction,
} from '../../../src/core/functions/functionFiles';

const SLACK: ServerFunction & { id: string; updated_at: string } = {
  id: '0190f0b2-1c3d-7000-8a55-0d9c1e2b3a4f',
  updated_at: '2026-02-01T10:00:00Z',
  type: 'destination',
  name: 'Slack: new paying customer',
  description: 'Posts to #revenue',
  enabled: true,
  execution_order: null,
  hog: "fetch(inputs.webhook_url, {'method': 'POST'});\n",
  template: { id: 'template-slack' },
  inputs_schema: [
    { type: 'string', key: 'webhook_url', label: 'Slack webhook URL', required: true, secret: true, hidden: false },
    { secret: false, required: true, key: 'text', type: 'string', label: 'Message', hidden: false },
  ],
  inputs: {
    text: { value: 'Hello {person.name}', templating: 'hog', order: 1, bytecode: ['_H', 1] },
    webhook_url: { secret: true },
  },
  filters: {
    source: 'events',
    events: [{ type: 'events', order: 0, name: 'subscription_started', id: 'subscription_started' }],
    bytecode: ['_H', 1, 29],
  },
  mappings: null,
  masking: null,
};

describe('layout', () => {
  it('names folders after the function in lower-case words', () => {
    assert.equal(folderSlug('Slack: new paying customer'), 'slack-new-paying-customer');
    assert.equal(folderSlug('  Café — Zürich / EU  '), 'cafe-zurich-eu');
    assert.equal(folderSlug(null), 'hog-function');
    assert.equal(folderSlug('!!!'), 'hog-function');
    assert.equal(folderSlug('x'.repeat(100)).length, 60);
  });

  it('adds the start of the id when the folder name is taken, then a counter', () => {
    const id = '0190F0B2-1c3d-7000';
    assert.equal(uniqueFolderName('slack', new Set(), id), 'slack');
    assert.equal(uniqueFolderName('slack', new Set(['slack']), id), 'slack-0190f0b2');
    assert.equal(uniqueFolderName('slack', new Set(['slack', 'slack-0190f0b2']), id), 'slack-0190f0b2-2');
  });

  it('keeps site functions as TypeScript and everything else as Hog', () => {
    assert.equal(sourceExtension('site_destination'), '.ts');
    assert.equal(sourceExtension('site_app'), '.ts');
    assert.equal(sourceExtension('transformation'), '.hog');
    assert.equal(sourceExtension(null), '.hog');
    assert.ok(
      isSourceFileName('a.hog') &&
        isSourceFileName('a.ts') &&
        !isSourceFileName('a.d.ts') &&
        !isSourceFileName('function.json'),
    );
  });

  it('finds the function folder of a path at any depth, and nothing outside one', () => {
    assert.equal(
      functionFolderPath('/repo/posthog/hog-functions/slack/slack.hog'),
      '/repo/posthog/hog-functions/slack',
    );
    assert.equal(functionFolderPath('/repo/posthog/hog-functions/slack'), '/repo/posthog/hog-functions/slack');
    assert.equal(
      functionFolderPath('/repo/posthog/hog-functions/slack/fixtures/event.json'),
      '/repo/posthog/hog-functions/slack',
    );
    assert.equal(
      functionFolderPath('/repo/apps/web/posthog/hog-functions/a/function.json'),
      '/repo/apps/web/posthog/hog-functions/a',
    );
    assert.equal(functionFolderPath('/repo/posthog/hog-functions'), undefined);
    assert.equal(functionFolderPath('/repo/posthog/hog-functions/'), undefined);
    assert.equal(functionFolderPath('/repo/src/index.ts'), undefined);
  });

  it('keys projects by their address in PostHog', () => {
    assert.equal(projectKey('https://us.posthog.com', 12), 'https://us.posthog.com/project/12');
    assert.equal(projectKey('http://127.0.0.1:8010/', 1), 'http://127.0.0.1:8010/project/1');
  });
});

describe('stable JSON', () => {
  it('writes 2-space JSON with a final newline, keys in the chosen order then alphabetical', () => {
    const text = stableJson({ b: 1, a: { z: [], y: {} }, c: [1, { e: null, d: 'x' }] }, (path) =>
      path.length === 0 ? ['c'] : [],
    );
    assert.equal(
      text,
      '{\n  "c": [\n    1,\n    {\n      "d": "x",\n      "e": null\n    }\n  ],\n  "a": {\n    "y": {},\n    "z": []\n  },\n  "b": 1\n}\n',
    );
  });

  it('keeps integer-like keys where the order puts them', () => {
    assert.equal(stableJson({ b: 1, 10: 2, 2: 3 }), '{\n  "10": 2,\n  "2": 3,\n  "b": 1\n}\n');
  });

  it('round-trips any JSON value and ignores key order when comparing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const normalized = JSON.parse(JSON.stringify(value)) as unknown;
        assert.deepEqual(JSON.parse(stableJson(normalized)), normalized);
      }),
    );
    assert.equal(canonicalJson({ a: 1, b: [{ c: 2, d: 3 }] }), canonicalJson({ b: [{ d: 3, c: 2 }], a: 1 }));
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });
});

describe('function.json', () => {
  const ids = { [projectKey('https://us.posthog.com', 1)]: SLACK.id };

  it('renders exactly the documented file: fixed top-level order, inputs in schema order, derived parts dropped, secrets as markers', () => {
    const state = stateFromServer(SLACK);
    assert.equal(state.source, SLACK.hog);
    assert.equal(
      renderFunctionJson({ ids, config: state.config, extra: {} }),
      `{
  "ids": {
    "https://us.posthog.com/project/1": "0190f0b2-1c3d-7000-8a55-0d9c1e2b3a4f"
  },
  "type": "destination",
  "name": "Slack: new paying customer",
  "description": "Posts to #revenue",
  "enabled": true,
  "execution_order": null,
  "template_id": "template-slack",
  "inputs_schema": [
    {
      "key": "webhook_url",
      "type": "string",
      "label": "Slack webhook URL",
      "required": true,
      "secret": true,
      "hidden": false
    },
    {
      "key": "text",
      "type": "string",
      "label": "Message",
      "required": true,
      "secret": false,
      "hidden": false
    }
  ],
  "inputs": {
    "webhook_url": {
      "secret": true
    },
    "text": {
      "value": "Hello {person.name}",
      "templating": "hog"
    }
  },
  "filters": {
    "events": [
      {
        "id": "subscription_started",
        "name": "subscription_started",
        "type": "events",
        "order": 0
      }
    ],
    "source": "events"
  },
  "mappings": null,
  "masking": null
}
`,
    );
  });

  it('never writes a secret value, even when a server sends one', () => {
    const leaky: ServerFunction = {
      ...SLACK,
      inputs: { webhook_url: { value: 'https://hooks.slack.com/services/T0/B0/very-secret' }, text: { value: 'hi' } },
      mappings: [
        {
          name: 'm',
          inputs_schema: [{ key: 'token', type: 'string', secret: true }],
          inputs: { token: { value: 'mapping-secret' } },
          filters: {},
        },
      ],
    };
    const text = renderFunctionJson({ ids, config: stateFromServer(leaky).config, extra: {} });
    assert.doesNotMatch(text, /very-secret|mapping-secret/);
    assert.match(text, /"webhook_url": \{\n {6}"secret": true\n {4}\}/);
  });

  it('reads back what it writes, unknown keys kept', () => {
    const state = stateFromServer(SLACK);
    const parsed = parseFunctionJson(renderFunctionJson({ ids, config: state.config, extra: { notes: 'kept' } }));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.ids, ids);
    assert.deepEqual(parsed.value.extra, { notes: 'kept' });
    assert.ok(sameState({ source: state.source, config: parsed.value.config }, state));
    assert.match(renderFunctionJson(parsed.value), /"notes": "kept"\n}\n$/);
  });

  it('accepts a minimal hand-written file and fills in what PostHog defaults', () => {
    const parsed = parseFunctionJson('{"type": "transformation", "name": "Mine"}');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.config, {
      type: 'transformation',
      name: 'Mine',
      description: '',
      enabled: false,
      execution_order: null,
      template_id: null,
      inputs_schema: [],
      inputs: {},
      filters: {},
      mappings: null,
      masking: null,
    });
    assert.deepEqual(parsed.value.ids, {});
  });

  it('refuses what PostHog would refuse, naming the field (and the text around a JSON syntax error)', () => {
    const message = (text: string) => {
      const parsed = parseFunctionJson(text);
      assert.equal(parsed.ok, false, text);
      return parsed.ok ? '' : parsed.message;
    };
    assert.match(message('{"type": "destination",\n  "name": }'), /function.json is not valid JSON: .*"name": }/);
    assert.match(message('[]'), /one JSON object/);
    assert.match(message('{"name": "x"}'), /"type"/);
    assert.match(message('{"type": "destination", "enabled": "yes"}'), /"enabled" must be true or false/);
    assert.match(message('{"type": "destination", "inputs": {"url": "https://x"}}'), /"inputs.url" must be an object/);
    assert.match(message('{"type": "destination", "inputs_schema": [{"key": "url"}]}'), /inputs_schema\[0\]/);
    assert.match(message('{"type": "destination", "ids": {"p": 1}}'), /"ids"/);
    assert.match(message('{"type": "destination", "execution_order": -1}'), /execution_order/);
  });

  it('reads with the schema the editor validates with: fields inside arrays and objects are named, new kinds accepted', () => {
    const message = (file: Record<string, unknown>) => {
      const parsed = parseFunctionJson(JSON.stringify({ type: 'destination', ...file }));
      return parsed.ok ? 'accepted' : parsed.message;
    };
    assert.equal(
      message({
        type: 'a_type_posthog_adds_later',
        inputs_schema: [{ key: 'x', type: 'a_new_input_type' }],
        inputs: { x: { value: 1, templating: 'a_new_language' } },
      }),
      'accepted',
    );
    assert.match(
      message({
        inputs_schema: [
          { key: 'url', type: 'string' },
          { key: '', type: 'string' },
        ],
      }),
      /"inputs_schema\[1\]\.key" must be a name that is not empty/,
    );
    assert.match(
      message({ inputs_schema: [{ key: 'on', type: 'boolean', required: 'yes' }] }),
      /"inputs_schema\[0\]\.required" must be true or false/,
    );
    assert.match(
      message({ mappings: [{ inputs: { url: 'https://x' } }] }),
      /"mappings\[0\]\.inputs\.url" must be an object such as/,
    );
    assert.match(
      message({ filters: { filter_test_accounts: 'no' } }),
      /"filters\.filter_test_accounts" must be true or false/,
    );
    assert.match(message({ masking: { ttl: 10, hash: '{person.id}' } }), /"masking" must be an object such as/);
    assert.match(message({ name: 'x'.repeat(401) }), /"name" must be a string of at most 400 characters/);
    assert.match(message({ ids: { 'not a project address': 'f1' } }), /"ids" must be an object of project address/);
    assert.match(message({ execution_order: 1.5 }), /"execution_order" must be a whole number or null/);
  });

  it('finds secret values someone put in the file, lists the secret inputs, and masks them again', () => {
    const parsed = parseFunctionJson(
      JSON.stringify({
        type: 'destination',
        inputs_schema: [
          { key: 'token', type: 'string', secret: true, required: true, label: 'Token' },
          { key: 'url', type: 'string' },
          { key: 'opt', type: 'string', secret: true },
        ],
        inputs: { token: { value: 'in-the-file' }, url: { value: 'https://x' }, opt: { secret: true } },
      }),
    );
    assert.ok(parsed.ok);
    assert.deepEqual(secretValuesInFile(parsed.value.config), ['inputs.token']);
    assert.deepEqual(secretInputs(parsed.value.config), [
      { key: 'token', label: 'Token', required: true },
      { key: 'opt', label: 'opt', required: false },
    ]);
    const masked = withSecretsMasked(parsed.value.config);
    assert.deepEqual(masked.inputs, { token: { secret: true }, url: { value: 'https://x' }, opt: { secret: true } });
  });

  it('tolerates what PostHog marks nullable: no type reads as a destination, null name, filters and schema', () => {
    const state = stateFromServer({
      enabled: false,
      type: null,
      name: null,
      description: null,
      hog: null,
      inputs_schema: null,
      inputs: null,
      filters: null,
      mappings: null,
      masking: null,
    });
    assert.equal(state.config.type, 'destination');
    assert.equal(state.source, '');
    assert.deepEqual(state.config.inputs_schema, []);
    assert.deepEqual(state.config.filters, {});
  });
});
