// The Hog toolchain: PostHog's parser, PostHog's bytecode (with a line table and debug information beside it), and
// PostHog's VM run the way the CDP worker runs hog functions. Shared by the local PostHog (test/fake-posthog), the
// editor, the debugger and the `posthog-workbench` command line. No vscode here.
export { type AstNode, children, isFailure, isNode, type ParseFailure, type Position } from './ast';
export { formatBytecodeJson, formatHoge, pythonFloat, pythonJson } from './bytecodeJson';
export { checkSource, type CheckOptions, type Finding, type FindingSeverity, formatFinding, parses } from './check';
export {
  ASYNC_FUNCTION_NAMES,
  compile,
  type CompileNotice,
  type CompileOptions,
  type CompileResult,
  type DebugFunction,
  type DebugInfo,
  type DebugLocal,
  HogCompileError,
  type InstrumentedFunction,
  type Instrumentation,
  opcode,
  sourceAt,
  type SourceRange,
  SourceMap,
  STDLIB_NAMES,
} from './compiler';
export { completeGlobals, GLOBAL_NAMES, type GlobalsContext, isKind, KINDS } from './globals';
export { type InputSpec, renderInputs, sensitiveValues } from './inputs';
export {
  applyTransformation,
  type HogFunctionKind,
  type InvocationOptions,
  type InvocationOutcome,
  invokeHogFunction,
  invokeHogFunctionAsync,
  transformationFunctions,
  transformationGlobals,
} from './invocation';
export { isParserLoaded, loadParser, parseExpression, parseProgram, parseTemplate } from './parser';
export { compileErrorRange, compileSource, HOG_FUNCTION_COMPILE, HogSyntaxError, type SourceKind } from './program';
export { regexSupport } from './regex';
export { parseResponses, ResponseScript, ResponseScriptError, type ScriptedResponse } from './responses';
export {
  type AsyncCall,
  bodyForCode,
  type CapturedEvent,
  evaluate,
  fetchRequest,
  type Execution,
  execute,
  executeAsync,
  LIMITS,
  logMessage,
  redact,
  type RunLog,
  type RunOptions,
  toPlain,
} from './runtime';
export { describeSyntaxError, errorOffsetToUtf16, type SyntaxProblem } from './syntax';

import { compileSource } from './program';
import { evaluate } from './runtime';

/** A HogQL expression from a filter (`event = '$pageview'`, `matchesAction(3)`), evaluated against an event's fields. */
export function evaluateHogQL(
  expression: string,
  globals: Record<string, unknown>,
  functions: Record<string, (...args: unknown[]) => unknown> = {},
): unknown {
  return evaluate(compileSource(expression, 'expression').bytecode, globals, functions);
}

/** PostHog's VM itself, for code bundled apart from the toolchain (the debugger) that must not carry a second copy. */
export * as hogvm from '@posthog/hogvm';
