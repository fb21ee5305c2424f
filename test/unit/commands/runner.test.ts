// The command runner in plain Node: one notification per failure with the actions that fit (Sign In, Edit API Key,
// Retry, Show Log), Retry with the same arguments or of just the request after the questions, failures handed back to
// automation, results as plain data for other extensions. The notification is answered by a script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PostHogError, type PostHogErrorKind } from '../../../src/api';
import {
  command,
  commandRunner,
  retryable,
  type CommandSpec,
  type Commands,
  type RunnerOptions,
} from '../../../src/extension/commands/runner';
import { errorReporter } from '../../../src/extension/services/errors';
import { ScriptedPrompts, type Expectation } from '../../support/scriptedPrompts';

const HOST = 'https://posthog.example.com';

/** A runner over `table` whose notifications `prompts` answers; `done` records what the buttons did. */
function runner(
  table: Record<string, CommandSpec>,
  expectations: Expectation[] = [],
  options: Partial<RunnerOptions> = {},
) {
  const prompts = new ScriptedPrompts(expectations);
  const done: string[] = [];
  const reported: Promise<void>[] = [];
  const report = errorReporter({
    prompts,
    signIn: () => done.push('sign in'),
    showLog: () => done.push('show log'),
    openUrl: (url) => done.push(`open ${url}`),
  });
  const run = commandRunner(
    {
      results: 'as-is',
      host: () => HOST,
      report: (...args) => {
        const shown = report(...args);
        reported.push(shown);
        return shown;
      },
      ...options,
    },
    table as unknown as Commands,
  );
  /** Waits for the notifications shown so far (and what their buttons started) to settle. */
  const settled = async () => {
    for (let seen = 0; seen < reported.length; seen = reported.length) await Promise.all(reported.slice(seen));
  };
  return { run, prompts, done, settled };
}

const failure = (kind: PostHogErrorKind) =>
  new PostHogError({
    kind,
    operation: 'load hog functions',
    endpoint: 'GET hog_functions',
    reason: `a ${kind} failure`,
  });

test('a command runs with the arguments it was given, and its result comes back', async () => {
  const { run } = runner({
    'posthogWorkbench.rename': command('Rename', (id: string, options: { name: string }) => `${id}:${options.name}`),
  });
  assert.equal(await run.run('posthogWorkbench.rename', ['f1', { name: 'New' }]), 'f1:New');
  assert.deepEqual([...run.ids], ['posthogWorkbench.rename']);
});

test('a failure is one notification naming the operation, with Retry and Show Log; Retry runs it again with the same arguments', async () => {
  const calls: unknown[][] = [];
  const { run, prompts, settled } = runner(
    {
      'posthogWorkbench.flaky': command('Do the thing', (...args: unknown[]) => {
        calls.push(args);
        if (calls.length === 1) throw new Error('the disk is full');
        return 'second time lucky';
      }),
    },
    [{ error: 'Do the thing failed: the disk is full', answer: 'Retry' }],
  );
  assert.equal(await run.run('posthogWorkbench.flaky', ['a', 2]), undefined, 'a failure is reported, not returned');
  await settled();
  assert.deepEqual(calls, [
    ['a', 2],
    ['a', 2],
  ]);
  assert.deepEqual(
    prompts.asked.map((a) => a.choices),
    [['Retry', 'Show Log']],
  );
  prompts.assertDone();
});

test("PostHog's errors bring their own message, and the action that fixes them", async () => {
  const cases: { kind: PostHogErrorKind; action: string; done: string }[] = [
    { kind: 'unauthorized', action: 'Sign In', done: 'sign in' },
    { kind: 'missing_scope', action: 'Edit API Key', done: `open ${HOST}/settings/user-api-keys` },
    { kind: 'server', action: 'Show Log', done: 'show log' },
  ];
  for (const c of cases) {
    const error = failure(c.kind);
    const { run, prompts, done, settled } = runner(
      { 'posthogWorkbench.load': command('Load', () => Promise.reject(error)) },
      [{ error: error.message, answer: c.action }],
    );
    await run.run('posthogWorkbench.load', []);
    await settled();
    assert.deepEqual(done, [c.done], c.kind);
    assert.ok(prompts.asked[0]?.choices.includes('Retry'), `${c.kind}: ${prompts.asked[0]?.choices.join()}`);
    prompts.assertDone();
  }
});

test('a cancelled request shows nothing', async () => {
  const { run, prompts, settled } = runner({
    'posthogWorkbench.load': command('Load', () => Promise.reject(failure('cancelled'))),
  });
  assert.equal(await run.run('posthogWorkbench.load', []), undefined);
  await settled();
  assert.deepEqual(prompts.asked, []);
});

test('Retry of a retryable failure repeats only the request, not the questions before it', async () => {
  let questions = 0;
  let requests = 0;
  const { run, prompts, settled } = runner(
    {
      'posthogWorkbench.rename': command('Rename', async () => {
        questions++;
        return retryable(async () => {
          requests++;
          if (requests === 1) throw new Error('timed out');
          return 'renamed';
        });
      }),
    },
    [{ error: 'timed out', answer: 'Retry' }],
  );
  await run.run('posthogWorkbench.rename', []);
  await settled();
  assert.equal(questions, 1);
  assert.equal(requests, 2);
  prompts.assertDone();
});

test('a retry that fails again is reported again, with its own Retry', async () => {
  let attempts = 0;
  const { run, prompts, settled } = runner(
    {
      'posthogWorkbench.load': command('Load', () => {
        attempts++;
        throw new Error(`attempt ${attempts}`);
      }),
    },
    [
      { error: 'attempt 1', answer: 'Retry' },
      { error: 'attempt 2', answer: undefined },
    ],
  );
  await run.run('posthogWorkbench.load', []);
  await settled();
  assert.equal(attempts, 2);
  prompts.assertDone();
});

test('automation that passes every answer gets the failure itself, without a notification', async () => {
  const error = failure('unauthorized');
  const { run, prompts } = runner({
    'posthogWorkbench.signIn': command(
      'Sign in',
      (_args?: { apiKey?: string }) => retryable(() => Promise.reject(error)),
      { throwsFor: (args) => typeof args?.apiKey === 'string' },
    ),
  });
  await assert.rejects(
    run.run('posthogWorkbench.signIn', [{ apiKey: 'phx_x' }]),
    (e) => e === error,
    'the PostHog error, not its Retry wrapper',
  );
  assert.deepEqual(prompts.asked, []);
});

test("other extensions get plain data only; the extension's own tests get what the command returned", async () => {
  class Panel {
    readonly session = { apiKey: 'phx_secret' };
  }
  const table = {
    'posthogWorkbench.open': command('Open', () => new Panel()),
    'posthogWorkbench.create': command('Create', () => ({ id: 'f1', enabled: false })),
  };
  const outside = runner(table, [], { results: 'plain-data' }).run;
  assert.equal(await outside.run('posthogWorkbench.open', []), undefined);
  assert.deepEqual(await outside.run('posthogWorkbench.create', []), { id: 'f1', enabled: false });
  assert.ok((await runner(table).run.run('posthogWorkbench.open', [])) instanceof Panel);
});

test('an id no table handles is an error, not a silent no-op', async () => {
  await assert.rejects(
    runner({}).run.run('posthogWorkbench.nothing', []),
    /no handler for the command posthogWorkbench.nothing/,
  );
});
