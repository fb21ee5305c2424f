// Contract tests: every response PostHog's published OpenAPI allows for each operation the client uses, generated
// at test time from the fragments in openapi/, is served by the local PostHog (its per-route response injection)
// and read by the real client over HTTP. A list loads every readable row; a row without a field the feature needs
// is the one row reported unreadable, naming that field; one object without such a field is refused naming it.
// Each test's title says how many generated cases it ran.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isPostHogError, type PostHogClient } from '../../src/api';
import { startFakePostHog, type FakePostHog } from '../fake-posthog/index';
import { testClient } from '../unit/api/helpers';
import { contractCases, OPERATIONS, type ContractCase, type ContractOperation } from './operations';

let fake: FakePostHog;
let client: PostHogClient;

before(async () => {
  fake = await startFakePostHog({ seed: 'realistic' });
  client = testClient(fake.url, { getApiKey: () => fake.apiKey }).client;
});

after(async () => {
  await client.dispose();
  await fake.close();
});

async function check(op: ContractOperation, c: ContractCase): Promise<void> {
  fake.clearFaults();
  fake.addFault({
    method: op.method,
    path: op.path,
    kind: 'body',
    status: op.status ?? 200,
    body: c.response,
    times: 1,
  });
  let view;
  try {
    view = await op.call(client, fake.projectId);
  } catch (error) {
    if (c.missingNeeded !== undefined && op.rowsAt === undefined) {
      assert.ok(isPostHogError(error) && error.kind === 'invalid_response', `${c.name}: ${String(error)}`);
      assert.equal(error.fieldPath, c.missingNeeded, `${c.name}: the refusal names the missing field`);
      return;
    }
    throw new Error(
      `${op.endpoint}: "${c.name}" was not read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (view.kind === 'one') {
    assert.equal(c.missingNeeded, undefined, `${c.name}: an answer without ${c.missingNeeded} must be refused`);
    return;
  }
  const unreadable = view.unreadable.map((r) => `${r.index}:${r.field}`);
  if (c.missingNeeded !== undefined) {
    assert.deepEqual(unreadable, [`0:${c.missingNeeded}`], `${c.name}: only the first row is unreadable`);
    assert.equal(view.results.length, (c.rows ?? 0) - 1, `${c.name}: every other row is read`);
  } else {
    assert.deepEqual(
      unreadable,
      [],
      `${c.name}: no row may be unreadable (${view.unreadable.map((r) => `${r.field}: ${r.reason}`).join('; ')})`,
    );
    assert.equal(view.results.length, c.rows, `${c.name}: every row is read`);
  }
}

describe("contract: generated from PostHog's published OpenAPI", () => {
  for (const op of OPERATIONS) {
    const cases = contractCases(op);
    test(`${op.endpoint} (${op.operationId}${op.component ? `, ${op.component.name}` : ''}): ${cases.length} generated responses`, async () => {
      for (const c of cases) await check(op, c);
    });
  }
});
