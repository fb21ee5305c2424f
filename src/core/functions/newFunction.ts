// Creating a hog function from one of PostHog's templates or from nothing: which templates to offer, one prompt per
// required input of the template's inputs_schema, turning what was typed into input values, and the create body
// (posthog-api.md §9.5). Pure: the prompts themselves are shown by extension/commands/newHogFunction.ts.

import * as l10n from '@vscode/l10n';
import { isOfferedTemplate } from '../../api';
import { isJsonObject, type JsonObject } from '../../shared/json';

type Json = unknown;

/** A template as the API client returns it: PostHog promises little more than the id. */
export interface TemplateLike {
  id: string;
  name?: string | null;
  description?: string | null;
  type?: string | null;
  status?: string | null;
  category?: unknown;
  inputs_schema?: unknown;
  filters?: unknown;
  masking?: unknown;
  mapping_templates?: unknown;
}

/**
 * Exactly what PostHog's destination chooser offers: alpha, beta and stable templates (no status reads as stable).
 * Hidden ones are building blocks of other products (PostHog refuses them), coming_soon ones are not creatable yet,
 * deprecated ones are on their way out.
 */
export function isOffered(template: TemplateLike): boolean {
  return isOfferedTemplate({ status: template.status ?? undefined });
}

export function templateName(template: TemplateLike): string {
  return template.name || template.id;
}

/** "Customer Success, CRM · beta": what the picker shows next to the name. */
export function templateDetail(template: TemplateLike): string {
  const categories = Array.isArray(template.category)
    ? template.category.filter((c): c is string => typeof c === 'string')
    : typeof template.category === 'string'
      ? [template.category]
      : [];
  const status = template.status && template.status !== 'stable' ? template.status : undefined;
  return [categories.join(', '), status].filter(Boolean).join(' · ');
}

export type PromptKind = 'text' | 'secret' | 'number' | 'boolean' | 'choice' | 'json' | 'dictionary';

export interface InputPrompt {
  key: string;
  label: string;
  description?: string;
  kind: PromptKind;
  /** A secret input: typed in a password box, whatever its kind. */
  password?: boolean;
  /** Shown pre-filled (or pre-selected); the template's default. */
  initial?: Json;
  choices?: { label: string; value: Json }[];
}

export interface TemplateInputs {
  /** One per required input, in the template's order. */
  prompts: InputPrompt[];
  /** Optional inputs the template gives a default for, set without asking (as PostHog's editor does). */
  defaults: Record<string, { value: Json }>;
  /** Required inputs that need something only PostHog's web app can set up (an OAuth integration). */
  unsupported: { key: string; label: string; type: string }[];
}

const KINDS: Record<string, PromptKind> = {
  string: 'text',
  email: 'text',
  number: 'number',
  boolean: 'boolean',
  choice: 'choice',
  json: 'json',
  dictionary: 'dictionary',
};

function choicesOf(entry: JsonObject): { label: string; value: Json }[] {
  if (!Array.isArray(entry.choices)) return [];
  return entry.choices.flatMap((c) => {
    if (isJsonObject(c) && 'value' in c)
      return [{ label: typeof c.label === 'string' ? c.label : String(c.value), value: c.value }];
    return typeof c === 'string' ? [{ label: c, value: c }] : [];
  });
}

/** Reads a template's (untyped) inputs_schema; entries without a key or type are skipped. */
export function templateInputs(inputsSchema: unknown): TemplateInputs {
  const result: TemplateInputs = { prompts: [], defaults: {}, unsupported: [] };
  if (!Array.isArray(inputsSchema)) return result;
  for (const entry of inputsSchema) {
    if (!isJsonObject(entry) || typeof entry.key !== 'string' || !entry.key || typeof entry.type !== 'string') continue;
    const label = typeof entry.label === 'string' && entry.label ? entry.label : entry.key;
    if (entry.required !== true) {
      if (entry.default !== undefined && entry.default !== null) result.defaults[entry.key] = { value: entry.default };
      continue;
    }
    const base = KINDS[entry.type];
    if (!base || (base === 'choice' && choicesOf(entry).length === 0)) {
      result.unsupported.push({ key: entry.key, label, type: entry.type });
      continue;
    }
    result.prompts.push({
      key: entry.key,
      label,
      ...(typeof entry.description === 'string' && entry.description ? { description: entry.description } : {}),
      kind: entry.secret === true && base === 'text' ? 'secret' : base,
      ...(entry.secret === true ? { password: true } : {}),
      ...(entry.default !== undefined && entry.default !== null ? { initial: entry.default } : {}),
      ...(base === 'choice' ? { choices: choicesOf(entry) } : {}),
    });
  }
  return result;
}

/** The text an input box starts with for this prompt. */
export function initialText(prompt: InputPrompt): string {
  if (prompt.initial === undefined) return '';
  return typeof prompt.initial === 'string' ? prompt.initial : JSON.stringify(prompt.initial);
}

export type Answer = { ok: true; value: Json } | { ok: false; message: string };

/** Turns typed text into the input's value, or says what is wrong (shown under the input box). */
export function parseAnswer(prompt: InputPrompt, text: string): Answer {
  switch (prompt.kind) {
    case 'text':
    case 'secret':
      return text.trim() ? { ok: true, value: text } : { ok: false, message: l10n.t('{0} is required.', prompt.label) };
    case 'number': {
      const n = Number(text.trim());
      return text.trim() && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, message: l10n.t('{0} must be a number.', prompt.label) };
    }
    case 'json':
    case 'dictionary': {
      let value: Json;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return {
          ok: false,
          message: l10n.t('Not valid JSON: {0}', error instanceof Error ? error.message : String(error)),
        };
      }
      if (prompt.kind === 'dictionary' && !isJsonObject(value))
        return { ok: false, message: l10n.t('{0} must be a JSON object, e.g. {"key": "value"}.', prompt.label) };
      return { ok: true, value };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false, message: l10n.t('{0} must be true or false.', prompt.label) };
    case 'choice': {
      const choice = prompt.choices?.find((c) => c.label === text || String(c.value) === text);
      return choice
        ? { ok: true, value: choice.value }
        : {
            ok: false,
            message: l10n.t(
              '{0} must be one of {1}.',
              prompt.label,
              prompt.choices?.map((c) => c.label).join(', ') ?? '',
            ),
          };
    }
  }
}

/**
 * A secret's value typed in a prompt (or given as text by automation), read as its input's declared type: a
 * dictionary or JSON secret as JSON, a number as a number. Types without a prompt of their own are kept as text.
 */
export function parseSecretText(
  entry: { key: string; type?: unknown; label?: unknown; choices?: unknown },
  text: string,
): Answer {
  const label = typeof entry.label === 'string' && entry.label ? entry.label : entry.key;
  const kind = typeof entry.type === 'string' ? KINDS[entry.type] : undefined;
  const prompt: InputPrompt = {
    key: entry.key,
    label,
    kind: kind === 'choice' && choicesOf(entry as JsonObject).length === 0 ? 'text' : (kind ?? 'text'),
  };
  if (prompt.kind === 'choice') prompt.choices = choicesOf(entry as JsonObject);
  return parseAnswer(prompt, text);
}

/** The mappings a template starts with: those it includes by default, as PostHog's editor adds them. */
function defaultMappings(template: TemplateLike): JsonObject[] | undefined {
  if (!Array.isArray(template.mapping_templates)) return undefined;
  const mappings = template.mapping_templates
    .filter((m): m is JsonObject => isJsonObject(m) && m.include_by_default === true)
    .map((m) => ({
      name: typeof m.name === 'string' ? m.name : 'Mapping',
      inputs_schema: Array.isArray(m.inputs_schema) ? m.inputs_schema : [],
      inputs: isJsonObject(m.inputs) ? m.inputs : {},
      filters: isJsonObject(m.filters) ? m.filters : {},
    }));
  return mappings.length ? mappings : undefined;
}

/** The types whose filters choose which events run them (the wizard asks); the others run on something else. */
export function triggeredByEvents(type: string): boolean {
  return type === 'destination' || type === 'transformation' || type === 'site_destination';
}

/** The event names a template's (or function's) filters run on; empty: every event. */
export function filterEventNames(filters: unknown): string[] {
  if (!isJsonObject(filters) || !Array.isArray(filters.events)) return [];
  return filters.events.flatMap((e) => (isJsonObject(e) && typeof e.id === 'string' && e.id ? [e.id] : []));
}

/** Splits "$pageview, signed up" into event names (trimmed, each once). */
export function parseEventNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * `filters` with its events replaced by `names`, as PostHog's editor writes them; no names: every event (the events
 * and actions are dropped, the property filters stay).
 */
export function withEventNames(filters: unknown, names: readonly string[]): JsonObject {
  const rest = Object.fromEntries(
    Object.entries(isJsonObject(filters) ? filters : {}).filter(([key]) => key !== 'events' && key !== 'actions'),
  );
  if (names.length === 0) return rest;
  return { ...rest, events: names.map((name, order) => ({ id: name, name, type: 'events', order })) };
}

/**
 * POST hog_functions/ for a template: PostHog fills the code, inputs_schema, description and icon from it; filters,
 * masking and default mappings are the template's own, sent explicitly since the server does not copy them.
 */
export function templateCreateBody(
  template: TemplateLike,
  options: {
    type: string;
    name: string;
    enabled: boolean;
    inputs: Record<string, { value: Json }>;
    events?: readonly string[];
  },
): Record<string, unknown> {
  const mappings = defaultMappings(template);
  const filters = isJsonObject(template.filters) ? template.filters : {};
  return {
    type: options.type,
    template_id: template.id,
    name: options.name,
    enabled: options.enabled,
    inputs: options.inputs,
    filters: options.events ? withEventNames(filters, options.events) : filters,
    ...(isJsonObject(template.masking) ? { masking: template.masking } : {}),
    ...(mappings ? { mappings } : {}),
  };
}

/** A function to start from when no template fits: the smallest code that runs for its type. */
const BLANK_SOURCES: Record<string, string> = {
  destination:
    "// Runs for every event that matches the filters.\nlet res := fetch(inputs.url, {\n  'method': 'POST',\n  'body': {'event': event.event, 'distinct_id': event.distinct_id}\n});\n",
  internal_destination: "// Runs for every internal event that matches the filters.\nprint('Received', event.event);\n",
  transformation:
    '// Return the event (changed or not) to keep it, or null to drop it.\nlet returnEvent := event;\nreturn returnEvent;\n',
  site_destination:
    'export function onEvent({ event, person, inputs, posthog }) {\n  console.log(event.event, event.properties);\n}\n',
  site_app: "export function onLoad({ inputs, posthog }) {\n  console.log('Site app loaded');\n}\n",
  source_webhook:
    "// Runs for every request to this webhook's URL.\npostHogCapture({\n  'event': request.body.event,\n  'distinct_id': request.body.distinct_id,\n  'properties': request.body.properties\n});\n",
};

/** A blank destination declares the URL it calls (to be set later); every other type starts without inputs. */
export function blankCreateBody(
  type: string,
  name: string,
  enabled: boolean,
  events: readonly string[] = [],
): Record<string, unknown> {
  return {
    type,
    name,
    enabled,
    hog: BLANK_SOURCES[type] ?? "print('Hello from Hog');\n",
    inputs_schema:
      type === 'destination'
        ? [{ key: 'url', type: 'string', label: 'Webhook URL', required: false, secret: false }]
        : [],
    inputs: {},
    filters: withEventNames({}, events),
  };
}
