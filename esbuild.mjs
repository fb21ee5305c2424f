// Bundles the extension host code (CommonJS for Node) and the webview scripts (IIFE for the browser).
// The HTTP stack (undici) goes into its own file, dist/http.js, which the extension only loads when it
// makes its first request: activation stays cheap and dist/extension.js stays small (issue #7, P3).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Imports of src/api/undiciTransport from the extension bundle become a runtime require of ./http.js. */
const lazyHttp = {
  name: 'lazy-http',
  setup(build) {
    build.onResolve({ filter: /[\\/]undiciTransport$/ }, (args) =>
      args.importer.includes('undiciTransport') ? undefined : { path: './http.js', external: true },
    );
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

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyHttp],
  }),
  esbuild.context({
    ...common,
    entryPoints: { http: 'src/api/undiciTransport.ts' },
    outdir: 'dist',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  }),
  esbuild.context({
    ...common,
    entryPoints: { 'webview/groupPanel': 'src/webview/groupPanel/main.ts', 'webview/functionOverview': 'src/webview/functionOverview/main.ts' },
    outdir: 'dist',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    loader: { '.css': 'css' },
  }),
]);

// The codicon font and its stylesheet, served to webviews from dist/webview (their only resource root).
await mkdir('dist/webview', { recursive: true });
await Promise.all(['codicon.css', 'codicon.ttf'].map((f) => copyFile(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/${f}`)));

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
