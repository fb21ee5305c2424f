// `posthog-workbench compile FILE.hog`: the bytecode PostHog's compiler produces for the file, as PostHog's own
// `hoge` writes it; or, with --debug-info, what the toolchain keeps beside it (the line table, statements, functions
// and locals).
import * as l10n from '@vscode/l10n';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileSource, formatBytecodeJson, formatHoge, HOG_FUNCTION_COMPILE } from '../../core/toolchain';
import { CliError, oneFile, parseCommandArgs, readText } from '../args';
import type { CliCommand } from '../io';
import { loadToolchain, reportCompileFailure } from '../hog';

const usage = () =>
  l10n.t(`Usage: posthog-workbench compile FILE.hog [options]

Compiles FILE.hog with PostHog's parser and prints its bytecode as JSON: exactly what PostHog's
compiler produces for the same program, laid out as PostHog's own \`hoge\` writes .hoge files.

Options:
  --json          print the bytecode on one line
  --debug-info    print the line table and debug information instead (each instruction's source
                  line and column, statement starts, functions, locals and their scopes)
  -o, --out FILE  write to FILE instead of printing
  -h, --help      show this help

Exit codes: 0 compiled, 1 syntax or compile error (FILE:LINE:COL: error: message on stderr),
2 usage error.
`);

export const compileCommand: CliCommand = {
  name: 'compile',
  get summary() {
    return l10n.t("Print a .hog file's bytecode, exactly as PostHog's compiler produces it");
  },
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('compile', argv, {
      json: { type: 'boolean' },
      'debug-info': { type: 'boolean' },
      out: { type: 'string', short: 'o' },
    });
    if (values.help) {
      io.stdout(usage());
      return 0;
    }
    const file = oneFile('compile', positionals);
    const source = await readText(io, file);
    await loadToolchain();
    let compiled;
    try {
      compiled = compileSource(source, 'program', HOG_FUNCTION_COMPILE);
    } catch (error) {
      return reportCompileFailure(io, file, source, error);
    }
    let text: string;
    if (values['debug-info']) {
      const { lineTable, statements, functions } = compiled.debugInfo;
      text = `${JSON.stringify(
        {
          lineTable: [...lineTable.entries()].map(([ip, r]) => ({
            ip,
            line: r.line,
            column: r.column,
            endLine: r.endLine,
            endColumn: r.endColumn,
          })),
          statements: statements.map((s) => ({ ip: s.ip, line: s.range.line, column: s.range.column })),
          functions,
        },
        null,
        2,
      )}\n`;
    } else
      text = values.json
        ? `${formatBytecodeJson(compiled.bytecode, compiled.floats)}\n`
        : formatHoge(compiled.bytecode, compiled.floats);
    if (typeof values.out === 'string') {
      try {
        await writeFile(path.resolve(io.cwd, values.out), text);
      } catch (error) {
        throw new CliError(l10n.t('{0} could not be written: {1}', values.out, (error as Error).message));
      }
    } else io.stdout(text);
    return 0;
  },
};
