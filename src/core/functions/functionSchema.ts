// function.json, defined once: this zod schema is what the files are read with (functionFiles.ts), what
// FunctionConfig is (inferred from it), and what the editor validates and completes the file with
// (schemas/hog-function.schema.json, written from it by the build: build/jsonSchemas.ts lists the files). Where PostHog may add values
// (function types, input types, templating languages) the known ones are offered, not required.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { editorJsonSchema } from '../editorJsonSchema';
import { HOG_FUNCTION_TYPES } from '../../shared/functionTypes';
import { fieldName, type FieldProblem } from '../../shared/jsonFile';

// zod/mini, as everywhere else in the extension: the classic API would add 450 KB to the bundle for the same schema.

const INPUT_TYPES = [
  'string',
  'number',
  'boolean',
  'dictionary',
  'choice',
  'json',
  'integration',
  'integration_field',
  'email',
  'native_email',
  'posthog_assignee',
  'posthog_ticket_tags',
] as const;

/** A schema with a description (and a default) for the editor's completion and hovers. */
const described = <S extends z.ZodMiniType>(
  schema: S,
  meta: { title?: string; description?: string; default?: unknown },
): S => schema.check(z.meta(meta)) as S;
const nonEmpty = () => z.string().check(z.minLength(1));

/** One of `known`, offered as completion; any other non-empty string is accepted too (PostHog adds them). */
const knownOr = <T extends string>(known: readonly [T, ...T[]]) => z.union([z.enum(known), nonEmpty()]);

/** The address of a project, as `ids` keys it (layout.ts projectKey). */
const PROJECT_KEY = /^https?:\/\/[^/]+\/project\/[0-9]+$/;

const inputDefinition = z.looseObject({
  key: described(nonEmpty(), { description: 'The name the code reads the input by: `inputs.<key>`.' }),
  type: described(knownOr(INPUT_TYPES), { description: 'What kind of value the input takes.' }),
  label: described(z.optional(z.string()), { description: "The input's name in PostHog's editor." }),
  description: z.optional(z.string()),
  required: described(z.optional(z.boolean()), {
    description: 'PostHog refuses to save the function without a value for it.',
    default: false,
  }),
  secret: described(z.optional(z.boolean()), {
    description:
      'Kept encrypted by PostHog and never shown again: its value never appears in this file, only `{"secret": true}`.',
    default: false,
  }),
  hidden: described(z.optional(z.boolean()), { default: false }),
  default: described(z.optional(z.unknown()), { description: 'The value a new function starts with.' }),
  choices: described(z.optional(z.array(z.looseObject({ label: z.optional(z.string()), value: z.unknown() }))), {
    description: 'The allowed values of a `choice` input.',
  }),
  templating: described(z.optional(z.unknown()), {
    description: 'Whether `{…}` templates in the value are evaluated (Hog or Liquid).',
  }),
});

const inputValue = z.looseObject({
  value: described(z.optional(z.unknown()), {
    description: "The input's value. Strings may hold templates such as `{event.properties.email}`.",
  }),
  templating: described(z.optional(knownOr(['hog', 'liquid'])), {
    description: 'How templates in the value are evaluated.',
  }),
  secret: described(z.optional(z.literal(true)), {
    description:
      "A secret PostHog keeps: pushing leaves the stored value as it is. Never put a secret's value in this file.",
  }),
});

const inputDefinitions = z.array(inputDefinition);
const inputValues = z.record(z.string(), inputValue);

const filters = described(
  z.looseObject({
    source: described(z.optional(z.string()), {
      description: 'events (the default), person-updates, data-warehouse-table…',
    }),
    events: z.optional(
      z.array(
        z.looseObject({
          id: described(z.optional(z.unknown()), { description: 'The event name; null for all events.' }),
          name: z.optional(z.unknown()),
          type: described(z.optional(z.unknown()), { description: '"events"' }),
          order: z.optional(z.unknown()),
          properties: described(z.optional(z.unknown()), { description: 'Property filters of this event.' }),
        }),
      ),
    ),
    actions: z.optional(z.array(z.looseObject({}))),
    properties: z.optional(z.array(z.looseObject({}))),
    filter_test_accounts: z.optional(z.boolean()),
  }),
  {
    description:
      'Which events trigger the function: `events`, `actions`, `properties`, `filter_test_accounts`; `source` says where they come from.',
  },
);

const mapping = z.looseObject({
  name: z.optional(z.string()),
  inputs_schema: z.optional(inputDefinitions),
  inputs: z.optional(inputValues),
  filters: z.optional(z.nullable(filters)),
});

const masking = described(
  z.looseObject({
    ttl: z.int().check(z.gte(60), z.lte(86400)),
    threshold: z.optional(z.nullable(z.int())),
    hash: described(z.string(), { description: 'A Hog expression, e.g. {person.id}.' }),
  }),
  { description: 'Runs the function at most once per hash within ttl seconds.' },
);

/** What a JSON null or a missing key reads as. */
const or = <S extends z.ZodMiniType, D>(schema: S, empty: D) =>
  z.pipe(
    z.optional(z.nullable(schema)),
    z.transform((v): z.output<S> | D => (v ?? empty) as z.output<S> | D),
  );
/** A JSON null or a missing key reads as null. */
const orNull = <S extends z.ZodMiniType>(schema: S) => or(schema, null);

/** function.json: the function's ids in each project, and everything about the function itself. */
export const functionFileSchema = described(
  z.looseObject({
    ids: described(or(z.record(z.string().check(z.regex(PROJECT_KEY)), z.string()), {}), {
      description:
        "The function's id in each PostHog project it was pushed to or exported from, keyed by the project's address (https://us.posthog.com/project/12345). A folder without an id for the selected project is created there on push.",
    }),
    type: described(knownOr(HOG_FUNCTION_TYPES.map((t) => t.type) as [string, ...string[]]), {
      description:
        'Cannot change once the function exists. Site destinations and site apps are TypeScript (.ts); all other types are Hog (.hog).',
    }),
    name: orNull(z.string().check(z.maxLength(400))),
    description: or(z.string(), ''),
    enabled: z.pipe(
      described(z.optional(z.boolean()), {
        description:
          'Whether the function runs on live events. New functions are created disabled unless you choose otherwise when pushing.',
        default: false,
      }),
      z.transform((v) => v ?? false),
    ),
    execution_order: described(orNull(z.int().check(z.gte(0), z.lte(32767))), {
      description: 'Transformations run in this order (lowest first).',
    }),
    template_id: described(orNull(z.string()), {
      description: 'The template the function was created from (used when it is created in another project).',
    }),
    inputs_schema: described(or(inputDefinitions, []), { description: 'The inputs the function declares.' }),
    inputs: described(or(inputValues, {}), {
      description: 'The value of each input, keyed by its key. Secret inputs appear only as {"secret": true}.',
    }),
    filters: or(filters, {}),
    mappings: described(or(z.array(mapping), null), {
      description: 'Destinations only: each mapping has its own inputs and filters.',
    }),
    masking: or(masking, null),
  }),
  {
    title: 'PostHog hog function',
    description:
      'A hog function kept in the repository: posthog/hog-functions/<folder>/function.json next to its source (<folder>.hog, or <folder>.ts for site functions). Push and Pull (PostHog Workbench) move it to and from PostHog.',
  },
);

type FunctionFile = z.output<typeof functionFileSchema>;
type JsonObject = Record<string, unknown>;
/**
 * The nested parts stay JSON objects: PostHog's own copy of a function fills them too (functionFiles.ts
 * stateFromServer), and it is not read through this schema. The line below checks that what the schema reads fits.
 */
type Nested = {
  inputs_schema: JsonObject[];
  inputs: Record<string, JsonObject>;
  filters: JsonObject;
  mappings: JsonObject[] | null;
  masking: JsonObject | null;
};
type ConfigKey = Exclude<keyof typeof functionFileSchema.shape, 'ids'>;
type Fits<T extends Nested> = T;
type _WhatTheSchemaReadsFits = Fits<Pick<FunctionFile, keyof Nested>>;

/** Everything function.json says about the function itself (its `ids` are where it lives, not what it is). */
export type FunctionConfig = Omit<{ [K in ConfigKey]: FunctionFile[K] }, keyof Nested> & Nested;

/** The keys of function.json this version knows, in the order the file lists them. */
export const FUNCTION_FILE_KEYS = Object.keys(functionFileSchema.shape) as (keyof typeof functionFileSchema.shape)[];

/** What each field of function.json must be, in the words of a refusal: `"enabled" must be true or false`. */
export function describeFunctionField(path: readonly PropertyKey[]): FieldProblem {
  const [top, second] = path;
  const at = (depth: number) => fieldName(path.slice(0, depth));
  const inputsSchema = (start: number): FieldProblem => {
    if (path.length <= start + 1) return { field: at(start + 1), what: l10n.t('an array of input definitions') };
    if (path.length === start + 2)
      return { field: at(start + 2), what: l10n.t('an object with a string "key" and "type"') };
    const leaf = path[start + 2];
    const what =
      leaf === 'key'
        ? l10n.t('a name that is not empty')
        : leaf === 'required' || leaf === 'secret' || leaf === 'hidden'
          ? l10n.t('true or false')
          : leaf === 'choices'
            ? l10n.t('an array of {"label": ..., "value": ...}')
            : l10n.t('a string');
    return { field: at(start + 3), what };
  };
  const inputs = (start: number): FieldProblem =>
    path.length <= start + 1
      ? { field: at(start + 1), what: l10n.t('an object of input key → {"value": ...}') }
      : {
          field: at(start + 2),
          what: l10n.t('an object such as {"value": ...} (or {"secret": true} for a secret PostHog keeps)'),
        };
  const filtersField = (start: number): FieldProblem => {
    const leaf = path[start + 1];
    if (leaf === undefined) return { field: at(start + 1), what: l10n.t('an object (or null)') };
    if (leaf === 'filter_test_accounts') return { field: at(start + 2), what: l10n.t('true or false') };
    if (leaf === 'source') return { field: at(start + 2), what: l10n.t('a string') };
    return { field: at(start + 2), what: l10n.t('an array of objects') };
  };
  switch (top) {
    case 'ids':
      return { field: 'ids', what: l10n.t('an object of project address → function id') };
    case 'type':
      return { field: 'type', what: l10n.t('the function type, e.g. "destination"') };
    case 'name':
      return { field: 'name', what: l10n.t('a string of at most 400 characters') };
    case 'description':
      return { field: 'description', what: l10n.t('a string') };
    case 'enabled':
      return { field: 'enabled', what: l10n.t('true or false') };
    case 'execution_order':
      return { field: 'execution_order', what: l10n.t('a whole number or null') };
    case 'template_id':
      return { field: 'template_id', what: l10n.t('a template id or null') };
    case 'inputs_schema':
      return inputsSchema(0);
    case 'inputs':
      return inputs(0);
    case 'filters':
      return filtersField(0);
    case 'mappings': {
      if (typeof second !== 'number' || path.length === 2)
        return { field: at(typeof second === 'number' ? 2 : 1), what: l10n.t('an array of mappings (or null)') };
      const part = path[2];
      if (part === 'inputs_schema') return inputsSchema(2);
      if (part === 'inputs') return inputs(2);
      if (part === 'filters') return filtersField(2);
      return { field: at(3), what: l10n.t('a string') };
    }
    case 'masking':
      return { field: 'masking', what: l10n.t('an object such as {"ttl": 3600, "hash": "{person.id}"} (or null)') };
    default:
      return { field: fieldName(path), what: l10n.t('valid') };
  }
}

/** function.json's JSON Schema, as the editor reads it (build/jsonSchemas.ts writes it to schemas/). */
export function functionJsonSchema(): Record<string, unknown> {
  return editorJsonSchema(functionFileSchema, 'hog-function.schema.json');
}
