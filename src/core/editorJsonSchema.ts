// The JSON Schema VS Code validates and completes a hand-edited file with (package.json jsonValidation), written by the
// build (build/jsonSchemas.ts) from the zod schema the code reads that file with, so the two never disagree.
import * as z from 'zod/mini';

/** `schema` as draft-7 JSON Schema for the editor, under the address `schemas/<fileName>` of the repository. */
export function editorJsonSchema(schema: z.ZodMiniType, fileName: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `https://github.com/posthog-workbench/posthog-workbench/schemas/${fileName}`, ...rest };
}
