// The resumable apply against the local PostHog: every change applied exactly once, whatever interrupts it (a cancel,
// a crash before a request left or after PostHog applied it but before its answer was recorded, PostHog failing
// after saving), checked by PostHog's own activity log; the journal and the report it leaves.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { PostHogClient } from '../../../src/api';
import {
  transportFailure,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../../../src/api/transport';
import { createTransport } from '../../../src/api/undiciTransport';
import {
  applyImport,
  dryRun,
  ImportJournal,
  journalDirName,
  JournalError,
  listJournals,
  openText,
  operationsOf,
  reportToJson,
  reportToText,
  saveReport,
  type ImportMapping,
  type ImportReport,
  type Operation,
} from '../../../src/core/groups';
import { startFakePostHog, type FakePostHog } from '../../fake-posthog/index';
import { activitySeq, addGroupType, changesSince, clientFor, groupOf, putGroup, TYPE } from './helpers';

const mapping: ImportMapping = {
  keyColumn: 'id',
  properties: [
    { column: 'plan', property: 'plan', type: 'string' },
    { column: 'seats', property: 'seats', type: 'number' },
    { column: 'beta', property: 'beta', type: 'boolean', empty: 'remove' },
  ],
};

/** The activity entries a set of operations should leave: one per property created, changed or removed. */
function expectedChanges(ops: readonly Operation[]): string[] {
  return ops
    .flatMap((op) => {
      if (op.kind === 'create') return Object.keys(op.properties).map((p) => `${op.key}/${p}/created`);
      if (op.kind === 'set') return [`${op.key}/${op.property}/${op.before.present ? 'changed' : 'created'}`];
      return [`${op.key}/${op.property}/deleted`];
    })
    .sort();
}

interface Interruption {
  /** The request (counted from 1 on this client) at which it happens. */
  at: number;
  /**
   * before: the process dies before the request leaves; after: PostHog applies it and the process dies before the
   * answer is recorded; cancel: the user cancels as it leaves; lost502: PostHog applies it but answers 502.
   */
  mode: 'before' | 'after' | 'cancel' | 'lost502';
}

/**
 * A transport over the real one that interrupts at one request. A crash copies the journal as it is on disk at that
 * instant and stops every later request from leaving, as a dead process would; the test puts the copy back before the
 * next run, so nothing the dying run wrote afterwards counts.
 */
function interrupting(interruption: Interruption | undefined, journalDir: string, abort: AbortController) {
  let n = 0;
  let dead = false;
  const snapshot = path.join(journalDir, 'journal.crash.json');
  let crashed = false;
  const factory = (origin: string, network: Parameters<typeof createTransport>[1]): Transport => {
    const real = createTransport(origin, network);
    return {
      close: () => real.close(),
      async request(req: TransportRequest): Promise<TransportResponse> {
        if (dead) throw transportFailure('cancelled', 'the process is gone');
        n++;
        if (!interruption || n !== interruption.at) return real.request(req);
        const crash = () => {
          copyFileSync(ImportJournal.journalFile(journalDir), snapshot);
          crashed = true;
          dead = true;
          abort.abort();
          throw transportFailure('cancelled', 'the process is gone');
        };
        switch (interruption.mode) {
          case 'before':
            return crash();
          case 'cancel':
            abort.abort();
            throw transportFailure('cancelled', 'cancelled');
          case 'after':
            await real.request(req);
            return crash();
          case 'lost502':
            await real.request(req);
            return { status: 502, headers: { 'content-type': 'text/html' }, bodyText: '<html>Bad gateway</html>' };
        }
      },
    };
  };
  return {
    factory,
    /** After the run settled: a crashed run's journal goes back to what was on disk when it died. */
    restore: () => {
      if (crashed) copyFileSync(snapshot, ImportJournal.journalFile(journalDir));
    },
  };
}

describe('import apply', () => {
  let fake: FakePostHog;
  let dir: string;
  before(async () => {
    fake = await startFakePostHog({ seed: 'empty' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset('empty');
    addGroupType(fake);
    dir = mkdtempSync(path.join(tmpdir(), 'phwb-import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function planned(csv: string, client: PostHogClient) {
    const { plan } = await dryRun({
      client,
      projectId: fake.projectId,
      groupTypeIndex: TYPE,
      open: openText(csv),
      format: 'csv',
      mapping,
    });
    const ops = operationsOf(plan);
    const journal = await ImportJournal.create(
      dir,
      { host: fake.url, projectId: fake.projectId, groupTypeIndex: TYPE },
      ops,
      { source: 'groups.csv' },
    );
    return { plan, ops, journal };
  }

  it('applies the plan: creates groups, sets and removes properties, and reports it', async () => {
    putGroup(fake, 'acme', { plan: 'free', seats: 3, beta: true });
    const client = clientFor(fake);
    const { ops, journal } = await planned('id,plan,seats,beta\nacme,pro,3,\nnew1,team,2,true\nnew2,free,1,\n', client);
    assert.deepEqual(
      ops.map((o) => `${o.kind}:${o.key}`),
      ['set:acme', 'remove:acme', 'create:new1', 'create:new2'],
    );
    const seq = activitySeq(fake);
    const progress: number[] = [];
    const report = await applyImport({ client, journal, host: fake.url, onProgress: (p) => progress.push(p.done) });
    await client.dispose();
    assert.deepEqual(report.outcome, { status: 'completed' });
    assert.deepEqual(groupOf(fake, 'acme'), { plan: 'pro', seats: 3 });
    assert.deepEqual(groupOf(fake, 'new1'), { plan: 'team', seats: 2, beta: true });
    assert.deepEqual(changesSince(fake, seq).sort(), expectedChanges(ops));
    assert.deepEqual(report.totals, {
      operations: 4,
      applied: 4,
      failed: 0,
      pending: 0,
      uncertain: 0,
      groupsCreated: 2,
      propertiesSet: 6,
      propertiesRemoved: 1,
    });
    assert.equal(progress.at(-1), 4);
    assert.match(
      reportToText(report),
      /4 of 4 changes applied \(2 groups created, 6 properties set, 1 removed\), 0 failed/,
    );
    const saved = JSON.parse(reportToJson(report)) as ImportReport;
    assert.equal(saved.format, 'posthog-workbench.groups-import-report');
    assert.equal(saved.source, 'groups.csv');
    // Running it again sends nothing: every change is done.
    const again = clientFor(fake);
    fake.clearRequests();
    const second = await applyImport({ client: again, journal: await ImportJournal.open(dir), host: fake.url });
    await again.dispose();
    assert.equal(fake.requests.length, 0);
    assert.equal(second.totals.applied, 4);
    assert.equal(second.runs, 2);
  });

  it("a failing change fails alone, with PostHog's reason, and the others are applied", async () => {
    putGroup(fake, 'acme', { plan: 'free' });
    putGroup(fake, 'beta', { plan: 'free' });
    const client = clientFor(fake);
    const { journal } = await planned('id,plan\nacme,pro\nbeta,pro\n', client);
    fake.addFault({
      method: 'POST',
      path: 'update_property',
      kind: 'status',
      status: 400,
      times: 1,
      body: { type: 'validation_error', code: 'invalid_input', detail: 'Value not allowed.', attr: 'value' },
    });
    const report = await applyImport({ client, journal, host: fake.url, concurrency: 1 });
    await client.dispose();
    assert.deepEqual(report.outcome, { status: 'completed' });
    assert.equal(report.failed.length, 1);
    assert.equal(report.failed[0]!.key, 'acme');
    assert.match(report.failed[0]!.reason, /Value not allowed/);
    assert.deepEqual(groupOf(fake, 'beta'), { plan: 'pro' });
    assert.match(reportToText(report), /Failed:\n {2}set "plan" of "acme" to "pro": .*Value not allowed/);
  });

  it('stops on a missing scope without losing a change, and resumes once the key can write', async () => {
    const client = clientFor(fake);
    const { ops, journal } = await planned('id,plan\na,pro\nb,pro\nc,pro\n', client);
    fake.addFault({
      method: 'POST',
      path: '/groups/?$',
      kind: 'status',
      status: 403,
      skip: 1,
      times: 1,
      body: {
        type: 'authentication_error',
        code: 'permission_denied',
        detail: "API key missing required scope 'group:write'",
        attr: null,
      },
    });
    const seq = activitySeq(fake);
    const first = await applyImport({ client, journal, host: fake.url, concurrency: 1 });
    assert.equal(first.outcome.status, 'stopped');
    assert.equal(first.totals.applied, 1);
    assert.equal(first.totals.pending, 2);
    const second = await applyImport({ client, journal: await ImportJournal.open(dir), host: fake.url });
    await client.dispose();
    assert.deepEqual(second.outcome, { status: 'completed' });
    assert.deepEqual(changesSince(fake, seq).sort(), expectedChanges(ops));
  });

  it('a group created after the dry run is updated instead of created, and said so', async () => {
    const client = clientFor(fake);
    const { journal } = await planned('id,plan,seats\nlate,pro,5\n', client);
    putGroup(fake, 'late', { plan: 'free', seats: 5 });
    const seq = activitySeq(fake);
    const report = await applyImport({ client, journal, host: fake.url });
    await client.dispose();
    assert.deepEqual(groupOf(fake, 'late'), { plan: 'pro', seats: 5 });
    assert.deepEqual(changesSince(fake, seq), ['late/plan/changed']);
    assert.equal(report.totals.groupsCreated, 0);
    assert.equal(report.totals.propertiesSet, 1);
    assert.match(report.applied[0]!.note ?? '', /already existed/);
  });

  it('a resume does not overwrite a value someone changed after the dry run, and reports the conflict', async () => {
    putGroup(fake, 'acme', { plan: 'free' });
    const client = clientFor(fake);
    const { journal } = await planned('id,plan\nacme,pro\n', client);
    // A run that died with the write in flight, which never reached PostHog; then someone else set the value.
    journal.markInFlight(0);
    await journal.commit();
    fake.state.groups.find((g) => g.group_key === 'acme')!.group_properties = { plan: 'enterprise' };
    const report = await applyImport({ client, journal: await ImportJournal.open(dir), host: fake.url });
    await client.dispose();
    assert.equal(report.failed[0]?.errorKind, 'conflict');
    assert.match(report.failed[0]!.reason, /changed on PostHog since the dry run \(it is now "enterprise"\)/);
    assert.deepEqual(groupOf(fake, 'acme'), { plan: 'enterprise' });
  });

  it('cancel stops starting writes; the next run picks up where it stopped', async () => {
    const client = clientFor(fake);
    const csv = `id,plan\n${Array.from({ length: 20 }, (_, i) => `g${i},pro`).join('\n')}\n`;
    const { ops, journal } = await planned(csv, client);
    const seq = activitySeq(fake);
    const abort = new AbortController();
    const first = await applyImport({
      client,
      journal,
      host: fake.url,
      signal: abort.signal,
      concurrency: 2,
      onProgress: (p) => p.done >= 5 && abort.abort(),
    });
    assert.equal(first.outcome.status, 'cancelled');
    assert.ok(first.totals.applied >= 5 && first.totals.applied < 20, `applied ${first.totals.applied}`);
    const second = await applyImport({ client, journal: await ImportJournal.open(dir), host: fake.url });
    await client.dispose();
    assert.deepEqual(second.outcome, { status: 'completed' });
    assert.deepEqual(changesSince(fake, seq).sort(), expectedChanges(ops));
  });

  it('lists the imports kept in a folder, unfinished ones marked, and saves the report', async () => {
    const client = clientFor(fake);
    const { plan } = await dryRun({
      client,
      projectId: fake.projectId,
      groupTypeIndex: TYPE,
      open: openText('id,plan\na,pro\nb,pro\n'),
      format: 'csv',
      mapping,
    });
    const target = { host: fake.url, projectId: fake.projectId, groupTypeIndex: TYPE };
    const name = journalDirName(target, 'my groups.csv', new Date('2026-02-03T04:05:06Z'));
    assert.match(name, /^2026-02-03T04-05-06-000Z-p1-t0-my_groups\.csv-[0-9a-f]{6}$/);
    const journal = await ImportJournal.create(path.join(dir, name), target, operationsOf(plan), {
      source: 'my groups.csv',
    });
    assert.deepEqual(
      (await listJournals(dir)).map((j) => [j.source, j.unfinished, j.counts.pending]),
      [['my groups.csv', true, 2]],
    );
    const report = await applyImport({ client, journal, host: fake.url });
    await client.dispose();
    assert.deepEqual(
      (await listJournals(dir)).map((j) => [j.unfinished, j.counts.done, j.runs]),
      [[false, 2, 1]],
    );
    assert.deepEqual(await listJournals(path.join(dir, 'nothing-here')), []);
    const file = path.join(dir, 'report.json');
    await saveReport(report, file);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(reportToJson(report)));
  });

  it('refuses a journal for another host, and a plan edited on disk', async () => {
    const client = clientFor(fake);
    const { journal } = await planned('id,plan\na,pro\n', client);
    await client.dispose();
    await assert.rejects(
      applyImport({ client, journal, host: 'https://eu.posthog.com' }),
      /planned for http:\/\/127\.0\.0\.1/,
    );
    const planFile = ImportJournal.planFile(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('"pro"', '"enterprise"'));
    await assert.rejects(ImportJournal.open(dir), JournalError);
  });

  it('every change is applied exactly once, however often the apply is interrupted and resumed', async () => {
    const keyArb = fc.integer({ min: 0, max: 11 }).map((n) => `k${n}`);
    const rowArb = fc.record({
      key: keyArb,
      plan: fc.constantFrom('free', 'pro', 'team', ''),
      seats: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      beta: fc.constantFrom('true', 'false', ''),
    });
    const existingArb = fc.uniqueArray(
      fc.record({
        key: keyArb,
        plan: fc.constantFrom('free', 'pro'),
        seats: fc.integer({ min: 0, max: 3 }),
        beta: fc.boolean(),
      }),
      { selector: (g) => g.key, maxLength: 8 },
    );
    const interruptionArb = fc.record({
      at: fc.integer({ min: 1, max: 8 }),
      mode: fc.constantFrom('before', 'after', 'cancel', 'lost502' as const),
    });
    await fc.assert(
      fc.asyncProperty(
        existingArb,
        fc.uniqueArray(rowArb, { selector: (r) => r.key, minLength: 1, maxLength: 10 }),
        fc.array(interruptionArb, { maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (existing, rows, interruptions, concurrency) => {
          fake.reset('empty');
          addGroupType(fake);
          rmSync(dir, { recursive: true, force: true });
          for (const g of existing) putGroup(fake, g.key, { plan: g.plan, seats: g.seats, beta: g.beta });
          const csv = `id,plan,seats,beta\n${rows.map((r) => `${r.key},${r.plan},${r.seats ?? ''},${r.beta}`).join('\n')}\n`;
          const planning = clientFor(fake);
          const { plan, ops } = await planned(csv, planning);
          await planning.dispose();
          const seq = activitySeq(fake);
          let report: ImportReport | undefined;
          for (let run = 0; run <= interruptions.length; run++) {
            const abort = new AbortController();
            const harness = interrupting(interruptions[run], dir, abort);
            const client = clientFor(fake, { createTransport: harness.factory });
            report = await applyImport({
              client,
              journal: await ImportJournal.open(dir),
              host: fake.url,
              signal: abort.signal,
              concurrency,
            });
            await client.dispose();
            harness.restore();
          }
          // The last run had no interruption: everything is done, each change once.
          assert.deepEqual(report!.outcome, { status: 'completed' });
          assert.equal(report!.totals.failed, 0);
          assert.equal(report!.totals.applied, ops.length);
          assert.deepEqual(changesSince(fake, seq).sort(), expectedChanges(ops));
          for (const g of plan.groups) {
            const props = groupOf(fake, g.key)!;
            for (const c of g.changes)
              assert.deepEqual(
                Object.hasOwn(props, c.property) ? { present: true, value: props[c.property] } : { present: false },
                c.after,
                `${g.key}.${c.property}`,
              );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
