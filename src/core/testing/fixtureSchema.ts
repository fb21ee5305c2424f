// A fixture file (a function folder's test-events/<name>.json), defined once: this zod schema is what the files are
// read with (fixtureRun.ts), and what the editor validates and completes them with (schemas/hog-function-fixture.schema.json,
// written by the build: build/jsonSchemas.ts). A fixture holds what the function is given (event, person, groups, or a
// log record; input values that replace the function's), the scripted answers its fetch() calls get, and optionally
// what must happen (`expect`). A fixture without `expect` (every fixture saved before expectations existed) passes
// when the run does not fail.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { editorJsonSchema } from '../editorJsonSchema';
import { fieldName, type FieldProblem, parseJsonFile, type Parsed } from '../../shared/jsonFile';

// zod/mini, as everywhere else in the extension: the classic API would add hundreds of KB to the bundle.

/** A schema with a description (and a default) for the editor's completion and hovers. */
const described = <S extends z.ZodMiniType>(
  schema: S,
  meta: { title?: string; description?: string; default?: unknown },
): S => schema.check(z.meta(meta)) as S;
const text = () => z.optional(z.string());
const textRecord = () => z.record(z.string(), z.string());

const scriptedResponse = z.strictObject({
  function: described(text(), { description: 'Which async function it answers: fetch (the default) or sendEmail.' }),
  url: described(text(), {
    description:
      'Answers every call to a matching URL (`*` wildcards, or /regex/). Without it, answers the next call, once.',
  }),
  method: text(),
  times: described(z.optional(z.int().check(z.minimum(1))), {
    description: 'How many calls an answer with a url answers at most.',
  }),
  status: described(z.optional(z.int().check(z.minimum(100), z.maximum(599))), {
    description: 'The HTTP status (default 200). 400 or more fails the run, as in PostHog.',
    default: 200,
  }),
  headers: z.optional(textRecord()),
  body: described(z.optional(z.unknown()), {
    description: 'What the code gets as `res.body` (text that is JSON is parsed).',
  }),
  delay: described(z.optional(z.number().check(z.minimum(0))), {
    description: 'Milliseconds before the answer arrives.',
  }),
  error: described(text(), { description: 'The request fails: the code gets status 500 with this error as its body.' }),
});

const expectedRequest = z.strictObject({
  method: described(text(), { description: 'GET, POST… (PostHog sends POST when the code names none).' }),
  url: text(),
  headers: described(z.optional(textRecord()), { description: 'Header names match whatever their case.' }),
  body: described(z.optional(z.unknown()), {
    description: 'A JSON value (compared with the body the code sent, read as JSON), or the body as text.',
  }),
});

const expectation = described(
  z.strictObject({
    match: described(z.optional(z.enum(['subset', 'exact'])), {
      description:
        'How "event" and "requests" are compared: "subset" (the default): only what is written must match (objects may hold more keys; arrays have the same length); "exact": the whole value.',
      default: 'subset',
    }),
    event: described(z.optional(z.nullable(z.looseObject({}))), {
      description:
        'Transformations: the event returned (a log transformation: the record); null: the event is dropped.',
    }),
    requests: described(z.optional(z.array(expectedRequest)), {
      description: 'Destinations: every request fetch() sends, in order.',
    }),
    prints: described(z.optional(z.array(z.string())), {
      description: 'Every print() line, in order, as PostHog\'s logs show them (arguments joined by ", ").',
    }),
    error: described(z.optional(z.nullable(z.string())), {
      description: 'The run must fail with an error containing this text. Without it (or null) the run must not fail.',
    }),
  }),
  { description: 'What the run must do. Without it, the fixture passes when the run does not fail.' },
);

/** A fixture file: what the function is given, its scripted answers, and what must happen. */
export const fixtureFileSchema = described(
  z.looseObject({
    $schema: text(),
    event: described(
      z.optional(
        z.looseObject({
          event: text(),
          distinct_id: text(),
          uuid: text(),
          timestamp: text(),
          properties: z.optional(z.record(z.string(), z.unknown())),
        }),
      ),
      { description: 'The event the function runs on (event functions).' },
    ),
    person: z.optional(z.nullable(z.looseObject({}))),
    groups: z.optional(z.record(z.string(), z.unknown())),
    record: described(z.optional(z.looseObject({})), { description: 'The log line a log transformation runs on.' }),
    inputs: described(z.optional(z.record(z.string(), z.unknown())), {
      description:
        'Input values for this run, by key, in place of function.json\'s (e.g. {"url": "https://hooks.example.com"}).',
    }),
    responses: described(z.optional(z.array(scriptedResponse)), {
      description: 'What fetch() and sendEmail() get; a call nothing answers gets status 200 with {}.',
    }),
    expect: z.optional(expectation),
  }),
  {
    title: 'PostHog hog function fixture',
    description:
      'A test of a hog function kept next to it (posthog/hog-functions/<folder>/test-events/<name>.json): its input, the answers its requests get, and what must happen. Run by PostHog Workbench (Run Locally, the Test Explorer) and `posthog-workbench test`.',
  },
);

export type FixtureFile = z.output<typeof fixtureFileSchema>;
export type Expectation = z.output<typeof expectation>;
export type ExpectedRequest = z.output<typeof expectedRequest>;

function describeFixtureField(path: readonly PropertyKey[]): FieldProblem {
  const field = fieldName(path);
  const [top, second, third, fourth] = path;
  if (top === 'expect') {
    if (second === undefined)
      return { field, what: l10n.t('an object with "event", "requests", "prints", "error" or "match"') };
    if (second === 'match') return { field, what: l10n.t('"subset" or "exact"') };
    if (second === 'event') return { field, what: l10n.t('an event object, or null for a dropped event') };
    if (second === 'prints') return { field, what: l10n.t('an array of strings') };
    if (second === 'error') return { field, what: l10n.t('the text of the error, or null') };
    if (second === 'requests') {
      if (third === undefined) return { field, what: l10n.t('an array of requests') };
      if (fourth === 'headers') return { field, what: l10n.t('an object of header name → text') };
      return { field, what: l10n.t('a request with "method", "url", "headers" and "body"') };
    }
    return { field, what: l10n.t('one of "event", "requests", "prints", "error", "match"') };
  }
  if (top === 'responses')
    return {
      field: fieldName(path.slice(0, 2)),
      what: l10n.t('an answer: {"url"?, "status"?, "headers"?, "body"?, "delay"?, "error"?}'),
    };
  if (top === 'inputs') return { field, what: l10n.t('an object of input key → value') };
  return { field, what: l10n.t('an object') };
}

/** Reads a fixture file; a refusal names the field and what it must be. */
export function parseFixtureFile(fileName: string, text: string): Parsed<FixtureFile> {
  return parseJsonFile(fileName, text, fixtureFileSchema, describeFixtureField);
}

/** The fixture file's JSON Schema, as the editor reads it (build/jsonSchemas.ts writes it to schemas/). */
export function fixtureJsonSchema(): Record<string, unknown> {
  return editorJsonSchema(fixtureFileSchema, 'hog-function-fixture.schema.json');
}
