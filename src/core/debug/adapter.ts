// The standalone Hog debug adapter, dist/hogDebugAdapter.js: one debug session over stdin/stdout for any DAP client
// (`node dist/hogDebugAdapter.js`). It parses with PostHog's parser in its own process and reads files from disk;
// the toolchain comes from the shared dist/toolchain.js beside it.
import { readFile } from 'node:fs/promises';
import {
  type AstNode,
  describeSyntaxError,
  isFailure,
  loadParser,
  parseExpression,
  parseProgram,
  parseTemplate,
} from '../toolchain';
import { syntaxError, type DebugHost } from './launch';
import { HogDebugSession } from './session';

/** Parses in this process (the adapter has its own thread); a syntax error is said in words. */
export const localHost: DebugHost = {
  async parse(text, kind) {
    await loadParser();
    const ast =
      kind === 'program' ? parseProgram(text) : kind === 'template' ? parseTemplate(text) : parseExpression(text);
    if (isFailure(ast)) throw syntaxError(text, describeSyntaxError(text, ast));
    return ast as AstNode;
  },
  readFile: (path) => readFile(path, 'utf8'),
};

if (require.main === module) {
  // The parser (WebAssembly) loads while the client is still initializing.
  void loadParser();
  const session = new HogDebugSession(localHost);
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}

export { HogDebugSession } from './session';
