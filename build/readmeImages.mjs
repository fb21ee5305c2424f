// Copies the README's screenshots from the UI tests' output (test-results/screenshots/, written by `npm run test:e2e`)
// into docs/images/, where the README links them by absolute raw.githubusercontent.com addresses in the repository
// (package.json `repository`), so GitHub, the Marketplace, Open VSX and VS Code's extension page show the committed
// images; they are not shipped in the .vsix (.vscodeignore). Run after the UI tests when the UI changed, then commit.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** README image <- the UI test screenshot it is, and the test that takes it. */
const images = {
  'overview.png': ['function-overview-dark.png', 'test/e2e/functionOverview.test.ts'],
  'group-panel.png': ['group-panel-preview.png', 'test/e2e/groupPanelPreview.test.ts'],
  'hog-completion.png': ['hog-language-completion.png', 'test/e2e/hogLanguage.test.ts'],
  'walkthrough.png': ['walkthrough-done.png', 'test/e2e/walkthrough.test.ts'],
  'test-run-transformation-diff.png': ['test-run-transformation-diff.png', 'test/e2e/testRun.test.ts'],
  'test-run-destination-requests.png': ['test-run-destination-requests.png', 'test/e2e/testRun.test.ts'],
  // The group panel, the tree and a test result in both themes (docs/README).
  'group-panel-dark.png': ['group-panel-properties-dark.png', 'test/e2e/groupPanel.test.ts'],
  'group-panel-light.png': ['group-panel-properties-light.png', 'test/e2e/groupPanel.test.ts'],
  'tree-dark.png': ['tree-dark.png', 'test/e2e/firstRuns.test.ts'],
  'tree-light.png': ['tree-light.png', 'test/e2e/firstRuns.test.ts'],
  'test-result-dark.png': ['test-result-dark.png', 'test/e2e/firstRuns.test.ts'],
  'test-result-light.png': ['test-result-light.png', 'test/e2e/firstRuns.test.ts'],
  'debugger.png': ['debugger-breakpoint.png', 'test/e2e/debugger.test.ts'],
};

// `node build/readmeImages.mjs tree-dark.png …` copies only those (after running only their tests).
const only = process.argv.slice(2);
for (const name of only)
  if (!images[name]) throw new Error(`${name} is not a README image: ${Object.keys(images).join(', ')}`);
fs.mkdirSync(path.join(root, 'docs/images'), { recursive: true });
for (const [image, [screenshot, test]] of Object.entries(images)) {
  if (only.length && !only.includes(image)) continue;
  const from = path.join(root, 'test-results/screenshots', screenshot);
  if (!fs.existsSync(from))
    throw new Error(
      `${screenshot} is missing: run \`node test/run-all.mjs e2e ${path.basename(test, '.test.ts')}\` first`,
    );
  fs.copyFileSync(from, path.join(root, 'docs/images', image));
  console.log(`docs/images/${image} <- test-results/screenshots/${screenshot}`);
}
