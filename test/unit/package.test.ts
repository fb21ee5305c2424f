// What the .vsix ships: only the bundles, webview assets, Hog language files, the manifest and docs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the package lists no sources, tests, maps or node_modules', () => {
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean);
  assert.ok(files.includes('package.json'));
  // The features, the HTTP stack, the Hog language features and their standard library data load from the package on first use.
  for (const lazy of ['dist/features.js', 'dist/http.js', 'dist/hogLanguage.js', 'dist/hogStdlib.json']) assert.ok(files.includes(lazy), `${lazy} is missing from the .vsix`);
  const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|language-configuration\.json|syntaxes\/.+\.json|schemas\/.+\.json|snippets\/.+\.code-snippets|media\/.+|dist\/.+\.(js|css|ttf)|dist\/hogStdlib\.json)$/;
  for (const file of files) assert.match(file, allowed, `${file} would ship in the .vsix`);
  assert.ok(!files.some((f) => /(^|\/)(src|test|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')));
});

test('the manifest targets VS Code 1.96 and activates only on demand', () => {
  assert.equal(manifest.engines.vscode, '^1.96.0');
  const typesVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version;
  assert.match(typesVersion, /^1\.96\./, '@types/vscode must match engines.vscode');
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['undici', 'zod']);
  for (const event of manifest.activationEvents) assert.ok(!['*', 'onStartupFinished'].includes(event), `eager activation event ${event}`);
});

test('files the manifest points at exist', () => {
  const c = manifest.contributes;
  const paths = [
    ...c.languages.map((l: { configuration: string }) => l.configuration),
    ...c.grammars.map((g: { path: string }) => g.path),
    ...c.snippets.map((s: { path: string }) => s.path),
    ...c.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
    ...c.jsonValidation.map((j: { url: string }) => j.url),
    ...c.walkthroughs.flatMap((w: { steps: { media: { svg: string } }[] }) => w.steps.map((s) => s.media.svg)),
  ];
  for (const p of paths) assert.ok(fs.existsSync(path.join(root, p)), `${p} is missing`);
});
