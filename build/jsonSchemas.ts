// The JSON Schemas the extension contributes (package.json `jsonValidation`), each written from the zod schema its
// file is read with, so the editor's validation and the code's never differ. `npm run build` writes them
// (build/jsonSchemas.mjs); test/unit/jsonSchemas.test.ts fails when a committed one is not what its schema says.
// A new file format (the fixture file of tests as code) adds its schema in src/core and one line here.
import { functionJsonSchema } from '../src/core/functions/functionSchema';
import { projectInputsJsonSchema } from '../src/core/functions/projectInputs';
import { fixtureJsonSchema } from '../src/core/testing/fixtureSchema';

export const JSON_SCHEMAS: readonly { file: string; schema: () => Record<string, unknown> }[] = [
  { file: 'schemas/hog-function.schema.json', schema: functionJsonSchema },
  { file: 'schemas/hog-function-fixture.schema.json', schema: fixtureJsonSchema },
  { file: 'schemas/project-inputs.schema.json', schema: projectInputsJsonSchema },
];

/** A schema's file text: 2-space JSON ending in a newline. */
export const schemaText = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
