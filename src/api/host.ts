// The PostHog host a person typed, checked and normalised to an origin the API key may be sent to.
import * as l10n from '@vscode/l10n';
import { isIP } from 'node:net';

export const US_CLOUD = 'https://us.posthog.com';
export const EU_CLOUD = 'https://eu.posthog.com';

/** An IPv6 address as URL.hostname writes it, `[::1]`, without its brackets. */
export function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

export type HostResult = { ok: true; origin: string } | { ok: false; reason: string };

/** True for localhost, 127.0.0.0/8 and ::1: the only hosts where plain http:// cannot leak the key off the machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const bare = unbracket(hostname).toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Turns what a person typed as their PostHog host into an origin (`https://eu.posthog.com`):
 * paths, query strings and trailing slashes are dropped, case is normalised. Refuses anything the
 * API key should not be sent to: non-http(s) schemes, credentials in the URL, and plain http:// to
 * anything but this machine.
 */
export function normalizeHost(input: string): HostResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: l10n.t('Enter the PostHog host, e.g. https://us.posthog.com.') };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      reason: l10n.t('"{0}" is not a URL. Enter it with its scheme, e.g. https://posthog.example.com.', trimmed),
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: l10n.t('The host must be an https:// URL (got {0}).', url.protocol) };
  }
  if (url.username || url.password) {
    return { ok: false, reason: l10n.t('The host URL must not contain a user name or password.') };
  }
  if (!url.hostname) return { ok: false, reason: l10n.t('The host URL has no host name.') };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      ok: false,
      reason: l10n.t('Plain http:// would send your API key unencrypted; use https://{0} instead.', url.host),
    };
  }
  // URL already lowercases scheme and host and drops default ports; origin drops path, query and hash.
  return { ok: true, origin: url.origin };
}
