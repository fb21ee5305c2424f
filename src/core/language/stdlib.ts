// Hog's standard library as the editor shows it: the data esbuild.mjs writes to dist/hogStdlib.json from
// `@posthog/hogvm` (see build/hogStdlib.mjs), plus the async functions destinations may call, which the VM
// package leaves to the CDP worker. Signatures, argument counts and hover text are derived here.
import * as l10n from '@vscode/l10n';
/** One function of the data: the shape build/hogStdlib.mjs writes (its .d.mts declares it with this type). */
export interface HogFunctionDoc {
  name: string;
  description?: string;
  example?: string;
  minArgs?: number;
  /** null: any number of arguments. */
  maxArgs?: number | null;
  /** Argument names of the functions written in Hog itself (arrayMap...). */
  params?: string[];
}

/** `supported_functions` of PostHog's Hog compiler for functions: async, run by the CDP worker. */
export const ASYNC_FUNCTIONS: HogFunctionDoc[] = [
  {
    name: 'fetch',
    // Ours, so translated (the VM package's descriptions are PostHog's own words): read when shown.
    get description() {
      return l10n.t(
        'Sends an HTTP request and waits for the answer: `{status, body}`, the body parsed as JSON when it is JSON. In a test run the request is mocked and logged instead.',
      );
    },
    example:
      "fetch('https://example.com/hook', {'method': 'POST', 'headers': {'Content-Type': 'application/json'}, 'body': {'event': event.event}})",
    minArgs: 1,
    maxArgs: 2,
    params: ['url', 'options'],
  },
  {
    name: 'postHogCapture',
    get description() {
      return l10n.t('Captures an event into this PostHog project: `{event, distinct_id, properties}`.');
    },
    example: "postHogCapture({'event': 'signed_up', 'distinct_id': event.distinct_id, 'properties': {}})",
    minArgs: 1,
    maxArgs: 1,
    params: ['event'],
  },
];

export class HogStdlib {
  private readonly byName: Map<string, HogFunctionDoc>;

  constructor(functions: HogFunctionDoc[]) {
    this.byName = new Map([...functions, ...ASYNC_FUNCTIONS].map((f) => [f.name, f]));
  }

  get(name: string): HogFunctionDoc | undefined {
    return this.byName.get(name);
  }

  all(): HogFunctionDoc[] {
    return [...this.byName.values()];
  }
}

/** The parameter names shown in a signature: PostHog's where it has them, else arg1, arg2...; variadic as `...args`. */
export function parameterLabels(fn: HogFunctionDoc): string[] {
  const min = fn.minArgs ?? 0;
  const max = fn.maxArgs === undefined ? min : fn.maxArgs;
  const count = max === null ? Math.max(min, 1) : max;
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = fn.params?.[i] ?? `arg${i + 1}`;
    labels.push(max === null && i === count - 1 ? `...${fn.params?.[i] ?? 'args'}` : i >= min ? `${name}?` : name);
  }
  return labels;
}

export function signatureLabel(fn: HogFunctionDoc): string {
  return `${fn.name}(${parameterLabels(fn).join(', ')})`;
}

/** "2 arguments", "1 to 3 arguments", "at least 1 argument". */
export function argumentCount(fn: HogFunctionDoc): string {
  const min = fn.minArgs ?? 0;
  const max = fn.maxArgs === undefined ? min : fn.maxArgs;
  if (max === null)
    return min === 0
      ? l10n.t('any number of arguments')
      : min === 1
        ? l10n.t('at least 1 argument')
        : l10n.t('at least {0} arguments', min);
  if (min === max) return min === 1 ? l10n.t('1 argument') : l10n.t('{0} arguments', min);
  return l10n.t('{0} to {1} arguments', min, max);
}

/** Markdown for hover and completion details: signature (unless shown already), description, example, argument count. */
export function functionMarkdown(fn: HogFunctionDoc, { signature = true } = {}): string {
  const parts = signature ? [`\`\`\`hog\n${signatureLabel(fn)}\n\`\`\``] : [];
  if (fn.description) parts.push(fn.description);
  if (fn.example) parts.push(l10n.t('Example: {0}', `\`${fn.example}\``));
  const where = ASYNC_FUNCTIONS.includes(fn)
    ? l10n.t("Async: runs in PostHog's CDP worker (destinations).")
    : l10n.t('Hog standard library.');
  parts.push(l10n.t('Takes {0}. {1}', argumentCount(fn), where));
  return parts.join('\n\n');
}
