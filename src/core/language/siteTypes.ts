// Type declarations for what PostHog passes to a site function's onLoad/onEvent (`inputs` typed from the
// function's inputs_schema, `posthog`, `event`, `person`; posthog-api.md 9.2), and the typed copy of a site
// function's source that VS Code's TypeScript support completes against: the user's text, unchanged except for a
// type annotation on the first parameter of onLoad/onEvent, with the declarations appended after it. Pure (no
// vscode), so the text work is unit-tested; siteCompletion.ts does the VS Code part.

export interface InputSchemaEntry {
  key: string;
  type?: string;
  label?: string;
  description?: string;
  required?: boolean;
  choices?: unknown[];
}

/** The entries of an inputs_schema that have a key; anything else PostHog might hold there is skipped. */
export function readInputsSchema(raw: unknown): InputSchemaEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry): InputSchemaEntry[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const e = entry as Record<string, unknown>;
    if (typeof e.key !== 'string' || e.key === '') return [];
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    return [
      {
        key: e.key,
        ...(text(e.type) ? { type: text(e.type) } : {}),
        ...(text(e.label) ? { label: text(e.label) } : {}),
        ...(text(e.description) ? { description: text(e.description) } : {}),
        required: e.required === true,
        ...(Array.isArray(e.choices) ? { choices: e.choices } : {}),
      },
    ];
  });
}

/** The TypeScript type of one input's value, by its inputs_schema type. */
function inputType(entry: InputSchemaEntry): string {
  switch (entry.type) {
    case 'string':
    case 'email':
    case 'native_email':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'dictionary':
      return 'Record<string, string>';
    case 'choice': {
      const values = (entry.choices ?? []).map((c) =>
        typeof c === 'object' && c !== null ? (c as Record<string, unknown>).value : c,
      );
      const literals = values
        .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        .map((v) => JSON.stringify(v));
      return literals.length ? [...new Set(literals)].join(' | ') : 'string';
    }
    default:
      return 'any';
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Text from PostHog inside a doc comment: it must not be able to end the comment. */
function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

export function inputsDeclaration(schema: InputSchemaEntry[]): string {
  const members = schema.map((entry) => {
    const doc = [entry.label, entry.description]
      .filter(Boolean)
      .map((t) => docText(t as string))
      .join(' — ');
    const name = IDENTIFIER.test(entry.key) ? entry.key : JSON.stringify(entry.key);
    return `${doc ? `  /** ${doc} */\n` : ''}  ${name}${entry.required ? '' : '?'}: ${inputType(entry)};`;
  });
  return `/** This function's inputs, from its inputs_schema. */\ninterface PostHogInputs {\n${members.join('\n')}\n}`;
}

/** What PostHog's site function runtime (posthog-js) hands to onLoad and onEvent. */
const RUNTIME_DECLARATIONS = `
/** The posthog-js instance of the page the function runs on. */
interface PostHogJs {
  /** Sends an event from the visitor's browser. */
  capture(event: string, properties?: Record<string, any>): void;
  identify(distinctId?: string, userPropertiesToSet?: Record<string, any>, userPropertiesToSetOnce?: Record<string, any>): void;
  get_distinct_id(): string;
  getFeatureFlag(key: string): boolean | string | undefined;
  isFeatureEnabled(key: string): boolean | undefined;
  onFeatureFlags(callback: (flags: string[], variants: Record<string, boolean | string>) => void): () => void;
  register(properties: Record<string, any>): void;
  group(groupType: string, groupKey: string, groupPropertiesToSet?: Record<string, any>): void;
  setPersonProperties(userPropertiesToSet?: Record<string, any>, userPropertiesToSetOnce?: Record<string, any>): void;
  reset(): void;
  config: Record<string, any>;
  [member: string]: any;
}

/** The event that triggered onEvent. */
interface PostHogEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  elements_chain: string;
  url: string;
  properties: Record<string, any>;
}

/** The person the event belongs to. */
interface PostHogPerson {
  id: string;
  name: string;
  url: string;
  properties: Record<string, any>;
}

interface PostHogOnLoadArgs {
  inputs: PostHogInputs;
  posthog: PostHogJs;
}

interface PostHogOnEventArgs extends PostHogOnLoadArgs {
  event: PostHogEvent;
  person: PostHogPerson;
}
`;

/** Everything appended to the typed copy; `export {}` keeps the declarations local to that one file. */
export function siteDeclarations(schema: InputSchemaEntry[]): string {
  return `\n\n// Added by PostHog Workbench for completion; not part of the function.\n${inputsDeclaration(schema)}\n${RUNTIME_DECLARATIONS}\nexport {};\n`;
}

export interface Insertion {
  /** Offset in the user's text. */
  at: number;
  text: string;
}

/** The user's text with onLoad/onEvent's first parameter annotated, and where the annotations went. */
export interface TypedSource {
  text: string;
  insertions: Insertion[];
  /** Length of the user's text: everything after it in `text` (past the insertions) is the appended declarations. */
  sourceLength: number;
}

const HANDLERS: Record<string, string> = { onLoad: 'PostHogOnLoadArgs', onEvent: 'PostHogOnEventArgs' };
// `function onLoad(`, `onLoad = (`, `onLoad = async function (`; the parenthesis is the end of the match.
const DECLARATION =
  /\bfunction\s*\*?\s*(onLoad|onEvent)\s*\(|\b(onLoad|onEvent)\s*=\s*(?:async\s+)?(?:function\s*\*?\s*[\w$]*\s*)?\(/g;

export function typedSource(source: string, schema: InputSchemaEntry[]): TypedSource {
  const insertions: Insertion[] = [];
  for (const match of source.matchAll(DECLARATION)) {
    const handler = match[1] ?? match[2];
    if (!handler || insertions.some((i) => i.text.endsWith(HANDLERS[handler] ?? ''))) continue;
    const at = firstParameterEnd(source, (match.index ?? 0) + match[0].length);
    if (at !== undefined) insertions.push({ at, text: `: ${HANDLERS[handler]}` });
  }
  insertions.sort((a, b) => a.at - b.at);
  let text = '';
  let from = 0;
  for (const i of insertions) {
    text += source.slice(from, i.at) + i.text;
    from = i.at;
  }
  text += source.slice(from) + siteDeclarations(schema);
  return { text, insertions, sourceLength: source.length };
}

/**
 * Where the first parameter starting at `start` ends (after its last non-space character), or undefined when
 * there is none or it is already annotated. Brackets, strings and comments inside it are skipped.
 */
function firstParameterEnd(source: string, start: number): number | undefined {
  let depth = 0;
  let lastSolid = -1;
  for (let i = start; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) return undefined;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 1;
      if (i <= 0) return undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
      lastSolid = i;
      continue;
    }
    if (depth === 0 && (c === ')' || c === ',' || c === '=' || c === ':')) {
      return c === ':' || lastSolid < 0 ? undefined : lastSolid + 1;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (!/\s/.test(c)) lastSolid = i;
  }
  return undefined;
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

/** An offset in the user's text as an offset in the typed copy. */
export function toTyped(typed: TypedSource, offset: number): number {
  return offset + typed.insertions.filter((i) => i.at <= offset).reduce((n, i) => n + i.text.length, 0);
}

/** An offset in the typed copy as one in the user's text; inside an annotation it is the annotation's place. */
export function fromTyped(typed: TypedSource, offset: number): number | undefined {
  let shift = 0;
  for (const i of typed.insertions) {
    const start = i.at + shift;
    if (offset <= start) break;
    if (offset < start + i.text.length) return i.at;
    shift += i.text.length;
  }
  const original = offset - shift;
  return original <= typed.sourceLength ? original : undefined;
}
