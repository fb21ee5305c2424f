// The Debug Adapter Protocol over the Hog debug runtime (runtime.ts): one session debugs one program. The same class
// runs in VS Code's extension host (DebugAdapterInlineImplementation, with the editor's parser worker) and in the
// standalone adapter, dist/hogDebugAdapter.js, that other DAP clients start (stdin/stdout).
//
// Async calls the script does not answer are asked of the client when it said it can answer them (launch argument
// `askForResponses`): the adapter sends the custom event `hogAskResponse` { id, call, request } and waits for the
// custom request `hogAnswer` { id, preset?: '200' | '500' | 'timeout', status?, body?, cancel? }.
import { basename } from 'node:path';
import {
  Breakpoint as DapBreakpoint,
  ContinuedEvent,
  Handles,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as l10n from '@vscode/l10n';
import { compile, ResponseScript } from '../toolchain';
import { defaultAnswer, describeCall, givenAnswer, type QuickAnswer, scriptedAnswer } from './answers';
import { ExpressionCompiler } from './evaluate';
import { type DebugHost, type HogLaunchArguments, prepareLaunch } from './launch';
import {
  type AsyncAnswer,
  type Breakpoint,
  type BreakpointSpec,
  type Frame,
  HogDebugRuntime,
  type OutputLine,
  type Stop,
} from './runtime';
import { hogChildren, hogRepr, hogType } from './values';

type LaunchArguments = DebugProtocol.LaunchRequestArguments & HogLaunchArguments;
type Control = 'continue' | 'next' | 'stepIn' | 'stepOut';

/** What a variables reference points at. */
type Ref =
  | { kind: 'locals' | 'closure'; frame: number }
  | { kind: 'globals' }
  | { kind: 'request'; value: Record<string, unknown> }
  | { kind: 'value'; value: unknown; settable?: undefined };

export interface AnswerRequest {
  id: number;
  preset?: QuickAnswer;
  status?: number;
  body?: string;
  cancel?: boolean;
}

const THREAD = 1;

export class HogDebugSession extends LoggingDebugSession {
  private runtime: HogDebugRuntime | undefined;
  private program = '';
  private args: LaunchArguments | undefined;
  private script = new ResponseScript([]);
  private readonly refs = new Handles<Ref>();
  private readonly expressions = new ExpressionCompiler();
  private readonly specs = new Map<string, DebugProtocol.SourceBreakpoint[]>();
  private configured: () => void = () => undefined;
  private readonly configuration = new Promise<void>((resolve) => (this.configured = resolve));
  private exceptionFilters: string[] = ['uncaught'];
  private asking: { id: number; resolve: (answer: AnswerRequest) => void } | undefined;
  private nextAskId = 1;
  private busy = false;
  private finished = false;
  /** Milliseconds from the launch request to the first stop, and of the last control request to its stop. */
  readonly timings: { launchToFirstStop?: number; lastStep?: number } = {};
  private controlStarted = 0;
  /** How the run was last set going (a call answered without a stop goes on the same way). */
  private lastControl: Control = 'continue';
  private launchStarted = 0;

  constructor(private readonly host: DebugHost) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsDelayedStackTraceLoading: false,
      exceptionBreakpointFilters: [
        {
          filter: 'uncaught',
          label: l10n.t('Uncaught Hog errors'),
          default: true,
          description: l10n.t('Stop where an error ends the run.'),
        },
        {
          filter: 'all',
          label: l10n.t('All throws'),
          default: false,
          description: l10n.t('Stop at every throw statement, caught or not.'),
        },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    this.launchStarted = performance.now();
    this.args = args;
    if (!(await this.prepare(response, args))) return;
    // Breakpoints are asked for once the program is compiled, so the answers say where each binds.
    this.sendEvent(new InitializedEvent());
    await this.configuration;
    this.sendResponse(response);
    this.lastControl = 'continue';
    this.runtime?.start();
  }

  /** Compiles the program and makes its runtime; false (with an error response) when it cannot be debugged. */
  private async prepare(response: DebugProtocol.Response, args: LaunchArguments): Promise<boolean> {
    try {
      const prepared = await prepareLaunch(args, this.host);
      this.program = args.program;
      this.script = new ResponseScript(prepared.responses);
      this.runtime?.dispose();
      const runtime = new HogDebugRuntime(
        {
          build: prepared.build,
          globals: prepared.globals,
          functions: prepared.functions,
          asyncFunctions: prepared.asyncFunctions,
          secrets: prepared.secrets,
          stopOnEntry: !!args.stopOnEntry,
          stopOnAsync: args.stopOnAsync !== false,
        },
        {
          stopped: (stop) => this.onStopped(stop),
          output: (line) => this.onOutput(line),
          ended: (outcome) => this.onEnded(outcome),
        },
      );
      this.runtime = runtime;
      this.applyExceptionFilters();
      for (const [path, breakpoints] of this.specs) if (this.isProgram(path)) await this.bind(breakpoints);
      return true;
    } catch (error) {
      this.sendErrorResponse(response, {
        id: 1001,
        format: l10n.t('Cannot debug {0}: {1}', displayName(args.program ?? ''), (error as Error).message),
        showUser: true,
      });
      this.sendEvent(new TerminatedEvent());
      return false;
    }
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configured();
  }

  private isProgram(path: string | undefined): boolean {
    if (!path) return false;
    const norm = (p: string) => {
      try {
        return decodeURIComponent(p).replace(/\\/g, '/').toLowerCase();
      } catch {
        return p.toLowerCase();
      }
    };
    return norm(path) === norm(this.program);
  }

  protected override async setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const path = args.source.path ?? args.source.name ?? '';
    this.specs.set(path, requested);
    const bound = this.runtime && this.isProgram(path) ? await this.bind(requested) : undefined;
    response.body = {
      breakpoints: requested.map((b, i) => {
        const r = bound?.[i];
        const out = new DapBreakpoint(
          !!r?.verified,
          this.convertDebuggerLineToClient(r?.line ?? b.line),
        ) as DebugProtocol.Breakpoint;
        if (r) out.id = r.id;
        const message = !r
          ? this.runtime
            ? l10n.t('This file is not the program being debugged.')
            : undefined
          : r.message;
        if (message) out.message = message;
        return out;
      }),
    };
    this.sendResponse(response);
  }

  /** Binds breakpoints in the runtime, with their conditions and logpoint expressions parsed and compiled. */
  private async bind(requested: DebugProtocol.SourceBreakpoint[]): Promise<Breakpoint[]> {
    const runtime = this.runtime as HogDebugRuntime;
    const specs: BreakpointSpec[] = requested.map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      ...(b.condition ? { condition: b.condition } : {}),
      ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}),
      ...(b.logMessage ? { logMessage: b.logMessage } : {}),
    }));
    const bound = runtime.setBreakpoints(specs);
    await Promise.all(
      bound.map(async (bp) => {
        if (bp.spec.condition && !bp.condition) {
          try {
            bp.condition = compile(await this.host.parse(bp.spec.condition, 'expression')).bytecode;
          } catch (error) {
            bp.verified = false;
            bp.message = l10n.t('The condition is not a Hog expression: {0}', (error as Error).message);
          }
        }
        if (bp.spec.logMessage && !bp.logParts) bp.logParts = await this.logParts(bp.spec.logMessage);
      }),
    );
    // A breakpoint whose condition cannot compile must not stop on every hit.
    runtime.setBreakpoints(bound.filter((b) => b.verified || !b.spec.condition).map((b) => b.spec));
    return bound;
  }

  /** `x is {x}`: text, and expressions in braces. */
  private async logParts(message: string): Promise<NonNullable<Breakpoint['logParts']>> {
    const parts: NonNullable<Breakpoint['logParts']> = [];
    let rest = message;
    for (let m = /\{([^{}]+)\}/.exec(rest); m; m = /\{([^{}]+)\}/.exec(rest)) {
      if (m.index > 0) parts.push(rest.slice(0, m.index));
      const expression = m[1] as string;
      try {
        parts.push({ code: compile(await this.host.parse(expression, 'expression')).bytecode });
      } catch (error) {
        parts.push({ code: null, error: (error as Error).message });
      }
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest) parts.push(rest);
    return parts;
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    this.exceptionFilters = args.filters;
    this.applyExceptionFilters();
    this.sendResponse(response);
  }

  private applyExceptionFilters(): void {
    if (!this.runtime) return;
    this.runtime.breakOnUncaught = this.exceptionFilters.includes('uncaught');
    this.runtime.breakOnAllThrows = this.exceptionFilters.includes('all');
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, 'Hog')] };
    this.sendResponse(response);
  }

  // ---- stops and output ----------------------------------------------------------------------------------------------

  private onStopped(stop: Stop): void {
    this.refs.reset();
    const runtime = this.runtime;
    const call = runtime?.pendingCall();
    if (runtime && call && this.args?.stopOnAsync === false) {
      // Not a stop the client sees: the call is answered and the run goes on as it was going.
      void this.answerThenResume(runtime, call, this.lastControl);
      return;
    }
    const now = performance.now();
    if (this.timings.launchToFirstStop === undefined) this.timings.launchToFirstStop = now - this.launchStarted;
    if (this.controlStarted) this.timings.lastStep = now - this.controlStarted;
    const reason = stop.reason === 'async' || stop.reason === 'call' ? (stop.call?.name ?? 'async') : stop.reason;
    const event = new StoppedEvent(
      reason,
      THREAD,
      stop.reason === 'exception' ? stop.description : undefined,
    ) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    this.sendEvent(event);
  }

  private source(): Source {
    return new Source(displayName(this.program), this.program);
  }

  private onOutput(line: OutputLine): void {
    const event = new OutputEvent(`${line.text}\n`, line.category) as DebugProtocol.OutputEvent;
    if (line.site) {
      event.body.source = this.source();
      event.body.line = this.convertDebuggerLineToClient(line.site.range.line);
      event.body.column = this.convertDebuggerColumnToClient(line.site.range.column);
    }
    this.sendEvent(event);
  }

  private onEnded(outcome: { result?: unknown; error?: { type: string; message: string } }): void {
    if (this.finished) return;
    this.finished = true;
    const captured = this.runtime?.capturedEvents() ?? [];
    for (const event of captured)
      this.sendEvent(
        new OutputEvent(
          l10n.t('postHogCapture would capture (nothing is sent): {0}\n', JSON.stringify(event)),
          'console',
        ),
      );
    if (outcome.error)
      this.sendEvent(
        new OutputEvent(l10n.t('Uncaught {0}: {1}\n', outcome.error.type, outcome.error.message), 'stderr'),
      );
    else this.sendEvent(new OutputEvent(l10n.t('Returned {0}\n', hogRepr(outcome.result ?? null)), 'console'));
    this.sendEvent(new TerminatedEvent());
  }

  // ---- control ---------------------------------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.control(response, 'continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.control(response, 'next');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.control(response, 'stepIn');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.control(response, 'stepOut');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  /** The response goes first (clients expect it before the `stopped` it leads to), then the run. */
  private control(response: DebugProtocol.Response, kind: Control): void {
    const runtime = this.runtime;
    if (!runtime?.stopped || this.busy) {
      this.sendResponse(response);
      return;
    }
    this.sendResponse(response);
    this.controlStarted = performance.now();
    this.lastControl = kind;
    const call = runtime.pendingCall();
    if (!call) {
      runtime.resume(kind);
      return;
    }
    void this.answerThenResume(runtime, call, kind);
  }

  /** The async call the run is stopped at gets its answer (script, client, default), then the run goes on. */
  private async answerThenResume(
    runtime: HogDebugRuntime,
    call: NonNullable<ReturnType<HogDebugRuntime['pendingCall']>>,
    kind: Control,
  ): Promise<void> {
    this.busy = true;
    try {
      const request = describeCall(call);
      let answer: AsyncAnswer | undefined = scriptedAnswer(
        call,
        this.script.answer({
          name: call.name,
          ...(call.name === 'fetch' ? { url: String(request.url), method: String(request.method) } : {}),
        }),
      );
      if (!answer && this.args?.askForResponses) {
        const given = await this.ask(call, request);
        if (given.cancel) {
          // Nothing chosen: still stopped where it was.
          const stop = runtime.stopped;
          if (stop) this.onStopped(stop);
          return;
        }
        answer = givenAnswer(call, given);
      }
      answer ??= defaultAnswer(call);
      const shown = call.name === 'fetch' ? `${String(request.method)} ${String(request.url)}` : call.name;
      this.sendEvent(new OutputEvent(l10n.t('{0} answered: {1}\n', shown, answer.label), 'console'));
      runtime.answer(answer);
      if (answer.delayMs) {
        this.sendEvent(new ContinuedEvent(THREAD));
        await new Promise((resolve) => setTimeout(resolve, answer?.delayMs));
        if (this.finished || this.runtime !== runtime) return;
      }
      runtime.resume(kind);
    } finally {
      this.busy = false;
    }
  }

  private ask(call: { name: string; args: unknown[] }, request: Record<string, unknown>): Promise<AnswerRequest> {
    return new Promise((resolve) => {
      const id = this.nextAskId++;
      this.asking = { id, resolve };
      this.sendEvent({
        seq: 0,
        type: 'event',
        event: 'hogAskResponse',
        body: { id, name: call.name, request },
      } as DebugProtocol.Event);
    });
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command !== 'hogAnswer') {
      super.customRequest(command, response, args);
      return;
    }
    const answer = args as AnswerRequest;
    const asking = this.asking;
    if (!asking || asking.id !== answer?.id) {
      this.sendErrorResponse(response, { id: 1002, format: l10n.t('No async call is waiting for this answer.') });
      return;
    }
    this.asking = undefined;
    this.sendResponse(response);
    asking.resolve(answer);
  }

  protected override async restartRequest(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments,
  ): Promise<void> {
    const relaunch = (args.arguments as LaunchArguments | undefined) ?? this.args;
    this.asking?.resolve({ id: this.asking.id, cancel: true });
    this.finished = false;
    if (relaunch && !(await this.prepare(response, relaunch))) return;
    this.args = relaunch;
    this.sendResponse(response);
    this.runtime?.start();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.asking?.resolve({ id: this.asking.id, cancel: true });
    this.sendResponse(response);
    this.end();
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.asking?.resolve({ id: this.asking.id, cancel: true });
    this.sendResponse(response);
    this.end();
  }

  private end(): void {
    this.runtime?.dispose();
    this.runtime = undefined;
    this.refs.reset();
    if (!this.finished) {
      this.finished = true;
      this.sendEvent(new TerminatedEvent());
    }
  }

  // ---- inspection --------------------------------------------------------------------------------------------------------

  private frame(id: number | undefined): Frame | undefined {
    const frames = this.runtime?.frames() ?? [];
    return id === undefined ? frames.find((f) => !f.library) : frames[id];
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const frames = this.runtime?.frames() ?? [];
    const start = args.startFrame ?? 0;
    const shown = frames.slice(start, args.levels ? start + args.levels : undefined);
    response.body = {
      stackFrames: shown.map((f) => {
        // Where the statement starts (an end would make the editor select the whole statement).
        const range = f.site?.range;
        const frame = new StackFrame(
          f.index,
          f.library ? l10n.t('{0} (standard library)', f.name) : f.name,
          f.library ? undefined : this.source(),
          this.convertDebuggerLineToClient(range?.line ?? 1),
          this.convertDebuggerColumnToClient(range?.column ?? 1),
        ) as DebugProtocol.StackFrame;
        if (f.library) frame.presentationHint = 'subtle';
        return frame;
      }),
      totalFrames: frames.length,
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const runtime = this.runtime;
    const frame = this.frame(args.frameId);
    const scopes: DebugProtocol.Scope[] = [];
    if (runtime && frame && !frame.library) {
      scopes.push(new Scope(l10n.t('Locals'), this.refs.create({ kind: 'locals', frame: frame.index }), false));
      if (Object.keys(runtime.closure(frame)).length)
        scopes.push(new Scope(l10n.t('Closure'), this.refs.create({ kind: 'closure', frame: frame.index }), false));
      const stop = runtime.stopped;
      const call = stop?.call;
      if (call && frame.index === runtime.frames().findIndex((f) => !f.library)) {
        const scope = new Scope(
          l10n.t('{0} (not sent)', call.name),
          this.refs.create({ kind: 'request', value: describeCall(call) }),
          false,
        ) as DebugProtocol.Scope;
        scope.presentationHint = 'arguments';
        scopes.push(scope);
      }
      if (stop?.error && frame.index === runtime.frames().findIndex((f) => !f.library)) {
        scopes.push(
          new Scope(
            l10n.t('Error'),
            this.refs.create({
              kind: 'request',
              value: {
                type: stop.error.type,
                message: stop.error.message,
                ...(stop.error.payload !== undefined ? { payload: stop.error.payload } : {}),
              },
            }),
            false,
          ),
        );
      }
    }
    if (runtime) scopes.push(new Scope(l10n.t('Globals'), this.refs.create({ kind: 'globals' }), true));
    response.body = { scopes };
    this.sendResponse(response);
  }

  private variable(name: string, value: unknown, evaluateName?: string): DebugProtocol.Variable {
    const children = hogChildren(value);
    const out: DebugProtocol.Variable = {
      name,
      value: truncate(hogRepr(value)),
      type: hogType(value),
      variablesReference: children?.length ? this.refs.create({ kind: 'value', value }) : 0,
    };
    if (Array.isArray(value)) out.indexedVariables = value.length;
    else if (children) out.namedVariables = children.length;
    if (evaluateName) out.evaluateName = evaluateName;
    return out;
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const runtime = this.runtime;
    const ref = this.refs.get(args.variablesReference);
    let entries: [string, unknown][] = [];
    if (runtime && ref) {
      if (ref.kind === 'value') entries = hogChildren(ref.value) ?? [];
      else if (ref.kind === 'request') entries = Object.entries(ref.value);
      else if (ref.kind === 'globals') entries = Object.entries(runtime.globals());
      else {
        const frame = this.frame(ref.frame);
        entries = frame ? Object.entries(ref.kind === 'locals' ? runtime.locals(frame) : runtime.closure(frame)) : [];
      }
    }
    if (args.filter === 'indexed' && args.start !== undefined)
      entries = entries.slice(args.start, args.start + (args.count ?? entries.length));
    const scoped = ref && ref.kind !== 'value' && ref.kind !== 'request';
    response.body = {
      variables: entries.map(([name, value]) => this.variable(name, value, scoped ? name : undefined)),
    };
    this.sendResponse(response);
  }

  protected override async setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): Promise<void> {
    const runtime = this.runtime;
    const ref = this.refs.get(args.variablesReference);
    const frame = ref && (ref.kind === 'locals' || ref.kind === 'closure') ? this.frame(ref.frame) : undefined;
    if (!runtime || !frame) {
      this.sendErrorResponse(response, {
        id: 1003,
        format: l10n.t('Only a local or captured variable can be changed (not a global, nor a part of a value).'),
        showUser: true,
      });
      return;
    }
    try {
      const result = await this.evaluateIn(args.value, frame);
      if (result.error !== undefined) throw new Error(result.error);
      runtime.setVariable(frame, args.name, result.value);
      const shown = this.variable(args.name, result.value);
      response.body = { value: shown.value, type: shown.type, variablesReference: shown.variablesReference };
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1004, format: (error as Error).message, showUser: true });
    }
  }

  private async evaluateIn(expression: string, frame: Frame | undefined): Promise<{ value?: unknown; error?: string }> {
    const runtime = this.runtime as HogDebugRuntime;
    let ast;
    try {
      ast = await this.host.parse(expression, 'expression');
    } catch (error) {
      return { error: (error as Error).message };
    }
    const names = runtime.variableNames(frame);
    let code: unknown[];
    try {
      code = this.expressions.bytecode(expression, ast, names);
    } catch (error) {
      return { error: (error as Error).message };
    }
    return runtime.evaluateInFrame(code, frame);
  }

  protected override async evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): Promise<void> {
    if (!this.runtime) {
      this.sendErrorResponse(response, { id: 1005, format: l10n.t('Nothing is being debugged.'), showUser: false });
      return;
    }
    const frame = this.frame(args.frameId);
    const result = await this.evaluateIn(args.expression, frame);
    if (result.error !== undefined) {
      this.sendErrorResponse(response, { id: 1006, format: result.error, showUser: false });
      return;
    }
    const shown = this.variable('', result.value);
    response.body = { result: shown.value, type: shown.type, variablesReference: shown.variablesReference };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.runtime?.stopped;
    const error = stop?.error;
    response.body = {
      exceptionId: error?.type ?? 'Error',
      description: error?.message ?? '',
      breakMode: stop?.thrown ? 'always' : 'unhandled',
      details: { message: error?.message ?? '', typeName: error?.type ?? 'Error' },
    };
    this.sendResponse(response);
  }
}

/** A program's file name as people read it (a `posthog-hog:` URI's last segment, decoded). */
function displayName(program: string): string {
  const name = basename(program.replace(/[?#].*$/, ''));
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function truncate(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
