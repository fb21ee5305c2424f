// Scripted answers for the async functions a hog function calls (`fetch`, `sendEmail`), so a local run can exercise
// what the code does when a request fails, is slow or throws. A script is a list of answers:
//   - an answer with `url` (a glob with `*`, or `/regex/`) answers every call whose URL matches (at most `times`);
//   - an answer without `url` answers the next call in order, once;
//   - a call nothing answers gets the default: status 200 with an empty JSON body (`{}`); `sendEmail` gets
//     `{success: true}`.
// An answer holds `status`, `headers`, `body` (JSON, or text that is parsed as JSON when it is JSON, as the worker
// does), `delay` (milliseconds before it arrives) or `error` (the request fails: PostHog's worker then gives the code
// status 500 with the error as its body, and fails the run).
import * as l10n from '@vscode/l10n';

export interface ScriptedResponse {
  /** Which async function it answers (default: fetch). */
  function?: string;
  url?: string;
  method?: string;
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delay?: number;
  error?: string;
}

/** The call an answer is picked for. */
export interface AsyncCallRequest {
  name: string;
  url?: string;
  method?: string;
}

export class ResponseScriptError extends Error {}

const KEYS = new Set(['function', 'url', 'method', 'times', 'status', 'headers', 'body', 'delay', 'error']);

/** Checks a responses file's JSON: an array of answers, or `{ "responses": [...] }`. Throws ResponseScriptError. */
export function parseResponses(value: unknown): ScriptedResponse[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.responses)
      ? value.responses
      : null;
  if (!list)
    throw new ResponseScriptError(
      l10n.t('Scripted responses must be a JSON array of answers (or an object with a "responses" array).'),
    );
  return list.map((entry: unknown, index: number) => {
    const where = l10n.t('answer {0}', index + 1);
    if (!isObject(entry)) throw new ResponseScriptError(l10n.t('{0} is not an object.', where));
    for (const key of Object.keys(entry)) {
      if (!KEYS.has(key))
        throw new ResponseScriptError(
          l10n.t('{0} has an unknown field "{1}" (known: {2}).', where, key, [...KEYS].join(', ')),
        );
    }
    const check = (key: string, ok: boolean, expected: string): void => {
      if (entry[key] !== undefined && !ok)
        throw new ResponseScriptError(l10n.t('{0}: "{1}" must be {2}.', where, key, expected));
    };
    check('function', typeof entry.function === 'string', l10n.t('a function name'));
    check('url', typeof entry.url === 'string', l10n.t('a URL pattern (text)'));
    check('method', typeof entry.method === 'string', l10n.t('an HTTP method'));
    check('times', Number.isInteger(entry.times) && (entry.times as number) > 0, l10n.t('a positive whole number'));
    check(
      'status',
      Number.isInteger(entry.status) && (entry.status as number) >= 100 && (entry.status as number) <= 599,
      l10n.t('an HTTP status (100-599)'),
    );
    check(
      'headers',
      isObject(entry.headers) && Object.values(entry.headers).every((v) => typeof v === 'string'),
      l10n.t('an object of text values'),
    );
    check('delay', typeof entry.delay === 'number' && (entry.delay as number) >= 0, l10n.t('a number of milliseconds'));
    check('error', typeof entry.error === 'string', l10n.t('an error message'));
    if (typeof entry.url === 'string' && entry.url.startsWith('/') && entry.url.length > 1 && entry.url.endsWith('/')) {
      try {
        new RegExp(entry.url.slice(1, -1));
      } catch (error) {
        throw new ResponseScriptError(
          l10n.t('{0}: "url" is not a valid regular expression: {1}', where, (error as Error).message),
        );
      }
    }
    return entry as ScriptedResponse;
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function urlMatches(pattern: string, url: string): boolean {
  if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/'))
    return new RegExp(pattern.slice(1, -1)).test(url);
  if (!pattern.includes('*')) return pattern === url;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(url);
}

/** Hands out the answers of a script, call after call. */
export class ResponseScript {
  private readonly used = new Map<ScriptedResponse, number>();

  constructor(private readonly answers: readonly ScriptedResponse[] = []) {}

  /** The answer for a call, or undefined when the default applies. */
  answer(call: AsyncCallRequest): ScriptedResponse | undefined {
    const functionOf = (a: ScriptedResponse) => a.function ?? 'fetch';
    const methodOk = (a: ScriptedResponse) =>
      !a.method || !call.method || a.method.toUpperCase() === call.method.toUpperCase();
    for (const answer of this.answers) {
      if (answer.url === undefined || functionOf(answer) !== call.name || !methodOk(answer)) continue;
      if (call.url === undefined || !urlMatches(answer.url, call.url)) continue;
      const count = this.used.get(answer) ?? 0;
      if (answer.times !== undefined && count >= answer.times) continue;
      this.used.set(answer, count + 1);
      return answer;
    }
    // Answers without a URL are used in order, each once (per function: a fetch never takes sendEmail's answer).
    const next = this.answers.find(
      (a) => a.url === undefined && functionOf(a) === call.name && methodOk(a) && !this.used.has(a),
    );
    if (next) {
      this.used.set(next, 1);
      return next;
    }
    return undefined;
  }
}
