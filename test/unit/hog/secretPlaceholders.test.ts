// Secret inputs at every level run with placeholders in test runs: the function's own inputs, each mapping's inputs,
// whether PostHog keeps the value ({"secret": true}) or it was typed into function.json or an editor; and whatever
// the run shows, keeps or returns has them masked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../../src/core/functions/stableJson';
import { Masking, MASK } from '../../../src/core/testing/masking';
import { eventResult } from '../../../src/core/testing/outcome';
import { withSecretPlaceholders } from '../../../src/core/testing/secretPlaceholders';

const info = (message: string) => ({ level: 'info', timestamp: '2026-12-01T10:00:00.000+00:00', message });

const configuration = {
  hog: 'fetch(inputs.url, {headers: {auth: inputs.token}})',
  inputs_schema: [{ key: 'url', type: 'string', secret: true }],
  inputs: { url: { secret: true } },
  mappings: [
    {
      name: 'Pageviews',
      inputs_schema: [
        { key: 'token', type: 'string', secret: true },
        { key: 'extra', type: 'json', secret: true },
        { key: 'pin', type: 'number', secret: true },
        { key: 'label', type: 'string' },
      ],
      inputs: {
        token: { value: 'typed-mapping-token' },
        extra: { value: { api_key: 'typed-mapping-json' } },
        pin: { value: 4321 },
        label: { value: 'pageview' },
      },
    },
    {
      name: 'Stored',
      inputs_schema: [{ key: 'token', type: 'string', secret: true }],
      inputs: { token: { secret: true } },
    },
  ],
};

describe('secret placeholders at every level', () => {
  it("replace each mapping's secret inputs, typed or kept by PostHog, and leave the rest", () => {
    const { configuration: sent, secrets } = withSecretPlaceholders(configuration);
    const text = canonicalJson(sent);
    for (const real of ['typed-mapping-token', 'typed-mapping-json', '4321'])
      assert.ok(!text.includes(real), `${real} is not sent`);
    const [first, second] = sent.mappings as { inputs: Record<string, { value?: unknown; secret?: boolean }> }[];
    assert.equal(first?.inputs.token?.value, 'secret-input-mappings.0.token');
    assert.deepEqual(first?.inputs.extra?.value, { api_key: 'secret-input-mappings.0.extra.api_key' });
    assert.equal(typeof first?.inputs.pin?.value, 'number');
    assert.deepEqual(first?.inputs.label, { value: 'pageview' });
    assert.equal(
      second?.inputs.token?.value,
      'secret-input-mappings.1.token',
      'a stored mapping secret gets a placeholder too',
    );
    assert.equal((sent.inputs as Record<string, { value?: unknown }>).url?.value, 'secret-input-url');
    assert.ok(secrets.some((s) => s.value === 'secret-input-mappings.1.token'));
  });

  it('are masked wherever the result shows them, number placeholders included', () => {
    const { configuration: sent, secrets } = withSecretPlaceholders(configuration);
    const mapping = (sent.mappings as { inputs: Record<string, { value?: unknown }> }[])[0];
    const pin = String(mapping?.inputs.pin?.value);
    const masking = new Masking(secrets);
    const result = eventResult(
      { title: 't', origin: { kind: 'sample' }, input: {}, durationMs: 1 },
      {
        status: 'success',
        errors: [],
        logs: [
          info(`token secret-input-mappings.0.token, pin ${pin}`),
          info("Async function 'fetch' was mocked with arguments:"),
          info(
            `fetch('https://x.test/secret-input-url', ${JSON.stringify({ headers: { 'X-Token': 'secret-input-mappings.1.token' } }, null, 2)})`,
          ),
        ],
      },
      'destination',
      masking,
    );
    const shown = JSON.stringify(result);
    assert.ok(!shown.includes('secret-input-'), shown);
    assert.ok(!shown.includes(pin), 'the number placeholder is masked too');
    assert.ok(shown.includes(MASK));
    assert.ok(
      result.masked.some((m) => m.includes('mappings[0].token')),
      result.masked.join(', '),
    );
  });
});
