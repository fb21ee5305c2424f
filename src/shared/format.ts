// Numbers and times as every view shows them: in the user's locale and time zone, the same way in the editor's text
// documents (logs, test results) as in the panels, so "5,423" is never "5423" elsewhere and no view shows ISO UTC.
// `locale` is VS Code's display language in the extension host (vscode.env.language); a webview leaves it out
// and gets its own, which is the same. Times are shown in the machine's time zone in both.

const counts = new Map<string, Intl.NumberFormat>();
const percents = new Map<string, Intl.NumberFormat>();
const times = new Map<string, Intl.DateTimeFormat>();

function cached<T>(map: Map<string, T>, locale: string | undefined, make: (locales: string[] | undefined) => T): T {
  const key = locale ?? '';
  let value = map.get(key);
  if (!value) {
    let locales: string[] | undefined;
    try {
      locales = locale ? Intl.getCanonicalLocales(locale) : undefined;
    } catch {
      // A display language Intl does not know ("qps-ploc"): the runtime's own.
      locales = undefined;
    }
    value = make(locales);
    map.set(key, value);
  }
  return value;
}

/** 5423 → "5,423" (en), "5.423" (de). */
export function formatCount(n: number, locale?: string): string {
  return cached(counts, locale, (l) => new Intl.NumberFormat(l)).format(n);
}

/** 0.119 → "11.9%". */
export function formatPercent(ratio: number, locale?: string): string {
  return cached(
    percents,
    locale,
    (l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 1 }),
  ).format(ratio);
}

/** PostHog's ISO UTC time in the user's locale and time zone, to the second: "Dec 7, 2026, 8:00:00 AM". Unreadable text is kept. */
export function formatDateTime(iso: string, locale?: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return cached(times, locale, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'medium' })).format(
    time,
  );
}
