// A hog function's inputs as its code sees them: each value rendered from its template first, in schema order, each
// seeing the inputs before it (hog-inputs.service.ts, buildInputsWithGlobals); and the values the worker redacts from
// what it logs (getSensitiveValues in cdp/utils.ts).
import { compileSource } from './program';
import { evaluate } from './runtime';

export interface InputSpec {
  key: string;
  /** The schema's type: string, json, dictionary, choice, boolean, integration, email... */
  type: string;
  secret: boolean;
  value: unknown;
  /** 'hog' (default) or 'liquid' (passed through unrendered here). */
  templating?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string input is a Hog template (`Bearer {inputs.token}`), compiled as PostHog compiles it on save. */
function renderTemplate(text: string, globals: Record<string, unknown>): unknown {
  return evaluate(compileSource(`F'${text}`, 'template').bytecode, globals);
}

function renderValue(value: unknown, globals: Record<string, unknown>): unknown {
  if (typeof value === 'string') return value.includes('{') ? renderTemplate(value, globals) : value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, globals));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, globals)]));
  return value;
}

/** Keys whose value is a credential however it was built (LOGGED_CREDENTIAL_KEY). */
const CREDENTIAL_KEY =
  /authorization|cookie|token|secret|password|passcode|credential|api[-_]?key|private[-_]?key|signing[-_]?key/i;
/** Header names that carry a credential in a free-form dictionary input (CREDENTIAL_HEADER_NAMES). */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|x-api-key|api-?key|x-auth-token|auth-?token|access-?token|x-auth|token|secret|x-secret)$/i;

/** The values PostHog masks in a function's logs and errors, from its schema and its inputs' values. */
export function sensitiveValues(
  specs: readonly Pick<InputSpec, 'key' | 'type' | 'secret'>[],
  inputs: Record<string, unknown>,
): string[] {
  const values: string[] = [];
  const collect = (value: unknown, depth = 0): void => {
    if (typeof value !== 'object' || value === null || depth > 10) return;
    for (const v of Object.values(value)) {
      if (typeof v === 'string') values.push(v);
      else collect(v, depth + 1);
    }
  };
  for (const spec of specs) {
    const value = inputs[spec.key];
    if (spec.type === 'dictionary' && !spec.secret && isObject(value)) {
      for (const [name, v] of Object.entries(value)) {
        if (typeof v !== 'string' || !CREDENTIAL_HEADER.test(name.trim())) continue;
        values.push(v);
        const bare = v.replace(/^(bearer|basic|token)\s+/i, '');
        if (bare !== v) values.push(bare);
      }
    }
    if (
      spec.secret ||
      CREDENTIAL_KEY.test(spec.key) ||
      ['integration', 'integration_multi', 'push_subscription'].includes(spec.type)
    ) {
      if (typeof value === 'string') values.push(value);
      else if (spec.type === 'integration_multi' && Array.isArray(value)) value.forEach((item) => collect(item));
      else if (['dictionary', 'integration', 'push_subscription'].includes(spec.type) && typeof value === 'object')
        collect(value);
    }
  }
  return values.filter((v) => v.trim() !== '');
}

/**
 * The inputs as the function sees them, in schema order, each template rendered with the globals and the inputs
 * before it; and the values to redact. Throws when a template fails (the worker logs "Error building inputs").
 */
export function renderInputs(
  specs: readonly InputSpec[],
  globals: Record<string, unknown>,
): { inputs: Record<string, unknown>; secrets: string[] } {
  const inputs: Record<string, unknown> = {};
  for (const spec of specs) {
    inputs[spec.key] = spec.templating === 'liquid' ? spec.value : renderValue(spec.value, { ...globals, inputs });
  }
  return { inputs, secrets: [...new Set(sensitiveValues(specs, inputs))] };
}
