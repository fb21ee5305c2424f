// What a command sees of the world: where to write, the environment and the working directory. main.ts passes the
// process's; tests pass their own and run commands in-process.
import { createInterface } from 'node:readline/promises';
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Asks a yes/no question; absent when nobody can answer (a command that writes then wants `--yes`). */
  confirm?(question: string): Promise<boolean>;
}

/** One subcommand of `posthog-workbench` (one file each under commands/, one line in main.ts's table). */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  usage: string;
  /** Exit codes: 0 ok, 1 failure (errors found, program failed), 2 usage error. */
  run(argv: string[], io: CliIO): Promise<number>;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    // Someone at a terminal can answer; in CI (no terminal) nobody can, and a command that would ask refuses instead.
    ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: ttyConfirm } : {}),
  };
}

async function ttyConfirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
