// Hints that say in words what a check only hints at: a global that is not there but is close to one that is
// ("Unknown global variable: evnt" → did you mean `event`?, with the fix), and a key the code reads that the sample
// it is tested with does not have (`event.properties.company` on an event without it reads null). Pure: the editor's
// checks and the command line's `check` use them.
import * as l10n from '@vscode/l10n';
import { isJsonObject } from '../../shared/json';
import type { Problem } from './notices';
import { propertyChains } from './scan';

const UNKNOWN_GLOBAL = /^Unknown global variable: '?([^'\s]+)'?$/;

/** Optimal string alignment distance (a swap of two neighbours counts as one edit), or Infinity beyond `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  const result = d[a.length]![b.length]!;
  return result > max ? Infinity : result;
}

/** The known name `name` is most likely a typo of: at most one edit for short names, two for longer ones. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const max = name.length <= 4 ? 1 : 2;
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) return undefined;
    const d = distance(name.toLowerCase(), candidate.toLowerCase(), max);
    if (d < (best?.d ?? Infinity)) best = { name: candidate, d };
  }
  return best?.name;
}

/** "Unknown global variable: evnt" gains "Did you mean `event`?" and a fix that replaces the name. */
export function explainUnknownGlobals<P extends Problem>(problems: P[], text: string, globals: readonly string[]): P[] {
  return problems.map((p) => {
    const name = UNKNOWN_GLOBAL.exec(p.message)?.[1];
    const suggestion = name && closestName(name, globals);
    if (!name || !suggestion) return p;
    const covered = text.slice(p.start, p.end);
    const message = `${p.message}. ${l10n.t('Did you mean `{0}`?', suggestion)}`;
    return covered.startsWith(name)
      ? { ...p, message, fix: suggestion + covered.slice(name.length) }
      : { ...p, message };
  });
}

/** What a global's sample is called in a hint. */
function sampleOf(root: string): string {
  switch (root) {
    case 'event':
      return l10n.t('the sample event');
    case 'person':
      return l10n.t("the sample event's person");
    case 'groups':
      return l10n.t("the sample event's groups");
    case 'inputs':
      return l10n.t("the function's inputs");
    default:
      return l10n.t('the sample globals');
  }
}

/**
 * A hint (a notice without a fix: faint dots, not in Problems) on each key the code reads that the sample globals it is
 * tested with do not have, where what holds it is there and is an object: the run reads null there.
 */
export function missingKeyHints(text: string, globals: Record<string, unknown>): Problem[] {
  const hints: Problem[] = [];
  for (const chain of propertyChains(text)) {
    if (chain.path.length < 2 || !Object.hasOwn(globals, chain.path[0]!)) continue;
    let value: unknown = globals[chain.path[0]!];
    for (let i = 1; i < chain.path.length; i++) {
      const key = chain.path[i]!;
      if (!isJsonObject(value)) break;
      if (!Object.hasOwn(value, key)) {
        const holder = chain.path.slice(0, i).join('.');
        hints.push({
          severity: 'notice',
          message: l10n.t(
            '{0} has no `{1}` in {2}, so here it reads null.',
            `\`${holder}\``,
            key,
            sampleOf(chain.path[0]!),
          ),
          start: chain.ranges[i]!.start,
          end: chain.ranges[i]!.end,
        });
        break;
      }
      value = value[key];
    }
  }
  return hints;
}
