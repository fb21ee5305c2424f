// Small helpers of the local PostHog: a seeded random source for identical seed data, ids and tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Json } from './types';

/** mulberry32: a tiny seeded PRNG so the seed data is identical on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4-shaped id drawn from a seeded PRNG (deterministic seed data). */
export function seededUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const newUuid = (): string => randomUUID();
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');

/** PostHog's datetime format: UTC with `Z`, microseconds only when non-zero. */
export function isoFromMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us % 1_000_000;
  const base = new Date(ms).toISOString().slice(0, 19);
  return micros === 0 ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`;
}

export const isoFromMs = (ms: number): string => isoFromMicros(ms * 1000);
export const nowIso = (): string => isoFromMs(Date.now());

export function microsFromIso(iso: string): number {
  const ms = Date.parse(iso);
  const frac = /\.(\d+)Z$/.exec(iso)?.[1] ?? '';
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  return Math.floor(ms / 1000) * 1_000_000 + micros;
}

/** Luxon-style timestamp, as the Node CDP worker writes invocation logs. */
export const luxonIso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

/**
 * JSON text the way Postgres prints `jsonb` and Python's json.dumps does (`", "` and `": "`
 * separators). Group search matches against this text, so separators matter for searches like `"plan": "free"`.
 */
export function pythonJson(value: Json | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const clone = <T>(value: T): T => structuredClone(value);

export function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Postgres `@>` containment for JSON values (objects by key, arrays by membership). */
export function jsonContains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(needle)) {
    return Array.isArray(haystack) && needle.every((n) => haystack.some((h) => jsonContains(h, n)));
  }
  if (isPlainObject(needle)) {
    return (
      isPlainObject(haystack) && Object.entries(needle).every(([k, v]) => k in haystack && jsonContains(haystack[k], v))
    );
  }
  return jsonEqual(haystack, needle);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
