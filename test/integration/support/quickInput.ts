// Answering VS Code's own quick input from an extension-host test, for the installed extension (ExtensionMode.Production),
// whose questions no script can answer: the runner (test/harness/integration.mjs) drives the workbench page with
// Playwright, and does what a step asks once the quick input shows its title. Only under code-server (npm test).
import * as fs from 'node:fs';
import type { ResultEvent } from '../index';

/** Once the open quick input shows `title`: types `fill` into it (replacing its text), then presses `press`. */
export function answerQuickInput(step: { title: string; fill?: string; press?: 'Enter' | 'Escape' }): void {
  const file = process.env.PHWB_RESULTS_FILE;
  if (!file) throw new Error('answering a quick input needs the code-server runner (PHWB_RESULTS_FILE is not set)');
  const event: ResultEvent = { type: 'quickInput', ...step };
  fs.appendFileSync(file, `${JSON.stringify(event)}\n`);
}
