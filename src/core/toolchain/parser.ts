// PostHog's own Hog parser (`@posthog/hogql-parser`: the C++ parser of PostHog's server compiled to WebAssembly),
// loaded once. It is slow on large inputs (about 70 ms per KB here), so the editor calls it from a worker thread
// (parserWorker.ts); the command line, the local PostHog and the tests call it directly.
import type { HogQLParser } from '@posthog/hogql-parser' with { 'resolution-mode': 'import' };
import { type AstNode, type ParseFailure, parseAstJson } from './ast';

let parser: HogQLParser | undefined;
let loading: Promise<HogQLParser> | undefined;

/** Loads the parser (its WebAssembly is compiled on the first call; later calls share it). */
export function loadParser(): Promise<HogQLParser> {
  loading ??= (async () => {
    // The package's CommonJS build: the WebAssembly is inside it, so a bundle needs no file beside it.
    const create = require('@posthog/hogql-parser') as () => Promise<HogQLParser>;
    parser = await create();
    return parser;
  })();
  return loading;
}

/** The parser, once loadParser() has finished. */
export function loadedParser(): HogQLParser {
  if (!parser) throw new Error('The Hog parser is not loaded yet: await loadParser() first.');
  return parser;
}

export const isParserLoaded = (): boolean => parser !== undefined;

/** A whole Hog program, with positions. */
export function parseProgram(source: string): AstNode | ParseFailure {
  return parseAstJson(loadedParser().parseProgram(source));
}

/** One HogQL expression (filters, select columns); `positions: false` leaves positions out. */
export function parseExpression(source: string, positions = true): AstNode | ParseFailure {
  return parseAstJson(loadedParser().parseExpr(source, !positions));
}

/** A template string, `f'Hello {name}'` (inputs are templates: PostHog compiles them with this). */
export function parseTemplate(source: string): AstNode | ParseFailure {
  return parseAstJson(loadedParser().parseFullTemplateString(source));
}
