// Hog's standard library as data, read from PostHog's published `@posthog/hogvm` at build time: the functions of
// its `STL` export (description, example, argument counts) and the Hog-written ones of its `BYTECODE_STL` (argument
// names only). esbuild.mjs writes it to dist/hogStdlib.json for hover, signature help and offline completion; the
// local PostHog uses the names to decide, as PostHog's compiler does, which calls exist.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** `  "arrayMap": [["func", "arr"], [...bytecode]],` in the package's generated src/stl/bytecode.ts. */
const BYTECODE_ENTRY = /^\s*"(\w+)": \[\[([^\]]*)\]/gm;

/** @returns {{ name: string, description?: string, example?: string, minArgs?: number, maxArgs?: number | null, params?: string[] }[]} */
export function readHogStdlib() {
  const { STL } = require('@posthog/hogvm');
  const functions = Object.entries(STL).map(([name, fn]) => ({
    name,
    description: fn.description,
    example: fn.example,
    minArgs: fn.minArgs ?? 0,
    // The VM leaves maxArgs out for functions taking any number of arguments.
    maxArgs: fn.maxArgs ?? null,
  }));
  const packageDir = path.dirname(require.resolve('@posthog/hogvm/package.json'));
  const source = fs.readFileSync(path.join(packageDir, 'src/stl/bytecode.ts'), 'utf8');
  const known = new Set(functions.map((f) => f.name));
  let bytecodeCount = 0;
  for (const [, name, list] of source.matchAll(BYTECODE_ENTRY)) {
    bytecodeCount++;
    if (known.has(name)) continue;
    const params = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    functions.push({ name, params, minArgs: params.length, maxArgs: params.length });
  }
  // A changed package layout must fail the build, not ship an empty library.
  if (functions.length < 50 || bytecodeCount === 0) {
    throw new Error(
      `@posthog/hogvm: found ${functions.length} functions and ${bytecodeCount} Hog-written ones; its layout changed`,
    );
  }
  return functions.sort((a, b) => a.name.localeCompare(b.name));
}
