// Entry point of the extension-host test suite: VS Code loads this module (the `extensionTestsPath`) inside a
// real extension host and awaits run(), both under code-server (test/run-all.mjs) and under
// @vscode/test-electron (test/harness/electron.mjs). esbuild bundles it and every *.test.ts next to it into one
// folder; run() runs those bundles with mocha.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** One line of the results file (JSON Lines), read by test/harness/integration.mjs while the suite runs. */
export type ResultEvent =
  | { type: 'start'; total: number; files: string[] }
  | {
      type: 'test';
      title: string;
      file: string | undefined;
      state: 'passed' | 'failed' | 'pending';
      durationMs: number;
      error?: { message: string; stack?: string };
    }
  | { type: 'end'; passed: number; failed: number; pending: number; durationMs: number }
  | { type: 'error'; message: string; stack?: string }
  /** Asks the runner to answer the open quick input (support/quickInput.ts). */
  | { type: 'quickInput'; title: string; fill?: string; press?: string };

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export async function run(): Promise<void> {
  const resultsFile = process.env.PHWB_RESULTS_FILE;
  const emit = (event: ResultEvent): void => {
    if (resultsFile) fs.appendFileSync(resultsFile, `${JSON.stringify(event)}\n`);
  };
  const started = Date.now();
  let counts: { passed: number; failed: number; pending: number };
  try {
    const files = findTestFiles(__dirname);
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.PHWB_TEST_TIMEOUT_MS ?? 30_000),
      ...(process.env.PHWB_GREP ? { grep: process.env.PHWB_GREP } : {}),
    });
    for (const file of files) mocha.addFile(file);

    counts = await new Promise<{ passed: number; failed: number; pending: number }>((resolve) => {
      const counts = { passed: 0, failed: 0, pending: 0 };
      const runner = mocha.run(() => resolve(counts));
      const relative = (file: string | undefined): string | undefined => file && path.relative(__dirname, file);
      runner.once(Mocha.Runner.constants.EVENT_RUN_BEGIN, () => {
        emit({ type: 'start', total: runner.total, files: files.map((f) => path.relative(__dirname, f)) });
      });
      runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
        counts.passed++;
        emit({
          type: 'test',
          title: test.fullTitle(),
          file: relative(test.file),
          state: 'passed',
          durationMs: test.duration ?? 0,
        });
      });
      runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
        counts.pending++;
        emit({ type: 'test', title: test.fullTitle(), file: relative(test.file), state: 'pending', durationMs: 0 });
      });
      // Also fires for failing hooks ("before all" hook in ...), which would otherwise skip tests silently.
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error: Error) => {
        counts.failed++;
        emit({
          type: 'test',
          title: test.fullTitle(),
          file: relative(test.file),
          state: 'failed',
          durationMs: test.duration ?? 0,
          error: { message: error.message, ...(error.stack ? { stack: error.stack } : {}) },
        });
      });
    });
  } catch (error) {
    // A test file that throws while loading (a bad import, a syntax error) ends up here.
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    emit({ type: 'error', message, ...(stack ? { stack } : {}) });
    throw error;
  }
  emit({ type: 'end', ...counts, durationMs: Date.now() - started });
  if (counts.failed > 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
}
