// Compiles the AST of PostHog's own parser to the bytecode of PostHog's own VM (`@posthog/hogvm`), instruction for
// instruction what PostHog's compiler (posthog/hogql/compiler/bytecode.py) produces for the same program: the same
// visiting order (it decides upvalue numbering), the same scopes and jumps, the same quirks. Beside the bytecode, which
// stays exactly PostHog's, it keeps what tools need to point back at the source: for every instruction the source range
// it came from, where each statement starts, each function's name and range, and each local's name and the
// instructions where it is in scope (`debugInfo`). It also collects what PostHog's compiler reports while compiling
// (HogQLMetadata's errors, warnings and notices).
import { operations, STL } from '@posthog/hogvm';
import { BYTECODE_STL } from '@posthog/hogvm/src/stl/bytecode';
import { type AstNode, constantValue, isFloatConstant, isNode } from './ast';

/** Opcode numbers by name, from the VM itself so they never drift from it. */
const OP: Record<string, number> = Object.fromEntries(
  operations.map((name, code) => [name, code]).filter(([name]) => name !== ''),
);

export const opcode = (name: string): number => {
  const code = OP[name];
  if (code === undefined) throw new Error(`The Hog VM has no operation ${name}`);
  return code;
};

/** Standard library names PostHog's compiler accepts in calls (its STL and BYTECODE_STL). */
export const STDLIB_NAMES: ReadonlySet<string> = new Set([...Object.keys(STL), ...Object.keys(BYTECODE_STL)]);

/** The async functions hog functions may call (`supported_functions` for hog functions). */
export const ASYNC_FUNCTION_NAMES: ReadonlySet<string> = new Set(['fetch', 'postHogCapture', 'sendEmail']);

/** A source range in code points of the source (the AST's offsets). */
export interface Span {
  start: number;
  end: number;
}

/** A finding of the compiler, as HogQLMetadata reports it: code point offsets. */
export interface CompileNotice {
  message: string;
  start: number | null;
  end: number | null;
  fix: string | null;
}

/** PostHog's QueryError: the program cannot be compiled. `start`/`end` are the node it was raised on. */
export class HogCompileError extends Error {
  start: number | null = null;
  end: number | null = null;
  constructor(message: string, span?: Span | null) {
    super(message);
    this.name = 'HogCompileError';
    if (span) {
      this.start = span.start;
      this.end = span.end;
    }
  }
}

const COMPARE: Record<string, string> = {
  '==': 'EQ',
  '!=': 'NOT_EQ',
  '>': 'GT',
  '>=': 'GT_EQ',
  '<': 'LT',
  '<=': 'LT_EQ',
  like: 'LIKE',
  ilike: 'ILIKE',
  'not like': 'NOT_LIKE',
  'not ilike': 'NOT_ILIKE',
  in: 'IN',
  'not in': 'NOT_IN',
  'in cohort': 'IN_COHORT',
  'not in cohort': 'NOT_IN_COHORT',
  '=~': 'REGEX',
  '!~': 'NOT_REGEX',
  '=~*': 'IREGEX',
  '!~*': 'NOT_IREGEX',
};
const ARITHMETIC: Record<string, string> = { '+': 'PLUS', '-': 'MINUS', '*': 'MULTIPLY', '/': 'DIVIDE', '%': 'MOD' };

// ---------------------------------------------------------------------------------------------------------------
// Fragments: bytecode with its source ranges, built bottom-up and joined as PostHog's compiler joins its lists.

interface LocalInfo {
  name: string;
  slot: number;
  /** Set when the local's value is on the stack (after its initializer) and when its scope pops it. */
  from?: number;
  to?: number;
}

interface FunctionMark {
  name: string;
  params: string[];
  span: Span | null;
  upvalues: { name: string; index: number; isLocal: boolean }[];
  locals: LocalInfo[];
}

type Mark =
  | { kind: 'statement'; span: Span }
  | { kind: 'localStart'; local: LocalInfo }
  | { kind: 'localEnd'; local: LocalInfo }
  | { kind: 'function'; fn: FunctionMark };

class Fragment {
  readonly code: unknown[] = [];
  /** Per item: the source range of an opcode, null for an operand. */
  readonly spans: (Span | null)[] = [];
  /** Per item: whether the operand is a float (PostHog's JSON writes `1.0`). */
  readonly floats: boolean[] = [];
  readonly marks: { at: number; mark: Mark }[] = [];

  get length(): number {
    return this.code.length;
  }

  op(name: string, span: Span | null, ...operands: unknown[]): this {
    this.code.push(opcode(name));
    this.spans.push(span);
    this.floats.push(false);
    for (const operand of operands) this.operand(operand);
    return this;
  }

  operand(value: unknown, float = false): this {
    this.code.push(value);
    this.spans.push(null);
    this.floats.push(float);
    return this;
  }

  append(other: Fragment | null | undefined): this {
    if (!other) return this;
    const offset = this.code.length;
    for (const { at, mark } of other.marks) this.marks.push({ at: at + offset, mark });
    for (let i = 0; i < other.code.length; i++) {
      this.code.push(other.code[i]);
      this.spans.push(other.spans[i] ?? null);
      this.floats.push(other.floats[i] ?? false);
    }
    return this;
  }

  /** A mark at the current end (what is appended next starts there). */
  mark(mark: Mark): this {
    this.marks.push({ at: this.code.length, mark });
    return this;
  }

  /** A mark at the start (statements: their first instruction). */
  markStart(mark: Mark): this {
    this.marks.unshift({ at: 0, mark });
    return this;
  }

  set(index: number, value: unknown): void {
    this.code[index] = value;
  }

  /** Instrumentation's code (a debug build): plain items, no source ranges. */
  raw(items: readonly unknown[]): this {
    for (const item of items) {
      this.code.push(item);
      this.spans.push(null);
      this.floats.push(false);
    }
    return this;
  }
}

const frag = (): Fragment => new Fragment();

/** A function being compiled, as instrumentation sees it. */
class InstrumentedView implements InstrumentedFunction {
  state?: unknown;

  constructor(
    private readonly scope: Local[],
    private readonly captured: UpValue[],
    private readonly all: LocalInfo[],
  ) {}

  get locals(): { name: string; slot: number }[] {
    return this.scope.map((l) => ({ name: l.name, slot: l.info.slot }));
  }

  get upvalues(): { name: string }[] {
    return this.captured.map((u) => ({ name: u.name }));
  }

  declareLocal(name: string): number {
    const info: LocalInfo = { name, slot: this.scope.length };
    this.scope.push({ name, depth: 0, isCaptured: false, info });
    this.all.push(info);
    return info.slot;
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Local {
  name: string;
  depth: number;
  isCaptured: boolean;
  info: LocalInfo;
}

interface UpValue {
  index: number;
  isLocal: boolean;
  name: string;
}

export interface CompileOptions {
  /** The globals the function sees: a global found here is a notice, any other an "Unknown global" warning. */
  globals?: Record<string, unknown> | null;
  /** Functions the caller provides besides the standard library (hog functions: fetch, postHogCapture...). */
  supportedFunctions?: Iterable<string>;
  /** A debug build (src/core/debug): code added around statements. The bytecode is then no longer PostHog's. */
  instrumentation?: Instrumentation;
}

// Instrumentation: a debug build adds code of its own where statements, function bodies, returns, throws and calls
// start, in the same pass, so every jump and body length already counts it. Without it (the default) nothing here
// changes the bytecode, which stays exactly PostHog's.

/** What instrumentation sees of the function being compiled. */
export interface InstrumentedFunction {
  /** Its locals in scope now, by slot (hidden ones included). */
  readonly locals: readonly { name: string; slot: number }[];
  /** Its upvalues so far, in index order. */
  readonly upvalues: readonly { name: string }[];
  /** Declares a local in the function's outermost scope, on the next stack slot; returns the slot. */
  declareLocal(name: string): number;
  /** The instrumentation's own notes about this function. */
  state?: unknown;
}

export interface Instrumentation {
  /** A function body starts (the program's too: name '', span null): code run first. `body` is what is compiled. */
  functionStart(
    fn: InstrumentedFunction,
    info: { name: string; params: string[]; span: Span | null; body: AstNode },
  ): readonly unknown[];
  /** The program's end (when it has no `return`): code run last. */
  programEnd(fn: InstrumentedFunction): readonly unknown[];
  /** A statement, a loop's test or a branch is about to be compiled (it sees `fn.locals` as they are now). */
  statement(fn: InstrumentedFunction, node: AstNode, span: Span): readonly unknown[];
  /** Before RETURN: the returned value is on the stack. */
  beforeReturn(fn: InstrumentedFunction): readonly unknown[];
  /** Before the THROW of a `throw` statement: the error is on the stack. */
  beforeThrow(fn: InstrumentedFunction, span: Span | null): readonly unknown[];
  /** Before CALL_GLOBAL `name`: its arguments are on the stack. */
  beforeCall(fn: InstrumentedFunction, name: string, argCount: number, span: Span | null): readonly unknown[];
}

/** What the whole compile shares: the findings and the options (PostHog's HogQLContext). */
class Context {
  readonly errors: CompileNotice[] = [];
  readonly warnings: CompileNotice[] = [];
  readonly notices: CompileNotice[] = [];
  readonly globals: Record<string, unknown> | null;
  readonly supported: Set<string>;
  readonly instrumentation: Instrumentation | null;

  constructor(options: CompileOptions) {
    this.globals = options.globals ?? null;
    this.supported = new Set(options.supportedFunctions ?? []);
    this.instrumentation = options.instrumentation ?? null;
  }

  /** PostHog checks `if self.context.globals and name in globals`: an empty dict counts as none. */
  hasGlobal(name: string): boolean {
    return this.globals !== null && Object.keys(this.globals).length > 0 && Object.hasOwn(this.globals, name);
  }

  add(list: CompileNotice[], span: Span | null, message: string): void {
    const start = span?.start ?? null;
    const end = span?.end ?? null;
    if (!list.some((n) => n.start === start && n.end === end && n.message === message))
      list.push({ message, start, end, fix: null });
  }
}

const spanOf = (node: AstNode | null | undefined): Span | null =>
  node?.start && node.end ? { start: node.start.offset, end: node.end.offset } : null;

const nodes = (value: unknown): AstNode[] => (Array.isArray(value) ? (value as AstNode[]) : []);
const optNode = (value: unknown): AstNode | null => (isNode(value) ? value : null);
const synthetic = (node: string, fields: Record<string, unknown> = {}): AstNode => ({ node, ...fields });
const field = (...chain: (string | number)[]): AstNode => synthetic('Field', { chain });
const returnNull = (): AstNode => synthetic('ReturnStatement', { expr: null });

/** The statements of a block: what a breakpoint can bind to. */
const STATEMENT_NODES = new Set([
  'ExprStatement',
  'ReturnStatement',
  'ThrowStatement',
  'TryCatchStatement',
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'ForInStatement',
  'VariableDeclaration',
  'VariableAssignment',
  'Function',
  'Block',
]);

class BytecodeCompiler {
  mode: 'hog' | 'ast';
  readonly locals: Local[] = [];
  readonly upvalues: UpValue[] = [];
  private scopeDepth = 0;
  /** The innermost node with a position being compiled: what an emitted instruction points back at. */
  private span: Span | null = null;
  readonly allLocals: LocalInfo[] = [];

  constructor(
    private readonly context: Context,
    args: string[] | null,
    private readonly enclosing: BytecodeCompiler | null,
    initialSpan: Span | null = null,
  ) {
    this.mode = enclosing ? enclosing.mode : 'hog';
    this.span = initialSpan;
    if (args) for (const arg of args) this.declareLocal(arg);
  }

  private startScope(): void {
    this.scopeDepth++;
  }

  private endScope(): Fragment {
    this.scopeDepth--;
    const out = frag();
    while (this.locals.length > 0) {
      const local = this.locals[this.locals.length - 1] as Local;
      if (local.depth <= this.scopeDepth) break;
      this.locals.pop();
      out.mark({ kind: 'localEnd', local: local.info });
      out.op(local.isCaptured ? 'CLOSE_UPVALUE' : 'POP', this.span);
    }
    return out;
  }

  private instrumentedView: InstrumentedFunction | undefined;

  /** This function as instrumentation sees it. */
  get instrumented(): InstrumentedFunction {
    this.instrumentedView ??= new InstrumentedView(this.locals, this.upvalues, this.allLocals);
    return this.instrumentedView;
  }

  /** Instrumentation's code for a statement about to be compiled, when instrumenting (null otherwise). */
  private statementHook(node: AstNode | null): Fragment | null {
    const instrumentation = this.context.instrumentation;
    const span = spanOf(node);
    return instrumentation && node && span
      ? frag().raw(instrumentation.statement(this.instrumented, node, span))
      : null;
  }

  /** The statement's code with its hook first (an empty statement runs no hook). */
  private hooked(hook: Fragment | null, code: Fragment): Fragment {
    if (!hook || code.length === 0) return code;
    // The statement's mark stays at its start: the hook is part of it.
    const marks = code.marks.filter((m) => m.at === 0 && m.mark.kind === 'statement');
    for (const m of marks) code.marks.splice(code.marks.indexOf(m), 1);
    const out = frag().append(hook).append(code);
    for (const m of marks) out.marks.unshift({ at: 0, mark: m.mark });
    return out;
  }

  /** A branch or loop body that is a single statement (not a block) starts: hooked like a block's statement. */
  private branchBody(node: AstNode | null): Fragment {
    const hook = node && node.node !== 'Block' && STATEMENT_NODES.has(node.node) ? this.statementHook(node) : null;
    return this.hooked(hook, this.visit(node));
  }

  declareLocal(name: string): Local {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const local = this.locals[i] as Local;
      if (local.depth < this.scopeDepth) break;
      if (local.name === name) throw new HogCompileError(`Variable \`${name}\` already declared in this scope`);
    }
    const info: LocalInfo = { name, slot: this.locals.length };
    const local: Local = { name, depth: this.scopeDepth, isCaptured: false, info };
    this.locals.push(local);
    this.allLocals.push(info);
    return local;
  }

  /** Visits a node: errors raised inside get the innermost positioned node's range, as PostHog's visitor does. */
  visit(node: AstNode | null | undefined): Fragment {
    if (node === null || node === undefined) return frag();
    const outer = this.span;
    const own = spanOf(node);
    if (own) this.span = own;
    try {
      if (this.mode === 'hog' || node.node === 'Placeholder') return this.dispatch(node);
      return this.visitHogAst(node);
    } catch (error) {
      if (error instanceof HogCompileError && error.start === null && own) {
        error.start = own.start;
        error.end = own.end;
      }
      throw error;
    } finally {
      this.span = outer;
    }
  }

  private dispatch(node: AstNode): Fragment {
    switch (node.node) {
      case 'And':
      case 'Or': {
        const out = frag();
        const exprs = nodes(node.exprs);
        for (const expr of exprs) out.append(this.visit(expr));
        return out.op(node.node === 'And' ? 'AND' : 'OR', this.span, exprs.length);
      }
      case 'Not':
        return frag()
          .append(this.visit(optNode(node.expr)))
          .op('NOT', this.span);
      case 'CompareOperation':
        return this.compareOperation(node);
      case 'BetweenExpr':
        return this.betweenExpr(node);
      case 'ArithmeticOperation': {
        const operation = ARITHMETIC[String(node.op)];
        const out = frag()
          .append(this.visit(optNode(node.right)))
          .append(this.visit(optNode(node.left)));
        if (!operation) throw new HogCompileError(`Unsupported arithmetic operation ${String(node.op)}`);
        return out.op(operation, this.span);
      }
      case 'Field':
        return this.field(node);
      case 'TupleAccess':
        return frag()
          .append(this.visit(optNode(node.tuple)))
          .op('INTEGER', this.span, node.index)
          .op(node.nullish ? 'GET_PROPERTY_NULLISH' : 'GET_PROPERTY', this.span);
      case 'ArrayAccess': {
        const property = optNode(node.property);
        if (property?.node === 'Constant' && typeof property.value === 'number' && property.value === 0) {
          throw new HogCompileError('Array access starts from 1');
        }
        return frag()
          .append(this.visit(optNode(node.array)))
          .append(this.visit(property))
          .op(node.nullish ? 'GET_PROPERTY_NULLISH' : 'GET_PROPERTY', this.span);
      }
      case 'Constant':
        return this.constant(node.value);
      case 'Call':
        return this.call(node);
      case 'ExprCall': {
        const out = frag();
        const args = nodes(node.args);
        for (const arg of args) out.append(this.visit(arg));
        out.append(this.visit(optNode(node.expr)));
        return out.op('CALL_LOCAL', this.span, args.length);
      }
      case 'Program':
      case 'Block':
        return this.block(node);
      case 'ExprStatement':
        return this.exprStatement(node);
      case 'ReturnStatement': {
        const expr = optNode(node.expr);
        const out = expr ? this.visit(expr) : frag().op('NULL', this.span);
        if (this.context.instrumentation) out.raw(this.context.instrumentation.beforeReturn(this.instrumented));
        return out.op('RETURN', this.span);
      }
      case 'ThrowStatement': {
        const out = frag().append(this.visit(optNode(node.expr)));
        if (this.context.instrumentation)
          out.raw(this.context.instrumentation.beforeThrow(this.instrumented, this.span));
        return out.op('THROW', this.span);
      }
      case 'TryCatchStatement':
        return this.tryCatch(node);
      case 'IfStatement': {
        const expr = this.visit(optNode(node.expr));
        const then = this.branchBody(optNode(node.then));
        const elseNode = optNode(node.else_);
        const otherwise = elseNode ? this.branchBody(elseNode) : null;
        return this.branch(expr, then, otherwise);
      }
      case 'WhileStatement': {
        const hook = this.statementHook(node);
        const expr = this.hooked(hook, this.visit(optNode(node.expr)));
        const body = this.branchBody(optNode(node.body));
        const out = frag().append(expr);
        if (expr.length > 0) out.markStart({ kind: 'statement', span: this.span as Span });
        out.op('JUMP_IF_FALSE', this.span, body.length + 2).append(body);
        return out.op('JUMP', this.span, -out.length - 2);
      }
      case 'ForStatement':
        return this.forStatement(node);
      case 'ForInStatement':
        return this.forInStatement(node);
      case 'VariableDeclaration': {
        const local = this.declareLocal(String(node.name));
        const expr = optNode(node.expr);
        const out = expr ? this.visit(expr) : frag().op('NULL', this.span);
        return out.mark({ kind: 'localStart', local: local.info });
      }
      case 'VariableAssignment':
        return this.assignment(node);
      case 'Function':
        return this.functionDeclaration(node);
      case 'Lambda':
        return this.lambda(node);
      case 'Dict': {
        const out = frag();
        const items = (Array.isArray(node.items) ? node.items : []) as [AstNode, AstNode][];
        for (const [key, value] of items) out.append(this.visit(key)).append(this.visit(value));
        return out.op('DICT', this.span, items.length);
      }
      case 'Array':
      case 'Tuple': {
        const out = frag();
        const exprs = nodes(node.exprs);
        for (const expr of exprs) out.append(this.visit(expr));
        return out.op(node.node === 'Array' ? 'ARRAY' : 'TUPLE', this.span, exprs.length);
      }
      case 'HogQLXTag':
        return this.hogqlxTag(node);
      case 'Placeholder':
        if (this.mode === 'ast') {
          this.mode = 'hog';
          try {
            return this.visit(optNode(node.expr));
          } finally {
            this.mode = 'ast';
          }
        }
        throw new HogCompileError('Placeholders are not allowed in this context');
      case 'SelectQuery':
      case 'SelectSetQuery': {
        const previous = this.mode;
        this.mode = 'ast';
        try {
          return this.visitHogAst(node);
        } finally {
          this.mode = previous;
        }
      }
      default:
        throw new HogCompileError(`BytecodeCompiler has no method visit_${snakeCase(node.node)}`);
    }
  }

  private compareOperation(node: AstNode): Fragment {
    const operation = COMPARE[String(node.op)];
    if (!operation) throw new HogCompileError(`Unsupported comparison ${String(node.op)}`);
    if (operation === 'IN_COHORT' || operation === 'NOT_IN_COHORT') {
      const right = optNode(node.right);
      let cohort = '';
      if (right?.node === 'Constant') {
        const value = constantValue(right.value);
        cohort =
          typeof value === 'number' && Number.isInteger(value) && !isFloatConstant(right.value)
            ? ` (cohort id=${value})`
            : ` (cohort: ${pyStr(value)})`;
      }
      throw new HogCompileError(
        `Can't use cohorts in real-time filters. Please inline the relevant expressions${cohort}.`,
      );
    }
    return frag()
      .append(this.visit(optNode(node.right)))
      .append(this.visit(optNode(node.left)))
      .op(operation, this.span);
  }

  /**
   * `expr between low and high`, null-safe: each operand is evaluated once into a hidden local, the result is null
   * when any of them is null. The result takes a stack slot of its own that stays behind as the expression's value.
   */
  private betweenExpr(node: AstNode): Fragment {
    const out = frag().op('NULL', this.span);
    const result: Local = {
      name: '__H_between_result_H__',
      depth: this.scopeDepth,
      isCaptured: false,
      info: { name: '__H_between_result_H__', slot: this.locals.length },
    };
    this.locals.push(result);
    this.startScope();
    const slots: number[] = [];
    for (const part of [optNode(node.expr), optNode(node.low), optNode(node.high)]) {
      const local = this.declareLocal(`__H_between_${slots.length}_H__`);
      slots.push(local.info.slot);
      out.append(this.visit(part)).mark({ kind: 'localStart', local: local.info });
    }
    const [exprSlot, lowSlot, highSlot] = slots as [number, number, number];
    for (const slot of [lowSlot, highSlot, exprSlot])
      out.op('GET_LOCAL', this.span, slot).op('NULL', this.span).op('NOT_EQ', this.span);
    out.op('AND', this.span, 3);
    const [lowOp, highOp, join] = node.negated ? ['LT', 'GT', 'OR'] : ['GT_EQ', 'LT_EQ', 'AND'];
    const then = frag()
      .op('GET_LOCAL', this.span, lowSlot)
      .op('GET_LOCAL', this.span, exprSlot)
      .op(lowOp, this.span)
      .op('GET_LOCAL', this.span, highSlot)
      .op('GET_LOCAL', this.span, exprSlot)
      .op(highOp, this.span)
      .op(join, this.span, 2);
    out
      .op('JUMP_IF_FALSE', this.span, then.length + 2)
      .append(then)
      .op('JUMP', this.span, 1)
      .op('NULL', this.span);
    out.op('SET_LOCAL', this.span, result.info.slot);
    out.append(this.endScope());
    // The result's slot is the expression's value from here on, not a variable.
    this.locals.pop();
    return out;
  }

  private addUpvalue(index: number, isLocal: boolean, name: string): number {
    const existing = this.upvalues.findIndex((u) => u.index === index && u.isLocal === isLocal);
    if (existing !== -1) return existing;
    this.upvalues.push({ index, isLocal, name });
    return this.upvalues.length - 1;
  }

  resolveUpvalue(name: string): number {
    if (!this.enclosing) return -1;
    const locals = this.enclosing.locals;
    for (let i = locals.length - 1; i >= 0; i--) {
      const local = locals[i] as Local;
      if (local.name === name) {
        local.isCaptured = true;
        return this.addUpvalue(i, true, name);
      }
    }
    const upvalue = this.enclosing.resolveUpvalue(name);
    if (upvalue !== -1) return this.addUpvalue(upvalue, false, name);
    return -1;
  }

  private resolveLocal(name: unknown): number {
    for (let i = this.locals.length - 1; i >= 0; i--) if ((this.locals[i] as Local).name === name) return i;
    return -1;
  }

  private field(node: AstNode): Fragment {
    const chain = (Array.isArray(node.chain) ? node.chain : []) as (string | number)[];
    const out = frag();
    const local = this.resolveLocal(chain[0]);
    if (local !== -1) out.op('GET_LOCAL', this.span, local);
    else {
      const upvalue = this.resolveUpvalue(String(chain[0]));
      if (upvalue !== -1) out.op('GET_UPVALUE', this.span, upvalue);
    }
    if (out.length > 0) {
      for (const element of chain.slice(1)) {
        if (typeof element === 'number') out.op('INTEGER', this.span, element);
        else out.op('STRING', this.span, String(element));
        out.op('GET_PROPERTY', this.span);
      }
      return out;
    }
    // Not a local nor an upvalue: a global.
    for (const element of [...chain].reverse()) out.op('STRING', this.span, element);
    if (this.context.hasGlobal(String(chain[0])))
      this.context.add(this.context.notices, this.span, `Global variable: ${pyStr(chain[0])}`);
    else this.context.add(this.context.warnings, this.span, `Unknown global variable: ${pyStr(chain[0])}`);
    return out.op('GET_GLOBAL', this.span, chain.length);
  }

  private constant(raw: unknown): Fragment {
    if (raw === true) return frag().op('TRUE', this.span);
    if (raw === false) return frag().op('FALSE', this.span);
    if (raw === null || raw === undefined) return frag().op('NULL', this.span);
    if (isFloatConstant(raw)) return frag().op('FLOAT', this.span).operand(raw.__hogFloat, true);
    if (typeof raw === 'number')
      return Number.isInteger(raw)
        ? frag().op('INTEGER', this.span, raw)
        : frag().op('FLOAT', this.span).operand(raw, true);
    if (typeof raw === 'string') return frag().op('STRING', this.span, raw);
    throw new HogCompileError(
      `Constant type \`${Array.isArray(raw) ? "<class 'list'>" : "<class 'dict'>"}\` is not supported`,
    );
  }

  /** `if`: a jump over `then`, and over `else` when there is one (an empty `else` counts as none, as in PostHog). */
  private branch(expr: Fragment, then: Fragment, otherwise: Fragment | null): Fragment {
    const hasElse = otherwise !== null && otherwise.length > 0;
    const out = frag()
      .append(expr)
      .op('JUMP_IF_FALSE', this.span, then.length + (hasElse ? 2 : 0))
      .append(then);
    if (hasElse) out.op('JUMP', this.span, otherwise.length).append(otherwise);
    return out;
  }

  private call(node: AstNode): Fragment {
    const name = String(node.name);
    const args = nodes(node.args);
    if (name === 'not' && args.length === 1) return this.visit(args[0]).op('NOT', this.span);
    if ((name === 'and' || name === 'or') && args.length > 1) {
      const out = frag();
      for (const arg of args) out.append(this.visit(arg));
      return out.op(name === 'and' ? 'AND' : 'OR', this.span, args.length);
    }
    if (name === 'if' && args.length >= 2) {
      const expr = this.visit(args[0]);
      const then = this.visit(args[1]);
      const otherwise = args.length === 3 ? this.visit(args[2]) : null;
      return this.branch(expr, then, otherwise);
    }
    if (name === 'multiIf' && args.length >= 2) {
      if (args.length <= 3) return this.visit(synthetic('Call', { name: 'if', args }));
      let prev: Fragment | null = args.length % 2 === 0 ? null : this.visit(args[args.length - 1]);
      for (let i = args.length - 2 - (args.length % 2); i > -1; i -= 2) {
        const expr = this.visit(args[i]);
        const then = this.visit(args[i + 1]);
        prev = this.branch(expr, then, prev);
      }
      return prev ?? frag();
    }
    if (name === 'ifNull' && args.length === 2) {
      const expr = this.visit(args[0]);
      const ifNull = this.visit(args[1]);
      return expr
        .op('JUMP_IF_STACK_NOT_NULL', this.span, ifNull.length + 1)
        .op('POP', this.span)
        .append(ifNull);
    }
    if (name === 'sql' && args.length === 1) {
      const previous = this.mode;
      this.mode = 'ast';
      try {
        return this.visit(args[0]);
      } finally {
        this.mode = previous;
      }
    }
    // `f(params)(args)`: the first set calls f, the second calls what it returned.
    const params = Array.isArray(node.params) ? nodes(node.params) : null;
    const first = params ?? args;
    let out = frag();
    for (const expr of first) out.append(this.visit(expr));
    if (this.locals.some((l) => l.name === name)) {
      out.append(this.visit(field(name))).op('CALL_LOCAL', this.span, first.length);
    } else {
      const upvalue = this.resolveUpvalue(name);
      if (upvalue !== -1) out.op('GET_UPVALUE', this.span, upvalue).op('CALL_LOCAL', this.span, first.length);
      else {
        if (this.context.hasGlobal(name)) this.context.add(this.context.notices, this.span, `Global variable: ${name}`);
        else if (!this.context.supported.has(name) && !STDLIB_NAMES.has(name)) {
          this.context.add(this.context.errors, this.span, `Hog function \`${name}\` is not implemented`);
        }
        if (this.context.instrumentation)
          out.raw(this.context.instrumentation.beforeCall(this.instrumented, name, first.length, this.span));
        out.op('CALL_GLOBAL', this.span, name, first.length);
      }
    }
    if (params) {
      const next = frag();
      for (const expr of args) next.append(this.visit(expr));
      out = next.append(out).op('CALL_LOCAL', this.span, args.length);
    }
    return out;
  }

  private block(node: AstNode): Fragment {
    const out = frag();
    this.startScope();
    for (const declaration of nodes(node.declarations)) {
      const statement = STATEMENT_NODES.has(declaration.node) && declaration.node !== 'Block';
      // Loops with a test are instrumented at the test, which runs on every iteration.
      const hookedAtTest =
        declaration.node === 'WhileStatement' ||
        declaration.node === 'ForInStatement' ||
        (declaration.node === 'ForStatement' && optNode(declaration.condition));
      const hook = statement && !hookedAtTest ? this.statementHook(declaration) : null;
      let code = this.visit(declaration);
      const span = spanOf(declaration);
      if (span && code.length > 0 && statement) {
        code.markStart({ kind: 'statement', span });
        code = this.hooked(hook, code);
      }
      out.append(code);
    }
    return out.append(this.endScope());
  }

  private exprStatement(node: AstNode): Fragment {
    const expr = optNode(node.expr);
    if (!expr) return frag();
    if (expr.node === 'CompareOperation' && expr.op === '==') {
      this.context.add(this.context.warnings, spanOf(node), "You must use ':=' for assignment instead of '='.");
    }
    return this.visit(expr).op('POP', this.span);
  }

  private tryCatch(node: AstNode): Fragment {
    if (node.finally_stmt) throw new HogCompileError('finally blocks are not yet supported');
    const catches = (Array.isArray(node.catches) ? node.catches : []) as [string | null, string | null, AstNode][];
    if (catches.length === 0) throw new HogCompileError('try statement must have at least one catch block');

    const tryStmt = this.visit(optNode(node.try_stmt));
    const out = frag()
      .op('TRY', this.span, tryStmt.length + 2 + 2)
      .append(tryStmt)
      .op('POP_TRY', this.span);

    const endPositions: number[] = [];
    const catchesCode = frag();
    this.startScope();
    // The VM pushes the error; `e` is shared by all blocks, and `type` holds its type.
    const errorLocal = this.declareLocal('e');
    catchesCode.mark({ kind: 'localStart', local: errorLocal.info });
    catchesCode.append(this.visit(field('e', 'type')));
    const typeLocal = this.declareLocal('type');
    catchesCode.mark({ kind: 'localStart', local: typeLocal.info });
    for (const [variable, type, statement] of catches) {
      const catchVar = variable || 'e';
      const catchType = type || 'Error';
      this.startScope();
      if (catchType === 'Error') {
        if (catchVar !== 'e') {
          const local = this.declareLocal(catchVar);
          catchesCode.append(this.visit(field('e'))).mark({ kind: 'localStart', local: local.info });
        }
        catchesCode.append(this.visit(statement));
        catchesCode.append(this.endScope());
        catchesCode.op('JUMP', this.span, null);
        endPositions.push(catchesCode.length - 1);
      } else {
        // Named catch: `catch (e: RetryError) {}`.
        const compare = this.visit(
          synthetic('CompareOperation', {
            op: '==',
            left: field('type'),
            right: synthetic('Constant', { value: catchType }),
          }),
        );
        catchesCode.append(compare).op('JUMP_IF_FALSE', this.span);
        const catchCode = frag();
        if (catchVar !== 'e') {
          const local = this.declareLocal(catchVar);
          catchCode.append(this.visit(field('e'))).mark({ kind: 'localStart', local: local.info });
        }
        catchCode.append(this.visit(statement));
        const endScope = this.endScope();
        catchCode.append(endScope);
        // PostHog's jump skips the block but lands before the end of its scope when the block declared a variable.
        catchesCode
          .operand(catchCode.length + 2 - endScope.length)
          .append(catchCode)
          .op('JUMP', this.span, null);
        endPositions.push(catchesCode.length - 1);
      }
    }
    // Nothing matched: drop the type and throw the error again.
    catchesCode.op('POP', this.span).op('THROW', this.span);
    const endScope = this.endScope();
    catchesCode.append(endScope);
    for (const position of endPositions) catchesCode.set(position, catchesCode.length - position - endScope.length - 1);
    return out.op('JUMP', this.span, catchesCode.length).append(catchesCode);
  }

  private forStatement(node: AstNode): Fragment {
    const initializerNode = optNode(node.initializer);
    if (initializerNode) this.startScope();
    const initializer = this.visit(initializerNode);
    const hook = optNode(node.condition) ? this.statementHook(node) : null;
    let condition = this.visit(optNode(node.condition));
    const increment = this.visit(optNode(node.increment));
    const body = this.branchBody(optNode(node.body));
    // Each iteration stops on the loop's line: its condition is a statement of its own.
    if (condition.length > 0 && this.span) condition.markStart({ kind: 'statement', span: this.span });
    condition = this.hooked(hook, condition);
    const out = frag()
      .append(initializer)
      .append(condition)
      .op('JUMP_IF_FALSE', this.span, body.length + increment.length + 2)
      .append(body)
      .append(increment)
      .op('JUMP', this.span, -increment.length - body.length - 2 - condition.length - 2);
    if (initializerNode) out.append(this.endScope());
    return out;
  }

  private forInStatement(node: AstNode): Fragment {
    const out = frag();
    this.startScope();
    const keyVar = typeof node.keyVar === 'string' ? node.keyVar : null;
    const valueVar = String(node.valueVar);

    const exprLocal = this.declareLocal('__H_expr_H__');
    out.append(this.visit(optNode(node.expr))).mark({ kind: 'localStart', local: exprLocal.info });
    const exprSlot = exprLocal.info.slot;
    let keysSlot: number | null = null;
    if (keyVar !== null) {
      const keys = this.declareLocal('__H_keys_H__');
      keysSlot = keys.info.slot;
      out
        .op('GET_LOCAL', this.span, exprSlot)
        .op('CALL_GLOBAL', this.span, 'keys', 1)
        .mark({ kind: 'localStart', local: keys.info });
    }
    const values = this.declareLocal('__H_values_H__');
    out
      .op('GET_LOCAL', this.span, exprSlot)
      .op('CALL_GLOBAL', this.span, 'values', 1)
      .mark({ kind: 'localStart', local: values.info });
    const index = this.declareLocal('__H_index_H__');
    out.op('INTEGER', this.span, 1).mark({ kind: 'localStart', local: index.info });
    const limit = this.declareLocal('__H_limit_H__');
    out
      .op('GET_LOCAL', this.span, values.info.slot)
      .op('CALL_GLOBAL', this.span, 'length', 1)
      .mark({ kind: 'localStart', local: limit.info });
    let keyVarSlot: number | null = null;
    if (keyVar !== null) {
      const key = this.declareLocal(keyVar);
      keyVarSlot = key.info.slot;
      out.op('NULL', this.span).mark({ kind: 'localStart', local: key.info });
    }
    const value = this.declareLocal(valueVar);
    out.op('NULL', this.span).mark({ kind: 'localStart', local: value.info });

    let condition = frag()
      .op('GET_LOCAL', this.span, limit.info.slot)
      .op('GET_LOCAL', this.span, index.info.slot)
      .op('LT_EQ', this.span);
    if (this.span) condition.markStart({ kind: 'statement', span: this.span });
    condition = this.hooked(this.statementHook(node), condition);
    const body = frag();
    if (keyVar !== null) {
      body
        .op('GET_LOCAL', this.span, keysSlot)
        .op('GET_LOCAL', this.span, index.info.slot)
        .op('GET_PROPERTY', this.span)
        .op('SET_LOCAL', this.span, keyVarSlot);
    }
    body
      .op('GET_LOCAL', this.span, values.info.slot)
      .op('GET_LOCAL', this.span, index.info.slot)
      .op('GET_PROPERTY', this.span)
      .op('SET_LOCAL', this.span, value.info.slot);
    body.append(this.branchBody(optNode(node.body)));
    const increment = frag()
      .op('GET_LOCAL', this.span, index.info.slot)
      .op('INTEGER', this.span, 1)
      .op('PLUS', this.span)
      .op('SET_LOCAL', this.span, index.info.slot);

    out
      .append(condition)
      .op('JUMP_IF_FALSE', this.span, body.length + increment.length + 2)
      .append(body)
      .append(increment)
      .op('JUMP', this.span, -increment.length - body.length - 2 - condition.length - 2);
    return out.append(this.endScope());
  }

  private assignment(node: AstNode): Fragment {
    const left = optNode(node.left);
    const right = optNode(node.right);
    if (left?.node === 'TupleAccess') {
      return frag()
        .append(this.visit(optNode(left.tuple)))
        .op('INTEGER', this.span, left.index)
        .append(this.visit(right))
        .op('SET_PROPERTY', this.span);
    }
    if (left?.node === 'ArrayAccess') {
      return frag()
        .append(this.visit(optNode(left.array)))
        .append(this.visit(optNode(left.property)))
        .append(this.visit(right))
        .op('SET_PROPERTY', this.span);
    }
    const chain = (left?.node === 'Field' && Array.isArray(left.chain) ? left.chain : []) as (string | number)[];
    if (left?.node === 'Field' && chain.length >= 1) {
      const name = chain[0];
      const local = this.resolveLocal(name);
      let out: Fragment | null = null;
      if (local !== -1) {
        if (chain.length === 1) return this.visit(right).op('SET_LOCAL', this.span, local);
        out = frag().op('GET_LOCAL', this.span, local);
      } else {
        const upvalue = this.resolveUpvalue(String(name));
        if (upvalue !== -1) {
          if (chain.length === 1) return this.visit(right).op('SET_UPVALUE', this.span, upvalue);
          out = frag().op('GET_UPVALUE', this.span, upvalue);
        }
      }
      if (!out)
        throw new HogCompileError(`Variable "${pyStr(name)}" not declared in this scope. Can not assign to globals.`);
      for (const element of chain.slice(1, -1)) {
        if (typeof element === 'number') out.op('INTEGER', this.span, element);
        else out.op('STRING', this.span, String(element));
        out.op('GET_PROPERTY', this.span);
      }
      const last = chain[chain.length - 1] as string | number;
      if (typeof last === 'number') out.op('INTEGER', this.span, last);
      else out.op('STRING', this.span, String(last));
      return out.append(this.visit(right)).op('SET_PROPERTY', this.span);
    }
    throw new HogCompileError('Can not assign to this type of expression');
  }

  private functionDeclaration(node: AstNode): Fragment {
    const body = functionBody(optNode(node.body));
    const name = String(node.name);
    const local = this.declareLocal(name);
    const out = this.closure(name, (node.params as string[] | undefined) ?? [], body, spanOf(node));
    return out.mark({ kind: 'localStart', local: local.info });
  }

  private lambda(node: AstNode): Fragment {
    return this.closure(
      'lambda',
      (node.args as string[] | undefined) ?? [],
      lambdaBody(optNode(node.expr)),
      spanOf(node) ?? this.span,
    );
  }

  private closure(name: string, params: string[], body: AstNode, span: Span | null): Fragment {
    const compiler = new BytecodeCompiler(this.context, params, this, this.span);
    const instrumentation = this.context.instrumentation;
    const code = instrumentation
      ? frag().raw(instrumentation.functionStart(compiler.instrumented, { name, params, span, body }))
      : frag();
    code.append(compiler.visit(body));
    const info: FunctionMark = {
      name,
      params,
      span,
      upvalues: compiler.upvalues.map((u) => ({ name: u.name, index: u.index, isLocal: u.isLocal })),
      locals: compiler.allLocals,
    };
    // Parameters are in scope from the body's first instruction.
    for (const local of compiler.allLocals.slice(0, params.length))
      code.marks.unshift({ at: 0, mark: { kind: 'localStart', local } });
    const out = frag().mark({ kind: 'function', fn: info });
    out.op('CALLABLE', this.span, name, params.length, compiler.upvalues.length, code.length).append(code);
    out.op('CLOSURE', this.span, compiler.upvalues.length);
    for (const upvalue of compiler.upvalues) out.operand(upvalue.isLocal).operand(upvalue.index);
    return out;
  }

  private hogqlxTag(node: AstNode): Fragment {
    const out = frag();
    const kind = String(node.kind);
    const attributes = nodes(node.attributes);
    const callable = this.locals.some((l) => l.name === kind) || this.resolveUpvalue(kind) !== -1;
    if (callable) {
      for (const attribute of attributes)
        out.append(this.hogqlxValue(attribute.name)).append(this.hogqlxValue(attribute.value));
      out.op('DICT', this.span, attributes.length);
      out.append(this.field(field(kind))).op('CALL_LOCAL', this.span, 1);
    } else {
      out.append(this.hogqlxValue('__hx_tag')).append(this.hogqlxValue(kind));
      for (const attribute of attributes)
        out.append(this.hogqlxValue(attribute.name)).append(this.hogqlxValue(attribute.value));
      out.op('DICT', this.span, attributes.length + 1);
    }
    return out;
  }

  /**
   * Inline HogQL (`sql(...)`, `(select ...)`) compiles to dicts describing its AST (`__hx_ast`). PostHog walks its
   * Python dataclasses' fields for this; here the parser's JSON fields are walked instead (in their order, nulls
   * left out), so these dicts can differ from PostHog's in field order and in fields that only Python defaults.
   */
  private visitHogAst(node: AstNode | null): Fragment {
    if (!node) return frag().op('NULL', this.span);
    if (node.node === 'HogQLXTag') {
      const kind = String(node.kind);
      if (this.locals.some((l) => l.name === kind) || this.resolveUpvalue(kind) !== -1) return this.hogqlxTag(node);
    }
    const out = frag().op('STRING', this.span, '__hx_ast').op('STRING', this.span, node.node);
    let fields = 1;
    for (const [key, value] of hogAstFields(node)) {
      if (value === null || value === undefined) continue;
      out.op('STRING', this.span, key).append(this.hogqlxValue(value));
      fields++;
    }
    return out.op('DICT', this.span, fields);
  }

  private hogqlxValue(value: unknown): Fragment {
    if (isNode(value)) return this.visit(value);
    if (Array.isArray(value)) {
      const out = frag();
      for (const item of value) out.append(this.hogqlxValue(item));
      return out.op('ARRAY', this.span, value.length);
    }
    if (isFloatConstant(value)) return frag().op('FLOAT', this.span).operand(value.__hogFloat, true);
    if (typeof value === 'object' && value !== null) {
      const out = frag();
      const entries = Object.entries(value);
      for (const [k, v] of entries) out.append(this.hogqlxValue(k)).append(this.hogqlxValue(v));
      return out.op('DICT', this.span, entries.length);
    }
    // Python's bool is an int: PostHog writes `INTEGER, false` for a dataclass's boolean field.
    if (typeof value === 'boolean') return frag().op('INTEGER', this.span, value);
    if (typeof value === 'number')
      return Number.isInteger(value)
        ? frag().op('INTEGER', this.span, value)
        : frag().op('FLOAT', this.span).operand(value, true);
    if (typeof value === 'string') return frag().op('STRING', this.span, value);
    return frag().op('NULL', this.span);
  }
}

/**
 * The fields of PostHog's Python AST classes in their declaration order, with the defaults its parser's JSON leaves
 * out, for the nodes inline HogQL uses most. Other nodes keep the JSON's field order.
 */
const HOG_AST_FIELDS: Record<string, [string, unknown][]> = {
  Field: [
    ['chain', undefined],
    ['from_asterisk', false],
  ],
  Constant: [['value', undefined]],
  ArithmeticOperation: [
    ['left', undefined],
    ['right', undefined],
    ['op', undefined],
  ],
  CompareOperation: [
    ['left', undefined],
    ['right', undefined],
    ['op', undefined],
  ],
  Call: [
    ['name', undefined],
    ['args', undefined],
    ['params', undefined],
    ['distinct', false],
  ],
  Alias: [
    ['alias', undefined],
    ['expr', undefined],
    ['hidden', false],
  ],
  JoinConstraint: [
    ['expr', undefined],
    ['constraint_type', undefined],
  ],
  JoinExpr: [
    ['join_type', undefined],
    ['table', undefined],
    ['table_args', undefined],
    ['alias', undefined],
    ['table_final', undefined],
    ['constraint', undefined],
    ['next_join', undefined],
    ['sample', undefined],
  ],
  SelectQuery: [
    ['ctes', undefined],
    ['select', undefined],
    ['distinct', undefined],
    ['select_from', undefined],
    ['array_join_op', undefined],
    ['array_join_list', undefined],
    ['window_exprs', undefined],
    ['where', undefined],
    ['prewhere', undefined],
    ['having', undefined],
    ['group_by', undefined],
    ['order_by', undefined],
    ['limit', undefined],
    ['limit_by', undefined],
    ['limit_with_ties', undefined],
    ['offset', undefined],
    ['settings', undefined],
    ['view_name', undefined],
  ],
};

function hogAstFields(node: AstNode): [string, unknown][] {
  const skip = new Set(['node', 'start', 'end', 'type']);
  const known = HOG_AST_FIELDS[node.node];
  if (!known) return Object.entries(node).filter(([key]) => !skip.has(key));
  const fields: [string, unknown][] = known.map(([key, fallback]) => [key, key in node ? node[key] : fallback]);
  for (const [key, value] of Object.entries(node))
    if (!skip.has(key) && !known.some(([k]) => k === key)) fields.push([key, value]);
  return fields;
}

/** A function body always ends in a return, so a call leaves exactly one value. */
function functionBody(body: AstNode | null): AstNode {
  if (!body) return synthetic('Block', { declarations: [returnNull()] });
  // `fn x() {foo}` can come back as a placeholder.
  if (body.node === 'Placeholder')
    return synthetic('Block', { declarations: [synthetic('ExprStatement', { expr: body.expr }), returnNull()] });
  if (body.node === 'Block') {
    const declarations = nodes(body.declarations);
    if (declarations.length === 0 || declarations[declarations.length - 1]?.node !== 'ReturnStatement') {
      return synthetic('Block', { declarations: [...declarations, returnNull()] });
    }
    return body;
  }
  if (body.node !== 'ReturnStatement') return synthetic('Block', { declarations: [body, returnNull()] });
  return body;
}

/** Python's ast.Statement subclasses: a lambda whose body is one is run as a block, any other expression returned. */
const STATEMENT_CLASSES = new Set([...STATEMENT_NODES, 'Program']);

function lambdaBody(expr: AstNode | null): AstNode {
  if (!expr) return synthetic('ReturnStatement', { expr: null });
  if (expr.node === 'Placeholder')
    return synthetic('Block', { declarations: [synthetic('ExprStatement', { expr: expr.expr }), returnNull()] });
  if (expr.node === 'Block') {
    const declarations = nodes(expr.declarations);
    if (declarations.length === 0 || declarations[declarations.length - 1]?.node !== 'ReturnStatement') {
      return synthetic('Block', { declarations: [...declarations, returnNull()] });
    }
    return expr;
  }
  if (expr.node === 'ReturnStatement') return expr;
  if (STATEMENT_CLASSES.has(expr.node)) return synthetic('Block', { declarations: [expr, returnNull()] });
  return synthetic('ReturnStatement', { expr });
}

const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** How Python's str() writes a value in a message. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The result.

/** A source position: offsets are UTF-16 offsets into the source text; lines and columns count from 1. */
export interface SourceRange {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface DebugLocal {
  name: string;
  /** Its stack slot, counted from the frame's start (the VM's GET_LOCAL operand). */
  slot: number;
  /** The instructions where it holds its value: [from, to). */
  from: number;
  to: number;
  /** PostHog's hidden loop variables (`__H_index_H__`...). */
  hidden: boolean;
}

export interface DebugFunction {
  /** `''` for the program itself, `lambda` for lambdas. */
  name: string;
  params: string[];
  /** Where it is written; null for the program. */
  range: SourceRange | null;
  /** The CALLABLE instruction (-1 for the program). */
  ip: number;
  /** Its body's instructions: [bodyStart, bodyEnd). */
  bodyStart: number;
  bodyEnd: number;
  /** What it captures, in upvalue order. */
  upvalues: { name: string; index: number; isLocal: boolean }[];
  locals: DebugLocal[];
}

export interface DebugInfo {
  /** For every instruction (by its index in the bytecode): where it came from. Operands have no entry. */
  lineTable: Map<number, SourceRange>;
  /** Where statements start: their first instruction and range (breakpoints, stepping), in bytecode order. */
  statements: { ip: number; range: SourceRange }[];
  functions: DebugFunction[];
}

/**
 * The source of the instruction that holds `ip`: the VM reports the position of an instruction's last operand
 * when it fails while reading it, so this looks back to the instruction the operand belongs to.
 */
export function sourceAt(debugInfo: DebugInfo, ip: number): SourceRange | undefined {
  for (let at = ip; at >= 0; at--) {
    const range = debugInfo.lineTable.get(at);
    if (range) return range;
  }
  return undefined;
}

export interface CompileResult {
  bytecode: unknown[];
  /** Indices of operands that are floats (PostHog's JSON writes `1.0` for them). */
  floats: Set<number>;
  debugInfo: DebugInfo;
  errors: CompileNotice[];
  warnings: CompileNotice[];
  notices: CompileNotice[];
}

/** Converts code point offsets (the AST's) to UTF-16 offsets, lines and columns of `source`. */
export class SourceMap {
  private readonly utf16: number[] | null;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly source: string) {
    // Only text with characters outside the BMP needs a table; otherwise code points are UTF-16 units.
    if (/[\uD800-\uDBFF]/.test(source)) {
      this.utf16 = [];
      let unit = 0;
      for (const char of source) {
        this.utf16.push(unit);
        unit += char.length;
      }
      this.utf16.push(unit);
    } else this.utf16 = null;
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** The UTF-16 offset of code point `offset` (clamped to the text). */
  toUtf16(offset: number): number {
    if (!this.utf16) return Math.max(0, Math.min(offset, this.source.length));
    return this.utf16[Math.max(0, Math.min(offset, this.utf16.length - 1))] ?? this.source.length;
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }

  range(span: Span): SourceRange {
    const start = this.toUtf16(span.start);
    const end = this.toUtf16(span.end);
    const from = this.position(start);
    const to = this.position(end);
    return { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}

function assemble(code: Fragment, root: BytecodeCompiler, source: string | null, rootSpan: Span | null): CompileResult {
  const header = 2;
  const map = new SourceMap(source ?? '');
  const range = (span: Span | null): SourceRange | null => (span && source !== null ? map.range(span) : null);
  const lineTable = new Map<number, SourceRange>();
  for (let i = 0; i < code.length; i++) {
    const span = code.spans[i];
    if (span) {
      const r = range(span);
      if (r) lineTable.set(i + header, r);
    }
  }
  const statements: { ip: number; range: SourceRange }[] = [];
  const functions: DebugFunction[] = [];
  const rootFunction: DebugFunction = {
    name: '',
    params: [],
    range: null,
    ip: -1,
    bodyStart: header,
    bodyEnd: code.length + header,
    upvalues: [],
    locals: [],
  };
  const fnMarks = new Map<FunctionMark, DebugFunction>();
  for (const { at, mark } of code.marks) {
    const ip = at + header;
    if (mark.kind === 'statement') {
      const r = range(mark.span);
      if (r && ip < code.length + header && !statements.some((s) => s.ip === ip && s.range.start === r.start))
        statements.push({ ip, range: r });
    } else if (mark.kind === 'localStart') mark.local.from = ip;
    else if (mark.kind === 'localEnd') mark.local.to = ip;
    else {
      const bodyLength = code.code[at + 4] as number;
      const fn: DebugFunction = {
        name: mark.fn.name,
        params: mark.fn.params,
        range: range(mark.fn.span),
        ip,
        bodyStart: ip + 5,
        bodyEnd: ip + 5 + bodyLength,
        upvalues: mark.fn.upvalues,
        locals: [],
      };
      fnMarks.set(mark.fn, fn);
      functions.push(fn);
    }
  }
  const debugLocal = (info: LocalInfo, end: number): DebugLocal => ({
    name: info.name,
    slot: info.slot,
    from: info.from ?? end,
    to: info.to ?? end,
    hidden: /^__H_.*_H__$/.test(info.name),
  });
  for (const [mark, fn] of fnMarks) fn.locals = mark.locals.map((l) => debugLocal(l, fn.bodyEnd));
  rootFunction.locals = root.allLocals.map((l) => debugLocal(l, rootFunction.bodyEnd));
  rootFunction.range = range(rootSpan);
  statements.sort((a, b) => a.ip - b.ip);
  const floats = new Set<number>();
  code.floats.forEach((isFloat, i) => {
    if (isFloat) floats.add(i + header);
  });
  return {
    bytecode: ['_H', 1, ...code.code],
    floats,
    debugInfo: { lineTable, statements, functions: [rootFunction, ...functions] },
    errors: root['context'].errors,
    warnings: root['context'].warnings,
    notices: root['context'].notices,
  };
}

/**
 * Compiles a parsed program (`parseProgram`) or expression (`parseExpression`, `parseTemplate`: its value is
 * returned) to PostHog's bytecode. `source` is the text that was parsed, for the debug information's positions.
 * Throws HogCompileError where PostHog's compiler raises a QueryError.
 */
export function compile(ast: AstNode, options: CompileOptions & { source?: string } = {}): CompileResult {
  const context = new Context(options);
  const compiler = new BytecodeCompiler(context, null, null);
  const instrumentation = context.instrumentation;
  if (!instrumentation) return assemble(compiler.visit(ast), compiler, options.source ?? null, spanOf(ast));
  const code = frag().raw(
    instrumentation.functionStart(compiler.instrumented, { name: '', params: [], span: null, body: ast }),
  );
  code.append(compiler.visit(ast)).raw(instrumentation.programEnd(compiler.instrumented));
  return assemble(code, compiler, options.source ?? null, spanOf(ast));
}
