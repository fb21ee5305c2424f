// Type-aware lint, part of `npm run check`: the rules that
// need TypeScript's types, over the three TypeScript programs of the repository (tsconfig.json, src/webview,
// test). It adds to eslint.config.mjs, so the layer rules run here too.
import tseslint from 'typescript-eslint';
import base from './eslint.config.mjs';

const root = new URL('.', import.meta.url).pathname;

export default tseslint.config(...base, {
  files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
  // Named programs rather than the project service: bench/ belongs to test/tsconfig.json, not to the nearest one.
  languageOptions: {
    parserOptions: {
      project: ['./tsconfig.json', './src/webview/tsconfig.json', './test/tsconfig.json'],
      tsconfigRootDir: root,
    },
  },
  rules: {
    // A promise nobody awaits loses its failure: await it, return it, or say `void` where dropping it is the point.
    '@typescript-eslint/no-floating-promises': [
      'error',
      {
        ignoreVoid: true,
        // node:test's test() and describe() return promises the runner itself awaits.
        allowForKnownSafeCalls: [
          {
            from: 'package',
            package: 'node:test',
            name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
          },
        ],
      },
    ],
    // A switch over a union handles every member (or says `default`), so a new member is found by the compiler.
    '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    // Imports used only as types say so, so bundles never load a module for its types. `typeof import('./x')` stays
    // allowed: it types a lazily loaded bundle right beside the require() that loads it (main.ts, the registers).
    '@typescript-eslint/consistent-type-imports': [
      'error',
      { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
    ],
  },
});
