// What a hog function's enabled flag and `status.state` (PostHog's hog watcher) mean for the person who owns it, in
// words, and what to do about each. One place for the overview panel's header and anything else that explains it.
import * as l10n from '@vscode/l10n';

/** How the state should look: ok (green), warning, error, off (switched off by the team), unknown. */
export const HEALTH_TONES = ['ok', 'warning', 'error', 'off', 'unknown'] as const;
export type HealthTone = (typeof HEALTH_TONES)[number];

export interface Health {
  /** A word or two for a badge: "Healthy", "Degraded". */
  label: string;
  tone: HealthTone;
  /** What is happening to the function's events. */
  meaning: string;
  /** What the owner can do about it. */
  advice: string;
}

/** PostHog's `HogFunctionState`: the watcher moves functions between 1, 2 and 3; 11 and 12 are set by PostHog staff. */
export const HEALTH_STATES = [0, 1, 2, 3, 11, 12] as const;

/** The words for each state, translated when asked for. */
function byState(state: number): Health | undefined {
  switch (state) {
    case 0:
      return {
        label: l10n.t('No health data yet'),
        tone: 'unknown',
        meaning: l10n.t(
          'PostHog has not rated this function yet, usually because it has not run since it was enabled.',
        ),
        advice: l10n.t('Nothing to do: the state appears once it runs. A test run shows whether it works meanwhile.'),
      };
    case 1:
      return {
        label: l10n.t('Healthy'),
        tone: 'ok',
        meaning: l10n.t('It runs normally: its runs are neither slow nor failing often enough to worry PostHog.'),
        advice: l10n.t('Nothing to do.'),
      };
    case 2:
      return {
        label: l10n.t('Degraded'),
        tone: 'warning',
        meaning: l10n.t(
          'Too many of its runs were slow or failed, so PostHog moved it to a slower lane: events reach it later than usual, and some may be held back.',
        ),
        advice: l10n.t(
          'Read the failed runs in the logs, fix the code or the service it calls, and save. It recovers on its own once its runs succeed again.',
        ),
      };
    case 3:
      return {
        label: l10n.t('Disabled by PostHog'),
        tone: 'error',
        meaning: l10n.t(
          'PostHog stopped running it after too many slow or failed runs. Events that match it are not sent anywhere (they count as "disabled permanently").',
        ),
        advice: l10n.t(
          'Fix the cause shown in the logs, then save a change to the function: PostHog runs it again, as degraded, until its runs succeed.',
        ),
      };
    case 11:
      return {
        label: l10n.t('Degraded by PostHog staff'),
        tone: 'warning',
        meaning: l10n.t(
          'A PostHog admin moved it to a separate, slower queue: its events may arrive late or fail more often.',
        ),
        advice: l10n.t('Contact PostHog support if you do not know why.'),
      };
    case 12:
      return {
        label: l10n.t('Disabled by PostHog staff'),
        tone: 'error',
        meaning: l10n.t('A PostHog admin stopped it: it runs for no events.'),
        advice: l10n.t('Contact PostHog support to have it turned back on.'),
      };
    default:
      return undefined;
  }
}

const switchedOff = (): Health => ({
  label: l10n.t('Disabled'),
  tone: 'off',
  meaning: l10n.t('It is switched off in this project and runs for no events.'),
  advice: l10n.t('Enable it when it should start processing events.'),
});

/**
 * The health of a function as PostHog reports it. A disabled function always reports state 0, so being switched off
 * is what it says then; a state PostHog adds later is named by its number rather than guessed at.
 */
export function functionHealth(f: { enabled: boolean; status?: { state: number } | null }): Health {
  if (!f.enabled) return switchedOff();
  const state = f.status?.state ?? 0;
  return (
    byState(state) ?? {
      label: l10n.t('State {0}', state),
      tone: 'unknown',
      meaning: l10n.t('PostHog reports a health state this extension does not know ({0}).', state),
      advice: l10n.t('Open the function in PostHog to see what it means.'),
    }
  );
}
