// Hog expressions evaluated while a run is stopped: hover, Watch, the Debug Console, breakpoint conditions and
// logpoints. The expression is compiled with PostHog's compiler where every name is a global, and run in a chunk of
// its own whose globals are the function's globals with the frame's variables laid over them. On a paused state the
// run is a copy of it (its stack and upvalues), so the program's own functions and closures can be called (a call of a
// frame variable becomes a call of the value, as `f(x)` of a local compiles in PostHog's compiler); whatever the
// expression changes stays in the copy. No async function can be called, print() writes nothing.
import * as crypto from 'node:crypto';
import type { VMState } from '@posthog/hogvm';
import { type AstNode, compile, hogvm, isNode, regexSupport, toPlain } from '../toolchain';
import { HOOKS } from './build';

export interface EvaluationResult {
  value?: unknown;
  error?: string;
}

/** A call of a variable (`f(1)`) becomes a call of its value; names elsewhere stay globals. */
function rewriteCalls(node: AstNode, variables: ReadonlySet<string>): AstNode {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!isNode(value)) return value;
    const out: AstNode = { ...value };
    for (const [key, child] of Object.entries(value)) if (key !== 'start' && key !== 'end') out[key] = visit(child);
    if (out.node === 'Call' && typeof out.name === 'string' && variables.has(out.name) && !Array.isArray(out.params)) {
      return {
        node: 'ExprCall',
        expr: { node: 'Field', chain: [out.name] },
        args: out.args ?? [],
        ...(value.start ? { start: value.start } : {}),
        ...(value.end ? { end: value.end } : {}),
      };
    }
    return out;
  };
  return visit(node) as AstNode;
}

/** Compiled once per expression and set of variable names. */
export class ExpressionCompiler {
  private readonly cache = new Map<string, unknown[]>();

  bytecode(key: string, ast: AstNode, variables: ReadonlySet<string>): unknown[] {
    const cacheKey = `${[...variables].sort().join(',')}\u0000${key}`;
    let code = this.cache.get(cacheKey);
    if (!code) {
      code = compile(rewriteCalls(ast, variables)).bytecode;
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(cacheKey, code);
    }
    return code;
  }
}

/** The debug build's hooks do nothing while an expression runs the program's functions. */
const QUIET_HOOKS: Record<string, (...args: unknown[]) => unknown> = {
  [HOOKS.enter]: () => 0,
  [HOOKS.leave]: () => null,
  [HOOKS.check]: () => false,
  [HOOKS.capture]: () => false,
  [HOOKS.throwCheck]: () => false,
  [HOOKS.callCheck]: () => false,
  print: () => null,
};

export interface EvaluationContext {
  /** The program's (debug) bytecode: closures in the bindings run in it. */
  program: unknown[];
  globals: Record<string, unknown>;
  /** The frame's variables, in the VM's JS form. */
  bindings: Record<string, unknown>;
  /** A paused state to run in a copy of (its stack and upvalues back the frame's closures). */
  state?: VMState;
  functions?: Record<string, (...args: unknown[]) => unknown>;
}

/** Runs compiled expression code; a failure is returned, never thrown. */
export function runExpression(code: unknown[], ctx: EvaluationContext): EvaluationResult {
  try {
    const globals = { ...ctx.globals, ...ctx.bindings };
    const base = ctx.state;
    const stack = base ? structuredClone(base.stack) : [];
    const state = {
      bytecodes: { root: { bytecode: ctx.program }, eval: { bytecode: code, globals } },
      stack,
      upvalues: base ? structuredClone(base.upvalues) : [],
      callStack: [
        {
          ip: 0,
          chunk: 'eval',
          stackStart: stack.length,
          argCount: 0,
          closure: {
            __hogClosure__: true,
            callable: { __hogCallable__: 'local', name: '', argCount: 0, upvalueCount: 0, ip: 0, chunk: 'eval' },
            upvalues: [],
          },
        },
      ],
      throwStack: [],
      declaredFunctions: {},
      ops: 0,
      asyncSteps: 0,
      syncDuration: 0,
      maxMemUsed: 0,
    } as unknown as VMState;
    const outcome = hogvm.exec(state, {
      globals: ctx.globals,
      timeout: 200,
      maxAsyncSteps: 0,
      memoryLimit: 16 * 1024 * 1024,
      functions: { ...ctx.functions, ...QUIET_HOOKS },
      external: { regex: regexSupport, crypto },
    });
    if (outcome.error !== undefined) return { error: errorMessage(outcome.error) };
    if (!outcome.finished)
      return {
        error: `${outcome.asyncFunctionName ?? 'An async function'} cannot be called while the program is stopped.`,
      };
    return { value: toPlain(outcome.result) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}
