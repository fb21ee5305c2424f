// Bundles the extension host code (CommonJS for Node) and the webview scripts (IIFE for the browser).
// dist/extension.js is only what activation registers (src/extension/main.ts: lazy providers, command ids); the features
// go into dist/features.js, loaded the first time a lazy provider is used. The HTTP stack (undici)
// goes into its own file, dist/http.js, loaded with the first request.
// The Hog language features go into dist/hogLanguage.js the same way, loaded when a Hog document first needs
// them, with Hog's standard library as data in dist/hogStdlib.json.
// The code that cannot import vscode (src/api, src/shared, the plain-Node modules) translates with @vscode/l10n:
// every Node bundle requires the one dist/l10n.js, so the bundle features.ts configures is the one they all read.
// The Hog toolchain (src/core/toolchain) is dist/toolchain.js, shared by the command line (dist/cli.js, the
// `posthog-workbench` bin), the parser worker (dist/hogParserWorker.js) and, later, the editor.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readHogStdlib } from './build/hogStdlib.mjs';
import { writeJsonSchemas } from './build/jsonSchemas.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Imports of the module `source` (a path without extension) become a runtime require of `file`, a bundle of its own. */
const lazy = (source, file) => {
  const target = path.resolve(source);
  return {
    name: `lazy ${file}`,
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) =>
        path.resolve(args.resolveDir, args.path) === target ? { path: file, external: true } : undefined,
      );
    },
  };
};
const lazyHttp = lazy('src/api/undiciTransport', './http.js');
const lazyHogLanguage = lazy('src/extension/hog/language/service', './hogLanguage.js');
const lazyFeatures = lazy('src/extension/features', './features.js');
const lazyDebugAdapter = lazy('src/core/debug/adapter', './hogDebugAdapter.js');
/**
 * The rest of the extension imports src/api through its public surface, src/api/index.ts, which re-exports the
 * client and its zod schemas too. src/api's modules run nothing when loaded (the HTTP stack, which does, is
 * dist/http.js), so they are marked free of side effects: a bundle keeps and initialises only the parts of the surface
 * it uses (dist/hogLanguage.js needs the errors, not the client).
 */
const apiWithoutSideEffects = {
  name: 'src/api without side effects',
  setup(build) {
    const api = path.resolve('src/api');
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      if (!target.startsWith(`${api}${path.sep}`) && target !== api) return undefined;
      const file = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => existsSync(f));
      return file ? { path: file, sideEffects: false } : undefined;
    });
  },
};
/**
 * The Hog toolchain (PostHog's parser, 1.2 MB of WebAssembly, and VM) is one bundle, dist/toolchain.js, that the
 * command line, the parser worker and the extension require: imports of src/core/toolchain (its index) become a
 * runtime require of it, so the parser ships once.
 */
const sharedToolchain = {
  name: 'shared toolchain',
  setup(build) {
    const folder = path.resolve('src/core/toolchain');
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      return target === folder || target === path.join(folder, 'index')
        ? { path: './toolchain.js', external: true }
        : undefined;
    });
  },
};
const version = JSON.parse(await readFile('package.json', 'utf8')).version;
/** `@vscode/l10n` becomes a runtime require of dist/l10n.js: one copy, so one configuration, for every bundle. */
const sharedL10n = {
  name: 'shared l10n',
  setup(build) {
    build.onResolve({ filter: /^@vscode\/l10n$/ }, () => ({ path: './l10n.js', external: true }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

/** A bundle for Node (the extension host, its workers, the command line): CommonJS in dist/, Node 20. */
const nodeBundle = (entryPoints, options = {}) =>
  esbuild.context({
    ...common,
    entryPoints,
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    ...options,
  });

const contexts = await Promise.all([
  nodeBundle(
    { extension: 'src/extension/main.ts' },
    {
      external: ['vscode'],
      plugins: [lazyFeatures, lazyHogLanguage, sharedL10n, apiWithoutSideEffects],
    },
  ),
  nodeBundle(
    { features: 'src/extension/features.ts' },
    {
      external: ['vscode'],
      plugins: [lazyHttp, lazyHogLanguage, lazyDebugAdapter, sharedToolchain, sharedL10n, apiWithoutSideEffects],
    },
  ),
  nodeBundle(
    { hogLanguage: 'src/extension/hog/language/service.ts' },
    {
      external: ['vscode'],
      plugins: [lazyHttp, sharedL10n, apiWithoutSideEffects],
    },
  ),
  nodeBundle(
    { http: 'src/api/undiciTransport.ts' },
    {
      plugins: [sharedL10n],
    },
  ),
  nodeBundle(
    { toolchain: 'src/core/toolchain/index.ts' },
    {
      plugins: [sharedL10n],
    },
  ),
  // The parser worker (the editor parses off its own thread) and the command line share the toolchain bundle.
  nodeBundle(
    { hogParserWorker: 'src/core/toolchain/parserWorker.ts' },
    {
      plugins: [sharedToolchain, sharedL10n],
    },
  ),
  nodeBundle(
    { cli: 'src/cli/main.ts' },
    {
      banner: { js: '#!/usr/bin/env node' },
      define: { __PHWB_VERSION__: JSON.stringify(version) },
      plugins: [sharedToolchain, lazyHttp, sharedL10n, apiWithoutSideEffects],
    },
  ),
  // The Hog debug adapter for any DAP client (stdin/stdout), over the shared toolchain bundle.
  nodeBundle(
    { hogDebugAdapter: 'src/core/debug/adapter.ts' },
    {
      plugins: [sharedToolchain, sharedL10n],
    },
  ),
  nodeBundle({ l10n: '@vscode/l10n' }),
  esbuild.context({
    ...common,
    entryPoints: {
      'webview/groupPanel': 'src/webview/groupPanel/main.ts',
      'webview/functionOverview': 'src/webview/functionOverview/main.ts',
      'webview/groupGrid': 'src/webview/groupGrid/main.ts',
    },
    outdir: 'dist',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    loader: { '.css': 'css' },
  }),
]);

// The codicon font and its stylesheet, served to webviews from dist/webview (their only resource root).
await mkdir('dist/webview', { recursive: true });
await Promise.all(
  ['codicon.css', 'codicon.ttf'].map((f) => copyFile(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/${f}`)),
);
await writeFile('dist/hogStdlib.json', JSON.stringify(readHogStdlib()));
// The JSON Schemas package.json contributes (function.json's), written from the zod schemas the code reads with.
await writeJsonSchemas();

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
