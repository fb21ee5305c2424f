// A JSON file people edit by hand (function.json, a test fixture), read with the zod schema that defines it: the
// same schema gives the editor its JSON Schema (build/jsonSchemas.ts), the code its type, and the user a refusal
// that names the field and says what it must be, in words rather than zod's.
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A field of the file (as the message names it: `inputs_schema[2].key`) and what its value must be. */
export interface FieldProblem {
  field: string;
  what: string;
}

/** How a file names its fields and says what each must be, from the path of a value zod refused. */
export type DescribeField = (path: readonly PropertyKey[]) => FieldProblem;

/** `inputs_schema[2].key`, `inputs.url`: a path as a person reads it in the file. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
    '',
  );
}

function position(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  if (!at || /\(line \d+/.test(message)) return message;
  const before = text.slice(0, Number(at[1]));
  return l10n.t(
    '{0} (line {1} column {2})',
    message,
    before.split('\n').length,
    before.length - before.lastIndexOf('\n'),
  );
}

/**
 * Reads `text` (the file `fileName`) with `schema`. A refusal is one sentence: where the JSON does not parse (line
 * and column), that it must hold one object, or the first field zod refused and what it must be.
 */
export function parseJsonFile<S extends z.ZodMiniType>(
  fileName: string,
  text: string,
  schema: S,
  describe: DescribeField,
): Parsed<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: l10n.t('{0} is not valid JSON: {1}.', fileName, position(text, error)) };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, message: l10n.t('{0} must hold one JSON object.', fileName) };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const { field, what } = describe(issue?.path ?? []);
  return {
    ok: false,
    message: l10n.t({
      message: '{0}: "{1}" must be {2}.',
      args: [fileName, field, what],
      comment: ['{0} is a file name, {1} a field of it, {2} what its value must be: "a string", "true or false"…'],
    }),
  };
}
