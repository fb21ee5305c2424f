// The debug build of a Hog program: PostHog's compiler (src/core/toolchain) with instrumentation that calls the host
// where each statement, loop test and single-statement branch starts, so a run can stop there in PostHog's unmodified
// VM. A stop is the VM suspending on an async host function, the same way it suspends on `fetch`.
//
// Before each statement:            GET_LOCAL frame, INTEGER id, CALL_GLOBAL check 2, JUMP_IF_FALSE →end
//   (only when the host may stop)     GET_LOCAL frame, INTEGER id, GET_LOCAL slot…, GET_UPVALUE i…,
//                                     CALL_GLOBAL capture n, JUMP_IF_FALSE →end          (conditions, logpoints)
//   (only when it stops)              GET_LOCAL frame, INTEGER id, CALL_GLOBAL stop 2, POP  (async: the VM returns)
// Every function body starts with INTEGER fnId, CALL_GLOBAL enter 1: its result, a token for this invocation, stays
// in a hidden local right after the parameters. Before each RETURN: GET_LOCAL frame, CALL_GLOBAL leave 1, POP. Before
// a `throw` statement's THROW and before calls of postHogCapture, a site that can stop the same way.
import {
  type AstNode,
  compile,
  type InstrumentedFunction,
  type Instrumentation,
  isNode,
  opcode,
  SourceMap,
  type SourceRange,
} from '../toolchain';

/** The host functions the build calls. */
export const HOOKS = {
  enter: '__hogDebugEnter',
  leave: '__hogDebugLeave',
  check: '__hogDebugCheck',
  capture: '__hogDebugCapture',
  throwCheck: '__hogDebugThrow',
  callCheck: '__hogDebugCall',
  stop: '__hogDebugStop',
} as const;

/** The hidden local that holds a frame's token (hidden as PostHog's own `__H_…_H__` locals are). */
const FRAME_LOCAL = '__H_debug_frame_H__';
const HIDDEN = /^__H_.*_H__$/;
/** Host calls the debugger stops on before they happen (sync in PostHog's worker, so not a VM suspension). */
const STOPPING_CALLS = new Set(['postHogCapture']);
/** The VM refuses calls with more arguments (MAX_FUNCTION_ARGS_LENGTH is 300). */
const MAX_CAPTURED = 290;

export interface VisibleLocal {
  name: string;
  /** Its slot, counted from the frame's start. */
  slot: number;
}

/** A place the build can stop: a statement, a `throw` (before it throws) or a call (its arguments evaluated). */
export interface Site {
  id: number;
  kind: 'statement' | 'throw' | 'call';
  fnId: number;
  range: SourceRange;
  /** The locals it sees (innermost declaration of each name), hidden ones left out. */
  locals: VisibleLocal[];
  /** How many of the function's upvalues the capture passes (after the locals). */
  upvalueCount: number;
  /** For a call: the function called and how many arguments it gets. */
  call?: { name: string; argCount: number };
}

export interface BuildFunction {
  id: number;
  /** '' for the program, `lambda` for lambdas. */
  name: string;
  params: string[];
  range: SourceRange | null;
  /** The frame token's slot (right after the parameters). */
  tokenSlot: number;
  /** Captured variables in upvalue order. */
  upvalues: string[];
}

export interface DebugBuild {
  source: string;
  bytecode: unknown[];
  sites: Site[];
  functions: BuildFunction[];
  /** Statement sites by the line they start on. */
  lines: Map<number, number[]>;
}

interface FunctionState {
  fnId: number;
  token: number;
  /** The statement being compiled: a throw or a call inside it sees its locals. */
  statement: number;
  view: InstrumentedFunction;
}

const op = (name: string): number => opcode(name);

/** Compiles the debug build of a parsed program (`source` is the text it was parsed from). */
export function debugBuild(ast: AstNode, source: string): DebugBuild {
  const map = new SourceMap(source);
  const sites: Site[] = [];
  const functions: BuildFunction[] = [];
  const states: FunctionState[] = [];
  const stateOf = (fn: InstrumentedFunction): FunctionState => fn.state as FunctionState;

  const visibleLocals = (fn: InstrumentedFunction): VisibleLocal[] => {
    const bySlot = new Map<string, number>();
    for (const local of fn.locals) if (!HIDDEN.test(local.name)) bySlot.set(local.name, local.slot);
    return [...bySlot].map(([name, slot]) => ({ name, slot }));
  };

  const stop = (state: FunctionState, id: number): unknown[] => [
    op('GET_LOCAL'),
    state.token,
    op('INTEGER'),
    id,
    op('CALL_GLOBAL'),
    HOOKS.stop,
    2,
    op('POP'),
  ];

  const addSite = (
    fn: InstrumentedFunction,
    kind: Site['kind'],
    span: { start: number; end: number },
    call?: Site['call'],
  ): Site => {
    const state = stateOf(fn);
    const own = kind === 'statement';
    const locals = own ? visibleLocals(fn) : (sites[state.statement]?.locals ?? []);
    const site: Site = {
      id: sites.length,
      kind,
      fnId: state.fnId,
      range: map.range(span),
      locals: locals.slice(0, MAX_CAPTURED),
      upvalueCount: Math.min(fn.upvalues.length, MAX_CAPTURED - Math.min(locals.length, MAX_CAPTURED)),
      ...(call ? { call } : {}),
    };
    sites.push(site);
    if (own) state.statement = site.id;
    return site;
  };

  const statementHook = (fn: InstrumentedFunction, span: { start: number; end: number }): unknown[] => {
    const state = stateOf(fn);
    const site = addSite(fn, 'statement', span);
    const halt = stop(state, site.id);
    const capture = [
      op('GET_LOCAL'),
      state.token,
      op('INTEGER'),
      site.id,
      ...site.locals.flatMap((l) => [op('GET_LOCAL'), l.slot]),
      ...Array.from({ length: site.upvalueCount }, (_, i) => [op('GET_UPVALUE'), i]).flat(),
      op('CALL_GLOBAL'),
      HOOKS.capture,
      2 + site.locals.length + site.upvalueCount,
      op('JUMP_IF_FALSE'),
      halt.length,
      ...halt,
    ];
    return [
      op('GET_LOCAL'),
      state.token,
      op('INTEGER'),
      site.id,
      op('CALL_GLOBAL'),
      HOOKS.check,
      2,
      op('JUMP_IF_FALSE'),
      capture.length,
      ...capture,
    ];
  };

  const siteHook = (
    fn: InstrumentedFunction,
    hook: string,
    kind: Site['kind'],
    span: { start: number; end: number },
    call?: Site['call'],
  ): unknown[] => {
    const state = stateOf(fn);
    const site = addSite(fn, kind, span, call);
    const halt = stop(state, site.id);
    return [
      op('GET_LOCAL'),
      state.token,
      op('INTEGER'),
      site.id,
      op('CALL_GLOBAL'),
      hook,
      2,
      op('JUMP_IF_FALSE'),
      halt.length,
      ...halt,
    ];
  };

  const instrumentation: Instrumentation = {
    functionStart(fn, info) {
      const token = fn.declareLocal(FRAME_LOCAL);
      const fnId = functions.length;
      const state: FunctionState = { fnId, token, statement: -1, view: fn };
      fn.state = state;
      states.push(state);
      functions.push({
        id: fnId,
        name: info.name,
        params: info.params,
        range: info.span ? map.range(info.span) : null,
        tokenSlot: token,
        upvalues: [],
      });
      const code: unknown[] = [op('INTEGER'), fnId, op('CALL_GLOBAL'), HOOKS.enter, 1];
      // A lambda whose body is an expression (`x -> x * 2`) has no statement of its own: stepping into it stops on the
      // expression.
      const body = info.body;
      if (
        info.name === 'lambda' &&
        body.node === 'ReturnStatement' &&
        !body.start &&
        isNode(body.expr) &&
        body.expr.start &&
        body.expr.end
      ) {
        code.push(...statementHook(fn, { start: body.expr.start.offset, end: body.expr.end.offset }));
      }
      return code;
    },
    programEnd: () => [op('POP')],
    statement: (fn, _node, span) => statementHook(fn, span),
    beforeReturn: (fn) => [op('GET_LOCAL'), stateOf(fn).token, op('CALL_GLOBAL'), HOOKS.leave, 1, op('POP')],
    beforeThrow: (fn, span) => (span ? siteHook(fn, HOOKS.throwCheck, 'throw', span) : []),
    beforeCall: (fn, name, argCount, span) =>
      span && STOPPING_CALLS.has(name) ? siteHook(fn, HOOKS.callCheck, 'call', span, { name, argCount }) : [],
  };

  const { bytecode } = compile(ast, { source, instrumentation });
  for (const state of states)
    (functions[state.fnId] as BuildFunction).upvalues = state.view.upvalues.map((u) => u.name);
  const lines = new Map<number, number[]>();
  for (const site of sites) {
    if (site.kind !== 'statement') continue;
    const list = lines.get(site.range.line) ?? [];
    list.push(site.id);
    lines.set(site.range.line, list);
  }
  return { source, bytecode, sites, functions, lines };
}
