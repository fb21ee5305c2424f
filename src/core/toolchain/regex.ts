// PostHog's VM leaves regular expressions to its host: the CDP worker matches with RE2. RE2's syntax is close to
// JavaScript's for what hog functions write; the differences handled here are its inline flags (`(?i)` is how the VM
// asks for a case-insensitive match). RE2 refuses look-around and back-references, which JavaScript accepts.

const cache = new Map<string, RegExp>();

/** A JavaScript RegExp for an RE2 pattern: leading inline flag groups (`(?i)`, `(?ism)`, `(?-ism)`) become flags. */
export function toRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let source = pattern;
  const flags = new Set<string>();
  for (;;) {
    const group = /^\(\?([imsU]*)(?:-([imsU]*))?\)/.exec(source);
    if (!group || group[0] === '(?)') break;
    for (const flag of group[1] ?? '') if (flag !== 'U') flags.add(flag);
    for (const flag of group[2] ?? '') flags.delete(flag);
    source = source.slice(group[0].length);
  }
  // RE2's \z (end of text) and \A (start of text).
  source = source.replace(/(^|[^\\])\\z/g, '$1$').replace(/(^|[^\\])\\A/g, '$1^');
  const regex = new RegExp(source, [...flags].join(''));
  if (cache.size > 500) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

/** What the VM takes as `external.regex`. */
export const regexSupport = {
  match: (pattern: string, value: string): boolean => toRegExp(pattern).test(value),
  extract: (pattern: string, value: string): string => {
    const match = toRegExp(pattern).exec(value);
    if (!match) return '';
    return match.length > 1 ? (match[1] ?? '') : (match[0] ?? '');
  },
};
