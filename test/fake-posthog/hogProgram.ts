// What PostHog's server does with a Hog program for the query endpoint, on the AST of PostHog's own parser
// (`@posthog/hogql-parser`, the same C++ parser as the server's, compiled to WebAssembly): the checks of its bytecode
// compiler (`posthog/hogql/compiler/bytecode.py`) that the HogQLMetadata answer reports, and the node lookup and
// variables in scope that HogQLAutocomplete uses (`posthog/hogql/autocomplete.py`).
import type { HogQLParser } from '@posthog/hogql-parser' with { 'resolution-mode': 'import' };

/** A node of the parser's JSON AST; offsets count Unicode code points, as Python does. */
export interface AstNode {
  node: string;
  start?: { offset: number };
  end?: { offset: number };
  [key: string]: unknown;
}

export interface ParseFailure {
  error: true;
  type: string;
  message: string;
  start: { offset: number };
  end: { offset: number };
}

export interface Notice {
  message: string;
  start: number | null;
  end: number | null;
  fix: string | null;
}

let parser: HogQLParser | undefined;
let stdlib: ReadonlySet<string> = new Set();
let loading: Promise<void> | undefined;

/** Loads the parser (WebAssembly) and the standard library's names once; the query routes need both. */
export function loadHogSupport(): Promise<void> {
  loading ??= (async () => {
    const [{ default: createHogQLParser }, library] = await Promise.all([import('@posthog/hogql-parser'), import('../../build/hogStdlib.mjs')]);
    const instance = await createHogQLParser();
    parser = instance;
    stdlib = new Set(library.readHogStdlib().map((f) => f.name));
  })();
  return loading;
}

/** Whether the parser is there (the routes that check Hog load it first). */
export function hogSupportLoaded(): boolean {
  return parser !== undefined;
}

function loaded(): HogQLParser {
  if (!parser) throw new Error('fake PostHog: loadHogSupport() was not awaited before a query');
  return parser;
}

export function parseProgram(source: string): AstNode | ParseFailure {
  return JSON.parse(loaded().parseProgram(source)) as AstNode | ParseFailure;
}

/** A HogQL expression, without positions (filters and select columns need none). */
export function parseExpression(source: string): AstNode | ParseFailure {
  return JSON.parse(loaded().parseExpr(source, true)) as AstNode | ParseFailure;
}

export function parseTemplate(source: string): AstNode | ParseFailure {
  return JSON.parse(loaded().parseFullTemplateString(source)) as AstNode | ParseFailure;
}

export const isFailure = (result: AstNode | ParseFailure): result is ParseFailure => 'error' in result && result.error === true;

export function allHogFunctions(): string[] {
  return [...stdlib].sort();
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && typeof (value as AstNode).node === 'string';

/** The nodes directly under `node`, in source order (found in any field, nested lists included). */
export function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const collect = (value: unknown): void => {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  for (const [key, value] of Object.entries(node)) if (key !== 'start' && key !== 'end') collect(value);
  return out.sort((a, b) => (a.start?.offset ?? 0) - (b.start?.offset ?? 0));
}

const span = (node: AstNode) => ({ start: node.start?.offset ?? null, end: node.end?.offset ?? null });

/** A compiler error (QueryError): stops the compile; the node it was raised on gives the range. */
class CompileError extends Error {
  constructor(message: string, readonly node: AstNode) {
    super(message);
  }
}

/** `supported_functions` of the metadata check: the async functions destinations may call. */
const SUPPORTED_FUNCTIONS = new Set(['fetch', 'postHogCapture']);
/** Calls the compiler turns into operators when given this many arguments. */
const INLINED_CALLS: Record<string, (args: number) => boolean> = {
  not: (n) => n === 1, and: (n) => n > 1, or: (n) => n > 1, if: (n) => n >= 2, multiIf: (n) => n >= 2, ifNull: (n) => n === 2, sql: (n) => n === 1,
};

interface Scope { names: string[]; functionBoundary: boolean }

/**
 * The bytecode compiler's findings for a parsed program: notices for globals found in `globals`, warnings for
 * unknown globals, errors for calls to functions that do not exist; or the one error that stops it
 * (a variable declared twice in a scope, array access at 0).
 */
export function compileProgram(program: AstNode, globals: Record<string, unknown> | null): { errors: Notice[]; warnings: Notice[]; notices: Notice[] } | { fatal: Notice } {
  const errors: Notice[] = [];
  const warnings: Notice[] = [];
  const notices: Notice[] = [];
  const add = (list: Notice[], node: AstNode, message: string): void => {
    const at = span(node);
    if (!list.some((n) => n.start === at.start && n.end === at.end && n.message === message)) list.push({ message, ...at, fix: null });
  };
  const hasGlobal = (name: string) => globals !== null && Object.keys(globals).length > 0 && Object.hasOwn(globals, name);
  const scopes: Scope[] = [];
  const isLocal = (name: string) => scopes.some((s) => s.names.includes(name));
  const declare = (name: string, node: AstNode): void => {
    const scope = scopes[scopes.length - 1];
    if (!scope) return;
    if (scope.names.includes(name)) throw new CompileError(`Variable \`${name}\` already declared in this scope`, node);
    scope.names.push(name);
  };
  const inScope = (names: string[], functionBoundary: boolean, body: () => void): void => {
    scopes.push({ names: [...names], functionBoundary });
    try {
      body();
    } finally {
      scopes.pop();
    }
  };

  const visit = (node: AstNode | null | undefined): void => {
    if (!node) return;
    switch (node.node) {
      case 'Program':
      case 'Block':
        return inScope([], false, () => children(node).forEach(visit));
      case 'VariableDeclaration':
        visit(node.expr as AstNode | null);
        return declare(String(node.name), node);
      case 'Function':
        declare(String(node.name), node);
        return inScope((node.params as string[]) ?? [], true, () => visit(node.body as AstNode));
      case 'Lambda':
        return inScope((node.args as string[]) ?? [], true, () => visit(node.expr as AstNode));
      case 'ForInStatement':
        return inScope([node.keyVar, node.valueVar].filter((v): v is string => typeof v === 'string'), false, () => {
          visit(node.expr as AstNode);
          visit(node.body as AstNode);
        });
      case 'ForStatement':
        return inScope([], false, () => children(node).forEach(visit));
      case 'TryCatchStatement': {
        visit(node.try_stmt as AstNode);
        for (const [name, , block] of (node.catches as [string | null, unknown, AstNode][]) ?? []) inScope(name ? [name] : [], false, () => visit(block));
        return visit(node.finally_stmt as AstNode | null);
      }
      case 'Field': {
        const root = String((node.chain as unknown[])[0]);
        if (isLocal(root)) return;
        if (hasGlobal(root)) add(notices, node, `Global variable: ${root}`);
        else add(warnings, node, `Unknown global variable: ${root}`);
        return;
      }
      case 'ArrayAccess': {
        const property = node.property as AstNode | undefined;
        if (property?.node === 'Constant' && property.value === 0) throw new CompileError('Array access starts from 1', node);
        return children(node).forEach(visit);
      }
      case 'Call': {
        const name = String(node.name);
        const args = (node.args as AstNode[] | null) ?? [];
        if (name === 'sql' && args.length === 1) return;
        (node.params as AstNode[] | null)?.forEach(visit);
        args.forEach(visit);
        if (INLINED_CALLS[name]?.(args.length) || isLocal(name)) return;
        if (hasGlobal(name)) add(notices, node, `Global variable: ${name}`);
        else if (!SUPPORTED_FUNCTIONS.has(name) && !stdlib.has(name)) add(errors, node, `Hog function \`${name}\` is not implemented`);
        return;
      }
      // Inline HogQL (`sql(...)`, `(select ...)`) is compiled as an AST, not checked as Hog.
      case 'SelectQuery':
      case 'SelectSetQuery':
        return;
      default:
        return children(node).forEach(visit);
    }
  };

  try {
    visit(program);
  } catch (error) {
    if (error instanceof CompileError) return { fatal: { message: error.message, ...span(error.node), fix: null } };
    throw error;
  }
  return { errors, warnings, notices };
}

/** The innermost node around [start, end], as GetNodeAtPositionTraverser finds it, and its parent. */
export function nodeAt(root: AstNode, start: number, end: number): AstNode | undefined {
  let found: AstNode | undefined;
  const walk = (node: AstNode, parent: AstNode | undefined): void => {
    const from = node.start?.offset;
    const to = node.end?.offset;
    if (from !== undefined && to !== undefined) {
      if (start >= from && end <= to) found = node;
      else if ((parent?.node === 'Program' || parent?.node === 'Block') && (!found || found.node === 'Program' || found.node === 'Block') && from >= start) found = node;
    }
    for (const child of children(node)) walk(child, node);
  };
  walk(root, undefined);
  return found;
}

/** Variables declared before `target` in the blocks that enclose it (VariableFinder). */
export function variablesInScope(root: AstNode, target: AstNode | undefined): string[] {
  const blocks: Set<string>[] = [];
  let result: Set<string> | undefined;
  const walk = (node: AstNode): void => {
    if (result) return;
    if (node === target) {
      result = new Set(blocks.flatMap((b) => [...b]));
      return;
    }
    const hasBlock = node.node === 'Block' || node.node === 'Program' || node.node === 'Function';
    if (hasBlock) blocks.push(new Set());
    if (node.node === 'VariableDeclaration') blocks[blocks.length - 1]?.add(String(node.name));
    for (const child of children(node)) walk(child);
    if (hasBlock) blocks.pop();
  };
  walk(root);
  return [...(result ?? [])];
}
