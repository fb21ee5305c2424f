// Tokenizes Hog with the extension's TextMate grammar the way VS Code does, for the grammar tests.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const repoRoot = path.resolve(__dirname, '../../..');

export interface Token {
  text: string;
  scopes: string[];
}

/** Loads syntaxes/hog.tmLanguage.json the way VS Code does: vscode-textmate on the Oniguruma wasm. */
export async function loadHogGrammar(): Promise<vsctm.IGrammar> {
  const grammarPath = path.join(repoRoot, 'syntaxes/hog.tmLanguage.json');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.hog' ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar('source.hog');
  if (!grammar) throw new Error('grammar source.hog did not load');
  return grammar;
}

/** Tokenizes a whole document line by line, carrying the rule stack from line to line as the editor does. */
export function tokenize(grammar: vsctm.IGrammar, source: string): Token[][] {
  let ruleStack = vsctm.INITIAL;
  return source.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, ruleStack);
    ruleStack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
