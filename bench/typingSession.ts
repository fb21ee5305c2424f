// One hour of continuous typing in a Hog document, replayed against the local PostHog enforcing PostHog Cloud's
// throttles (queries: 240 a minute, 1,200 an hour per API key), on a clock of its own so the hour takes seconds.
// It drives the same pieces the Hog language service uses: the API client (its query budget), the QueryPacer (live
// checks thin out, then stop, before completion does) and the status bar's words (budgetState, queryBudgetText).
// What the editor adds around them is modelled as it behaves (src/extension/hog/language/typingDiagnostics.ts): 300 ms
// after the last edit the text is checked locally by PostHog's parser (no request); PostHog is asked only when the text
// parses, differs from what it last answered about, and its last check of the document is SERVER_INTERVAL_MS old (else
// it is asked then, unless an edit comes first); completion at each trigger character (`.`, `{`, space, `,`) and at the
// start of a word after anything else (VS Code's quick suggestions); each request taking LATENCY_MS.
// Prints one JSON line per mode: `paced` (the extension now) and `unpaced` (before: no query budget of its own, a 429
// pauses checks and completion for the wait PostHog names, as the QueryGate does). `npm run bench` runs it through
// bench/figures/typing-hour.mjs.
//   node --import tsx bench/typingSession.ts [seed] [modes, default paced,unpaced]
import { PostHogClient, isPostHogError, type PoolBudget } from '../src/api';
import { budgetState, queryBudgetText, QueryPacer } from '../src/core/language/queryPacer';
import { isFailure, loadParser, parseProgram } from '../src/core/toolchain';
import { POSTHOG_RATE_LIMITS, startFakePostHog } from '../test/fake-posthog';

const HOUR = 3_600_000;
const LATENCY_MS = 120;
const DEBOUNCE_MS = 300;
/** typingDiagnostics.ts's SERVER_INTERVAL_MS: at most one PostHog check of a document this often. */
const SERVER_INTERVAL_MS = 20_000;
const TRIGGERS = new Set(['.', '{', ' ', ',']);

/** mulberry32: the same session on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What a destination's code is made of: statements and blocks, typed whole (a block's lines one after another), over
 * and over, each a little different. The text parses again at the end of each (the checks ask PostHog only then).
 */
const SNIPPETS = [
  ["let payload := {'event': event.event, 'distinct_id': event.distinct_id, 'properties': event.properties}"],
  ['if (inputs.debug) {', "  print('Sending', inputs.url, payload)", '}'],
  ["let res := fetch(inputs.url, {'method': 'POST', 'headers': inputs.headers, 'body': payload})"],
  ['if (res.status >= 400) {', "  throw Error(f'Webhook failed: {res.status} {res.body}')", '}'],
  ['let email := person.properties.email ?? event.properties.$email'],
  ["let plan := lower(groups.organization.properties.plan ?? 'free')"],
  ['for (let key, value in event.properties) {', "  if (startsWith(key, '$')) { continue }", '}'],
];

interface Keystroke {
  at: number;
  char: string;
  text: string;
}

/** How long the function being written grows: its newest statements, about this many lines (a function's code is a few dozen). */
const KEPT_LINES = 30;

/** The script: characters at 120-280 ms, a hesitation now and then, 1.5-6 s between lines, a longer pause every ten lines. */
function script(seed: number): { keys: Keystroke[]; words: number; lines: number } {
  const rand = random(seed);
  const keys: Keystroke[] = [];
  let at = 1000;
  /** The statements typed whole, newest last; the one being typed is `current`. */
  let done: string[] = [];
  let lines = 0;
  let words = 0;
  const shown = (current: string) => [...done, current].join('');
  while (at < HOUR) {
    const snippet = SNIPPETS[Math.floor(rand() * SNIPPETS.length)]!.map((l) =>
      l.replace(/inputs\.url/, rand() < 0.3 ? 'inputs.endpoint' : 'inputs.url'),
    );
    let current = '';
    for (const line of snippet) {
      for (const char of line) {
        at += 120 + rand() * 160;
        if (rand() < 0.05) at += 400 + rand() * 500;
        if (at >= HOUR) break;
        current += char;
        if (char === ' ') words++;
        keys.push({ at, char, text: shown(current) });
      }
      at += 1500 + rand() * 4500;
      if (lines % 10 === 9) at += 20_000 + rand() * 40_000;
      current += '\n';
      keys.push({ at, char: '\n', text: shown(current) });
      lines++;
      words++;
    }
    done.push(current);
    while (done.join('').split('\n').length - 1 > KEPT_LINES) done = done.slice(1);
  }
  return { keys: keys.filter((k) => k.at < HOUR), words, lines };
}

const GLOBALS = {
  event: {
    event: '$pageview',
    distinct_id: 'ada',
    properties: { $current_url: 'https://example.com', $email: 'ada@example.com' },
  },
  person: { properties: { email: 'ada@example.com' } },
  inputs: { url: 'https://example.com', debug: false },
};

async function session(mode: 'paced' | 'unpaced', seed: number): Promise<Record<string, unknown>> {
  let now = 0;
  const fake = await startFakePostHog({ seed: 'empty', rateLimits: POSTHOG_RATE_LIMITS, clock: () => now });
  const client = new PostHogClient({
    host: fake.url,
    getApiKey: () => fake.apiKey,
    // Before: one budget for everything (480 a minute), none of the query endpoint's own.
    rateLimits: mode === 'paced' ? {} : { query: false, hogql: false },
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  const pacer = new QueryPacer();
  const budget = (): PoolBudget | undefined => client.rateBudget().query;
  await loadParser();
  const { keys, words, lines } = script(seed);
  const counts = {
    localChecks: 0,
    checksNotParsing: 0,
    checksWanted: 0,
    checksSent: 0,
    checksPaced: 0,
    completionsWanted: 0,
    completionsSent: 0,
    completionsPaced: 0,
    completionsOffline: 0,
    throttled429: 0,
    refusedByBudget: 0,
    transportErrors: 0,
  };
  const sentAt: number[] = [];
  const byQuarter = { check: [0, 0, 0, 0], complete: [0, 0, 0, 0] };
  let first429: number | undefined;
  let pausedUntil = 0;
  let near: { minute: number; text: string; tooltip: string } | undefined;
  let checkDue: number | undefined;
  /** The PostHog check put off until the interval has passed (or the pacer allows): an edit cancels it. */
  let serverDue: number | undefined;
  let serverAt: number | undefined;
  let serverText: string | undefined;
  let text = '';

  const send = async (kind: 'check' | 'complete', reserve: number): Promise<boolean> => {
    if (mode === 'unpaced' && now < pausedUntil) return false;
    try {
      sentAt.push(now);
      if (kind === 'check') await client.checkHog(1, { source: text, globals: GLOBALS }, { reserve });
      else
        await client.completeHog(
          1,
          { source: text, startPosition: [...text].length, endPosition: [...text].length, globals: GLOBALS },
          { reserve },
        );
      byQuarter[kind][Math.min(3, Math.floor(now / (HOUR / 4)))]!++;
      now += LATENCY_MS;
      return true;
    } catch (error) {
      if (isPostHogError(error) && (error.kind === 'network' || error.kind === 'timeout')) {
        // The local PostHog closing a kept-alive connection on a loaded machine: counted as sent (PostHog may have
        // counted it), and dropped as the editor drops a failed check or completion.
        counts.transportErrors++;
        now += LATENCY_MS;
        return false;
      }
      if (!isPostHogError(error) || error.kind !== 'rate_limited') throw error;
      if (error.throttle === 'budget') {
        sentAt.pop();
        counts.refusedByBudget++;
        return false;
      }
      counts.throttled429++;
      first429 ??= now;
      now += LATENCY_MS;
      // The QueryGate: PostHog's wait, else 5 s.
      pausedUntil = now + (error.retryAfterSeconds ?? 5) * 1000;
      return false;
    } finally {
      const state = budgetState(budget(), now);
      if (mode === 'paced' && state?.near && !near)
        near = { minute: Math.round(now / 60_000), ...queryBudgetText(state, now) };
    }
  };

  /** The local check after a pause (or the put-off PostHog check): PostHog is asked when the text parses and it may. */
  const runCheck = async (): Promise<void> => {
    checkDue = undefined;
    serverDue = undefined;
    counts.localChecks++;
    if (text === serverText) return;
    if (serverAt !== undefined && now < serverAt + SERVER_INTERVAL_MS) {
      serverDue = serverAt + SERVER_INTERVAL_MS;
      return;
    }
    if (isFailure(parseProgram(text))) {
      counts.checksNotParsing++;
      return;
    }
    counts.checksWanted++;
    let reserve = 0;
    if (mode === 'paced') {
      const pace = pacer.check(budget(), now);
      if (!pace.go) {
        counts.checksPaced++;
        serverDue = now + pace.retryInMs;
        return;
      }
      reserve = pace.reserve;
    }
    serverAt = now;
    if (await send('check', reserve)) {
      counts.checksSent++;
      serverText = text;
    } else {
      // Not sent (the budget refused it, or PostHog asked for a pause): asked again when that has passed.
      serverAt = undefined;
      serverDue = Math.max(now + 1000, pausedUntil);
    }
  };

  /** Runs the checks due up to `until`, in time order. */
  const runDue = async (until: number): Promise<void> => {
    for (;;) {
      const due = Math.min(checkDue ?? Infinity, serverDue ?? Infinity);
      if (due > until) return;
      now = Math.max(now, due);
      await runCheck();
    }
  };

  let previous = '\n';
  for (const key of keys) {
    // Time passes to this keystroke: a check whose pause ran out goes first.
    await runDue(key.at);
    now = Math.max(now, key.at);
    text = key.text;
    checkDue = now + DEBOUNCE_MS;
    serverDue = undefined;
    const wordStart = /[\p{L}_$]/u.test(key.char) && !/[\p{L}\p{N}_$]/u.test(previous) && !TRIGGERS.has(previous);
    if (TRIGGERS.has(key.char) || wordStart) {
      counts.completionsWanted++;
      const pace = mode === 'paced' ? pacer.complete(budget(), now) : { go: true as const, reserve: 0 };
      if (!pace.go) counts.completionsPaced++;
      if (pace.go && (await send('complete', pace.reserve))) counts.completionsSent++;
      else counts.completionsOffline++;
    }
    previous = key.char;
  }
  await runDue(HOUR - 1);
  await client.dispose();
  await fake.close();
  let peakPerMinute = 0;
  for (let i = 0, j = 0; j < sentAt.length; j++) {
    while (sentAt[j]! - sentAt[i]! >= 60_000) i++;
    peakPerMinute = Math.max(peakPerMinute, j - i + 1);
  }
  return {
    type: 'typingHour',
    mode,
    seed,
    keystrokes: keys.length,
    words,
    lines,
    budgetPerHour: 1200,
    queriesSent: sentAt.length,
    ...counts,
    peakPerMinute,
    checksSentByQuarterHour: byQuarter.check,
    completionsSentByQuarterHour: byQuarter.complete,
    first429AtMinute: first429 === undefined ? null : Math.round(first429 / 60_000),
    statusBarNear: near ?? null,
  };
}

async function main(): Promise<void> {
  const seed = Number(process.argv[2] ?? 20261207);
  const modes = (process.argv[3] ?? 'paced,unpaced')
    .split(',')
    .filter((m): m is 'paced' | 'unpaced' => m === 'paced' || m === 'unpaced');
  for (const mode of modes) console.log(JSON.stringify(await session(mode, seed)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
