// Run Hog Function Locally: the code and configuration in the editors (unsaved changes included) run on this machine
// by the toolchain (PostHog's parser, compiler and VM as its CDP worker runs them: src/core/toolchain), offline, on the
// sample event, a fixture or a recent event. fetch() gets the fixture's scripted answers (`"responses"`), else 200
// with an empty JSON body. Results go to the same Test Results view as PostHog's test runs, labelled local. Secret
// inputs run with placeholders, as in PostHog's test runs: their values never reach the editor.
import type { HogFunction } from '../../api';
import type { HogFunctionRef } from '../../core/functions/paths';
import { prepareFunction, runInput } from '../../core/testing/fixtureRun';
import { Masking } from '../../core/testing/masking';
import { failedResult, runKind, type RunKind, type RunScope, type TestRun } from '../../core/testing/outcome';
import type { SampleContext } from '../../core/testing/sampleGlobals';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import type { LocalFunction } from '../functions/workspaceFunctions';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { Session } from '../services/session';
import { fromEditors, fromFolder, type RunConfiguration } from './configuration';
import type { PlannedEvent } from './runner';

type Toolchain = typeof import('../../core/toolchain');

/** The toolchain bundle (dist/toolchain.js, PostHog's parser and VM): loaded on the first local run, not before. */
let toolchain: Promise<Toolchain> | undefined;
export function loadToolchain(): Promise<Toolchain> {
  toolchain ??= (async () => {
    // esbuild.mjs turns this require into one of the shared dist/toolchain.js.
    const loaded = require('../../core/toolchain') as Toolchain;
    await loaded.loadParser();
    return loaded;
  })();
  return toolchain;
}

/** A function ready to run locally: its type and configuration as the editors have it. */
export interface LocalPrepared {
  ref: HogFunctionRef;
  name: string;
  type: string;
  kind: RunKind;
  globals: TestGlobals;
  config: RunConfiguration;
  ctx: SampleContext;
}

let nextRunId = 1_000_000;

export class LocalRunner {
  constructor(
    private readonly session: Session,
    private readonly files: HogFileSystemProvider,
  ) {}

  /** What runs: a workspace folder's files, or PostHog's function (as last read) under the open editors. */
  async prepare(ref: HogFunctionRef, folder?: LocalFunction): Promise<LocalPrepared> {
    let config: RunConfiguration;
    let name: string;
    if (folder) {
      config = await fromFolder(folder);
      name = String(config.configuration.name ?? folder.folder.path.split('/').pop() ?? ref.functionId);
    } else {
      // What was read when an editor opened will do: nothing is sent to PostHog by a local run.
      const fn: HogFunction = this.files.cached(ref) ?? (await this.files.refresh(ref));
      config = fromEditors(ref, fn);
      name = fn.name ?? ref.functionId;
    }
    const type = String(config.configuration.type ?? 'destination');
    const globals = testGlobals(type);
    if (!globals) throw new Error(whyNotTestable(type));
    const ctx: SampleContext = {
      host: this.session.host,
      projectId: ref.projectId,
      projectName: this.session.projectName(ref.projectId),
      functionId: ref.functionId,
      functionName: name,
      globals,
    };
    return { ref, name, type, kind: runKind(type), globals, config, ctx };
  }

  async run(
    prepared: LocalPrepared,
    events: PlannedEvent[],
    scope: RunScope,
    onProgress?: (run: TestRun) => void,
  ): Promise<TestRun> {
    const tc = await loadToolchain();
    const { ref, name, type, config, ctx } = prepared;
    const run: TestRun = {
      id: nextRunId++,
      ref,
      functionName: name,
      functionType: type,
      scope,
      startedAt: new Date().toISOString(),
      ranFrom: config.ranFrom,
      results: [],
      planned: events.length,
      cancelled: false,
      finished: false,
      local: true,
    };
    onProgress?.(run);
    // The same core as `posthog-workbench test` (core/testing/fixtureRun.ts): compiled once, secrets as placeholders.
    const fn = prepareFunction(tc, config.configuration, ctx);
    for (const planned of events) {
      const masking = new Masking(fn.secrets);
      const ran = { title: planned.title, origin: planned.origin, input: 'input' in planned ? planned.input : {} };
      run.results.push(
        'input' in planned
          ? (await runInput(tc, fn, ran, masking)).result
          : failedResult({ ...ran, durationMs: 0 }, planned.unreadable, masking),
      );
      onProgress?.(run);
    }
    run.finished = true;
    onProgress?.(run);
    return run;
  }
}
