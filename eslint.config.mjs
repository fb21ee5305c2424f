// Lint for the whole repository, with the rules that keep src/ in its architecture: `layers/boundaries` (each layer
// imports only itself and the layers below it) and `layers/no-cycle` (no circular imports anywhere in src).
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * The layers of src/, lowest first (docs/architecture.md, "The layers"). A file may import its own layer and the layers before
 * it, never a later one; the folders of a layer marked `apart` may not import each other either (the CLI and the
 * extension are two shells over the same core). Folders by path from the repository; `files: 'top'` means only the
 * files directly in the folder (its sub-folders are layers of their own). A file in src/ that is in no layer fails.
 * Folders of one layer may import each other, but not in a circle (`layers/no-cycle`); `subfolders: true` makes each
 * sub-folder of the layer's folder such a folder of its own (core/language, core/functions, core/testing...).
 */
const layers = [
  { name: 'shared', dirs: ['src/shared'] },
  { name: 'api', dirs: ['src/api'] },
  { name: 'core', dirs: ['src/core'], subfolders: true },
  { name: 'cli | extension services', dirs: ['src/cli', 'src/extension/services'], apart: true },
  {
    name: 'extension features',
    dirs: [
      'src/extension/views',
      'src/extension/panels',
      'src/extension/hog',
      'src/extension/functions',
      'src/extension/testing',
      'src/extension/debug',
    ],
  },
  { name: 'extension commands', dirs: ['src/extension/commands'] },
  { name: 'extension root', dirs: ['src/extension'], files: 'top' }, // main.ts, features.ts, lazyProviders.ts
];

/** Browser code, beside the layers: it reaches the extension only through the protocol in src/shared. */
const webview = { dir: 'src/webview', imports: ['src/webview', 'src/shared'] };

/** npm packages (and Node's modules) each folder may import, by name; the first entry whose folder holds the file applies. */
const packages = [
  // @vscode/l10n translates where vscode.l10n cannot be imported (CONTRIBUTING.md, "Localisation"); it runs in Node and browsers.
  {
    dir: 'src/shared',
    allowed: (name) => name === 'zod' || name === '@vscode/l10n',
    why: 'src/shared is used by the extension and the webview alike: no vscode, no Node, no DOM',
  },
  {
    dir: 'src/webview',
    allowed: (name) => name === '@vscode/l10n',
    why: 'webview code runs in the browser and reaches the extension only through its protocol in src/shared',
  },
  {
    dir: 'src/api',
    allowed: (name) => name !== 'vscode',
    why: 'src/api is plain Node: the CLI and the extension share it',
  },
  {
    dir: 'src/core',
    allowed: (name) => name !== 'vscode',
    why: 'src/core is plain Node: the CLI and the extension share it',
  },
  { dir: 'src/cli', allowed: (name) => name !== 'vscode', why: 'the CLI runs in a terminal, without VS Code' },
];

/**
 * src/api is imported through its public surface, src/api/index.ts. These imports name a module instead, because what
 * they import is loaded on first use and must stay out of the features' start-up (esbuild.mjs): the client, required
 * with the first request, and the schemas the group panels (loaded with the first panel) read their state with.
 */
const apiByModule = [
  { from: 'src/extension/services/session.ts', to: 'src/api/client' },
  { from: 'src/extension/panels/groupPanels.ts', to: 'src/api/schemas' },
];

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
const inside = (file, dir) => file === dir || file.startsWith(`${dir}/`);
const relativeToRoot = (file) => path.relative(root, file).split(path.sep).join('/');

/** The layer of a file (by index into `layers`) and the folder of it the file is in; undefined when it is in none. */
function layerOf(file) {
  let best;
  layers.forEach((layer, index) => {
    for (const dir of layer.dirs) {
      const holds = layer.files === 'top' ? path.posix.dirname(file) === dir : inside(file, dir);
      if (holds && (!best || dir.length > best.dir.length)) best = { index, dir };
    }
  });
  return best;
}

/** Why `file` may not import `target` (both paths from the repository, the target without extension), or undefined. */
function forbidden(file, target) {
  if (!inside(target, 'src')) return undefined;
  if (inside(target, 'src/cli') && !inside(file, 'src/cli'))
    return 'nothing imports the CLI: it is a shell, the top of its own stack';
  if (
    inside(target, 'src/api') &&
    !inside(file, 'src/api') &&
    target !== 'src/api' &&
    target !== 'src/api/index' &&
    !apiByModule.some((a) => a.from === file && a.to === target)
  ) {
    return 'import src/api through its public surface, src/api/index.ts';
  }
  if (inside(file, webview.dir)) {
    return webview.imports.some((dir) => inside(target, dir))
      ? undefined
      : 'webview code imports only src/webview and src/shared';
  }
  if (inside(target, webview.dir)) return 'webview code runs in the browser, not in the extension host';
  const from = layerOf(file);
  if (!from) return undefined; // reported once per file, not per import
  // A target that is a folder (an index file) counts as the files in it.
  const to = layerOf(target) ?? layerOf(`${target}/index`);
  if (!to) return `${target} is in no layer of eslint.config.mjs`;
  if (to.index > from.index)
    return `layer "${layers[to.index].name}" is above layer "${layers[from.index].name}" (${layers.map((l) => l.name).join(' → ')})`;
  if (to.index === from.index && layers[from.index].apart && to.dir !== from.dir)
    return `${from.dir} and ${to.dir} are separate shells over the layers below`;
  return undefined;
}

/** The module specifiers a file's syntax imports, with the node to report at. */
function importVisitors(check) {
  return {
    ImportDeclaration: (node) => check(node, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
    ExportAllDeclaration: (node) => check(node, node.source.value),
    ImportExpression: (node) => check(node, node.source.value),
    'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0]?.value),
    TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
  };
}

const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = relativeToRoot(context.filename);
    if (!inside(file, 'src')) return {};
    const rules = packages.find((p) => inside(file, p.dir));
    const visitors = importVisitors((node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        const why = forbidden(file, target);
        if (why) context.report({ node, message: `${file} may not import ${target}: ${why}.` });
      } else if (rules && !rules.allowed(packageName(specifier))) {
        context.report({ node, message: `${file} may not import "${specifier}": ${rules.why}.` });
      }
    });
    return {
      ...visitors,
      Program: (node) => {
        if (!inside(file, webview.dir) && !layerOf(file)) {
          context.report({
            node,
            message: `${file} is in no layer: add its folder to \`layers\` in eslint.config.mjs.`,
          });
        }
      },
    };
  },
};

/**
 * The import graph of src/ as it is on disk (every import counts, types too: a circle of types is still a circle in
 * the design), read once per lint run with TypeScript's own import scanner. Keys and values are absolute paths.
 */
let graph;
const EXTENSIONS = ['.ts', '.mts', '/index.ts'];
const resolveImport = (from, specifier) => {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [base, ...EXTENSIONS.map((e) => base + e)].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
};
function srcGraph() {
  if (graph) return graph;
  graph = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const imports = ts.preProcessFile(fs.readFileSync(full, 'utf8'), true, true).importedFiles;
        graph.set(full, new Set(imports.map((i) => resolveImport(full, i.fileName)).filter(Boolean)));
      }
    }
  };
  walk(path.join(root, 'src'));
  return graph;
}

/** The shortest chain of imports from `start` to `goal`, or undefined. */
function chain(edges, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift();
    if (at === goal) {
      const out = [];
      for (let f = at; f !== undefined; f = previous.get(f)) out.unshift(f);
      return out;
    }
    for (const next of edges(at)) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** The folder a file counts in for circles between folders: its layer's folder, or that folder's sub-folder. */
function folderOf(file) {
  const found = layerOf(file);
  if (!found) return undefined;
  if (!layers[found.index].subfolders) return found.dir;
  const rest = file.slice(found.dir.length + 1).split('/');
  return rest.length > 1 ? `${found.dir}/${rest[0]}` : found.dir;
}

/**
 * No import may lead back to the importing file, nor to its folder: a circle of folders (one file of hog/ importing
 * functions/, one of functions/ importing hog/) is a circle in the design even where no file imports itself.
 */
const noCycle = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    if (!inside(relativeToRoot(file), 'src')) return {};
    const found = [];
    return {
      ...importVisitors((node, specifier) => {
        const target = typeof specifier === 'string' ? resolveImport(file, specifier) : undefined;
        if (target) found.push({ node, target });
      }),
      // This file's imports as the linted text has them; every other file's as it is on disk.
      'Program:exit': () => {
        const all = srcGraph();
        const mine = new Set(found.map((f) => f.target));
        const edges = (f) => (f === file ? mine : (all.get(f) ?? []));
        // Folders: an edge between two folders for each import between their files, with one such import to name.
        const folders = new Map();
        for (const from of new Set([...all.keys(), file])) {
          const a = folderOf(relativeToRoot(from));
          for (const to of edges(from)) {
            const b = folderOf(relativeToRoot(to));
            if (!a || !b || a === b) continue;
            if (!folders.has(a)) folders.set(a, new Map());
            if (!folders.get(a).has(b)) folders.get(a).set(b, `${relativeToRoot(from)} imports ${relativeToRoot(to)}`);
          }
        }
        const folderEdges = (f) => folders.get(f)?.keys() ?? [];
        const own = folderOf(relativeToRoot(file));
        for (const { node, target } of found) {
          const back = chain(edges, target, file);
          if (back) {
            context.report({ node, message: `Circular import: ${[file, ...back].map(relativeToRoot).join(' → ')}.` });
            continue;
          }
          const to = folderOf(relativeToRoot(target));
          const circle = own && to && to !== own ? chain(folderEdges, to, own) : undefined;
          if (circle) {
            const steps = circle.slice(1).map((f, i) => folders.get(circle[i]).get(f));
            context.report({
              node,
              message: `Circular import between folders: ${[own, ...circle].join(' → ')} (${steps.join('; ')}).`,
            });
          }
        }
      },
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
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        globalThis: 'readonly',
        performance: 'readonly',
        document: 'readonly',
        window: 'readonly',
        navigator: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers: { rules: { boundaries, 'no-cycle': noCycle } } },
    rules: { 'layers/boundaries': 'error', 'layers/no-cycle': 'error' },
  },
);
