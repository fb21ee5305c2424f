// Hostile and extreme input through the real client and the local PostHog: keys and values round-trip exactly
// (property-based, fast-check), limits are enforced before anything is sent, and hosts that could leak the key
// are refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeHost, PostHogClient } from '../../src/api';
import { webviewMessageSchema } from '../../src/shared/protocol/groupPanel';
import { parseValue, validateKey } from '../../src/shared/propertyValue';
import { clientFor, rejection, storedGroup, useLocalPostHog } from './support/localPostHog';

const fakeOf = useLocalPostHog();

/** Keys people and importers really produce: URL syntax, quotes, emoji, right-to-left text, control-free. */
const awkward = [
  'a b',
  'a/b',
  'a?b',
  'a#b',
  'a&b=c',
  '100%',
  'a+b',
  '"quoted"',
  "it's",
  '🚀 launch',
  'שלום עולם',
  'مرحبا',
  '\u202Eevil',
  '  padded  ',
];
const keyArb = fc.oneof(
  fc.constantFrom(...awkward),
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim().length > 0),
  fc
    .string({ minLength: 390, maxLength: 400, unit: 'grapheme-ascii' })
    .filter((s) => s.trim().length > 0 && s.length <= 400),
);
/** What JSON (and so PostHog) gives back: -0 becomes 0, so compare after a JSON round trip. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('bad input', () => {
  it('group keys round-trip exactly through create and find (property-based)', async () => {
    const fake = fakeOf();
    const { client } = clientFor(fake);
    try {
      await fc.assert(
        fc.asyncProperty(keyArb, async (groupKey) => {
          if (storedGroup(fake, 1, groupKey)) return;
          await client.createGroup(fake.projectId, { groupTypeIndex: 1, groupKey, groupProperties: { k: groupKey } });
          const found = await client.findGroup(fake.projectId, 1, groupKey);
          assert.equal(found.group_key, groupKey);
          assert.equal(storedGroup(fake, 1, groupKey)?.group_properties?.k, groupKey);
        }),
        { numRuns: 60 },
      );
    } finally {
      await client.dispose();
    }
  });

  it('property keys and values of every JSON type round-trip exactly (property-based)', async () => {
    const fake = fakeOf();
    const { client } = clientFor(fake);
    const ref = { groupTypeIndex: 0, groupKey: 'org:1002' };
    const valueArb = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null);
    try {
      await fc.assert(
        fc.asyncProperty(keyArb, valueArb, async (key, value) => {
          await client.updateGroupProperty(fake.projectId, ref, key, value);
          const found = await client.findGroup(fake.projectId, 0, ref.groupKey);
          assert.ok(Object.hasOwn(found.group_properties, key), `no own property ${JSON.stringify(key)}`);
          assert.deepStrictEqual(found.group_properties[key], viaJson(value));
        }),
        { numRuns: 80 },
      );
    } finally {
      await client.dispose();
    }
  });

  it('a value nested 50 deep and a 1 MB string round-trip', async () => {
    const fake = fakeOf();
    const { client } = clientFor(fake, { timeoutMs: 10_000 });
    const ref = { groupTypeIndex: 0, groupKey: 'org:1003' };
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = i % 2 ? { level: deep } : [deep];
    const big = 'x'.repeat(1024 * 1024 - 1) + '✓';
    try {
      await client.upsertGroupProperties(fake.projectId, ref, { deep, big });
      const found = await client.findGroup(fake.projectId, 0, ref.groupKey);
      assert.deepStrictEqual(found.group_properties.deep, deep);
      assert.equal(found.group_properties.big, big);
    } finally {
      await client.dispose();
    }
  });

  for (const key of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
    it(`"${key}" is an ordinary property key: stored as its own key, nothing polluted`, async () => {
      const fake = fakeOf();
      const { client } = clientFor(fake);
      const ref = { groupTypeIndex: 0, groupKey: 'org:1004' };
      try {
        await client.updateGroupProperty(fake.projectId, ref, key, { polluted: true });
        const found = await client.findGroup(fake.projectId, 0, ref.groupKey);
        assert.ok(Object.hasOwn(found.group_properties, key), `${key} is not an own property of the group read back`);
        assert.deepStrictEqual(found.group_properties[key], { polluted: true });
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
        await client.upsertGroupProperties(
          fake.projectId,
          ref,
          JSON.parse(`{${JSON.stringify(key)}: 2}`) as Record<string, unknown>,
        );
        assert.equal((await client.findGroup(fake.projectId, 0, ref.groupKey)).group_properties[key], 2);
      } finally {
        await client.dispose();
      }
    });
  }

  it('a 401-character property key is refused before sending; 400 is allowed', () => {
    assert.equal(validateKey('k'.repeat(400)), undefined);
    assert.match(validateKey('k'.repeat(401)) ?? '', /at most 400 characters \(this one has 401\)/);
    const save = (key: string) => ({
      type: 'save',
      id: 1,
      overwrite: false,
      edits: [{ key, value: 1, loaded: { present: false } }],
    });
    assert.equal(webviewMessageSchema.safeParse(save('k'.repeat(400))).success, true);
    assert.equal(
      webviewMessageSchema.safeParse(save('k'.repeat(401))).success,
      false,
      'the host would send a 401-character key',
    );
  });

  it('a 401-character group key is refused by PostHog with its reason, and nothing is stored', async () => {
    const fake = fakeOf();
    const { client } = clientFor(fake);
    try {
      const e = await rejection(() =>
        client.createGroup(fake.projectId, { groupTypeIndex: 1, groupKey: 'g'.repeat(401) }),
      );
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /^Couldn't create group: /);
      assert.equal(storedGroup(fake, 1, 'g'.repeat(401)), undefined);
    } finally {
      await client.dispose();
    }
  });

  it('integers beyond 2^53 are reported with the exact digits, never silently rounded (property-based)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 30n }), fc.boolean(), (n, negative) => {
        const literal = `${negative ? '-' : ''}${n}`;
        for (const text of [literal, `{"a": [${literal}]}`]) {
          const parsed = parseValue(text, text === literal ? 'number' : 'json');
          assert.equal(parsed.ok, false, `${text} was accepted`);
          assert.ok(!parsed.ok && parsed.message.includes(literal), `the message does not name ${literal}`);
        }
      }),
    );
    assert.deepEqual(parseValue('"123456789012345678901234567890"', 'json'), {
      ok: true,
      value: '123456789012345678901234567890',
    });
  });

  it('search text: 200 characters are sent, 201 come back as PostHog\'s validation error on "search"', async () => {
    const fake = fakeOf();
    const { client } = clientFor(fake);
    try {
      await client.listHogFunctions(fake.projectId, { search: 's'.repeat(200) });
      const e = await rejection(() => client.listHogFunctions(fake.projectId, { search: 's'.repeat(201) }));
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /200 characters or fewer.*\(search\)/);
      // Group search is a substring of the properties' JSON: any length and any characters are just text.
      const hostile = `%_'"\\/?#&+ 🚀 ${'x'.repeat(201)}`;
      const page = await client.listGroups(fake.projectId, { groupTypeIndex: 0, search: hostile });
      assert.deepEqual(page.results, []);
      const sent = fake.requests.filter((r) => r.path.endsWith('/groups/')).at(-1);
      assert.equal(
        new URLSearchParams(sent?.query).get('search'),
        hostile,
        'the search text reached PostHog unchanged',
      );
    } finally {
      await client.dispose();
    }
  });

  const hosts: [string, RegExp][] = [
    ['posthog.example.com', /is not a URL/],
    ['not a url at all', /is not a URL/],
    ['javascript:alert(1)', /must be an https:\/\/ URL/],
    ['https://user:secret@posthog.example.com', /must not contain a user name or password/],
    ['https://:phx_secret@posthog.example.com', /must not contain a user name or password/],
    ['http://posthog.example.com', /send your API key unencrypted/],
    ['http://192.168.1.10:8000', /send your API key unencrypted/],
    ['http://localhost.example.com', /send your API key unencrypted/],
  ];
  for (const [host, reason] of hosts) {
    it(`the host ${JSON.stringify(host)} is refused before any request`, () => {
      const result = normalizeHost(host);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, reason);
      assert.ok(!(result.ok ? '' : result.reason).includes('secret'), 'the reason repeats the credentials');
      assert.throws(
        () => new PostHogClient({ host, getApiKey: () => 'phx_never_sent' }),
        (e: Error) => (e as Error & { kind?: string }).kind === 'config',
      );
    });
  }
});
