// Run Hog Function Locally: the code and configuration in the editors (unsaved changes included) run on this machine
// by the toolchain (PostHog's parser, compiler and VM as its CDP worker runs them: src/core/toolchain), offline, on the
// sample event, a fixture or a recent event. fetch() gets the fixture's scripted answers (`"responses"`), else 200
// with an empty JSON body. Results go to the same Test Results view as PostHog's test runs, labelled local. Secret
// inputs run with placeholders, as in PostHog's test runs: their values never reach the editor.
import * as vscode from 'vscode';
import type { HogFunction } from '../../api';
import type { HogFunctionRef } from '../../core/functions/paths';
import { localEventResult, readResponses, splitResponses } from '../../core/testing/localRun';
import { Masking } from '../../core/testing/masking';
import { failedResult, runKind, type EventTestResult, type RunKind, type RunScope, type TestRun } from '../../core/testing/outcome';
import { completeGlobals, type SampleContext } from '../../core/testing/sampleGlobals';
import { withSecretPlaceholders } from '../../core/testing/secretPlaceholders';
import type { HogFunctionKind, InputSpec, InvocationOutcome } from '../../core/toolchain';
import { isJsonObject } from '../../shared/json';
import { testGlobals, whyNotTestable, type TestGlobals } from '../../shared/functionTypes';
import type { LocalFunction } from '../functions/workspaceFunctions';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { Session } from '../services/session';
import { fromEditors, fromFolder, type RunConfiguration } from './configuration';
import type { PlannedEvent } from './runner';

type Toolchain = typeof import('../../core/toolchain');

/** The toolchain bundle (dist/toolchain.js, PostHog's parser and VM): loaded on the first local run, not before. */
let toolchain: Promise<Toolchain> | undefined;
function loadToolchain(): Promise<Toolchain> {
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

/** The inputs a run renders, in schema order: the configuration's values (secrets as placeholders). */
function inputSpecs(configuration: Record<string, unknown>, extra?: Record<string, unknown>, extraSchema?: unknown): InputSpec[] {
  const schema = [...(Array.isArray(configuration.inputs_schema) ? configuration.inputs_schema : []), ...(Array.isArray(extraSchema) ? extraSchema : [])];
  const values = { ...(isJsonObject(configuration.inputs) ? configuration.inputs : {}), ...(extra ?? {}) };
  return schema.flatMap((item): InputSpec[] => {
    if (!isJsonObject(item) || typeof item.key !== 'string') return [];
    const entry = values[item.key];
    if (!isJsonObject(entry) || entry.value === undefined) return [];
    return [{
      key: item.key, type: typeof item.type === 'string' ? item.type : 'string', secret: item.secret === true, value: entry.value,
      ...(typeof entry.templating === 'string' ? { templating: entry.templating } : {}),
    }];
  });
}

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
      host: this.session.host, projectId: ref.projectId, projectName: this.session.projectName(ref.projectId), functionId: ref.functionId, functionName: name, globals,
    };
    return { ref, name, type, kind: runKind(type), globals, config, ctx };
  }

  async run(prepared: LocalPrepared, events: PlannedEvent[], scope: RunScope, onProgress?: (run: TestRun) => void): Promise<TestRun> {
    const tc = await loadToolchain();
    const { ref, name, type, kind, config, ctx } = prepared;
    const run: TestRun = {
      id: nextRunId++, ref, functionName: name, functionType: type, scope, startedAt: new Date().toISOString(),
      ranFrom: config.ranFrom, results: [], planned: events.length, cancelled: false, finished: false, local: true,
    };
    onProgress?.(run);
    const { configuration, secrets } = withSecretPlaceholders(config.configuration);
    let bytecode: unknown[] | undefined;
    let compileFailure: string | undefined;
    try {
      bytecode = tc.compileSource(String(configuration.hog ?? ''), 'program', tc.HOG_FUNCTION_COMPILE).bytecode;
    } catch (error) {
      compileFailure = error instanceof tc.HogSyntaxError ? error.problem.message : error instanceof Error ? error.message : String(error);
    }
    for (const planned of events) {
      const masking = new Masking(secrets);
      run.results.push(await this.runOne(tc, planned, bytecode, compileFailure, configuration, type, kind, ctx, masking));
      onProgress?.(run);
    }
    run.finished = true;
    onProgress?.(run);
    return run;
  }

  private async runOne(
    tc: Toolchain, planned: PlannedEvent, bytecode: unknown[] | undefined, compileFailure: string | undefined,
    configuration: Record<string, unknown>, type: string, kind: RunKind, ctx: SampleContext, masking: Masking,
  ): Promise<EventTestResult> {
    const ran = { title: planned.title, origin: planned.origin, input: 'input' in planned ? planned.input : {}, durationMs: 0 };
    if (!('input' in planned)) return failedResult(ran, planned.unreadable, masking);
    if (!bytecode) return failedResult(ran, compileFailure ?? vscode.l10n.t('The code does not compile.'), masking);
    const { globals: given, responses: rawResponses } = splitResponses(planned.input);
    const responses = readResponses(rawResponses, tc.parseResponses);
    if (!responses.ok) return failedResult({ ...ran, input: given }, vscode.l10n.t('The fixture\'s "responses" cannot be used: {0}', responses.message), masking);
    const globals = completeGlobals(given, ctx);
    const fnKind: HogFunctionKind = type === 'transformation' || type === 'transformation_log' || type === 'internal_destination' ? type : 'destination';
    // A destination with mappings runs once per mapping (PostHog also filters them by event; locally all run).
    const mappings = kind === 'destination' && Array.isArray(configuration.mappings) && configuration.mappings.length > 0 ? configuration.mappings : [undefined];
    const started = performance.now();
    const outcomes: InvocationOutcome[] = [];
    for (const mapping of mappings) {
      const mapped = isJsonObject(mapping) ? mapping : undefined;
      const inputs = inputSpecs(configuration, isJsonObject(mapped?.inputs) ? mapped.inputs : undefined, mapped?.inputs_schema);
      outcomes.push(await tc.invokeHogFunctionAsync(bytecode, { kind: fnKind, globals, inputs, asyncMode: 'script', responses: responses.responses }));
    }
    const runMs = outcomes.reduce((sum, o) => sum + (o.execution?.durationMs ?? 0), 0);
    return localEventResult({ ...ran, input: given, durationMs: performance.now() - started }, outcomes, kind, masking, Math.round(runMs * 10) / 10, globals);
  }
}
