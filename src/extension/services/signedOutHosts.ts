// Which hosts' keys make the PostHog view signed in before the features have loaded (main.ts asks SecretStorage for
// each, and loads nothing when none has one). A host from workspace settings is not used until the user confirms it
// (session.ts), and the user's own host is used meanwhile: the key for either may be the one in use.
import { DEFAULT_HOST } from './constants';

/** The origins of `posthogWorkbench.host` as the settings merge it, and as the user's own settings have it. */
export function hostsThatMayBeSignedIn(merged: string | undefined, userValue: string | undefined): string[] {
  const origins = new Set<string>();
  for (const value of [merged, userValue]) {
    try {
      origins.add(new URL((value || DEFAULT_HOST).trim()).origin);
    } catch {
      // Not a URL: nothing is signed in there.
    }
  }
  return [...origins];
}
