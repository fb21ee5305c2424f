// Hog function metrics (§3.8) as PostHog's AppMetricsMixin computes them: `after`/`before` read by its relative date
// parser (`-24h`, `-7d`, `-1mStart`, an ISO date; text it cannot read means "now"), one label per interval from the
// start of `after`'s interval to `before`, ClickHouse buckets (weeks start on Monday), series only for breakdowns with
// rows in the window. Projects here are all in UTC, so the team's timezone and UTC agree.
import { findFunction } from './hogFunctions';
import { type FakeResponse, type RequestContext, ok, validationError } from './http';
import type { FakeHogFunction, FakeMetric } from './types';

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const INTERVAL_MS = { hour: HOUR, day: DAY, week: 7 * DAY } as const;
type Interval = keyof typeof INTERVAL_MS;

/** PostHog's `isoparse` (with the `strptime('%Y-%m-%d')` fallback): a naive time is in the team's timezone, UTC here. */
function isoDate(text: string): number | null {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      text,
    );
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, '0').slice(0, 3)),
  );
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d)) return null;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2) || '0') * 60e3);
  }
  return ms;
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/**
 * `relative_date_parse_with_delta_mapping`: the first `-?<n>?<kind><Start|End>?` in the text, subtracted from now
 * the way dateutil's relativedelta does it (absolute fields first, then months and years with the day clamped to
 * the month, then the rest). Kinds: h hours, d days, w weeks, m months, M minutes, s seconds, q 13 weeks, y years.
 */
export function relativeDate(text: string, now: number): number {
  const absolute = isoDate(text);
  if (absolute !== null) return absolute;
  const m = /-?(\d+)?([hdwmqysHDWMQY])(Start|End)?/.exec(text);
  if (!m) return now;
  const n = m[1] ? Number(m[1]) : 0;
  const kind = m[2] as string;
  const position = m[3];
  const d = new Date(now);
  let [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  let [hour, minute, second, milli] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
  let months = 0;
  let delta = 0;
  const start = position === 'Start';
  const end = position === 'End';
  switch (kind) {
    case 'h':
      delta = n * HOUR;
      if (start) [minute, second, milli] = [0, 0, 0];
      if (end) [minute, second, milli] = [59, 59, 999];
      break;
    case 'd':
      delta = n * DAY;
      if (start) [hour, minute, second, milli] = [0, 0, 0, 0];
      if (end) [hour, minute, second, milli] = [23, 59, 59, 999];
      break;
    case 'w':
      delta = n * 7 * DAY;
      break;
    case 'q':
      delta = n * 13 * 7 * DAY;
      break;
    case 'M':
      delta = n * 60e3;
      break;
    case 's':
      delta = n * 1e3;
      break;
    case 'm':
      months = n;
      if (start) day = 1;
      if (end) day = 31;
      break;
    case 'y':
      months = 12 * n;
      if (start) [month, day] = [0, 1];
      if (end) day = 31;
      break;
    default:
      // H, D, W, Q, Y match the pattern but map to no delta: now.
      break;
  }
  const total = year * 12 + month - months;
  [year, month] = [Math.floor(total / 12), total % 12];
  day = Math.min(day, daysInMonth(year, month));
  return Date.UTC(year, month, day, hour, minute, second, milli) - delta;
}

/** ClickHouse's toStartOfInterval and the labels' own normalisation: hour, day, or the Monday of the week. */
function intervalStart(ms: number, interval: Interval): number {
  const d = new Date(ms);
  if (interval === 'hour') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return interval === 'day' ? day : day - ((d.getUTCDay() + 6) % 7) * DAY;
}

const label = (ms: number, interval: Interval): string =>
  new Date(ms).toISOString().slice(0, interval === 'hour' ? 16 : 10);

function choiceParam<T extends string>(ctx: RequestContext, name: string, choices: readonly T[], fallback: T): T {
  const value = ctx.query.get(name);
  if (value === null) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw validationError(name, `"${value}" is not a valid choice.`, 'invalid_choice');
  return value as T;
}

/** `after`/`before` as the server passes them to ClickHouse: strftime to whole seconds. */
function bound(ctx: RequestContext, name: string, fallback: string | null, now: number): number | null {
  const text = ctx.query.get(name) ?? fallback;
  if (text === null) return null;
  // A DRF CharField refuses blank text.
  if (text === '') throw validationError(name, 'This field may not be blank.', 'blank');
  return Math.floor(relativeDate(text, now) / 1000) * 1000;
}

function selectMetrics(
  ctx: RequestContext,
  fn: FakeHogFunction,
  after: number | null,
  before: number | null,
): FakeMetric[] {
  const names = ctx.query.get('name')?.split(',');
  const kinds = ctx.query.get('kind')?.split(',');
  const instanceId = ctx.query.get('instance_id');
  return ctx.state.metrics.filter(
    (m) =>
      m.app_source_id === fn.id &&
      (after === null || Date.parse(m.timestamp) >= after) &&
      (before === null || Date.parse(m.timestamp) <= before) &&
      (!names || names.includes(m.metric_name)) &&
      (!kinds || kinds.includes(m.metric_kind)) &&
      (!instanceId || m.instance_id === instanceId),
  );
}

const breakdownOf = (ctx: RequestContext) => choiceParam(ctx, 'breakdown_by', ['kind', 'name'], 'kind');
const keyOf = (m: FakeMetric, breakdown: 'kind' | 'name') => (breakdown === 'kind' ? m.metric_kind : m.metric_name);

export function metrics(ctx: RequestContext, [id]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const interval = choiceParam(ctx, 'interval', ['hour', 'day', 'week'], 'day');
  const breakdown = breakdownOf(ctx);
  const now = Date.now();
  const after = bound(ctx, 'after', '-7d', now) as number;
  const before = bound(ctx, 'before', '-0d', now) as number;
  const buckets: number[] = [];
  for (let b = intervalStart(after, interval); b <= before; b += INTERVAL_MS[interval]) buckets.push(b);
  const series = new Map<string, number[]>();
  for (const m of selectMetrics(ctx, fn, after, before)) {
    const values = series.get(keyOf(m, breakdown)) ?? buckets.map(() => 0);
    const index = buckets.indexOf(intervalStart(Date.parse(m.timestamp), interval));
    if (index >= 0) values[index] = (values[index] ?? 0) + m.count;
    series.set(keyOf(m, breakdown), values);
  }
  return ok({
    labels: buckets.map((b) => label(b, interval)),
    // PostHog builds them from a Python set: no order is promised. Sorted here so runs compare.
    series: [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, values]) => ({ name, values })),
  });
}

export function metricsTotals(ctx: RequestContext, [id]: string[]): FakeResponse {
  const fn = findFunction(ctx, id ?? '');
  const breakdown = breakdownOf(ctx);
  const now = Date.now();
  const totals: Record<string, number> = {};
  // AppMetricsRequestSerializer defaults `after` to -7d for the totals too; `before` stays open.
  for (const m of selectMetrics(ctx, fn, bound(ctx, 'after', '-7d', now), bound(ctx, 'before', null, now))) {
    totals[keyOf(m, breakdown)] = (totals[keyOf(m, breakdown)] ?? 0) + m.count;
  }
  return ok({ totals });
}
