// `posthog-workbench`: the Hog toolchain (PostHog's parser, compiler and VM) and PostHog's API on the command line,
// without VS Code. A table of subcommands, one file each under commands/; other branches add theirs with one line.
import * as l10n from '@vscode/l10n';
import { CliError } from './args';
import { checkCommand } from './commands/check';
import { compileCommand } from './commands/compile';
import { diffCommand, pullCommand, pushCommand } from './commands/functions';
import { groupsCommand } from './commands/groups';
import { runCommand } from './commands/run';
import { testCommand } from './commands/test';
import { type CliCommand, type CliIO, processIO } from './io';

export const COMMANDS: CliCommand[] = [
  compileCommand,
  runCommand,
  checkCommand,
  testCommand,
  groupsCommand,
  diffCommand,
  pushCommand,
  pullCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return l10n.t(
    `Usage: posthog-workbench <command> [options]

PostHog's Hog toolchain and group data on the command line: compile, run and check hog functions locally;
diff, push and pull function folders; import and export groups.

Commands:
{0}

Run "posthog-workbench <command> --help" for a command's options.
`,
    COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n'),
  );
}

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const message = name.startsWith('-')
      ? l10n.t('Unknown option "{0}".', name)
      : l10n.t('Unknown command "{0}".', name);
    io.stderr(`${message}\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`posthog-workbench ${command.name}: ${error.message}\n`);
      return error.code;
    }
    io.stderr(
      `posthog-workbench ${command.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

declare const __PHWB_VERSION__: string | undefined;
const VERSION = typeof __PHWB_VERSION__ === 'string' ? __PHWB_VERSION__ : 'development';

if (require.main === module) {
  void main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
