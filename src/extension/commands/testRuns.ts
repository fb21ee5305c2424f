// Test-run commands: test a function on its sample event, on recent events that match its filters (one, or a batch),
// or on its saved fixtures as a suite; save an event as a fixture; open a result. Each takes what the other hog
// function commands take, or a file of a workspace function folder (its files are what runs); options say which
// events, a fixture's name or a cancellation token, so automation needs no pick. None of them writes to PostHog.
import * as vscode from 'vscode';
import type { HogFunction, HogFunctionSummary, RecentEvent } from '../../api';
import type { PickItem, Prompts } from '../../core/prompts';
import { Command } from '../services/constants';
import { projectKey } from '../../core/functions/layout';
import { exists, functionFolderOf, type LocalFunction, type WorkspaceFunctions } from '../functions/workspaceFunctions';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { SampleEventFiles } from '../hog/sampleEventFiles';
import { Fixtures } from '../testing/fixtures';
import { resultText, summary, type EventTestResult, type TestRun } from '../../core/testing/outcome';
import {
  ago,
  eventTitle,
  globalsFromRecentEvent,
  matchingFilters,
  RECENT_EVENTS_AFTER,
  recentEventWindows,
} from '../../core/testing/recentEvents';
import { defaultSampleGlobals, sampleMatchingFilters } from '../../core/testing/sampleGlobals';
import { TestEventNode, TestRequestNode, type TestResults } from '../testing/resultsView';
import type { PlannedEvent, Prepared, TestRunner } from '../testing/runner';
import type { LocalPrepared, LocalRunner } from '../testing/localRunner';
import type { GroupsStore } from '../services/groupsStore';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { functionLabel, testGlobals, whyNotTestable } from '../../shared/functionTypes';
import { targetResolver, type HogFunctionTarget, type Resolved } from './hogFunctionTarget';
import { command, type CommandTable } from './runner';

export interface TestRunDeps {
  session: Session;
  prompts: Prompts;
  store: HogFunctionsStore;
  groups: GroupsStore;
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  runner: TestRunner;
  localRunner: LocalRunner;
  results: TestResults;
  resultsView: vscode.TreeView<unknown>;
  fixtures: Fixtures;
  workspace: WorkspaceFunctions;
  output: vscode.OutputChannel;
}

/** Automation passes a token to cancel a batch the way the notification's Cancel button does. */
interface RunOptionsArg {
  token?: vscode.CancellationToken;
}

/** What a local run runs on, given ahead of time: the sample event, a fixture by name, or recent events by index. */
interface LocalRunArg {
  on?: 'sample' | { fixture: string } | { recent: number };
}

const MAX_RECENT = 100;
/** Recent events offered for one local run. */
const MAX_RECENT_LOCAL = 20;

/** Which functions a test command's pick lists: only those it can run. */
type Offer = (f: Pick<HogFunctionSummary, 'type'>) => boolean;
const testable: Offer = (f) => testGlobals(f.type) !== undefined;
/** Recent events are rows of the events table: log records and PostHog's internal events are not there. */
const testableOnEvents: Offer = (f) => testGlobals(f.type) === 'event' && f.type !== 'internal_destination';

export function hogFunctionTestCommands(deps: TestRunDeps) {
  const { session, prompts, store, files, samples, runner, results, fixtures, workspace } = deps;
  const resolveFunction = targetResolver(session, store, files, prompts);

  /** The function, and the workspace folder whose files run when the target is one of them. */
  const resolve = async (
    target: HogFunctionTarget,
    title: string,
    offer: Offer,
  ): Promise<(Resolved & { folder?: LocalFunction }) | undefined> => {
    const uri =
      target instanceof vscode.Uri
        ? target
        : target === undefined
          ? vscode.window.activeTextEditor?.document.uri
          : undefined;
    const folder = uri && functionFolderOf(uri);
    if (!folder) return resolveFunction(target, title, offer);
    const connection = session.requireConnection();
    const local = await workspace.refresh(folder);
    const id = local.file?.ids[projectKey(connection.host, connection.projectId)];
    if (!id)
      throw new Error(
        vscode.l10n.t(
          '{0} is not linked to a hog function in this project yet: push it first, then test it.',
          folder.path.split('/').pop() ?? folder.path,
        ),
      );
    return { ref: { projectId: connection.projectId, functionId: id }, folder: local };
  };

  /** Null when PostHog cannot run the type (said in one line, nothing sent). */
  const prepare = async (
    target: HogFunctionTarget,
    title: string,
    offer: Offer = testable,
  ): Promise<Prepared | undefined> => {
    const resolved = await resolve(target, title, offer);
    if (!resolved) return undefined;
    // Once the function is chosen, the Test Results view shows it is at work while its current version is read.
    return results.working(async () => {
      // Read once here when the type is not known yet; the runner reads PostHog's current version otherwise.
      const current = resolved.summary ? undefined : await files.refresh(resolved.ref);
      const type = resolved.summary?.type ?? (current as HogFunction).type;
      if (!testGlobals(type)) {
        void prompts.info(whyNotTestable(type));
        return undefined;
      }
      return runner.prepare(resolved.ref, resolved.folder, current);
    });
  };

  /**
   * Shows a finished run: its results in the view and (for one event) the result itself. Its text also goes to the
   * "PostHog: Test run" output for whoever opens it, which no longer pops up: one run, one place to look.
   */
  const show = async (run: TestRun, openResult: boolean): Promise<void> => {
    deps.output.clear();
    deps.output.append(run.results.map((r) => resultText(run, r, vscode.env.language)).join('\n'));
    results.update(run);
    // A batch's list is its result; one event's result is the diff or document, so the side bar is left as it is.
    if (!openResult || deps.resultsView.visible)
      await deps.resultsView.reveal(results.nodeOf(run), { expand: true, focus: false, select: false });
    if (openResult && run.results[0]) await results.open(new TestEventNode(run, 0));
  };

  /** A batch runs under a notification with Cancel; a single event with the window's progress. */
  const runEvents = async (
    prepared: Prepared,
    events: PlannedEvent[],
    scope: TestRun['scope'],
    options: RunOptionsArg = {},
  ): Promise<TestRun> => {
    const name = functionLabel(prepared.fn);
    const onProgress = (run: TestRun) => results.update(run);
    if (events.length === 1) {
      return prompts.progress({ title: vscode.l10n.t('Testing {0}', name) }, () =>
        runner.run(prepared, events, { scope, onProgress, ...(options.token ? { token: options.token } : {}) }),
      );
    }
    return prompts.progress(
      {
        location: 'notification',
        title: vscode.l10n.t('Testing {0} on {1} events', name, events.length),
        cancellable: true,
      },
      (signal, report) => {
        const either = new vscode.CancellationTokenSource();
        const cancel = () => either.cancel();
        signal.addEventListener('abort', cancel);
        const subscription = options.token?.onCancellationRequested(cancel);
        if (signal.aborted || options.token?.isCancellationRequested) either.cancel();
        const progress = {
          report: (p: { message?: string; increment?: number }) => report(p.message ?? '', p.increment),
        };
        return runner.run(prepared, events, { scope, onProgress, progress, token: either.token }).finally(() => {
          signal.removeEventListener('abort', cancel);
          subscription?.dispose();
          either.dispose();
        });
      },
    );
  };

  const announce = (run: TestRun): void => {
    const text = vscode.l10n.t('{0}: {1}.', run.functionName, summary(run));
    const failed = run.results.some((r) => r.status === 'error');
    void (failed ? prompts.warn(text) : prompts.info(text));
  };

  const groupTypeNames = async (): Promise<string[]> => {
    const list = deps.groups.groupTypes();
    if (!list) return [];
    await list.load();
    // Without group types the events still load; only `groups.*` in the globals stays empty.
    return list.isLoaded ? list.items.map((t) => t.group_type) : [];
  };

  const recentEvents = async (prepared: Prepared, limit: number): Promise<RecentEvent[]> => {
    const { fixedProperties, filterTestAccounts } = matchingFilters(
      prepared.config.configuration.filters,
      prepared.config.configuration.mappings,
    );
    const groupTypes = await groupTypeNames();
    // As PostHog's editor does: the ids and times of matching events over widening windows (the last hour, 6 hours,
    // day, week, then 30 days) until enough match, then the events themselves: a busy project never gets a wide
    // query over days, which ClickHouse's memory limit refuses.
    const page = await prepared.client.listRecentEvents(prepared.ref.projectId, {
      fixedProperties,
      filterTestAccounts,
      after: RECENT_EVENTS_AFTER,
      windows: recentEventWindows(RECENT_EVENTS_AFTER),
      limit,
      groupTypes,
    });
    session.reportUnreadable('recent events', page.unreadable);
    if (page.unreadable.length)
      void prompts.warn(
        vscode.l10n.t(
          '{0} of the recent events PostHog sent could not be read and are left out; the "PostHog Workbench" log says why.',
          page.unreadable.length,
        ),
      );
    return page.results;
  };

  /**
   * A function's first sample: its newest recent event (one its filters match), else the default sample changed so its
   * filters accept it. So the first test run shows what the function does rather than "skipped" or "no changes".
   */
  const firstSample = (prepared: Prepared) => async (): Promise<Record<string, unknown> | undefined> => {
    if (prepared.globals !== 'event') return undefined;
    if (prepared.fn.type !== 'internal_destination') {
      try {
        const [row] = await recentEvents(prepared, 1);
        if (row) return globalsFromRecentEvent(row, prepared.ctx);
      } catch {
        // No query:read, throttled, offline: a sample built from the filters does (the request log has the failure).
      }
    }
    return sampleMatchingFilters(defaultSampleGlobals(prepared.ctx), prepared.config.configuration.filters);
  };

  const pickEvents = async <T>(
    title: string,
    everything: string,
    items: (PickItem & { value: T })[],
  ): Promise<T[] | undefined> => {
    const all = { label: `$(run-all) ${everything}`, value: undefined as T | undefined, alwaysShow: true };
    const picked = await prompts.pick([all, { label: '', separator: true, value: undefined }, ...items], {
      title,
      placeHolder: vscode.l10n.t('Pick an event to test, or run them all'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    return picked === all ? items.map((i) => i.value) : picked.value === undefined ? undefined : [picked.value];
  };

  /** A local run needs no connection for a workspace folder: its files are all there is to run. */
  const prepareLocal = async (target: HogFunctionTarget, title: string): Promise<LocalPrepared | undefined> => {
    const uri =
      target instanceof vscode.Uri
        ? target
        : target === undefined
          ? vscode.window.activeTextEditor?.document.uri
          : undefined;
    const folder = uri && functionFolderOf(uri);
    if (folder) {
      const local = await workspace.refresh(folder);
      const connection = session.connection();
      const id = connection ? local.file?.ids[projectKey(connection.host, connection.projectId)] : undefined;
      return deps.localRunner.prepare(
        { projectId: connection?.projectId ?? 0, functionId: id ?? folder.path.split('/').pop() ?? 'local' },
        local,
      );
    }
    const resolved = await resolveFunction(target, title);
    return resolved ? deps.localRunner.prepare(resolved.ref) : undefined;
  };

  /** What to run on: the sample event, one of the fixtures, or (signed in, events only) a recent event. */
  const chooseLocalEvents = async (
    prepared: LocalPrepared,
    arg: LocalRunArg['on'],
  ): Promise<{ events: PlannedEvent[]; scope: TestRun['scope'] } | undefined> => {
    const sample = async (): Promise<PlannedEvent[]> => {
      const input = await samples.load(prepared.ref, prepared.ctx);
      return [{ title: eventTitle(input), origin: { kind: 'sample' }, input }];
    };
    const fromFixture = async (fixture: { name: string; uri: vscode.Uri }): Promise<PlannedEvent[]> => {
      const loaded = await fixtures.load(fixture, prepared.globals);
      const origin = { kind: 'fixture' as const, name: fixture.name, uri: fixture.uri.toString() };
      return [
        'input' in loaded
          ? { title: fixture.name, origin, input: loaded.input }
          : { title: fixture.name, origin, unreadable: loaded.unreadable },
      ];
    };
    if (arg === 'sample') return { events: await sample(), scope: 'sample' };
    const found = prepared.ref.projectId ? await fixtures.list(prepared.ref, prepared.ctx.host) : [];
    const canRecent =
      prepared.globals === 'event' &&
      prepared.type !== 'internal_destination' &&
      session.connectionFor(prepared.ref.projectId) !== undefined;
    if (typeof arg === 'object' && 'fixture' in arg) {
      const fixture = found.find((f) => f.name === arg.fixture);
      if (!fixture) throw new Error(vscode.l10n.t('There is no fixture named {0}.', arg.fixture));
      return { events: await fromFixture(fixture), scope: 'fixtures' };
    }
    const recentOf = async (index?: number): Promise<PlannedEvent[] | undefined> => {
      const full = await runner.prepare(prepared.ref);
      const rows = await prompts.progress(
        { location: 'window', title: vscode.l10n.t('Loading recent events for {0}', prepared.name) },
        () => recentEvents(full, MAX_RECENT_LOCAL),
      );
      const planned = rows.map((row): PlannedEvent => {
        const input = globalsFromRecentEvent(row, prepared.ctx);
        return { title: eventTitle(input), origin: { kind: 'recent', at: row.event.timestamp }, input };
      });
      if (index !== undefined) return planned[index] ? [planned[index]] : [];
      const picked = await prompts.pick(
        planned.map((p, i) => ({
          label: p.title,
          description: ago((rows[i] as RecentEvent).event.timestamp),
          detail: describeEvent(rows[i] as RecentEvent),
          value: p,
        })),
        {
          title: vscode.l10n.t('Run {0} locally on a recent event', prepared.name),
          matchOnDescription: true,
          matchOnDetail: true,
        },
      );
      return picked ? [picked.value] : undefined;
    };
    if (typeof arg === 'object' && 'recent' in arg) {
      const events = await recentOf(arg.recent);
      return events?.length ? { events, scope: 'recent' } : undefined;
    }
    if (found.length === 0 && !canRecent) return { events: await sample(), scope: 'sample' };
    type Choice = PickItem & { run: () => Promise<{ events: PlannedEvent[]; scope: TestRun['scope'] } | undefined> };
    const choices: Choice[] = [
      {
        label: `$(symbol-event) ${vscode.l10n.t('Sample event')}`,
        description: vscode.l10n.t('the event test runs use'),
        run: async () => ({ events: await sample(), scope: 'sample' }),
      },
      ...found.map((f): Choice => ({
        label: `$(beaker) ${f.name}`,
        description: vscode.workspace.asRelativePath(f.uri),
        run: async () => ({ events: await fromFixture(f), scope: 'fixtures' }),
      })),
      ...(canRecent
        ? [
            {
              label: `$(history) ${vscode.l10n.t('A recent event…')}`,
              description: vscode.l10n.t('read from PostHog, then run here'),
              run: async () => {
                const events = await recentOf();
                return events?.length ? { events, scope: 'recent' as const } : undefined;
              },
            },
          ]
        : []),
    ];
    const picked = await prompts.pick(choices, { title: vscode.l10n.t('Run {0} locally on…', prepared.name) });
    return picked?.run();
  };

  return {
    [Command.testHogFunction]: command(
      vscode.l10n.t('Test hog function'),
      async (target?: HogFunctionTarget, options?: RunOptionsArg): Promise<EventTestResult | undefined> => {
        const prepared = await prepare(target, vscode.l10n.t('Test hog function'));
        if (!prepared) return undefined;
        const run = await results.working(async () => {
          const input = await samples.load(prepared.ref, prepared.ctx, firstSample(prepared));
          return runEvents(
            prepared,
            [{ title: eventTitle(input), origin: { kind: 'sample' }, input }],
            'sample',
            options,
          );
        });
        await show(run, true);
        return run.results[0];
      },
    ),

    [Command.testHogFunctionWithRecentEvents]: command(
      vscode.l10n.t('Test hog function with recent events'),
      async (
        target?: HogFunctionTarget,
        options?: RunOptionsArg & { pick?: 'all' | number[]; limit?: number },
      ): Promise<TestRun | undefined> => {
        const prepared = await prepare(target, vscode.l10n.t('Test hog function with recent events'), testableOnEvents);
        if (!prepared) return undefined;
        const name = functionLabel(prepared.fn);
        if (prepared.globals === 'record') {
          void prompts.info(
            vscode.l10n.t('{0} runs on log records, not events: test it with its sample log record.', name),
          );
          return undefined;
        }
        if (prepared.fn.type === 'internal_destination') {
          void prompts.info(
            vscode.l10n.t(
              "{0} runs on PostHog's internal events, which are not in the events table: test it with its sample event.",
              name,
            ),
          );
          return undefined;
        }
        const configured = vscode.workspace.getConfiguration('posthogWorkbench').get<number>('recentEventsLimit', 10);
        const limit = Math.max(1, Math.min(MAX_RECENT, Math.floor(options?.limit ?? configured)));
        const rows = await prompts.progress({ title: vscode.l10n.t('Loading recent events for {0}', name) }, () =>
          recentEvents(prepared, limit),
        );
        if (rows.length === 0) {
          // Not awaited: the answer to a notification may never come, and the command is done.
          void prompts
            .info(
              vscode.l10n.t('No events of the last 30 days match the filters of {0}.', name),
              vscode.l10n.t('Test with Sample Event'),
            )
            .then((choice) => {
              if (choice) void vscode.commands.executeCommand(Command.testHogFunction, { id: prepared.ref.functionId });
            });
          return undefined;
        }
        const planned = rows.map((row): PlannedEvent => {
          const input = globalsFromRecentEvent(row, prepared.ctx);
          return { title: eventTitle(input), origin: { kind: 'recent', at: row.event.timestamp }, input };
        });
        const chosen =
          options?.pick === 'all'
            ? planned
            : Array.isArray(options?.pick)
              ? options.pick.flatMap((i) => (planned[i] ? [planned[i]] : []))
              : await pickEvents(
                  vscode.l10n.t('Test {0} with recent events', name),
                  vscode.l10n.t('Run all {0} events, one after another', planned.length),
                  planned.map((p, i) => ({
                    label: p.title,
                    description: ago((rows[i] as RecentEvent).event.timestamp),
                    detail: describeEvent(rows[i] as RecentEvent),
                    value: p,
                  })),
                );
        if (!chosen?.length) return undefined;
        const run = await runEvents(prepared, chosen, 'recent', options);
        await show(run, chosen.length === 1);
        if (chosen.length > 1) announce(run);
        return run;
      },
    ),

    [Command.testHogFunctionWithFixtures]: command(
      vscode.l10n.t('Test hog function with fixtures'),
      async (
        target?: HogFunctionTarget,
        options?: RunOptionsArg & { pick?: 'all' | string[] },
      ): Promise<TestRun | undefined> => {
        const prepared = await prepare(target, vscode.l10n.t('Test hog function with fixtures'));
        if (!prepared) return undefined;
        const name = functionLabel(prepared.fn);
        const found = await fixtures.list(prepared.ref, prepared.ctx.host);
        if (found.length === 0) {
          void prompts
            .info(
              vscode.l10n.t(
                '{0} has no fixtures yet. Save an event from a test result, or save its sample event.',
                name,
              ),
              vscode.l10n.t('Save Sample Event as Fixture'),
            )
            .then((choice) => {
              if (choice) void vscode.commands.executeCommand(Command.saveTestFixture, { id: prepared.ref.functionId });
            });
          return undefined;
        }
        const chosen =
          options?.pick === 'all'
            ? found
            : Array.isArray(options?.pick)
              ? found.filter((f) => options.pick?.includes(f.name))
              : await pickEvents(
                  vscode.l10n.t('Test {0} with fixtures', name),
                  vscode.l10n.t('Run all {0} fixtures as a suite', found.length),
                  found.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.uri), value: f })),
                );
        if (!chosen?.length) return undefined;
        const planned = await Promise.all(
          chosen.map(async (fixture): Promise<PlannedEvent> => {
            const loaded = await fixtures.load(fixture, prepared.globals);
            const origin = { kind: 'fixture' as const, name: fixture.name, uri: fixture.uri.toString() };
            return 'input' in loaded
              ? { title: fixture.name, origin, input: loaded.input }
              : { title: fixture.name, origin, unreadable: loaded.unreadable };
          }),
        );
        const run = await runEvents(prepared, planned, 'fixtures', options);
        await show(run, planned.length === 1);
        if (planned.length > 1) announce(run);
        return run;
      },
    ),

    [Command.runHogFunctionLocally]: command(
      vscode.l10n.t('Run hog function locally'),
      async (target?: HogFunctionTarget, options?: LocalRunArg): Promise<EventTestResult | undefined> => {
        const prepared = await prepareLocal(target, vscode.l10n.t('Run hog function locally'));
        if (!prepared) return undefined;
        const chosen = await chooseLocalEvents(prepared, options?.on);
        if (!chosen?.events.length) return undefined;
        const run = await prompts.progress(
          { location: 'window', title: vscode.l10n.t('Running {0} locally', prepared.name) },
          () => deps.localRunner.run(prepared, chosen.events, chosen.scope, (r) => results.update(r)),
        );
        await show(run, true);
        return run.results[0];
      },
    ),

    [Command.saveTestFixture]: command(
      vscode.l10n.t('Save test fixture'),
      async (
        target?: TestEventNode | HogFunctionTarget,
        options?: { name?: string },
      ): Promise<vscode.Uri | undefined> => {
        let saved: { ref: Prepared['ref']; title: string; input: Record<string, unknown> };
        if (target instanceof TestEventNode) {
          const result = target.result;
          if (!result || Object.keys(result.input).length === 0)
            throw new Error(vscode.l10n.t('This result has no event that could be saved (it could not be read).'));
          saved = { ref: target.run.ref, title: result.title, input: result.input };
        } else {
          const prepared = await prepare(target, vscode.l10n.t('Save the sample event as a test fixture'));
          if (!prepared) return undefined;
          const input = await samples.load(prepared.ref, prepared.ctx, firstSample(prepared));
          saved = { ref: prepared.ref, title: eventTitle(input), input };
        }
        const connection = session.connectionFor(saved.ref.projectId);
        if (!connection)
          throw new Error(
            vscode.l10n.t('Select project {0} to save a fixture of this hog function.', saved.ref.projectId),
          );
        const folder = await fixtures.saveFolder(saved.ref, connection.host);
        const name =
          options?.name ??
          (await prompts.input({
            title: vscode.l10n.t('Save as test fixture'),
            prompt: vscode.l10n.t(
              'A JSON file in {0}/ that "Test Hog Function with Fixtures" runs',
              vscode.workspace.asRelativePath(folder),
            ),
            value: Fixtures.suggestName(saved.title),
            validate: async (value) =>
              Fixtures.checkName(value) ??
              ((await exists(vscode.Uri.joinPath(folder, `${value.trim()}.json`)))
                ? vscode.l10n.t('A fixture with this name exists: choose another name.')
                : undefined),
          }));
        if (name === undefined) return undefined;
        const uri = await fixtures.save(folder, name, saved.input);
        void prompts
          .info(vscode.l10n.t('Saved the fixture {0}.', vscode.workspace.asRelativePath(uri)), vscode.l10n.t('Open'))
          .then((choice) => {
            if (choice) void vscode.window.showTextDocument(uri);
          });
        return uri;
      },
    ),

    [Command.openTestResult]: command(vscode.l10n.t('Open test result'), (node?: TestEventNode | TestRequestNode) =>
      node instanceof TestEventNode || node instanceof TestRequestNode ? results.open(node) : undefined,
    ),

    [Command.showTestResultDetails]: command(vscode.l10n.t('Show test result details'), (node?: TestEventNode) =>
      node instanceof TestEventNode ? results.open(node, { details: true }) : undefined,
    ),

    [Command.clearTestResults]: command(vscode.l10n.t('Clear test results'), () => results.clear()),
  } satisfies CommandTable;
}

/** A queried event in one line: its URL, else a few of its properties. */
function describeEvent(row: RecentEvent): string {
  const url = row.event.properties.$current_url;
  if (typeof url === 'string') return url;
  const shown = Object.entries(row.event.properties)
    .filter(([k]) => !k.startsWith('$'))
    .slice(0, 4);
  return shown.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}
