// The webview's strings are translated as the extension's are (README, "Localisation"): each view calls `l10n.t`
// of @vscode/l10n with the English string, which is its key in l10n/bundle.l10n.json. The translations come from the
// host in the page (panels/webviewHtml.ts), so they are there before the first paint; without them (English, or a
// block that does not validate) every string is its English self.
import * as l10n from '@vscode/l10n';
import { describeIssues, L10N_ELEMENT_ID, l10nBundleSchema } from '../../shared/protocol/common';

/**
 * Hands the page's translations to `l10n.t`. Call it before anything renders. Returns why the block could not be
 * read, for the host's log, or undefined when it was read (or there is none).
 */
export function useHostTranslations(page: Pick<Document, 'getElementById'> = document): string | undefined {
  const text = page.getElementById(L10N_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'translations: not JSON';
  }
  const bundle = l10nBundleSchema.safeParse(json);
  if (!bundle.success) return `translations: ${describeIssues(bundle.error)}`;
  l10n.config({ contents: bundle.data });
  return undefined;
}
