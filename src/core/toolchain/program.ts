// Hog source to bytecode in one call, as PostHog does when a function is saved: parse with PostHog's parser, compile
// with PostHog's compiler's rules. Syntax errors come back in words on their range (syntax.ts); compile errors with
// the range of the node PostHog raised them on. Compiled programs are kept by source text, so a batch of runs (and
// the inputs' templates, and filter expressions) compile once.
import { type AstNode, isFailure } from './ast';
import {
  ASYNC_FUNCTION_NAMES,
  compile,
  type CompileOptions,
  type CompileResult,
  HogCompileError,
  SourceMap,
} from './compiler';
import { parseExpression, parseProgram, parseTemplate } from './parser';
import { describeSyntaxError, type SyntaxProblem } from './syntax';

/** The source does not parse: `problem` says where and why, in words; `message` is the parser's own. */
export class HogSyntaxError extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.parserMessage);
    this.name = 'HogSyntaxError';
  }
}

export type SourceKind = 'program' | 'expression' | 'template';

const caches: Record<SourceKind, Map<string, CompileResult>> = {
  program: new Map(),
  expression: new Map(),
  template: new Map(),
};
const CACHE_LIMIT = 200;

function parse(source: string, kind: SourceKind): AstNode {
  const ast =
    kind === 'program' ? parseProgram(source) : kind === 'expression' ? parseExpression(source) : parseTemplate(source);
  if (isFailure(ast)) throw new HogSyntaxError(describeSyntaxError(source, ast));
  return ast;
}

/**
 * Compiles Hog source to PostHog's bytecode (with debug information and the compiler's findings). `kind`:
 * a whole program, a HogQL expression (filters), or a template string (inputs, written `f'...'` or as given with
 * `template: true`). Throws HogSyntaxError or HogCompileError. The parser must be loaded (loadParser()).
 */
export function compileSource(
  source: string,
  kind: SourceKind = 'program',
  options: CompileOptions = {},
): CompileResult {
  // Findings about globals depend on their values' names: only compiles without globals are kept.
  const key =
    options.globals === undefined
      ? `${[...(options.supportedFunctions ?? [])].sort().join(',')}\u0000${source}`
      : undefined;
  const cache = caches[kind];
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached) return cached;
  const ast = parse(source, kind);
  const result = compile(ast, { ...options, source });
  if (key !== undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/** The options PostHog compiles hog functions with: the async functions the CDP worker provides are known. */
export const HOG_FUNCTION_COMPILE: CompileOptions = { supportedFunctions: ASYNC_FUNCTION_NAMES };

/** A compile error's range as UTF-16 offsets of the source (PostHog's are code points). */
export function compileErrorRange(source: string, error: HogCompileError): { start: number; end: number } {
  const map = new SourceMap(source);
  return { start: map.toUtf16(error.start ?? 0), end: map.toUtf16(error.end ?? error.start ?? 0) };
}

export { HogCompileError };
