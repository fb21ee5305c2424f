// Lint for the whole repository, with the layer rule that keeps src/ in its architecture (see `layers`).
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * The layers of src/ and what each may import (README, "Architecture"): folders by path from the repository, npm
 * packages by name. A file in a layer importing anything else fails `npm run check`.
 */
const layers = [
  // @vscode/l10n translates where vscode.l10n cannot be imported (README, "Localisation"); it runs in Node and browsers.
  { dir: 'src/shared', folders: ['src/shared'], packages: (name) => name === 'zod' || name === '@vscode/l10n', why: 'src/shared is used by the extension and the webview alike: no vscode, no Node, no DOM' },
  { dir: 'src/webview', folders: ['src/webview', 'src/shared'], packages: (name) => name === '@vscode/l10n', why: 'webview code runs in the browser and reaches the extension only through its protocol in src/shared' },
  { dir: 'src/api', folders: ['src/api', 'src/shared'], packages: (name) => name !== 'vscode', why: 'src/api is plain Node: it must not depend on vscode or on the layers above it' },
  { dir: 'src/core', folders: ['src/core', 'src/api', 'src/shared'], packages: (name) => name !== 'vscode', why: 'src/core is shared by the editor and the command line: it must not depend on vscode or on the layers above it' },
  { dir: 'src/cli', folders: ['src/cli', 'src/core', 'src/api', 'src/shared'], packages: (name) => name !== 'vscode', why: 'the command line runs without VS Code: it must not depend on vscode or on the extension' },
  // Everything else in src/ is extension host code, which never loads webview code.
  { dir: 'src', folders: ['src'], except: ['src/webview'], packages: () => true, why: 'webview code runs in the browser, not in the extension host' },
];

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const inside = (file, dir) => file === dir || file.startsWith(`${dir}/`);

const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layers.find((l) => inside(file, l.dir));
    if (!layer) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        const allowed = layer.folders.some((dir) => inside(target, dir)) && !(layer.except ?? []).some((dir) => inside(target, dir));
        if (!allowed) context.report({ node, message: `${file} may not import ${target}: ${layer.why}.` });
      } else if (!layer.packages(packageName(specifier))) {
        context.report({ node, message: `${file} may not import "${specifier}": ${layer.why}.` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0]?.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', URLSearchParams: 'readonly',
        AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
        __dirname: 'readonly', require: 'readonly', module: 'writable', globalThis: 'readonly', performance: 'readonly',
        document: 'readonly', window: 'readonly', navigator: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers: { rules: { boundaries } } },
    rules: { 'layers/boundaries': 'error' },
  },
);
