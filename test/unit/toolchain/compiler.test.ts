// The toolchain's compiler against what PostHog's compiler produces (posthog/hogql/compiler/bytecode.py and its tests,
// written here as our own programs), the hoge text format, the line table and the debug information beside the
// bytecode, and the compiler's findings (what HogQLMetadata reports).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  compileSource,
  formatBytecodeJson,
  formatHoge,
  HOG_FUNCTION_COMPILE,
  HogCompileError,
  HogSyntaxError,
  loadParser,
  opcode,
  pythonFloat,
  pythonJson,
} from '../../../src/core/toolchain';

const op = (name: string) => opcode(name);
const H = ['_H', 1];
const bytecode = (source: string, kind: 'program' | 'expression' = 'program') => compileSource(source, kind).bytecode;

before(() => loadParser());

describe("toolchain compiler: PostHog's bytecode", () => {
  it('compiles expressions operand by operand, right before left, as PostHog does', () => {
    assert.deepEqual(bytecode('1 + 2', 'expression'), [...H, op('INTEGER'), 2, op('INTEGER'), 1, op('PLUS')]);
    assert.deepEqual(bytecode('1 or (2 and 1) or 2', 'expression'), [
      ...H,
      op('INTEGER'),
      1,
      op('INTEGER'),
      2,
      op('INTEGER'),
      1,
      op('AND'),
      2,
      op('INTEGER'),
      2,
      op('OR'),
      3,
    ]);
    assert.deepEqual(bytecode('properties.bla', 'expression'), [
      ...H,
      op('STRING'),
      'bla',
      op('STRING'),
      'properties',
      op('GET_GLOBAL'),
      2,
    ]);
    assert.deepEqual(bytecode('ifNull(properties.email, false)', 'expression'), [
      ...H,
      op('STRING'),
      'email',
      op('STRING'),
      'properties',
      op('GET_GLOBAL'),
      2,
      op('JUMP_IF_STACK_NOT_NULL'),
      2,
      op('POP'),
      op('FALSE'),
    ]);
    assert.deepEqual(bytecode("'string' !~* 'regex'", 'expression'), [
      ...H,
      op('STRING'),
      'regex',
      op('STRING'),
      'string',
      op('NOT_IREGEX'),
    ]);
    assert.deepEqual(bytecode('3.14', 'expression'), [...H, op('FLOAT'), 3.14]);
  });

  it('compiles locals, functions with upvalues, lambdas and closures', () => {
    assert.deepEqual(bytecode('let a := 1; fun f(x) { return x + a } print(f(2))'), [
      ...H,
      op('INTEGER'),
      1,
      op('CALLABLE'),
      'f',
      1,
      1,
      6,
      op('GET_UPVALUE'),
      0,
      op('GET_LOCAL'),
      0,
      op('PLUS'),
      op('RETURN'),
      op('CLOSURE'),
      1,
      true,
      0,
      op('INTEGER'),
      2,
      op('GET_LOCAL'),
      1,
      op('CALL_LOCAL'),
      1,
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
      op('POP'),
      op('CLOSE_UPVALUE'),
    ]);
    // A function without a return gets PostHog's implicit `return null`.
    assert.deepEqual(bytecode('fun f() { print(1) }'), [
      ...H,
      op('CALLABLE'),
      'f',
      0,
      0,
      8,
      op('INTEGER'),
      1,
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
      op('NULL'),
      op('RETURN'),
      op('CLOSURE'),
      0,
      op('POP'),
    ]);
  });

  it("compiles for-in loops with PostHog's hidden locals, and `if` without an else jump when the else is empty", () => {
    const code = bytecode('for (let k, v in {}) { print(k) }');
    assert.deepEqual(code.slice(0, 18), [
      ...H,
      op('DICT'),
      0,
      op('GET_LOCAL'),
      0,
      op('CALL_GLOBAL'),
      'keys',
      1,
      op('GET_LOCAL'),
      0,
      op('CALL_GLOBAL'),
      'values',
      1,
      op('INTEGER'),
      1,
      op('GET_LOCAL'),
      2,
    ]);
    assert.deepEqual(bytecode('if (true) { print(1) } else { }'), [
      ...H,
      op('TRUE'),
      op('JUMP_IF_FALSE'),
      6,
      op('INTEGER'),
      1,
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
    ]);
  });

  it('compiles try/catch with the shared `e` and `type` locals, typed catches and the rethrow', () => {
    assert.deepEqual(bytecode('try { print(1) } catch (e: RetryError) { print(2) }'), [
      ...H,
      op('TRY'),
      10,
      op('INTEGER'),
      1,
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
      op('POP_TRY'),
      op('JUMP'),
      24,
      op('GET_LOCAL'),
      0,
      op('STRING'),
      'type',
      op('GET_PROPERTY'),
      op('STRING'),
      'RetryError',
      op('GET_LOCAL'),
      1,
      op('EQ'),
      op('JUMP_IF_FALSE'),
      8,
      op('INTEGER'),
      2,
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
      op('JUMP'),
      2,
      op('POP'),
      op('THROW'),
      op('POP'),
      op('POP'),
    ]);
  });

  it("compiles between null-safely with hidden operands, as PostHog's snapshot has it", () => {
    assert.deepEqual(bytecode('print(5 between 1 and 10)'), [
      ...H,
      op('NULL'),
      op('INTEGER'),
      5,
      op('INTEGER'),
      1,
      op('INTEGER'),
      10,
      op('GET_LOCAL'),
      2,
      op('NULL'),
      op('NOT_EQ'),
      op('GET_LOCAL'),
      3,
      op('NULL'),
      op('NOT_EQ'),
      op('GET_LOCAL'),
      1,
      op('NULL'),
      op('NOT_EQ'),
      op('AND'),
      3,
      op('JUMP_IF_FALSE'),
      14,
      op('GET_LOCAL'),
      2,
      op('GET_LOCAL'),
      1,
      op('GT_EQ'),
      op('GET_LOCAL'),
      3,
      op('GET_LOCAL'),
      1,
      op('LT_EQ'),
      op('AND'),
      2,
      op('JUMP'),
      1,
      op('NULL'),
      op('SET_LOCAL'),
      0,
      op('POP'),
      op('POP'),
      op('POP'),
      op('CALL_GLOBAL'),
      'print',
      1,
      op('POP'),
    ]);
  });

  it("compiles inline HogQL to PostHog's AST dicts (Python field order, its defaults, booleans as INTEGER)", () => {
    const dict = (...parts: unknown[]) => parts;
    const constant = (value: number) =>
      dict(
        op('STRING'),
        '__hx_ast',
        op('STRING'),
        'Constant',
        op('STRING'),
        'value',
        op('INTEGER'),
        value,
        op('DICT'),
        2,
      );
    assert.deepEqual(bytecode('sql(1 + 1)', 'expression'), [
      ...H,
      op('STRING'),
      '__hx_ast',
      op('STRING'),
      'ArithmeticOperation',
      op('STRING'),
      'left',
      ...constant(1),
      op('STRING'),
      'right',
      ...constant(1),
      op('STRING'),
      'op',
      op('STRING'),
      '+',
      op('DICT'),
      4,
    ]);
    const select = bytecode('(select b.* from b)', 'expression');
    assert.deepEqual(select.slice(2, 16), [
      op('STRING'),
      '__hx_ast',
      op('STRING'),
      'SelectQuery',
      op('STRING'),
      'select',
      op('STRING'),
      '__hx_ast',
      op('STRING'),
      'Field',
      op('STRING'),
      'chain',
      op('STRING'),
      'b',
    ]);
    assert.ok(formatBytecodeJson(select).includes('"from_asterisk", 33, false'));
  });

  it("refuses what PostHog's compiler refuses, on the node it raised on", () => {
    const refused = (source: string, message: RegExp, start?: number, end?: number) =>
      assert.throws(
        () => compileSource(source),
        (e: unknown) => {
          assert.ok(e instanceof HogCompileError, String(e));
          assert.match(e.message, message);
          if (start !== undefined) assert.deepEqual([e.start, e.end], [start, end]);
          return true;
        },
      );
    refused('x := 1', /Variable "x" not declared in this scope\. Can not assign to globals\./, 0, 6);
    refused('let a := 1\nlet a := 2', /Variable `a` already declared in this scope/, 11, 21);
    refused('let a := [1]; return a[0]', /Array access starts from 1/, 21, 25);
    refused(
      'return 1 in cohort 2',
      /Can't use cohorts in real-time filters\. Please inline the relevant expressions \(cohort id=2\)\./,
    );
    refused('try { } catch (e) { } finally { }', /finally blocks are not yet supported/);
    assert.throws(() => compileSource('let a := (1'), HogSyntaxError);
  });
});

describe('toolchain compiler: the .hoge text', () => {
  it("writes floats and strings as Python's json.dumps does", () => {
    assert.deepEqual([1.0, 3.14, 1e16, 1.5e-5, 0.0001, -2.5, 123456789.0, 1e22].map(pythonFloat), [
      '1.0',
      '3.14',
      '1e+16',
      '1.5e-05',
      '0.0001',
      '-2.5',
      '123456789.0',
      '1e+22',
    ]);
    assert.equal(pythonJson('ä😀"\n\\'), '"\\u00e4\\ud83d\\ude00\\"\\n\\\\"');
    const compiled = compileSource('print(1.0, 2)');
    assert.equal(formatHoge(compiled.bytecode, compiled.floats), '["_H", 1, 34, 1.0, 33, 2, 2, "print", 2, 35]\n');
  });

  it("wraps lines at 120 characters as PostHog's hoge writes them", () => {
    const compiled = compileSource(`print(${Array.from({ length: 40 }, (_, i) => `'item${i}'`).join(', ')})`);
    const lines = formatHoge(compiled.bytecode).trimEnd().split('\n');
    assert.ok(lines.length > 1);
    for (const line of lines) assert.ok(line.length <= 120, line);
    assert.deepEqual(JSON.parse(lines.join(' ')), compiled.bytecode);
  });
});

describe('toolchain compiler: debug information beside the bytecode', () => {
  const source = 'let a := 1\nfun add(x, y) {\n  let s := x + y\n  return s\n}\nlet f := (z) -> add(z, a)\nprint(f(2))';
  const compiled = () => compileSource(source);

  it('keeps the bytecode exactly as without it, and maps every instruction to its source', () => {
    const { bytecode: code, debugInfo } = compiled();
    assert.equal(code[0], '_H');
    const first = debugInfo.lineTable.get(2);
    assert.deepEqual(first && [first.line, first.column, source.slice(first.start, first.end)], [1, 10, '1']);
    const call = [...debugInfo.lineTable.entries()].find(([ip]) => code[ip] === op('CALL_GLOBAL'));
    assert.ok(call);
    assert.equal(source.slice(call[1].start, call[1].end), 'print(f(2))');
  });

  it('lists statement starts, functions with their ranges and upvalues, and locals with their instruction ranges', () => {
    const { bytecode: code, debugInfo } = compiled();
    assert.deepEqual(
      debugInfo.statements.map((s) => s.range.line),
      [1, 2, 3, 4, 6, 7],
    );
    const [program, add, lambda] = debugInfo.functions;
    assert.equal(program?.name, '');
    assert.deepEqual(
      program?.locals.map((l) => [l.name, l.slot]),
      [
        ['a', 0],
        ['add', 1],
        ['f', 2],
      ],
    );
    assert.equal(add?.name, 'add');
    assert.equal(code[add?.ip ?? 0], op('CALLABLE'));
    assert.deepEqual([add?.range?.line, add?.params], [2, ['x', 'y']]);
    const s = add?.locals.find((l) => l.name === 's');
    assert.ok(s && s.from > (add?.bodyStart ?? 0) && s.to < (add?.bodyEnd ?? 0));
    assert.equal(lambda?.name, 'lambda');
    // Captured in the order they are first read: the arguments (`a`) before the called function (`add`).
    assert.deepEqual(
      lambda?.upvalues.map((u) => u.name),
      ['a', 'add'],
    );
  });

  it('gives offsets in UTF-16 around astral characters', () => {
    const { bytecode: code, debugInfo } = compileSource("let s := '😀'\nprint(s)");
    const read = [...debugInfo.lineTable.entries()].find(([ip]) => code[ip] === op('GET_LOCAL'))?.[1];
    assert.deepEqual(read && [read.start, read.line, read.column], [20, 2, 7]);
  });
});

describe('toolchain compiler: findings', () => {
  it('reports unknown functions and globals, `=` used to assign, and notices for known globals', () => {
    const { errors, warnings, notices } = compileSource(
      "nope(1); foo.bar = 1; print(event.event); fetch('x')",
      'program',
      { ...HOG_FUNCTION_COMPILE, globals: { event: {} } },
    );
    assert.deepEqual(
      errors.map((e) => e.message),
      ['Hog function `nope` is not implemented'],
    );
    assert.deepEqual(
      warnings.map((w) => w.message).sort(),
      ['Unknown global variable: foo', "You must use ':=' for assignment instead of '='."].sort(),
    );
    assert.deepEqual(
      notices.map((n) => n.message),
      ['Global variable: event'],
    );
  });
});
