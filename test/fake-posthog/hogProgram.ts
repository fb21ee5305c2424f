// What PostHog's server does with a Hog program for the query endpoint, on the AST of PostHog's own parser
// (`@posthog/hogql-parser`, the same C++ parser as the server's, compiled to WebAssembly): the checks of its bytecode
// compiler (`posthog/hogql/compiler/bytecode.py`) that the HogQLMetadata answer reports, and the node lookup and
// variables in scope that HogQLAutocomplete uses (`posthog/hogql/autocomplete.py`).
import {
  type AstNode,
  children,
  compile,
  HogCompileError,
  isFailure,
  isParserLoaded,
  loadParser,
  type ParseFailure,
  STDLIB_NAMES,
} from '../../src/core/toolchain';

export { type AstNode, isFailure, type ParseFailure, children };
export { parseExpression, parseProgram, parseTemplate } from '../../src/core/toolchain';

export interface Notice {
  message: string;
  start: number | null;
  end: number | null;
  fix: string | null;
}

/** Loads PostHog's parser (WebAssembly) once; the query routes need it. */
export function loadHogSupport(): Promise<void> {
  return loadParser().then(() => undefined);
}

/** Whether the parser is there (the routes that check Hog load it first). */
export const hogSupportLoaded = (): boolean => isParserLoaded();

export function allHogFunctions(): string[] {
  return [...STDLIB_NAMES].sort();
}

/** `supported_functions` of the metadata check: the async functions destinations may call. */
const SUPPORTED_FUNCTIONS = ['fetch', 'postHogCapture'];

/**
 * The bytecode compiler's findings for a parsed program (the toolchain's compiler, PostHog's rules): notices for
 * globals found in `globals`, warnings for unknown globals, errors for calls to functions that do not exist; or the
 * one error that stops it (a variable declared twice in a scope, array access at 0).
 */
export function compileProgram(
  program: AstNode,
  globals: Record<string, unknown> | null,
): { errors: Notice[]; warnings: Notice[]; notices: Notice[] } | { fatal: Notice } {
  try {
    const { errors, warnings, notices } = compile(program, { globals, supportedFunctions: SUPPORTED_FUNCTIONS });
    return { errors, warnings, notices };
  } catch (error) {
    if (error instanceof HogCompileError)
      return { fatal: { message: error.message, start: error.start, end: error.end, fix: null } };
    throw error;
  }
}

/** The innermost node around [start, end], as GetNodeAtPositionTraverser finds it, and its parent. */
export function nodeAt(root: AstNode, start: number, end: number): AstNode | undefined {
  let found: AstNode | undefined;
  const walk = (node: AstNode, parent: AstNode | undefined): void => {
    const from = node.start?.offset;
    const to = node.end?.offset;
    if (from !== undefined && to !== undefined) {
      if (start >= from && end <= to) found = node;
      else if (
        (parent?.node === 'Program' || parent?.node === 'Block') &&
        (!found || found.node === 'Program' || found.node === 'Block') &&
        from >= start
      )
        found = node;
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
