// A hog function's fields as a person names them ("the source", "filters"), for messages such as what a push sent,
// instead of PostHog's field names ("hog", "inputs_schema").
import * as l10n from '@vscode/l10n';

/** One field in words; a field PostHog adds later reads as its name with spaces. */
export function fieldWords(field: string): string {
  switch (field) {
    case 'hog':
      return l10n.t('source code');
    case 'name':
      return l10n.t('name');
    case 'description':
      return l10n.t('description');
    case 'enabled':
      return l10n.t('enabled or disabled');
    case 'execution_order':
      return l10n.t('execution order');
    case 'inputs_schema':
      return l10n.t('input definitions');
    case 'inputs':
      return l10n.t('inputs');
    case 'filters':
      return l10n.t('filters');
    case 'mappings':
      return l10n.t('mappings');
    case 'masking':
      return l10n.t('masking');
    default:
      return field.replace(/_/g, ' ');
  }
}

/** "source code, filters and inputs": fields in words, joined as a sentence part. */
export function fieldList(fields: readonly string[]): string {
  const words = fields.map(fieldWords);
  if (words.length <= 1) return words[0] ?? '';
  return l10n.t('{0} and {1}', words.slice(0, -1).join(', '), words[words.length - 1] as string);
}
