// Writes the JSON Schemas of build/jsonSchemas.ts from their zod schemas (TypeScript, so bundled first in memory).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export async function writeJsonSchemas() {
  const bundle = await esbuild.build({
    entryPoints: [path.join(root, 'build/jsonSchemas.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const { JSON_SCHEMAS, schemaText } = await import(
    `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
  );
  for (const { file, schema } of JSON_SCHEMAS) {
    const text = schemaText(schema());
    const target = path.join(root, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
  }
}
