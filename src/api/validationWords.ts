// A hog function save or test run PostHog refused, in words: which part of the function (PostHog's `attr`:
// `inputs__url` is input "url", `hog` the code, `filters` the filters), what is wrong (PostHog's `detail`, quoted as
// PostHog wrote it) and what to do. The error keeps PostHog's answer as it came (PostHogError.raw) for the log.
// Pure; translated with @vscode/l10n (src/api cannot import vscode).
import * as l10n from '@vscode/l10n';

/** The part of a hog function a refusal is about. */
export interface RefusedField {
  /** In words: `input "url"`, `the code`, `the filters`. */
  words: string;
  area: 'input' | 'code' | 'filters' | 'schema' | 'mapping' | 'masking' | 'request' | 'field';
  /** The input's key (`inputs__url`, `mappings__0__inputs__url`). */
  inputKey?: string;
}

const ordinal = (index: string | undefined) => Number(index ?? 0) + 1;
const dotted = (parts: string[]) => parts.join('.');

/**
 * PostHog's `attr` in words. A test run's refusals are about the configuration it sent (`configuration__inputs__url`):
 * the same field of the function.
 */
export function refusedField(attr: string): RefusedField {
  let parts = attr.split('__').filter(Boolean);
  if (parts[0] === 'configuration' && parts.length > 1) parts = parts.slice(1);
  const [head, second, third, fourth] = parts;
  switch (head) {
    case 'inputs':
      return second === undefined
        ? { words: l10n.t('the inputs'), area: 'input' }
        : { words: l10n.t('input "{0}"', second), area: 'input', inputKey: second };
    case 'hog':
      return { words: l10n.t('the code'), area: 'code' };
    case 'filters':
      return { words: l10n.t('the filters'), area: 'filters' };
    case 'inputs_schema':
      if (second === undefined) return { words: l10n.t('the input definitions'), area: 'schema' };
      return third === undefined
        ? { words: l10n.t('input definition {0}', ordinal(second)), area: 'schema' }
        : { words: l10n.t('input definition {0} ({1})', ordinal(second), dotted(parts.slice(2))), area: 'schema' };
    case 'mappings':
      if (second === undefined) return { words: l10n.t('the mappings'), area: 'mapping' };
      if (third === 'inputs' && fourth !== undefined)
        return { words: l10n.t('input "{0}" of mapping {1}', fourth, ordinal(second)), area: 'mapping' };
      if (third === 'filters') return { words: l10n.t('the filters of mapping {0}', ordinal(second)), area: 'mapping' };
      return { words: l10n.t('mapping {0}', ordinal(second)), area: 'mapping' };
    case 'masking':
      return second === undefined
        ? { words: l10n.t('the masking settings'), area: 'masking' }
        : { words: l10n.t('the masking setting "{0}"', dotted(parts.slice(1))), area: 'masking' };
    case 'configuration':
      return { words: l10n.t("the test run's configuration"), area: 'request' };
    case 'globals':
    case 'clickhouse_event':
      return { words: l10n.t("the test run's event"), area: 'request' };
    case 'name':
      return { words: l10n.t('the name'), area: 'field' };
    case 'type':
      return { words: l10n.t('the type'), area: 'field' };
    case 'enabled':
      return { words: l10n.t('the "enabled" setting'), area: 'field' };
    case 'template_id':
      return { words: l10n.t('the template'), area: 'field' };
    default:
      return { words: l10n.t('the field "{0}"', dotted(parts)), area: 'field' };
  }
}

const REQUIRED = /^This field is required\.?$|^This field may not be (?:null|blank)\.?$/;
/** Python's repr of DRF messages, which some views put into a message (`[ErrorDetail(string='…', code='…')]`). */
const ERROR_DETAIL = /ErrorDetail\(string=(['"])((?:\\.|(?!\1).)*)\1(?:, code=(['"])[^'"]*\3)?\)/g;

/** PostHog's words without Python's wrapping: the strings of `ErrorDetail(...)` reprs, else the text as it came. */
export function plainDetail(detail: string): string {
  const strings = [...detail.matchAll(ERROR_DETAIL)].map((m) => (m[2] ?? '').replace(/\\(['"\\])/g, '$1'));
  return strings.length ? strings.join(' ') : detail.trim();
}

/** What to do about a refusal of `field`: one sentence. */
function whatToDo(field: RefusedField, required: boolean): string {
  switch (field.area) {
    case 'input':
      if (field.inputKey === undefined) return l10n.t("Correct the function's inputs, then try again.");
      return required
        ? l10n.t('Give input "{0}" a value in the function\'s inputs, then try again.', field.inputKey)
        : l10n.t('Correct the value of input "{0}" in the function\'s inputs, then try again.', field.inputKey);
    case 'code':
      return l10n.t('Fix the code (Problems shows what the check finds), then try again.');
    case 'filters':
      return l10n.t("Correct the function's filters, then try again.");
    case 'schema':
      return l10n.t("Correct the function's input definitions (inputs_schema), then try again.");
    case 'mapping':
      return l10n.t("Correct the function's mappings, then try again.");
    case 'masking':
      return l10n.t("Correct the function's masking settings, then try again.");
    case 'request':
      return l10n.t('Check the test event and the function, then run the test again.');
    default:
      return required ? l10n.t('Fill it in, then try again.') : l10n.t('Correct it, then try again.');
  }
}

/**
 * A refusal of a hog function's save or test run in words: `in input "url", PostHog says "This field is required."
 * Give input "url" a value…`. Undefined without PostHog's `detail` (the caller then says what the status means).
 */
export function refusalInWords(body: {
  detail?: string;
  code?: string;
  attr?: string | null;
}): { reason: string; field?: RefusedField } | undefined {
  if (!body.detail) return undefined;
  const detail = plainDetail(body.detail);
  if (!body.attr) return { reason: l10n.t('PostHog says "{0}"', detail) };
  const field = refusedField(body.attr);
  const required = body.code === 'required' || body.code === 'null' || REQUIRED.test(detail);
  const says = l10n.t({
    message: 'in {0}, PostHog says "{1}"',
    args: [field.words, detail],
    comment: ['{0} the part of the function (input "url", the code, the filters), {1} what PostHog said'],
  });
  // `… says "This field is required."` ends its sentence; `… says "Invalid filters"` needs the period.
  return {
    reason: `${/[.!?]$/.test(detail) ? says : `${says}.`} ${whatToDo(field, required)}`,
    field,
  };
}
