// Copies the README's screenshots from the UI tests' output (test-results/screenshots/, written by `npm run test:e2e`)
// into docs/images/, where the README links them by relative paths. vsce rewrites those links to the repository
// (package.json `repository`) when it packages, so the Marketplace and Open VSX show the committed images; they
// are not shipped in the .vsix (.vscodeignore). Run after the UI tests when the UI changed, then commit.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** README image <- the UI test screenshot it is, and the test that takes it. */
const images = {
  'overview.png': ['function-overview-dark.png', 'test/e2e/functionOverview.test.ts'],
  'group-panel.png': ['group-panel-preview.png', 'test/e2e/groupPanelPreview.test.ts'],
  'hog-completion.png': ['hog-language-completion.png', 'test/e2e/hogLanguage.test.ts'],
  'walkthrough.png': ['walkthrough-done.png', 'test/e2e/walkthrough.test.ts'],
  'debugger.png': ['debugger-breakpoint.png', 'test/e2e/debugger.test.ts'],
};

fs.mkdirSync(path.join(root, 'docs/images'), { recursive: true });
for (const [image, [screenshot, test]] of Object.entries(images)) {
  const from = path.join(root, 'test-results/screenshots', screenshot);
  if (!fs.existsSync(from)) throw new Error(`${screenshot} is missing: run \`node test/run-all.mjs e2e ${path.basename(test, '.test.ts')}\` first`);
  fs.copyFileSync(from, path.join(root, 'docs/images', image));
  console.log(`docs/images/${image} <- test-results/screenshots/${screenshot}`);
}
