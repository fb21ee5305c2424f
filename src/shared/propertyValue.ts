// Turning what the user typed into the JSON value PostHog stores, without changing its type behind their back.
// Shared by the webview (validation as you type) and the host (checks before sending). No DOM, no vscode.
import * as l10n from '@vscode/l10n';

export type ValueType = 'string' | 'number' | 'boolean' | 'json';

/** PostHog's property names are Django CharFields of 400 characters. */
export const MAX_PROPERTY_KEY_LENGTH = 400;

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export const nullRefused = (): string =>
  l10n.t('PostHog does not store null as a property value (update_property rejects it). Delete the property instead.');

export function valueTypeOf(value: unknown): ValueType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

/** The text shown in an editor for a value of the given type. */
export function formatValue(value: unknown, type: ValueType = valueTypeOf(value)): string {
  if (type === 'string' && typeof value === 'string') return value;
  if (type === 'json') return JSON.stringify(value, null, 2) ?? '';
  return JSON.stringify(value) ?? '';
}

/** One line, for table cells and search: strings as they are, everything else as compact JSON. */
export function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export function validateKey(key: string): string | undefined {
  if (!key.trim()) return l10n.t('A property needs a name.');
  if (key.length > MAX_PROPERTY_KEY_LENGTH) {
    return l10n.t(
      'Property names can be at most {0} characters (this one has {1}).',
      MAX_PROPERTY_KEY_LENGTH,
      key.length,
    );
  }
  return undefined;
}

export function parseValue(text: string, type: ValueType): Parsed {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'boolean': {
      const t = text.trim();
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return { ok: false, message: l10n.t('A boolean is true or false.') };
    }
    case 'number': {
      const t = text.trim();
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t)) {
        return {
          ok: false,
          message: l10n.t(
            '"{0}" is not a number. Use digits, an optional "-", "." and exponent, e.g. 42, -1.5 or 3e8.',
            t,
          ),
        };
      }
      return parseJson(t);
    }
    case 'json':
      return parseJson(text);
  }
}

/**
 * JSON.parse with two refusals PostHog would otherwise turn into silent surprises: a top-level null
 * (update_property rejects it) and integers beyond 2^53, which JavaScript would round without a word.
 */
export function parseJson(text: string): Parsed {
  if (!text.trim())
    return { ok: false, message: l10n.t('Enter a JSON value, e.g. {"plan": "pro"}, [1, 2] or "text".') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: l10n.t('Not valid JSON: {0}', e instanceof Error ? e.message : String(e)) };
  }
  if (value === null) return { ok: false, message: nullRefused() };
  const unsafe = unsafeIntegerLiteral(text);
  if (unsafe !== undefined) {
    return {
      ok: false,
      message: l10n.t(
        '{0} is larger than 2^53 and would be rounded to {1}. Store it as a string ("{0}") instead.',
        unsafe,
        String(Number(unsafe)),
      ),
    };
  }
  if (!Number.isFinite(value) && typeof value === 'number')
    return { ok: false, message: l10n.t('The number is out of range.') };
  return { ok: true, value };
}

/** The first integer literal outside strings that a double cannot hold exactly, if any. */
export function unsafeIntegerLiteral(text: string): string | undefined {
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (const match of text.matchAll(token)) {
    const literal = match[0];
    if (literal.startsWith('"') || /[.eE]/.test(literal)) continue;
    if (!Number.isSafeInteger(Number(literal))) return literal;
  }
  return undefined;
}

/** Deep equality of JSON values, ignoring object key order (PostHog does not promise one). */
/** Whether `key` is among the properties, and its value: what an edit is based on (LoadedValue in the protocol). */
export function loadedValue(properties: Record<string, unknown>, key: string): { present: boolean; value?: unknown } {
  return Object.hasOwn(properties, key) ? { present: true, value: properties[key] } : { present: false };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  return keys.length === Object.keys(rb).length && keys.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k]));
}
