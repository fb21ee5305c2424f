// What a Hog debug session needs from the editor: PostHog's parser, on the toolchain's parser worker (it must never
// run on the extension host's thread: about 70 ms per KB), and files.
import * as vscode from 'vscode';
import type { AstNode } from '../../core/toolchain/ast';
import { HogParserClient } from '../../core/toolchain/parserClient';
import type { DebugHost } from '../../core/debug/launch';

let parser: HogParserClient | undefined;

/** The parser worker the debugger and the Hog language features share (started on first use, idle in between). */
export function toolchainParser(): HogParserClient {
  parser ??= new HogParserClient();
  return parser;
}

export function disposeToolchainParser(): void {
  parser?.dispose();
  parser = undefined;
}

export const editorHost: DebugHost = {
  async parse(text, kind): Promise<AstNode> {
    const answer = await toolchainParser().parse(text, kind);
    if ('ast' in answer) return answer.ast;
    const before = text.slice(0, answer.problem.start);
    const line = before.split('\n').length;
    const column = answer.problem.start - before.lastIndexOf('\n');
    throw new Error(vscode.l10n.t('Line {0}, column {1}: {2}', line, column, answer.problem.message));
  },
  async readFile(path: string): Promise<string> {
    const uri =
      /^[a-z][\w+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.file(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  },
};
