// `posthog-workbench run FILE.hog`: runs a hog function's code locally, in PostHog's VM as PostHog's CDP worker runs
// it, and prints what it printed. fetch() and sendEmail() are answered by a script (--responses) or by the default
// answer, 200 with an empty JSON body: nothing leaves the machine.
import * as l10n from '@vscode/l10n';
import {
  compileSource,
  completeGlobals,
  executeAsync,
  HOG_FUNCTION_COMPILE,
  KINDS,
  parseResponses,
  ResponseScriptError,
  type ScriptedResponse,
  sourceAt,
} from '../../core/toolchain';
import { CliError, parseCommandArgs, readJson } from '../args';
import { loadToolchain, location, readHogInput, reportCompileFailure } from '../hog';
import type { CliCommand } from '../io';

const usage = () =>
  l10n.t(
    `Usage: posthog-workbench run FILE.hog [options]

Runs FILE.hog locally in PostHog's VM, the way PostHog's CDP worker runs a hog function (its time,
memory and async-call limits), and prints what the program printed: one print() per line, values
as PostHog's VM prints them. Nothing is sent anywhere: fetch() gets the scripted answers.

Options:
  --globals FILE.json    what the function is given: event, person, groups, project, source,
                         inputs (missing parts are filled in as PostHog fills them)
  --responses FILE.json  answers for fetch() and sendEmail(): a list of
                         {"url"?, "status"?, "headers"?, "body"?, "delay"?, "error"?}; one with a
                         "url" pattern (* wildcards) answers matching calls, the others answer calls
                         in order; default: status 200 with an empty JSON body
  --type TYPE            the function's type: {0} (default: destination)
  --result               also print what the program returned, as JSON
  --logs                 also print the worker's log lines (to stderr)
  -h, --help             show this help

Exit codes: 0 finished, 1 the program failed (its error on stderr, with where it happened) or
does not compile, 2 usage error. As in PostHog, a fetch() answered with status 400 or more fails
the run even when the code goes on.
`,
    KINDS.join(', '),
  );

export const runCommand: CliCommand = {
  name: 'run',
  get summary() {
    return l10n.t("Run a .hog file locally in PostHog's VM and print what it prints");
  },
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      globals: { type: 'string' },
      responses: { type: 'string' },
      type: { type: 'string' },
      result: { type: 'boolean' },
      logs: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(usage());
      return 0;
    }
    const { file, kind, source, given } = await readHogInput('run', values, positionals, io);
    let responses: ScriptedResponse[] = [];
    if (typeof values.responses === 'string') {
      try {
        responses = parseResponses(await readJson(io, values.responses));
      } catch (error) {
        if (error instanceof ResponseScriptError) throw new CliError(`${values.responses}: ${error.message}`);
        throw error;
      }
    }
    await loadToolchain();
    let compiled;
    try {
      compiled = compileSource(source, 'program', HOG_FUNCTION_COMPILE);
    } catch (error) {
      return reportCompileFailure(io, file, source, error);
    }
    const globals = completeGlobals(kind, given);
    const transformation = kind === 'transformation' || kind === 'transformation_log';
    const event = globals.event as Record<string, unknown> | undefined;
    const execution = await executeAsync(compiled.bytecode, {
      globals,
      asyncMode: transformation ? 'none' : 'script',
      responses,
      printMode: 'vm',
      eventId: typeof event?.uuid === 'string' ? event.uuid : '',
      eventUrl: typeof event?.url === 'string' ? event.url : '',
    });
    for (const line of execution.prints) io.stdout(`${line}\n`);
    if (values.logs) for (const log of execution.logs) io.stderr(`[${log.level}] ${log.message}\n`);
    if (values.result && execution.error === undefined) io.stdout(`${JSON.stringify(execution.result ?? null)}\n`);
    if (execution.error === undefined) return 0;
    const range = execution.errorIp === undefined ? undefined : sourceAt(compiled.debugInfo, execution.errorIp);
    const where = range ? location(file, source, range.start) : file;
    io.stderr(`${where}: error: ${execution.errorType ? `${execution.errorType}: ` : ''}${execution.error}\n`);
    return 1;
  },
};
