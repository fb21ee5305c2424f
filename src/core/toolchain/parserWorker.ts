// The worker thread that parses and checks Hog off the editor's thread (PostHog's parser is WebAssembly and takes
// about 70 ms per KB). It answers one request at a time; parserClient.ts decides what is still worth asking.
import { parentPort } from 'node:worker_threads';
// Through the index: bundled, that is the shared dist/toolchain.js (esbuild.mjs).
import {
  type AstNode,
  checkSource,
  type CheckOptions,
  describeSyntaxError,
  type Finding,
  isFailure,
  loadParser,
  parseExpression,
  parseProgram,
  parseTemplate,
  type SyntaxProblem,
} from './index';

export type WorkerRequest =
  | { id: number; op: 'check'; text: string; options?: CheckOptions }
  /** The AST itself (the debugger compiles its own build of it). */
  | { id: number; op: 'parse'; text: string; kind: 'program' | 'expression' | 'template' };

export type WorkerResponse =
  | { id: number; ok: true; findings: Finding[]; parseMs: number }
  | { id: number; ok: true; ast: AstNode | null; problem?: SyntaxProblem; parseMs: number }
  | { id: number; ok: false; error: string };

/** The last programs parsed, by text: a debug session of the text the editor just checked needs no second parse. */
const programs = new Map<string, ReturnType<typeof parseProgram>>();

function parseProgramCached(text: string): ReturnType<typeof parseProgram> {
  let ast = programs.get(text);
  if (ast === undefined) {
    ast = parseProgram(text);
    programs.set(text, ast);
    while (programs.size > 8) programs.delete(programs.keys().next().value as string);
  }
  return ast;
}

export function handle(request: WorkerRequest): WorkerResponse {
  const started = performance.now();
  try {
    if (request.op === 'parse') {
      const ast =
        request.kind === 'program'
          ? parseProgramCached(request.text)
          : request.kind === 'template'
            ? parseTemplate(request.text)
            : parseExpression(request.text);
      if (isFailure(ast))
        return {
          id: request.id,
          ok: true,
          ast: null,
          problem: describeSyntaxError(request.text, ast),
          parseMs: performance.now() - started,
        };
      return { id: request.id, ok: true, ast, parseMs: performance.now() - started };
    }
    const findings = checkSource(request.text, request.options, parseProgramCached(request.text));
    return { id: request.id, ok: true, findings, parseMs: performance.now() - started };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  const ready = loadParser();
  port.on('message', (request: WorkerRequest) => {
    void ready.then(
      () => port.postMessage(handle(request)),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          ok: false,
          error: `The Hog parser could not load: ${String(error)}`,
        } satisfies WorkerResponse),
    );
  });
}
