// `posthog-workbench check FILE.hog`: the problems in a file, found without PostHog (its parser, its compiler's rules)
// and, with --server, also by PostHog itself (HogQLMetadata, asked only when the file parses).
import * as l10n from '@vscode/l10n';
import {
  checkSource,
  completeGlobals,
  type Finding,
  formatFinding,
  GLOBAL_NAMES,
  KINDS,
  SourceMap,
} from '../../core/toolchain';
import { explainUnknownGlobals, missingKeyHints } from '../../core/language/hints';
import { withoutTypeFunctionErrors } from '../../core/language/typeFunctions';
import { CliError, parseCommandArgs } from '../args';
import { connect } from '../connection';
import { loadToolchain, readHogInput } from '../hog';
import type { CliCommand, CliIO } from '../io';

const usage = () =>
  l10n.t(
    `Usage: posthog-workbench check FILE.hog [options]

Checks FILE.hog and prints each problem as FILE:LINE:COL: severity: message. Without PostHog:
syntax errors from PostHog's parser (said in words), and what PostHog's compiler reports
(functions that do not exist, unknown globals, '=' used to assign...).

Options:
  --server          also ask PostHog (HogQLMetadata), when the file parses; reads POSTHOG_HOST
                    (default https://us.posthog.com), POSTHOG_PERSONAL_API_KEY, POSTHOG_PROJECT_ID
  --type TYPE       the function's type, for the globals it may read: {0}
                    (default: destination)
  --globals FILE.json  the globals' values (event, person, inputs...), for the server's check
  --notes           also print notes (e.g. which names are globals)
  -h, --help        show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found or PostHog could not be asked,
2 usage error.
`,
    KINDS.join(', '),
  );

/** PostHog's findings (code point offsets) as findings on the text. */
async function serverFindings(io: CliIO, source: string, globals: Record<string, unknown>): Promise<Finding[]> {
  const { client, projectId } = connect(io);
  let metadata;
  try {
    metadata = await client.checkHog(projectId, { source, globals });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const map = new SourceMap(source);
  const toFinding =
    (severity: Finding['severity']) =>
    (notice: { message: string; start?: number | null; end?: number | null }): Finding => {
      const start = map.toUtf16(notice.start ?? 0);
      const { line, column } = map.position(start);
      return {
        severity,
        message: notice.message,
        start,
        end: map.toUtf16(notice.end ?? notice.start ?? 0),
        line,
        column,
        source: 'compiler',
      };
    };
  return [
    ...metadata.errors.map(toFinding('error')),
    ...metadata.warnings.map(toFinding('warning')),
    ...metadata.notices.map(toFinding('notice')),
  ];
}

export const checkCommand: CliCommand = {
  name: 'check',
  get summary() {
    return l10n.t('Print the problems in a .hog file (offline; --server also asks PostHog)');
  },
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('check', argv, {
      server: { type: 'boolean' },
      type: { type: 'string' },
      globals: { type: 'string' },
      notes: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(usage());
      return 0;
    }
    const { file, kind, source, given } = await readHogInput('check', values, positionals, io);
    await loadToolchain();
    const globals = {
      ...Object.fromEntries(GLOBAL_NAMES[kind].map((name) => [name, null])),
      ...given,
    };
    let findings = checkSource(source, { globals });
    const parses = !findings.some((f) => f.source === 'syntax');
    if (values.server && parses) {
      const server = await serverFindings(io, source, completeGlobals(kind, given));
      const seen = new Set(findings.map((f) => `${f.severity}\u0000${f.start}\u0000${f.end}\u0000${f.message}`));
      findings = [
        ...findings,
        ...server.filter((f) => !seen.has(`${f.severity}\u0000${f.start}\u0000${f.end}\u0000${f.message}`)),
      ];
    }
    // The functions the type's worker adds (transformations' geoipLookup) run: no check flags them. A near miss of a
    // global's name says which one was meant; with --globals, a key the given globals lack is a note.
    const map = new SourceMap(source);
    const notes =
      typeof values.globals === 'string'
        ? missingKeyHints(source, given).map((h): Finding => ({
            ...h,
            ...map.position(h.start),
            source: 'compiler',
          }))
        : [];
    findings = [
      ...explainUnknownGlobals(withoutTypeFunctionErrors(findings, kind), source, Object.keys(globals)),
      ...notes,
    ]
      .filter((f) => values.notes || f.severity !== 'notice')
      .sort((a, b) => a.start - b.start || a.end - b.end);
    for (const finding of findings) io.stdout(`${formatFinding(file, finding)}\n`);
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
