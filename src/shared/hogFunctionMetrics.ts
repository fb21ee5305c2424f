// A hog function's runs as the overview charts them: the three time ranges and the query each sends to
// `hog_functions/:id/metrics/`, the series PostHog returns by metric name in a fixed order and colour, each read by
// PostHog's kind (run outcomes are stacked, counters of other things are not), their totals, the failure rate, and
// the labels of its time buckets in words. Pure: the host builds queries from it, the webview draws with it.
import * as l10n from '@vscode/l10n';
import { formatCount, formatPercent } from './format';

export const METRIC_RANGE_IDS = ['24h', '7d', '30d'] as const;
export type MetricRange = (typeof METRIC_RANGE_IDS)[number];

/** `after` and `interval` as PostHog's metrics endpoint reads them; one bucket per hour or per day. */
export const METRIC_RANGES = {
  '24h': { after: '-24h', interval: 'hour' },
  '7d': { after: '-7d', interval: 'day' },
  '30d': { after: '-30d', interval: 'day' },
} as const satisfies Record<MetricRange, { after: string; interval: 'hour' | 'day' }>;

/** A range in words: the chart's title ("Last 7 days") and its button ("7 days"). */
export function rangeWords(range: MetricRange): { title: string; button: string } {
  switch (range) {
    case '24h':
      return { title: l10n.t('Last 24 hours'), button: l10n.t('24 hours') };
    case '7d':
      return { title: l10n.t('Last 7 days'), button: l10n.t('7 days') };
    case '30d':
      return { title: l10n.t('Last 30 days'), button: l10n.t('30 days') };
  }
}
export const DEFAULT_RANGE: MetricRange = '24h';

/** Theme colours the webview maps to `--vscode-charts-*`. */
export type SeriesColor = 'green' | 'red' | 'grey' | 'orange' | 'purple' | 'blue' | 'yellow';

/**
 * PostHog's kind of a metric (`metric_kind` in app_metrics2: success, failure, other, email, sms, push, billing,
 * fetch, and more may come). Only `success` and `failure` are outcomes of the events a function was given; every
 * other kind counts something else (`triggered` invocations, `billable_invocation`s, `fetch` calls, emails sent...).
 */
export type MetricKind = string;

/**
 * The kind PostHog's CDP workers record each of these names with (nodejs/src/cdp, 2026-12), for series the host
 * could not ask PostHog about. A name not listed and without a kind from PostHog counts nothing the chart stacks:
 * it is shown, never added to the runs.
 */
const POSTHOG_KINDS: Readonly<Record<string, MetricKind>> = {
  succeeded: 'success',
  failed: 'failure',
  disabled_temporarily: 'failure',
  disabled_permanently: 'failure',
  rate_limited: 'failure',
  quota_limited: 'failure',
  filtering_failed: 'failure',
  inputs_failed: 'failure',
  trigger_failed: 'failure',
  missing_addon: 'failure',
  filtered: 'other',
  masked: 'other',
  triggered: 'other',
  early_exit: 'other',
  dropped: 'other',
  fetch: 'other',
  billable_invocation: 'billing',
};

/** A series' kind: PostHog's when the host asked for it, else the one PostHog records that name with. */
export function metricKind(name: string, kind?: MetricKind | null): MetricKind | undefined {
  if (kind) return kind;
  return POSTHOG_KINDS[name] ?? (name.startsWith('email_') ? 'email' : undefined);
}

/** The one name PostHog records for a run that failed; its other failure-kind names count events it did not run. */
const FAILED_RUN = 'failed';

/** How a series takes part in the chart: a run outcome (stacked) or a counter of something else (drawn as a line). */
export type SeriesRole = 'success' | 'failure' | 'counter';

export function seriesRole(name: string, kind?: MetricKind | null): SeriesRole {
  const k = metricKind(name, kind);
  return k === 'success' || k === 'failure' ? k : 'counter';
}

/**
 * Names PostHog records today, in the order they stack (successes at the bottom) and with the colour each keeps in
 * every range. Other names follow their kind's group, alphabetically, in the colours left over.
 */
const KNOWN_SERIES: readonly { name: string; color: SeriesColor }[] = [
  { name: 'succeeded', color: 'green' },
  { name: 'failed', color: 'red' },
  { name: 'disabled_temporarily', color: 'orange' },
  { name: 'disabled_permanently', color: 'purple' },
  { name: 'filtered', color: 'grey' },
  { name: 'masked', color: 'blue' },
  { name: 'triggered', color: 'grey' },
  { name: 'billable_invocation', color: 'blue' },
];
const SPARE_COLORS: readonly SeriesColor[] = ['yellow', 'blue', 'purple', 'orange'];
const ROLE_ORDER: readonly SeriesRole[] = ['success', 'failure', 'counter'];

export interface Series {
  name: string;
  values: number[];
  /** PostHog's kind of the metric, when the host asked for it. */
  kind?: MetricKind | null;
}

export interface SeriesInfo extends Series {
  /** PostHog's metric name in words: "Disabled temporarily". */
  label: string;
  color: SeriesColor;
  total: number;
  /** Run outcomes are stacked as runs; counters of other things are not. */
  role: SeriesRole;
}

/** "disabled_temporarily" → "Disabled temporarily", PostHog's own words for its metric names. */
export function metricLabel(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : l10n.t('(unnamed)');
}

/**
 * PostHog's series (in no promised order) in stacking order: successes, failures, then counters, each group with
 * PostHog's known names first; with labels, colours, totals and roles. Every series is kept, unknown names included.
 */
export function describeSeries(series: readonly Series[]): SeriesInfo[] {
  const rank = (name: string) => {
    const i = KNOWN_SERIES.findIndex((k) => k.name === name);
    return i === -1 ? KNOWN_SERIES.length : i;
  };
  const roled = series.map((s) => ({ s, role: seriesRole(s.name, s.kind) }));
  const sorted = roled.sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      rank(a.s.name) - rank(b.s.name) ||
      a.s.name.localeCompare(b.s.name),
  );
  let spare = 0;
  return sorted.map(({ s, role }) => ({
    ...s,
    label: metricLabel(s.name),
    color: KNOWN_SERIES.find((k) => k.name === s.name)?.color ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]!,
    total: s.values.reduce((sum, v) => sum + v, 0),
    role,
  }));
}

export interface FailureSummary {
  /** Runs that ended: every success-kind count plus failed runs. */
  runs: number;
  failed: number;
  /** failed / runs, or null without runs. */
  rate: number | null;
  /** Events PostHog counted as failures without running the code to the end: throttled, disabled, limited... */
  notRun: number;
}

/** The failure rate and the events not run, from PostHog's kind of each metric rather than from a list of names. */
export function failureSummary(series: readonly Series[]): FailureSummary {
  let succeeded = 0;
  let failed = 0;
  let notRun = 0;
  for (const s of series) {
    const total = s.values.reduce((a, b) => a + b, 0);
    const role = seriesRole(s.name, s.kind);
    if (role === 'success') succeeded += total;
    else if (role === 'failure' && s.name === FAILED_RUN) failed += total;
    else if (role === 'failure') notRun += total;
  }
  const runs = succeeded + failed;
  return { runs, failed, rate: runs ? failed / runs : null, notRun };
}

/**
 * A function's runs in one sentence, the same in the overview and above its logs: "Last 7 days: 735 of 6,158 runs
 * failed (11.9%); 24 events were not run because PostHog throttled, limited or disabled the function." A failure is a run
 * that failed; events PostHog did not run (throttled, limited or disabled) are said apart, never counted as failures.
 */
export function runsSentence(
  series: readonly Series[],
  title: string,
  type: string | undefined,
  locale?: string,
): string {
  if (!series.length) {
    return type?.startsWith('site_')
      ? l10n.t(
          "{0}: no runs recorded. Site functions run in visitors' browsers, so PostHog counts no runs for them.",
          title,
        )
      : l10n.t('{0}: no runs recorded.', title);
  }
  const { runs, failed, rate, notRun } = failureSummary(series);
  const parts = [
    rate === null
      ? l10n.t('{0}: no runs finished', title)
      : l10n.t(
          '{0}: {1} of {2} runs failed ({3})',
          title,
          formatCount(failed, locale),
          formatCount(runs, locale),
          formatPercent(rate, locale),
        ),
  ];
  if (notRun)
    parts.push(
      l10n.t(
        '{0} events were not run because PostHog throttled, limited or disabled the function',
        formatCount(notRun, locale),
      ),
    );
  return `${parts.join('; ')}.`;
}

const weekdays = () => [
  l10n.t('Sun'),
  l10n.t('Mon'),
  l10n.t('Tue'),
  l10n.t('Wed'),
  l10n.t('Thu'),
  l10n.t('Fri'),
  l10n.t('Sat'),
];
const months = () => [
  l10n.t('Jan'),
  l10n.t('Feb'),
  l10n.t('Mar'),
  l10n.t('Apr'),
  l10n.t('May'),
  l10n.t('Jun'),
  l10n.t('Jul'),
  l10n.t('Aug'),
  l10n.t('Sep'),
  l10n.t('Oct'),
  l10n.t('Nov'),
  l10n.t('Dec'),
];

/**
 * A bucket's label in words. PostHog's labels are the start of each interval in the project's timezone, without
 * the zone ("2026-12-01T14:00" hourly, "2026-12-01" daily), so they are read as written, never converted.
 */
export function bucketLabel(label: string): { short: string; long: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(label);
  if (!m) return { short: label, long: label };
  const [, y, mo, d, h, mi] = m;
  const weekday = weekdays()[new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay()] ?? '';
  const date = l10n.t('{day} {month}', { day: Number(d), month: months()[Number(mo) - 1] ?? mo ?? '' });
  if (h !== undefined) {
    const time = `${h}:${mi}`;
    return { short: time, long: l10n.t('{weekday} {date}, {time}', { weekday, date, time }) };
  }
  return { short: date, long: l10n.t('{weekday} {date} {year}', { weekday, date, year: y ?? '' }) };
}

/** Every series as long as the labels (missing buckets are 0, extra values dropped), so one odd series cannot skew the chart. */
export function alignSeries(labels: readonly string[], series: readonly Series[]): Series[] {
  return series.map((s) => ({
    name: s.name,
    ...(s.kind ? { kind: s.kind } : {}),
    values: labels.map((_, i) => {
      const v = s.values[i];
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
    }),
  }));
}
