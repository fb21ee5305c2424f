// Runs the debug build of a hog function (build.ts) in PostHog's VM the way PostHog's CDP worker runs it, and turns the
// build's hooks into stops. No DAP here (session.ts maps the protocol onto this), no vscode.
//
// Every stop ends a run. The VM's paused state is only read (call stack, variables, evaluation): resuming from it
// would copy each stack slot on its own (a dict shared by two variables would become two dicts, tuples arrays,
// integer keys strings), which PostHog's worker only does at real async calls. Going on means running the program
// again from the start with the same inputs, the same recorded async answers and the same recorded now() and random
// values, skipping the hook hits up to the last stop: a deterministic replay. Real async calls (fetch, sendEmail) are
// resumed from their state with the recorded answer, exactly as the worker resumes after a fetch. Editing a variable
// is the one exception: the edited state becomes a checkpoint later runs start from (the copy is accepted there).
import * as crypto from 'node:crypto';
import type { ExecResult, VMState } from '@posthog/hogvm';
import { hogvm, LIMITS, logMessage, regexSupport, toPlain } from '../toolchain';
import { type DebugBuild, HOOKS, type Site } from './build';
import { type EvaluationResult, errorMessage, runExpression } from './evaluate';

export interface BreakpointSpec {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface Breakpoint {
  id: number;
  spec: BreakpointSpec;
  verified: boolean;
  /** The line it binds to (the first statement on or after the line asked for). */
  line: number;
  /** Why it cannot bind, or what is wrong with its condition. */
  message?: string;
  hits: number;
  /** Compiled condition and logpoint parts (set by the session, which parses them). */
  condition?: unknown[];
  logParts?: (string | { code: unknown[] | null; error?: string })[];
}

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception' | 'async' | 'call';

export interface HogErrorInfo {
  type: string;
  message: string;
  payload?: unknown;
}

export interface PendingCall {
  name: string;
  /** The arguments as the code passed them (JS form). */
  args: unknown[];
}

export interface Stop {
  reason: StopReason;
  /** The site (statement, throw or call) it is at. */
  siteId: number;
  state: VMState;
  description: string;
  error?: HogErrorInfo;
  /** `throw` stops of "all throws": the error will be thrown next (it may be caught). */
  thrown?: boolean;
  call?: PendingCall;
}

export interface Frame {
  index: number;
  name: string;
  /** No source (a frame of the VM's own standard library, running a lambda). */
  library: boolean;
  site?: Site;
  fnId?: number;
  vmFrame: VMState['callStack'][number];
}

/** What an async call gets back (the value the VM receives), and how it is shown. */
export interface AsyncAnswer {
  value: unknown;
  /** Milliseconds to wait before the answer arrives. */
  delayMs?: number;
  /** Shown with the call: "500 (scripted)", "200 empty". */
  label: string;
  /** The request failed (the worker logs it as an error; the code still gets the value). */
  failed?: string;
  /** The call throws this (sendEmail failing): the run fails there, uncaught. */
  fails?: string;
}

export interface OutputLine {
  text: string;
  category: 'stdout' | 'console' | 'stderr';
  site?: Site;
}

export interface RuntimeOptions {
  build: DebugBuild;
  globals: Record<string, unknown>;
  /** Functions of the function's type (transformations: geoipLookup, cleanNullValues). */
  functions?: Record<string, (...args: unknown[]) => unknown>;
  /** Async functions the code may call (none for transformations). */
  asyncFunctions?: readonly string[];
  /** Values redacted from print() lines, as the worker redacts secret inputs. */
  secrets?: readonly string[];
  stopOnEntry?: boolean;
  /** Stop at each async call and postHogCapture (default true). */
  stopOnAsync?: boolean;
  limits?: Partial<typeof LIMITS>;
}

export interface RuntimeEvents {
  stopped(stop: Stop): void;
  output(line: OutputLine): void;
  ended(outcome: { result?: unknown; error?: HogErrorInfo }): void;
}

type StepMode = { kind: 'run' } | { kind: 'in' } | { kind: 'over' | 'out'; depth: number };

interface Token {
  fnId: number;
  depth: number;
  parent: number;
  /** The last site it reached. */
  site: number;
}

interface RunState {
  hit: number;
  tokenCounter: number;
  current: number;
  tokens: Map<number, Token>;
  asyncIndex: number;
  nondet: Record<string, number>;
  prints: number;
  captured: unknown[];
}

/** Standard library functions whose answers differ from run to run: recorded in the first run, replayed after. */
const NONDETERMINISTIC = ['now', 'today', 'generateUUIDv4', 'randomFloat'];
/** The VM runs the debug build with this much more time than PostHog gives (its hooks cost up to 2× in tight loops). */
const DEBUG_TIME_FACTOR = 2;

const freshRun = (): RunState => ({
  hit: 0,
  tokenCounter: 0,
  current: 0,
  tokens: new Map(),
  asyncIndex: 0,
  nondet: {},
  prints: 0,
  captured: [],
});
const cloneRun = (r: RunState): RunState => ({
  ...r,
  nondet: { ...r.nondet },
  captured: [...r.captured],
  tokens: new Map([...r.tokens].map(([k, v]) => [k, { ...v }])),
});

function errorInfo(error: unknown): HogErrorInfo {
  const e = error as { name?: string; type?: unknown; message?: unknown; payload?: unknown };
  // An uncaught `throw` keeps the Hog error's type; an error of the VM itself (a bad call, a timeout) is its own type.
  if (typeof e?.type === 'string')
    return {
      type: e.type,
      message: String(e.message ?? ''),
      ...(e.payload !== undefined && e.payload !== null ? { payload: e.payload } : {}),
    };
  return { type: e?.name === 'HogVMException' || !e?.name ? 'HogVMException' : e.name, message: errorMessage(error) };
}

export class HogDebugRuntime {
  readonly build: DebugBuild;
  private breakpoints: Breakpoint[] = [];
  private bySite = new Map<number, Breakpoint>();
  private nextBreakpointId = 1;
  /** Hook hits up to the last stop: the next run goes past them without stopping. */
  private historyHits = 0;
  private printsShown = 0;
  private readonly answers: AsyncAnswer[] = [];
  private readonly nondet: Record<string, unknown[]> = {};
  private step: StepMode = { kind: 'run' };
  private pauseRequested = false;
  private pendingReason: StopReason | undefined;
  private run: RunState = freshRun();
  private checkpoint: { state: VMState; run: RunState } | undefined;
  stopped: Stop | undefined;
  ended = false;
  /** Break on every `throw` statement, caught or not. */
  breakOnAllThrows = false;
  /** Break when an error is not caught (the default). */
  breakOnUncaught = true;
  readonly stats = { runs: 0 };
  private readonly limits: typeof LIMITS;

  constructor(
    private readonly options: RuntimeOptions,
    private readonly events: RuntimeEvents,
  ) {
    this.build = options.build;
    this.limits = { ...LIMITS, ...options.limits };
  }

  // ---- breakpoints -------------------------------------------------------------------------------------------------

  /** Binds line breakpoints to the first statement on the line or up to 3 lines after it (a comment, a blank line). */
  setBreakpoints(specs: BreakpointSpec[]): Breakpoint[] {
    const lines = [...this.build.lines.keys()].sort((a, b) => a - b);
    const previous = new Map(
      this.breakpoints.map((b) => [
        `${b.spec.line}\u0000${b.spec.condition ?? ''}\u0000${b.spec.hitCondition ?? ''}\u0000${b.spec.logMessage ?? ''}`,
        b,
      ]),
    );
    this.breakpoints = specs.map((spec) => {
      const key = `${spec.line}\u0000${spec.condition ?? ''}\u0000${spec.hitCondition ?? ''}\u0000${spec.logMessage ?? ''}`;
      const kept = previous.get(key);
      if (kept) return kept;
      const line = lines.find((l) => l >= spec.line && l <= spec.line + 3);
      const bp: Breakpoint = {
        id: this.nextBreakpointId++,
        spec,
        verified: line !== undefined,
        line: line ?? spec.line,
        hits: 0,
      };
      if (line === undefined) bp.message = 'No Hog statement starts on this line.';
      if (spec.hitCondition && !parseHitCondition(spec.hitCondition)) {
        bp.verified = false;
        bp.message = `The hit count "${spec.hitCondition}" is not understood: use a number, or >= n, > n, == n, % n.`;
      }
      return bp;
    });
    this.bySite.clear();
    for (const bp of this.breakpoints) {
      if (!bp.verified) continue;
      // The line's first statement, as other debuggers bind a line breakpoint (not every lambda written on it).
      const first = this.build.lines.get(bp.line)?.[0];
      if (first !== undefined && !this.bySite.has(first)) this.bySite.set(first, bp);
    }
    return this.breakpoints;
  }

  // ---- control -----------------------------------------------------------------------------------------------------

  start(): void {
    this.step = { kind: 'run' };
    this.go();
  }

  /** Continue/step from a stop. A stop on an async call needs its answer first (answer()). */
  resume(kind: 'continue' | 'next' | 'stepIn' | 'stepOut'): void {
    const stop = this.requireStopped();
    if (stop.reason === 'exception' && !stop.thrown) {
      this.finish({ error: stop.error });
      return;
    }
    if (stop.reason === 'async' && this.answers.length < this.run.asyncIndex)
      throw new Error('The async call this run is stopped at has no answer yet.');
    const depth = this.depthAtStop();
    this.step =
      kind === 'continue'
        ? { kind: 'run' }
        : kind === 'stepIn'
          ? { kind: 'in' }
          : { kind: kind === 'next' ? 'over' : 'out', depth };
    this.stopped = undefined;
    this.go();
  }

  /** Runs again from the start, as if just launched (recorded answers and breakpoint hit counts are forgotten). */
  restart(): void {
    this.historyHits = 0;
    this.printsShown = 0;
    this.answers.length = 0;
    for (const key of Object.keys(this.nondet)) delete this.nondet[key];
    for (const bp of this.breakpoints) bp.hits = 0;
    this.checkpoint = undefined;
    this.stopped = undefined;
    this.ended = false;
    this.start();
  }

  /** Stops at the next statement (a run in progress is synchronous: this takes effect at the next run or answer). */
  pause(): void {
    this.pauseRequested = true;
  }

  /** The async call the runtime is stopped at, and whether it has its answer yet. */
  pendingCall(): PendingCall | undefined {
    const stop = this.stopped;
    return stop?.reason === 'async' && this.answers.length < this.run.asyncIndex ? stop.call : undefined;
  }

  /** Answers the async call the runtime is stopped at. */
  answer(answer: AsyncAnswer): void {
    if (!this.pendingCall()) throw new Error('The run is not stopped at an async call that waits for an answer.');
    this.answers.push(answer);
  }

  /** The answers given so far, in call order. */
  answered(): readonly AsyncAnswer[] {
    return this.answers;
  }

  dispose(): void {
    this.stopped = undefined;
    this.checkpoint = undefined;
    this.ended = true;
  }

  private requireStopped(): Stop {
    if (!this.stopped) throw new Error(this.ended ? 'The run has ended.' : 'The run is not stopped.');
    return this.stopped;
  }

  private depthAtStop(): number {
    const stop = this.stopped;
    if (!stop) return 0;
    const top = this.frames().find((f) => !f.library);
    const token = top ? this.tokenOf(top.vmFrame, stop.state) : undefined;
    return token === undefined ? 0 : (this.run.tokens.get(token)?.depth ?? 0);
  }

  // ---- runs ----------------------------------------------------------------------------------------------------------

  /** One run from the start (or from an edited variable's checkpoint) to the next stop or the end. */
  private go(): void {
    this.stats.runs++;
    this.pendingReason = undefined;
    const base = this.checkpoint;
    let outcome: ExecResult;
    try {
      if (base) {
        this.run = cloneRun(base.run);
        const state = structuredClone(base.state);
        // The stop hook's result, which the POP after it drops.
        state.stack.push(null);
        outcome = hogvm.exec(state, this.execOptions());
      } else {
        this.run = freshRun();
        outcome = hogvm.exec(this.build.bytecode, this.execOptions());
      }
    } catch (error) {
      this.finish({ error: errorInfo(error) });
      return;
    }
    this.follow(outcome);
  }

  private follow(first: ExecResult): void {
    let outcome = first;
    for (;;) {
      if (outcome.error !== undefined) {
        const error = errorInfo(outcome.error);
        if (!this.breakOnUncaught || !outcome.state) {
          this.finish({ error });
          return;
        }
        this.stopAt({
          reason: 'exception',
          siteId: this.currentSite(),
          state: outcome.state,
          error,
          description: `${error.type}: ${error.message}`,
        });
        return;
      }
      if (outcome.finished) {
        this.finish({ result: toPlain(outcome.result) });
        return;
      }
      const name = outcome.asyncFunctionName ?? '';
      const state = outcome.state as VMState;
      if (name === HOOKS.stop) {
        const siteId = (outcome.asyncFunctionArgs?.[1] as number | undefined) ?? this.currentSite();
        const site = this.build.sites[siteId];
        const reason = this.pendingReason ?? 'step';
        this.pendingReason = undefined;
        if (site?.kind === 'throw') {
          const error = errorInfo(state.stack[state.stack.length - 1]);
          this.stopAt({
            reason: 'exception',
            siteId,
            state,
            error,
            thrown: true,
            description: `${error.type}: ${error.message}`,
          });
        } else if (site?.kind === 'call' && site.call) {
          const args = state.stack.slice(state.stack.length - site.call.argCount);
          this.stopAt({
            reason: 'call',
            siteId,
            state,
            call: { name: site.call.name, args },
            description: `Paused on ${site.call.name}`,
          });
        } else this.stopAt({ reason, siteId, state, description: reasonText(reason) });
        return;
      }
      // A real async call: answered from the record when it was answered before, else a stop that waits for one.
      this.run.asyncIndex++;
      const recorded = this.answers[this.run.asyncIndex - 1];
      if (!recorded) {
        const args = outcome.asyncFunctionArgs ?? [];
        if (!(this.options.asyncFunctions ?? ['fetch', 'sendEmail']).includes(name)) {
          this.stopOrFinish(state, { type: 'Error', message: `Unknown async function '${name}'` });
          return;
        }
        if (this.run.asyncIndex > this.limits.asyncSteps) {
          this.stopOrFinish(state, {
            type: 'HogVMException',
            message: `Exceeded maximum number of async steps: ${this.limits.asyncSteps}`,
          });
          return;
        }
        this.stopAt({
          reason: 'async',
          siteId: this.currentSite(),
          state,
          call: { name, args },
          description: `Paused on ${name}`,
        });
        return;
      }
      if (recorded.fails !== undefined) {
        this.stopOrFinish(state, { type: 'Error', message: recorded.fails });
        return;
      }
      state.stack.push(recorded.value);
      try {
        outcome = hogvm.exec(state, this.execOptions());
      } catch (error) {
        this.finish({ error: errorInfo(error) });
        return;
      }
    }
  }

  private stopOrFinish(state: VMState, error: HogErrorInfo): void {
    if (this.breakOnUncaught)
      this.stopAt({
        reason: 'exception',
        siteId: this.currentSite(),
        state,
        error,
        description: `${error.type}: ${error.message}`,
      });
    else this.finish({ error });
  }

  private stopAt(stop: Stop): void {
    this.historyHits = this.run.hit;
    this.printsShown = Math.max(this.printsShown, this.run.prints);
    this.pauseRequested = false;
    this.stopped = stop;
    this.events.stopped(stop);
  }

  private finish(outcome: { result?: unknown; error?: HogErrorInfo }): void {
    this.stopped = undefined;
    this.ended = true;
    this.checkpoint = undefined;
    this.events.ended(outcome);
  }

  private currentSite(): number {
    return this.run.tokens.get(this.run.current)?.site ?? 0;
  }

  /** Whether the step, a pause or stop-on-entry stops at this hit. */
  private stepStops(token: Token): StopReason | undefined {
    if (this.pauseRequested) return 'pause';
    if (this.options.stopOnEntry && this.historyHits === 0 && this.run.hit === 1 && !this.checkpoint) return 'entry';
    const s = this.step;
    if (s.kind === 'in' || (s.kind === 'over' && token.depth <= s.depth) || (s.kind === 'out' && token.depth < s.depth))
      return 'step';
    return undefined;
  }

  private hit(tokenId: number, siteId: number): Token | undefined {
    const run = this.run;
    run.hit++;
    run.current = tokenId;
    const token = run.tokens.get(tokenId);
    if (token) token.site = siteId;
    return run.hit <= this.historyHits ? undefined : token;
  }

  private execOptions() {
    const nondet = Object.fromEntries(
      NONDETERMINISTIC.map((name) => [
        name,
        (...args: unknown[]) => {
          const index = (this.run.nondet[name] = (this.run.nondet[name] ?? 0) + 1) - 1;
          const list = (this.nondet[name] ??= []);
          if (index >= list.length)
            list.push(
              (hogvm.STL as Record<string, { fn: (args: unknown[], name: string) => unknown }>)[name]?.fn(args, name),
            );
          return list[index];
        },
      ]),
    );
    const asyncNames = this.options.asyncFunctions ?? ['fetch', 'sendEmail'];
    const stub = async () => undefined;
    return {
      globals: this.options.globals,
      timeout: this.limits.timeoutMs * DEBUG_TIME_FACTOR,
      memoryLimit: this.limits.memoryBytes,
      // Debug stops suspend the VM too: the limit of real async calls is kept by the runtime.
      maxAsyncSteps: Number.MAX_SAFE_INTEGER,
      asyncFunctions: { ...Object.fromEntries(asyncNames.map((n) => [n, stub])), [HOOKS.stop]: stub },
      external: { regex: regexSupport, crypto },
      functions: {
        ...nondet,
        ...this.options.functions,
        postHogCapture: (event: unknown) => this.postHogCapture(event),
        print: (...args: unknown[]) => {
          const index = ++this.run.prints;
          // Printed before the last stop: shown already.
          if (index <= this.printsShown) return null;
          const site = this.build.sites[this.currentSite()];
          this.events.output({
            text: logMessage(args, this.options.secrets ?? [], this.limits.logLength),
            category: 'stdout',
            ...(site ? { site } : {}),
          });
          if (index === this.limits.printLines)
            this.events.output({
              text: `PostHog keeps the first ${this.limits.printLines - 1} print() lines of a run; it logs the ones after this as "Function exceeded maximum log entries".`,
              category: 'console',
            });
          return null;
        },
        [HOOKS.enter]: (fnId: unknown) => {
          const run = this.run;
          const token = ++run.tokenCounter;
          const parent = run.tokens.get(run.current);
          run.tokens.set(token, {
            fnId: Number(fnId),
            depth: parent ? parent.depth + 1 : 0,
            parent: run.current,
            site: -1,
          });
          run.current = token;
          return token;
        },
        [HOOKS.leave]: (token: unknown) => {
          this.run.current = this.run.tokens.get(Number(token))?.parent ?? 0;
          return null;
        },
        [HOOKS.check]: (tokenId: unknown, siteId: unknown) => {
          const token = this.hit(Number(tokenId), Number(siteId));
          if (!token) return false;
          return this.bySite.has(Number(siteId)) || this.stepStops(token) !== undefined;
        },
        [HOOKS.capture]: (tokenId: unknown, siteId: unknown, ...values: unknown[]) =>
          this.capture(Number(tokenId), Number(siteId), values),
        [HOOKS.throwCheck]: (tokenId: unknown, siteId: unknown) => {
          const token = this.hit(Number(tokenId), Number(siteId));
          if (!token || !this.breakOnAllThrows) return false;
          this.pendingReason = 'exception';
          return true;
        },
        [HOOKS.callCheck]: (tokenId: unknown, siteId: unknown) => {
          const token = this.hit(Number(tokenId), Number(siteId));
          if (!token || this.options.stopOnAsync === false) return false;
          this.pendingReason = 'call';
          return true;
        },
      },
    };
  }

  /** A statement the check let through: conditions, hit counts and logpoints decide; else the step does. */
  private capture(tokenId: number, siteId: number, values: unknown[]): boolean {
    const token = this.run.tokens.get(tokenId);
    if (!token) return false;
    const bp = this.bySite.get(siteId);
    if (bp) {
      const bindings = this.captured(siteId, values);
      let hit = true;
      if (bp.condition) {
        const result = this.evaluateCode(bp.condition, bindings);
        // A condition that fails stops, with why: the breakpoint is there for a reason.
        if (result.error !== undefined)
          this.events.output({
            text: `Breakpoint condition "${bp.spec.condition}" failed: ${result.error}`,
            category: 'stderr',
            ...(this.build.sites[siteId] ? { site: this.build.sites[siteId] } : {}),
          });
        else hit = isTruthy(result.value);
      }
      if (hit) {
        bp.hits++;
        const rule = bp.spec.hitCondition ? parseHitCondition(bp.spec.hitCondition) : undefined;
        if (rule && !rule(bp.hits)) hit = false;
      }
      if (hit && bp.logParts) {
        const text = bp.logParts
          .map((part) => {
            if (typeof part === 'string') return part;
            if (!part.code) return `{${part.error ?? 'error'}}`;
            const r = this.evaluateCode(part.code, bindings);
            return r.error !== undefined
              ? `{${r.error}}`
              : typeof r.value === 'string'
                ? r.value
                : JSON.stringify(r.value);
          })
          .join('');
        const site = this.build.sites[siteId];
        this.events.output({ text, category: 'console', ...(site ? { site } : {}) });
        hit = false;
      }
      if (hit) {
        this.pendingReason = 'breakpoint';
        return true;
      }
    }
    const reason = this.stepStops(token);
    if (reason) this.pendingReason = reason;
    return reason !== undefined;
  }

  /** The variables a capture passed: the site's locals, then its upvalues. */
  private captured(siteId: number, values: unknown[]): Record<string, unknown> {
    const site = this.build.sites[siteId] as Site;
    const fn = this.build.functions[site.fnId];
    const out: Record<string, unknown> = {};
    fn?.upvalues.slice(0, site.upvalueCount).forEach((name, i) => {
      out[name] = values[site.locals.length + i];
    });
    site.locals.forEach((l, i) => {
      out[l.name] = values[i];
    });
    return out;
  }

  private evaluateCode(code: unknown[], bindings: Record<string, unknown>, state?: VMState): EvaluationResult {
    return runExpression(code, {
      program: this.build.bytecode,
      globals: this.options.globals,
      bindings,
      ...(state ? { state } : {}),
      functions: this.options.functions ?? {},
    });
  }

  /** PostHog's postHogCapture (hog-executor.service.ts): checked, at most one per run, recorded (nothing is sent). */
  private postHogCapture(event: unknown): null {
    const given = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const globalsEvent = this.options.globals.event as Record<string, unknown> | undefined;
    const distinctId = given.distinct_id || globalsEvent?.distinct_id;
    if (typeof given.event !== 'string')
      throw new Error("[HogFunction] - postHogCapture call missing 'event' property");
    if (!distinctId) throw new Error("[HogFunction] - postHogCapture call missing 'distinct_id' property");
    if (this.run.captured.length > 0)
      throw new Error('postHogCapture was called more than once. Only one call is allowed per function');
    this.run.captured.push({ event: given.event, distinct_id: distinctId, properties: given.properties ?? {} });
    return null;
  }

  /** Events the code captured with postHogCapture in the run so far (nothing is sent). */
  capturedEvents(): unknown[] {
    return this.run.captured;
  }

  // ---- inspection ------------------------------------------------------------------------------------------------------

  private tokenOf(frame: VMState['callStack'][number], state: VMState): number | undefined {
    if (frame.chunk && frame.chunk !== 'root') return undefined;
    const value = state.stack[frame.stackStart + frame.argCount];
    return typeof value === 'number' && this.run.tokens.has(value) ? value : undefined;
  }

  /** The call stack, innermost first. Frames of the standard library's own Hog code (arrayMap…) have no source. */
  frames(): Frame[] {
    const stop = this.stopped;
    if (!stop) return [];
    const { state } = stop;
    const out: Frame[] = [];
    for (let i = state.callStack.length - 1; i >= 0; i--) {
      const vmFrame = state.callStack[i] as VMState['callStack'][number];
      const token = this.tokenOf(vmFrame, state);
      if (token === undefined) {
        const callable = (vmFrame.closure as { callable?: { name?: string } } | undefined)?.callable;
        out.push({
          index: out.length,
          name: callable?.name || String(vmFrame.chunk ?? '?').replace(/^stl\//, ''),
          library: true,
          vmFrame,
        });
        continue;
      }
      const info = this.run.tokens.get(token) as Token;
      const fn = this.build.functions[info.fnId];
      // The innermost frame of the program is where the run stopped; the others are at the call they made.
      const innermost = out.every((f) => f.library);
      const site = this.build.sites[innermost ? stop.siteId : info.site];
      out.push({
        index: out.length,
        name: fn?.name || '<program>',
        library: false,
        fnId: info.fnId,
        ...(site ? { site } : {}),
        vmFrame,
      });
    }
    return out;
  }

  /** A frame's locals at its current site (declared before it), by name. */
  locals(frame: Frame): Record<string, unknown> {
    const state = this.stopped?.state;
    if (!state || !frame.site) return {};
    const out: Record<string, unknown> = {};
    for (const local of frame.site.locals) out[local.name] = state.stack[frame.vmFrame.stackStart + local.slot];
    return out;
  }

  /** The variables a frame's closure captured, by name. */
  closure(frame: Frame): Record<string, unknown> {
    const state = this.stopped?.state;
    const fn = frame.fnId === undefined ? undefined : this.build.functions[frame.fnId];
    if (!state || !fn) return {};
    const ids = (frame.vmFrame.closure as { upvalues?: number[] } | undefined)?.upvalues ?? [];
    const out: Record<string, unknown> = {};
    ids.forEach((id, i) => {
      const name = fn.upvalues[i];
      const upvalue = state.upvalues.find((u) => u.id === id);
      if (name && upvalue) out[name] = upvalue.closed ? upvalue.value : state.stack[upvalue.location];
    });
    return out;
  }

  globals(): Record<string, unknown> {
    return this.options.globals;
  }

  /** Evaluates compiled expression code in a frame (its variables over the globals, on a copy of the paused state). */
  evaluateInFrame(code: unknown[], frame: Frame | undefined): EvaluationResult {
    const state = this.stopped?.state;
    const bindings = frame ? { ...this.closure(frame), ...this.locals(frame) } : {};
    return this.evaluateCode(code, bindings, state);
  }

  /** The names an expression in this frame can call as functions (its variables). */
  variableNames(frame: Frame | undefined): Set<string> {
    return new Set(frame ? [...Object.keys(this.closure(frame)), ...Object.keys(this.locals(frame))] : []);
  }

  /**
   * Sets a local or captured variable of a frame. The edited state becomes the point later runs start from (it is
   * resumed, so the VM copies its values: the one place the debugger accepts that). Not at an async call or an error.
   */
  setVariable(frame: Frame, name: string, value: unknown): void {
    const stop = this.requireStopped();
    if (stop.reason === 'async' || stop.reason === 'call' || stop.reason === 'exception') {
      throw new Error('Variables can be changed at a statement, not while stopped at an async call or an error.');
    }
    const site = frame.site;
    const local = site?.locals.find((l) => l.name === name);
    if (local) stop.state.stack[frame.vmFrame.stackStart + local.slot] = value;
    else {
      const fn = frame.fnId === undefined ? undefined : this.build.functions[frame.fnId];
      const index = fn?.upvalues.indexOf(name) ?? -1;
      const id = (frame.vmFrame.closure as { upvalues?: number[] } | undefined)?.upvalues?.[index];
      const upvalue = id === undefined ? undefined : stop.state.upvalues.find((u) => u.id === id);
      if (!upvalue) throw new Error(`${name} is not a variable of this frame.`);
      if (upvalue.closed) upvalue.value = value;
      else stop.state.stack[upvalue.location] = value;
    }
    this.checkpoint = { state: structuredClone(stop.state), run: cloneRun(this.run) };
  }
}

const reasonText = (reason: StopReason): string =>
  ({
    entry: 'Paused on entry',
    breakpoint: 'Paused on breakpoint',
    step: 'Paused after step',
    pause: 'Paused',
    exception: 'Paused on exception',
    async: 'Paused on async call',
    call: 'Paused on call',
  })[reason];

/** Hog's truthiness for a condition's value. */
function isTruthy(value: unknown): boolean {
  return !(value === null || value === undefined || value === false || value === 0 || value === '');
}

/** `5` (from the 5th hit on), `>= 5`, `> 5`, `== 5`, `% 5` (every 5th). */
function parseHitCondition(text: string): ((hits: number) => boolean) | undefined {
  const m = /^\s*(>=|==|%|>)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case '%':
      return (hits) => n > 0 && hits % n === 0;
    case '>':
      return (hits) => hits > n;
    case '==':
      return (hits) => hits === n;
    default:
      return (hits) => hits >= n;
  }
}
