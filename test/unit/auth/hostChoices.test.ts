import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostChoices } from '../../../src/extension/services/hostChoices';

test('a configured self-hosted PostHog is the first, one-step choice', () => {
  const choices = hostChoices('https://posthog.example.com');
  assert.deepEqual(
    choices.map((c) => c.host),
    ['https://posthog.example.com', 'https://us.posthog.com', 'https://eu.posthog.com', undefined],
  );
  assert.equal(choices[0]?.label, 'posthog.example.com');
});

test('with a cloud (or nothing) configured, only the clouds and the URL row', () => {
  for (const configured of ['https://us.posthog.com', 'https://eu.posthog.com', undefined]) {
    assert.deepEqual(
      hostChoices(configured).map((c) => c.label),
      ['US Cloud', 'EU Cloud', 'Self-hosted or other URL…'],
    );
  }
});
