// The English runtime bundle, l10n/bundle.l10n.json, made from the sources (README, "Localisation"): every
// `vscode.l10n.t(...)` of the extension host and every `l10n.t(...)` of @vscode/l10n (src/api, src/shared, the
// webviews, the plain-Node modules), read by @vscode/l10n-dev's own extractor, the one `vscode-l10n-dev export`
// runs. Written with its keys sorted, so a change of strings is a readable diff. `npm run l10n` writes it;
// test/unit/l10n.test.ts fails when the committed file is not what the sources say.
import fs from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

export const root = path.resolve(import.meta.dirname, '..');
export const BUNDLE = 'l10n/bundle.l10n.json';

/** Every TypeScript file under `dir` (relative to the repository), in a stable order. */
export function sourceFiles(dir = 'src') {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs
      .readdirSync(path.join(root, rel), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** Each file's strings, as the extractor finds them: `{ file, strings }` for the files that have any. */
export async function stringsByFile(files = sourceFiles()) {
  const found = [];
  for (const file of files) {
    const strings = await getL10nJson([{ contents: fs.readFileSync(path.join(root, file), 'utf8'), extension: '.ts' }]);
    if (Object.keys(strings).length) found.push({ file, strings });
  }
  return found;
}

/** The bundle the sources make: every file's strings in one object, keys sorted. */
export async function sourceBundle(files) {
  const all = Object.assign({}, ...(await stringsByFile(files)).map((f) => f.strings));
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((key) => [key, all[key]]),
  );
}

/** The bundle as the file holds it, written the way `writeBundle` writes it. */
export const bundleText = (bundle) => `${JSON.stringify(bundle, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundle = await sourceBundle();
  fs.mkdirSync(path.join(root, path.dirname(BUNDLE)), { recursive: true });
  fs.writeFileSync(path.join(root, BUNDLE), bundleText(bundle));
  console.log(`${BUNDLE}: ${Object.keys(bundle).length} strings`);
}
