// Compiles the AST of PostHog's own Hog parser (`@posthog/hogql-parser`) to the bytecode of PostHog's own VM
// (`@posthog/hogvm`), as PostHog's server does when a function is saved (posthog/hogql/compiler/bytecode.py): locals
// are stack slots, closures capture upvalues, `for in` loops run over keys()/values(). With it the local PostHog runs a
// function's code in the real VM instead of guessing what it does. Inline HogQL (`sql()`, `select`) is not compiled.
import { operations } from '@posthog/hogvm';
import type { AstNode } from './hogProgram';

/** Opcode numbers by name, from the VM itself so they can never drift from it. */
const OP = Object.fromEntries(operations.map((name, code) => [name, code])) as Record<string, number>;
const op = (name: string): number => {
  const code = OP[name];
  if (code === undefined || name === '') throw new Error(`fake PostHog: the VM has no operation ${name}`);
  return code;
};

/** PostHog's `QueryError`: the program cannot be compiled. */
export class HogCompileError extends Error {}

type Bytecode = unknown[];

const COMPARE: Record<string, string> = {
  '==': 'EQ', '!=': 'NOT_EQ', '>': 'GT', '>=': 'GT_EQ', '<': 'LT', '<=': 'LT_EQ', like: 'LIKE', ilike: 'ILIKE',
  'not like': 'NOT_LIKE', 'not ilike': 'NOT_ILIKE', in: 'IN', 'not in': 'NOT_IN', '=~': 'REGEX', '!~': 'NOT_REGEX',
  '=~*': 'IREGEX', '!~*': 'NOT_IREGEX',
};
const ARITHMETIC: Record<string, string> = { '+': 'PLUS', '-': 'MINUS', '*': 'MULTIPLY', '/': 'DIVIDE', '%': 'MOD' };

interface Local { name: string; depth: number; captured: boolean }
interface Upvalue { index: number; isLocal: boolean }

const node = (value: unknown): AstNode => value as AstNode;
const nodes = (value: unknown): AstNode[] => (Array.isArray(value) ? value : []) as AstNode[];
const returnNull = (): AstNode => ({ node: 'ReturnStatement', expr: null });

/** One function body (the program is one too): its locals, its scopes and what it captures from the enclosing body. */
class FunctionCompiler {
  private readonly locals: Local[] = [];
  readonly upvalues: Upvalue[] = [];
  private depth = 0;

  constructor(private readonly enclosing?: FunctionCompiler, params: string[] = []) {
    for (const param of params) this.declare(param);
  }

  compile(n: AstNode | null | undefined): Bytecode {
    if (!n) return [];
    switch (n.node) {
      case 'Program':
      case 'Block':
        return this.scoped(() => nodes(n.declarations).flatMap((d) => this.compile(d)));
      case 'ExprStatement':
        return n.expr ? [...this.compile(node(n.expr)), op('POP')] : [];
      // `fn f() {x}` can come back as a placeholder: it is a statement of its own there.
      case 'Placeholder':
        return [...this.compile(node(n.expr)), op('POP')];
      case 'ReturnStatement':
        return [...(n.expr ? this.compile(node(n.expr)) : [op('NULL')]), op('RETURN')];
      case 'ThrowStatement':
        return [...this.compile(node(n.expr)), op('THROW')];
      case 'VariableDeclaration':
        // Declared before its value is compiled, as PostHog's compiler does.
        this.declare(String(n.name));
        return n.expr ? this.compile(node(n.expr)) : [op('NULL')];
      case 'VariableAssignment':
        return this.assignment(node(n.left), node(n.right));
      case 'IfStatement':
        return this.branch(this.compile(node(n.expr)), this.compile(node(n.then)), n.else_ ? this.compile(node(n.else_)) : undefined);
      case 'WhileStatement': {
        const condition = this.compile(node(n.expr));
        const body = this.compile(node(n.body));
        return [...condition, op('JUMP_IF_FALSE'), body.length + 2, ...body, op('JUMP'), -(condition.length + 2 + body.length + 2)];
      }
      case 'ForStatement':
        return this.forLoop(n);
      case 'ForInStatement':
        return this.forIn(n);
      case 'Function':
        return this.functionDeclaration(n);
      case 'TryCatchStatement':
        return this.tryCatch(n);
      default:
        return this.expression(n);
    }
  }

  private expression(n: AstNode): Bytecode {
    switch (n.node) {
      case 'Constant':
        return constant(n.value);
      case 'Field':
        return this.fieldRead(n.chain as (string | number)[]);
      case 'ArrayAccess': {
        const property = node(n.property);
        if (property.node === 'Constant' && property.value === 0) throw new HogCompileError('Array access starts from 1');
        return [...this.compile(node(n.array)), ...this.compile(property), op(n.nullish ? 'GET_PROPERTY_NULLISH' : 'GET_PROPERTY')];
      }
      case 'TupleAccess':
        return [...this.compile(node(n.tuple)), op('INTEGER'), n.index, op(n.nullish ? 'GET_PROPERTY_NULLISH' : 'GET_PROPERTY')];
      case 'And':
      case 'Or': {
        const exprs = nodes(n.exprs);
        return [...exprs.flatMap((e) => this.compile(e)), op(n.node === 'And' ? 'AND' : 'OR'), exprs.length];
      }
      case 'Not':
        return [...this.compile(node(n.expr)), op('NOT')];
      case 'CompareOperation': {
        const name = COMPARE[String(n.op)];
        if (!name) {
          if (String(n.op).includes('cohort')) throw new HogCompileError("Can't use cohorts in real-time filters. Please inline the relevant expressions.");
          throw new HogCompileError(`Unsupported comparison ${String(n.op)}`);
        }
        return [...this.compile(node(n.right)), ...this.compile(node(n.left)), op(name)];
      }
      case 'ArithmeticOperation':
        return [...this.compile(node(n.right)), ...this.compile(node(n.left)), op(ARITHMETIC[String(n.op)] ?? 'PLUS')];
      case 'BetweenExpr': {
        const [low, high, value] = [node(n.low), node(n.high), node(n.expr)];
        const [lowOp, highOp, join] = n.negated ? ['LT', 'GT', 'OR'] : ['GT_EQ', 'LT_EQ', 'AND'];
        return [...this.compile(low), ...this.compile(value), op(lowOp), ...this.compile(high), ...this.compile(value), op(highOp), op(join), 2];
      }
      case 'Array':
      case 'Tuple': {
        const exprs = nodes(n.exprs);
        return [...exprs.flatMap((e) => this.compile(e)), op(n.node === 'Array' ? 'ARRAY' : 'TUPLE'), exprs.length];
      }
      case 'Dict': {
        const items = (n.items as [AstNode, AstNode][]) ?? [];
        return [...items.flatMap(([k, v]) => [...this.compile(k), ...this.compile(v)]), op('DICT'), items.length];
      }
      case 'Call':
        return this.call(n);
      case 'ExprCall': {
        const args = nodes(n.args);
        return [...args.flatMap((a) => this.compile(a)), ...this.compile(node(n.expr)), op('CALL_LOCAL'), args.length];
      }
      case 'Lambda':
        return this.closure('lambda', (n.args as string[]) ?? [], lambdaBody(node(n.expr)));
      case 'SelectQuery':
      case 'SelectSetQuery':
        throw new HogCompileError('The local PostHog does not run inline HogQL queries.');
      default:
        throw new HogCompileError(`Unsupported syntax: ${n.node}`);
    }
  }

  private call(n: AstNode): Bytecode {
    const name = String(n.name);
    const args = nodes(n.args);
    // Calls the compiler turns into instructions (PostHog's visit_call does the same).
    if (name === 'not' && args.length === 1) return [...this.compile(args[0]), op('NOT')];
    if ((name === 'and' || name === 'or') && args.length > 1) return [...args.flatMap((a) => this.compile(a)), op(name.toUpperCase()), args.length];
    if (name === 'if' && args.length >= 2) return this.branch(this.compile(args[0]), this.compile(args[1]), args[2] ? this.compile(args[2]) : undefined);
    if (name === 'multiIf' && args.length >= 2) return this.multiIf(args);
    if (name === 'ifNull' && args.length === 2) {
      const fallback = this.compile(args[1]);
      return [...this.compile(args[0]), op('JUMP_IF_STACK_NOT_NULL'), fallback.length + 1, op('POP'), ...fallback];
    }
    if (name === 'sql' && args.length === 1) throw new HogCompileError('The local PostHog does not run inline HogQL queries.');
    // `f(params)(args)`: the first set calls f, the second calls what it returned.
    const params = n.params === null || n.params === undefined ? undefined : nodes(n.params);
    const first = params ?? args;
    const out: Bytecode = [...first.flatMap((a) => this.compile(a))];
    const local = this.resolveLocal(name);
    const upvalue = local === -1 ? this.resolveUpvalue(name) : -1;
    if (local !== -1) out.push(op('GET_LOCAL'), local, op('CALL_LOCAL'), first.length);
    else if (upvalue !== -1) out.push(op('GET_UPVALUE'), upvalue, op('CALL_LOCAL'), first.length);
    else out.push(op('CALL_GLOBAL'), name, first.length);
    if (!params) return out;
    return [...args.flatMap((a) => this.compile(a)), ...out, op('CALL_LOCAL'), args.length];
  }

  private multiIf(args: AstNode[]): Bytecode {
    if (args.length <= 3) return this.branch(this.compile(args[0]), this.compile(args[1]), args[2] ? this.compile(args[2]) : undefined);
    let rest: Bytecode | undefined = args.length % 2 === 0 ? undefined : this.compile(args[args.length - 1]);
    for (let i = args.length - 2 - (args.length % 2); i >= 0; i -= 2) rest = this.branch(this.compile(args[i]), this.compile(args[i + 1]), rest);
    return rest ?? [op('NULL')];
  }

  private branch(condition: Bytecode, then: Bytecode, otherwise?: Bytecode): Bytecode {
    if (!otherwise) return [...condition, op('JUMP_IF_FALSE'), then.length, ...then];
    return [...condition, op('JUMP_IF_FALSE'), then.length + 2, ...then, op('JUMP'), otherwise.length, ...otherwise];
  }

  private fieldRead(chain: (string | number)[]): Bytecode {
    const [root, ...rest] = chain;
    const local = this.resolveLocal(String(root));
    const upvalue = local === -1 ? this.resolveUpvalue(String(root)) : -1;
    if (local === -1 && upvalue === -1) return [...[...chain].reverse().flatMap((part) => [op('STRING'), part]), op('GET_GLOBAL'), chain.length];
    return [op(local !== -1 ? 'GET_LOCAL' : 'GET_UPVALUE'), local !== -1 ? local : upvalue, ...rest.flatMap((part) => [...key(part), op('GET_PROPERTY')])];
  }

  private assignment(left: AstNode, right: AstNode): Bytecode {
    if (left.node === 'TupleAccess') return [...this.compile(node(left.tuple)), op('INTEGER'), left.index, ...this.compile(right), op('SET_PROPERTY')];
    if (left.node === 'ArrayAccess') return [...this.compile(node(left.array)), ...this.compile(node(left.property)), ...this.compile(right), op('SET_PROPERTY')];
    if (left.node !== 'Field') throw new HogCompileError('Can not assign to this type of expression');
    const chain = left.chain as (string | number)[];
    const name = String(chain[0]);
    const local = this.resolveLocal(name);
    const upvalue = local === -1 ? this.resolveUpvalue(name) : -1;
    if (local === -1 && upvalue === -1) throw new HogCompileError(`Variable "${name}" not declared in this scope. Can not assign to globals.`);
    const [get, set, slot] = local !== -1 ? ['GET_LOCAL', 'SET_LOCAL', local] : ['GET_UPVALUE', 'SET_UPVALUE', upvalue];
    if (chain.length === 1) return [...this.compile(right), op(set), slot];
    const path = chain.slice(1, -1).flatMap((part) => [...key(part), op('GET_PROPERTY')]);
    return [op(get), slot, ...path, ...key(chain[chain.length - 1] as string | number), ...this.compile(right), op('SET_PROPERTY')];
  }

  private forLoop(n: AstNode): Bytecode {
    const run = (): Bytecode => {
      const initializer = this.compile(node(n.initializer));
      const condition = this.compile(node(n.condition));
      const increment = this.compile(node(n.increment));
      const body = this.compile(node(n.body));
      return [
        ...initializer, ...condition, op('JUMP_IF_FALSE'), body.length + increment.length + 2, ...body, ...increment,
        op('JUMP'), -(increment.length + body.length + 2 + condition.length + 2),
      ];
    };
    return n.initializer ? this.scoped(run) : run();
  }

  /** `for (let k, v in expr)`: hidden locals hold the collection, its keys and values, the index and the limit. */
  private forIn(n: AstNode): Bytecode {
    return this.scoped(() => {
      const keyVar = typeof n.keyVar === 'string' ? n.keyVar : undefined;
      const collection = this.declare('__H_expr_H__');
      const out: Bytecode = [...this.compile(node(n.expr))];
      const keys = keyVar ? this.declare('__H_keys_H__') : -1;
      if (keyVar) out.push(op('GET_LOCAL'), collection, op('CALL_GLOBAL'), 'keys', 1);
      const values = this.declare('__H_values_H__');
      out.push(op('GET_LOCAL'), collection, op('CALL_GLOBAL'), 'values', 1);
      const index = this.declare('__H_index_H__');
      out.push(op('INTEGER'), 1);
      const limit = this.declare('__H_limit_H__');
      out.push(op('GET_LOCAL'), values, op('CALL_GLOBAL'), 'length', 1);
      const keyLocal = keyVar ? this.declare(keyVar) : -1;
      if (keyVar) out.push(op('NULL'));
      const valueLocal = this.declare(String(n.valueVar));
      out.push(op('NULL'));
      const condition = [op('GET_LOCAL'), limit, op('GET_LOCAL'), index, op('LT_EQ')];
      const body: Bytecode = [];
      if (keyVar) body.push(op('GET_LOCAL'), keys, op('GET_LOCAL'), index, op('GET_PROPERTY'), op('SET_LOCAL'), keyLocal);
      body.push(op('GET_LOCAL'), values, op('GET_LOCAL'), index, op('GET_PROPERTY'), op('SET_LOCAL'), valueLocal);
      body.push(...this.compile(node(n.body)));
      const increment = [op('GET_LOCAL'), index, op('INTEGER'), 1, op('PLUS'), op('SET_LOCAL'), index];
      return [
        ...out, ...condition, op('JUMP_IF_FALSE'), body.length + increment.length + 2, ...body, ...increment,
        op('JUMP'), -(increment.length + body.length + 2 + condition.length + 2),
      ];
    });
  }

  private functionDeclaration(n: AstNode): Bytecode {
    const name = String(n.name);
    // Declared first, so the body can call itself through an upvalue.
    this.declare(name);
    return this.closure(name, (n.params as string[]) ?? [], functionBody(node(n.body)));
  }

  private closure(name: string, params: string[], body: AstNode): Bytecode {
    const inner = new FunctionCompiler(this, params);
    const code = inner.compile(body);
    return [
      op('CALLABLE'), name, params.length, inner.upvalues.length, code.length, ...code,
      op('CLOSURE'), inner.upvalues.length, ...inner.upvalues.flatMap((u) => [u.isLocal, u.index]),
    ];
  }

  /**
   * The VM pushes the error and jumps to the catch code; `e` and its `type` become locals, each catch block tests the
   * type (or takes any error), and an error no block takes is thrown again.
   */
  private tryCatch(n: AstNode): Bytecode {
    if (n.finally_stmt) throw new HogCompileError('finally blocks are not yet supported');
    const catches = (n.catches as [string | null, string | null, AstNode][]) ?? [];
    if (catches.length === 0) throw new HogCompileError('try statement must have at least one catch block');
    const tried = this.compile(node(n.try_stmt));
    const endJumps: number[] = [];
    const handlers: Bytecode = [];
    this.depth++;
    this.declare('e');
    handlers.push(...this.fieldRead(['e', 'type']));
    this.declare('type');
    for (const [variable, type, block] of catches) {
      const catchVar = variable ?? 'e';
      const body = this.scoped(() => {
        const out: Bytecode = [];
        if (catchVar !== 'e') {
          this.declare(catchVar);
          out.push(...this.fieldRead(['e']));
        }
        return [...out, ...this.compile(block)];
      });
      if (!type || type === 'Error') {
        handlers.push(...body, op('JUMP'), null);
      } else {
        handlers.push(op('STRING'), type, ...this.fieldRead(['type']), op('EQ'), op('JUMP_IF_FALSE'), body.length + 2, ...body, op('JUMP'), null);
      }
      endJumps.push(handlers.length - 1);
    }
    // No block took the error: drop its type and throw it again.
    handlers.push(op('POP'), op('THROW'));
    const endScope = this.endScope();
    // A block that took the error jumps to where `e` and `type` are dropped.
    for (const at of endJumps) handlers[at] = handlers.length - at - 1;
    handlers.push(...endScope);
    // TRY's offset counts from its own operand: past the tried code, POP_TRY and the JUMP over the handlers.
    return [op('TRY'), tried.length + 4, ...tried, op('POP_TRY'), op('JUMP'), handlers.length, ...handlers];
  }

  private scoped(body: () => Bytecode): Bytecode {
    this.depth++;
    const code = body();
    return [...code, ...this.endScope()];
  }

  /** Leaves a scope: its locals are popped, or closed over when a closure captured them. */
  private endScope(): Bytecode {
    this.depth--;
    const out: Bytecode = [];
    while (this.locals.length > 0 && (this.locals[this.locals.length - 1] as Local).depth > this.depth) {
      out.push(op((this.locals.pop() as Local).captured ? 'CLOSE_UPVALUE' : 'POP'));
    }
    return out;
  }

  private declare(name: string): number {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const local = this.locals[i] as Local;
      if (local.depth < this.depth) break;
      if (local.name === name) throw new HogCompileError(`Variable \`${name}\` already declared in this scope`);
    }
    this.locals.push({ name, depth: this.depth, captured: false });
    return this.locals.length - 1;
  }

  private resolveLocal(name: string): number {
    for (let i = this.locals.length - 1; i >= 0; i--) if ((this.locals[i] as Local).name === name) return i;
    return -1;
  }

  private resolveUpvalue(name: string): number {
    if (!this.enclosing) return -1;
    const local = this.enclosing.resolveLocal(name);
    if (local !== -1) {
      (this.enclosing.locals[local] as Local).captured = true;
      return this.addUpvalue(local, true);
    }
    const outer = this.enclosing.resolveUpvalue(name);
    return outer === -1 ? -1 : this.addUpvalue(outer, false);
  }

  private addUpvalue(index: number, isLocal: boolean): number {
    const existing = this.upvalues.findIndex((u) => u.index === index && u.isLocal === isLocal);
    if (existing !== -1) return existing;
    this.upvalues.push({ index, isLocal });
    return this.upvalues.length - 1;
  }
}

function constant(value: unknown): Bytecode {
  if (value === true) return [op('TRUE')];
  if (value === false) return [op('FALSE')];
  if (value === null || value === undefined) return [op('NULL')];
  if (typeof value === 'number') return Number.isInteger(value) ? [op('INTEGER'), value] : [op('FLOAT'), value];
  if (typeof value === 'string') return [op('STRING'), value];
  throw new HogCompileError(`Constant type \`${typeof value}\` is not supported`);
}

const key = (part: string | number): Bytecode => (typeof part === 'number' ? [op('INTEGER'), part] : [op('STRING'), part]);

/** A function body always ends in a return, so a call leaves exactly one value. */
function functionBody(body: AstNode): AstNode {
  if (body.node === 'Placeholder') return { node: 'Block', declarations: [{ node: 'ExprStatement', expr: body.expr }, returnNull()] };
  if (body.node === 'Block') {
    const declarations = nodes(body.declarations);
    return declarations.at(-1)?.node === 'ReturnStatement' ? body : { ...body, declarations: [...declarations, returnNull()] };
  }
  return body.node === 'ReturnStatement' ? body : { node: 'Block', declarations: [body, returnNull()] };
}

const STATEMENTS = new Set(['Block', 'ExprStatement', 'VariableDeclaration', 'VariableAssignment', 'IfStatement', 'WhileStatement', 'ForStatement', 'ForInStatement', 'ThrowStatement', 'TryCatchStatement', 'Function']);

function lambdaBody(expr: AstNode): AstNode {
  if (expr.node === 'Placeholder' || expr.node === 'Block') return functionBody(expr);
  if (expr.node === 'ReturnStatement') return expr;
  return STATEMENTS.has(expr.node) ? { node: 'Block', declarations: [expr, returnNull()] } : { node: 'ReturnStatement', expr };
}

/** Bytecode for a whole program (`parseProgram`) or one expression (`parseExpr`, returned as the result). */
export function compileHog(ast: AstNode, kind: 'program' | 'expression' = 'program'): Bytecode {
  const compiler = new FunctionCompiler();
  const code = kind === 'program' ? compiler.compile(ast) : [...compiler.compile(ast), op('RETURN')];
  return ['_H', 1, ...code];
}
