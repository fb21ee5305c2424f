// Builds the extension and installs the build into a code-server extensions folder, the way a user has it:
// only the files the .vsix ships (see .vscodeignore), in a folder named publisher.name-version.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';

const manifest = () => JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

export const extensionId = (() => {
  const { publisher, name } = manifest();
  return `${publisher}.${name}`;
})();

/** Runs `node esbuild.mjs` (development build, with source maps); throws with esbuild's output on failure. */
export function buildExtension(root = repoRoot) {
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`Building the extension failed:\n${result.stdout}${result.stderr}`);
  }
}

// What a user's install holds (.vscodeignore keeps the same list for the .vsix).
const shipped = [
  'package.json',
  'package.nls.json',
  'l10n',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'language-configuration.json',
  'dist',
  'media',
  'syntaxes',
  'snippets',
  'schemas',
];

/**
 * Copies the built extension into `extensionsDir`. A copy rather than a link: a file the manifest references
 * but the package would not ship shows up as a broken contribution in tests, as it would for users.
 */
export function installExtension(extensionsDir, root = repoRoot) {
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of shipped) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) {
      fs.cpSync(from, path.join(target, entry), { recursive: true, filter: (src) => !src.endsWith('.map') });
    }
  }
  return target;
}
