// The JSON Schemas in schemas/ are written by the build from the zod schemas the files are read with
// (build/jsonSchemas.ts): a committed one that differs was edited by hand, or not rebuilt after its schema changed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { JSON_SCHEMAS, schemaText } from '../../build/jsonSchemas';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { jsonValidation: { url: string }[] };
};

for (const { file, schema } of JSON_SCHEMAS) {
  test(`${file} is what its zod schema generates (npm run build writes it)`, () => {
    assert.equal(fs.readFileSync(path.join(root, file), 'utf8'), schemaText(schema()));
  });
}

test('every schema package.json contributes is generated', () => {
  const contributed = manifest.contributes.jsonValidation.map((v) => v.url.replace(/^\.\//, ''));
  assert.deepEqual(
    contributed.filter((url) => !JSON_SCHEMAS.some((s) => s.file === url)),
    [],
  );
});
