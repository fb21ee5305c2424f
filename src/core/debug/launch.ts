// A debug session's launch arguments turned into what the runtime runs: the source (a file, or the text an editor
// sent), its debug build, the globals completed the way PostHog's CDP worker completes them for the function's type,
// the inputs rendered from their templates, and the scripted responses.
import * as l10n from '@vscode/l10n';
import {
  type AstNode,
  completeGlobals,
  compile,
  evaluate,
  SourceMap,
  type SyntaxProblem,
  type HogFunctionKind,
  type InputSpec,
  isKind,
  parseResponses,
  type ScriptedResponse,
  sensitiveValues,
  transformationFunctions,
  transformationGlobals,
} from '../toolchain';
import { defaultSampleGlobals } from '../testing/sampleGlobals';
import { type DebugBuild, debugBuild } from './build';

/** The `launch` arguments of a `hog` debug configuration (package.json documents them for launch.json). */
export interface HogLaunchArguments {
  /** The Hog source: an absolute path of a .hog file, or a `posthog-hog:` URI (the editor sends its text as `source`). */
  program: string;
  /** The text to run instead of reading `program` (an editor's unsaved text). */
  source?: string;
  /** A JSON file (or the object itself) with event, person, groups, project, source, inputs; default: a sample event. */
  globals?: string | Record<string, unknown>;
  /** A JSON file (or the list itself) of scripted answers for async calls, in the toolchain's response format. */
  responses?: string | unknown[];
  stopOnEntry?: boolean;
  /** Stop at each async call (fetch, sendEmail) and postHogCapture before it happens (default true). */
  stopOnAsync?: boolean;
  /** The function's type (default destination): which globals and functions it gets. */
  kind?: string;
  /** The function's inputs as its schema has them, rendered from their templates with the globals (as the worker does). */
  inputs?: InputSpec[];
  /** Values never shown in print() lines (secret inputs' placeholders). */
  secrets?: string[];
  /** The client answers async calls no script answers (the `hogAskResponse` event); else the default answer. */
  askForResponses?: boolean;
}

/** What the session needs from where it runs: a parser (off the editor's thread there) and files. */
export interface DebugHost {
  /** Parses Hog; rejects with an Error whose message says what is wrong, in words. */
  parse(text: string, kind: 'program' | 'expression' | 'template'): Promise<AstNode>;
  readFile(path: string): Promise<string>;
}

export interface PreparedLaunch {
  build: DebugBuild;
  kind: HogFunctionKind;
  globals: Record<string, unknown>;
  functions: Record<string, (...args: unknown[]) => unknown>;
  asyncFunctions: string[];
  secrets: string[];
  responses: ScriptedResponse[];
}

export class LaunchError extends Error {}

/** A syntax error in words, with where it is: "Line 3, column 7: …". */
export function syntaxError(text: string, problem: SyntaxProblem): Error {
  const at = new SourceMap(text).position(problem.start);
  return new LaunchError(l10n.t('Line {0}, column {1}: {2}', at.line, at.column, problem.message));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(host: DebugHost, path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await host.readFile(path);
  } catch (error) {
    throw new LaunchError(l10n.t('The {0} file {1} cannot be read: {2}', what, path, (error as Error).message));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LaunchError(l10n.t('The {0} file {1} is not valid JSON: {2}', what, path, (error as Error).message));
  }
}

/** Renders the inputs as the worker does: each template with the globals and the inputs before it. */
async function renderInputs(
  host: DebugHost,
  specs: readonly InputSpec[],
  globals: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = {};
  const render = async (value: unknown): Promise<unknown> => {
    if (typeof value === 'string') {
      if (!value.includes('{')) return value;
      const code = compile(await host.parse(`F'${value}`, 'template')).bytecode;
      return evaluate(code, { ...globals, inputs });
    }
    if (Array.isArray(value)) return Promise.all(value.map(render));
    if (isObject(value))
      return Object.fromEntries(
        await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await render(v)] as const)),
      );
    return value;
  };
  for (const spec of specs) {
    try {
      inputs[spec.key] = spec.templating === 'liquid' ? spec.value : await render(spec.value);
    } catch (error) {
      throw new LaunchError(
        l10n.t('Error building inputs: the input "{0}" cannot be rendered: {1}', spec.key, (error as Error).message),
      );
    }
  }
  return inputs;
}

export async function prepareLaunch(args: HogLaunchArguments, host: DebugHost): Promise<PreparedLaunch> {
  if (typeof args.program !== 'string' || !args.program)
    throw new LaunchError(l10n.t('The launch configuration needs "program": the .hog file to debug.'));
  const kind: HogFunctionKind =
    args.kind === undefined
      ? 'destination'
      : isKind(args.kind)
        ? args.kind
        : (() => {
            throw new LaunchError(
              l10n.t(
                '"kind" must be one of destination, internal_destination, transformation, transformation_log, source_webhook, warehouse_source_webhook.',
              ),
            );
          })();
  let source = args.source;
  if (source === undefined) {
    try {
      source = await host.readFile(args.program);
    } catch (error) {
      throw new LaunchError(l10n.t('{0} cannot be read: {1}', args.program, (error as Error).message));
    }
  }
  const [ast, given, scripted] = await Promise.all([
    host.parse(source, 'program'),
    typeof args.globals === 'string' ? readJson(host, args.globals, l10n.t('globals')) : Promise.resolve(args.globals),
    typeof args.responses === 'string'
      ? readJson(host, args.responses, l10n.t('responses'))
      : Promise.resolve(args.responses),
  ]);
  let responses: ScriptedResponse[] = [];
  if (scripted !== undefined) {
    try {
      responses = parseResponses(scripted);
    } catch (error) {
      throw new LaunchError(l10n.t('The scripted responses cannot be used: {0}', (error as Error).message));
    }
  }
  if (given !== undefined && !isObject(given))
    throw new LaunchError(
      l10n.t('"globals" must be a JSON object with event, person, groups, project, source or inputs.'),
    );
  const sample =
    kind === 'transformation_log'
      ? defaultSampleGlobals({ host: 'http://localhost:8000', projectId: 1, functionId: 'local', globals: 'record' })
      : defaultSampleGlobals({ host: 'http://localhost:8000', projectId: 1, functionId: 'local' });
  let globals = completeGlobals(kind, given ?? sample);
  let secrets = [...(args.secrets ?? [])];
  if (args.inputs?.length) {
    const inputs = await renderInputs(host, args.inputs, globals);
    globals = { ...globals, inputs };
    secrets = [...secrets, ...sensitiveValues(args.inputs, inputs)];
  }
  let functions: Record<string, (...a: unknown[]) => unknown> = {};
  let asyncFunctions = ['fetch', 'sendEmail'];
  if (kind === 'transformation') {
    globals = { ...transformationGlobals(globals).seen, inputs: globals.inputs };
    functions = transformationFunctions();
  }
  // Transformations and log transformations run in ingestion, which has no async functions.
  if (kind === 'transformation' || kind === 'transformation_log') asyncFunctions = [];
  return {
    build: debugBuild(ast, source),
    kind,
    globals,
    functions,
    asyncFunctions,
    secrets: [...new Set(secrets)],
    responses,
  };
}
