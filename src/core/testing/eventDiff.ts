// A transformation's test result as a change to the event: both sides as JSON in one stable key order (so VS Code's
// diff editor shows only what changed), and the changes in words for the result list. Pure.
import * as l10n from '@vscode/l10n';
import { canonicalJson, stableJson } from '../functions/stableJson';
import { isJsonObject } from '../../shared/json';

/**
 * Fields PostHog's test endpoint adds to the event it hands the transformation (the event as ingestion holds it). A
 * transformation cannot set them, so a diff that showed them would show something the code did not do.
 */
const INGESTION_FIELDS = ['ip', 'site_url', 'team_id', 'now'];
const EVENT_ORDER = ['event', 'distinct_id', 'uuid', 'timestamp', 'elements_chain', 'url', 'properties'];

/** The returned event without the fields only PostHog's pipeline adds (those the input had stay). */
export function returnedEvent(input: Record<string, unknown>, result: unknown): unknown {
  if (!isJsonObject(result)) return result;
  return Object.fromEntries(Object.entries(result).filter(([k]) => !INGESTION_FIELDS.includes(k) || k in input));
}

/** The text of one side of the diff; an event's own fields first, then everything alphabetically. */
export function eventJson(value: unknown): string {
  return stableJson(value, (path) => (path.length === 0 ? EVENT_ORDER : []));
}

export interface EventChange {
  /** `properties.$browser`, `event`… */
  path: string;
  kind: 'added' | 'removed' | 'changed';
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** What the transformation changed: each property, and the event's other fields. */
export function eventChanges(before: Record<string, unknown>, after: unknown): EventChange[] {
  if (!isJsonObject(after)) return [];
  const changes: EventChange[] = [];
  const compare = (prefix: string, a: Record<string, unknown>, b: Record<string, unknown>, skip: string[] = []) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (skip.includes(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (!(key in b)) changes.push({ path, kind: 'removed' });
      else if (!(key in a)) changes.push({ path, kind: 'added' });
      else if (!same(a[key], b[key])) changes.push({ path, kind: 'changed' });
    }
  };
  compare('', before, after, ['properties']);
  compare(
    'properties',
    isJsonObject(before.properties) ? before.properties : {},
    isJsonObject(after.properties) ? after.properties : {},
  );
  return changes;
}

/** "no changes", "event changed", "3 changes: $geoip_city_name added, email changed, $ip removed". */
export function describeChanges(changes: readonly EventChange[]): string {
  if (changes.length === 0) return l10n.t('no changes');
  const words = changes.map((c) => changeText(c.path.replace(/^properties\./, ''), c.kind));
  if (changes.length === 1) return words[0] as string;
  const shown = words.slice(0, 3).join(', ');
  return l10n.t('{0} changes: {1}', changes.length, `${shown}${changes.length > 3 ? '…' : ''}`);
}

function changeText(path: string, kind: EventChange['kind']): string {
  switch (kind) {
    case 'added':
      return l10n.t('{0} added', path);
    case 'removed':
      return l10n.t('{0} removed', path);
    case 'changed':
      return l10n.t('{0} changed', path);
  }
}
