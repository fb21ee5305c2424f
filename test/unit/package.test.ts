// What the .vsix ships (only the bundles, webview assets, Hog language files, the icon and walkthrough images, the
// manifest and docs), and what the Marketplace and Open VSX need from the manifest and the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the package lists no sources, tests, maps or node_modules', () => {
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  assert.ok(files.includes('package.json'));
  // The features, the HTTP stack, the Hog language features and their standard library data load from the package on first use.
  for (const lazy of [
    'dist/features.js',
    'dist/http.js',
    'dist/hogLanguage.js',
    'dist/hogStdlib.json',
    'dist/l10n.js',
    'dist/hogDebugAdapter.js',
  ])
    assert.ok(files.includes(lazy), `${lazy} is missing from the .vsix`);
  // The manifest's strings and the runtime's, in English and in any language added (CONTRIBUTING.md, "Localisation").
  for (const strings of ['package.nls.json', 'l10n/bundle.l10n.json'])
    assert.ok(files.includes(strings), `${strings} is missing from the .vsix`);
  const allowed =
    /^(package\.json|package\.nls(\.[\w-]+)?\.json|l10n\/bundle\.l10n(\.[\w-]+)?\.json|README\.md|LICENSE|CHANGELOG\.md|language-configuration\.json|syntaxes\/.+\.json|schemas\/.+\.json|snippets\/.+\.code-snippets|media\/.+|dist\/.+\.(js|css|ttf)|dist\/hogStdlib\.json)$/;
  for (const file of files) assert.match(file, allowed, `${file} would ship in the .vsix`);
  assert.ok(!files.some((f) => /(^|\/)(src|test|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')));
});

test('the manifest targets VS Code 1.96 and activates only on demand', () => {
  assert.equal(manifest.engines.vscode, '^1.96.0');
  const typesVersion = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8'),
  ).version;
  assert.match(typesVersion, /^1\.96\./, '@types/vscode must match engines.vscode');
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), [
    '@posthog/hogql-parser',
    '@posthog/hogvm',
    '@vscode/debugadapter',
    '@vscode/l10n',
    'csv-parse',
    'csv-stringify',
    'undici',
    'zod',
  ]);
  for (const event of manifest.activationEvents)
    assert.ok(!['*', 'onStartupFinished'].includes(event), `eager activation event ${event}`);
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

type Zip = AsyncIterable<{ filename: string; openReadStream(): Promise<NodeJS.ReadableStream> }> & {
  close(): Promise<void>;
};

/** A .vsix's files and contents, read with the zip library Open VSX's tool (ovsx) reads packages with. */
async function unzip(file: string): Promise<Map<string, string>> {
  const { open } = require('yauzl-promise') as { open(path: string): Promise<Zip> };
  const zip = await open(file);
  const files = new Map<string, string>();
  try {
    for await (const entry of zip) {
      const chunks: Buffer[] = [];
      for await (const chunk of await entry.openReadStream()) chunks.push(chunk as Buffer);
      files.set(entry.filename, Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    await zip.close();
  }
  return files;
}

test('the README leads with what it does and getting started, its images committed PNGs at absolute addresses', async () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const repository = (manifest.repository.url as string).replace(/\.git$/, '');
  const raw = `${repository.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/HEAD/`;
  // The first screen of the extension's page: what it does, then how to start; contributors' commands come later.
  const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(sections.slice(0, 2), ['Getting started', 'What it does']);
  const firstScreen = readme.slice(0, readme.indexOf('\n## What it does'));
  assert.doesNotMatch(firstScreen, /npm (ci|start|test)/, 'contributor commands on the first screen');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)|<img [^>]*src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  assert.ok([...firstScreen.matchAll(/!\[|<img /g)].length >= 2, 'the first screen shows screenshots');
  for (const image of images) {
    // VS Code's extension page shows only https: (and data:) images, and no marketplace resolves a path inside the
    // .vsix: every image is an absolute address of a committed PNG (vsce refuses SVG images in a README).
    assert.ok(image.startsWith(raw), `${image}: an address in ${raw}`);
    const file = image.slice(raw.length);
    assert.match(file, /^docs\/images\/[\w-]+\.png$/, `${image}: a PNG under docs/images`);
    assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing`);
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-vsix-')), 'test.vsix');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out],
    { cwd: root, encoding: 'utf8' },
  );
  const files = await unzip(out);
  const packaged = files.get('extension/readme.md') ?? '';
  for (const image of images) assert.ok(packaged.includes(image), `the packaged README links ${image} as it is`);
  assert.ok(files.has('extension/media/icon.png'), 'the icon ships');
  assert.ok(![...files.keys()].some((f) => f.startsWith('extension/docs/')), 'the README images do not ship');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

test('the manifest is ready for the Marketplace and Open VSX', () => {
  const png = fs.readFileSync(path.join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG', 'the icon is a PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128x128');
  for (const field of [
    'publisher',
    'license',
    'repository',
    'bugs',
    'homepage',
    'galleryBanner',
    'categories',
    'keywords',
    'capabilities',
  ]) {
    assert.ok(manifest[field], `package.json has no ${field}`);
  }
  assert.ok(manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['posthogWorkbench.host']);
  // Hog functions as code is hidden in virtual workspaces, as the capability's description says.
  for (const [menu, entries] of Object.entries(
    manifest.contributes.menus as Record<string, { command: string; when?: string }[]>,
  )) {
    for (const entry of entries) {
      if (!/\.(export|push|pull)HogFunctions?$/.test(entry.command)) continue;
      assert.match(entry.when ?? '', /!virtualWorkspace/, `${menu} ${entry.command} shows in virtual workspaces`);
    }
  }
});

test('undici is pinned to one exact version while the transport requires its internal modules', () => {
  // src/api/undiciTransport.ts requires undici/lib/... (not its public index): a minor release may move those files.
  const transport = fs.readFileSync(path.join(root, 'src/api/undiciTransport.ts'), 'utf8');
  if (!/require\('undici\/lib\//.test(transport)) return;
  assert.match(
    manifest.dependencies.undici,
    /^\d+\.\d+\.\d+$/,
    `undici is "${manifest.dependencies.undici}": pin it exactly`,
  );
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  assert.equal(
    lock.packages['node_modules/undici'].version,
    manifest.dependencies.undici,
    'package-lock.json installs another undici',
  );
});
