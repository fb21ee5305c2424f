// Hog values as the debugger shows them: in Hog's own notation (PostHog's printHogValue), with what can be expanded.
// Values read from a paused VM state are in its JS form (dicts as objects, closures and errors as marked objects).
import { hogvm } from '../toolchain';

const { convertJSToHog, isHogClosure, isHogDate, isHogDateTime, isHogError, printHogValue } = hogvm;

/** A value in Hog's notation (strings quoted), as `print()` shows values inside containers. */
export function hogRepr(value: unknown): string {
  if (value === undefined) return 'null';
  if (isHogError(value)) {
    const e = value as { type?: unknown; message?: unknown };
    return `${String(e.type ?? 'Error')}(${hogRepr(e.message ?? '')})`;
  }
  if (isHogClosure(value)) {
    const callable = (value as { callable?: { name?: string; argCount?: number } }).callable;
    return `fn ${callable?.name || 'lambda'}(${callable?.argCount ?? 0} args)`;
  }
  try {
    return printHogValue(value instanceof Map ? value : convertJSToHog(value));
  } catch {
    return String(value);
  }
}

/** A value as print() writes it on its own: strings as they are. */
export function hogText(value: unknown): string {
  return typeof value === 'string' ? value : hogRepr(value);
}

/** The Hog type name of a value (what `typeof` answers in Hog). */
export function hogType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isHogError(value)) return 'error';
  if (isHogClosure(value)) return 'function';
  if (isHogDateTime(value)) return 'datetime';
  if (isHogDate(value)) return 'date';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map || typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

/** The children of a container (a dict's keys, an array's 1-based indices), or undefined for a value without any. */
export function hogChildren(value: unknown): [string, unknown][] | undefined {
  if (value === null || typeof value !== 'object' || isHogClosure(value) || isHogDate(value) || isHogDateTime(value))
    return undefined;
  if (isHogError(value)) {
    const e = value as { type?: unknown; message?: unknown; payload?: unknown };
    return [
      ['type', e.type],
      ['message', e.message],
      ...(e.payload !== undefined && e.payload !== null ? [['payload', e.payload] as [string, unknown]] : []),
    ];
  }
  if (Array.isArray(value)) return value.map((v, i) => [`[${i + 1}]`, v]);
  if (value instanceof Map) return [...value].map(([k, v]) => [hogText(k), v]);
  return Object.entries(value as Record<string, unknown>);
}
